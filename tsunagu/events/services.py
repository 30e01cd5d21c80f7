"""Every write to 催し: keyword-only, in one transaction, checked against the policy, recorded in
the audit log (操作の記録)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from datetime import time as Time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.directory.models import Listing
from tsunagu.events.models import (
    AgendaItem,
    Answer,
    Attendance,
    Event,
    EventKind,
    HeadCount,
    Participant,
    Session,
    can_edit_kinds,
    can_write_event_at,
)
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.people.models import Organisation, User
from tsunagu.places.models import Kind, Place
from tsunagu.teams.models import Team

AUDIT_ACTIONS = {
    "calendar_feed.create": gettext_lazy("カレンダーの購読用アドレスを作成"),
    "calendar_feed.revoke": gettext_lazy("カレンダーの購読を停止"),
    "event.create": gettext_lazy("催しを登録"),
    "event.update": gettext_lazy("催しを変更"),
    "event.delete": gettext_lazy("催しを削除"),
    "event.agenda": gettext_lazy("催しの議題を変更"),
    "event.participants": gettext_lazy("催しの参加者を変更"),
    "event.attendance": gettext_lazy("催しの出欠を記録"),
    "event.answer": gettext_lazy("催しの案内に回答"),
    "event_kind.create": gettext_lazy("催しの種類を追加"),
    "event_kind.update": gettext_lazy("催しの種類を変更"),
}


@dataclass(frozen=True)
class SessionData:
    date: Date
    starts_at: Time | None = None
    ends_at: Time | None = None
    note: str = ""


def _ward(place: Place) -> Place | None:
    return place if place.kind == Kind.WARD else place.ancestor_of_kind(Kind.WARD)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _check(user, *, place: Place, kind: EventKind | None, event: Event | None, sessions: list[SessionData]) -> None:
    if not can_write_event_at(user, place):
        raise PermissionDenied
    errors = []
    if kind is not None:
        # A kind since taken out of use stays on the events that have it.
        allowed = EventKind.objects.for_ward(_ward(place)).filter(pk=kind.pk)
        kept = event is not None and event.kind_id == kind.pk
        if not (kept and allowed.exists()) and not allowed.active().exists():
            errors.append(_("種類「%(name)s」はこの地域では選べません。") % {"name": kind.name})
    if not sessions:
        errors.append(_("日付を一つ以上入れてください。"))
    for s in sessions:
        if s.starts_at and s.ends_at and s.ends_at <= s.starts_at:
            errors.append(_("%(date)sの終了時刻は開始時刻より後にしてください。") % {"date": f"{s.date:%Y-%m-%d}"})
    if errors:
        raise ValidationError(errors)


def _apply(event: Event, *, place: Place, kind, title: str, venue: Listing | None, venue_text: str, online_url: str,
           audience: str, description: str, team: Team | None = None) -> None:
    title = _clean(title)
    if not title:
        raise ValidationError(_("催しの名前を書いてください。"))
    if team is not None and team.pk != event.team_id:
        # A team of the event's own ward, one the writer reads (a team kept from before stays).
        ward = _ward(place)
        if ward is None or not team.place.path.startswith(ward.path):
            raise ValidationError(_("チーム・ネットワーク「%(name)s」はこの地域の催しには選べません。") % {"name": team.name})
    event.team = team
    event.place, event.kind, event.title = place, kind, title
    event.venue, event.venue_text = venue, _clean(venue_text)
    event.online_url, event.audience = (online_url or "").strip(), _clean(audience)
    event.description = (description or "").strip()


def _set_sessions(event: Event, sessions: list[SessionData]) -> None:
    event.sessions.all().delete()
    Session.objects.bulk_create([Session(event=event, date=s.date, starts_at=s.starts_at, ends_at=s.ends_at,
                                         note=_clean(s.note)) for s in sessions])
    span = event.sessions.aggregate(first=Min("date"), last=Max("date"))
    Event.objects.filter(pk=event.pk).update(starts_on=span["first"], ends_on=span["last"])
    event.starts_on, event.ends_on = span["first"], span["last"]


def _sessions_text(sessions: Iterable) -> list[str]:
    out = []
    for s in sessions:
        text = f"{s.date:%Y-%m-%d}"
        if s.starts_at:
            text += f" {s.starts_at:%H:%M}"
        if s.ends_at:
            text += f"–{s.ends_at:%H:%M}"
        out.append(text)
    return sorted(out)


AUDITED = ["place", "kind", "title", "team", "venue", "venue_text", "online_url", "audience", "description"]


def _snapshot(event: Event) -> dict:
    data = {str(Event._meta.get_field(n).verbose_name): v for n, v in audit.snapshot(event, AUDITED).items()}
    if event.pk:
        data[str(_("日程"))] = _sessions_text(event.sessions.all())
        data[str(_("主催・共催"))] = sorted(o.name for o in event.organisers.all())
    return data


def _check_team(user, team: Team | None) -> None:
    if team is not None and not Team.objects.visible_to(user).filter(pk=team.pk).exists():
        raise ValidationError(_("チーム・ネットワーク「%(name)s」はこの地域の催しには選べません。") % {"name": team.name})


def _check_links(user, event_place: Place, organisers, venue) -> None:
    """Organisers: any organisation of the event's ward or of the city (区社協, 区役所, CPs, a taxi
    company registered for the ward); a venue: a listing of the ward."""
    ward = _ward(event_place)
    scope = ward.path if ward is not None else event_place.root_path
    outside = [o.name for o in organisers if not (o.place.path.startswith(scope) or o.place.parent_id is None)]
    if venue is not None and not venue.place.path.startswith(scope):
        outside.append(venue.name)
    if outside:
        raise ValidationError(_("この区の外の団体・会場は選べません：%(names)s") % {"names": "、".join(outside)})


@transaction.atomic
def event_create(*, user, place: Place, kind: EventKind | None, title: str, sessions: list[SessionData],
                 organisers: Iterable[Organisation] = (), venue: Listing | None = None, venue_text: str = "",
                 online_url: str = "", audience: str = "", description: str = "", team: Team | None = None) -> Event:
    sessions = list(sessions)
    organisers = list(organisers)
    _check(user, place=place, kind=kind, event=None, sessions=sessions)
    _check_links(user, place, organisers, venue)
    _check_team(user, team)
    event = Event(created_by=user if getattr(user, "pk", None) else None)
    _apply(event, place=place, kind=kind, title=title, venue=venue, venue_text=venue_text, online_url=online_url,
           audience=audience, description=description, team=team)
    event.save()
    event.organisers.set(organisers)
    _set_sessions(event, sessions)
    audit.record(actor=user, action="event.create", target=event, place=place,
                 changes={k: [None, v] for k, v in _snapshot(event).items() if v not in ("", None, [])})
    return event


@transaction.atomic
def event_update(*, user, event: Event, seen_version: int | None, place: Place, kind: EventKind | None, title: str,
                 sessions: list[SessionData], organisers: Iterable[Organisation] = (), venue: Listing | None = None,
                 venue_text: str = "", online_url: str = "", audience: str = "", description: str = "",
                 team: Team | None = None) -> Event:
    sessions = list(sessions)
    organisers = list(organisers)
    if not can_write_event_at(user, event.place):
        raise PermissionDenied
    _check(user, place=place, kind=kind, event=event, sessions=sessions)
    _check_links(user, place, organisers, venue)
    if team is not None and team.pk != event.team_id:
        _check_team(user, team)
    before = _snapshot(Event.objects.get(pk=event.pk))
    _apply(event, place=place, kind=kind, title=title, venue=venue, venue_text=venue_text, online_url=online_url,
           audience=audience, description=description, team=team)
    save_if_unchanged(event, seen_version)
    event.organisers.set(organisers)
    _set_sessions(event, sessions)
    changes = audit.diff(before, _snapshot(event))
    if changes:
        audit.record(actor=user, action="event.update", target=event, place=event.place, changes=changes)
    return event


@transaction.atomic
def event_delete(*, user, event: Event) -> None:
    if not can_write_event_at(user, event.place):
        raise PermissionDenied
    audit.record(actor=user, action="event.delete", target=event, place=event.place,
                 changes={k: [v, None] for k, v in _snapshot(event).items() if v not in ("", None, [])})
    event.delete()


# --- Agenda -----------------------------------------------------------------------------------


def can_prepare(user, item: AgendaItem) -> bool:
    """The person who reports an item writes what they prepared, even where they do not write the
    event itself (a 2層Co's report for the ward's liaison meeting)."""
    return item.presenter_id is not None and item.presenter_id == getattr(user, "pk", None)


@transaction.atomic
def agenda_item_save(*, user, event: Event, item: AgendaItem | None, seen_version: int | None, title: str,
                     order: int | None = None, presenter: User | None = None, presenter_name: str = "",
                     prepared_note: str = "") -> AgendaItem:
    """Add or change an agenda item. Those who write the event change everything; the presenter
    only their prepared note."""
    organiser = can_write_event_at(user, event.place)
    if not organiser and not (item is not None and can_prepare(user, item)):
        raise PermissionDenied
    if item is None:
        item = AgendaItem(event=event)
        last = event.agenda_items.aggregate(m=Max("order"))["m"] or 0
        item.order = order if order is not None else last + 10
    if organiser:
        title = _clean(title)
        if not title:
            raise ValidationError(_("議題を書いてください。"))
        item.title, item.presenter, item.presenter_name = title, presenter, _clean(presenter_name)
        if order is not None:
            item.order = order
    item.prepared_note = (prepared_note or "").strip()
    if item.pk:
        save_if_unchanged(item, seen_version)
    else:
        item.save()
    audit.record(actor=user, action="event.agenda", target=event, place=event.place,
                 changes={str(_("議題")): [None, item.title]})
    return item


@transaction.atomic
def agenda_item_delete(*, user, item: AgendaItem) -> None:
    if not can_write_event_at(user, item.event.place):
        raise PermissionDenied
    audit.record(actor=user, action="event.agenda", target=item.event, place=item.event.place,
                 changes={str(_("議題")): [item.title, None]})
    item.delete()


# --- Participants, answers, attendance, head counts -------------------------------------------------


def _write_participants(user, event: Event) -> None:
    if not can_write_event_at(user, event.place):
        raise PermissionDenied


@transaction.atomic
def participants_add(*, user, event: Event, organisations: Iterable[Organisation] = (),
                     listings: Iterable[Listing] = (), accounts: Iterable[User] = (), names: Iterable[str] = (),
                     invite: bool = True) -> list[Participant]:
    """Add participants, skipping those already there. invite: they are sent an invitation (an
    account then finds it on their to-do list); otherwise they are recorded as having come."""
    _write_participants(user, event)
    organisations, listings, accounts = list(organisations), list(listings), list(accounts)
    _check_links(user, event.place, organisations, None)
    ward = _ward(event.place)
    scope = ward.path if ward is not None else event.place.path
    outside = [li.name for li in listings if not li.place.path.startswith(scope)]
    outside += [str(a) for a in accounts if not a.memberships.filter(
        organisation__place__path__startswith=scope).exists()]
    if outside:
        raise ValidationError(_("この区の外の団体・会場は選べません：%(names)s") % {"names": "、".join(outside)})
    now = timezone.now()
    existing = event.participants.all()
    have = {
        "organisation": set(existing.exclude(organisation=None).values_list("organisation_id", flat=True)),
        "listing": set(existing.exclude(listing=None).values_list("listing_id", flat=True)),
        "account": set(existing.exclude(account=None).values_list("account_id", flat=True)),
        "name": set(existing.filter(organisation=None, listing=None, account=None).values_list("name", flat=True)),
    }
    state = {"invited_at": now} if invite else {"attendance": Attendance.ATTENDED}
    added = []
    for field, values in (("organisation", organisations), ("listing", listings), ("account", accounts)):
        for obj in values:
            if obj.pk not in have[field]:
                have[field].add(obj.pk)
                added.append(Participant(event=event, **{field: obj}, **state))
    for name in names:
        name = _clean(name)
        if name and name not in have["name"]:
            have["name"].add(name)
            added.append(Participant(event=event, name=name, **state))
    Participant.objects.bulk_create(added)
    if added:
        audit.record(actor=user, action="event.participants", target=event, place=event.place,
                     changes={str(_("参加者")): [None, [p.display_name for p in added]]})
    return added


@transaction.atomic
def participant_remove(*, user, participant: Participant) -> None:
    event = participant.event
    _write_participants(user, event)
    audit.record(actor=user, action="event.participants", target=event, place=event.place,
                 changes={str(_("参加者")): [participant.display_name, None]})
    participant.delete()


@transaction.atomic
def attendance_mark(*, user, participant: Participant, attendance: str) -> Participant:
    """On the day: 出席した / 欠席した, or back to 未記録 after a wrong tap."""
    event = participant.event
    _write_participants(user, event)
    if attendance not in Attendance.values:
        raise ValidationError(_("出欠の値が正しくありません。"))
    before = participant.get_attendance_display()
    Participant.objects.filter(pk=participant.pk).update(attendance=attendance)
    participant.attendance = attendance
    audit.record(actor=user, action="event.attendance", target=event, place=event.place,
                 changes={participant.display_name: [str(before), str(participant.get_attendance_display())]})
    return participant


@transaction.atomic
def invitation_answer(*, user, participant: Participant, answer: str) -> Participant:
    """The invited person answers for themselves: 出席 or 欠席 (and may change their mind)."""
    if participant.account_id != getattr(user, "pk", None) or participant.invited_at is None:
        raise PermissionDenied
    if answer not in (Answer.YES, Answer.NO):
        raise ValidationError(_("出席か欠席かを選んでください。"))
    participant.answer, participant.answered_at = answer, timezone.now()
    Participant.objects.filter(pk=participant.pk).update(answer=answer, answered_at=participant.answered_at)
    audit.record(actor=user, action="event.answer", target=participant.event, place=participant.event.place,
                 changes={participant.display_name: [None, str(participant.get_answer_display())]})
    return participant


@transaction.atomic
def answer_record(*, user, participant: Participant, answer: str) -> Participant:
    """An organiser writes down an answer given by phone or fax (an organisation, a group)."""
    event = participant.event
    _write_participants(user, event)
    if answer not in Answer.values:
        raise ValidationError(_("回答の値が正しくありません。"))
    participant.answer = answer
    participant.answered_at = timezone.now() if answer else None
    Participant.objects.filter(pk=participant.pk).update(answer=answer, answered_at=participant.answered_at)
    audit.record(actor=user, action="event.participants", target=event, place=event.place,
                 changes={participant.display_name: [None, str(participant.get_answer_display())]})
    return participant


@transaction.atomic
def head_counts_set(*, user, event: Event, counts: dict[str, int]) -> None:
    """The counts of people not named, by kind ({"住民": 30, "民生委員": 8}); a kind left at 0 or
    blank is taken off."""
    _write_participants(user, event)
    before = {h.label: h.number for h in event.head_counts.all()}
    after = {}
    for label, number in counts.items():
        label = _clean(label)
        if not label:
            continue
        if number is None or number < 0:
            raise ValidationError(_("人数は0以上の数で入れてください。"))
        if number:
            after[label] = after.get(label, 0) + number
    event.head_counts.exclude(label__in=list(after)).delete()
    for label, number in after.items():
        HeadCount.objects.update_or_create(event=event, label=label, defaults={"number": number})
    if before != after:
        audit.record(actor=user, action="event.attendance", target=event, place=event.place,
                     changes={str(_("人数")): [before, after]})


# --- The editable list of kinds ----------------------------------------------------------------


@transaction.atomic
def kind_save(*, user, kind: EventKind | None, ward: Place | None, name: str, order: int, active: bool) -> EventKind:
    if not can_edit_kinds(user, ward):
        raise PermissionDenied
    name = _clean(name)
    if not name:
        raise ValidationError(_("名称を書いてください。"))
    clash = EventKind.objects.for_ward(ward).filter(name=name)
    if kind is not None:
        clash = clash.exclude(pk=kind.pk)
    if clash.exists():
        raise ValidationError(_("「%(name)s」はもうあります。") % {"name": name})
    created = kind is None
    kind = kind or EventKind(ward=ward)
    before = audit.snapshot(kind, ["name", "order", "active"]) if not created else {}
    kind.name, kind.order, kind.active = name, order, active
    kind.save()
    audit.record(actor=user, action="event_kind.create" if created else "event_kind.update", target=kind,
                 place=ward, changes=audit.diff(before, audit.snapshot(kind, ["name", "order", "active"])))
    return kind
