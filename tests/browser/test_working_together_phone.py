"""Issue 13's must-show, on a phone (390×844), through the pages as a person uses them: 中区's 1層Co
plans an exchange meeting (交流会) with three CPs as co-organisers and participants, records who came
(and 住民 by head count) and the minutes with a follow-up for 簑沢's 2層Co; the 2層Co finds it on
わたしのやること and marks it done; the ward view counts the meeting and its participants. The
minutes' PDF is saved and turned into PNGs (pdftoppm) to be looked at.
Screenshots: var/screenshots/together-*.png."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tsunagu.events.models import Event, FollowUp
from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place

pytestmark = pytest.mark.browser

TITLE = "中区 生活支援ボランティア交流会"
WHAT = "参加団体の連絡先一覧を作って配る"
CPS = ["簑沢地域ケアプラザ", "本牧地域ケアプラザ", "山元町地域ケアプラザ"]


def test_a_1so_holds_an_exchange_meeting_the_2so_closes_the_follow_up_and_the_ward_view_counts_it(
        new_page, live_server, log_in, transactional_db, world, screenshot):
    # The default kinds are seeded by a migration; a transactional test run before this one emptied
    # every table, so they are put back (get_or_create: nothing doubles when they are there).
    from django.apps import apps

    importlib.import_module("tsunagu.events.migrations.0002_default_kinds").seed(apps, None)
    # 中区's third CP area (the cast has two).
    yamamoto = Place.objects.create(kind=Kind.CP_AREA, code="14104-CP03", name="山元町地域ケアプラザ", parent=world.naka)
    Organisation.objects.create(kind=OrganisationKind.CARE_PLAZA, name="山元町地域ケアプラザ", place=yamamoto)
    today = timezone.localdate()

    # 1. The 1層Co plans the meeting: held today at the ward, the three CPs co-organising.
    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "naka-1so", PASSWORD)
    page.goto(f"{live_server.url}/events/new/")
    page.get_by_label("催しの名前").fill(TITLE)
    page.get_by_label("種類").select_option(label="交流会")
    page.get_by_label("日付").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("開始").fill("13:30")
    page.get_by_label("終了").fill("15:30")
    page.get_by_label("会場", exact=True).fill("中区福祉保健活動拠点 多目的研修室")
    # 主催・共催 is under 「くわしく書く」 (open already when the form offers the 1層Co's own 社協).
    if not page.locator("details.more").evaluate("d => d.open"):
        page.get_by_text("くわしく書く（会場・主催・対象・オンライン・内容）").click()
    for name in CPS:
        page.get_by_label(name, exact=True).check()
    assert_no_sideways_scroll(page, "event form")
    screenshot(page, "together-1-plan")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    event = Event.objects.get(title=TITLE)
    assert set(event.organisers.values_list("name", flat=True)) >= set(CPS)

    # 2. On the day: the three CPs and 簑沢's 2層Co take part; 住民 are counted without names.
    page.get_by_role("link", name="参加者・出欠", exact=True).click()
    for name in CPS:
        page.get_by_label(name, exact=True).check()
    page.get_by_label("minosawa-2so").check()
    page.get_by_role("button", name="加える").click()
    page.wait_for_load_state()
    assert page.locator("li.participant").count() == 4
    # The rows are read before the clicks: a query of this thread while the live server writes the
    # answer is refused on SQLite's shared in-memory database ("table is locked") in a run without xdist.
    rows = {name: event.participants.get(organisation__name=name).pk for name in CPS}
    for name in CPS:
        page.get_by_role("button", name=f"{name}：出席した").click()
        page.locator(f"#p-{rows[name]} button.chosen").wait_for()
    page.locator("#id_heads-0-label").fill("住民")
    page.locator("#id_heads-0-number").fill("25")
    page.get_by_role("button", name="人数を保存").click()
    page.wait_for_load_state()
    assert "名前のない参加者 25人" in page.locator(".tally").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "together-2-attendance")

    # 3. The minutes, and a follow-up for 簑沢's 2層Co.
    page.get_by_role("link", name="催しのページに戻る").click()
    page.get_by_role("link", name="議事録・フォローアップを開く").click()
    page.get_by_role("link", name="議事録を書く").first.click()
    page.get_by_label("記録（話し合われたこと）").fill("3つのCPの団体が活動を紹介した。担い手不足の悩みが共通していた。")
    page.get_by_label("決定事項").fill("・参加団体の連絡先を共有する\n・次回は本牧で開く")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("link", name="フォローアップを追加").first.click()
    page.get_by_label("やること").fill(WHAT)
    page.get_by_label("担当者").select_option(label=f"{world.minosawa_2so}（簑沢地域ケアプラザ）")
    page.get_by_label("期限").fill(f"{today + timedelta(days=7):%Y-%m-%d}")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert WHAT in page.locator("main").inner_text()
    assert_no_sideways_scroll(page, "minutes")
    screenshot(page, "together-3-minutes")

    # The minutes on A4, as PNGs to look at.
    pdf = page.request.get(f"{live_server.url}/events/{event.pk}/minutes.pdf")
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "together-minutes.pdf").write_bytes(pdf.body())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(SCREENSHOTS / "together-minutes.pdf"),
                        str(SCREENSHOTS / "together-minutes")], check=True)
        assert list(SCREENSHOTS.glob("together-minutes-*.png"))

    # 4. The 2層Co finds it on their to-do list and marks it done there.
    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "minosawa-2so", PASSWORD)
    page.goto(f"{live_server.url}/todo/")
    entry = page.locator(".todo-item", has_text=WHAT)
    assert TITLE in entry.inner_text()
    assert_no_sideways_scroll(page, "todo")
    screenshot(page, "together-4-todo")
    entry.get_by_text("完了にする").click()
    entry.get_by_label("ひとこと（任意）").fill("一覧をメールで配った")
    entry.get_by_role("button", name="完了として記録する").click()
    page.wait_for_url("**/todo/")
    assert page.locator(".todo-item", has_text=WHAT).count() == 0
    assert FollowUp.objects.get(what=WHAT).status == "done"
    screenshot(page, "together-5-todo-done")

    # 5. The ward view counts the meeting (a ward-level 交流会) and who came.
    page.get_by_role("link", name="区の一覧", exact=True).click()
    page.wait_for_load_state()
    events = page.locator("#act-events")
    events.scroll_into_view_if_needed()
    ward_row = events.locator("tbody tr", has_text="区全体・CPエリア外")
    header = [h.strip() for h in events.locator("thead th").all_inner_texts()]
    cells = dict(zip(header[1:], [c.strip() for c in ward_row.locator("td").all_inner_texts()], strict=True))
    assert cells["交流会"] == "1" and cells["計"] == "1"
    people = page.locator("#act-participants")
    header = [h.strip() for h in people.locator("thead th").all_inner_texts()]
    row = people.locator("tbody tr", has_text="区全体・CPエリア外")
    cells = dict(zip(header[1:], [c.strip() for c in row.locator("td").all_inner_texts()], strict=True))
    # Three CPs attended as organisations; the 2層Co was added but not marked; 住民 25.
    assert cells["団体"] == "3" and cells["住民"] == "25" and cells["計"] == "28"
    assert_no_sideways_scroll(page, "ward view")
    assert violations(page) == []
    events.screenshot(path=str(SCREENSHOTS / "together-6-ward-events.png"))
    people.screenshot(path=str(SCREENSHOTS / "together-7-ward-participants.png"))
    screenshot(page, "together-8-ward-view")
