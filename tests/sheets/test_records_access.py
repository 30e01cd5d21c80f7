"""Every route of 取組メモ (memos) and 取組共有シート (sheets), for every account of the cast: who gets
the page, who gets 404, and anonymous visitors sent to log in. A 2層Co writes only in their own CP
area; the ward's 1層Co and 区役所 read every CP of the ward; a district officer writes memos in their
district; CP staff read their CP; a care manager and everyone outside the ward see none of it.
A new route in either namespace fails test_every_route_is_in_the_matrix until it is added here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.records_access import RECORD_READERS, RECORD_WRITERS, ROLES, assert_sent_to_log_in, route_names
from tests.shared_rows import shareable
from tests.sheets.records_factory import make_memo, this_year
from tsunagu.memos import services as memo_services
from tsunagu.memos.models import Stage
from tsunagu.sheets import services as sheet_services
from tsunagu.sheets.models import SectionKey

# 簑沢's records: its sheet, and a memo filed at 第6地区 inside it (naka_chiku's district).
READ = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WRITE_SHEET = {"admin", "naka_1so", "minosawa_2so"}
WRITE_MEMO = {"admin", "naka_1so", "naka_chiku", "minosawa_2so"}
REVIEW = {"admin", "naka_1so"}
# 本牧 has no sheet yet; only the ward's 1層Co and the city may start one there.
WRITE_HONMOKU = {"admin", "naka_1so"}
TERMS = {"admin", "naka_1so", "isogo_1so"}


def make_things(world, records):
    deleted = make_memo(world.minosawa_2so, world.minosawa, "消したメモ")
    memo_services.memo_delete(user=world.minosawa_2so, memo=deleted)
    section = records.sheet.section(SectionKey.VISION)
    return {
        "sheet": records.sheet, "item": records.first, "memo": records.memo, "deleted": deleted,
        "comment": sheet_services.comment_add(user=world.naka_1so, section=section, text="住民の言葉で"),
        "naka_stage": memo_services.term_save(user=world.naka_1so, model=Stage, ward=world.naka, name="評価", order=60),
        "honmoku": world.honmoku, "minosawa": world.minosawa,
    }




_things_rows, things = shareable("things", make_things, needs=("records",))
# name: (method, kwargs from things, POST data from things, who gets through, the status they get)
NONE = lambda t: {}  # noqa: E731
ROUTES = {
    "memos:list": ("get", NONE, NONE, RECORD_READERS, 200),
    "memos:create": ("get", NONE, NONE, RECORD_WRITERS, 200),
    "memos:links": ("get", NONE, NONE, RECORD_WRITERS, 200),
    "memos:trash": ("get", NONE, NONE, RECORD_WRITERS, 200),
    "memos:detail": ("get", lambda t: {"pk": t["memo"].pk}, NONE, READ, 200),
    "memos:edit": ("get", lambda t: {"pk": t["memo"].pk}, NONE, WRITE_MEMO, 200),
    "memos:delete": ("get", lambda t: {"pk": t["memo"].pk}, NONE, WRITE_MEMO, 200),
    # The deleted memo was filed at the CP area itself, where the same people write as on its sheet.
    "memos:restore": ("post", lambda t: {"pk": t["deleted"].pk}, NONE, WRITE_SHEET, 302),
    "memos:terms": ("get", NONE, NONE, TERMS, 200),
    "memos:term_create": ("get", lambda t: {"model": "kind"}, NONE, {"admin"}, 200),
    "memos:term_edit": ("get", lambda t: {"model": "stage", "pk": t["naka_stage"].pk}, NONE, {"admin", "naka_1so"}, 200),
    "sheets:list": ("get", NONE, NONE, RECORD_READERS, 200),
    "sheets:create": ("post", NONE, lambda t: {"place": t["honmoku"].pk, "year": this_year()}, WRITE_HONMOKU, 302),
    "sheets:carry": ("post", NONE, lambda t: {"place": t["minosawa"].pk, "year": this_year() + 1}, WRITE_SHEET, 302),
    "sheets:detail": ("get", lambda t: {"pk": t["sheet"].pk}, NONE, READ, 200),
    "sheets:print": ("get", lambda t: {"pk": t["sheet"].pk}, NONE, READ, 200),
    "sheets:pdf": ("get", lambda t: {"pk": t["sheet"].pk}, NONE, READ, 200),
    "sheets:history": ("get", lambda t: {"pk": t["sheet"].pk}, NONE, READ, 200),
    "sheets:section_edit": ("get", lambda t: {"pk": t["sheet"].pk, "key": "current"}, NONE, WRITE_SHEET, 200),
    "sheets:comment_create": ("post", lambda t: {"pk": t["sheet"].pk, "key": "vision"}, lambda t: {"text": "よいです"},
                              REVIEW, 302),
    "sheets:comment_resolve": ("post", lambda t: {"pk": t["sheet"].pk, "comment_pk": t["comment"].pk}, NONE,
                               WRITE_SHEET, 302),
    "sheets:item_create": ("get", lambda t: {"pk": t["sheet"].pk}, NONE, WRITE_SHEET, 200),
    "sheets:item_edit": ("get", lambda t: {"pk": t["sheet"].pk, "item_pk": t["item"].pk}, NONE, WRITE_SHEET, 200),
    "sheets:item_move": ("post", lambda t: {"pk": t["sheet"].pk, "item_pk": t["item"].pk}, lambda t: {"to": "down"},
                         WRITE_SHEET, 302),
    "sheets:item_delete": ("get", lambda t: {"pk": t["sheet"].pk, "item_pk": t["item"].pk}, NONE, WRITE_SHEET, 200),
}


def test_every_route_is_in_the_matrix():
    names = {f"{namespace}:{name}" for namespace in ("memos", "sheets") for name in route_names(namespace)}
    assert names - set(ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, things, route, role):
    method, kwargs, data, allowed, status = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    method, kwargs, data, _allowed, _status = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(route, kwargs=kwargs(things)), data(things)))


@pytest.mark.parametrize("role", sorted(RECORD_READERS - READ))
def test_the_lists_show_outsiders_nothing_of_minosawa(world, as_user, things, role):
    client = as_user(getattr(world, role))
    assert things["memo"] not in client.get(reverse("memos:list")).context["page"]
    assert things["memo"] not in client.get(reverse("memos:list"), {"q": "サロン準備会"}).context["page"]
    rows = client.get(reverse("sheets:list")).context["rows"]
    assert all(row["area"] != things["minosawa"] for row in rows)
    assert things["sheet"] not in client.get(reverse("sheets:list"), {"q": "集える"}).context["found"]


def test_the_ward_office_reads_the_sheet_but_gets_no_edit_buttons(world, as_user, things):
    page = as_user(world.naka_ward).get(reverse("sheets:detail", args=[things["sheet"].pk])).content.decode()
    assert "誰もが気軽に集える地域" in page
    assert reverse("sheets:section_edit", args=[things["sheet"].pk, "vision"]) not in page
    assert reverse("sheets:comment_create", args=[things["sheet"].pk, "vision"]) not in page


def test_a_ward_coordinator_adds_to_their_own_wards_list_only(world, as_user, things):
    url = reverse("memos:term_create", kwargs={"model": "stage"})
    assert as_user(world.naka_1so).get(url, {"ward": world.naka.pk}).status_code == 200
    assert as_user(world.naka_1so).get(url, {"ward": world.isogo.pk}).status_code == 404
    assert as_user(world.isogo_1so).post(url, {"ward": world.naka.pk, "name": "x", "order": 1}).status_code == 404
    assert as_user(world.naka_1so).get(url, {"ward": "中区"}).status_code == 404  # not an id
    assert not Stage.objects.filter(name="x").exists()


def test_a_memos_links_for_another_wards_memo_are_404(world, as_user, things):
    url = reverse("memos:links")
    assert as_user(world.isogo_1so).get(url, {"memo": things["memo"].pk}).status_code == 404
