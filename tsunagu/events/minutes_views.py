"""議事録・フォローアップ・振り返り (an event's minutes, follow-ups and review) and its papers.

The organiser's side (those who may change the event) writes the minutes per agenda item, gives
follow-ups to people and writes the review, during or after the event; whoever sees the event
reads them. A follow-up's owner sees it wherever the event is, and marks it 対応中 / 完了 — from
the follow-up's page or straight from わたしのやること (/todo/), which posts here and comes back.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.models import AuditEntry
from tsunagu.events import minutes_services as services
from tsunagu.events import papers
from tsunagu.events.minutes_forms import FollowUpForm, MinutesForm, ReviewForm, StatusForm, TextsForm
from tsunagu.events.models import Event, FollowUp, FollowUpStatus, Review
from tsunagu.lib import conflicts
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment


def _event(user, pk: int, *, change: bool = False) -> Event:
    events = Event.objects.changeable_by(user) if change else Event.objects.visible_to(user)
    return one_or_404(events.select_related("place", "kind"), pk)


def _followup(user, pk: int, *, change: bool = False) -> FollowUp:
    followups = FollowUp.objects.changeable_by(user) if change else FollowUp.objects.visible_to(user)
    return one_or_404(followups.select_related("event__place", "agenda_item", "owner", "organisation"), pk)


@login_required
def minutes_page(request, pk: int):
    event = _event(request.user, pk)
    today = timezone.localdate()
    parts = papers.parts(event)
    return render(request, "events/minutes/minutes.html", {
        "event": event, "parts": parts, "followups": [f for part in parts for f in part.followups], "attendance": papers.attendance(event),
        "review": Review.objects.filter(event=event).first(), "today": today,
        "can_organise": services.can_organise(request.user, event),
        "reply_by": papers.default_reply_by(event), "sessions": papers.sessions_text(event),
    })


# --- minutes and review: texts, saved against their version ------------------------------------


def _texts_fields(form_class: type[TextsForm]) -> list[conflicts.Field]:
    return [conflicts.text_field(name, form_class.base_fields[name].label) for name in form_class.TEXTS]


def _saved_state(record, form_class) -> conflicts.Saved:
    state = {name: getattr(record, name) for name in form_class.TEXTS}
    return conflicts.Saved(state, record.version, record.updated_by_name, record.updated_at)


def _texts_edit(request, event: Event, *, form_class, record, save, title: str, back: str, prepared: str = ""):
    """The edit page of minutes or a review, and the conflict screen when someone saved first."""
    if request.method == "POST" and "resolve" in request.POST:
        return _texts_resolve(request, event, form_class=form_class, record=record, save=save, title=title, back=back)
    form = form_class(request.POST or None, initial=form_class.initial_for(record))
    if request.method == "POST" and form.is_valid():
        try:
            save(form.state(), form.cleaned_data.get("version"))
        except EditConflict as exc:
            conflict = conflicts.build(_texts_fields(form_class), mine=form.state(), base=form.base_state(),
                                       base_version=None, theirs=_saved_state(exc.current, form_class))
            return _texts_conflict(request, event, conflict, title=title, back=back)
        messages.success(request, _("「%(title)s」を保存しました。") % {"title": title})
        return redirect(back)
    return render(request, "events/minutes/texts_form.html", {"event": event, "form": form, "title": title,
                                                              "back": back, "prepared": prepared})


def _texts_resolve(request, event, *, form_class, record, save, title, back):
    mine, seen, _base = conflicts.posted(request.POST)
    mine = {name: conflicts.clean_text(mine.get(name)) for name in form_class.TEXTS}
    current = type(record).objects.filter(pk=record.pk).first() if record.pk else None
    if current is None:
        raise Http404
    conflict = conflicts.build(_texts_fields(form_class), mine=mine, base=None, base_version=None,
                               theirs=_saved_state(current, form_class))
    if seen != current.version:
        conflict.errors = [str(EditConflict(current))]
        return _texts_conflict(request, event, conflict, title=title, back=back)
    chosen = conflicts.resolve(conflict, request.POST)
    if chosen is None:
        return _texts_conflict(request, event, conflict, title=title, back=back)
    try:
        save(chosen, seen)
    except EditConflict as exc:
        return _texts_conflict(request, event, conflicts.build(
            _texts_fields(form_class), mine=chosen, base=None, base_version=None,
            theirs=_saved_state(exc.current, form_class)), title=title, back=back)
    messages.success(request, _("「%(title)s」を保存しました。") % {"title": title})
    return redirect(back)


def _texts_conflict(request, event, conflict, *, title, back):
    return render(request, "events/minutes/texts_conflict.html", {
        "event": event, "conflict": conflict, "title": title, "action": request.path, "back": back,
    }, status=409)


def _organiser_event(user, pk: int) -> Event:
    event = _event(user, pk)
    if not services.can_organise(user, event):
        raise Http404
    return event


@login_required
def minutes_edit(request, pk: int, item: int | None = None):
    user = request.user
    event = _organiser_event(user, pk)
    agenda_item = one_or_404(event.agenda_items.all(), item) if item is not None else None
    record = services.minutes_for(event, agenda_item)
    name = agenda_item.title if agenda_item else _("全体・その他")
    anchor = f"item-{agenda_item.pk}" if agenda_item else "item-general"

    def save(state: dict, seen):
        try:
            return services.minutes_save(user=user, event=event, agenda_item=agenda_item, seen_version=seen, **state)
        except PermissionDenied:
            raise Http404 from None

    return _texts_edit(request, event, form_class=MinutesForm, record=record, save=save,
                       title=_("議事録：%(name)s") % {"name": name},
                       back=reverse("events:minutes", args=[event.pk]) + f"#{anchor}",
                       # What the presenter prepared beforehand, beside the minutes being written.
                       prepared=agenda_item.prepared_note if agenda_item else "")


@login_required
def review_edit(request, pk: int):
    user = request.user
    event = _organiser_event(user, pk)
    record = Review.objects.filter(event=event).first() or Review(event=event)

    def save(state: dict, seen):
        try:
            return services.review_save(user=user, event=event, seen_version=seen, **state)
        except PermissionDenied:
            raise Http404 from None

    return _texts_edit(request, event, form_class=ReviewForm, record=record, save=save, title=_("振り返り"),
                       back=reverse("events:minutes", args=[event.pk]) + "#review")


# --- follow-ups ------------------------------------------------------------------------------


@login_required
def followup_create(request, pk: int):
    user = request.user
    event = _organiser_event(user, pk)
    initial = {}
    if (item := request.GET.get("item", "")).isdigit():
        initial["agenda_item"] = event.agenda_items.filter(pk=item).first()
    form = FollowUpForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.followup_create(user=user, event=event, **form.service_kwargs())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("フォローアップ「%(what)s」を%(who)sさんに頼みました。") % {
                "what": followup.what, "who": followup.owner_name})
            return redirect(reverse("events:minutes", args=[event.pk]) + "#followups")
    return render(request, "events/minutes/followup_form.html", {"event": event, "form": form, "followup": None})


@login_required
def followup_detail(request, pk: int):
    followup = _followup(request.user, pk)
    event = followup.event
    can_organise = services.can_organise(request.user, event)
    return render(request, "events/minutes/followup_detail.html", {
        "followup": followup, "event": event, "can_organise": can_organise,
        "can_set_status": services.can_set_status(request.user, followup),
        "event_visible": Event.objects.visible_to(request.user).filter(pk=event.pk).exists(),
        "overdue": followup.overdue(timezone.localdate()),
        "history": AuditEntry.objects.about(followup)[:20] if can_organise else [],
    })


@login_required
def followup_edit(request, pk: int):
    user = request.user
    followup = _followup(user, pk, change=True)
    event = followup.event
    initial = {"what": followup.what, "owner": followup.owner, "due": followup.due,
               "agenda_item": followup.agenda_item, "organisation": followup.organisation,
               "status": followup.status, "version": followup.version}
    form = FollowUpForm(request.POST or None, event=event, editing=True, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_update(user=user, followup=followup, seen_version=form.cleaned_data.get("version"),
                                     status=form.cleaned_data["status"], **form.service_kwargs())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc)
        except EditConflict as exc:
            # What was typed stays in the form; what was saved meanwhile is shown above it, and the
            # next save is made knowingly against it.
            current = exc.current
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = FollowUpForm(data, event=event, editing=True)
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("フォローアップ「%(what)s」を保存しました。") % {"what": followup.what})
            return redirect("events:followup_detail", pk=followup.pk)
    return render(request, "events/minutes/followup_form.html", {
        "event": event, "form": form, "followup": followup, "current": current,
    }, status=409 if current is not None else 200)


@login_required
def followup_delete(request, pk: int):
    followup = _followup(request.user, pk, change=True)
    event = followup.event
    if request.method == "POST":
        services.followup_delete(user=request.user, followup=followup)
        messages.success(request, _("フォローアップ「%(what)s」を削除しました。") % {"what": followup.what})
        return redirect(reverse("events:minutes", args=[event.pk]) + "#followups")
    return render(request, "events/minutes/followup_delete.html", {"followup": followup, "event": event})


@login_required
@require_POST
def followup_status(request, pk: int):
    """対応中 / 完了 / 未着手 (a note optional), by the owner or an organiser; back to where it was
    pressed (わたしのやること or the follow-up's page)."""
    followup = _followup(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid() or not services.can_set_status(request.user, followup):
        raise Http404
    saved = services.followup_set_status(user=request.user, followup=followup, **form.cleaned_data)
    messages.success(request, _("「%(what)s」を「%(status)s」にしました。") % {
        "what": saved.what, "status": saved.get_status_display()})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("events:followup_detail", args=[saved.pk])
    if saved.is_done and back == reverse("todo"):
        # A tap on the wrong card: わたしのやること offers to take it back (tsunagu/home/todo_views.py).
        request.session["todo_undo"] = {"url": request.path, "title": saved.what, "status": FollowUpStatus.DOING}
    return redirect(back)


# --- papers -------------------------------------------------------------------------------------


def _pdf_response(rendered, name: str) -> HttpResponse:
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


def _reply_by(request, event: Event) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("reply_by", ""))
    except ValueError:
        return papers.default_reply_by(event)


@login_required
def invitation_pdf(request, pk: int):
    event = _event(request.user, pk)
    contact = request.GET.get("contact", "").strip()[:200]
    rendered = papers.invitation_pdf(event, reply_by=_reply_by(request, event), contact=contact)
    return _pdf_response(rendered, papers.filename(event, _("案内状"), "pdf"))


@login_required
def minutes_pdf(request, pk: int):
    event = _event(request.user, pk)
    return _pdf_response(papers.minutes_pdf(event), papers.filename(event, _("議事録"), "pdf"))


@login_required
def minutes_xlsx(request, pk: int):
    event = _event(request.user, pk)
    return attachment(papers.minutes_workbook(event), papers.filename(event, _("議事録"), "xlsx"))
