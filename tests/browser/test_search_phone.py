"""A resident searches on a phone (390×844, issue 12): after さがす the first screen shows the
result count and the first result, the count has the focus (a screen reader says it), and the
way back from a listing — its link or the browser's back — returns to the same results: the
same words, filters and page. Screenshots: var/screenshots/search-phone-*.png."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll

pytestmark = pytest.mark.browser


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def query_of(url: str) -> dict:
    return {k: v for k, v in parse_qs(urlsplit(url).query).items()}


def test_on_a_phone_the_results_come_first_and_the_way_back_keeps_them(demo, new_page, live_server):
    page = new_page(viewport=PHONE, scale=2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/")
    page.get_by_label("ことばで探す").fill("体操")
    page.get_by_text("条件をしぼる", exact=True).click()
    page.get_by_label("無料のもの").check()
    page.get_by_role("button", name="さがす").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SCREENSHOTS / "search-phone-after-search.png"))
    assert re.fullmatch(r"\d+件見つかりました", page.locator("#results").inner_text())
    assert page.evaluate("document.activeElement.id") == "results"  # focused: a screen reader says it
    assert on_first_screen(page, "#results") and on_first_screen(page, "ol.results li.result")
    assert "1つ指定中" in page.locator("summary").inner_text()
    assert_no_sideways_scroll(page, "search results")

    page.get_by_role("link", name="次へ").click()  # page 2: the way back must keep it
    page.wait_for_load_state()
    searched = page.url
    assert query_of(searched) == {"q": ["体操"], "free": ["on"], "page": ["2"]}
    assert on_first_screen(page, "#results") and on_first_screen(page, "ol.results li.result")
    first = page.locator("ol.results li.result h3 a").first.inner_text()
    page.get_by_role("link", name=first).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(first)
    page.get_by_role("link", name="検索結果にもどる").click()
    page.wait_for_load_state()
    assert query_of(page.url) == query_of(searched)
    assert page.locator("ol.results li.result h3 a").first.inner_text() == first
    assert on_first_screen(page, "#results") and on_first_screen(page, "ol.results li.result")
    page.get_by_role("link", name=first).click()
    page.wait_for_load_state()
    page.go_back()  # the browser's own back, too
    page.wait_for_load_state()
    assert query_of(page.url) == query_of(searched)
    assert page.locator("ol.results li.result h3 a").first.inner_text() == first

    # A ward in the words: said on the first screen, above the first result.
    page.goto(live_server.url + "/?q=" + "中区 サロン")
    assert "中区 で絞り込みました" in page.locator("#place-word").inner_text()
    assert on_first_screen(page, "#place-word") and on_first_screen(page, "ol.results li.result")
    page.screenshot(path=str(SCREENSHOTS / "search-phone-place-word.png"))
    assert violations(page) == []
    # Nothing found: 「もしかして」 and the CP's phone, on the first screen too.
    page.goto(live_server.url + "/?q=" + "簑沢 たいそお")
    assert page.locator(".suggestion a").inner_text() == "体操"
    assert page.locator(".call-us a.tel").first.get_attribute("href").startswith("tel:")
    assert on_first_screen(page, ".suggestion") and on_first_screen(page, ".call-us a.tel")
    page.screenshot(path=str(SCREENSHOTS / "search-phone-nothing-found.png"))
    assert violations(page) == []
