"""An event's participants as .xlsx (for the sign-in sheet and the report), through
tsunagu/lib/spreadsheets.py so that no name or note typed like a formula becomes one."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.events.models import Event, Participant
from tsunagu.lib import dates
from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes

KIND_LABELS = {"account": gettext_lazy("職員"), "organisation": gettext_lazy("団体"),
               "listing": gettext_lazy("地域のグループ"), "name": gettext_lazy("名前")}


def _kind(p: Participant) -> str:
    return str(KIND_LABELS[p.kind])


def participants_workbook(event: Event) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = _("参加者")
    days = "、".join(dates.document_date(s.date) for s in event.sessions.all())
    sheet.append([event.title])
    sheet.append([_("日程：%(days)s　地域：%(place)s") % {"days": days, "place": event.place.name}])
    sheet.append([_("名前"), _("区分"), _("案内"), _("回答"), _("当日"), _("備考")])
    for p in event.participants.select_related("organisation", "listing", "account"):
        sheet.append([p.display_name, _kind(p), _("案内済み") if p.invited_at else "",
                      str(p.get_answer_display()) if p.answer else "",
                      str(p.get_attendance_display()) if p.attendance else "", p.note])
    heads = list(event.head_counts.all())
    if heads:
        sheet.append([])
        sheet.append([_("名前のない参加者"), _("人数")])
        for h in heads:
            sheet.append([h.label, h.number])
    for column, width in zip("ABCDEF", (32, 14, 10, 10, 10, 30), strict=True):
        sheet.column_dimensions[column].width = width
    print_on_a4(sheet, title_rows="3:3")
    return workbook_bytes(book)


def participants_filename(event: Event) -> str:
    day = f"{event.starts_on:%Y%m%d}_" if event.starts_on else ""
    return f"{_('参加者')}_{day}{event.title}.xlsx".replace("/", "・")
