"""催し's screens: the list (upcoming and past), an event's page, planning and editing it on a phone,
deleting with confirmation, participants and attendance, the invited person's answer, the agenda,
the ward's calendar (month, and iCalendar), the participants' .xlsx and the editable list of kinds."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from tsunagu.audit.models import AuditEntry
from tsunagu.events import access, calendar, exports, feeds, services
from tsunagu.events.forms import (
    HEAD_COUNT_KINDS,
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    CalendarForm,
    EventFilterForm,
    EventForm,
    HeadCountFormSet,
    KindForm,
    ParticipantsAddForm,
    SessionFormSet,
    head_counts_of,
)
from tsunagu.events.models import (
    AgendaItem,
    Answer,
    CalendarFeed,
    Event,
    EventKind,
    Participant,
    Session,
    can_edit_kinds,
    can_write_event_at,
    places_for_events,
)
from tsunagu.lib import dates
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment
from tsunagu.people import policy
from tsunagu.places.models import Kind, Place
from tsunagu.teams.models import Team


def _require_events(user) -> None:
    # Care managers and accounts without a role see none of the coordinators' events.
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _event(user, pk, *, change: bool = False) -> Event:
    events = Event.objects.changeable_by(user) if change else Event.objects.visible_to(user)
    return one_or_404(events.select_related("place", "kind", "venue", "created_by"), pk)


@login_required
def event_list(request):
    user = request.user
    _require_events(user)
    today = timezone.localdate()
    form = EventFilterForm(request.GET or None, user=user)
    events = form.filter(Event.objects.visible_to(user).select_related("place", "kind"), today)
    page = Paginator(events.prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date"))), 30)
    return render(request, "events/event_list.html", {
        "form": form, "page": page.get_page(request.GET.get("page")), "today": today,
        "past": form.is_bound and form.is_valid() and form.cleaned_data.get("when") == "past",
        "can_write": places_for_events(user).exists(),
        "liaison_kind": EventKind.objects.liaison().first(),
        "can_edit_kinds": can_edit_kinds(user, None) or _kind_wards(user).exists(),
    })


@login_required
def event_detail(request, pk: int):
    user = request.user
    event = _event(user, pk)
    can_edit = can_write_event_at(user, event.place)
    participants = list(event.participants.select_related("organisation", "listing", "account"))
    mine = next((p for p in participants if p.account_id == user.pk and p.invited_at), None)
    agenda = list(event.agenda_items.select_related("presenter"))
    return render(request, "events/event_detail.html", {
        "event": event, "can_edit": can_edit, "sessions": event.sessions.all(),
        "organisers": event.organisers.order_by("place__path", "name"), "agenda": agenda,
        "prepare": [item for item in agenda if services.can_prepare(user, item)],
        "participants": participants, "counts": _counts(event, participants), "mine": mine,
        "history": AuditEntry.objects.about(event)[:20] if can_edit else [],
    })


def _counts(event: Event, participants: list[Participant]) -> dict:
    return {
        "invited": sum(1 for p in participants if p.invited_at),
        "yes": sum(1 for p in participants if p.answer == Answer.YES),
        "no": sum(1 for p in participants if p.answer == Answer.NO),
        "waiting": sum(1 for p in participants if p.invited_at and not p.answer),
        "attended": sum(1 for p in participants if p.attendance == "attended"),
        "absent": sum(1 for p in participants if p.attendance == "absent"),
        "heads": event.head_counts.aggregate(n=Sum("number"))["n"] or 0,
    }


# --- Plan, edit, delete --------------------------------------------------------------------------


@login_required
def event_create(request):
    user = request.user
    if not places_for_events(user).exists():
        raise Http404
    kind = None
    if request.GET.get("kind", "").isdigit():
        kind = EventKind.objects.filter(pk=request.GET["kind"]).first()
    initial = EventForm.initial_for(user, kind=kind)
    if request.GET.get("team", "").isdigit():
        # 「このチームの会議を計画する」 on a team's page: the team chosen, held where the team is.
        team = Team.objects.visible_to(user).filter(pk=request.GET["team"]).select_related("place").first()
        if team is not None:
            initial["team"] = team
            if places_for_events(user).filter(pk=team.place_id).exists():
                initial["place"] = team.place
    return _edit(request, None, initial)


@login_required
def event_edit(request, pk: int):
    event = _event(request.user, pk, change=True)
    return _edit(request, event, EventForm.initial_for(request.user, event))


def _session_initial(event: Event | None) -> list[dict]:
    if event is None:
        return []
    return [{"date": s.date, "starts_at": s.starts_at, "ends_at": s.ends_at, "note": s.note}
            for s in event.sessions.all()]


def _edit(request, event: Event | None, initial: dict):
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, user=user, event=event, initial=initial)
    sessions = SessionFormSet(data, prefix="sessions", initial=_session_initial(event))
    conflict = None
    if data is not None and form.is_valid() and sessions.is_valid():
        kwargs = {**form.service_kwargs(), "sessions": sessions.sessions()}
        try:
            if event is None:
                saved = services.event_create(user=user, **kwargs)
            else:
                saved = services.event_update(user=user, event=event, seen_version=form.cleaned_data["version"],
                                              **kwargs)
        except PermissionDenied:
            raise Http404 from None
        except EditConflict as exc:
            conflict = _conflict(exc.current, form, sessions)
            # Saving again now saves this person's input over the other's, knowingly.
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("催し「%(title)s」を保存しました。") % {"title": saved.title})
            return redirect("events:detail", pk=saved.pk)
    return render(request, "events/event_form.html", {
        "form": form, "sessions": sessions, "event": event, "conflict": conflict,
    }, status=409 if conflict else 200)


def _conflict(current: Event, form: EventForm, sessions) -> list[dict]:
    """The fields where the saved event differs from this person's input, side by side."""
    current = Event.objects.select_related("place", "kind", "venue").get(pk=current.pk)
    data = form.cleaned_data
    rows = []
    for name in ("title", "kind", "place", "venue_text", "venue", "audience", "online_url", "description"):
        theirs, mine = getattr(current, name), data.get(name)
        if (theirs or "") != (mine or ""):
            rows.append({"label": form.fields[name].label, "theirs": theirs or "", "mine": mine or ""})
    theirs_days = [f"{s.date:%Y-%m-%d}" for s in current.sessions.all()]
    mine_days = [f"{s.date:%Y-%m-%d}" for s in sessions.sessions()]
    if theirs_days != mine_days:
        rows.append({"label": _("日程"), "theirs": "、".join(theirs_days), "mine": "、".join(mine_days)})
    saved = AuditEntry.objects.about(current).first()
    return {"rows": rows, "by": saved.actor_name if saved else "", "at": current.updated_at}


