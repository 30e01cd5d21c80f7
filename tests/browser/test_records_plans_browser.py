"""地域支援計画 in a real Chromium: the list, a plan with its memos and history, an edit on a phone,
and two people editing at once — the second sees both versions side by side, merges, and nothing
typed is lost. Every page fits a phone's width and 200 % zoom without sideways scrolling.
Screenshots: var/screenshots/records-plan-*.png (desktop and 390×844).

It lives with the other browser tests so that all of them share one Playwright (tests/browser/
conftest.py); the plans come from tests/district_plans/conftest.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.browser.conftest import DESKTOP
from tests.browser.test_homes import PHONE, ZOOM_200, assert_no_sideways_scroll
from tests.district_plans import conftest as plan_fixtures
from tests.district_plans.conftest import plan_data
from tsunagu.district_plans import services
from tsunagu.district_plans.models import DistrictPlan
from tsunagu.memos.models import Memo

pytestmark = [pytest.mark.browser]

_plans_rows, plans = plan_fixtures._plans_rows, plan_fixtures.plans  # the fixtures, for these tests outside tests/district_plans


def open_as(new_page, live_server, user, viewport=DESKTOP):
    """A page logged in as the user (the session of a test client, handed to the browser)."""
    client = Client()
    client.force_login(user)
    page = new_page(viewport=viewport)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


@pytest.fixture
def full_plan(world, plans):
    """第6地区's plan as a coordinator would write it, with a year of memos."""
    plan = services.plan_update(user=world.naka_chiku, plan=plans.d6, seen_version=1, data=plan_data(
        status="adopted",
        current_state="丘の上の住宅地で坂が多い。商店が閉じ、買い物に困る一人暮らしの高齢者が増えている。\n"
                      "コロナ禍で休んでいたサロンのうち2か所が再開していない。",
        goals=["歩いて行ける居場所を地区に3か所つくる", "見守りの輪を自治会ごとに広げる",
               "移動販売を丘の上に呼ぶ"],
        directions="地区社協・民生委員と話し合いの場を年4回もち、サロンの再開と立ち上げを支える。\n"
                   "移動販売はスーパーと自治会をつなぎ、試行から始める。",
        partner_organisations=[world.d6_council.pk]))
    for day, title in ((date(2026, 5, 20), "地区社協とサロン再開の相談"), (date(2026, 7, 3), "丘の上の自治会で買い物アンケート"),
                       (date(2026, 9, 12), "移動販売の試行に立ち会う")):
        Memo.objects.create(date=day, place=world.d6, title=title, author=world.minosawa_2so)
    return plan


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_list_and_a_plan(world, plans, full_plan, new_page, live_server, screenshot, viewport, name):
    page = open_as(new_page, live_server, world.naka_1so, viewport)
    page.goto(f"{live_server.url}/plans/")
    main = page.locator("main")
    assert "簑沢地域ケアプラザ" in main.inner_text() and "区に直接属する地区" in main.inner_text()
    assert_no_sideways_scroll(page, "list")
    screenshot(page, f"records-plan-list-{name}")
    main.get_by_role("link", name="令和8年度〜令和10年度").first.click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "第6地区 地域支援計画" in text and "移動販売を丘の上に呼ぶ" in text
    assert "移動販売の試行に立ち会う" in text  # the district's memos of the period
    page.get_by_text("変更の記録").click()
    assert "目標3" in page.locator("details.history").inner_text()
    assert_no_sideways_scroll(page, "detail")
    screenshot(page, f"records-plan-detail-{name}")


def test_the_print_page(world, plans, full_plan, new_page, live_server, screenshot):
    page = open_as(new_page, live_server, world.naka_ward)
    page.goto(f"{live_server.url}/plans/{full_plan.pk}/print/")
    assert "第6地区 地域支援計画" in page.locator("h1").inner_text()
    screenshot(page, "records-plan-print-desktop")


def test_two_editors_at_once_on_phones(world, plans, full_plan, new_page, live_server, screenshot):
    officer = open_as(new_page, live_server, world.naka_chiku, PHONE)
    coordinator = open_as(new_page, live_server, world.minosawa_2so, PHONE)
    edit = f"{live_server.url}/plans/{full_plan.pk}/edit/"
    officer.goto(edit)
    coordinator.goto(edit)
    assert_no_sideways_scroll(coordinator, "edit")
    screenshot(coordinator, "records-plan-edit-phone")
    officer.fill("#id_directions", "地区担当：話し合いの場を年6回にする。")
    officer.get_by_role("button", name="保存").click()
    officer.wait_for_load_state()
    assert "保存しました" in officer.locator(".messages").inner_text()

    coordinator.fill("#id_directions", "2層Co：サロンの担い手養成講座を開く。")
    coordinator.fill("#id_note", "次の話し合いは10月")
    coordinator.get_by_role("button", name="保存").click()
    coordinator.wait_for_load_state()
    main = coordinator.locator("main")
    assert "同時に編集されました" in coordinator.locator("h1").inner_text()
    clash = coordinator.locator("#clash-directions")
    assert "地区担当：話し合いの場を年6回にする。" in clash.inner_text()
    assert "2層Co：サロンの担い手養成講座を開く。" in clash.inner_text()
    assert main.locator("#clash-note input[value=mine]").is_checked()  # only the 2層Co changed the note
    assert_no_sideways_scroll(coordinator, "conflict")
    screenshot(coordinator, "records-plan-conflict-phone")
    clash.get_by_label("下の欄で両方を合わせて直す").check()
    coordinator.fill("#merged-directions", "話し合いの場を年6回にする。\nサロンの担い手養成講座を開く。")
    coordinator.get_by_role("button", name="この内容で保存する").click()
    coordinator.wait_for_load_state()
    assert "保存しました" in coordinator.locator(".messages").inner_text()
    plan = DistrictPlan.objects.get(pk=full_plan.pk)
    assert plan.directions == "話し合いの場を年6回にする。\nサロンの担い手養成講座を開く。"
    assert plan.note == "次の話し合いは10月"


def test_the_conflict_screen_on_a_desktop_and_at_200_percent(world, plans, full_plan, new_page, live_server,
                                                               screenshot):
    for viewport, name in ((DESKTOP, "desktop"), (ZOOM_200, "zoom200")):
        plan = DistrictPlan.objects.get(pk=full_plan.pk)
        page = open_as(new_page, live_server, world.minosawa_2so, viewport)
        page.goto(f"{live_server.url}/plans/{plan.pk}/edit/")
        services.plan_update(user=world.naka_chiku, plan=plan, seen_version=plan.version,
                             data={**services.snapshot(plan), "current_state": f"地区担当が直した現状（{name}）",
                                   "goals": plan.goals + ["地区担当が足した目標"]})
        page.fill("#id_current_state", "2層Coが直した現状")
        page.fill("#id_goals", "\n".join(plan.goals[:2]))
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
        assert page.locator("#clash-current_state").is_visible() and page.locator("#clash-goals").is_visible()
        assert_no_sideways_scroll(page, f"conflict {name}")
        screenshot(page, f"records-plan-conflict-{name}")
