"""Reading the spreadsheets people already keep: .xlsx, and CSV as Japanese Excel writes it; and
writing every spreadsheet Tsunagu hands out.

CSV arrives as UTF-8, UTF-8 with a BOM, or Shift_JIS (CP932). Every row keeps the number a
person sees in Excel (the header is row 1), so that errors can point at it.

Every export is written here (write_xlsx, write_csv, or new_workbook + workbook_bytes for the
styled ones) and handed out with attachment(): text that a resident or a coordinator typed must
never become a live formula in the office's Excel (CSV/formula injection; issue 11).
tests/lib/test_spreadsheet_exports.py downloads every export with a payload in every text field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# What makes spreadsheet software read a cell as a formula (OWASP's list: = + - @, tab, CR), and
# the full-width forms, which Japanese Excel converts to their ASCII selves as it reads input
# typed or opened (＝１＋１ is computed), and which an IME writes without anyone meaning to.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
# CSV has no "this is text" mark, so a text field that would start a formula is written with
# Excel's own text prefix, the apostrophe (OWASP's advice). A field that already begins with an
# apostrophe gets one too, so that reading back can take exactly one off and lose nothing.
TEXT_PREFIX = "'"


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
            rows = [[csv_text_back(v) for v in r] for r in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as exc:
            raise SpreadsheetError(_("CSVファイルの形式が正しくありません：%(error)s") % {"error": exc}) from exc
        return _table(rows, encoding)
    raise SpreadsheetError(_("読み込めるのは .xlsx と .csv のファイルだけです。"))


# --- Writing ---------------------------------------------------------------------------------


def starts_a_formula(value: object) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def csv_text(value: object) -> object:
    """A CSV field that Excel will show as the text it is. Numbers stay numbers: -5 is not text."""
    if isinstance(value, str) and (starts_a_formula(value) or value.startswith(TEXT_PREFIX)):
        return TEXT_PREFIX + value
    return value


def csv_text_back(value: str) -> str:
    """Undo csv_text: Tsunagu's own exports come back as they went out."""
    if value.startswith(TEXT_PREFIX) and (starts_a_formula(value[1:]) or value[1:2] == TEXT_PREFIX):
        return value[1:]
    return value


def new_workbook():
    """An empty openpyxl workbook for an export; save it with workbook_bytes(), never book.save()."""
    from openpyxl import Workbook

    return Workbook()


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of a workbook, with no cell a formula. openpyxl makes any text starting with
    "=" a formula; such a cell is written as text instead, and every cell whose text starts like a
    formula gets Excel's quotePrefix style (the hidden apostrophe), so that it stays text when
    someone opens it and presses Enter. The value itself is not changed: it imports back as it is.
    Exports never write formulas of their own."""
    for sheet in workbook.worksheets:
        # The cells written, straight from openpyxl's own dict: iter_rows() would take 0.9 s more for
        # a 10,000-listing export (and make the empty cells between). tests/lib/
        # test_spreadsheet_exports.py fails if a later openpyxl keeps its cells elsewhere.
        for cell in sheet._cells.values():
            kind = cell.data_type
            if kind == "f" or (kind == "s" and starts_a_formula(cell.value)):
                cell.data_type = "s"
                cell.quotePrefix = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(headers: list[str], rows: list[list[object]], title: str = "Sheet1") -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return workbook_bytes(workbook)


def write_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a BOM, which Japanese Excel opens without garbling."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(v) for v in headers])
    writer.writerows([csv_text(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def attachment(content: bytes, filename: str) -> HttpResponse:
    """A spreadsheet download. Every export view answers through here, which is how the test over
    every export finds them all."""
    content_type = CSV_CONTENT_TYPE if filename.endswith(".csv") else XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
