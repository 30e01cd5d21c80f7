"""連絡会資料 (the liaison-meeting pack): the ward view's content as an .xlsx workbook and an A4 PDF.

    集計            the memo counts per CP area (pillar, function, kind, stage) and each sheet's statuses
    取組共有シート   each CP's sections of the 年度: text and status, the plan items in 具体的な取組計画
    新しい動き       everything new since the last liaison meeting, per CP area
    ヒアリング       the ward's latest hearing round, the CPs' answers side by side

Both are made from the same Summary as the page (tsunagu.liaison.rollup), so what the meeting
reads on paper is what the 1層Co saw on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.hearings.models import HearingRound, HearingSheet
from tsunagu.jobs.services import JobFailed, Progress, register
from tsunagu.liaison import rollup
from tsunagu.liaison.models import wards_visible_to
from tsunagu.liaison.rollup import Summary
from tsunagu.lib.fiscal import fiscal_year_label
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.lib.programme import Pillar
from tsunagu.lib.spreadsheets import new_workbook, workbook_bytes
from tsunagu.sheets.models import Sheet

ZERO_AS_DASH = '0;-0;"—"'


@dataclass
class SheetPart:
    row: object
    sheet: object | None
    sections: list = field(default_factory=list)
    items: list = field(default_factory=list)


@dataclass
class Hearing:
    round: object
    items: list
    # (hearing sheet, [answer text per item]) per CP area
    rows: list

    @property
    def by_item(self) -> list:
        """(item, [(hearing sheet, answer text) per CP area]): the PDF reads one item at a time."""
        return [(item, [(sheet, answers[n]) for sheet, answers in self.rows]) for n, item in enumerate(self.items)]


@dataclass
class Pack:
    summary: Summary
    sheets: list[SheetPart]
    hearing: Hearing | None
    made_at: object
    made_by: str

    @property
    def title(self) -> str:
        return _("連絡会資料（%(ward)s）") % {"ward": self.summary.ward.name}


def build(*, user, summary: Summary) -> Pack:
    from tsunagu.sheets.models import PlanItem

    areas = [row.area for row in summary.rows if row.area is not None]
    sheets = {s.place_id: s for s in Sheet.objects.visible_to(user).filter(fiscal_year=summary.period.fiscal_year,
                                                                place__in=areas)
              .prefetch_related("sections", Prefetch("plan_items", queryset=PlanItem.objects.order_by("order", "pk")))}
    parts = []
    for row in summary.rows:
        if row.area is None:
            continue
        sheet = sheets.get(row.area.pk)
        parts.append(SheetPart(row=row, sheet=sheet,
                               sections=sorted(sheet.sections.all(), key=lambda s: s.order) if sheet else [],
                               items=list(sheet.plan_items.all()) if sheet else []))
    return Pack(summary=summary, sheets=parts, hearing=latest_hearing(user, summary),
                made_at=timezone.localtime(), made_by=str(user))


def latest_hearing(user, summary: Summary) -> Hearing | None:
    """The ward's most recent hearing round that has begun by the end of the period."""
    hearing = (HearingRound.objects.visible_to(user).filter(ward=summary.ward, starts_on__lte=summary.period.end)
               .order_by("-starts_on", "-pk").first())
    if hearing is None:
        return None
    items = hearing.asked_items()
    rows = []
    for sheet in (HearingSheet.objects.visible_to(user).filter(round=hearing).select_related("area")
                  .prefetch_related("answers").order_by("area__code")):
        # Answers still being written (記入中) are not read at the meeting: the row says only its status.
        answers = sheet.answers_by_item() if sheet.is_submitted else {}
        rows.append((sheet, [answers[i.pk].text if i.pk in answers else "" for i in items]))
    return Hearing(round=hearing, items=items, rows=rows)


def plan_items_text(items) -> str:
    lines = []
    for item in items:
        pillar = Pillar(item.pillar).label if item.pillar in Pillar.values else ""
        line = f"・{item.title}（{pillar}）"
        if item.goal:
            line += _(" 目標：%(goal)s") % {"goal": item.goal}
        lines.append(line)
    return "\n".join(lines)


