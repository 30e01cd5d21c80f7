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
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.parsers import expat

from django.http import HttpResponse
from django.utils.http import content_disposition_header
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
    # Rows inside the data that were not read as data (a 「【本牧地区】」 heading across the sheet):
    # (number, text), for the preview to say so.
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Grid:
    """Every row of the first sheet as text, row n at rows[n - 1] (blank rows kept, so that numbers
    stay those a person sees in Excel), merged cells already holding their value in every cell
    they cover. Which rows are the header and where the data ends is decided afterwards
    (table_from_grid): ward lists put a title above the header, headers in two rows and notes
    below the data."""

    rows: list[list[str]]
    encoding: str = ""
    # The merged ranges, 1-based and inclusive: (first_row, first_col, last_row, last_col).
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


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


def _grid(rows: list[list[object]], encoding: str, merges=()) -> Grid:
    cells = []
    for raw in rows:
        row = [_cell(v) for v in raw]
        while row and not row[-1]:
            row.pop()
        cells.append(row)
    while cells and not cells[-1]:
        cells.pop()
    kept = []
    width = max((len(r) for r in cells), default=0)
    budget = 2 * len(cells) * max(width, 1)  # cells a crafted file's overlapping merges may make us write
    for r0, c0, r1, c1 in merges:
        c1 = min(c1, max(width, c0))
        # Every cell of a merged range reads as its value (Excel shows it across all of them);
        # ranges beyond the used rows are cut to them.
        if r0 > len(cells) or not (0 < r0 <= r1 and 0 < c0 <= c1):
            continue
        r1 = min(r1, len(cells))
        value = cells[r0 - 1][c0 - 1] if c0 - 1 < len(cells[r0 - 1]) else ""
        if not value:
            continue
        budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
        if budget < 0:
            break
        kept.append((r0, c0, r1, c1))
        for r in range(r0, r1 + 1):
            row = cells[r - 1]
            if len(row) < c1:
                row += [""] * (c1 - len(row))
            for c in range(c0, c1 + 1):
                row[c - 1] = value
    return Grid(rows=cells, encoding=encoding, merges=kept)


def _header_text(text: str) -> str:
    # 「開催\n曜日」: a heading broken over two lines in its cell is one word.
    return "".join(part.strip() for part in text.splitlines()) if "\n" in text else text.strip()


# Between the levels of a header in several rows: 「連絡先 › 電話」.
LEVEL = " › "


def grid_headers(grid: Grid, header_row: int = 1, header_rows: int = 1) -> list[str]:
    """The column names from header_rows rows starting at header_row (1-based). In a header of two
    rows, a group heading (「連絡先」 over 「電話」「メール」) prefixes each heading under it:
    「連絡先 › 電話」; a heading merged down both rows is itself once. A CSV has no merges, so a
    group heading's blank cells to its right take its text when there are headings under them."""
    band = [list(grid.rows[n - 1]) if n - 1 < len(grid.rows) else []
            for n in range(header_row, header_row + header_rows)]
    band = [[_header_text(c) for c in row] for row in band]
    width = max((len(r) for r in band), default=0)
    for row in band:
        row += [""] * (width - len(row))
    for level in range(len(band) - 1):
        row = band[level]
        for column in range(1, width):
            below = any(band[k][column] for k in range(level + 1, len(band)))
            left_below = any(band[k][column - 1] for k in range(level + 1, len(band)))
            if not row[column] and row[column - 1] and below and left_below:
                row[column] = row[column - 1]
    headers = []
    for column in range(width):
        parts: list[str] = []
        for row in band:
            if row[column] and row[column] not in parts:
                parts.append(row[column])
        headers.append(LEVEL.join(parts))
    # A heading merged across two columns names the first; the others are left unnamed (not read).
    last = header_row + header_rows - 1
    across = [(c0, c1) for r0, c0, r1, c1 in grid.merges if r0 <= last and r1 >= header_row and c1 > c0]
    for column in range(width - 1, 0, -1):
        joined = any(c0 <= column and column + 1 <= c1 for c0, c1 in across)  # columns column-1, column (0-based)
        if headers[column] and headers[column] == headers[column - 1] and joined:
            headers[column] = ""
    return headers


