"""The partners' board at a phone's size (390×844): 中区's 1層Co opens it, reads the pipeline and its
counts, moves a company from 打診中 to 協力中 and sees the count change — without sideways scrolling
and with buttons large enough to tap. Screenshots: var/screenshots/partners-board-*.png."""

from __future__ import annotations

import pytest

from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD, org
from tests.partners.conftest import days_ago
from tsunagu.partners import services
from tsunagu.partners.models import Offer, Status
from tsunagu.people.models import OrganisationKind

pytestmark = pytest.mark.browser


@pytest.fixture
def minami_like(transactional_db, world):
    """Four taxi companies consulted, one cooperating, and a supermarket chain not yet approached."""
    for i, status in enumerate([Status.COOPERATING, Status.CONSULTING, Status.CONSULTING, Status.DECLINED]):
        company = org(OrganisationKind.TAXI, f"みなと交通{i + 1}", world.naka)
        services.partner_create(user=world.naka_1so, ward=world.naka, organisation=company, status=status,
                                on=days_ago(20), offers=[Offer.TRANSPORT], offer="食事会の送迎")
    chain = org(OrganisationKind.SUPERMARKET, "はまスーパー", world.city)
    services.partner_create(user=world.naka_1so, ward=world.naka, organisation=chain, offers=[Offer.MOBILE_SALES])
    return world


def test_a_ward_coordinator_moves_a_taxi_company_along_the_board_on_a_phone(minami_like, live_server, new_page,
                                                                            screenshot):
    page = new_page(viewport=PHONE, scale=2)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "naka-1so")
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/partners/")
    summary = page.locator(".pipeline-summary")
    assert summary.inner_text() == "打診した協力先 4社のうち、協力中 1社"
    assert page.locator("#col-consulting").inner_text().endswith("2社")
    assert_no_sideways_scroll(page, "board")
    screenshot(page, "partners-board-phone")

    page.locator("#col-consulting ~ ul").get_by_role("link", name="みなと交通2").click()
    page.get_by_role("link", name="状況を変える").click()
    page.get_by_label("協力中").check()
    page.get_by_label("理由・経緯").fill("説明会のあと協力の申し出")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "協力中" in page.locator(".status-now").inner_text()
    assert "説明会のあと協力の申し出" in page.locator(".status-history").inner_text()
    assert_no_sideways_scroll(page, "partner")
    screenshot(page, "partners-board-partner-phone")

    page.get_by_role("link", name="区全体の協力先").first.click()
    assert summary.inner_text() == "打診した協力先 4社のうち、協力中 2社"
    box = page.get_by_role("link", name="協力先を加える").bounding_box()
    assert box["height"] >= 44
