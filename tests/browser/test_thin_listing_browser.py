"""A thin listing on a phone (390×844): no empty label, one freshness line, and the area's care
plaza to call where the listing gives no phone. Screenshot: var/screenshots/directory-thin-listing-phone.png."""

from __future__ import annotations

import pytest

from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tsunagu.directory.models import Listing, Visibility
from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place

pytestmark = pytest.mark.browser


def test_a_thin_listing_on_a_phone_looks_finished(demo, new_page, live_server, screenshot):
    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    plaza = Organisation.objects.get(kind=OrganisationKind.CARE_PLAZA, place=area)
    listing = Listing.objects.create(name="ひだまりの会", place=area, visibility=Visibility.PUBLIC)
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/resources/{listing.pk}/")
    facts = page.locator("dl.facts")
    for label in facts.locator("dt").all() + facts.locator("dd").all():
        assert label.inner_text().strip()
    assert page.locator(".freshness-note").count() == 1
    call = page.get_by_role("link", name=f"☎ {plaza.phone}")
    call.wait_for()
    assert call.get_attribute("href") == f"tel:{plaza.phone}"
    assert plaza.name in page.locator(".stand-in").inner_text()
    assert_no_sideways_scroll(page, "thin listing")
    screenshot(page, "directory-thin-listing-phone")


def test_a_coordinator_turns_a_proposed_schedule_into_the_rule_and_one_schedule_remains(demo, page, live_server,
                                                                                        log_in, screenshot):
    from tsunagu.directory import freshness

    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    listing = Listing.objects.public().under(area).order_by("pk").first()
    values = {**freshness.proposable_values(listing), "schedule_note": "毎週金曜 10時〜11時半（年末年始は休み）"}
    proposal = freshness.leader_propose(link=freshness.leader_link(listing), name="山﨑", values=values)
    log_in(page, "minosawa-2so")
    page.goto(f"{live_server.url}/directory/proposals/{proposal.pk}/")
    rule = page.locator("#proposed-schedule")
    assert rule.get_by_label("年末年始（12月29日〜1月3日）は休み").first.is_checked()
    screenshot(page, "directory-proposal-schedule")
    page.get_by_role("button", name="選んだ項目を反映する").click()
    page.wait_for_load_state()
    assert "提案を反映しました" in page.locator("main").inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "毎週金曜 10:00〜11:30（年末年始は休み）" in facts
    assert [s.byday for s in listing.schedules.all()] == ["FR"]
