"""Issue 4's walk at a phone's size (390×844), over the Yokohama demo and its records: a 2層Co of
簑沢 writes a memo right after a visit and links it to a plan item of the CP's 取組共有シート; the
sheet shows it under that item; the ward's 1層Co opens 区の一覧 and sees it counted (the CP's
count under the item's pillar went up by one, and it is among what is new since the last liaison
meeting), then downloads the liaison pack: the .xlsx opens with openpyxl and holds the CP and the
new count, the PDF's text layer holds the Japanese. Screenshots: var/screenshots/records-phone-*.png.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.conftest import HTMX_IDLE, SCREENSHOTS, wait_until
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.browser.test_records_liaison_browser import counted
from tsunagu.lib.fiscal import fiscal_year_range
from tsunagu.lib.programme import Pillar
from tsunagu.memos.models import Memo
from tsunagu.sheets.models import Sheet

pytestmark = pytest.mark.browser

CP = "簑沢地域ケアプラザ"
TITLE = "第2地区の民生委員と、見守りの声かけの分担を相談"
# WCAG 2.2's minimum target size is 24 CSS px; the programme's users are older, so the buttons a
# coordinator taps on a phone are held to 44.
TAP = 44


@pytest.fixture
def records(demo_records):
    """The demo with its records (tests/conftest.py): 簑沢's sheet of 令和8年度 and its plan item
    under 見守り・つながり."""
    from types import SimpleNamespace

    from tsunagu.demo import records
    sheet = Sheet.objects.get(place__name=CP, fiscal_year=records.RECORDS_YEAR)
    item = sheet.plan_items.filter(pillar=Pillar.WATCHING).first()
    # A day of the sheet's 年度, today if the 年度 is still running (a memo may not be dated ahead).
    day = min(timezone.localdate(), fiscal_year_range(records.RECORDS_YEAR)[1])
    return SimpleNamespace(sheet=sheet, item=item, day=day, year=records.RECORDS_YEAR)


def pillar_count(page, cp: str, pillar: str) -> int:
    """The number in 区の一覧's 「柱ごと」 table for this CP area and pillar (「—」 is 0)."""
    text = page.evaluate(
        """([cp, pillar]) => {
            const h = [...document.querySelectorAll('h3')].find(e => e.textContent.trim() === '柱ごと');
            const table = h.closest('section').querySelector('table');
            const col = [...table.tHead.rows[0].cells].findIndex(c => c.textContent.trim() === pillar);
            const row = [...table.tBodies[0].rows].find(r => r.cells[0].textContent.trim() === cp);
            return row.cells[col].textContent.trim();
        }""", [cp, pillar])
    return 0 if text in ("—", "") else int(text)


def assert_tappable(locator, what: str) -> None:
    box = locator.bounding_box()
    assert box is not None, what
    assert box["height"] >= TAP and box["width"] >= TAP, f"{what}: {box['width']:.0f}×{box['height']:.0f} px"


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def download_pdf(page, screenshot):
    """The pack's PDF: a download straight from the ward view, or, where it is made as a job, from
    the job's page once it is done."""
    name = re.compile("^連絡会資料（PDF）")
    control = page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name))
    assert_tappable(control, "連絡会資料（PDF）")
    if control.evaluate("e => e.tagName") == "A":
        with page.expect_download() as download:
            control.click()
        return download.value
    # The pack is made in the request's background work (run at once in tests): a 30-page PDF
    # takes more than the default 15 s on a loaded 2-core CI machine.
    control.click(timeout=90_000)
    page.wait_for_url("**/jobs/**", timeout=90_000)
    link = page.get_by_role("link", name=re.compile("をダウンロード$"))
    link.wait_for(timeout=90_000)
    assert_no_sideways_scroll(page, "job")
    screenshot(page, "records-phone-pack-job")
    with page.expect_download() as download:
        link.click()
    return download.value


