"""ヒアリング in a real Chromium: a 2層Co fills in their CP's sheet on a phone and submits it; the
1層Co, saving the same sheet during the hearing, gets both versions side by side and keeps both;
the answers compared across CPs on a desktop, one item at a time on a phone, and downloaded as
.xlsx. No page scrolls sideways at a phone's width or at 200 % zoom.
Screenshots: var/screenshots/records-hearing-*.png (desktop and 390×844).

It lives with the other browser tests so that all of them share one Playwright (tests/browser/
conftest.py); the hearings come from tests/hearings/conftest.py."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.browser.conftest import DESKTOP
from tests.browser.test_homes import PHONE, ZOOM_200, assert_no_sideways_scroll
from tests.browser.test_records_plans_browser import open_as
from tests.hearings import conftest as hearing_fixtures
from tests.hearings.conftest import answers_for
from tsunagu.hearings import services
from tsunagu.hearings.models import HearingSheet, SheetStatus

pytestmark = [pytest.mark.browser]

_hearings_rows, hearings = hearing_fixtures._hearings_rows, hearing_fixtures.hearings  # the fixtures, for these tests outside tests/hearings



@pytest.fixture
def answered(world, hearings):
    """本牧's sheet already written by the 1層Co, as after its hearing."""
    services.sheet_save(user=world.naka_1so, sheet=hearings.honmoku, seen_version=1, status=SheetStatus.SUBMITTED,
                        answers=answers_for(hearings.honmoku, **{
                            "通いの場": "体操の会が2つ再開。会食会は再開のめどが立たない。",
                            "生活支援": "ちょっとした困りごとのボランティアを地区社協と検討中。",
                            "見守り": "ふれあい活動員が顔を合わせる場がなく、様子がつかみにくい。",
                            "移動支援・移動販売": "丘の上にスーパーの移動販売が週1回。",
                            "地域支援・地福計画": "地区別計画の見直しに向けた話し合いに参加。",
                            "個別相談の傾向": "フレイルが進んでからの相談が増えた。"}))
    return hearings


def test_a_2so_fills_in_their_sheet_on_a_phone(world, answered, new_page, live_server, screenshot):
    page = open_as(new_page, live_server, world.minosawa_2so, PHONE)
    page.goto(f"{live_server.url}/hearings/")
    assert "記入をお願いしているシート" in page.locator("main").inner_text()
    assert_no_sideways_scroll(page, "index")
    screenshot(page, "records-hearing-index-phone")
    page.locator("main .notice").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "簑沢地域ケアプラザのシートに記入" in page.locator("h1").inner_text()
    page.get_by_label("通いの場").fill("サロンが3か所再開。新たに元気づくりステーションを立ち上げた。")
    page.get_by_label("見守り").fill("見守りの集まりが止まっている地区がある。")
    assert_no_sideways_scroll(page, "sheet form")
    screenshot(page, "records-hearing-sheet-edit-phone")
    page.get_by_role("button", name="提出済として保存").click()
    page.wait_for_load_state()
    assert "提出しました" in page.locator(".messages").inner_text()
    sheet = HearingSheet.objects.get(pk=answered.minosawa.pk)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.filled_by == world.minosawa_2so
    screenshot(page, "records-hearing-sheet-phone")


