"""Reading the spreadsheets people already keep, and writing ones Japanese Excel opens."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from tsunagu.lib.spreadsheets import SpreadsheetError, read_table, write_csv, write_xlsx

CSV_TEXT = "名称,代表者,電話\r\n山﨑町内会,髙橋 花子,045-000-0000\r\nたいそう教室,ﾀｸｼｰ会社,\r\n"
CSV_TEXT_CP932 = CSV_TEXT  # 﨑 and 髙 are both in CP932 (NEC/IBM extensions); checked below


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_dicts(table) -> list[tuple[int, dict[str, str]]]:
    return [(row.number, row.values) for row in table.rows]


EXPECTED = [
    (2, {"名称": "山﨑町内会", "代表者": "髙橋 花子", "電話": "045-000-0000"}),
    (3, {"名称": "たいそう教室", "代表者": "ﾀｸｼｰ会社", "電話": ""}),
]


# --- CSV in the encodings Japanese Excel writes ------------------------------------------


def test_utf8_csv_is_read_with_its_japanese_text_and_variant_kanji_intact():
    table = read_table(CSV_TEXT.encode("utf-8"), "団体.csv")
    assert table.headers == ["名称", "代表者", "電話"]
    assert as_dicts(table) == EXPECTED
    assert table.encoding == "utf-8-sig"


def test_utf8_csv_with_a_byte_order_mark_does_not_carry_the_mark_into_the_first_header():
    table = read_table(b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), "団体.csv")
    assert table.headers[0] == "名称"
    assert as_dicts(table) == EXPECTED


def test_variant_kanji_are_part_of_cp932_so_a_shift_jis_file_may_contain_them():
    assert "﨑".encode("cp932") == b"\xed\x95"  # NEC-selected IBM extension
    assert b"\xfa\xb1".decode("cp932") == "﨑"  # the IBM extension code point decodes too
    assert "髙".encode("cp932") == b"\xee\xe0"


def test_cp932_csv_is_read_as_shift_jis():
    table = read_table(CSV_TEXT_CP932.encode("cp932"), "団体.csv")
    assert table.encoding == "cp932"
    assert table.headers == ["名称", "代表者", "電話"]
    assert as_dicts(table) == EXPECTED


def test_cp932_csv_with_the_ibm_code_for_saki_is_read():
    data = "名称\r\n".encode("cp932") + b"\x8eR\xfa\xb1\x92\xac\r\n"  # 山﨑町 with 﨑 as FAB1
    table = read_table(data, "a.csv")
    assert table.rows[0].values == {"名称": "山﨑町"}


def test_a_txt_file_is_read_as_csv():
    table = read_table(CSV_TEXT.encode("utf-8"), "団体.TXT")
    assert as_dicts(table) == EXPECTED


def test_quoted_csv_cells_may_hold_commas_and_line_breaks():
    text = '名称,備考\r\n"中区, 簑沢","1行目\r\n2行目"\r\n'
    table = read_table(text.encode("utf-8"), "a.csv")
    assert table.rows[0].values == {"名称": "中区, 簑沢", "備考": "1行目\r\n2行目"}


@pytest.mark.parametrize(
    "data",
    [
        b"\xe5\x90\x8d\xe7\xa7\xb0\r\n\x82 \x82\n",  # lone lead bytes: invalid in UTF-8 and CP932
        "名称\r\n".encode() + b"\x82\x0a",
    ],
)
def test_bytes_that_are_neither_utf8_nor_cp932_are_refused_with_a_japanese_message(data):
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, "壊れた.csv")
    assert "文字を読み取れません（文字化け）" in str(caught.value)
    assert "CSV UTF-8" in str(caught.value)


def test_a_utf8_file_that_already_holds_replacement_characters_is_refused_as_garbled():
    with pytest.raises(SpreadsheetError, match="文字化け"):
        read_table("名称\r\n\ufffd\ufffd町\r\n".encode("utf-8"), "a.csv")


def test_a_file_without_a_header_row_is_refused():
    with pytest.raises(SpreadsheetError, match="見出し行がありません"):
        read_table(b"", "a.csv")
    with pytest.raises(SpreadsheetError, match="見出し行がありません"):
        read_table(b",,\r\n1,2,3\r\n", "a.csv")


# --- Blank rows and row numbers -----------------------------------------------------------


def test_blank_rows_are_skipped_but_every_row_keeps_the_number_excel_shows():
    text = "名称,電話\r\n簑沢,1\r\n\r\n,\r\n本牧,2\r\n , \r\n屛風ヶ浦,3\r\n"
    table = read_table(text.encode("utf-8"), "a.csv")
    assert [(r.number, r.values["名称"]) for r in table.rows] == [(2, "簑沢"), (5, "本牧"), (7, "屛風ヶ浦")]


def test_short_rows_are_padded_and_cells_under_empty_headers_are_dropped():
    text = "名称,,電話\r\n簑沢,メモ\r\n"
    table = read_table(text.encode("utf-8"), "a.csv")
    assert table.rows[0].values == {"名称": "簑沢", "電話": ""}


def test_row_get_returns_the_first_non_empty_of_several_column_names():
    table = read_table("コード,code\r\n,14104\r\n".encode(), "a.csv")
    assert table.rows[0].get("コード", "code") == "14104"
    assert table.rows[0].get("ない列") == ""


# --- .xlsx -----------------------------------------------------------------------------


def test_an_xlsx_workbook_is_read_from_its_first_sheet_with_numbers_dates_and_blank_rows():
    data = xlsx_bytes(
        [
            ["名称", "会員数", "設立日", "緯度"],
            ["山﨑町内会", 120, date(2019, 5, 1), 35.4248],
            [None, None, None, None],
            ["髙橋会", 12.0, datetime(2022, 4, 1, 9, 30), None],
        ]
    )
    table = read_table(data, "団体.XLSX")
    assert table.encoding == "xlsx"
    assert table.headers == ["名称", "会員数", "設立日", "緯度"]
    assert as_dicts(table) == [
        (2, {"名称": "山﨑町内会", "会員数": "120", "設立日": "2019-05-01", "緯度": "35.4248"}),
        (4, {"名称": "髙橋会", "会員数": "12", "設立日": "2022-04-01T09:30:00", "緯度": ""}),
    ]


@pytest.mark.parametrize("data", [b"not a zip file at all", b"PK\x03\x04" + b"\x00" * 40, b""])
def test_a_damaged_xlsx_is_refused_with_a_japanese_message(data):
    with pytest.raises(SpreadsheetError, match=r"\.xlsx ファイルを開けません"):
        read_table(data, "壊れた.xlsx")


def test_a_truncated_xlsx_is_refused_with_a_japanese_message():
    good = xlsx_bytes([["名称"], ["簑沢"]])
    with pytest.raises(SpreadsheetError, match="ファイルが壊れていないか確認してください"):
        read_table(good[: len(good) // 2], "a.xlsx")


@pytest.mark.parametrize("filename", ["団体.xls", "団体.ods", "団体.pdf", "団体"])
def test_a_file_of_another_kind_is_refused_naming_the_kinds_that_can_be_read(filename):
    with pytest.raises(SpreadsheetError, match=r"読み込めるのは \.xlsx と \.csv のファイルだけです"):
        read_table(CSV_TEXT.encode("utf-8"), filename)


# --- Writing ----------------------------------------------------------------------------


HEADERS = ["種別", "コード", "名称", "緯度"]
ROWS = [["区", "14104", "中区", 35.4], ["町丁目", "14104-簑沢", '山﨑・髙橋, "引用"', ""]]


def test_write_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8():
    data = write_csv(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data


def test_a_written_csv_reads_back_as_the_same_table():
    table = read_table(write_csv(HEADERS, ROWS), "out.csv")
    assert table.headers == HEADERS
    assert as_dicts(table) == [
        (2, {"種別": "区", "コード": "14104", "名称": "中区", "緯度": "35.4"}),
        (3, {"種別": "町丁目", "コード": "14104-簑沢", "名称": '山﨑・髙橋, "引用"', "緯度": ""}),
    ]


def test_a_written_xlsx_reads_back_as_the_same_table():
    data = write_xlsx(HEADERS, ROWS, title="場所")
    table = read_table(data, "out.xlsx")
    assert table.headers == HEADERS
    assert as_dicts(table) == [
        (2, {"種別": "区", "コード": "14104", "名称": "中区", "緯度": "35.4"}),
        (3, {"種別": "町丁目", "コード": "14104-簑沢", "名称": '山﨑・髙橋, "引用"', "緯度": ""}),
    ]


def test_write_xlsx_names_the_sheet_and_cuts_long_titles_to_excels_limit():
    assert load_workbook(io.BytesIO(write_xlsx(HEADERS, [], title="場所"))).active.title == "場所"
    long_title = "あ" * 40
    assert load_workbook(io.BytesIO(write_xlsx(HEADERS, [], title=long_title))).active.title == "あ" * 31


def test_merged_cells_read_as_their_value_in_every_cell_they_cover():
    """openpyxl's read-only mode does not give the merges; read_grid takes them from the sheet's XML."""
    from tsunagu.lib.spreadsheets import grid_headers, read_grid

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "一覧のタイトル"
    sheet.merge_cells("A1:XFD1")  # across the whole sheet: cut to the columns used
    sheet.append(["名称", "連絡先", None, "区"])
    sheet.append([None, "電話", "メール", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("D2:D3")
    sheet.append(["サロンA", "045-000-0001", "a@example.jp", "中区"])
    sheet.append(["サロンB", "045-000-0002", "", None])
    sheet.merge_cells("D4:D5")  # the ward written once for two rows
    out = io.BytesIO()
    workbook.save(out)
    grid = read_grid(out.getvalue(), "a.xlsx")
    assert grid.rows[0] == ["一覧のタイトル"] * 4
    assert grid.rows[1] == ["名称", "連絡先", "連絡先", "区"] and grid.rows[2] == ["名称", "電話", "メール", "区"]
    assert grid.rows[4] == ["サロンB", "045-000-0002", "", "中区"]
    assert grid_headers(grid, header_row=2, header_rows=2) == ["名称", "連絡先 › 電話", "連絡先 › メール", "区"]
    # One row of a heading merged across two columns names the first column only.
    assert grid_headers(grid, header_row=2, header_rows=1) == ["名称", "連絡先", "", "区"]


def test_a_header_of_two_rows_in_a_csv_takes_its_group_heading_from_the_left():
    from tsunagu.lib.spreadsheets import grid_headers, read_grid

    grid = read_grid("名称,連絡先,,備考\r\n,電話,メール,\r\nA,1,2,3\r\n".encode(), "a.csv")
    assert grid_headers(grid, 1, 2) == ["名称", "連絡先 › 電話", "連絡先 › メール", "備考"]
    # 「開催\n曜日」: a heading broken over two lines in its cell is one word
    grid = read_grid('"開催\n曜日",名称\r\n月,A\r\n'.encode(), "b.csv")
    assert grid_headers(grid) == ["開催曜日", "名称"]