@login_required
def event_delete(request, pk: int):
    event = _event(request.user, pk, change=True)
    if request.method == "POST":
        try:
            services.event_delete(user=request.user, event=event)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("催し「%(title)s」を削除しました。") % {"title": event.title})
        return redirect("events:list")
    return render(request, "events/event_delete.html", {
        "event": event, "participants": event.participants.count(), "agenda": event.agenda_items.count(),
    })


# --- Participants and attendance -----------------------------------------------------------------


def _participants_page(request, event: Event, add_form=None, counts_form=None, status: int = 200):
    participants = list(event.participants.select_related("organisation", "listing", "account"))
    if counts_form is None:
        counts_form = HeadCountFormSet(prefix="heads", initial=[
            {"label": h.label, "number": h.number} for h in event.head_counts.all()])
    return render(request, "events/participants.html", {
        "event": event, "participants": participants, "counts": _counts(event, participants),
        "add_form": add_form or ParticipantsAddForm(user=request.user, event=event),
        "counts_form": counts_form, "head_count_kinds": HEAD_COUNT_KINDS,
    }, status=status)


@login_required
def participants(request, pk: int):
    event = _event(request.user, pk, change=True)
    if request.method == "POST":
        form = ParticipantsAddForm(request.POST, user=request.user, event=event)
        if form.is_valid():
            try:
                added = services.participants_add(user=request.user, event=event, **form.service_kwargs())
            except PermissionDenied:
                raise Http404 from None
            messages.success(request, _("%(n)s件を加えました。") % {"n": len(added)})
            return redirect("events:participants", pk=event.pk)
        return _participants_page(request, event, add_form=form, status=400)
    return _participants_page(request, event)


def _participant(user, event_pk, pk) -> Participant:
    event = _event(user, event_pk, change=True)
    participant = one_or_404(event.participants.select_related("organisation", "listing", "account"), pk)
    participant.event = event
    return participant


