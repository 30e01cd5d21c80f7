"""Downloads of results (.xlsx and CSV), written from the protected tables (results.Table): a hidden
count is the text 「5未満」 and its percentage 「—」 there as on the page. Through the one
spreadsheet writer (tsunagu/lib/spreadsheets.py), which keeps a typed choice from becoming a
formula. Free-text answers are not in these downloads (staff read them on their page).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes, write_csv
from tsunagu.surveys.results import SMALL, Table


def _percent(cell) -> str:
    return cell.percent_shown


def long_rows(tables: Iterable[Table]) -> tuple[list[str], list[list[object]]]:
    """One line per cell: 質問, 区分, 回答, 件数, 割合 — the CSV, easy to pivot."""
    headers = [_("質問"), _("区分"), _("回答"), _("件数"), _("割合")]
    rows: list[list[object]] = []
    for table in tables:
        for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=False):
            for column, cell in zip(table.col_labels, cells, strict=False):
                rows.append([table.title, label, column, cell.value, _percent(cell)])
            rows.append([table.title, label, _("回答者数"), total.value, ""])
    return headers, rows


def results_csv(tables: list[Table]) -> bytes:
    headers, rows = long_rows(tables)
    return write_csv(headers, rows)


def results_xlsx(title: str, tables: list[Table]) -> bytes:
    """One sheet: each table as a block (its title, a header row, a row per area or choice, counts
    and percentages side by side), and the rule written under the title."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("集計")
    sheet.append([title])
    sheet.append([_("件数が%(n)s未満のところは「5未満」と表示し、そこから逆算できる数も伏せています。") % {"n": SMALL}])
    for table in tables:
        sheet.append([])
        sheet.append([table.title])
        header: list[object] = [table.row_heading or _("区分")]
        for column in table.col_labels:
            header += [column, _("%")]
        header.append(_("回答者数"))
        sheet.append(header)
        for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=False):
            line: list[object] = [label]
            for cell in cells:
                line += [cell.value, _percent(cell)]
            line.append(total.value)
            sheet.append(line)
    sheet.column_dimensions["A"].width = 24
    print_on_a4(sheet, title_rows="1:2", landscape=True)
    return workbook_bytes(workbook)
