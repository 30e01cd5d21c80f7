"""Every route of 区全体の協力先 for every account of the cast. The ward's staff read its board; the
partner's status, offer and contact people are changed by those who write at the ward (1層Co,
区役所, the city); the contact log is written where each works — 簑沢's 2層Co and 地域交流Co at their CP
area, the district officer in their district — and an entry is changed by those who write where it
was filed. A care manager (viewer), an account without a role and another ward's staff get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import ROLES, assert_sent_to_log_in, route_names

STAFF = set(ROLES) - {"naka_cm", "nobody"}
NAKA = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WARD_WRITERS = {"admin", "naka_1so", "naka_ward"}
# The log entry was filed at 簑沢's CP area; 第6地区's officer writes below it, not at it.
MINOSAWA_WRITERS = WARD_WRITERS | {"minosawa_2so", "minosawa_staff"}
NONE = lambda p: {}  # noqa: E731
PK = lambda p: {"pk": p.taxi.pk}  # noqa: E731


def _ward(world):
    return {"ward": world.naka.pk}


ROUTES = {
    "partners:board": ("get", NONE, STAFF),
    "partners:create": ("get", NONE, WARD_WRITERS),
    "partners:detail": ("get", PK, NAKA),
    "partners:edit": ("get", PK, WARD_WRITERS),
    "partners:status": ("get", PK, WARD_WRITERS),
    "partners:delete": ("get", PK, WARD_WRITERS),
    "partners:contact_create": ("get", PK, WARD_WRITERS),
    "partners:contact_edit": ("get", lambda p: {"pk": p.taxi.pk, "contact_pk": p.contact.pk}, WARD_WRITERS),
    "partners:contact_delete": ("get", lambda p: {"pk": p.taxi.pk, "contact_pk": p.contact.pk}, WARD_WRITERS),
    "partners:log_create": ("get", PK, NAKA),
    "partners:log_edit": ("get", lambda p: {"pk": p.taxi.pk, "entry_pk": p.log.pk}, MINOSAWA_WRITERS),
    "partners:log_delete": ("get", lambda p: {"pk": p.taxi.pk, "entry_pk": p.log.pk}, MINOSAWA_WRITERS),
}


def test_every_route_is_in_the_matrix():
    assert {f"partners:{n}" for n in route_names("partners")} == set(ROUTES)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, partners, route, role):
    method, kwargs, allowed = ROUTES[route]
    # The board and the form to add a partner are asked for 中区 by name, as its links do.
    query = _ward(world) if route in ("partners:board", "partners:create") else {}
    allowed = NAKA if route == "partners:board" else allowed
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(partners)), query)
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, partners, route):
    method, kwargs, _allowed = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(route, kwargs=kwargs(partners))))


@pytest.mark.parametrize("role", sorted(STAFF - NAKA))
def test_another_wards_staff_get_their_own_board_and_nothing_of_nakas(world, as_user, partners, role):
    client = as_user(getattr(world, role))
    board = client.get(reverse("partners:board")).context
    assert board["ward"] == world.isogo and board["counts"]["total"] == 0
    assert client.post(reverse("partners:status", args=[partners.taxi.pk]),
                       {"status": "declined", "on": "2020-01-01", "version": partners.taxi.version}).status_code == 404
    assert client.post(reverse("partners:log_create", args=[partners.taxi.pk]),
                       {"date": "2020-01-01", "place": world.isogo.pk, "summary": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"])
def test_the_wards_staff_see_the_contact_people_and_the_log(world, as_user, partners, role):
    text = as_user(getattr(world, role)).get(reverse("partners:detail", args=[partners.taxi.pk])).content.decode()
    assert "045-000-1234" in text and "見積もりを来週もらう" in text


def test_a_care_manager_of_the_ward_sees_no_contact_nor_log(world, as_user, partners):
    client = as_user(world.naka_cm)
    assert client.get(reverse("partners:detail", args=[partners.taxi.pk])).status_code == 404
    assert client.get(reverse("partners:board"), {"ward": world.naka.pk}).status_code == 404
