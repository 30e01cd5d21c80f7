"""Every page of ヒアリング for every account of the cast: who gets it, who gets 404. A 1層Co runs
the ward's hearings; each CP's 2層Co fills in their own CP's sheet; the ward reads all of it; a
CP's staff read their own CP's sheet; nobody outside the ward sees any of it. A new route in the
`hearings` namespace fails test_every_route_is_in_the_matrix until it is added here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import RECORD_READERS, ROLES, assert_sent_to_log_in, route_names

HEARING_RUNNERS = {"admin", "naka_1so", "isogo_1so"}
NAKA_RUNNERS = {"admin", "naka_1so"}
READ_NAKA_SET = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so"}
# The round and 簑沢's sheet: the ward, and 簑沢's staff through their own sheet.
READ_NAKA_ROUND = READ_NAKA_SET | {"minosawa_staff"}
WRITE_MINOSAWA = {"admin", "naka_1so", "minosawa_2so"}


# name: (method, url kwargs from the hearings, who gets through, the status they get)
ROUTES = {
    "index": ("get", lambda h: {}, RECORD_READERS, 200),
    "set_create": ("get", lambda h: {}, HEARING_RUNNERS, 200),
    "set_detail": ("get", lambda h: {"pk": h.set.pk}, READ_NAKA_SET, 200),
    "set_edit": ("get", lambda h: {"pk": h.set.pk}, NAKA_RUNNERS, 200),
    "round_create": ("get", lambda h: {}, HEARING_RUNNERS, 200),
    "round_detail": ("get", lambda h: {"pk": h.round.pk}, READ_NAKA_ROUND, 200),
    "round_edit": ("get", lambda h: {"pk": h.round.pk}, NAKA_RUNNERS, 200),
    "compare": ("get", lambda h: {"pk": h.round.pk}, READ_NAKA_ROUND, 200),
    "compare_xlsx": ("get", lambda h: {"pk": h.round.pk}, READ_NAKA_ROUND, 200),
    "sheet_detail": ("get", lambda h: {"pk": h.minosawa.pk}, READ_NAKA_ROUND, 200),
    "sheet_edit": ("get", lambda h: {"pk": h.minosawa.pk}, WRITE_MINOSAWA, 200),
}
# 本牧's sheet (no 2層Co in the cast): only the 1層Co and the administrator write it, and 簑沢's
# staff do not read it.
MORE = {
    "honmoku-detail": ("hearings:sheet_detail", lambda h: {"pk": h.honmoku.pk}, "get", READ_NAKA_SET, 200),
    "honmoku-edit": ("hearings:sheet_edit", lambda h: {"pk": h.honmoku.pk}, "get", NAKA_RUNNERS, 200),
    "honmoku-save": ("hearings:sheet_edit", lambda h: {"pk": h.honmoku.pk}, "post", NAKA_RUNNERS, 302),
    "minosawa-save": ("hearings:sheet_edit", lambda h: {"pk": h.minosawa.pk}, "post", WRITE_MINOSAWA, 302),
    "round-create-naka": ("hearings:round_create", lambda h: {}, "get-set", NAKA_RUNNERS, 200),
    "set-create-naka": ("hearings:set_create", lambda h: {}, "get-ward", NAKA_RUNNERS, 200),
    "isogo-round": ("hearings:round_detail", lambda h: {"pk": h.isogo_round.pk}, "get",
                    {"admin", "isogo_1so", "byobugaura_2so"}, 200),
    "isogo-sheet-edit": ("hearings:sheet_edit", lambda h: {"pk": h.byobugaura.pk}, "get",
                         {"admin", "isogo_1so", "byobugaura_2so"}, 200),
}


def test_every_route_is_in_the_matrix():
    assert route_names("hearings") - set(ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, hearings, route, role):
    method, kwargs, allowed, status = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(f"hearings:{route}", kwargs=kwargs(hearings)))
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("case", sorted(MORE))
@pytest.mark.parametrize("role", ROLES)
def test_other_sheets_rounds_and_forms(world, as_user, hearings, case, role):
    name, kwargs, how, allowed, status = MORE[case]
    url = reverse(name, kwargs=kwargs(hearings))
    client = as_user(getattr(world, role))
    if how == "get-set":
        response = client.get(url, {"set": hearings.set.pk})
    elif how == "get-ward":
        response = client.get(url, {"ward": world.naka.pk})
    elif how == "post":
        sheet = hearings.honmoku if case.startswith("honmoku") else hearings.minosawa
        response = client.post(url, {"version": str(sheet.version), "status": "in_progress"})
    else:
        response = client.get(url)
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, hearings, route):
    method, kwargs, _allowed, _status = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(f"hearings:{route}", kwargs=kwargs(hearings))))


@pytest.mark.parametrize("role", ["isogo_1so", "byobugaura_2so"])
def test_the_index_shows_another_ward_nothing_of_naka(world, as_user, hearings, role):
    response = as_user(getattr(world, role)).get(reverse("hearings:index"))
    assert set(response.context["rounds"]) == {hearings.isogo_round}
    assert set(response.context["sets"]) == {hearings.isogo_set}
    assert "令和8年度 上半期ヒアリング" not in response.content.decode()


def test_cp_staff_compare_only_their_own_cp(world, as_user, hearings):
    rows = as_user(world.minosawa_staff).get(reverse("hearings:compare", args=[hearings.round.pk])).context["rows"]
    assert [sheet.area for sheet, _cells in rows] == [world.minosawa]


def test_the_ward_office_reads_every_sheet_but_writes_none(world, as_user, hearings):
    client = as_user(world.naka_ward)
    rows = client.get(reverse("hearings:compare", args=[hearings.round.pk])).context["rows"]
    assert [sheet.area for sheet, _cells in rows] == [world.minosawa, world.honmoku]
    for sheet in (hearings.minosawa, hearings.honmoku):
        assert client.post(reverse("hearings:sheet_edit", args=[sheet.pk]),
                           {"version": "1", "status": "submitted"}).status_code == 404
    assert hearings.minosawa.versions.count() == 0
