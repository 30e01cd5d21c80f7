"""An event's papers: the invitation letter (案内状) and the minutes (議事録) on A4 as PDF, and the
minutes as an .xlsx workbook for the office to keep or forward.

Both PDFs go through tsunagu/lib/pdf.py (the project's Japanese font, no fetching) in the request:
a letter and a meeting's minutes are a page or three, laid out in about a second. Dates are 和暦,
as the city's letters print them (tsunagu/lib/dates.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.events.models import Event, FollowUp, Minutes, Review
from tsunagu.lib import dates
from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "event-papers.css"
# Without a reply date of its own, a letter asks for the answer a week before the day.
REPLY_DAYS_BEFORE = 7


@dataclass
class Part:
    """One agenda item (or the event as a whole) with its minutes and follow-ups."""

    title: str
    who: str
    minutes: Minutes | None
    followups: list = field(default_factory=list)
    anchor: str = ""
    item: object | None = None

    @property
    def written(self) -> bool:
        return bool(self.minutes and (self.minutes.notes or self.minutes.decisions))


@dataclass
class Attendance:
    rows: list[tuple[str, int]]  # (kind, number)

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.rows)


def parts(event: Event) -> list[Part]:
    """The agenda in order, each item with its minutes and follow-ups; then 全体・その他."""
    minutes = {m.agenda_item_id: m for m in Minutes.objects.filter(event=event)}
    followups: dict = {}
    for f in FollowUp.objects.filter(event=event).select_related("owner", "organisation").order_by("due", "pk"):
        followups.setdefault(f.agenda_item_id, []).append(f)
    found = [Part(item.title, item.who, minutes.get(item.pk), followups.get(item.pk, []), f"item-{item.pk}", item)
             for item in event.agenda_items.select_related("presenter")]
    general = Part(str(_("全体・その他")), "", minutes.get(None), followups.get(None, []), "item-general")
    return [*found, general]


PARTICIPANT_KINDS = {"organisation": _("団体"), "listing": _("グループ・地域資源"), "account": _("職員など"),
                     "name": _("その他（名前で記録）")}


def attendance(event: Event) -> Attendance:
    """Who came, counted by kind: the named participants marked 出席した, then the head counts."""
    attended = event.participants.attended()
    counted = {
        "organisation": attended.filter(organisation__isnull=False, account__isnull=True).count(),
        "listing": attended.filter(listing__isnull=False, organisation__isnull=True, account__isnull=True).count(),
        "account": attended.filter(account__isnull=False).count(),
        "name": attended.filter(account__isnull=True, organisation__isnull=True, listing__isnull=True).count(),
    }
    rows = [(str(PARTICIPANT_KINDS[k]), n) for k, n in counted.items() if n]
    rows += [(h.label, h.number) for h in event.head_counts.all() if h.number]
    return Attendance(rows)


def sessions_text(event: Event) -> list[str]:
    """Each day in 和暦 with its times: 令和8年12月10日（木）13:30〜15:30."""
    weekdays = "月火水木金土日"
    lines = []
    for s in event.sessions.all():
        day = dates.document_date(s.date)
        if not dates.english():
            day += f"（{weekdays[s.date.weekday()]}）"
        times = ""
        if s.starts_at:
            times = f" {s.starts_at:%H:%M}〜{s.ends_at:%H:%M}" if s.ends_at else f" {s.starts_at:%H:%M}〜"
        note = f"　{s.note}" if s.note else ""
        lines.append(f"{day}{times}{note}")
    return lines


def venue_text(event: Event) -> str:
    names = [event.venue.name if event.venue_id else "", event.venue_text]
    return "　".join(n for n in names if n)


def default_reply_by(event: Event) -> date | None:
    own = getattr(event, "reply_by", None)
    if own:
        return own
    if event.starts_on is None:
        return None
    return max(event.starts_on - timedelta(days=REPLY_DAYS_BEFORE), timezone.localdate())


def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def invitation_context(event: Event, *, reply_by: date | None, contact: str) -> dict:
    organisers = list(event.organisers.order_by("kind", "name"))
    return {"event": event, "organisers": organisers, "sessions": sessions_text(event), "venue": venue_text(event),
            "agenda": list(event.agenda_items.select_related("presenter")), "reply_by": reply_by,
            "contact": contact, "written_on": timezone.localdate()}


def invitation_pdf(event: Event, *, reply_by: date | None, contact: str = "") -> Rendered:
    html = render_to_string("events/minutes/invitation_pdf.html",
                            invitation_context(event, reply_by=reply_by, contact=contact))
    return render_pdf(html, stylesheets=[_css()])


def minutes_context(event: Event) -> dict:
    review = Review.objects.filter(event=event).first()
    all_parts = parts(event)
    return {"event": event, "organisers": list(event.organisers.order_by("kind", "name")),
            "sessions": sessions_text(event), "venue": venue_text(event), "attendance": attendance(event),
            "parts": [p for p in all_parts if p.item is not None or p.written or p.followups],
            "followups": [f for p in all_parts for f in p.followups], "review": review,
            "today": timezone.localdate(), "printed_at": timezone.now()}


def minutes_pdf(event: Event) -> Rendered:
    return render_pdf(render_to_string("events/minutes/minutes_pdf.html", minutes_context(event)),
                      stylesheets=[_css()])


def filename(event: Event, what: str, ext: str) -> str:
    """議事録_中区生活支援連絡会_令和8年12月10日.pdf: what the office files it under."""
    day = dates.document_date(event.starts_on) if event.starts_on else ""
    name = "_".join(p for p in (what, event.title, day) if p)
    return f"{name}.{ext}".replace("/", "・")


def minutes_workbook(event: Event) -> bytes:
    """The minutes as a workbook: 議事録 (each agenda item's notes and decisions) and
    フォローアップ (what, who, by when, state), printable on A4."""
    from openpyxl.styles import Alignment, Font, PatternFill

    context = minutes_context(event)
    book = new_workbook()
    sheet = book.active
    sheet.title = _("議事録")[:31]
    sheet.append([_("議事録") + "　" + event.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("日時") + "：" + "、".join(context["sessions"])])
    sheet.append([_("会場") + "：" + context["venue"]])
    attendance_text = "、".join(f"{label} {n}" for label, n in context["attendance"].rows)
    sheet.append([_("出席") + "：" + (attendance_text or "—")])
    sheet.append([])
    head = [_("議題"), _("報告者"), _("記録（話し合われたこと）"), _("決定事項")]
    sheet.append(head)
    header_row = sheet.max_row
    for part in context["parts"]:
        m = part.minutes
        sheet.append([part.title, part.who, m.notes if m else "", m.decisions if m else ""])
    _style(sheet, header_row, [22, 12, 60, 40], Font, PatternFill, Alignment)
    print_on_a4(sheet, title_rows=f"{header_row}:{header_row}", landscape=True)

    follow = book.create_sheet(_("フォローアップ")[:31])
    follow.append([_("議題"), _("やること"), _("担当者"), _("担当の所属"), _("期限"), _("状況"), _("対応のひとこと")])
    for f in context["followups"]:
        follow.append([f.agenda_item.title if f.agenda_item_id else str(_("全体・その他")), f.what, f.owner_name,
                       f.organisation.name if f.organisation_id else "", f.due, f.get_status_display(), f.done_note])
    _style(follow, 1, [20, 40, 16, 22, 12, 10, 30], Font, PatternFill, Alignment)
    for cell in follow["E"][1:]:
        cell.number_format = "yyyy-mm-dd"
    print_on_a4(follow, title_rows="1:1", landscape=True)
    return workbook_bytes(book)


def _style(sheet, header_row: int, widths: list[int], Font, PatternFill, Alignment) -> None:
    for col, width in enumerate(widths, start=1):
        cell = sheet.cell(row=header_row, column=col)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E8EFE9")
        sheet.column_dimensions[cell.column_letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=sheet.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
