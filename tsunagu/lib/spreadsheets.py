"""Reading the spreadsheets people already keep: .xlsx, and CSV as Japanese Excel writes it.

CSV arrives as UTF-8, UTF-8 with a BOM, or Shift_JIS (CP932). Every row keeps the number a
person sees in Excel (the header is row 1), so that errors can point at it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is for the person who sent it."""


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def get(self, *names: str) -> str:
        for name in names:
            value = self.values.get(name)
            if value:
                return value
        return ""


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""


ENCODINGS = ("utf-8-sig", "cp932")


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\ufffd" in text:
            break
        return text, encoding
    raise SpreadsheetError(
        _(
            "ファイルの文字を読み取れません（文字化け）。Excelで「CSV UTF-8」または .xlsx 形式で保存し直してから、"
            "もう一度お試しください。"
        )
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(rows: list[list[object]], encoding: str) -> Table:
    if not rows or not any(_cell(v) for v in rows[0]):
        raise SpreadsheetError(_("見出し行がありません。1行目に列名を入れてください。"))
    headers = [_cell(v) for v in rows[0]]
    table = Table(headers=headers, encoding=encoding)
    for index, raw in enumerate(rows[1:], start=2):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
        table.rows.append(Row(number=index, values=values))
    return table


def read_table(data: bytes, filename: str) -> Table:
    """Read an uploaded .xlsx or .csv file into a header and numbered rows."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise SpreadsheetError(_(".xlsx ファイルを開けません。ファイルが壊れていないか確認してください。")) from exc
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        workbook.close()
        return _table(rows, "xlsx")
    if name.endswith(".csv") or name.endswith(".txt"):
        text, encoding = decode_csv(data)
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise SpreadsheetError(_("CSVファイルの形式が正しくありません：%(error)s") % {"error": exc}) from exc
        return _table(rows, encoding)
    raise SpreadsheetError(_("読み込めるのは .xlsx と .csv のファイルだけです。"))


def write_xlsx(headers: list[str], rows: list[list[object]], title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a BOM, which Japanese Excel opens without garbling."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