def test_the_second_save_of_a_sheet_shows_both_versions(world, answered, new_page, live_server, screenshot):
    coordinator = open_as(new_page, live_server, world.minosawa_2so, PHONE)
    ward = open_as(new_page, live_server, world.naka_1so)
    url = f"{live_server.url}/hearings/sheets/{answered.minosawa.pk}/edit/"
    coordinator.goto(url)
    ward.goto(url)
    coordinator.get_by_label("生活支援").fill("買い物の困りごとが多い。")
    coordinator.get_by_role("button", name="記入中として保存").click()
    coordinator.wait_for_load_state()
    ward.get_by_label("生活支援").fill("ヒアリングで聞いた：買い物支援のボランティアを探している。")
    ward.get_by_role("button", name="提出済として保存").click()
    ward.wait_for_load_state()
    clash = ward.locator("#clash-item-" + str(answered.round.asked_items()[1].pk))
    assert "買い物の困りごとが多い。" in clash.inner_text()
    assert "ヒアリングで聞いた" in clash.inner_text()
    screenshot(ward, "records-hearing-conflict-desktop")
    clash.get_by_label("下の欄で両方を合わせて直す").check()
    ward.get_by_role("button", name="この内容で保存する").click()
    ward.wait_for_load_state()
    sheet = HearingSheet.objects.get(pk=answered.minosawa.pk)
    text = sheet.answers.get(item=answered.round.asked_items()[1]).text
    assert text == "買い物の困りごとが多い。\nヒアリングで聞いた：買い物支援のボランティアを探している。"
    assert sheet.status == SheetStatus.SUBMITTED


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone"), (ZOOM_200, "zoom200")])
def test_compare_across_cps(world, answered, new_page, live_server, screenshot, viewport, name, tmp_path):
    # Handed in: answers still being written are not compared (issue 12; tests/hearings/test_hearing_in_progress.py).
    services.sheet_save(user=world.minosawa_2so, sheet=answered.minosawa, seen_version=1, status="submitted",
                        answers=answers_for(answered.minosawa, 通いの場="サロンが3か所再開。", 見守り="見守りの集まりが止まっている。"))
    page = open_as(new_page, live_server, world.naka_ward, viewport)
    page.goto(f"{live_server.url}/hearings/rounds/{answered.round.pk}/")
    screenshot(page, f"records-hearing-round-{name}")
    page.get_by_role("link", name="CPごとの回答を並べて見る").click()
    page.wait_for_load_state()
    table = page.locator("table.compare")
    assert "サロンが3か所再開。" in table.inner_text() and "体操の会が2つ再開。" in table.inner_text()
    assert_no_sideways_scroll(page, f"compare {name}")
    screenshot(page, f"records-hearing-compare-{name}")
    page.get_by_role("navigation", name="項目をしぼる").get_by_role("link", name="見守り", exact=True).click()
    page.wait_for_load_state()
    assert "見守りの集まりが止まっている。" in page.locator("table.compare").inner_text()
    assert "サロンが3か所再開。" not in page.locator("table.compare").inner_text()
    screenshot(page, f"records-hearing-compare-item-{name}")
    if name == "desktop":
        page.goto(f"{live_server.url}/hearings/rounds/{answered.round.pk}/compare/")
        page.emulate_media(media="print")
        assert not page.get_by_role("button", name="印刷する").is_visible()  # paper shows the answers only
        screenshot(page, "records-hearing-compare-print")
        page.emulate_media(media="screen")
        with page.expect_download() as download:
            page.get_by_role("link", name="ファイルに書き出す（.xlsx）").click()
        path = tmp_path / "compare.xlsx"
        download.value.save_as(path)
        workbook = openpyxl.load_workbook(path)
        rows = list(workbook["一覧"].iter_rows(min_row=4, values_only=True))
        assert [r[0] for r in rows] == ["簑沢地域ケアプラザ", "本牧地域ケアプラザ"]
        assert rows[1][4] == "体操の会が2つ再開。会食会は再開のめどが立たない。"
        io.BytesIO(path.read_bytes())  # the file is a whole workbook, not a page of HTML


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_1so_starts_a_set_from_kanagawas_items(world, new_page, live_server, screenshot, viewport, name):
    page = open_as(new_page, live_server, world.naka_1so, viewport)
    page.goto(f"{live_server.url}/hearings/sets/new/")
    assert page.locator("#id_items-0-title").input_value() == "通いの場"
    page.fill("#id_items-6-title", "災害時の支え合い")
    assert_no_sideways_scroll(page, "set form")
    screenshot(page, f"records-hearing-set-form-{name}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    items = [t.strip() for t in page.locator("ol.goals li strong").all_inner_texts()]
    assert items[0] == "通いの場" and items[-1] == "災害時の支え合い" and len(items) == 7
    screenshot(page, f"records-hearing-set-{name}")
