"""Issue 4's walk in a real Chromium at a phone's size (390×844): 簑沢's 2層Co writes a memo and links
it to a plan item; the 1層Co sees it counted on the ward view, downloads the pack — the .xlsx opens
with openpyxl and holds the count, the PDF (made as a job) has the Japanese in its text layer —
and searches the records. Nothing scrolls sideways at a phone's width or at 200 % zoom; axe finds
no WCAG 2.1 AA violation. Screenshots: var/screenshots/records-liaison-*.png."""

from __future__ import annotations

import io
import subprocess
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import DESKTOP
from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, ZOOM_200, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.sheets.records_factory import make_memo, make_sheet
from tsunagu.liaison import services as liaison_services
from tsunagu.lib.programme import Pillar
from tsunagu.memos.models import Memo

pytestmark = pytest.mark.browser

# Here, not in tests/liaison/: the browser fixtures live in tests/browser/conftest.py, and a second
# Playwright started from another folder fails ("Sync API inside the asyncio loop").


@pytest.fixture
def records(transactional_db, world):
    from datetime import timedelta

    from django.utils import timezone

    sheet = make_sheet(world.minosawa_2so, world.minosawa, vision="誰もが気軽に集える地域",
                       items=[("サロンの立ち上げ支援", Pillar.GATHERING, "第6地区に新しいサロンを1か所"),
                              ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場")])
    make_memo(world.naka_1so, world.honmoku, "本牧の交流会", pillars=[Pillar.GATHERING])
    meeting = liaison_services.meeting_create(user=world.naka_1so, ward=world.naka,
                                              date=timezone.localdate() - timedelta(days=7), title="生活支援Co連絡会")
    return SimpleNamespace(sheet=sheet, first=sheet.plan_items.first(), meeting=meeting)


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def test_a_memo_written_on_a_phone_is_counted_on_the_ward_view_and_in_the_pack(
        new_page, live_server, log_in, world, records, screenshot):
    # 簑沢's 2層Co, right after the visit.
    phone = new_page(viewport=PHONE, scale=2)
    log_in(phone, "minosawa-2so", PASSWORD)
    phone.goto(f"{live_server.url}/memos/new/")
    phone.get_by_label("何をしたか（ひとことで）").fill("第6地区サロン準備会（会場下見）")
    phone.get_by_label("内容", exact=True).fill("会場の候補を三つ見た。タイソウの会の代表も参加。")
    phone.get_by_label("交流・居場所", exact=True).check()
    phone.locator("#memo-plan-items").get_by_label("サロンの立ち上げ支援（交流・居場所）").check()
    phone.get_by_role("button", name="保存").click()
    phone.wait_for_load_state()
    memo = Memo.objects.get(title="第6地区サロン準備会（会場下見）")
    assert list(memo.plan_items.all()) == [records.first]

    # The ward's 1層Co, also on a phone, before the liaison meeting.
    page = new_page(viewport=PHONE, scale=2)
    log_in(page, "naka-1so", PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="区の一覧").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "区の一覧（中区）"
    overview = page.locator("table.overview tbody tr", has_text="簑沢地域ケアプラザ")
    assert overview.locator('td[data-label="期間のメモ"]').inner_text() == "1"
    news = page.locator("#cp-" + str(world.minosawa.pk)).locator("xpath=..")
    assert "第6地区サロン準備会（会場下見）" in news.inner_text()
    pillars = page.locator("table.counts").first
    row = pillars.locator("tbody tr", has_text="簑沢地域ケアプラザ")
    assert row.locator("td").first.inner_text() == "1"  # 交流・居場所
    assert_no_sideways_scroll(page, "ward view at a phone's width")
    screenshot(page, "records-liaison-browser-ward-phone")
    assert violations(page) == []

    # The count opens the memo list with that memo.
    row.locator("td a").first.click()
    page.wait_for_load_state()
    assert "第6地区サロン準備会（会場下見）" in page.locator("main").inner_text()
    assert "本牧の交流会" not in page.locator("main").inner_text()
    page.go_back()
    page.wait_for_load_state()

    # The pack: .xlsx straight away, the PDF as a job whose page hands it over.
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="連絡会資料（Excel）").click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    table = [list(r) for r in book["集計"].iter_rows(values_only=True)]
    assert counted(table, "簑沢地域ケアプラザ", "期間のメモ") == 1
    assert counted(table, "簑沢地域ケアプラザ", "交流・居場所") == 1
    page.get_by_role("button", name="連絡会資料（PDF）をつくる").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="ダウンロード").wait_for()
    screenshot(page, "records-liaison-browser-pdf-job-phone")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="ダウンロード").click()
    text = pdf_text(open(pdf.value.path(), "rb").read())
    for words in ("連絡会資料（中区）", "簑沢地域ケアプラザ", "本牧地域ケアプラザ", "第6地区サロン準備会（会場下見）",
                  "誰もが気軽に集える地域"):
        assert words in text, words

    # And finds the memo again by the reading, in hiragana.
    page.goto(f"{live_server.url}/liaison/search/?q=たいそう")
    assert page.locator("main mark").first.inner_text() == "タイソウ"
    assert_no_sideways_scroll(page, "search at a phone's width")
    screenshot(page, "records-liaison-browser-search-phone")
    assert violations(page) == []


@pytest.mark.parametrize("viewport", [pytest.param(ZOOM_200, id="zoom200"),
                                      pytest.param(DESKTOP, id="desktop")])
def test_the_ward_view_and_the_meetings_page_fit_and_pass_axe(new_page, live_server, log_in, world, records,
                                                              screenshot, viewport):
    page = new_page(viewport=viewport)
    log_in(page, "naka-1so", PASSWORD)
    for path, name in ((f"/liaison/wards/{world.naka.pk}/?period=year", "ward"),
                       (f"/liaison/wards/{world.naka.pk}/meetings/", "meetings")):
        page.goto(f"{live_server.url}{path}")
        assert_no_sideways_scroll(page, f"{name} at {viewport['width']}px")
        assert violations(page) == [], name
        if viewport is DESKTOP:
            screenshot(page, f"records-liaison-browser-{name}-desktop")


def counted(table: list[list], area: str, column: str):
    """A CP area's count under a heading of the pack's 集計 sheet, whose tables come in blocks of
    columns that fit A4 (liaison/pack.py): the first block whose header holds the heading."""
    for n, row in enumerate(table):
        if row and row[0] == "CPエリア" and column in row:
            for line in table[n + 1:]:
                if line and line[0] == area:
                    return line[row.index(column)]
                if line and line[0] == "計":
                    break
    raise AssertionError(f"{column} of {area} not in the 集計 sheet")
