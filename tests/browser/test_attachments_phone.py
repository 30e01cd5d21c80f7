"""A 2層Co adds a photo to a memo from a phone (390×844), right after the visit: chooses the file,
taps 添付する, and sees the thumbnail (made in background work) on the memo without the page
scrolling sideways. Screenshot: var/screenshots/attachments-phone-memo.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.attachments.conftest import jpeg_bytes
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.sheets.records_factory import make_memo
from tsunagu.attachments.models import Attachment

pytestmark = pytest.mark.browser


def test_a_photo_is_added_to_a_memo_on_a_phone(transactional_db, world, live_server, new_page, log_in, screenshot,
                                               tmp_path):
    memo = make_memo(world.minosawa_2so, world.d6, "第6地区サロン準備会", content="空き家の下見。Wi-Fi も使える。")
    picture = tmp_path / "下見.jpg"
    picture.write_bytes(jpeg_bytes(size=(1600, 1200)))
    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "minosawa-2so", PASSWORD)
    page.goto(live_server.url + reverse("memos:detail", args=[memo.pk]))
    page.get_by_label("写真・資料を添付").set_input_files(str(picture))
    page.get_by_label("説明（任意）").fill("空き家の居間")
    page.get_by_role("button", name="添付する").click()
    page.wait_for_load_state()
    assert "1 個のファイルを添付しました" in page.content()
    thumb = page.locator("img.attachment-thumb")
    assert thumb.get_attribute("alt") == "空き家の居間"
    # The thumbnail loads after the page (its own request): wait for it, then read its size.
    thumb.evaluate("img => img.complete ? null : new Promise(done => {"
                   " img.addEventListener('load', done); img.addEventListener('error', done); })")
    assert thumb.evaluate("img => img.naturalWidth") == 240  # 320×240, turned upright: 240 wide
    assert_no_sideways_scroll(page, "memo with a photo")
    page.locator("#attachments").scroll_into_view_if_needed()
    screenshot(page, "attachments-phone-memo")
    assert Attachment.objects.of(memo).get().thumbnail
