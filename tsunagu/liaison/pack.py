"""連絡会資料 (the liaison-meeting pack): the ward view's content as an .xlsx workbook and an A4 PDF.

    集計            each CP area's sheet statuses and memo counts (pillar, function, kind, stage)
    取組メモ         the period's memos with what they say (目的, 内容, 地域の反応, 次の一手), per CP area
    取組共有シート   each CP's sections of the 年度: text, status and the 1層Co's comments; the plan items
    地域支援計画     the district plans of the 年度, per CP area
    新しい動き       everything new since the last liaison meeting, per CP area
    ヒアリング       the ward's latest hearing round, the CPs' answers item by item

Both are made from the same Summary as the page (tsunagu.liaison.rollup), so what the meeting
reads on paper is what the 1層Co saw on screen.

On paper: A4 portrait throughout (a pack is printed double-sided and stapled; pages turning
sideways mid-section were hard to read at the meeting), tables reflowed to the page's width —
the counts split into blocks of columns — and dates in 和暦, as the city's documents print them
(tsunagu/lib/dates.py). Each .xlsx sheet has one orientation, A4 and fit to width, and no sheet is
so wide that fitting it shrinks the print below PRINT_SCALE_FLOOR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.district_plans.models import DistrictPlan
from tsunagu.hearings.models import HearingRound, HearingSheet
from tsunagu.jobs.services import JobFailed, Progress, register
from tsunagu.liaison import rollup
from tsunagu.liaison.models import wards_visible_to
from tsunagu.liaison.rollup import Preset, Summary
from tsunagu.lib import dates
from tsunagu.lib.fiscal import fiscal_year_range
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.lib.programme import Pillar
from tsunagu.lib.spreadsheets import new_workbook, workbook_bytes
from tsunagu.memos.models import Memo
from tsunagu.sheets.models import Sheet

ZERO_AS_DASH = '0;-0;"—"'
# A table on paper holds the CP area's name and at most this many columns of counts; more are
# carried on in a second block below (a ward may keep 15 kinds of memo).
COUNT_COLUMNS_PER_BLOCK = 8
# Fitting a sheet to the page's width must not shrink the print below this (small print is
# what the meeting could not read); the widths below are chosen to keep every sheet above it.
PRINT_SCALE_FLOOR = 0.8


@dataclass
class SheetPart:
    row: object
    sheet: object | None
    sections: list = field(default_factory=list)
    items: list = field(default_factory=list)


@dataclass
class MemoPart:
    """A CP area's memos of the period, oldest first, as the meeting goes through them."""

    row: object
    memos: list

    @property
    def on_paper(self) -> list:
        return self.memos[-MEMOS_ON_PAPER:]

    @property
    def left_out(self) -> int:
        return max(len(self.memos) - MEMOS_ON_PAPER, 0)


@dataclass
class PlanPart:
    row: object
    plans: list


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
class CountBlock:
    """Part of one dimension's table: the CP areas down, up to COUNT_COLUMNS_PER_BLOCK columns across."""

    label: str
    headers: list[str]
    # (row label, [numbers]) per CP area, then the totals
    rows: list[tuple[str, list[int]]]
    totals: list[int]
    # What the rows are (CP areas unless said: the partners' pipeline is by kind of organisation).
    row_heading: str = ""


