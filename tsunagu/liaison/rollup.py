"""区の一覧: a ward's records rolled up per CP area over a period, for the liaison meeting.

Per CP area (rows): the memos of the period counted by pillar, by coordinator function, by kind
and by stage; the status of each section of the 年度's 取組共有シート; the date of the last memo;
and what is new since the last liaison meeting (memos, sheet sections changed, comments,
district plans changed, hearing sheets submitted).

The ward view must stay fast for a ward of 20 CP areas and 5,000 memos (bench/ward_view.py), so
the number of queries is fixed whatever the size of the ward: the memos come back once as narrow
rows and are counted in Python (pillars and functions are stored as ",code,code,", see
tsunagu/memos/models.py), and every other kind of record is one query over the whole ward,
bucketed per CP area by the place's path.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.district_plans.models import DistrictPlan
from tsunagu.events.models import Event
from tsunagu.hearings.models import HearingSheet
from tsunagu.liaison.activity import ward_activity
from tsunagu.liaison.cells import Cell, Cells
from tsunagu.liaison.models import meetings_of
from tsunagu.liaison.ward_lists import ward_lists
from tsunagu.lib import dates
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label, fiscal_year_range
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos.models import Memo, MemoKind, Stage, codes_of
from tsunagu.places.models import Kind, Place
from tsunagu.sheets.models import Sheet

# The short list of what is new, per CP area on the page; the pack lists everything.
NEWS_ON_PAGE = 8


# --- The period -----------------------------------------------------------------------------


class Preset:
    MONTH = "month"
    SINCE = "since"
    HALF = "half"
    YEAR = "year"
    CUSTOM = "custom"

    CHOICES = [
        (MONTH, gettext_lazy("今月")),
        (SINCE, gettext_lazy("前回の連絡会から")),
        (HALF, gettext_lazy("上半期")),
        (YEAR, gettext_lazy("年度")),
        (CUSTOM, gettext_lazy("日付を指定")),
    ]


@dataclass(frozen=True)
class Period:
    preset: str
    start: date
    end: date

    @property
    def fiscal_year(self) -> int:
        """The 年度 whose sheets the view shows: the one the period ends in."""
        return fiscal_year(self.end)

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d}〜{self.end:%Y-%m-%d}"

    @property
    def preset_label(self) -> str:
        return str(dict(Preset.CHOICES).get(self.preset, ""))


def period_for(preset: str | None, *, today: date, year: int | None = None, meeting: Event | None = None,
               start: date | None = None, end: date | None = None) -> Period:
    """The period a preset stands for. Without a preset: since the last meeting if there is one,
    else this 年度. 上半期 and 年度 are of the chosen 年度 (default: this one)."""
    year = year or fiscal_year(today)
    if not preset:
        preset = Preset.SINCE if meeting is not None else Preset.YEAR
    if preset == Preset.MONTH:
        return Period(preset, today.replace(day=1), today)
    if preset == Preset.SINCE and meeting is not None:
        return Period(preset, min(meeting.starts_on + timedelta(days=1), today), today)
    if preset == Preset.HALF:
        first, _last = fiscal_year_range(year)
        return Period(preset, first, date(year, 9, 30))
    if preset == Preset.CUSTOM and start and end:
        return Period(preset, start, end)
    # 年度, and 前回の連絡会から while no meeting has been recorded yet.
    return Period(Preset.YEAR, *fiscal_year_range(year))


def since_of(meeting: Event | None, period: Period) -> datetime:
    """The moment "new" starts: the day after the last meeting (what was written on the meeting's
    own day was there to be shared), or the period's first day when no meeting is recorded."""
    day = meeting.starts_on + timedelta(days=1) if meeting is not None else period.start
    return timezone.make_aware(datetime.combine(day, time.min))


# --- The rollup -----------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    # The memo list's filter for this column; None where the list cannot filter (「なし」).
    param: tuple[str, str] | None = None