def distinct_values(cells: list[str]) -> list[str]:
    return list(dict.fromkeys(c for c in cells if c))


def table_from_grid(grid: Grid, header_row: int = 1, header_rows: int = 1, last_row: int | None = None,
                    skip: Callable[[list[str]], bool] | None = None) -> Table:
    """A Table from the grid: headers from header_rows rows at header_row, data from the row after
    them to last_row (inclusive; None: to the end). Blank rows are passed over; so are rows that
    skip(cells) says are no data (they are listed in Table.skipped)."""
    if header_row < 1 or header_row > len(grid.rows) or not any(grid.rows[header_row - 1]):
        raise SpreadsheetError(_("見出し行がありません。1行目に列名を入れてください。") if header_row == 1 else
                               _("%(n)s行目は空です。見出しの行を選び直してください。") % {"n": header_row})
    headers = grid_headers(grid, header_row, header_rows)
    table = Table(headers=headers, encoding=grid.encoding)
    end = len(grid.rows) if last_row is None else min(last_row, len(grid.rows))
    for number in range(header_row + header_rows, end + 1):
        cells = grid.rows[number - 1]
        if not any(cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        if skip is not None and skip(cells):
            table.skipped.append((number, distinct_values(cells)[0][:60]))
            continue
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
        table.rows.append(Row(number=number, values=values))
    return table


@dataclass(frozen=True)
class Limits:
    """What an imported file may hold (settings.TSUNAGU_UPLOAD_MAX_MB, TSUNAGU_IMPORT_MAX_*)."""

    bytes: int = 20 * 1024 * 1024
    rows: int = 20_000  # rows with something in them, below the header
    columns: int = 100
    cell: int = 10_000  # characters
    header: int = 100  # characters of a heading in row 1
    unpacked: int = 500 * 1024 * 1024  # a workbook's parts, unzipped

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(bytes=settings.TSUNAGU_UPLOAD_MAX_MB * 1024 * 1024, rows=settings.TSUNAGU_IMPORT_MAX_ROWS,
                   columns=settings.TSUNAGU_IMPORT_MAX_COLUMNS, cell=settings.TSUNAGU_IMPORT_MAX_CELL_CHARS,
                   header=settings.TSUNAGU_IMPORT_MAX_HEADER_CHARS,
                   unpacked=settings.TSUNAGU_IMPORT_MAX_UNPACKED_MB * 1024 * 1024)


def _column_letter(index: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(index)


class _Check:
    """The limits checked cell by cell as a file is read; raises SpreadsheetError naming them."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.data_rows = 0

    def cell(self, row: int, column: int, length: int) -> None:
        if not length:
            return
        if column > self.limits.columns:
            raise SpreadsheetError(
                _("列が多すぎます（%(row)s行目の %(col)s 列。最大 %(n)s 列）。使わない列を消してから、もう一度お試しください。")
                % {"row": row, "col": _column_letter(column), "n": self.limits.columns})
        if row == 1 and length > self.limits.header:
            raise SpreadsheetError(_("1行目の見出しが長すぎます（%(col)s 列。最大 %(n)s 文字）。") % {
                "col": _column_letter(column), "n": self.limits.header})
        if length > self.limits.cell:
            raise SpreadsheetError(_("%(row)s行目 %(col)s 列のセルが長すぎます（最大 %(n)s 文字）。") % {
                "row": row, "col": _column_letter(column), "n": self.limits.cell})

    def row_done(self, row: int, filled: bool) -> None:
        if row > 1 and filled:
            self.data_rows += 1
            if self.data_rows > self.limits.rows:
                raise SpreadsheetError(
                    _("行が多すぎます（最大 %(n)s 行）。ファイルを分けて、何回かに分けて取り込んでください。")
                    % {"n": f"{self.limits.rows:,}"})


def too_large(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(_("ファイルが大きすぎます（最大 %(mb)s MB）。行を分けるなどして小さくしてから、もう一度お試しください。")
                            % {"mb": limits.bytes // (1024 * 1024)})


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _first_sheet(archive: zipfile.ZipFile) -> str:
    from xml.etree import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
        target = next(r.get("Target") for r in rels if r.get("Id") == first.get(f"{_REL}id"))
    except (KeyError, AttributeError, StopIteration, ElementTree.ParseError):
        return "xl/worksheets/sheet1.xml"
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _stream(archive: zipfile.ZipFile, name: str, parser) -> None:
    with archive.open(name) as handle:
        while chunk := handle.read(1 << 20):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _column_number(ref: str) -> int:
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        else:
            break
    return number


def _merge_range(ref: str) -> tuple[int, int, int, int] | None:
    """「A1:H2」 → (1, 1, 2, 8)."""
    first, _sep, last = ref.partition(":")
    points = []
    for point in (first, last or first):
        letters = "".join(ch for ch in point if ch.isalpha()).upper()
        digits = point[len(letters):]
        if not letters or not digits.isdigit():
            return None
        points.append((int(digits), _column_number(letters)))
    (r0, c0), (r1, c1) = points
    return min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


def _scan_xlsx(archive: zipfile.ZipFile, limits: Limits) -> list[tuple[int, int, int, int]]:
    """Check the first sheet against the limits without building a cell: the XML is streamed and
    only the lengths of texts are counted, so a 200 MB cell is refused, never read into memory.
    Returns the sheet's merged ranges (openpyxl's read-only mode does not give them)."""
    check = _Check(limits)
    merges: list[tuple[int, int, int, int]] = []
    long_strings: dict[int, int] = {}  # shared strings longer than a heading may be
    if "xl/sharedStrings.xml" in archive.namelist():
        state = {"index": -1, "length": 0, "in_t": False}
        parser = expat.ParserCreate()

        def start(tag, _attrs):
            local = tag.rsplit(":", 1)[-1]
            if local == "si":
                state["index"] += 1
                state["length"] = 0
            elif local == "t":
                state["in_t"] = True

        def end(tag):
            local = tag.rsplit(":", 1)[-1]
            if local == "t":
                state["in_t"] = False
            elif local == "si" and state["length"] > min(limits.header, limits.cell):
                long_strings[state["index"]] = state["length"]

        def text(data):
            if state["in_t"]:
                state["length"] += len(data)

        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
        _stream(archive, "xl/sharedStrings.xml", parser)

    cell = {"row": 0, "col": 0, "type": "", "text": [], "length": 0, "in": False, "filled": False}
    parser = expat.ParserCreate()

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            cell["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else cell["row"] + 1
            cell["col"], cell["filled"] = 0, False
        elif local == "c":
            ref = attrs.get("r", "")
            cell["col"] = _column_number(ref) if ref else cell["col"] + 1
            cell["type"], cell["length"], cell["text"] = attrs.get("t", "n"), 0, []
        elif local in ("v", "t"):
            cell["in"] = True
        elif local == "mergeCell" and len(merges) < 10_000:
            found = _merge_range(attrs.get("ref", ""))
            if found:
                merges.append(found)

    def end(tag):
        local = tag.rsplit(":", 1)[-1]
        if local in ("v", "t"):
            cell["in"] = False
        elif local == "c":
            length = cell["length"]
            if cell["type"] == "s":
                index = "".join(cell["text"])
                length = long_strings.get(int(index), 1) if index.isdigit() else 0
            cell["filled"] = cell["filled"] or bool(length)
            check.cell(cell["row"], cell["col"], length)
        elif local == "row":
            check.row_done(cell["row"], cell["filled"])

    def text(data):
        if cell["in"]:
            cell["length"] += len(data)
            if cell["type"] == "s" and cell["length"] <= 12:
                cell["text"].append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        _stream(archive, _first_sheet(archive), parser)
    except KeyError as exc:
        raise SpreadsheetError(_(".xlsx ファイルを開けません。ファイルが壊れていないか確認してください。")) from exc
    return merges


def _read_xlsx(data: bytes, limits: Limits) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError(_(".xlsx ファイルを開けません。ファイルが壊れていないか確認してください。")) from exc
    if unpacked > limits.unpacked:
        raise SpreadsheetError(_("ファイルの中身が大きすぎます（展開すると %(mb)s MB を超えます）。") % {
            "mb": limits.unpacked // (1024 * 1024)})
    try:
        merges = _scan_xlsx(archive, limits)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SpreadsheetError(_(".xlsx ファイルを開けません。ファイルが壊れていないか確認してください。")) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # No wider than the sheet says it is (the scan has checked its cells against the limit).
        width = min(sheet.max_column or limits.columns, limits.columns)
        rows = [list(r) for r in sheet.iter_rows(values_only=True, max_col=width)]
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(_(".xlsx ファイルを開けません。ファイルが壊れていないか確認してください。")) from exc
    return rows, merges


def _read_csv(text: str, limits: Limits) -> list[list[str]]:
    check = _Check(limits)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for raw in reader:
            number = len(rows) + 1
            for column, value in enumerate(raw, start=1):
                check.cell(number, column, len(value.strip()))
            check.row_done(number, any(v.strip() for v in raw))
            rows.append(raw)
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise SpreadsheetError(_("%(row)s行目に長すぎるセルがあります（最大 %(n)s 文字）。") % {
                "row": len(rows) + 1, "n": limits.cell}) from exc
        raise SpreadsheetError(_("CSVファイルの形式が正しくありません：%(error)s") % {"error": exc}) from exc
    return rows


def read_grid(data: bytes, filename: str, limits: Limits | None = None) -> Grid:
    """Read an uploaded .xlsx (its first sheet) or .csv file into a Grid, within the limits
    (SpreadsheetError naming the limit otherwise)."""
    limits = limits or Limits.from_settings()
    if len(data) > limits.bytes:
        raise too_large(limits)
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows, merges = _read_xlsx(data, limits)
        return _grid(rows, "xlsx", merges)
    if name.endswith(".csv") or name.endswith(".txt"):
        text, encoding = decode_csv(data)
        rows = [[csv_text_back(v) for v in r] for r in _read_csv(text, limits)]
        return _grid(rows, encoding)
    raise SpreadsheetError(_("読み込めるのは .xlsx と .csv のファイルだけです。"))


def read_table(data: bytes, filename: str, limits: Limits | None = None) -> Table:
    """Read an uploaded .xlsx or .csv file whose first row is the header into numbered rows."""
    return table_from_grid(read_grid(data, filename, limits))


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


# Column widths (Excel's units, about one half-width character) that still read on A4 upright when
# fitted to the page's width; a wider sheet is printed landscape.
PORTRAIT_WIDTH = 100


def print_on_a4(sheet, *, title_rows: str, landscape: bool | None = None) -> None:
    """Print settings for a sheet people will print: A4, fitted to the page's width (as many pages
    down as needed), the header rows (e.g. "1:3") repeated on every page, landscape when the
    columns are wider than a portrait page holds (landscape None: decided from the widths)."""
    if landscape is None:
        widths = [d.width or 8.43 for d in sheet.column_dimensions.values()]
        landscape = sum(widths) > PORTRAIT_WIDTH
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = title_rows


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
    # 連絡会資料_中区_令和8年度.xlsx: a Japanese name travels as filename*=utf-8'' (RFC 6266), with
    # an ASCII stand-in for the rare client that reads only filename.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
