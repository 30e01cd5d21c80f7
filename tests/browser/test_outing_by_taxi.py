"""お出かけ支援 by taxi, in one walk (issue 14's must-show): 簑沢's 2層Co has an outing to 南部市場 with
eleven riders already entered (two in wheelchairs) and adds the twelfth through the form; plans the
way there (four cars of two companies), moves one rider to another car and sees the times and the
cost change at once (htmx), saves; prints the company's sheet (PDF → PNG, Japanese read back with
pdftotext) and records the day afterwards. The map draws a numbered marker for every pickup.
Screenshots: var/screenshots/outing-*.png."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.browser.conftest import SCREENSHOTS, wait_until
from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.outings.plan_factory import DEST, plan_world
from tsunagu.outings.models import CarFare, DispatchPlan, Participant

pytestmark = pytest.mark.browser


def test_a_2so_plans_an_outing_by_taxi_moves_a_rider_prints_the_sheet_and_records_the_day(
        new_page, live_server, log_in, transactional_db, world, screenshot, settings):
    settings.TSUNAGU_OUTING_SOLVE_SECONDS = 0.5
    settings.TSUNAGU_TILE_URL = ""  # no tile server in the closed test network: outlines and markers only
    w = plan_world(world, riders=11)
    assert sum(p.wheelchair for p in w.people) == 2
    page = new_page()
    log_in(page, "minosawa-2so", PASSWORD)

    # The twelfth rider through the form: pickup point put by its coordinates (the map fills these).
    page.goto(f"{live_server.url}/outings/{w.outing.pk}/participants/new/")
    page.get_by_label("氏名").fill("山本 春江")
    page.get_by_label("住所").fill("横浜市中区簑沢12-12")
    page.get_by_label("杖・歩行器").check()
    page.get_by_label("緯度").fill(f"{DEST[0] + 0.009:.6f}")
    page.get_by_label("経度").fill(f"{DEST[1] - 0.018:.6f}")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    yamamoto = Participant.objects.get(name="山本 春江")
    assert yamamoto.attendances.filter(day=w.day).exists() and not yamamoto.consented

    # Plan the way there.
    page.goto(f"{live_server.url}/outings/{w.outing.pk}/")
    page.get_by_role("link", name="配車計画（行き）").click()
    page.get_by_role("button", name="配車計画を作る").click()
    page.wait_for_load_state()
    assert "すべて守っています" in page.locator(".plan-summary").inner_text()
    plan = DispatchPlan.objects.get(day=w.day, direction="to")
    assert plan.valid
    wait_until(page, "document.getElementById('plan-map').dataset.stops === '11'")  # 12 riders, a couple as one
    screenshot(page, "outing-plan")
    total_before = page.locator(".total-fare").inner_text()

    # Move 佐藤 一郎 to another car: the times, the rules and the cost are shown again at once.
    row = page.locator("table.rides tr", has_text="佐藤 一郎")
    source = row.locator("xpath=ancestor::section[contains(@class, 'car')]").get_attribute("id")
    times_before = page.locator(f"#{source} ol.stops").inner_text()
    target = row.locator("select").locator("option").nth(0).get_attribute("value")
    row.locator("select").select_option(target)
    row.get_by_role("button", name="移す").click()
    page.locator(".unsaved").wait_for()
    assert page.locator(f"#{source} ol.stops").inner_text() != times_before  # the car's stops and times changed
    assert "佐藤 一郎" not in page.locator(f"#{source} ol.stops").inner_text()
    total_after = page.locator(".total-fare").inner_text()
    assert re.fullmatch(r"[\d,]+円", total_after) and total_after != total_before
    screenshot(page, "outing-plan-moved")
    assert violations(page) == []  # axe, WCAG AA, on the plan with a breach shown
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator(".message.success", has_text="保存しました").wait_for()
    plan.refresh_from_db()
    assert plan.version == 2 and plan.fare_total == int(total_after.rstrip("円").replace(",", ""))

    # The company's sheet: a PDF, looked at as PNG; Japanese text read back from it.
    href = page.get_by_role("link", name="配車表（タクシー会社あて・全車）PDF").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-", str(SCREENSHOTS / "outing-sheet")],
                   input=pdf.body(), check=True)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True,
                          check=True).stdout.decode()
    assert "配車表（行き）" in text and "佐藤 一郎さん" in text and "南部市場" in text and "見込み運賃" in text
    assert "山本 春江" not in text  # added without consent: not on the company's paper

    # The plan on a phone: nothing scrolls sideways.
    phone = new_page(viewport=PHONE, scale=2)
    log_in(phone, "minosawa-2so", PASSWORD)
    phone.goto(page.url)
    assert_no_sideways_scroll(phone, "plan")
    screenshot(phone, "outing-plan-phone")

    # After the day: who came, what the cars cost.
    page.goto(f"{live_server.url}/outings/{w.outing.pk}/days/{w.day.pk}/record/")
    page.locator(f"input[name='came-{w.people[1].pk}'][value='0']").check()
    # A row for each car booked, company and number filled in: the receipts' amounts.
    receipts = [2000, 1300, 1500, 1700]
    for n, fare in enumerate(receipts):
        page.locator(f"#id_fares-{n}-fare").fill(str(fare))
    page.get_by_label("うまくいかなかったこと・気づき").fill("2号車が坂の上の家を見つけられず5分遅れた。")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert sorted(CarFare.objects.filter(day=w.day).values_list("fare", flat=True)) == sorted(receipts)
    w.day.refresh_from_db()
    assert w.day.recorded_at is not None and "坂の上" in w.day.went_wrong
