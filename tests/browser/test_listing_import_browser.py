"""The import as a 1層Co does it in Chromium: from the staff list to a file, the column mapping,
the preview with bad and duplicate rows, and the result. Each page passes axe-core (WCAG 2.1 AA)
and fits a phone. Screenshots go to var/screenshots/import-*.png."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.directory.test_listing_import import xlsx_bytes
from tsunagu.directory.models import Listing, Visibility
from tsunagu.places.models import Place

pytestmark = pytest.mark.browser

HEADER = ["活動名", "ふりがな", "区", "住所", "会場", "日時", "費用", "電話番号", "内容"]


def a_file(tmp_path) -> tuple[str, Listing]:
    naka = Place.objects.get(code="14104")
    existing = (Listing.objects.filter(place__path__startswith=naka.path, visibility=Visibility.PUBLIC)
                .exclude(location__address="").select_related("location").order_by("pk").first())
    rows = [
        ["山下町ふれあいサロン", "やましたちょうふれあいさろん", "中区", "山下町1-1", "山下町会館", "毎週火曜 10時〜12時",
         "100円", "045-123-4567", "お茶とおしゃべり"],
        ["本牧こども食堂", "ほんもくこどもしょくどう", "", "横浜市中区本牧町1-2", "", "第2・第4土曜 11:30〜13:30",
         "子ども無料", "045-222-3333", ""],
        [existing.name, "", "中区", existing.location.address, "", "", "", "", ""],
        ["電話の読めない会", "", "中区", "山下町2", "", "", "", "045-12", ""],
        ["よその区の会", "", "磯子区", "森1-1", "", "", "", "", ""],
    ]
    path = tmp_path / "中区の地域資源.xlsx"
    path.write_bytes(xlsx_bytes(rows, header=HEADER))
    return str(path), existing


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_a_ward_coordinator_imports_a_spreadsheet(demo, new_page, live_server, log_in, screenshot, tmp_path,
                                                  viewport):
    size = "phone" if viewport == PHONE else "desktop"
    page = new_page(viewport=viewport)
    log_in(page, "naka-1so")
    path, existing = a_file(tmp_path)
    found = {}

    page.goto(f"{live_server.url}/directory/")
    page.get_by_role("link", name="ファイルから取り込む").click()
    page.wait_for_load_state()
    found["upload"] = violations(page)
    assert_no_sideways_scroll(page, "upload")
    screenshot(page, f"import-{size}-1-upload")
    page.set_input_files("#id_file", path)
    page.get_by_role("button", name="次へ：列の対応を確かめる").click()
    page.wait_for_load_state()

    assert "の読む範囲には、およそ 5 行あります" in page.content()
    assert page.get_by_label("住所", exact=True).input_value() == "address"
    found["mapping"] = violations(page)
    assert_no_sideways_scroll(page, "mapping")
    screenshot(page, f"import-{size}-2-mapping")
    page.get_by_role("button", name="次へ：内容を確かめる").click()
    page.wait_for_load_state()

    text = page.locator("main").inner_text()
    assert "新しく登録：2件" in text and "すでにある資源と同じ：1件" in text and "取り込めない行：2行" in text
    assert "電話番号「045-12」が読めません" in text and "地区）には登録する権限がありません。" in text  # 森 is in 磯子区
    assert page.get_by_role("link", name=existing.name).count() == 1
    found["preview"] = violations(page)
    assert_no_sideways_scroll(page, "preview")
    screenshot(page, f"import-{size}-3-preview")
    page.get_by_label("問題のある行を除いて、残りを取り込む").check()
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_load_state()

    assert "新しく 2 件を登録し、0 件を更新しました" in page.locator("main").inner_text()
    found["done"] = violations(page)
    assert_no_sideways_scroll(page, "done")
    screenshot(page, f"import-{size}-4-done")
    assert found == {name: [] for name in found}
    salon = Listing.objects.get(name="山下町ふれあいサロン")
    assert salon.visibility == Visibility.DRAFT and salon.schedules.get().byday == "TU"
    page.get_by_role("link", name="取り込んだ資源を一覧で見る").click()
    page.wait_for_load_state()
    assert "山下町ふれあいサロン" in page.locator("main").inner_text()


def test_a_ward_list_with_a_title_and_a_two_row_header_is_read_as_the_person_sees_it(
        demo, new_page, live_server, log_in, screenshot, tmp_path):
    """The mapping page shows the file's first and last rows, each marked with how it is read; the
    person may choose another header row and sees the columns change."""
    from tests.directory import ward_sheets

    path = tmp_path / "中区の通いの場.xlsx"
    path.write_bytes(ward_sheets.naka_salons())
    page = new_page()
    log_in(page, "naka-1so")
    page.goto(f"{live_server.url}/directory/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="次へ：列の対応を確かめる").click()
    page.wait_for_load_state()
    rows = page.locator("table.sheet-rows tbody tr")
    assert rows.filter(has_text="令和6年度").first.get_attribute("class") == "sheet-above"
    assert rows.filter(has_text="※ 2024年4月現在").first.get_attribute("class") == "sheet-after"
    assert page.get_by_label("会場 › 住所", exact=True).input_value() == "address"
    assert page.get_by_label("見出しの行", exact=True).input_value() == "3"
    found = {"mapping": violations(page)}
    screenshot(page, "import-ward-list-mapping")

    page.get_by_label("見出しの行数").select_option("1")
    page.get_by_label("見出しの行", exact=True).select_option("4")
    page.get_by_role("button", name="この読み方で列を出し直す").click()
    page.wait_for_load_state()
    assert "見出しは、選んだとおり 4行目 です" in page.locator("main").inner_text()
    assert page.get_by_label("住所", exact=True).input_value() == "address"
    page.get_by_label("見出しの行数").select_option("2")
    page.get_by_label("見出しの行", exact=True).select_option("3")
    page.get_by_role("button", name="この読み方で列を出し直す").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="次へ：内容を確かめる").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "新しく登録：4件" in text and "日時を確かめる行（2行）" in text
    found["preview"] = violations(page)
    screenshot(page, "import-ward-list-preview")
    assert found == {"mapping": [], "preview": []}
