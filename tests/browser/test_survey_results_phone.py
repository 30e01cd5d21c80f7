"""A survey's results on a phone (390×844): the coordinator breaks 中区's shopping survey down by
district; 第7地区's three answers read 「5未満」 in the chart and the table beside it, nothing runs
off the side, and the charts keep to the Content-Security-Policy (classes, no style attribute).
Screenshot: var/screenshots/survey-results-phone.png."""

from __future__ import annotations

import pytest

from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.surveys.test_results import _naka_rows, naka  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_results_by_district_on_a_phone(naka, live_server, new_page, log_in, screenshot):  # noqa: F811
    page = new_page(viewport=PHONE)
    log_in(page, "naka-1so", PASSWORD)
    page.goto(f"{live_server.url}/surveys/{naka.survey.pk}/results/")
    page.select_option("#id_by", "area:district")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_load_state()
    first = page.locator("section.card").first
    assert "5未満" in first.locator("table").inner_text()
    assert first.locator("svg.chart text", has_text="5未満").count() >= 1
    # The chart is drawn at the phone's width and its words stay legible (15 px at 360 units).
    box = first.locator("svg.chart").bounding_box()
    assert box and box["width"] <= PHONE["width"]
    size = first.locator("svg.chart text.chart-label").first.evaluate("e => e.getBoundingClientRect().height")
    assert size >= 12
    assert_no_sideways_scroll(page, "survey results")
    screenshot(page, "survey-results-phone")
