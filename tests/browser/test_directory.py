"""The directory as people use it: a resident searches たいそう, narrows to a ward and Tuesdays,
opens a result and sees it on the map; a leader confirms through the link and proposes a
change; a 2層Co approves it. Public and staff directory pages pass axe-core at WCAG 2.1 AA and
fit a phone and 200 % zoom. Screenshots go to var/screenshots/directory-*.png."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, ZOOM_200, assert_no_sideways_scroll
from tsunagu.directory.models import LeaderLink, Listing, Proposal
from tsunagu.directory.search import search
from tsunagu.places.models import Kind, Place

pytestmark = pytest.mark.browser

TUESDAY = 1


def a_tuesday_taiso():
    """A public listing found by たいそう that happens on Tuesdays, and its ward."""
    candidates = search(Listing.objects.public(), "たいそう").filter(location__latitude__isnull=False)
    listing = next(item for item in candidates if item.weekday_mask & (1 << TUESDAY))
    return listing, listing.place.ancestor_of_kind(Kind.WARD) or listing.place


def a_listing_in_minosawa():
    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    return Listing.objects.public().under(area).order_by("pk").first()


def test_a_resident_searches_narrows_opens_and_sees_the_map(demo, page, live_server, screenshot):
    listing, ward = a_tuesday_taiso()
    page.goto(live_server.url + "/")
    page.get_by_label("ことばで探す").fill("たいそう")
    page.get_by_text("条件をしぼる", exact=True).click()
    page.get_by_label("区", exact=True).select_option(label=ward.name)
    page.get_by_label("曜日").select_option(label="火曜")
    page.get_by_role("button", name="さがす").click()
    page.wait_for_load_state()
    assert re.search(r"\d+件見つかりました", page.locator("#results").inner_text())
    results = page.locator("ol.results h3 a")
    names = results.all_inner_texts()
    assert listing.name in names
    # Every result is in the chosen ward and happens on Tuesdays.
    for item in Listing.objects.filter(name__in=names):
        assert item.place.path.startswith(ward.path) and item.weekday_mask & (1 << TUESDAY)
    page.locator("#results-map .leaflet-marker-icon").first.wait_for()
    screenshot(page, "directory-public-search")
    # A marker's popup links to its listing's page (the address is built from the answer's {id}).
    # The map has placed every point (results-map.js sets data-count after fitting them in view);
    # the clusters settle after the zoom, slowly on a loaded machine.
    page.locator("#results-map[data-count]").wait_for()
    page.locator("#results-map .leaflet-marker-icon:not(.marker-cluster)").first.click(timeout=45_000)
    popup = page.locator("#results-map .leaflet-popup-content a")
    assert popup.inner_text() in names
    # …and carries the search for the way back, as the cards do (search_return.py).
    assert popup.get_attribute("href").startswith(f"/resources/{Listing.objects.get(name=popup.inner_text()).pk}/?back=q%3D")

    page.get_by_role("link", name=listing.name).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(listing.name)
    assert "火" in page.locator("dl.facts").inner_text()
    marker = page.locator("#listing-map .leaflet-marker-icon")
    marker.wait_for()
    assert marker.get_attribute("alt") == listing.location.name
    screenshot(page, "directory-public-detail")


def test_a_leader_confirms_proposes_and_a_coordinator_approves(demo, page, new_page, live_server, log_in,
                                                                screenshot):
    listing = a_listing_in_minosawa()
    token = LeaderLink.objects.get_or_create(listing=listing)[0].token
    page.goto(f"{live_server.url}/check/{token}/")
    screenshot(page, "directory-leader-page")
    page.get_by_label("お名前（任意）").fill("山﨑 花子")
    page.get_by_role("button", name="この内容で合っています").click()
    page.wait_for_load_state()
    assert "確認済みにしました" in page.locator("main").inner_text()
    screenshot(page, "directory-leader-confirmed")
    listing.refresh_from_db()
    assert listing.confirmed_by == "山﨑 花子" and not listing.is_stale

    page.goto(f"{live_server.url}/check/{token}/")
    page.get_by_label("費用").fill("1回300円（会場費が上がりました）")
    page.locator("#id_submitted_by").fill("山﨑 花子")
    page.get_by_role("button", name="変更を送る").click()
    page.wait_for_load_state()
    assert "お預かりしました" in page.locator("main").inner_text()
    assert Proposal.objects.filter(listing=listing, state=Proposal.State.OPEN).count() == 1

    staff = new_page()
    log_in(staff, "minosawa-2so")
    staff.goto(f"{live_server.url}/directory/")
    staff.get_by_role("link", name="提案を見る").click()
    staff.wait_for_load_state()
    staff.get_by_role("link", name=listing.name).click()
    staff.wait_for_load_state()
    assert "1回300円（会場費が上がりました）" in staff.locator("main").inner_text()
    screenshot(staff, "directory-proposal")
    staff.get_by_role("button", name="選んだ項目を反映する").click()
    staff.wait_for_load_state()
    assert "提案を反映しました" in staff.locator("main").inner_text()
    assert "1回300円（会場費が上がりました）" in staff.locator("dl.facts").inner_text()
    screenshot(staff, "directory-after-approval")
    listing.refresh_from_db()
    assert listing.cost == "1回300円（会場費が上がりました）"


def public_pages() -> list[tuple[str, str]]:
    listing = a_listing_in_minosawa()
    token = LeaderLink.objects.get_or_create(listing=listing)[0].token
    return [("search", "/"), ("results", "/?q=サロン"), ("detail", f"/resources/{listing.pk}/"),
            ("leader", f"/check/{token}/")]


def staff_pages() -> list[tuple[str, str]]:
    listing = a_listing_in_minosawa()
    return [("list", "/directory/"), ("detail", f"/directory/{listing.pk}/"),
            ("edit", f"/directory/{listing.pk}/edit/"), ("new", "/directory/new/"),
            ("stale", "/directory/stale/"), ("proposals", "/directory/proposals/")]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_directory_pages_have_no_accessibility_violations(demo, new_page, live_server, log_in, viewport):
    page = new_page(viewport=viewport)
    found = {}
    for name, path in public_pages():
        assert page.goto(live_server.url + path).status == 200, path
        found[name] = violations(page)
    log_in(page, "minosawa-2so")
    for name, path in staff_pages():
        assert page.goto(live_server.url + path).status == 200, path
        found[f"staff-{name}"] = violations(page)
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("viewport, scale", [pytest.param(PHONE, 3, id="phone"), pytest.param(ZOOM_200, 2, id="zoom200")])
def test_directory_pages_fit_a_phone_and_200_percent_zoom(demo, new_page, live_server, log_in, screenshot,
                                                          viewport, scale):
    page = new_page(viewport=viewport, scale=scale)
    size = "phone" if viewport == PHONE else "zoom200"
    for name, path in public_pages():
        page.goto(live_server.url + path)
        assert_no_sideways_scroll(page, name)
        screenshot(page, f"directory-{size}-{name}")
    log_in(page, "minosawa-2so")
    for name, path in staff_pages():
        page.goto(live_server.url + path)
        assert_no_sideways_scroll(page, f"staff {name}")
        screenshot(page, f"directory-{size}-staff-{name}")


def test_large_text_is_one_press_and_is_remembered(demo, page, live_server):
    page.goto(live_server.url + "/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="文字を大きく").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after >= before * 1.2
    page.goto(live_server.url + "/about/")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.get_by_role("button", name="文字を大きく").get_attribute("aria-pressed") == "true"
