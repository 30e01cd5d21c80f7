"""The ward's events and one event as iCalendar, read back with the icalendar package: one VEVENT per
session with Tokyo times (an all-day event when no time is given), a stable UID, the venue, the
event's page; and only the events the person sees."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar

from tsunagu.events import services
from tsunagu.events.services import SessionData

TOKYO = ZoneInfo("Asia/Tokyo")


def parse(response) -> list:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


def test_one_event_reads_back(world, as_user, cast):
    vevents = parse(as_user(world.minosawa_2so).get(reverse("events:ics", args=[cast.meeting.pk])))
    assert len(vevents) == 1
    v = vevents[0]
    day = cast.meeting.starts_on
    assert str(v["summary"]) == "生活支援Co連絡会（12月）"
    assert v.decoded("dtstart") == datetime.combine(day, time(14), tzinfo=TOKYO)
    assert v.decoded("dtend") == datetime.combine(day, time(16), tzinfo=TOKYO)
    assert str(v["location"]) == "中区役所 6階会議室"
    assert str(v["url"]).endswith(reverse("events:detail", args=[cast.meeting.pk]))
    session = cast.meeting.sessions.get()
    assert str(v["uid"]) == f"event-{cast.meeting.pk}-session-{session.pk}@testserver"
    assert "連絡会" in str(v["description"])


def test_a_series_without_times_is_all_day_sessions(world, as_user, cast):
    days = [cast.today + timedelta(days=n) for n in (20, 27, 34)]
    series = services.event_create(user=world.naka_1so, place=world.naka, kind=None, title="ボランティア入門講座（全3回）",
                                   sessions=[SessionData(date=d, note=f"第{i}回") for i, d in enumerate(days, 1)])
    vevents = parse(as_user(world.naka_1so).get(reverse("events:ics", args=[series.pk])))
    assert sorted(v.decoded("dtstart") for v in vevents) == days
    assert all(v.decoded("dtend") == v.decoded("dtstart") + timedelta(days=1) for v in vevents)
    assert all(isinstance(v.decoded("dtstart"), date) and not isinstance(v.decoded("dtstart"), datetime)
               for v in vevents)
    assert len({str(v["uid"]) for v in vevents}) == 3
    assert {str(v["description"]).split("\n")[1] for v in vevents} == {"第1回", "第2回", "第3回"}


def test_the_wards_calendar_holds_what_the_person_sees(world, as_user, cast):
    mine = parse(as_user(world.minosawa_2so).get(reverse("events:calendar_ics"), {"ward": world.naka.pk}))
    assert {str(v["summary"]) for v in mine} == {"生活支援Co連絡会（12月）", "簑沢サロン交流会"}
    ward = parse(as_user(world.naka_1so).get(reverse("events:calendar_ics"), {"ward": world.naka.pk}))
    assert {str(v["summary"]) for v in ward} == {"生活支援Co連絡会（12月）", "簑沢サロン交流会", "本牧 見守り研修"}
    calendar = Calendar.from_ical(as_user(world.naka_1so).get(reverse("events:calendar_ics"),
                                                              {"ward": world.naka.pk}).content)
    assert str(calendar["x-wr-calname"]) == "中区の催し"
