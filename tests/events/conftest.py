"""The cast of events (tests/conftest.py's world): 中区's liaison meeting at the ward (the 1層Co
organises with 区役所 and 簑沢 CP; 簑沢's 2層Co is invited and reports), 簑沢 CP's own salon
gathering, 本牧 CP's own training (another CP's: 簑沢's people see nothing of it) and 磯子区's
exchange meeting (another ward)."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from tests.shared_rows import shareable
from tsunagu.events import services
from tsunagu.events.models import EventKind
from tsunagu.events.services import SessionData


def kind(name: str) -> EventKind:
    """A default kind; seeded again if a transactional test before this one emptied the list."""
    if not EventKind.objects.filter(ward=None).exists():
        from tests.conftest import seed_memo_kinds_and_stages

        seed_memo_kinds_and_stages()
    return EventKind.objects.get(ward=None, name=name)


def make_cast(world):
    today = timezone.localdate()
    c = SimpleNamespace(today=today)
    c.meeting = services.event_create(
        user=world.naka_1so, place=world.naka, kind=kind("連絡会"), title="生活支援Co連絡会（12月）",
        organisers=[world.naka_council, world.naka_office, world.minosawa_cp], venue_text="中区役所 6階会議室",
        sessions=[SessionData(date=today + timedelta(days=7), starts_at=time(14), ends_at=time(16))])
    services.participants_add(user=world.naka_1so, event=c.meeting, accounts=[world.minosawa_2so],
                              organisations=[world.honmoku_cp])
    c.invitation = c.meeting.participants.get(account=world.minosawa_2so)
    c.item = services.agenda_item_save(user=world.naka_1so, event=c.meeting, item=None, seen_version=None,
                                       title="各CPからの報告", presenter=world.minosawa_2so)
    c.salon = services.event_create(
        user=world.minosawa_2so, place=world.minosawa, kind=kind("交流会"), title="簑沢サロン交流会",
        sessions=[SessionData(date=today - timedelta(days=3))])
    c.honmoku = services.event_create(
        user=world.naka_1so, place=world.honmoku, kind=kind("研修"), title="本牧 見守り研修",
        sessions=[SessionData(date=today + timedelta(days=14))])
    c.isogo = services.event_create(
        user=world.isogo_1so, place=world.isogo, kind=kind("交流会"), title="磯子区ボランティア交流会",
        sessions=[SessionData(date=today + timedelta(days=10))])
    c.naka_kind = services.kind_save(user=world.naka_1so, kind=None, ward=world.naka, name="中区フォーラム",
                                     order=100, active=True)
    return c


_cast_rows, cast = shareable("cast", make_cast)
