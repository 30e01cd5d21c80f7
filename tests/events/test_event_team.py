"""An event can belong to a team or network of its ward (旭区's 班 run their networks' meetings): the
team's page then shows the meeting and the follow-ups still open from it, to those who read both;
a team of another ward is refused, whatever the form offered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.events.conftest import kind
from tests.events.test_event_views import event_data
from tsunagu.events import minutes_services, services
from tsunagu.events.services import SessionData
from tsunagu.people.models import User
from tsunagu.teams import services as teams


@pytest.fixture
def team(world):
    return teams.team_create(user=world.naka_1so, place=world.naka, name="配食ネットワーク班", purpose="配食の担い手をつなぐ",
                             lead=world.naka_1so, members=[world.naka_1so, world.minosawa_2so])


def test_a_meeting_planned_from_the_team_page_shows_there_with_its_open_follow_up(world, as_user, team, cast):
    client = as_user(world.naka_1so)
    form = client.get(reverse("events:create"), {"team": team.pk})
    assert form.context["form"].initial["team"] == team
    day = cast.today + timedelta(days=10)
    response = client.post(reverse("events:create"), event_data(world.naka, title="配食ネットワーク会議", days=[day],
                                                                team=team.pk))
    assert response.status_code == 302
    event = team.events.get()
    assert event.title == "配食ネットワーク会議"
    minutes_services.followup_create(user=world.naka_1so, event=event, what="配食ボランティアの名簿を集める",
                                     owner=world.minosawa_2so, due=cast.today + timedelta(days=20),
                                     owners=User.objects.filter(pk=world.minosawa_2so.pk))
    page = as_user(world.minosawa_2so).get(reverse("teams:detail", args=[team.pk])).content.decode()
    assert "配食ネットワーク会議" in page and "配食ボランティアの名簿を集める" in page
    detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "配食ネットワーク班" in detail


def test_a_team_of_another_ward_is_refused(world, cast):
    other = teams.team_create(user=world.admin, place=world.isogo, name="磯子の班")
    with pytest.raises(ValidationError):
        services.event_create(user=world.naka_1so, place=world.naka, kind=kind("交流会"), title="会議",
                              sessions=[SessionData(date=cast.today)], team=other)
    # Nor can an edit move a meeting to that team.
    with pytest.raises(ValidationError):
        services.event_update(user=world.admin, event=cast.meeting, seen_version=cast.meeting.version,
                              place=world.naka, kind=cast.meeting.kind, title=cast.meeting.title,
                              sessions=[SessionData(date=cast.today)], team=other)
    assert cast.meeting.__class__.objects.get(pk=cast.meeting.pk).team is None


def test_the_team_page_shows_no_meeting_to_a_reader_outside_its_ward(world, as_user, team, cast):
    services.event_update(user=world.naka_1so, event=cast.meeting, seen_version=cast.meeting.version,
                          place=world.naka, kind=cast.meeting.kind, title=cast.meeting.title,
                          sessions=[SessionData(date=cast.today + timedelta(days=7))], team=team)
    assert as_user(world.isogo_1so).get(reverse("teams:detail", args=[team.pk])).status_code == 404
    response = as_user(world.naka_1so).get(reverse("teams:detail", args=[team.pk]))
    assert [e.pk for e in response.context["sections"][0]["upcoming"]] == [cast.meeting.pk]
    assert cast.meeting.title in response.content.decode()
