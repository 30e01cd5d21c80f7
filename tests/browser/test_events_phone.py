"""催し on a phone (390×844): a 1層Co plans the ward's exchange meeting with the form's few required
fields, invites two CPs and a 2層Co, and at the door marks who came with one tap each (htmx swaps
the row) and counts the residents who came without names. Nothing scrolls sideways; no CSP
violation; axe finds nothing on the attendance screen; the ward's calendar is a list of days.
Screenshots: var/screenshots/events-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tsunagu.events.models import Attendance, Event

pytestmark = pytest.mark.browser


def test_a_1so_plans_an_exchange_meeting_and_marks_attendance_on_a_phone(new_page, live_server, log_in,
                                                                          transactional_db, world, screenshot):
    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "naka-1so", PASSWORD)
    day = timezone.localdate() + timedelta(days=1)
    page.goto(f"{live_server.url}/events/new/")
    page.get_by_label("催しの名前").fill("生活支援ボランティア交流会")
    page.get_by_label("種類").select_option(label="交流会")
    page.get_by_label("会場", exact=True).fill("中区福祉保健活動拠点 多目的研修室")
    page.get_by_label("日付").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("開始").fill("13:30")
    page.get_by_label("終了").fill("15:30")
    assert_no_sideways_scroll(page, "event form")
    screenshot(page, "events-form-phone")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "生活支援ボランティア交流会"
    event = Event.objects.get(title="生活支援ボランティア交流会")
    assert (event.place, event.starts_on) == (world.naka, day)
    screenshot(page, "events-detail-phone")

    page.get_by_role("link", name="参加者・出欠", exact=True).click()
    page.get_by_label("簑沢地域ケアプラザ").check()
    page.get_by_label("本牧地域ケアプラザ").check()
    page.get_by_label("minosawa-2so").check()
    page.get_by_role("button", name="加える").click()
    page.wait_for_load_state()
    assert page.locator("li.participant").count() == 3

    page.get_by_role("button", name="簑沢地域ケアプラザ：出席した").click()
    minosawa = event.participants.get(organisation=world.minosawa_cp)
    page.locator(f"#p-{minosawa.pk} button.chosen").wait_for()
    page.get_by_role("button", name="本牧地域ケアプラザ：欠席した").click()
    honmoku = event.participants.get(organisation=world.honmoku_cp)
    page.locator(f"#p-{honmoku.pk} button.chosen").wait_for()
    page.locator("#id_heads-0-label").fill("住民")
    page.locator("#id_heads-0-number").fill("30")
    page.get_by_role("button", name="人数を保存").click()
    page.wait_for_load_state()
    assert "名前のない参加者 30人" in page.locator(".tally").inner_text()
    assert dict(event.participants.values_list("organisation__name", "attendance")) == {
        "簑沢地域ケアプラザ": Attendance.ATTENDED, "本牧地域ケアプラザ": Attendance.ABSENT, None: Attendance.UNKNOWN}
    assert_no_sideways_scroll(page, "participants")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "events-attendance-phone")
    assert violations(page) == []

    # The ward's calendar is a list of days on a phone.
    page.goto(f"{live_server.url}/events/calendar/?month={day:%Y-%m}")
    assert page.locator("ul.day-list").is_visible() and not page.locator("table.calendar").is_visible()
    assert "生活支援ボランティア交流会" in page.locator("ul.day-list").inner_text()
    assert_no_sideways_scroll(page, "calendar")
    screenshot(page, "events-calendar-phone")
    wide = new_page()
    log_in(wide, "naka-1so", PASSWORD)
    wide.goto(f"{live_server.url}/events/calendar/?month={day:%Y-%m}")
    assert "生活支援ボランティア交流会" in wide.locator("table.calendar").inner_text()
    screenshot(wide, "events-calendar-desktop")
