"""The pages bench/together.py times over a year of city-wide events (my to-do, the events list,
the calendar) ask the database the same number of times for twelve more events, with their
sessions, participants, invitations and follow-ups: nothing is fetched once a row (N+1), so a
year's worth of them costs the same number of round trips as a week's."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.events.conftest import kind
from tsunagu.events.models import Answer, Event, FollowUp, HeadCount, Participant, Session


def more_events(world, n: int = 12) -> None:
    """Events of 中区 in this month and the next (a few of them series), each with organisers, an
    invitation to 簑沢's 2層Co, other participants, a head count and a follow-up for them."""
    today = timezone.localdate()
    for k in range(n):
        day = today + timedelta(days=k % 20)
        days = [day + timedelta(weeks=w) for w in range(3 if k % 4 == 0 else 1)]
        event = Event.objects.create(place=world.naka if k % 2 else world.minosawa, kind=kind("交流会"),
                                     title=f"追加の交流会{k}", starts_on=days[0], ends_on=days[-1])
        event.organisers.set([world.naka_council, world.minosawa_cp])
        Session.objects.bulk_create([Session(event=event, date=d, starts_at=time(14)) for d in days])
        Participant.objects.create(event=event, account=world.minosawa_2so, invited_at=timezone.now(),
                                   answer=Answer.NONE)
        Participant.objects.create(event=event, organisation=world.honmoku_cp, invited_at=timezone.now())
        Participant.objects.create(event=event, name="民生委員協議会 会長")
        HeadCount.objects.create(event=event, label="住民", number=10 + k)
        FollowUp.objects.create(event=event, what=f"追加のやること{k}", owner=world.minosawa_2so,
                                due=today + timedelta(days=k))


def queries(client, path, params) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content


@pytest.mark.parametrize("who, page", [
    ("minosawa_2so", "todo"), ("naka_1so", "todo"), ("naka_1so", "events"), ("minosawa_2so", "events"),
    ("naka_1so", "calendar"), ("minosawa_2so", "calendar"),
])
def test_the_page_takes_no_more_queries_for_more_events(world, as_user, cast, who, page):
    today = timezone.localdate()
    path, params = {"todo": ("/todo/", {}),
                    "events": (reverse("events:list"), {"place": world.naka.pk}),
                    "calendar": (reverse("events:calendar"), {"ward": world.naka.pk, "month": f"{today:%Y-%m}"})}[page]
    client = as_user(getattr(world, who))
    few, before = queries(client, path, params)
    more_events(world)
    many, after = queries(client, path, params)
    assert many <= few, f"{page}: {few} queries for the cast's events, {many} with twelve more"
    shown = after.decode().count("追加の")
    if page == "todo" and who == "naka_1so":
        assert shown == 0  # none of it is the 1層Co's: the list stays theirs
    else:
        assert shown > before.decode().count("追加の")  # the page did show the new events or follow-ups