@login_required
@require_POST
def participant_attendance(request, pk: int, participant: int):
    """One tap on the day: 出席した / 欠席した / 未記録. htmx swaps the row; without it, back to the list."""
    p = _participant(request.user, pk, participant)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_mark(user=request.user, participant=p, attendance=form.cleaned_data["attendance"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(request, "events/_participant_row.html", {"event": p.event, "p": p})
    return redirect(reverse("events:participants", args=[pk]) + f"#p-{p.pk}")


@login_required
@require_POST
def participant_answer(request, pk: int, participant: int):
    """An organiser writes down an answer given by phone, fax or in person."""
    p = _participant(request.user, pk, participant)
    try:
        services.answer_record(user=request.user, participant=p, answer=request.POST.get("answer", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(request, "events/_participant_row.html", {"event": p.event, "p": p})
    return redirect(reverse("events:participants", args=[pk]) + f"#p-{p.pk}")


@login_required
def participant_remove(request, pk: int, participant: int):
    p = _participant(request.user, pk, participant)
    if request.method == "POST":
        services.participant_remove(user=request.user, participant=p)
        messages.success(request, _("「%(name)s」を参加者から外しました。") % {"name": p.display_name})
        return redirect("events:participants", pk=pk)
    return render(request, "events/participant_remove.html", {"event": p.event, "p": p})


@login_required
@require_POST
def head_counts(request, pk: int):
    event = _event(request.user, pk, change=True)
    formset = HeadCountFormSet(request.POST, prefix="heads")
    if not formset.is_valid():
        return _participants_page(request, event, counts_form=formset, status=400)
    try:
        services.head_counts_set(user=request.user, event=event, counts=head_counts_of(formset))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("人数を保存しました。"))
    return redirect(reverse("events:participants", args=[pk]) + "#heads")


@login_required
def participants_xlsx(request, pk: int):
    event = _event(request.user, pk)
    return attachment(exports.participants_workbook(event), exports.participants_filename(event))


# --- The invited person's answer -----------------------------------------------------------------


@login_required
def answer(request, pk: int):
    event = _event(request.user, pk)
    invitation = event.participants.filter(account=request.user, invited_at__isnull=False).first()
    if invitation is None:
        raise Http404
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            services.invitation_answer(user=request.user, participant=invitation, answer=form.cleaned_data["answer"])
            messages.success(request, _("「%(title)s」に%(answer)sと回答しました。") % {
                "title": event.title, "answer": invitation.get_answer_display()})
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/answer.html", {
        "event": event, "invitation": invitation, "sessions": event.sessions.all()})


# --- Agenda ----------------------------------------------------------------------------------


@login_required
def agenda_item_create(request, pk: int):
    event = _event(request.user, pk, change=True)
    return _agenda_form(request, event, None)


@login_required
def agenda_item_edit(request, pk: int, item: int):
    event = _event(request.user, pk)
    agenda_item = one_or_404(event.agenda_items.select_related("presenter"), item)
    if not can_write_event_at(request.user, event.place) and not services.can_prepare(request.user, agenda_item):
        raise Http404
    return _agenda_form(request, event, agenda_item)


def _agenda_form(request, event: Event, item: AgendaItem | None):
    organiser = can_write_event_at(request.user, event.place)
    initial = ({"title": item.title, "presenter": item.presenter, "presenter_name": item.presenter_name,
                "order": item.order, "prepared_note": item.prepared_note, "version": item.version} if item else {})
    form = AgendaItemForm(request.POST or None, event=event, organiser=organiser, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_save(user=request.user, event=event, item=item, seen_version=data["version"],
                                      title=data["title"], order=data["order"], presenter=data["presenter"],
                                      presenter_name=data["presenter_name"], prepared_note=data["prepared_note"])
        except PermissionDenied:
            raise Http404 from None
        except EditConflict as exc:
            conflict = exc.current
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("議題を保存しました。"))
            return redirect(reverse("events:detail", args=[event.pk]) + "#agenda")
    return render(request, "events/agenda_item_form.html", {
        "event": event, "item": item, "form": form, "organiser": organiser, "conflict": conflict,
    }, status=409 if conflict else 200)


@login_required
def agenda_item_delete(request, pk: int, item: int):
    event = _event(request.user, pk, change=True)
    agenda_item = one_or_404(event.agenda_items.all(), item)
    if request.method == "POST":
        services.agenda_item_delete(user=request.user, item=agenda_item)
        messages.success(request, _("議題「%(title)s」を削除しました。") % {"title": agenda_item.title})
        return redirect(reverse("events:detail", args=[event.pk]) + "#agenda")
    return render(request, "events/agenda_item_delete.html", {"event": event, "item": agenda_item})


# --- The ward's calendar ---------------------------------------------------------------------


def _calendar_ward(request) -> tuple[CalendarForm, Place, date]:
    user = request.user
    _require_events(user)
    form = CalendarForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and "ward" in form.errors:
        raise Http404  # a ward this person does not read: nothing to tell about it
    ward = data.get("ward") or (form.wards[0] if form.wards else None)
    if ward is None:
        raise Http404
    month = calendar.month_of(data.get("month"), timezone.localdate())
    return form, ward, month


# Sunday first, as Japanese wall calendars are.
WEEKDAYS = [gettext_lazy("日"), gettext_lazy("月"), gettext_lazy("火"), gettext_lazy("水"), gettext_lazy("木"),
            gettext_lazy("金"), gettext_lazy("土")]


@login_required
def calendar_month(request):
    form, ward, month = _calendar_ward(request)
    events = calendar.events_of_month(request.user, ward, month)
    return render(request, "events/calendar.html", {
        "form": form, "ward": ward, "month": month, "weeks": calendar.weeks(month, events),
        "days": calendar.days_with_events(month, events), "today": timezone.localdate(),
        "previous": calendar.shift(month, -1), "next": calendar.shift(month, 1), "weekdays": WEEKDAYS,
        "month_label": dates.month_name(month.year, month.month),
    })


@login_required
def calendar_ics(request):
    """The ward's events from three months back, for a calendar application."""
    _form, ward, _month = _calendar_ward(request)
    events = calendar.events_for_ics(request.user, ward, timezone.localdate())
    return _ics(calendar.ics(events, name=_("%(ward)sの催し") % {"ward": ward.name}, base=request.build_absolute_uri("/")),
                f"events-{ward.code or ward.pk}.ics")


@login_required
def calendar_feed(request):
    """購読: make, show once, or stop one's private address for the ward's calendar."""
    _form, ward, _month = _calendar_ward(request)
    user, token = request.user, None
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            for feed in CalendarFeed.objects.active().filter(user=user, ward=ward):
                feeds.feed_revoke(user=user, feed=feed)
            messages.success(request, _("購読を止めました。カレンダーアプリには、これまでの予定も届かなくなります。"))
            return redirect(f"{reverse('events:calendar_feed')}?ward={ward.pk}")
        _feed, token = feeds.feed_create(user=user, ward=ward)
    current = CalendarFeed.objects.active().filter(user=user, ward=ward).first()
    address = request.build_absolute_uri(reverse("events:feed", args=[token])) if token else ""
    response = render(request, "events/calendar_feed.html", {"ward": ward, "current": current, "address": address})
    # The address is a key: shown once, never kept by a browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def feed(request, token: str):
    """What a calendar application reads (no login: the address is the key, see events/feeds.py)."""
    found = feeds.feed_for(token)
    if found is None:
        raise Http404
    feeds.mark_read(found)
    events = calendar.events_for_ics(found.user, found.ward, timezone.localdate())
    response = HttpResponse(calendar.ics(events, name=_("%(ward)sの催し") % {"ward": found.ward.name},
                                         base=request.build_absolute_uri("/")),
                            content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def event_ics(request, pk: int):
    event = _event(request.user, pk)
    return _ics(calendar.ics([event], name=event.title, base=request.build_absolute_uri("/")), f"event-{event.pk}.ics")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The editable list of kinds --------------------------------------------------------------


def _kind_wards(user):
    return policy.places_where(user, access.WRITE).filter(kind=Kind.WARD)


@login_required
def kind_list(request):
    user = request.user
    defaults_editable = can_edit_kinds(user, None)
    wards = list(_kind_wards(user).defer("boundary").order_by("code"))
    if not defaults_editable and not wards:
        raise Http404
    chosen = next((w for w in wards if str(w.pk) == request.GET.get("ward")), wards[0] if wards else None)
    lists = [{"ward": None, "editable": defaults_editable, "kinds": EventKind.objects.filter(ward=None)}]
    if chosen is not None:
        lists.append({"ward": chosen, "editable": True, "kinds": EventKind.objects.filter(ward=chosen)})
    return render(request, "events/kind_list.html", {"lists": lists, "wards": wards, "chosen": chosen})


@login_required
def kind_create(request):
    ward = None
    if pk := request.GET.get("ward") or request.POST.get("ward"):
        ward = _kind_wards(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
        if ward is None:
            raise Http404
    if not can_edit_kinds(request.user, ward):
        raise Http404
    return _kind_form(request, None, ward)


@login_required
def kind_edit(request, pk: int):
    kind = one_or_404(EventKind.objects.select_related("ward"), pk)
    if not can_edit_kinds(request.user, kind.ward):
        raise Http404
    return _kind_form(request, kind, kind.ward)


def _kind_form(request, kind: EventKind | None, ward: Place | None):
    initial = {"name": kind.name, "order": kind.order, "active": kind.active} if kind else None
    form = KindForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_save(user=request.user, kind=kind, ward=ward, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("events:kinds") + (f"?ward={ward.pk}" if ward else ""))
    return render(request, "events/kind_form.html", {"form": form, "kind": kind, "ward": ward})