def filename(pack: Pack, ext: str) -> str:
    return f"renrakukai-{pack.summary.ward.code}-{pack.summary.period.end:%Y%m%d}.{ext}"


# --- .xlsx --------------------------------------------------------------------------------


def workbook(pack: Pack) -> bytes:
    book = new_workbook()
    _counts_sheet(book.active, pack)
    _sheets_sheet(book.create_sheet(_("取組共有シート")), pack)
    _news_sheet(book.create_sheet(_("新しい動き")), pack)
    _hearing_sheet(book.create_sheet(_("ヒアリング")), pack)
    return workbook_bytes(book)


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="888888")
    return {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="E8EFE9"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _heading(ws, pack: Pack, title: str) -> None:
    s = _styles()
    summary = pack.summary
    ws.append([f"{title}　{pack.title}"])
    ws["A1"].font = s["title"]
    meeting = (_("前回の連絡会：%(m)s") % {"m": summary.meeting} if summary.meeting
               else _("連絡会の記録はまだありません"))
    ws.append([_("期間：%(period)s（%(year)s）　%(meeting)s　作成：%(at)s %(by)s") % {
        "period": summary.period.label, "year": summary.wareki_year, "meeting": meeting,
        "at": f"{pack.made_at:%Y-%m-%d %H:%M}", "by": pack.made_by}])


def _header_row(ws, row: int, values: list, widths: list[float] | None = None) -> None:
    s = _styles()
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill, cell.alignment, cell.border = s["bold"], s["head_fill"], s["center"], s["border"]
    for col, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=row, column=col).column_letter].width = width


def _print_setup(ws, *, landscape: bool, title_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows


def _counts_sheet(ws, pack: Pack) -> None:
    from openpyxl.utils import get_column_letter

    s = _styles()
    summary = pack.summary
    ws.title = _("集計")
    _heading(ws, pack, _("集計"))
    ws.append([])
    fixed = [_("CPエリア"), _("期間のメモ"), _("最後のメモ")]
    sections = [str(label) for _key, label in summary.section_keys]
    groups = [(_("取組共有シート（%(year)s）") % {"year": summary.fiscal_year_label}, sections)]
    groups += [(str(dim.label), [c.label for c in dim.columns]) for dim in summary.dimensions]
    groups.append((_("新しい動き"), [_("件数")]))
    # Row 4: the group of each column (merged over it); row 5: the columns.
    col = len(fixed) + 1
    for name, columns in groups:
        ws.cell(row=4, column=col, value=name)
        if len(columns) > 1:
            ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + len(columns) - 1)
        for offset in range(len(columns)):
            cell = ws.cell(row=4, column=col + offset)
            cell.font, cell.fill, cell.alignment, cell.border = s["bold"], s["head_fill"], s["center"], s["border"]
        col += len(columns)
    headers = fixed + [c for _name, columns in groups for c in columns]
    _header_row(ws, 5, headers)
    # The fixed columns' names stay on the columns' own row, where Excel's filter and sort look.
    for index in range(1, len(fixed) + 1):
        cell = ws.cell(row=4, column=index)
        cell.fill, cell.border = s["head_fill"], s["border"]
    for n, row in enumerate(summary.rows):
        statuses = {badge.key: badge.status_label for badge in row.sections}
        values = [row.label, row.memo_count, row.last_memo]
        values += [str(statuses.get(key, _("未作成") if row.sheet_id is None else "")) for key, _label in summary.section_keys]
        for dim in summary.dimensions:
            values += [cell.n for cell in dim.rows[n][1][:-1]]
        values.append(len(row.news))
        ws.append(values)
    totals = [_("計"), summary.total_memos, None] + [""] * len(sections)
    for dim in summary.dimensions:
        totals += [cell.n for cell in dim.totals[:-1]]
    totals.append(summary.news_count)
    ws.append(totals)
    last_row = ws.max_row
    for cells in ws.iter_rows(min_row=6, max_row=last_row):
        for cell in cells:
            cell.border = s["border"]
            cell.alignment = s["wrap"]
            if isinstance(cell.value, int):
                cell.number_format = ZERO_AS_DASH
            elif hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    for cell in ws[last_row]:
        cell.font = s["bold"]
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 11
    for index in range(len(fixed) + 1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 9
    ws.row_dimensions[5].height = 48
    ws.freeze_panes = "B6"
    _print_setup(ws, landscape=True, title_rows="4:5")
    ws.append([])
    ws.append([_("1件のメモが複数の柱・機能に当てはまるときは、それぞれに数えています（行の合計は「期間のメモ」）。")])


def _sheets_sheet(ws, pack: Pack) -> None:
    s = _styles()
    _heading(ws, pack, _("取組共有シート"))
    ws.append([])
    _header_row(ws, 4, [_("CPエリア"), _("年度"), _("欄"), _("状態"), _("内容"), _("最終更新")], [22, 14, 18, 10, 80, 16])
    year = fiscal_year_label(pack.summary.period.fiscal_year)
    for part in pack.sheets:
        if part.sheet is None:
            ws.append([part.row.label, year, "", _("未作成"), _("この年度のシートはまだありません。"), ""])
            continue
        for section in part.sections:
            text = section.text
            if section.key == "plan" and part.items:
                text = "\n".join(t for t in (text, plan_items_text(part.items)) if t)
            updated = timezone.localtime(section.updated_at).strftime("%Y-%m-%d") if section.updated_at else ""
            ws.append([part.row.label, year, str(section.get_key_display()), str(section.get_status_display()),
                       text, updated])
    for cells in ws.iter_rows(min_row=5, max_row=ws.max_row):
        for cell in cells:
            cell.alignment, cell.border = s["wrap"], s["border"]
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=False, title_rows="4:4")


