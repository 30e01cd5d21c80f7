"""The assessment choropleth in a browser: cells coloured, the legend with the data's date, the
word 「おおよその区域」, resources on top — under the CSP (the csp_violations fixture fails the test
on any violation). Screenshot: var/screenshots/assessment-map-naka.png."""

from __future__ import annotations

import pytest

from tsunagu.assessment import cells, population
from tsunagu.places.models import Kind, Place

pytestmark = pytest.mark.browser


def test_a_coordinator_reads_the_choropleth_of_her_ward(demo, page, live_server, log_in, screenshot):
    population.import_population(population.DATA_DIR / "chocho_2021-09")
    naka = Place.objects.get(kind=Kind.WARD, name="中区")
    assert cells.build(under=naka) > 50
    log_in(page, "naka-1so")
    page.goto(f"{live_server.url}/assessment/{naka.pk}/map/?indicator=late_elderly_rate")
    page.locator("#assessment-map[data-count]").wait_for()
    assert int(page.locator("#assessment-map").get_attribute("data-count")) > 50
    assert "2021-09-30" in page.locator("#legend-title").inner_text()
    assert page.locator("#legend-items li").count() == 6  # five classes and 秘匿・人口なし
    assert "おおよその区域" in page.locator(".approx").inner_text()
    assert page.locator("path.leaflet-interactive").count() > 50 or page.locator("canvas").count() >= 1
    screenshot(page, "assessment-map-naka")
