"""Ward lists as wards keep them, made here with openpyxl: a title above the header, headings in
two rows with merged cells, blank rows, 【地区】 headings across the sheet, the header repeated
where a printed page begins, notes under the table, phone numbers stored as numbers and 確認日
in every form people write it. Each function returns the .xlsx (or CSV) bytes; the tests that use
them say what a person would expect from each."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def naka_salons() -> bytes:
    """中区's list: title merged across the sheet, a blank row, a two-row header (名称, 区, 開催日 and
    確認日 merged down both rows; 会場 over 名称・住所 and 連絡先 over 電話・担当 merged across), a
    district heading across the sheet, a blank row, the header again (a second printed page),
    phones stored as numbers, 確認日 as Excel dates, and two notes under the table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "中区"
    sheet["A1"] = "令和6年度　中区　地域の通いの場一覧"
    sheet.merge_cells("A1:H1")
    top = ["名称", "区", "会場", None, "開催日", "連絡先", None, "確認日"]
    sub = [None, None, "名称", "住所", None, "電話", "担当", None]
    for column, (upper, lower) in enumerate(zip(top, sub, strict=True), start=1):
        sheet.cell(row=3, column=column, value=upper)
        sheet.cell(row=4, column=column, value=lower)
    for letter in "ABEH":
        sheet.merge_cells(f"{letter}3:{letter}4")
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("F3:G3")
    rows = {
        5: ["【簑沢地区】"] * 1,
        6: ["みのさわお茶会", "中区", "簑沢会館", "簑沢12-3", "第1・3水曜日 10:00〜12:00", 456213344, "山田",
            datetime(2024, 4, 1)],
        7: ["簑沢いきいき体操", "中区", "簑沢公園", "簑沢20", "毎週月・木", "045-621-0001", "佐藤",
            datetime(2023, 11, 15)],
        9: ["本牧ふれあい食堂", "中区", "本牧会館", "本牧町2-1", "月2回", 9012345678, "鈴木", datetime(2024, 3, 1)],
        11: ["名称", "区", "名称", "住所", "開催日", "電話", "担当", "確認日"],  # page 2 repeats the header row
        12: ["山下町カフェ", "中区", "", "山下町1", "毎週水曜日・日曜日月2回", 120123456, "", datetime(2024, 1, 10)],
        14: ["※ 2024年4月現在"],
        15: ["※ 日時は変わることがあります。お出かけ前にお問い合わせください。"],
    }
    for number, cells in rows.items():
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    sheet.merge_cells("A5:H5")
    return _save(book)


def isogo_one_header() -> bytes:
    """磯子区's list: a title and the office's name in column A only (nothing merged), the header in
    row 4, 確認日 written four ways (和暦 abbreviated and in full, 西暦 with slashes, and a date cell
    that lost its format: Excel's day number), half-width kana and full-width digits, 円 written
    three ways, a phone that lost its 0 with no way to know its area, and a count of rows at the end."""
    book = Workbook()
    sheet = book.active
    sheet.append(["磯子区　サロン・体操の一覧"])
    sheet.append(["磯子区地域支援課　作成"])
    sheet.append([])
    sheet.append(["No.", "活動名", "住所", "曜日・時間", "参加費", "電話番号", "確認日"])
    sheet.append([1, "ｻﾛﾝ ﾓﾘ", "磯子区森1-1", "毎月第２火曜日　１０時～１２時", "３００円", "045ー761ー0001", "R6.4.1"])
    sheet.append([2, "屛風ヶ浦体操", "横浜市磯子区森2-3", "不定期", "無料", "０４５－７６１－０００２", "令和6年4月1日"])
    sheet.append([3, "磯子カフェ", "磯子区森3-5", "隔週水曜", "実費", "045‐761‐0003", "2024/4/1"])
    sheet.append([4, "森の歌声", "磯子区森4-1", "第1・3金曜", 200, 466123456, 45383])
    sheet.append([])
    sheet.append(["計", "4件"])
    return _save(book)


def two_row_header_csv() -> bytes:
    """A CSV (no merges to go by) with a two-row header: 「連絡先」 over 電話 and メール, its second
    cell left blank as a merged cell saves."""
    lines = [
        "中区　子ども食堂一覧,,,,",
        "名称,住所,連絡先,,最終確認日",
        ",,電話,メール,",
        "本牧こども食堂,横浜市中区本牧町1-2,045-222-3333,honmoku@example.jp,2024年5月1日",
        "簑沢みんな食堂,中区簑沢1-1,456210000,,R5.12.1",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def outside_yokohama(rows: int = 40) -> bytes:
    """A file of another city's list: every address outside Yokohama."""
    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "住所", "電話"])
    places = ["東京都練馬区豊玉北6-12-1", "川崎市中原区小杉町3-1", "神奈川県藤沢市朝日町1-1", "東京都調布市小島町2-35-1"]
    for number in range(rows):
        sheet.append([f"よその会{number + 1}", places[number % len(places)], "03-1234-5678"])
    return _save(book)
