"""磯子's shared log at a phone's size (390×844): the 2層Co, back from the weekly sales site,
writes what she saw in the project's log; the 自治会長 — an account with no staff role, on the team
— comments on it from his own phone. Screenshots: var/screenshots/projects-phone-*.png."""

from __future__ import annotations

import pytest

from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.projects.conftest import _isogo_rows, isogo  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

SEEN = "会場3か所で販売。坂の上の会場に15人。果物が早くに売り切れた。"
REPLY = "来週は果物を多めに積んでもらえるよう、お店に伝えます。"


def test_a_log_entry_and_a_comment_written_on_phones(isogo, live_server, new_page, log_in, screenshot):  # noqa: F811
    project_url = f"{live_server.url}{isogo.project.get_absolute_url()}"

    page = new_page(viewport=PHONE)
    log_in(page, "byobugaura-2so", PASSWORD)
    page.goto(project_url)
    page.fill("#id_body", SEEN)
    page.get_by_role("button", name="書く", exact=True).click()
    page.wait_for_load_state()
    entry = page.locator("ol.log > li").filter(has_text=SEEN)
    assert entry.count() == 1
    assert "屛風ヶ浦地域ケアプラザ" in entry.inner_text()
    assert_no_sideways_scroll(page, "project page")

    chair = new_page(viewport=PHONE)
    log_in(chair, "kuraki-chair", PASSWORD)
    chair.goto(project_url)
    chair.locator("ol.log > li").filter(has_text=SEEN).get_by_role("link", name="コメントする・直す").click()
    chair.fill("#id_body", REPLY)
    chair.get_by_role("button", name="コメントする").click()
    chair.wait_for_load_state()
    entry = chair.locator("ol.log > li").filter(has_text=SEEN)
    assert REPLY in entry.locator("ul.comments").inner_text()
    assert "久良岐丘自治会" in entry.locator("ul.comments").inner_text()
    # Not a member with the grant: the 気になる人 entry is not on his page.
    assert "Bさん" not in chair.content()
    assert_no_sideways_scroll(chair, "project page (chair)")
    screenshot(chair, "projects-phone-log")