@dataclass
class Pack:
    summary: Summary
    sheets: list[SheetPart]
    hearing: Hearing | None
    made_at: object
    made_by: str
    memos: list[MemoPart] = field(default_factory=list)
    plans: list[PlanPart] = field(default_factory=list)

    @property
    def name(self) -> str:
        """What the pack is for, as the meeting calls it: 令和8年度 for a year's pack, 令和8年度上半期,
        or the month(s) of the meeting (2026年12月) — in its title and its file's name."""
        period = self.summary.period
        year = dates.fiscal_year_name(period.fiscal_year)
        if period.preset == Preset.HALF:
            return _("%(year)s上半期") % {"year": year}
        if period.preset == Preset.YEAR or (period.start, period.end) == fiscal_year_range(period.fiscal_year):
            return year
        if period.preset in (Preset.MONTH, Preset.SINCE):
            # The meeting the pack is made for is held in the month the period ends.
            return dates.month_name(period.end.year, period.end.month)
        return dates.months_name(period.start, period.end)

    @property
    def title(self) -> str:
        return _("連絡会資料（%(ward)s）%(name)s") % {"ward": self.summary.ward.name, "name": self.name}

    @property
    def period_label(self) -> str:
        return dates.document_period(self.summary.period.start, self.summary.period.end)

    @property
    def memo_count(self) -> int:
        return sum(len(part.memos) for part in self.memos)

    @property
    def plan_count(self) -> int:
        return sum(len(part.plans) for part in self.plans)

    @property
    def count_blocks(self) -> list[CountBlock]:
        return count_blocks(self.summary)

    @property
    def activity_blocks(self) -> list[CountBlock]:
        return activity_blocks(self.summary)

    @property
    def upcoming(self) -> list:
        return self.summary.activity.upcoming if self.summary.activity else []


def build(*, user, summary: Summary) -> Pack:
    from tsunagu.sheets.models import PlanItem, SectionComment

    areas = [row.area for row in summary.rows if row.area is not None]
    comments = SectionComment.objects.order_by("created_at", "pk")
    sheets = {s.place_id: s for s in Sheet.objects.visible_to(user).filter(fiscal_year=summary.period.fiscal_year,
                                                                place__in=areas)
              .prefetch_related(Prefetch("sections__comments", queryset=comments),
                                Prefetch("plan_items", queryset=PlanItem.objects.order_by("order", "pk")))}
    parts = []
    for row in summary.rows:
        if row.area is None:
            continue
        sheet = sheets.get(row.area.pk)
        parts.append(SheetPart(row=row, sheet=sheet,
                               sections=sorted(sheet.sections.all(), key=lambda s: s.order) if sheet else [],
                               items=list(sheet.plan_items.all()) if sheet else []))
    memos = period_memos(user, summary)
    memo_photos(memos)
    return Pack(summary=summary, sheets=parts, hearing=latest_hearing(user, summary),
                made_at=timezone.localtime(), made_by=str(user),
                memos=memos, plans=district_plans(user, summary))


# On paper each memo shows at most this many of its photos, as small pictures beside its text.
PHOTOS_PER_MEMO = 4


def memo_photos(parts: list[MemoPart]) -> None:
    """Give each memo on paper ``photos``: up to PHOTOS_PER_MEMO of its photos' thumbnails, as
    data: URIs (the PDF renderer fetches no URL, tsunagu/lib/pdf.py). Thumbnails only — small,
    upright, without the camera's metadata (tsunagu/attachments/thumbnails.py). The memos were read
    through the person's access, so their photos are theirs to see."""
    import base64

    from tsunagu.attachments.models import Attachment

    memos = [memo for part in parts for memo in part.on_paper]
    found: dict[int, list[str]] = {}
    photos = (Attachment.objects.of_many(Memo, [m.pk for m in memos]).images().exclude(thumbnail="")
              .order_by("uploaded_at", "pk"))
    for photo in photos:
        kept = found.setdefault(photo.object_id, [])
        if len(kept) < PHOTOS_PER_MEMO:
            with photo.thumbnail.open("rb") as f:
                kept.append("data:image/jpeg;base64," + base64.b64encode(f.read()).decode("ascii"))
    for memo in memos:
        memo.photos = found.get(memo.pk, [])


def _row_finder(summary: Summary):
    """The summary's row for a place's path(s): its CP area's, or the row of districts outside them."""
    areas = {row.area.pk: row.area for row in summary.rows if row.area is not None}
    rows = {row.area.pk if row.area else None: row for row in summary.rows}

    def row_of(*paths: str):
        for path in paths:
            pk = rollup.cp_of(path or "", areas)
            if pk is not None:
                return rows[pk]
        return rows.get(None)

    return row_of