def open_ward_view(page, live_server, year: int) -> None:
    """区の一覧 from the menu, for the whole 年度 (its default is since the last liaison meeting)."""
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="区の一覧").click()
    page.wait_for_load_state()
    page.get_by_label("年度", exact=True).check()
    page.locator("#id_year").select_option(str(year))
    page.get_by_role("button", name="表示する").click()
    page.wait_for_load_state()


def test_a_memo_written_on_a_phone_is_counted_on_the_ward_view_and_in_the_pack(
        records, new_page, live_server, log_in, screenshot, tmp_path):
    pillar = str(Pillar.WATCHING.label)
    first = new_page(viewport=PHONE, scale=2)  # the 1層Co of 中区
    log_in(first, "naka-1so")
    open_ward_view(first, live_server, records.year)
    assert first.locator("h1").inner_text() == "区の一覧（中区）"
    before = pillar_count(first, CP, pillar)
    assert before > 0  # the demo's year is there
    assert_no_sideways_scroll(first, "ward view")
    screenshot(first, "records-phone-ward-view-before")

    # The 2層Co, right after the visit.
    co = new_page(viewport=PHONE, scale=2)
    log_in(co, "minosawa-2so")
    co.goto(f"{live_server.url}/memos/new/")
    # The plan items follow the date and the place (htmx): wait for the list of that day. Filling
    # a date field fires its change event itself (firing another would send a second request).
    with co.expect_response(lambda r: "/memos/links/" in r.url):
        co.fill("#id_date", records.day.isoformat())
    wait_until(co, HTMX_IDLE)
    label = f"{records.item.title}（{pillar}）"
    co.locator("#memo-plan-items").get_by_label(label).check()
    co.get_by_label("何をしたか（ひとことで）").fill(TITLE)
    co.get_by_label("内容", exact=True).fill("一人暮らしの方が増えた棟の見守りを、民生委員2人と班長で分けることにした。")
    co.locator("fieldset", has=co.locator("legend", has_text="柱")).first.get_by_label(pillar, exact=True).check()
    assert_no_sideways_scroll(co, "memo form")
    save = co.get_by_role("button", name="保存")
    assert_tappable(save, "保存")
    screenshot(co, "records-phone-memo-form")
    save.click()
    co.wait_for_load_state()
    assert co.locator("h1").inner_text() == TITLE
    memo = Memo.objects.get(title=TITLE)
    assert list(memo.plan_items.all()) == [records.item]
    assert pillar in memo.pillar_labels
    screenshot(co, "records-phone-memo-saved")

    # The sheet shows the memo under its plan item.
    co.goto(f"{live_server.url}/sheets/{records.sheet.pk}/")
    item = co.locator("li, article, section", has_text=records.item.title).filter(has_text=TITLE)
    assert item.count() >= 1
    assert_no_sideways_scroll(co, "sheet")
    screenshot(co, "records-phone-sheet")

    # The 1層Co sees it counted, and among what is new since the last liaison meeting.
    first.reload()
    first.wait_for_load_state()
    assert pillar_count(first, CP, pillar) == before + 1
    news = first.locator(".news-section")
    assert TITLE in news.inner_text()
    screenshot(first, "records-phone-ward-view-after")

    xlsx_link = first.get_by_role("link", name="連絡会資料（Excel）")
    assert_tappable(xlsx_link, "連絡会資料（Excel）")
    with first.expect_download() as download:
        xlsx_link.click()
    path = tmp_path / "pack.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(path)
    counts = [list(r) for r in workbook["集計"].iter_rows(values_only=True)]
    assert counted(counts, CP, pillar) == before + 1
    assert any(TITLE in str(v) for r in workbook["新しい動き"].iter_rows(values_only=True) for v in r if v)

    path = tmp_path / "pack.pdf"
    download_pdf(first, screenshot).save_as(path)
    text = pdf_text(path.read_bytes())
    for japanese in (CP, pillar, "中区", TITLE[:12]):
        assert japanese in text, japanese
    # The pack's first pages as pictures, to look at beside the screenshots.
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path),
                    str(SCREENSHOTS / "records-phone-pack")], check=True)