def _news_sheet(ws, pack: Pack) -> None:
    s = _styles()
    summary = pack.summary
    _heading(ws, pack, _("新しい動き"))
    since = timezone.localtime(summary.since)
    ws.append([_("%(day)s以降の動き") % {"day": f"{since:%Y-%m-%d}"}])
    _header_row(ws, 4, [_("CPエリア"), _("種類"), _("日付"), _("内容"), _("記録した日時")], [22, 14, 12, 70, 17])
    for row in summary.rows:
        for item in row.news:
            ws.append([row.label, item.kind, f"{item.day:%Y-%m-%d}", item.text,
                       timezone.localtime(item.at).strftime("%Y-%m-%d %H:%M")])
        if not row.news:
            ws.append([row.label, "", "", _("新しい動きはありません"), ""])
    for cells in ws.iter_rows(min_row=5, max_row=ws.max_row):
        for cell in cells:
            cell.alignment, cell.border = s["wrap"], s["border"]
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=False, title_rows="4:4")


def _hearing_sheet(ws, pack: Pack) -> None:
    s = _styles()
    _heading(ws, pack, _("ヒアリング"))
    hearing = pack.hearing
    if hearing is None:
        ws.append([_("この区のヒアリングの記録はまだありません。")])
        return
    ws.append([f"{hearing.round.name}（{hearing.round.starts_on:%Y-%m-%d}〜{hearing.round.ends_on:%Y-%m-%d}）"])
    _header_row(ws, 4, [_("CPエリア"), _("状態"), *(i.title for i in hearing.items)],
                [22, 10, *([42] * len(hearing.items))])
    for sheet, answers in hearing.rows:
        ws.append([sheet.area.name, str(sheet.get_status_display()), *answers])
    for cells in ws.iter_rows(min_row=5, max_row=ws.max_row):
        for cell in cells:
            cell.alignment, cell.border = s["wrap"], s["border"]
    ws.freeze_panes = "C5"
    _print_setup(ws, landscape=True, title_rows="4:4")