@dataclass
class Dimension:
    key: str
    label: str
    columns: list[Column]
    # (row of the summary, the cells of each column and the row's total), in the summary's order.
    rows: list[tuple[AreaRow, Cells]] = field(default_factory=list)
    totals: Cells = field(default_factory=Cells)


@dataclass
class Badge:
    """One section of a CP's sheet on the ward view: its name, status and link."""

    key: str
    label: str
    status: str
    status_label: str
    url: str


@dataclass
class NewItem:
    at: datetime  # when it was written, the order of the list
    kind: str
    text: str
    url: str
    # The day shown beside it: a memo's own date (the day of the activity), else the day written.
    day: date | None = None

    def __post_init__(self):
        if self.day is None:
            self.day = timezone.localtime(self.at).date()

    def __str__(self) -> SafeString:
        # One line of the ward view's list (up to 160 on the page): written out here, as Cell is.
        # The page's one date style (2026-12-07, as its period), not 12/7 beside it.
        return format_html('<li><span class="news-kind">{}</span><span class="nowrap">{}</span> <a href="{}">{}</a></li>',
                           self.kind, f"{self.day:%Y-%m-%d}", self.url, self.text)

    __html__ = __str__


@dataclass
class AreaRow:
    area: Place | None  # None: memos and plans of districts outside every CP area
    label: str
    memo_count: int = 0
    last_memo: date | None = None
    sheet_id: int | None = None  # this 年度's 取組共有シート
    sections: list[Badge] = field(default_factory=list)
    news: list[NewItem] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    memos_url: str | None = None

    @property
    def news_shown(self) -> list[NewItem]:
        return self.news[:NEWS_ON_PAGE]

    @property
    def news_more(self) -> int:
        return max(len(self.news) - NEWS_ON_PAGE, 0)

    @property
    def anchor(self) -> str:
        return f"cp-{self.area.pk}" if self.area else "cp-outside"


@dataclass
class Summary:
    ward: Place
    period: Period
    meeting: Event | None
    since: datetime
    rows: list[AreaRow]
    dimensions: list[Dimension]
    total_memos: int
    total_url: str
    section_keys: list
    # 催し, participants, projects, grants, listings and upcoming 催し (liaison/activity.py).
    activity: object = None

    @property
    def fiscal_year_label(self) -> str:
        """令和8年度（2026年度）; in English FY2026."""
        if dates.english():
            return dates.fiscal_year_name(self.period.fiscal_year)
        return fiscal_year_label(self.period.fiscal_year)

    @property
    def wareki_year(self) -> str:
        """令和8年度 (FY2026): beside a period already written in dates."""
        return dates.fiscal_year_name(self.period.fiscal_year)

    @property
    def news_count(self) -> int:
        return sum(len(row.news) for row in self.rows)


def cp_of(path: str, areas: dict[int, Place]) -> int | None:
    """The CP area a place lies in, from its path "/city/ward/cp/…/" (None: not in a CP area)."""
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[2].isdigit() and int(parts[2]) in areas:
        return int(parts[2])
    return None


def _url_pattern(name: str) -> str:
    """"/memos/{}/" for "memos:detail": reversing once per page, not once per record (a ward's
    5,000 memos would spend most of the page's time in reverse())."""
    return reverse(name, args=[0]).replace("/0/", "/{}/", 1)


class _MemoLinks:
    """Links to the memo list filtered by period, place and one dimension. Every value is a date,
    a number or an ASCII code, so the query string is written out rather than urlencoded 500
    times a page."""

    def __init__(self, base: str, period: Period):
        self.prefix = f"{base}?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}" if base else ""

    def __call__(self, place: Place | None, param: tuple[str, str] | None = None) -> str | None:
        if not self.prefix:
            return None
        url = self.prefix if place is None else f"{self.prefix}&place={place.pk}"
        return f"{url}&{param[0]}={param[1]}" if param else url


