"""Every page of 地域支援計画 for every account of the cast: who gets it, who gets 404. The reach
is written out by hand from the policy (README "Access in one sentence", issue 4); a new route in
the `district_plans` namespace fails test_every_route_is_in_the_matrix until it is added here.

第6地区 sits in 簑沢's CP area and is naka_chiku's assigned district; 第7地区 is in 本牧's area
(no 2層Co in the cast); 第9地区 sits directly under 中区 and names 簑沢 as its partner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import RECORD_READERS, RECORD_WRITERS, ROLES, assert_sent_to_log_in, route_names

# The form to start a plan opens for all who write records somewhere (it lists the districts they may).
PLAN_STARTERS = RECORD_WRITERS
# CP staff read only their own CP area's records.
READ_D6 = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WRITE_D6 = {"admin", "naka_1so", "naka_chiku", "minosawa_2so"}
READ_D7 = READ_D6 - {"minosawa_staff"}
WRITE_D7 = {"admin", "naka_1so"}
READ_D9 = READ_D6  # the partner CP's staff read it too
WRITE_D9 = {"admin", "naka_1so", "minosawa_2so"}


# name: (method, url kwargs from the plans, who gets through, the status they get)
ROUTES = {
    "list": ("get", lambda p: {}, "", RECORD_READERS, 200),
    "create": ("get", lambda p: {}, "", PLAN_STARTERS, 200),
    "detail": ("get", lambda p: {"pk": p.d6.pk}, "", READ_D6, 200),
    "edit": ("get", lambda p: {"pk": p.d6.pk}, "", WRITE_D6, 200),
    "restore": ("post", lambda p: {"pk": p.d6.pk, "number": 1}, "", WRITE_D6, 302),
    "print": ("get", lambda p: {"pk": p.d6.pk}, "", READ_D6, 200),
    "pdf": ("get", lambda p: {"pk": p.d6.pk}, "", READ_D6, 200),
}
# The same pages for the other plans, and the create form for one district.
MORE = {
    "create-d6": ("district_plans:create", lambda p: {}, lambda p, w: f"?district={w.d6.pk}", "get", WRITE_D6, 200),
    "detail-d7": ("district_plans:detail", lambda p: {"pk": p.d7.pk}, None, "get", READ_D7, 200),
    "edit-d7": ("district_plans:edit", lambda p: {"pk": p.d7.pk}, None, "get", WRITE_D7, 200),
    "restore-d7": ("district_plans:restore", lambda p: {"pk": p.d7.pk, "number": 1}, None, "post", WRITE_D7, 302),
    "detail-d9": ("district_plans:detail", lambda p: {"pk": p.d9.pk}, None, "get", READ_D9, 200),
    "edit-d9": ("district_plans:edit", lambda p: {"pk": p.d9.pk}, None, "get", WRITE_D9, 200),
    "print-d9": ("district_plans:print", lambda p: {"pk": p.d9.pk}, None, "get", READ_D9, 200),
}


def test_every_route_is_in_the_matrix():
    assert route_names("district_plans") - set(ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, plans, route, role):
    method, kwargs, _query, allowed, status = ROUTES[route]
    url = reverse(f"district_plans:{route}", kwargs=kwargs(plans))
    response = getattr(as_user(getattr(world, role)), method)(url)
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("case", sorted(MORE))
@pytest.mark.parametrize("role", ROLES)
def test_the_other_plans_follow_their_districts(world, as_user, plans, case, role):
    name, kwargs, query, method, allowed, status = MORE[case]
    url = reverse(name, kwargs=kwargs(plans)) + (query(plans, world) if query else "")
    response = getattr(as_user(getattr(world, role)), method)(url)
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, plans, route):
    method, kwargs, _query, _allowed, _status = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(f"district_plans:{route}", kwargs=kwargs(plans))))


@pytest.mark.parametrize("role", ["naka_cm", "isogo_1so", "byobugaura_2so", "nobody", "naka_ward"])
def test_the_list_shows_outsiders_no_plan_of_naka(world, as_user, plans, role):
    response = as_user(getattr(world, role)).get(reverse("district_plans:list"))
    if response.status_code == 404:
        assert role in {"naka_cm", "nobody"}
        return
    shown = {p.pk for w in response.context["wards"] for a in w.areas for d in a.districts for p in d.plans}
    naka = {plans.d6.pk, plans.d7.pk, plans.d9.pk, plans.d10.pk}
    if role == "naka_ward":
        assert shown == naka  # the ward office reads all of its ward, and only that
    else:
        assert shown & naka == set() and shown <= {plans.isogo.pk}


def test_a_district_officer_writes_only_the_plans_of_their_districts(world, as_user, plans):
    client = as_user(world.naka_chiku)
    assert client.get(reverse("district_plans:edit", args=[plans.d6.pk])).status_code == 200
    for plan in (plans.d7, plans.d9, plans.d10, plans.isogo):
        assert client.get(reverse("district_plans:edit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("district_plans:create") + f"?district={world.d7.pk}").status_code == 404


def test_a_partner_2so_edits_the_ward_level_plan_but_not_one_without_a_partner(world, as_user, plans):
    client = as_user(world.minosawa_2so)
    assert client.get(reverse("district_plans:edit", args=[plans.d9.pk])).status_code == 200
    assert client.get(reverse("district_plans:edit", args=[plans.d10.pk])).status_code == 404
    # ... and cannot start a plan for a ward-level district on their own.
    assert client.get(reverse("district_plans:create") + f"?district={plans.district9.pk}").status_code == 404
