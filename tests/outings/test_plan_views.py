"""配車計画's screens and papers: who may see and change a day's plan (outsiders get 404), the plan
made and checked, moves shown at once and saved against the version, breaches in red beside their
car, and the papers (only consenting riders named for the company; Japanese glyphs present)."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.outings.plan_factory import plan_world
from tsunagu.audit.models import AuditEntry
from tsunagu.outings import papers
from tsunagu.outings import plan_services as services
from tsunagu.outings.models import DispatchPlan
from tsunagu.outings.planning import Rules


@pytest.fixture(autouse=True)
def _quick_solver(settings):
    settings.TSUNAGU_OUTING_SOLVE_SECONDS = 0.3
    settings.TSUNAGU_ROUTING_URL = ""


@pytest.fixture
def w(world):
    return plan_world(world)


def _make(w, user, direction="to"):
    plan, layout = services.plan_make(user=user, day=w.day, direction=direction, rules=Rules.defaults(direction),
                                      split="equal", seen_version=None)
    return plan, layout


RULES = {"max_ride": 30, "stop_minutes": 2, "assisted_stop_minutes": 5, "earlier": 15, "later": 0, "detour": 1.3,
         "speed_kmh": 15, "main_road_kmh": 30, "max_route_minutes": 60, "split": "equal", "version": 0}


@pytest.mark.parametrize("who", ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"])
def test_staff_who_see_the_outings_riders_see_its_plan(world, w, as_user, who):
    _make(w, world.minosawa_2so)
    response = as_user(getattr(world, who)).get(reverse("outings:plan", args=[w.day.pk, "to"]))
    assert response.status_code == 200
    assert "山田 花子" in response.content.decode()


@pytest.mark.parametrize("who", ["isogo_1so", "byobugaura_2so", "naka_cm", "nobody"])
def test_outsiders_get_404_for_the_plan_and_its_papers(world, w, as_user, who):
    _make(w, world.minosawa_2so)
    client = as_user(getattr(world, who))
    for name, args in [("outings:plan", [w.day.pk, "to"]), ("outings:plan_sheet_pdf", [w.day.pk, "to"]),
                       ("outings:plan_sheet_xlsx", [w.day.pk, "to"]), ("outings:notices_pdf", [w.day.pk]),
                       ("outings:request_pdf", [w.day.pk]), ("outings:proposal_pdf", [w.outing.pk])]:
        assert client.get(reverse(name, args=args), {"company": w.minato.pk}).status_code == 404, name
    assert client.post(reverse("outings:plan_make", args=[w.day.pk, "to"]), RULES).status_code == 404
    assert client.post(reverse("outings:plan_edit", args=[w.day.pk, "to"]), {"op": "save"}).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("naka_1so", 302), ("minosawa_2so", 302), ("minosawa_staff", 302),
                                              ("naka_chiku", 404)])
def test_those_who_change_the_outing_make_the_plan_others_only_read_it(world, w, as_user, who, status):
    # 中区's district officer reads the ward but writes only in 第6地区; the outing is 簑沢's CP area.
    response = as_user(getattr(world, who)).post(reverse("outings:plan_make", args=[w.day.pk, "to"]), RULES)
    assert response.status_code == status
    assert DispatchPlan.objects.filter(day=w.day).exists() == (status == 302)


def test_the_back_direction_needs_a_leave_time(world, w, as_user):
    w.day.leave_at = None
    w.day.save()
    assert as_user(world.naka_1so).get(reverse("outings:plan", args=[w.day.pk, "back"])).status_code == 404
    assert as_user(world.naka_1so).get(reverse("outings:plan", args=[w.day.pk, "sideways"])).status_code == 404


def test_making_a_plan_keeps_every_rule_and_the_page_shows_it_and_is_audited(world, w, as_user):
    client = as_user(world.minosawa_2so)
    page = client.get(reverse("outings:plan", args=[w.day.pk, "to"]))
    assert "配車計画を作る" in page.content.decode()
    response = client.post(reverse("outings:plan_make", args=[w.day.pk, "to"]), RULES, follow=True)
    html = response.content.decode()
    plan = DispatchPlan.objects.get(day=w.day, direction="to")
    assert plan.valid and plan.version == 1 and plan.fare_total > 0 and plan.alone_total > plan.fare_total
    assert "決まり（座席・時刻・乗車時間・運行時間）をすべて守っています" in html
    # Every rider is in a car; both wheelchair users in the two accessible ones.
    reading = services.Reading(plan)
    layout = reading.lay_out(reading.stored_routes())
    assert not layout.unassigned and sum(len(c.rides) for c in layout.cars) == 11  # the couple is one ride
    wheelchair_cars = {c.car.name for c in layout.cars for r in c.rides if r.group.wheelchair}
    assert wheelchair_cars <= {"3号車（みなと交通・UDタクシー）", "4号車（山手タクシー・福祉車両）"}
    looks = AuditEntry.objects.filter(action="access.look", target_id=w.outing.pk)
    assert looks.count() == 2  # the page before and after
    assert AuditEntry.objects.filter(action="dispatch_plan.make").count() == 1


def _draft(html: str) -> dict:
    start = html.index('name="draft" value="') + len('name="draft" value="')
    value = html[start:html.index('"', start)]
    return json.loads(value.replace("&quot;", '"'))


def _panel_post(client, w, data):
    return client.post(reverse("outings:plan_edit", args=[w.day.pk, "to"]), data, HTTP_HX_REQUEST="true")


def test_a_move_shows_its_effect_at_once_and_is_kept_only_when_saved(world, w, as_user):
    plan, layout = _make(w, world.minosawa_2so)
    client = as_user(world.minosawa_2so)
    # 佐藤 一郎 (a sedan rider) into the car with most room left.
    sato = next(r.group for c in layout.cars for r in c.rides if r.group.name == "佐藤 一郎")
    source = next(c for c in layout.cars for r in c.rides if r.group is sato)
    target = next(c for c in layout.cars if c is not source and not any(r.group.wheelchair for r in c.rides))
    draft = {"cars": [c.car.key for c in layout.cars], "routes": plan.routes}
    response = _panel_post(client, w, {"op": f"move:{sato.key}", f"to-{sato.key}": target.car.key,
                                       "draft": json.dumps(draft), "history": "[]", "version": plan.version,
                                       "split": "equal"})
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="plan-panel"')  # the panel alone
    assert "保存していない変更があります" in html
    moved = _draft(html)
    target_index = [c.car.key for c in layout.cars].index(target.car.key)
    assert [sato.key, "p"] in moved["routes"][target_index]
    plan.refresh_from_db()
    assert plan.version == 1 and [sato.key, "p"] not in plan.routes[target_index]  # not saved yet

    # ひとつ戻す brings the draft back.
    history = html[html.index('name="history" value="') + 22:]
    history = history[:history.index('"')].replace("&quot;", '"')
    undone = _panel_post(client, w, {"op": "undo", "draft": json.dumps(moved), "history": history,
                                     "version": plan.version}).content.decode()
    assert _draft(undone)["routes"] == plan.routes

    # 保存 keeps it; the same save again from the old version is refused (someone saved meanwhile).
    saved = _panel_post(client, w, {"op": "save", "draft": json.dumps(moved), "history": "[]",
                                    "version": 1, "split": "distance"})
    assert saved.status_code == 200
    plan.refresh_from_db()
    assert plan.version == 2 and [sato.key, "p"] in plan.routes[target_index] and plan.split == "distance"
    stale = _panel_post(client, w, {"op": "save", "draft": json.dumps(draft), "history": "[]", "version": 1})
    assert stale.status_code == 409
    assert "ほかの人がこの配車計画を保存しました" in stale.content.decode()
    plan.refresh_from_db()
    assert plan.version == 2


def test_a_breach_is_shown_in_red_beside_its_car_and_the_plan_is_not_called_valid(world, w, as_user):
    plan, layout = _make(w, world.minosawa_2so)
    client = as_user(world.minosawa_2so)
    yamada = next(r.group for c in layout.cars for r in c.rides if r.group.name == "山田 花子")
    sedan = layout.cars[0]
    assert not sedan.car.wheelchair_spaces
    draft = {"cars": [c.car.key for c in layout.cars], "routes": plan.routes}
    html = _panel_post(client, w, {"op": f"move:{yamada.key}", f"to-{yamada.key}": sedan.car.key,
                                    "draft": json.dumps(draft), "history": "[]", "version": 1}).content.decode()
    assert "すべて守っています" not in html
    assert "決まりを守れていない所が" in html
    car_section = html[html.index('id="car-1"'):html.index('id="car-2"')]
    assert 'class="breach"' in car_section and "山田 花子さん" in car_section and "1号車" in car_section


def test_reordering_a_stop_changes_the_times(world, w, as_user):
    plan, layout = _make(w, world.minosawa_2so)
    car = next(c for c in layout.cars if sum(1 for s in c.stops if s.kind == "pickup") >= 2)
    second = [s for s in car.stops if s.kind == "pickup"][1]
    draft = {"cars": [c.car.key for c in layout.cars], "routes": plan.routes}
    html = _panel_post(as_user(world.minosawa_2so), w, {
        "op": f"up:{car.car.key}:{second.group.key}:p", "draft": json.dumps(draft), "history": "[]",
        "version": 1}).content.decode()
    moved = _draft(html)["routes"][car.index]
    assert moved[0] == [second.group.key, "p"]


def open_png(pdf: bytes, name: str) -> None:
    """The first page as var/screenshots/<name>-1.png, to look at (pdftoppm -r 60)."""
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-", str(SCREENSHOTS / name)], input=pdf,
                   check=True)


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_company_sheet_names_only_riders_who_consented(world, w, as_user):
    _make(w, world.minosawa_2so)
    client = as_user(world.naka_1so)
    response = client.get(reverse("outings:plan_sheet_pdf", args=[w.day.pk, "to"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "配車表（行き）" in text and "山田 花子さん" in text and "南部市場" in text and "見込み運賃" in text
    assert "山本 春江" not in text and "簑沢12-12" not in text  # no consent: neither name nor address
    assert "同意がないため" in text
    # One company's cars only.
    yamate = _text(client.get(reverse("outings:plan_sheet_pdf", args=[w.day.pk, "to"]),
                              {"company": w.yamate.pk}).content)
    assert "4号車（山手タクシー" in yamate and "1号車（みなと交通" not in yamate
    book = load_workbook(io.BytesIO(client.get(reverse("outings:plan_sheet_xlsx", args=[w.day.pk, "to"])).content))
    cells = " ".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)
    assert "山田 花子さん" in cells and "山本 春江" not in cells
    assert len(book.worksheets) == sum(1 for route in DispatchPlan.objects.get(day=w.day).routes if route)


def test_papers_print_japanese_without_missing_glyphs(world, w):
    plan, _layout = _make(w, world.minosawa_2so)
    _make(w, world.minosawa_2so, "back")
    readings = {}
    for direction in ("to", "back"):
        reading = services.Reading(DispatchPlan.objects.get(day=w.day, direction=direction))
        readings[direction] = (reading, reading.lay_out(reading.stored_routes()))
    sheet = papers.company_sheet_pdf(w.day, *readings["to"])
    notices = papers.notices_pdf(w.day, readings, contact="簑沢地域ケアプラザ 045-000-9999")
    request = papers.request_pdf(w.day, w.minato)
    proposal = papers.proposal_pdf(w.outing)
    for rendered in (sheet, notices, request, proposal):
        assert rendered.missing_glyphs == []
    assert notices.pages == 12  # one a rider
    text = _text(notices.pdf)
    assert "お出かけのご案内" in text and "お迎え" in text and "お帰り" in text and "045-000-9999" in text
    open_png(notices.pdf, "outing-notices")
    open_png(sheet.pdf, "outing-company-sheet")
    assert "福祉タクシー利用券（2枚）" in text and "障害者手帳" in text
    assert request.pages == 1 and "配車依頼書" in _text(request.pdf) and "セダン × 2台" in _text(request.pdf)
    assert proposal.pages == 1 and "ご用意できる車" in _text(proposal.pdf)