def period_memos(user, summary: Summary) -> list[MemoPart]:
    """The period's memos with their contents, per CP area of the summary (the counts' rows)."""
    memos = (Memo.objects.live().visible_to(user).filter(place__path__startswith=summary.ward.path)
             .in_period(summary.period.start, summary.period.end)
             .select_related("place", "kind", "stage").order_by("date", "pk"))
    row_of = _row_finder(summary)
    grouped: dict[int, list] = {}
    for memo in memos:
        row = row_of(memo.place.path)
        if row is not None:
            grouped.setdefault(id(row), []).append(memo)
    return [MemoPart(row=row, memos=grouped.get(id(row), [])) for row in summary.rows]


def district_plans(user, summary: Summary) -> list[PlanPart]:
    """The district plans that cover the period's 年度, per CP area: a plan of a district outside
    the CP areas goes with the CP area it is written with."""
    ward = summary.ward
    plans = (DistrictPlan.objects.visible_to(user)
             .filter(Q(district__path__startswith=ward.path) | Q(partner_area__path__startswith=ward.path))
             .covering(summary.period.fiscal_year).select_related("district", "partner_area")
             .order_by("district__path", "-start_year", "pk"))
    row_of = _row_finder(summary)
    grouped: dict[int, list] = {}
    for plan in plans:
        row = row_of(plan.district.path, plan.partner_area.path if plan.partner_area else "")
        if row is not None:
            grouped.setdefault(id(row), []).append(plan)
    return [PlanPart(row=row, plans=grouped.get(id(row), [])) for row in summary.rows
            if row.area is not None or grouped.get(id(row))]


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


def count_blocks(summary: Summary) -> list[CountBlock]:
    """Each dimension's counts cut into tables no wider than a page: the CP areas down, at most
    COUNT_COLUMNS_PER_BLOCK columns across; the row's total (計) closes the last block."""
    blocks = []
    for dim in summary.dimensions:
        headers = [c.label for c in dim.columns] + [_("計")]
        numbers = [(row.label, [cell.n for cell in cells]) for row, cells in dim.rows]
        totals = [cell.n for cell in dim.totals]
        blocks += _cut(dim.label, headers, numbers, totals)
    return blocks


def activity_blocks(summary: Summary) -> list[CountBlock]:
    """The ward view's tables of 催し, participants, projects, grants and listings (liaison/activity.py),
    cut as the memo counts are. Counts only: no project log entry is ever read for the pack."""
    if summary.activity is None:
        return []
    blocks = []
    for table in summary.activity.tables:
        blocks += _cut(table.title, table.headers, table.rows, table.totals, row_heading=table.row_heading)
    return blocks


def _cut(label: str, headers: list[str], numbers: list[tuple[str, list[int]]], totals: list[int],
         row_heading: str = "") -> list[CountBlock]:
    blocks = []
    for start in range(0, len(headers), COUNT_COLUMNS_PER_BLOCK):
        end = start + COUNT_COLUMNS_PER_BLOCK
        part = len(headers) > COUNT_COLUMNS_PER_BLOCK and f"（{start // COUNT_COLUMNS_PER_BLOCK + 1}）" or ""
        blocks.append(CountBlock(label=f"{label}{part}", headers=headers[start:end],
                                 rows=[(row, values[start:end]) for row, values in numbers],
                                 totals=totals[start:end], row_heading=row_heading or _("CPエリア")))
    return blocks


def plan_items_text(items) -> str:
    lines = []
    for item in items:
        pillar = Pillar(item.pillar).label if item.pillar in Pillar.values else ""
        line = f"・{item.title}（{pillar}）"
        if item.goal:
            line += _(" 目標：%(goal)s") % {"goal": item.goal}
        lines.append(line)
    return "\n".join(lines)