# --- PDF ----------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 13mm 12mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
@page tall { size: A4 portrait; }
@page wide { size: A4 landscape; margin: 12mm 12mm 14mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
html { font-size: 11pt; line-height: 1.5; color: #111; }
body { margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
.meta { margin: 0 0 4mm; font-size: 10.5pt; }
h2 { font-size: 13.5pt; margin: 6mm 0 2mm; padding: 1mm 2mm; background: #e8efe9; border-left: 3pt solid #0f5b3f;
  break-after: avoid; }
h3 { font-size: 12pt; margin: 4mm 0 1.5mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }
/* The counts read across many columns: their pages lie landscape, the texts after them stand. */
.wide { page: wide; }
.tall { page: tall; }
table.overview th:first-child, table.overview td:first-child, .counts th:first-child, .counts td:first-child {
  width: 13em; }
table.overview td, table.overview th { font-size: 10pt; }
.counts { table-layout: fixed; break-inside: avoid; }
.break { break-before: page; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 4mm; }
th, td { border: 0.6pt solid #777; padding: 1mm 1.4mm; vertical-align: top; text-align: left; }
thead th { background: #f1f4f2; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; }
.counts td, .counts th { font-size: 9.5pt; padding: 0.8mm 1.2mm; }
.counts td.num { white-space: nowrap; }
tfoot td, tr.total td { font-weight: 700; background: #f7f7f7; }
.badge { display: inline-block; border: 0.6pt solid #555; border-radius: 2mm; padding: 0 1.5mm; font-size: 9pt;
  white-space: nowrap; }
.badge.drafting { background: #fff4e5; } .badge.submitted { background: #eaf1fb; } .badge.confirmed { background: #e8f5ee; }
.text { white-space: pre-wrap; margin: 0 0 2mm; }
.empty { color: #555; }
ul.news { margin: 0 0 2mm; padding-left: 5mm; }
ul.news li { break-inside: avoid; }
.kind { font-weight: 700; }
.note { font-size: 9.5pt; color: #333; }
"""


# On paper, what is new is listed up to this many entries per CP area; the .xlsx has them all.
NEWS_ON_PAPER = 20


def pdf(pack: Pack, on_page=None) -> Rendered:
    html = render_to_string("liaison/pack_pdf.html", {"pack": pack, "summary": pack.summary,
                                                      "news_on_paper": NEWS_ON_PAPER})
    return render_pdf(html, stylesheets=[PDF_CSS], on_page=on_page)


# A ward of 20 CP areas makes a pack of 30-odd pages, which WeasyPrint lays out in 5-10 seconds
# (bench/ward_view.py): the PDF is made as a job, with its progress shown, not while the
# request waits.
JOB_KIND = "liaison-pack"


def job_params(ward, query: str) -> dict:
    return {"ward": ward.pk, "query": query}


@register(JOB_KIND)
def pack_job(job, progress: Progress) -> None:
    from django.http import Http404, QueryDict

    from tsunagu.liaison.forms import PeriodForm

    user = job.owner
    try:
        ward = one_or_404(wards_visible_to(user).defer("boundary"), job.params["ward"])
    except Http404:
        raise JobFailed(_("この区の連絡会資料は作れません（見られる範囲が変わりました）。")) from None
    query = QueryDict(job.params.get("query", ""))
    form = PeriodForm(query or None, ward=ward, today=timezone.localdate())
    period, meeting = form.choice()
    summary = rollup.ward_summary(user=user, ward=ward, period=period, meeting=meeting, links=False)
    made = build(user=user, summary=summary)
    total = 4 + 2 * len(made.sheets)  # pages, roughly: grows if the pack is longer
    progress(0, total, _("集計しました。ページを組んでいます"), force=True)

    def on_page(n: int) -> None:
        progress(min(n, total - 1), total, _("ページを組んでいます（%(n)sページ目）") % {"n": n})

    result = pdf(made, on_page=on_page)
    progress.attach(filename(made, "pdf"), result.pdf)
    progress.keep({"pages": result.pages, "missing_glyphs": result.missing_glyphs,
                   "memos": summary.total_memos, "period": summary.period.label})
    progress(total, total, _("%(pages)sページの連絡会資料ができました。") % {"pages": result.pages}, force=True)
