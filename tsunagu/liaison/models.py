"""The ward view (区の一覧) of a ward and the liaison meeting (生活支援Co連絡会) it is prepared for.

A liaison meeting is an event (tsunagu/events) of the default kind 連絡会 held at the ward itself:
the ward view shows what is new since the last one (泉区, 緑区 and 旭区 meet monthly; 西区 shares
each 2層Co's memos there). Its agenda, participants and, later, its minutes live with the event."""

from __future__ import annotations

from tsunagu.events.models import Event, EventQuerySet, can_write_event_at
from tsunagu.liaison import access
from tsunagu.people import policy
from tsunagu.places.models import Kind


def wards_visible_to(user):
    """Wards whose ward view (区の一覧) this user may open: those where they read the records of
    every CP area — the 1層Co, 区役所, district officers and 2層Co of the ward, the city's
    administrators. A CP's own staff read only their area and get none."""
    return policy.places_where(user, access.VIEW).filter(kind=Kind.WARD)


def ward_ids_visible_to(user, wards: list | None = None) -> list[int]:
    """The ids of wards_visible_to(user), by code, read once a request: the menu's 区の一覧 asks on
    every page, and the ward view, which reads the wards themselves, passes them (wards) instead
    of a second query."""
    if wards is not None:
        return policy.remember(user, _WARD_IDS, [w.pk for w in wards])
    return policy.remembered(user, _WARD_IDS, lambda: list(
        wards_visible_to(user).order_by("code").values_list("pk", flat=True)))


_WARD_IDS = "liaison.ward_ids"


def meetings_of(ward) -> EventQuerySet:
    """The ward's liaison meetings: events of the kind 連絡会 held at the ward itself (a CP's own
    gathering of the same name does not move the ward's "since the last meeting")."""
    return Event.objects.liaison_meetings().filter(place=ward)


def can_keep_meetings(user, ward) -> bool:
    """Who records the ward's liaison meetings: those who write events at the ward (the 1層Co who
    runs it, 区役所, the city's administrators)."""
    return ward.kind == Kind.WARD and can_write_event_at(user, ward)
