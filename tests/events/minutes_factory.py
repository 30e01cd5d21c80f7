"""Events with minutes and follow-ups for the minutes tests (tests/events/test_minutes_*.py), made
straight in the database on the cast of tests/conftest.py (world): the ward's liaison meeting
organised by 中区社協 with two agenda items and participants, and a 簑沢 CP event."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tsunagu.events import minutes_services as services
from tsunagu.events.minutes_forms import owners_for
from tsunagu.events.models import AgendaItem, Attendance, Event, EventKind, HeadCount, Participant, Session

DECISION = "次回は本牧地域ケアプラザで開催する"


def make_event(place, title: str, *, organisers=(), day=None, kind_name: str = "連絡会") -> Event:
    day = day or timezone.localdate() - timedelta(days=2)
    kind = EventKind.objects.filter(ward__isnull=True, name=kind_name).first()
    event = Event.objects.create(place=place, title=title, kind=kind, venue_text="中区役所 6階会議室",
                                 audience="2層Co・地域交流Co", starts_on=day, ends_on=day)
    event.organisers.set(organisers)
    from datetime import time

    Session.objects.create(event=event, date=day, starts_at=time(14, 0), ends_at=time(16, 0))
    return event


def minutes_world(world) -> SimpleNamespace:
    w = SimpleNamespace()
    w.meeting = make_event(world.naka, "中区生活支援連絡会（12月）", organisers=[world.naka_council, world.naka_office])
    w.item1 = AgendaItem.objects.create(event=w.meeting, order=10, title="各CPの取組報告", presenter=world.minosawa_2so)
    w.item2 = AgendaItem.objects.create(event=w.meeting, order=20, title="交流会の準備", presenter_name="区社協")
    Participant.objects.create(event=w.meeting, organisation=world.minosawa_cp, attendance=Attendance.ATTENDED)
    Participant.objects.create(event=w.meeting, organisation=world.honmoku_cp, attendance=Attendance.ATTENDED)
    Participant.objects.create(event=w.meeting, name="民生委員協議会 会長", attendance=Attendance.ATTENDED)
    HeadCount.objects.create(event=w.meeting, label="住民", number=30)
    HeadCount.objects.create(event=w.meeting, label="民生委員", number=8)
    w.minutes = services.minutes_save(user=world.naka_1so, event=w.meeting, agenda_item=w.item1, seen_version=0,
                                      notes="簑沢：サロン3か所の担い手が不足。\n本牧：移動販売の試行を開始。",
                                      decisions=f"・{DECISION}\n・担い手の募集チラシを共同で作る")
    owners = owners_for(w.meeting)
    w.followup = services.followup_create(user=world.naka_1so, event=w.meeting, agenda_item=w.item1,
                                          what="担い手募集チラシの原案を作る", owner=world.minosawa_2so,
                                          due=timezone.localdate() + timedelta(days=10), owners=owners)
    w.staff_followup = services.followup_create(user=world.naka_1so, event=w.meeting, what="会場の予約",
                                                owner=world.minosawa_staff,
                                                due=timezone.localdate() - timedelta(days=1), owners=owners)
    w.cp_event = make_event(world.minosawa, "簑沢 担い手の集い", organisers=[world.minosawa_cp], kind_name="交流会")
    return w
