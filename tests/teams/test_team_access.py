"""Every route of チーム・ネットワーク for every account of the cast. The ward's teams are read by
everyone with a role in the ward (地域交流Co too: they co-organise); a ward-level team is written by
those who write at the ward (1層Co, 区役所, the city) and by its lead, a 2層Co; only those who write
at its place delete it. A care manager, an account without a role, and another ward's staff get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import ROLES, assert_sent_to_log_in, route_names

STAFF = set(ROLES) - {"naka_cm", "nobody"}
NAKA = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WARD_WRITERS = {"admin", "naka_1so", "naka_ward"}
NONE = lambda t: {}  # noqa: E731

ROUTES = {
    "teams:list": ("get", NONE, STAFF),
    "teams:create": ("get", NONE, STAFF),
    "teams:detail": ("get", lambda t: {"pk": t.meals.pk}, NAKA),
    # The lead (簑沢's 2層Co) edits the ward-level team they lead.
    "teams:edit": ("get", lambda t: {"pk": t.meals.pk}, WARD_WRITERS | {"minosawa_2so"}),
    "teams:delete": ("get", lambda t: {"pk": t.meals.pk}, WARD_WRITERS),
}


def test_every_route_is_in_the_matrix():
    assert {f"teams:{n}" for n in route_names("teams")} == set(ROUTES)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, teams, route, role):
    method, kwargs, allowed = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(teams)))
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, teams, route):
    method, kwargs, _allowed = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(route, kwargs=kwargs(teams))))


@pytest.mark.parametrize("role", ["isogo_1so", "byobugaura_2so"])
def test_another_wards_staff_see_none_of_nakas_teams(world, as_user, teams, role):
    client = as_user(getattr(world, role))
    listed = client.get(reverse("teams:list")).context
    assert teams.meals not in listed["teams"] and teams.network not in listed["networks"]
    assert teams.isogo in listed["teams"]
    assert client.get(reverse("teams:list"), {"ward": world.naka.pk}).status_code == 404
    post = client.post(reverse("teams:edit", args=[teams.meals.pk]), {"name": "乗っ取り"})
    assert post.status_code == 404
    assert client.post(reverse("teams:delete", args=[teams.meals.pk])).status_code == 404
    teams.meals.refresh_from_db()
    assert teams.meals.name == "食事サービス班"


def test_a_member_who_is_not_the_lead_nor_writes_at_the_ward_cannot_edit(world, as_user, teams):
    # 簑沢's 地域交流Co reads the ward's teams but writes only in their CP area.
    assert as_user(world.minosawa_staff).get(reverse("teams:edit", args=[teams.meals.pk])).status_code == 404
