"""購読: a person's private address for the ward's calendar. A calendar application reads it without
logging in and gets what that person sees now; the address is shown once and only its hash kept;
making a new one stops the old; stopping it, switching the account off or losing the ward ends it."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tsunagu.audit.models import AuditEntry
from tsunagu.events.models import CalendarFeed
from tsunagu.people.models import Membership


def make_address(client, ward) -> str:
    response = client.post(reverse("events:calendar_feed") + f"?ward={ward.pk}", {"action": "make"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return re.search(r'id="feed-address" value="([^"]+)"', response.content.decode()).group(1)


def summaries(response) -> set[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return {str(c["summary"]) for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"}


def test_a_calendar_application_reads_what_the_person_sees(world, as_user, cast):
    address = make_address(as_user(world.minosawa_2so), world.naka)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    got = summaries(Client().get(address))  # no login
    assert {"生活支援Co連絡会（12月）", "簑沢サロン交流会"} <= got
    assert "本牧 見守り研修" not in got  # another CP's own event
    feed = CalendarFeed.objects.get(user=world.minosawa_2so)
    assert feed.token_hash != token and token not in feed.token_hash and feed.hint == token[-4:]
    assert feed.last_read_at is not None
    assert AuditEntry.objects.filter(action="calendar_feed.create", actor=world.minosawa_2so).exists()
    # The page shows the address once; afterwards only its last characters.
    page = as_user(world.minosawa_2so).get(reverse("events:calendar_feed") + f"?ward={world.naka.pk}")
    assert token not in page.content.decode() and f"…{token[-4:]}" in page.content.decode()


def test_a_new_address_stops_the_old_and_stopping_ends_it(world, as_user, cast):
    client = as_user(world.naka_1so)
    first = make_address(client, world.naka)
    second = make_address(client, world.naka)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    response = client.post(reverse("events:calendar_feed") + f"?ward={world.naka.pk}", {"action": "stop"})
    assert response.status_code == 302
    assert Client().get(second).status_code == 404
    assert not CalendarFeed.objects.active().exists()


def test_an_account_switched_off_or_moved_away_reads_nothing(world, as_user, cast):
    address = make_address(as_user(world.minosawa_2so), world.naka)
    Membership.objects.filter(user=world.minosawa_2so).update(organisation=world.byobugaura_cp)
    assert Client().get(address).status_code == 404  # no longer reads 中区's calendar
    Membership.objects.filter(user=world.minosawa_2so).update(organisation=world.minosawa_cp)
    assert Client().get(address).status_code == 200
    world.minosawa_2so.is_active = False
    world.minosawa_2so.save()
    assert Client().get(address).status_code == 404


def test_a_made_up_address_is_a_404(world, cast):
    assert Client().get(reverse("events:feed", args=["x" * 43])).status_code == 404
    assert Client().get(reverse("events:feed", args=["x" * 150])).status_code == 404
