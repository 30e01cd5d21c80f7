"""A care manager on a phone (390×844): 「現在地から」 (allowed, then refused), the results nearest
first with their distance, two picked into the list, the list reordered and its PDF link; axe
finds nothing and nothing scrolls sideways. Screenshots: var/screenshots/nearby-*.png."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import watch_for_csp_violations
from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll

pytestmark = pytest.mark.browser

# 中区役所 (横浜市中区日本大通35): the phone says it is here.
HERE = {"latitude": 35.4446, "longitude": 139.6426}


def phone(browser, csp_violations, **options):
    context = browser.new_context(locale="ja-JP", viewport=PHONE, device_scale_factor=2, **options)
    context.set_default_timeout(15_000)
    watch_for_csp_violations(context, csp_violations)
    return context


def test_a_care_manager_searches_near_here_and_makes_a_list(demo, browser, csp_violations, live_server, screenshot):
    refused = phone(browser, csp_violations)  # no permission given: the browser says no
    page = refused.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="現在地から").click()
    status = page.locator("#near-me-status")
    status.filter(has_text="許可されませんでした").wait_for()
    refused.close()

    context = phone(browser, csp_violations, geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="現在地から").click()
    page.wait_for_url(re.compile(r"lat=35\.445&lng=139\.643"))  # rounded to about 100 m before it leaves the phone
    assert "現在地から近い順" in page.locator("main").inner_text()
    distances = page.locator("ol.results .distance").all_inner_texts()
    assert len(distances) == 20 and all(re.fullmatch(r"約 [\d.]+ (m|km)", d) for d in distances)

    def metres(text):
        number = float(re.search(r"[\d.]+", text).group())
        return number * 1000 if text.endswith("km") else number

    assert [metres(d) for d in distances] == sorted(metres(d) for d in distances)
    assert_no_sideways_scroll(page, "near here")
    assert violations(page) == []
    page.locator("ol.results").scroll_into_view_if_needed()
    screenshot(page, "nearby-phone-search-near-here")

    first, second = page.locator("ol.results h3 a").all_inner_texts()[:2]
    page.locator("ol.results li").nth(0).get_by_role("button", name="リストに入れる").click()
    page.locator("ol.results li").nth(1).get_by_role("button", name="リストに入れる").click()
    assert "リストに入れました（2件）" in page.locator(".messages").inner_text()
    assert "現在地から近い順" in page.locator("main").inner_text()  # back on the same search

    page.goto(live_server.url + "/resources/list/")
    page.get_by_role("button", name=f"{second}を上へ").click()
    assert page.locator("ol.list-items h2").all_inner_texts() == [second, first]
    page.get_by_role("button", name="リンクで送る").click()
    link = page.locator("#share-url").input_value()
    assert "/resources/l/" in link
    assert_no_sideways_scroll(page, "list")
    assert violations(page) == []
    screenshot(page, "nearby-phone-list")

    page.goto(link)
    assert page.locator("ol.list-items h2").all_inner_texts() == [second, first]
    assert page.get_by_role("button", name="外す").count() == 0
    assert violations(page) == []
    screenshot(page, "nearby-phone-shared-list")
    context.close()
