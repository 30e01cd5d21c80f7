"""Every route of お出かけ支援 for every account of the cast. The outing is 第6地区's (under 簑沢's CP
area): 中区's staff who reach 第6地区 read and write it and its participants; taxi companies and
tariffs are read by all staff of the ward and changed by those who write at the ward (1層Co, 区役所,
the city). A care manager, an account without a role and another ward's staff get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import ROLES, assert_sent_to_log_in, route_names
from tests.shared_rows import shareable
from tsunagu.audit.models import AuditEntry
from tsunagu.outings.models import Tariff

STAFF = set(ROLES) - {"naka_cm", "nobody"}
NAKA = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WARD_WRITERS = {"admin", "naka_1so", "naka_ward"}
NONE = lambda t: {}  # noqa: E731
PK = lambda t: {"pk": t.outing.pk}  # noqa: E731
DAY = lambda t: {"pk": t.outing.pk, "day_pk": t.day1.pk}  # noqa: E731
COMPANY = lambda t: {"pk": t.company.pk}  # noqa: E731


def _tariff(t):
    return {"pk": t.tariff.pk}


ROUTES = {
    "outings:list": (NONE, STAFF),
    "outings:create": (NONE, STAFF),
    "outings:summary": (NONE, STAFF),
    "outings:summary_xlsx": (NONE, STAFF),
    "outings:detail": (PK, NAKA),
    "outings:edit": (PK, NAKA),
    "outings:delete": (PK, NAKA),
    "outings:participants": (PK, NAKA),
    "outings:participant_create": (PK, NAKA),
    "outings:participant_edit": (lambda t: {"pk": t.outing.pk, "participant_pk": t.hanako.pk}, NAKA),
    "outings:participant_delete": (lambda t: {"pk": t.outing.pk, "participant_pk": t.hanako.pk}, NAKA),
    "outings:booking_create": (DAY, NAKA),
    "outings:booking_edit": (lambda t: {**DAY(t), "booking_pk": t.booking.pk}, NAKA),
    "outings:booking_delete": (lambda t: {**DAY(t), "booking_pk": t.booking.pk}, NAKA),
    "outings:day_record": (DAY, NAKA),
    "outings:companies": (NONE, STAFF),
    "outings:company_create": (NONE, WARD_WRITERS),
    "outings:company": (COMPANY, NAKA),
    "outings:company_edit": (COMPANY, WARD_WRITERS),
    "outings:company_delete": (COMPANY, WARD_WRITERS),
    "outings:tariffs": (NONE, STAFF),
    "outings:tariff_create": (NONE, WARD_WRITERS),
    "outings:tariff_edit": (_tariff, WARD_WRITERS),
    "outings:tariff_delete": (_tariff, WARD_WRITERS),
    "outings:plan": (lambda t: {"pk": t.day1.pk, "direction": "to"}, NAKA),
}
# POST-only routes: checked below.
POSTED = {"outings:pair_add", "outings:pair_delete"}
# The dispatch plan's moves and papers (they need a plan made, a company chosen): each role's access
# to them is tested in tests/outings/test_plan_views.py.
PLANNED = {"outings:plan_make", "outings:plan_edit", "outings:plan_sheet_pdf", "outings:plan_sheet_xlsx",
           "outings:notices_pdf", "outings:request_pdf", "outings:proposal_pdf"}
# Routes asked for 中区 by name, as their links do.
FOR_NAKA = {"outings:company_create", "outings:tariff_create"}


def make_t(world, tour):
    from datetime import date

    tour.tariff = Tariff.objects.create(name="中区の取り決め", place=world.naka, valid_from=date(2026, 4, 1))
    return tour




_t_rows, t = shareable("t", make_t, needs=("tour",))
def test_every_route_is_in_the_matrix():
    assert {f"outings:{n}" for n in route_names("outings")} == set(ROUTES) | POSTED | PLANNED


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, t, route, role):
    kwargs, allowed = ROUTES[route]
    query = {"ward": world.naka.pk} if route in FOR_NAKA else {}
    response = as_user(getattr(world, role)).get(reverse(route, kwargs=kwargs(t)), query)
    assert response.status_code == (200 if role in allowed else 404), response.status_code


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, t, route):
    kwargs, _allowed = ROUTES[route]
    assert_sent_to_log_in(client.get(reverse(route, kwargs=kwargs(t))))


@pytest.mark.parametrize("role", ["naka_cm", "isogo_1so", "byobugaura_2so", "nobody"])
def test_outsiders_cannot_post_pairs_nor_change_anything(world, as_user, t, role):
    client = as_user(getattr(world, role))
    assert client.post(reverse("outings:pair_add", args=[t.outing.pk]),
                       {"first": t.hanako.pk, "second": t.ume.pk, "together": "0"}).status_code == 404
    assert client.post(reverse("outings:pair_delete", args=[t.outing.pk, t.pair.pk])).status_code == 404
    assert client.post(reverse("outings:delete", args=[t.outing.pk])).status_code == 404
    assert client.post(reverse("outings:participant_delete", args=[t.outing.pk, t.hanako.pk])).status_code == 404
    assert t.outing.pairs.count() == 1 and t.outing.participants.count() == 3


def test_another_wards_staff_see_neither_the_outing_nor_nakas_companies(world, as_user, t):
    client = as_user(world.isogo_1so)
    page = client.get(reverse("outings:list")).content.decode()
    assert "ふれあいサロン お買物ツアー" not in page
    assert "みなと交通" not in client.get(reverse("outings:companies")).content.decode()
    assert client.get(reverse("outings:companies"), {"ward": world.naka.pk}).status_code == 404
    assert client.get(reverse("outings:tariff_create"), {"ward": world.naka.pk}).status_code == 404


def test_the_city_tariff_is_changed_by_the_city_only(world, as_user, t):
    city = Tariff.objects.get(place__isnull=True)
    assert as_user(world.naka_1so).get(reverse("outings:tariff_edit", args=[city.pk])).status_code == 404
    assert as_user(world.admin).get(reverse("outings:tariff_edit", args=[city.pk])).status_code == 200


def test_every_look_at_participants_is_recorded(world, as_user, t):
    client = as_user(world.naka_ward)
    before = AuditEntry.objects.filter(action="access.look").count()
    text = client.get(reverse("outings:participants", args=[t.outing.pk])).content.decode()
    assert "架空 花子" in text
    client.get(reverse("outings:participant_edit", args=[t.outing.pk, t.hanako.pk]))
    client.get(reverse("outings:day_record", args=[t.outing.pk, t.day1.pk]))
    looks = AuditEntry.objects.filter(action="access.look").order_by("pk")[before:]
    assert [e.actor_id for e in looks] == [world.naka_ward.pk] * 3
    assert {e.changes["action"] for e in looks} == {"outings.participants"}
    # The outing's own page shows counts, no names, and records nothing.
    page = client.get(reverse("outings:detail", args=[t.outing.pk])).content.decode()
    assert "架空 花子" not in page and "045-111-2222" not in page
    assert AuditEntry.objects.filter(action="access.look").count() == before + 3
