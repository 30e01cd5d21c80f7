"""The ward's calendar of events: a month as weeks (a grid on a wide screen, a list of days on a
phone) and iCalendar (.ics) for the staff's calendar applications."""

from __future__ import annotations

import calendar as std_calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from tsunagu.events.models import Event, Session


def month_of(text: str | None, today: date) -> date:
    """The first day of the month asked for ("2026-12"), or of this month."""
    if text:
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _last_day(month: date) -> date:
    return shift(month, 1) - timedelta(days=1)


def _with_sessions(events):
    return events.select_related("place", "kind").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("date", "starts_at")))


def events_of_month(user, ward, month: date) -> list[Event]:
    return list(_with_sessions(Event.objects.visible_to(user).under(ward).in_period(month, _last_day(month)))
                .order_by("starts_on", "pk"))


@dataclass
class Entry:
    event: Event
    session: Session


@dataclass
class Day:
    date: date
    in_month: bool
    entries: list[Entry]


def _by_day(month: date, events: list[Event]) -> dict[date, list[Entry]]:
    found: dict[date, list[Entry]] = defaultdict(list)
    last = _last_day(month)
    for event in events:
        for session in event.sessions.all():
            if month <= session.date <= last:
                found[session.date].append(Entry(event, session))
    for entries in found.values():
        entries.sort(key=lambda e: (e.session.starts_at is not None, e.session.starts_at, e.event.pk))
    return found


def weeks(month: date, events: list[Event]) -> list[list[Day]]:
    """The month's weeks, Sunday first as Japanese wall calendars are."""
    found = _by_day(month, events)
    cal = std_calendar.Calendar(firstweekday=6)
    return [[Day(d, d.month == month.month, found.get(d, []) if d.month == month.month else []) for d in week]
            for week in cal.monthdatescalendar(month.year, month.month)]


def days_with_events(month: date, events: list[Event]) -> list[Day]:
    """The phone's list: only the days that have something."""
    found = _by_day(month, events)
    return [Day(d, True, found[d]) for d in sorted(found)]


def events_for_ics(user, ward, today: date) -> list[Event]:
    return list(_with_sessions(Event.objects.visible_to(user).under(ward).in_period(today - timedelta(days=92), None))
                .order_by("starts_on", "pk")[:2000])


def ics(events, *, name: str, base: str) -> bytes:
    """One VEVENT per session (a series is several days), with a stable UID so that a calendar
    application importing again updates instead of duplicating."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Tsunagu//events//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = base.split("//", 1)[-1].strip("/").split("/")[0] or "tsunagu"
    for event in events:
        url = base.rstrip("/") + reverse("events:detail", args=[event.pk])
        where = ", ".join(p for p in (event.venue.name if event.venue_id else "", event.venue_text) if p)
        for session in event.sessions.all():
            vevent = VEvent()
            vevent.add("uid", f"event-{event.pk}-session-{session.pk}@{host}")
            vevent.add("summary", event.title)
            if session.starts_at:
                vevent.add("dtstart", datetime.combine(session.date, session.starts_at, tzinfo=zone))
                end = session.ends_at or session.starts_at
                vevent.add("dtend", datetime.combine(session.date, end, tzinfo=zone)
                           if session.ends_at else datetime.combine(session.date, end, tzinfo=zone) + timedelta(hours=1))
            else:
                vevent.add("dtstart", session.date)
                vevent.add("dtend", session.date + timedelta(days=1))
            vevent.add("dtstamp", event.updated_at)
            vevent.add("last-modified", event.updated_at)
            if where:
                vevent.add("location", where)
            description = "\n".join(p for p in (event.kind_label, session.note, event.audience, event.description,
                                                 event.online_url) if p)
            if description:
                vevent.add("description", description)
            vevent.add("url", url)
            vevent.add("categories", [event.kind_label])
            cal.add_component(vevent)
    return cal.to_ical()