def comments_text(comments) -> str:
    """The 1層Co's comments on a section, oldest first: 「12月3日 山田：……（対応済）」."""
    lines = []
    for comment in comments:
        line = f"{dates.document_day(comment.created_at)} {comment.author_name}：{comment.text}"
        if comment.resolved:
            line += _("（対応済）")
        lines.append(line)
    return "\n".join(lines)


def memo_text(memo) -> str:
    """What a memo says, under the names the memo form gives its parts."""
    parts = [(_("目的"), memo.purpose), (_("内容"), memo.content), (_("地域の反応"), memo.reaction),
             (_("次の一手"), memo.next_step)]
    return "\n".join(f"【{label}】{text}" for label, text in parts if text)


def plan_text(plan) -> str:
    goals = "\n".join(f"・{goal}" for goal in plan.goals or [] if goal)
    parts = [(_("地区の現状・課題"), plan.current_state), (_("目標"), goals), (_("取組の方向性"), plan.directions),
             (_("連携する団体・関係者"), plan.partners), (_("備考"), plan.note)]
    return "\n".join(f"【{label}】{text}" for label, text in parts if text)


def filename(pack: Pack, ext: str) -> str:
    """連絡会資料_中区_2026年12月.pdf, 連絡会資料_中区_令和8年度.xlsx: what the 1層Co files it under."""
    name = _("連絡会資料_%(ward)s_%(name)s") % {"ward": pack.summary.ward.name, "name": pack.name}
    # Nothing a file system refuses: ward names and periods hold none, but a "/" would make a folder.
    return f"{name}.{ext}".replace("/", "・")


# --- .xlsx --------------------------------------------------------------------------------


def workbook(pack: Pack) -> bytes:
    book = new_workbook()
    _counts_sheet(book.active, pack)
    _memos_sheet(book.create_sheet(_("取組メモ")), pack)
    _sheets_sheet(book.create_sheet(_("取組共有シート")), pack)
    _plans_sheet(book.create_sheet(_("地域支援計画")), pack)
    _news_sheet(book.create_sheet(_("新しい動き")), pack)
    _hearing_sheet(book.create_sheet(_("ヒアリング")), pack)
    _activity_sheet(book.create_sheet(_("催し・プロジェクト")), pack)
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
    meeting = (_("前回の連絡会：%(m)s") % {"m": f"{dates.document_date(summary.meeting.starts_on)} {summary.meeting.title}"}
               if summary.meeting else _("連絡会の記録はまだありません"))
    ws.append([_("期間：%(period)s（%(year)s）　%(meeting)s　作成：%(at)s %(by)s") % {
        "period": pack.period_label, "year": summary.wareki_year, "meeting": meeting,
        "at": dates.document_datetime(pack.made_at), "by": pack.made_by}])


def _header_row(ws, row: int, values: list, widths: list[float] | None = None) -> None:
    s = _styles()
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill, cell.alignment, cell.border = s["bold"], s["head_fill"], s["center"], s["border"]
    for col, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=row, column=col).column_letter].width = width


def _body(ws, first_row: int) -> None:
    s = _styles()
    for cells in ws.iter_rows(min_row=first_row, max_row=ws.max_row):
        for cell in cells:
            cell.alignment, cell.border = s["wrap"], s["border"]


