"""Issue 13 at a phone's size (390×844): the ward's 1層Co writes the minutes of the liaison meeting
and gives a follow-up to 簑沢's 2層Co; the 2層Co opens わたしのやること, sees it and marks it done
right there, and it leaves the list. Screenshots: var/screenshots/minutes-phone-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.events.minutes_factory import make_event
from tsunagu.events.models import AgendaItem, FollowUp

pytestmark = pytest.mark.browser

WHAT = "サロンの担い手募集チラシの原案を作る"


def test_an_organiser_gives_a_follow_up_that_the_2so_marks_done_from_the_to_do_list(
        new_page, live_server, log_in, transactional_db, world, screenshot):
    meeting = make_event(world.naka, "中区生活支援連絡会（12月）", organisers=[world.naka_council])
    item = AgendaItem.objects.create(event=meeting, order=10, title="各CPの取組報告")
    due = timezone.localdate() + timedelta(days=3)

    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "naka-1so", PASSWORD)
    page.goto(f"{live_server.url}/events/{meeting.pk}/minutes/")
    page.locator(f"#item-{item.pk}").get_by_role("link", name="議事録を書く").click()
    page.get_by_label("記録（話し合われたこと）").fill("簑沢：サロン3か所で担い手が不足している。")
    page.get_by_label("決定事項").fill("・担い手募集のチラシを区社協と簑沢CPで作る")
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator(f"#item-{item.pk}").get_by_role("link", name="フォローアップを追加").click()
    page.get_by_label("やること").fill(WHAT)
    page.get_by_label("担当者").select_option(label=f"{world.minosawa_2so}（簑沢地域ケアプラザ）")
    page.get_by_label("期限").fill(due.isoformat())
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("#followups").scroll_into_view_if_needed()
    card = page.locator(".followup-card", has_text=WHAT)
    assert "未着手" in card.inner_text() and str(world.minosawa_2so) in card.inner_text()
    assert_no_sideways_scroll(page, "minutes")
    assert violations(page) == []
    screenshot(page, "minutes-phone-organiser")

    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "minosawa-2so", PASSWORD)
    page.locator(".todo-link a").click()
    entry = page.locator(".todo-item", has_text=WHAT)
    assert "中区生活支援連絡会（12月）" in entry.inner_text()
    assert page.locator("#todo-week").is_visible()
    assert_no_sideways_scroll(page, "todo")
    assert violations(page) == []
    screenshot(page, "minutes-phone-todo")
    entry.get_by_text("完了にする").click()
    entry.get_by_label("ひとこと（任意）").fill("原案を区社協へメールで送った")
    screenshot(page, "minutes-phone-todo-closing")
    entry.get_by_role("button", name="完了として記録する").click()
    page.wait_for_url("**/todo/")
    assert "「完了」にしました" in page.locator(".messages").inner_text()
    assert page.locator(".todo-item", has_text=WHAT).count() == 0
    assert page.get_by_role("button", name="元に戻す").is_visible()
    screenshot(page, "minutes-phone-todo-done")
    followup = FollowUp.objects.get(what=WHAT)
    assert followup.status == "done" and followup.done_note == "原案を区社協へメールで送った"