def dimensions_for(used: dict[str, set], lists: dict[type, list]) -> list[Dimension]:
    """The four dimensions and their columns: the fixed vocabularies, the ward's lists of kinds and
    stages (ward_lists; entries taken out of use still shown where memos of the period have them),
    and 「なし」."""
    none = _("なし")
    kinds = [k for k in lists[MemoKind] if k.active or k.pk in used["kind"]]
    stages = [s for s in lists[Stage] if s.active or s.pk in used["stage"]]
    return [
        Dimension("pillar", _("柱"), [Column(c, str(label), ("pillar", c)) for c, label in Pillar.choices]
                  + [Column("", none)]),
        Dimension("function", _("コーディネーターの機能"),
                  [Column(c, str(label), ("function", c)) for c, label in CoordinatorFunction.choices]
                  + [Column("", none)]),
        Dimension("kind", _("取組の種類"), [Column(str(k.pk), k.label, ("kind", str(k.pk))) for k in kinds]
                  + [Column("", none)]),
        Dimension("stage", _("地域づくりの段階"), [Column(str(s.pk), s.label, ("stage", str(s.pk))) for s in stages]
                  + [Column("", none)]),
    ]


def ward_summary(*, user, ward: Place, period: Period, meeting: Event | None,
                 links: bool = True) -> Summary:
    """Everything the ward view and the pack show, in a fixed number of queries."""
    since = since_of(meeting, period)
    areas = {a.pk: a for a in Place.objects.filter(kind=Kind.CP_AREA, path__startswith=ward.path)
             .defer("boundary").order_by("code", "path")}
    rows = {pk: AreaRow(area=a, label=a.name) for pk, a in areas.items()}
    outside = AreaRow(area=None, label=_("CPエリアに属さない地区"))

    seen: dict[tuple, AreaRow] = {}

    def row_of(*paths: str) -> AreaRow:
        # A ward's memos sit at a hundred or so places: each path is worked out once.
        if paths not in seen:
            pks = [pk for pk in (cp_of(p, areas) for p in paths) if pk is not None]
            seen[paths] = rows[pks[0]] if pks else outside
        return seen[paths]

    memos = Memo.objects.live().visible_under(user, ward)
    link = _MemoLinks(reverse("memos:list") if links else "", period)
    _count_memos(memos, period, since, row_of)
    for place_path, last in memos.values_list("place__path").annotate(last=Max("date")):
        row = row_of(place_path)
        row.last_memo = max(row.last_memo, last) if row.last_memo else last
    _sheets(user, ward, period, rows)
    for paths, item in _news(user, ward, since):
        row_of(*paths).news.append(item)

    ordered = list(rows.values())
    if outside.memo_count or outside.news or outside.last_memo:
        ordered.append(outside)
    for row in ordered:
        row.news.sort(key=lambda n: n.at, reverse=True)
        if row.area is not None:
            row.memos_url = link(row.area)
    used = {"kind": {int(k) for row in ordered for k in row.counts["kind"] if k},
            "stage": {int(k) for row in ordered for k in row.counts["stage"] if k}}
    lists = ward_lists(ward)
    dimensions = dimensions_for(used, lists)
    for dim in dimensions:
        _fill(dim, ordered, link, ward)
    from tsunagu.sheets.models import SectionKey

    activity = ward_activity(user=user, ward=ward, areas=list(areas.values()), start=period.start, end=period.end,
                             today=timezone.localdate(), lists=lists)
    return Summary(ward=ward, period=period, meeting=meeting, since=since, rows=ordered, dimensions=dimensions,
                   total_memos=sum(r.memo_count for r in ordered),
                   total_url=link(ward) or "",
                   section_keys=list(SectionKey.choices), activity=activity)