def _print_setup(ws, *, landscape: bool, title_rows: str | None) -> None:
    """A4, one orientation for the whole sheet, fit to the page's width (pages run down as long as
    they need), the header rows repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


def _counts_sheet(ws, pack: Pack) -> None:
    """The overview (sheet statuses, memo and news counts) and then each dimension's counts, in
    blocks of columns as on paper, so that the sheet prints at a readable size on A4."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    summary = pack.summary
    ws.title = _("集計")
    _heading(ws, pack, _("集計"))
    ws.append([])
    sections = [str(label) for _key, label in summary.section_keys]
    headers = [_("CPエリア"), _("期間のメモ"), _("最後のメモ"), *sections, _("新しい動き")]
    _header_row(ws, 4, headers)
    ws.row_dimensions[4].height = 48
    for row in summary.rows:
        statuses = {badge.key: badge.status_label for badge in row.sections}
        values = [row.label, row.memo_count, dates.document_date(row.last_memo) if row.last_memo else ""]
        values += [str(statuses.get(key, _("未作成") if row.sheet_id is None else "")) for key, _label in summary.section_keys]
        values.append(len(row.news))
        ws.append(values)
    ws.append([_("計"), summary.total_memos, "", *[""] * len(sections), summary.news_count])
    _style_numbers(ws, 5, s)
    ws.append([])
    ws.append([_("1件のメモが複数の柱・機能に当てはまるときは、それぞれに数えています（「計」はメモの件数）。")])
    for block in pack.count_blocks:
        ws.append([])
        ws.append([block.label])
        ws.cell(row=ws.max_row, column=1).font = s["bold"]
        header_row = ws.max_row + 1
        _header_row(ws, header_row, [_("CPエリア"), *block.headers])
        ws.row_dimensions[header_row].height = 48
        for label, numbers in block.rows:
            ws.append([label, *numbers])
        ws.append([_("計"), *block.totals])
        _style_numbers(ws, header_row + 1, s)
    ws.column_dimensions["A"].width = 24
    for index in range(2, max(len(headers), COUNT_COLUMNS_PER_BLOCK + 1) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 11
    ws.column_dimensions["C"].width = 17  # 最後のメモ, in 和暦
    ws.freeze_panes = "B5"
    _print_setup(ws, landscape=True, title_rows=None)


def _activity_sheet(ws, pack: Pack) -> None:
    """催し held and who came, projects and milestones, grants' deadlines, listings paused and
    resumed — in blocks as on paper — then the 催し of the next 30 days."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    _heading(ws, pack, _("催し・プロジェクト"))
    for block in pack.activity_blocks:
        ws.append([])
        ws.append([block.label])
        ws.cell(row=ws.max_row, column=1).font = s["bold"]
        header_row = ws.max_row + 1
        _header_row(ws, header_row, [block.row_heading, *block.headers])
        ws.row_dimensions[header_row].height = 48
        for label, numbers in block.rows:
            ws.append([label, *numbers])
        ws.append([_("計"), *block.totals])
        _style_numbers(ws, header_row + 1, s)
    ws.append([])
    ws.append([_("これからの催し（30日以内）")])
    ws.cell(row=ws.max_row, column=1).font = s["bold"]
    header_row = ws.max_row + 1
    _header_row(ws, header_row, [_("日付"), _("種類"), _("催しの名前"), _("地域")])
    for event in pack.upcoming:
        ws.append([dates.document_date(event.starts_on), event.kind_label, event.title, event.place.name])
    if not pack.upcoming:
        ws.append(["", "", _("予定されている催しはありません。")])
    _body(ws, header_row + 1)
    ws.column_dimensions["A"].width = 24
    for index in range(2, COUNT_COLUMNS_PER_BLOCK + 2):
        ws.column_dimensions[get_column_letter(index)].width = 11
    _print_setup(ws, landscape=False, title_rows=None)


def _style_numbers(ws, first_row: int, s) -> None:
    for cells in ws.iter_rows(min_row=first_row, max_row=ws.max_row):
        for cell in cells:
            cell.border, cell.alignment = s["border"], s["wrap"]
            if isinstance(cell.value, int):
                cell.number_format = ZERO_AS_DASH
    for cell in ws[ws.max_row]:
        cell.font = s["bold"]


def _memos_sheet(ws, pack: Pack) -> None:
    _heading(ws, pack, _("取組メモ"))
    ws.append([_("期間のメモ %(n)s件（CPエリアごと、日付の古い順）") % {"n": pack.memo_count}])
    _header_row(ws, 4, [_("CPエリア"), _("日付"), _("場所"), _("何をしたか"), _("柱"), _("種類・段階"),
                        _("目的・内容・地域の反応・次の一手"), _("記入者")],
                [16, 16, 12, 22, 12, 12, 56, 10])
    for part in pack.memos:
        for memo in part.memos:
            terms = "\n".join(t.label for t in (memo.kind, memo.stage) if t is not None)
            ws.append([part.row.label, dates.document_date(memo.date), memo.place.name, memo.title,
                       "\n".join(memo.pillar_labels), terms, memo_text(memo), memo.author_name])
    if not pack.memo_count:
        ws.append(["", "", "", _("期間のメモはありません。")])
    _body(ws, 5)
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=True, title_rows="4:4")


def _sheets_sheet(ws, pack: Pack) -> None:
    _heading(ws, pack, _("取組共有シート"))
    ws.append([_("%(year)sのシート") % {"year": pack.summary.fiscal_year_label}])
    _header_row(ws, 4, [_("CPエリア"), _("欄"), _("状態"), _("内容"), _("1層Coのコメント"), _("最終更新")],
                [16, 14, 8, 58, 36, 16])
    for part in pack.sheets:
        if part.sheet is None:
            ws.append([part.row.label, "", _("未作成"), _("この年度のシートはまだありません。"), "", ""])
            continue
        for section in part.sections:
            text = section.text
            if section.key == "plan" and part.items:
                text = "\n".join(t for t in (text, plan_items_text(part.items)) if t)
            ws.append([part.row.label, str(section.get_key_display()), str(section.get_status_display()),
                       text, comments_text(section.comments.all()),
                       dates.document_date(section.updated_at) if section.updated_at else ""])
    _body(ws, 5)
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=True, title_rows="4:4")


def _plans_sheet(ws, pack: Pack) -> None:
    _heading(ws, pack, _("地域支援計画"))
    ws.append([_("%(year)sにかかる地域支援計画 %(n)s件") % {"year": pack.summary.wareki_year, "n": pack.plan_count}])
    _header_row(ws, 4, [_("CPエリア"), _("地区"), _("計画期間"), _("状態"), _("計画の内容"), _("最終更新")],
                [16, 14, 18, 9, 80, 16])
    for part in pack.plans:
        for plan in part.plans:
            ws.append([part.row.label, plan.district.name, plan.period_label, str(plan.get_status_display()),
                       plan_text(plan), dates.document_date(plan.updated_at)])
        if not part.plans:
            ws.append([part.row.label, "", "", "", _("この年度の地域支援計画はありません。"), ""])
    _body(ws, 5)
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=True, title_rows="4:4")


def _news_sheet(ws, pack: Pack) -> None:
    summary = pack.summary
    _heading(ws, pack, _("新しい動き"))
    ws.append([_("%(day)s以降の動き") % {"day": dates.document_date(summary.since)}])
    _header_row(ws, 4, [_("CPエリア"), _("種類"), _("日付"), _("内容"), _("記録した日時")], [18, 13, 16, 60, 22])
    for row in summary.rows:
        for item in row.news:
            ws.append([row.label, item.kind, dates.document_date(item.day), item.text,
                       dates.document_datetime(item.at)])
        if not row.news:
            ws.append([row.label, "", "", _("新しい動きはありません"), ""])
    _body(ws, 5)
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=True, title_rows="4:4")


def _hearing_sheet(ws, pack: Pack) -> None:
    """Item by item, as the PDF reads: a round may ask ten questions, which side by side would
    print far wider than a page."""
    _heading(ws, pack, _("ヒアリング"))
    hearing = pack.hearing
    if hearing is None:
        ws.append([_("この区のヒアリングの記録はまだありません。")])
        _print_setup(ws, landscape=True, title_rows=None)
        return
    ws.append([f"{hearing.round.name}（{dates.document_period(hearing.round.starts_on, hearing.round.ends_on)}）"])
    _header_row(ws, 4, [_("項目"), _("CPエリア"), _("状態"), _("回答")], [24, 18, 10, 86])
    for item, answers in hearing.by_item:
        for sheet, text in answers:
            ws.append([item.title, sheet.area.name, str(sheet.get_status_display()), text])
    _body(ws, 5)
    ws.freeze_panes = "A5"
    _print_setup(ws, landscape=True, title_rows="4:4")


# --- PDF ----------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4 portrait; margin: 13mm 12mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
html { font-size: 11pt; line-height: 1.5; color: #111; }
body { margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
.meta { margin: 0 0 4mm; font-size: 10.5pt; }
h2 { font-size: 13.5pt; margin: 6mm 0 2mm; padding: 1mm 2mm; background: #e8efe9; border-left: 3pt solid #0f5b3f;
  break-after: avoid; }
h3 { font-size: 12pt; margin: 4mm 0 1.5mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 4mm; table-layout: fixed; }
th, td { border: 0.6pt solid #777; padding: 1mm 1.4mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
thead th { background: #f1f4f2; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; }
col.cp { width: 11em; }
table.overview td, table.overview th { font-size: 9pt; padding: 0.8mm 1mm; }
table.overview col.cp { width: 10em; }
col.item { width: 14em; } col.pillar { width: 9em; }
.counts { break-inside: avoid; }
.counts td, .counts th { font-size: 9.5pt; padding: 0.8mm 1.2mm; }
.break { break-before: page; }
tfoot td, tr.total td { font-weight: 700; background: #f7f7f7; }
.badge { display: inline-block; border: 0.6pt solid #555; border-radius: 2mm; padding: 0 1mm; font-size: 8.5pt; }
.badge.drafting { background: #fff4e5; } .badge.submitted { background: #eaf1fb; } .badge.confirmed { background: #e8f5ee; }
.text { white-space: pre-wrap; margin: 0 0 2mm; overflow-wrap: anywhere; }
.empty { color: #555; }
ul.news { margin: 0 0 2mm; padding-left: 5mm; }
ul.news li { break-inside: avoid; }
.kind { font-weight: 700; }
.note { font-size: 9.5pt; color: #333; }
.memo, .plan { break-inside: avoid; border-top: 0.6pt solid #999; padding: 1.5mm 0 0; margin: 0 0 2.5mm; }
.memo h4, .plan h4 { margin: 0 0 0.5mm; }
.memo-photos { margin: 1mm 0 0; }
.memo-photos img { width: 30mm; height: 30mm; object-fit: cover; margin: 0 1.5mm 0 0; }
.memo-meta { font-size: 9.5pt; color: #333; margin: 0 0 1mm; }
dl.parts { margin: 0; }
dl.parts dt { font-weight: 700; font-size: 9.5pt; margin: 1mm 0 0; }
dl.parts dd { margin: 0 0 0 4mm; white-space: pre-wrap; overflow-wrap: anywhere; }
.comments { margin: 1mm 0 3mm 4mm; padding: 1mm 2mm; border-left: 2pt solid #0f5b3f; background: #f6f8f6; }
.comments p { margin: 0 0 1mm; font-size: 10pt; white-space: pre-wrap; overflow-wrap: anywhere; }
.comments .who { font-weight: 700; }
"""


# On paper, what is new is listed up to this many entries per CP area, and the memos up to this
# many (the newest of the period); the .xlsx has them all.
NEWS_ON_PAPER = 20
MEMOS_ON_PAPER = 30


def pdf(pack: Pack, on_page=None) -> Rendered:
    return render_pdf(pdf_html(pack), stylesheets=[PDF_CSS], on_page=on_page)


def pdf_html(pack: Pack) -> str:
    return render_to_string("liaison/pack_pdf.html", {"pack": pack, "summary": pack.summary,
                                                      "news_on_paper": NEWS_ON_PAPER,
                                                      "memos_on_paper": MEMOS_ON_PAPER})


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
