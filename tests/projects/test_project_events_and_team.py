"""A project links the meetings held for it (磯子's 移動販売: the briefing for the residents) and is
carried by a team of its ward; the team's page lists it. What a person cannot see is neither
offered nor shown, and is kept when they save."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.events.conftest import kind
from tests.lib.test_edit_without_version import form_of
from tests.projects.test_project_views import fields_dict
from tsunagu.events import services as event_services
from tsunagu.events.services import SessionData
from tsunagu.projects import services
from tsunagu.teams import services as team_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(isogo):
    w = isogo
    today = timezone.localdate()
    w.briefing = event_services.event_create(
        user=w.byobugaura_2so, place=w.byobugaura, kind=kind("説明会") if _has("説明会") else kind("交流会"),
        title="移動販売の住民説明会", sessions=[SessionData(date=today + timedelta(days=5))])
    # Another CP's training: the 2層Co of 屛風ヶ浦 cannot see it.
    w.other = event_services.event_create(
        user=w.isogo_1so, place=w.yokodai, kind=kind("研修"), title="洋光台 見守り研修",
        sessions=[SessionData(date=today + timedelta(days=9))])
    w.team = team_services.team_create(user=w.isogo_1so, place=w.isogo, name="移動販売チーム",
                                       lead=w.byobugaura_2so)
    w.naka_team = team_services.team_create(user=w.naka_1so, place=w.naka, name="中区の班")
    return w


def _has(name: str) -> bool:
    from tsunagu.events.models import EventKind

    return EventKind.objects.filter(ward=None, name=name).exists()


def test_a_project_links_its_briefing_and_names_its_team(linked, as_user):
    w = linked
    client = as_user(w.isogo_1so)
    url = reverse("projects:edit", args=[w.project.pk])
    form = client.get(url).context["form"]
    assert w.briefing in set(form.fields["events"].queryset)
    assert w.team in set(form.fields["team"].queryset) and w.naka_team not in set(form.fields["team"].queryset)
    response = client.post(url, fields_dict(form_of(client, url), events=[str(w.briefing.pk)],
                                            team=str(w.team.pk)))
    assert response.status_code == 302
    w.project.refresh_from_db()
    assert list(w.project.events.all()) == [w.briefing] and w.project.team == w.team

    page = client.get(w.project.get_absolute_url()).content.decode()
    assert "移動販売の住民説明会" in page and reverse("events:detail", args=[w.briefing.pk]) in page
    assert "移動販売チーム" in page
    # The team's page lists the project.
    team_page = client.get(reverse("teams:detail", args=[w.team.pk])).content.decode()
    assert "久良岐丘自治会 移動販売の導入" in team_page


def test_an_event_one_cannot_see_is_not_offered_nor_shown_and_stays_linked(linked, as_user):
    w = linked
    services.project_update(user=w.isogo_1so, project=w.project, seen_version=w.project.version,
                            title=w.project.title, place=w.project.place, purpose=w.project.purpose,
                            stage=w.project.stage, organisations=list(w.project.organisations.all()),
                            links={"events": [w.briefing, w.other]})
    client = as_user(w.byobugaura_2so)
    url = reverse("projects:edit", args=[w.project.pk])
    response = client.get(url)
    assert w.other not in set(response.context["form"].fields["events"].queryset)
    # Neither among the links nor in the project's history (which names linked records by number).
    assert "洋光台 見守り研修" not in client.get(w.project.get_absolute_url()).content.decode()
    client.post(url, fields_dict(form_of(client, url), events=[str(w.briefing.pk)]))
    w.project.refresh_from_db()
    assert set(w.project.events.all()) == {w.briefing, w.other}


def test_a_team_of_another_ward_is_refused_in_japanese(linked):
    w = linked
    with pytest.raises(ValidationError) as refused:
        services.project_update(user=w.isogo_1so, project=w.project, seen_version=w.project.version,
                                title=w.project.title, place=w.project.place, stage=w.project.stage,
                                team=w.naka_team)
    assert "中区の班" in str(refused.value) and "選べません" in str(refused.value)


def test_saving_without_naming_a_team_keeps_the_one_it_has(linked):
    w = linked
    services.project_update(user=w.isogo_1so, project=w.project, seen_version=w.project.version,
                            title=w.project.title, place=w.project.place, stage=w.project.stage, team=w.team)
    w.project.refresh_from_db()
    services.project_update(user=w.isogo_1so, project=w.project, seen_version=w.project.version,
                            title="久良岐丘 移動販売", place=w.project.place, stage=w.project.stage)
    w.project.refresh_from_db()
    assert w.project.team == w.team and w.project.title == "久良岐丘 移動販売"


def test_the_team_button_starts_a_project_with_the_team_chosen(linked, as_user):
    w = linked
    form = as_user(w.isogo_1so).get(reverse("projects:create") + f"?team={w.team.pk}").context["form"]
    assert form.initial["team"] == w.team and form.initial["place"] == w.isogo
    # Someone who cannot read the team gets an empty form, not the team.
    form = as_user(w.naka_1so).get(reverse("projects:create") + f"?team={w.team.pk}").context["form"]
    assert "team" not in form.initial