def _count_memos(memos, period: Period, since: datetime, row_of) -> None:
    """The period's memos as narrow rows, counted here, then those written since the meeting, to
    list. The rows are tallied per (place, value) with Counter first: a ward's memos sit at a
    hundred or so places with a handful of values each, so Python then walks a few hundred
    pairs instead of every memo."""
    counted = list(memos.filter(date__gte=period.start, date__lte=period.end).values_list(
        "place__path", "pillars", "functions", "kind_id", "stage_id").order_by())
    if counted:
        paths, pillars, functions, kinds, stages = zip(*counted, strict=True)
        for path, n in Counter(paths).items():
            row_of(path).memo_count += n
        for key, column in (("pillar", pillars), ("function", functions)):
            for (path, codes), n in Counter(zip(paths, column, strict=True)).items():
                tally = row_of(path).counts[key]
                for code in codes_of(codes) or [""]:
                    tally[code] += n
        for key, column in (("kind", kinds), ("stage", stages)):
            for (path, pk), n in Counter(zip(paths, column, strict=True)).items():
                row_of(path).counts[key][str(pk) if pk else ""] += n
    memo_url, kind = _url_pattern("memos:detail"), _("取組メモ")
    new = memos.filter(created_at__gte=since).values_list("pk", "place__path", "date", "created_at", "title")
    for pk, path, day, created_at, title in new.order_by():
        row_of(path).news.append(NewItem(at=created_at, kind=kind, text=title, url=memo_url.format(pk), day=day))


def _fill(dim: Dimension, rows: list[AreaRow], link: _MemoLinks, ward: Place) -> None:
    known = {c.key for c in dim.columns}
    totals = Counter()
    for row in rows:
        counts = row.counts[dim.key]
        # A code no longer in the vocabulary counts as 「なし」 rather than vanishing from the table.
        for key in [k for k in counts if k not in known]:
            counts[""] += counts.pop(key)
        cells = Cells()
        for column in dim.columns:
            n = counts.get(column.key, 0)
            totals[column.key] += n
            url = link(row.area, column.param) if n and column.param and row.area is not None else None
            cells.append(Cell(n, url))
        cells.append(Cell(row.memo_count, row.memos_url if row.memo_count else None))
        dim.rows.append((row, cells))
    grand = sum(r.memo_count for r in rows)
    dim.totals = Cells(Cell(totals[c.key], link(ward, c.param) if totals[c.key] and c.param else None)
                       for c in dim.columns)
    dim.totals.append(Cell(grand, link(ward) if grand else None))


def _sheets(user, ward: Place, period: Period, rows: dict[int, AreaRow]) -> None:
    """Each CP's sheet of the 年度 as its sections' statuses: one query over the sections."""
    from tsunagu.sheets.models import SECTION_ORDER, Section, SectionKey, SectionStatus

    # Names, statuses and links worked out once, not per section (a hundred on the page).
    labels = {k: str(v) for k, v in SectionKey.choices}
    statuses = {k: str(v) for k, v in SectionStatus.choices}
    sheet_url = _url_pattern("sheets:detail")
    sheets = Sheet.objects.visible_under(user, ward).filter(fiscal_year=period.fiscal_year, place__in=list(rows))
    for pk, place_id, key, status in (Section.objects.filter(sheet__in=sheets.values("pk"))
                                      .values_list("sheet_id", "sheet__place_id", "key", "status").order_by()):
        row = rows[place_id]
        row.sheet_id = pk
        row.sections.append(Badge(key=key, label=labels.get(key, key), status=status,
                                  status_label=statuses.get(status, status), url=f"{sheet_url.format(pk)}#section-{key}"))
    for row in rows.values():
        row.sections.sort(key=lambda b: SECTION_ORDER.index(b.key) if b.key in SECTION_ORDER else 99)


