"""The answers of a round compared across CP areas, as an .xlsx workbook: a first sheet with one
row per CP area and one column per item (as on screen), then one sheet per item, easier to read
when answers are long."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.hearings.models import HearingItem, HearingRound
from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAMES.sub("・", text).strip()[:28] or "Sheet"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:25]}({n})", n + 1
    taken.add(title)
    return title


def _answer(sheet, answers, item) -> str:
    # Answers still being written are not compared: the cell says why it is empty.
    if not sheet.is_submitted:
        return _("（%(status)s）") % {"status": sheet.get_status_display()}
    return answers[item.pk].text if item.pk in answers else ""


def compare_workbook(hearing: HearingRound, items: list[HearingItem], rows) -> bytes:
    """rows: (sheet, {item id: HearingAnswer}) in the order to print. Printed on A4, fitted to the
    width, the header rows on every page."""
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    workbook = new_workbook()
    summary = workbook.active
    taken: set[str] = set()
    summary.title = _sheet_title(_("一覧"), taken)
    summary.append([hearing.name, f"{hearing.starts_on:%Y-%m-%d}〜{hearing.ends_on:%Y-%m-%d}"])
    summary.append([])
    header = [_("CPエリア"), _("状態"), _("記入した人"), _("記入日時"), *(i.title for i in items)]
    summary.append(header)
    for sheet, answers in rows:
        filled = timezone.localtime(sheet.filled_at).strftime("%Y-%m-%d %H:%M") if sheet.filled_at else ""
        summary.append([sheet.area.name, sheet.get_status_display(), sheet.filled_by_name, filled,
                        *(_answer(sheet, answers, i) for i in items)])
    for cell in summary[3]:
        cell.font = bold
    summary["A1"].font = bold
    for row in summary.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = wrap
    widths = [22, 9, 16, 16] + [40] * len(items)
    for index, width in enumerate(widths, start=1):
        summary.column_dimensions[summary.cell(row=3, column=index).column_letter].width = width
    summary.freeze_panes = "B4"
    print_on_a4(summary, title_rows="1:3")
    for item in items:
        page = workbook.create_sheet(_sheet_title(item.title, taken))
        page.append([item.title, item.prompt])
        page.append([_("CPエリア"), _("回答")])
        for cell in page[1] + page[2]:
            cell.font = bold
        for sheet, answers in rows:
            page.append([sheet.area.name, _answer(sheet, answers, item)])
        for row in page.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = wrap
        page.column_dimensions["A"].width = 22
        page.column_dimensions["B"].width = 90
        print_on_a4(page, title_rows="1:2", landscape=False)
    return workbook_bytes(workbook)