def _news(user, ward: Place, since: datetime):
    """(place paths, NewItem) for everything but memos that changed since the meeting. Words are
    translated once, before the loops (a ward's news runs to hundreds of lines)."""
    from tsunagu.district_plans.models import PlanVersion
    from tsunagu.hearings.models import SheetStatus
    from tsunagu.sheets.models import SectionComment, SectionKey, SheetChange

    labels = {key: str(label) for key, label in SectionKey.choices}
    sheet_kind, comment_kind, plan_kind, hearing_kind = _("取組共有シート"), _("コメント"), _("地域支援計画"), _("ヒアリング")
    made, updated, times = _("%(year)sのシートをつくりました"), _("%(year)s「%(section)s」を更新"), _("（%(n)s回）")
    plan_made, plan_changed = _("%(district)sの地域支援計画をつくりました"), _("%(district)sの地域支援計画を変更")
    handed_in = _("「%(round)s」のシートを提出")
    sheets = Sheet.objects.visible_under(user, ward)
    sheet_url = _url_pattern("sheets:detail")

    # One query for sheets made (their sections' first changes) and sections changed since.
    making = Q(how__in=["create", "carry"])
    changes = (SheetChange.objects.filter(sheet__in=sheets.values("pk"), at__gte=since)
               .values_list("sheet_id", "sheet__place__path", "sheet__fiscal_year", "section_key")
               .annotate(n=Count("pk", filter=~making), last=Max("at", filter=~making),
                         made_at=Min("at", filter=making)).order_by())
    made_sheets: dict[int, tuple] = {}
    for sheet_id, path, year, key, n, last, made_at in changes:
        if made_at is not None:
            made_sheets.setdefault(sheet_id, (path, year, made_at))
        if n:
            text = updated % {"year": dates.fiscal_year_name(year), "section": labels.get(key, key)}
            if n > 1:
                text += times % {"n": n}
            yield (path,), NewItem(at=last, kind=sheet_kind, text=text,
                                   url=f"{sheet_url.format(sheet_id)}#section-{key}")
    for sheet_id, (path, year, at) in made_sheets.items():
        yield (path,), NewItem(at=at, kind=sheet_kind, text=made % {"year": dates.fiscal_year_name(year)},
                               url=sheet_url.format(sheet_id))
    comments = (SectionComment.objects.filter(section__sheet__in=sheets.values("pk"), created_at__gte=since)
                .values_list("section__sheet_id", "section__sheet__place__path", "section__key", "text",
                             "author_name", "created_at"))
    for sheet_id, path, key, text, author, at in comments:
        short = text if len(text) <= 40 else text[:39] + "…"
        yield (path,), NewItem(at=at, kind=comment_kind, text=f"{labels.get(key, key)}：{short}（{author}）",
                               url=f"{sheet_url.format(sheet_id)}#section-{key}")

    plans = DistrictPlan.objects.visible_under(user, ward)
    versions = (PlanVersion.objects.filter(plan__in=plans.values("pk"), at__gte=since)
                .values_list("plan_id", "plan__district__name", "plan__district__path", "plan__partner_area__path")
                .annotate(n=Count("pk"), last=Max("at"), created=Count("pk", filter=Q(how="create"))).order_by())
    plan_url = _url_pattern("district_plans:detail")
    for plan_id, district, path, partner_path, n, last, created in versions:
        text = (plan_made if created else plan_changed) % {"district": district}
        if n > 1 and not created:
            text += times % {"n": n}
        # A plan of a district outside the CP areas belongs to the CP it is written with.
        yield (path, partner_path or ""), NewItem(at=last, kind=plan_kind, text=text, url=plan_url.format(plan_id))

    hearing_url = _url_pattern("hearings:sheet_detail")
    submitted = (HearingSheet.objects.visible_under(user, ward).filter(status=SheetStatus.SUBMITTED,
                                                                      submitted_at__gte=since)
                 .values_list("pk", "area__path", "round__name", "submitted_at"))
    for pk, path, name, at in submitted:
        yield (path,), NewItem(at=at, kind=hearing_kind, text=handed_in % {"round": name}, url=hearing_url.format(pk))


def last_meeting(ward: Place, today: date) -> Event | None:
    return meetings_of(ward).last_before(today)
