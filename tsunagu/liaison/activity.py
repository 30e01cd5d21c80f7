"""What people did together, on the ward view and in the pack: per CP area and for the ward, the
催し held in the period (by kind) and who took part (named participants who attended, by what they
are, and the head counts by label), the projects by stage and their milestones, the grants'
deadlines, the listings paused and resumed; and the 催し of the next 30 days.

Each capability counts its own records (QuerySet methods in events, projects and directory, each
one grouped query over the whole ward, returning place paths); here the paths are only put into
rows — one per CP area, then one for the ward's own work (held at the ward, or in a district
outside every CP area) — so the page's number of queries stays fixed whatever the ward's size.
Everything is read through the person's own access (visible_to), so a count never reveals a
record they could not open; sensitive project log entries are not read at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tsunagu.directory.models import Listing, StatusChange, Subsidy
from tsunagu.events.models import HEAD_COLUMN, PARTICIPANT_KINDS, Event, EventKind
from tsunagu.liaison.cells import Cell, Cells
from tsunagu.partners.models import Partner
from tsunagu.partners.models import Status as PartnerStatus
from tsunagu.people.models import OrganisationKind
from tsunagu.places.models import Place
from tsunagu.projects.models import Project, ProjectStage

# "Coming up": milestones and grant deadlines due, and the list of upcoming 催し.
SOON_DAYS = 30
# The upcoming 催し listed on the page (the calendar has the rest).
UPCOMING_ON_PAGE = 20


@dataclass
class Table:
    """One table of counts: the rows (CP areas, then the ward's own row) down, the columns across.
    With ``total`` the last column is each row's total (計)."""

    key: str
    title: str
    note: str
    columns: list[str]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: bool = True
    # What the rows are: the CP areas, or (the partners' pipeline) kinds of organisation.
    row_heading: str = ""

    def __post_init__(self):
        self.row_heading = self.row_heading or _("CPエリア")

    @property
    def headers(self) -> list[str]:
        return [*self.columns, _("計")] if self.total else list(self.columns)

    @property
    def grand(self) -> int:
        return self.totals[-1] if self.totals else 0

    @property
    def header_cells(self) -> SafeString:
        """The column headings as <th>s (labels escaped: a ward's own kinds are typed by people)."""
        last = len(self.headers) - 1
        return format_html_join("", '<th scope="col" class="num{}">{}</th>',
                                ((" total" if self.total and i == last else "", h) for i, h in enumerate(self.headers)))

    @property
    def cell_rows(self) -> list[tuple[str, Cells]]:
        """The rows for the page: each label with its numbers as Cells (their <td>s)."""
        return [(label, self._cells(values)) for label, values in self.rows]

    @property
    def total_cells(self) -> Cells:
        return self._cells(self.totals)

    def _cells(self, values: list[int]) -> Cells:
        # The page's seven tables hold 300–400 numbers: written by Cells rather than with
        # a {% for %} / {% if %} per number, which took a third of the template's time
        # (bench/together.py).
        return Cells((Cell(int(n or 0)) for n in values), total=self.total)


@dataclass
class Activity:
    tables: list[Table]
    upcoming: list
    soon: date

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def upcoming_lines(self) -> SafeString:
        """The <li>s of the upcoming 催し on the page, written here as rollup.NewItem writes the news:
        a template loop calling reverse() and the kind's label per event was a tenth of the page's
        template time (bench/together.py)."""
        url = reverse("events:detail", args=[0]).replace("/0/", "/{}/", 1)
        return format_html_join(
            "", '\n  <li><span class="nowrap">{}</span> <span class="news-kind">{}</span> <a href="{}">{}</a> '
                '<span class="muted">{}</span></li>',
            ((f"{e.starts_on:%Y-%m-%d}" if e.starts_on else "", e.kind_label, url.format(e.pk), e.title, e.place.name)
             for e in self.upcoming))


class _Rows:
    """Paths bucketed into the rows: each CP area's, else the ward's own."""

    def __init__(self, ward: Place, areas: list[Place]):
        self.ward = ward
        self.areas = {a.pk: a for a in areas}
        self.keys: list = [*self.areas, None]
        self.labels = {**{a.pk: a.name for a in areas}, None: _("区全体・CPエリア外")}

    def key(self, path: str):
        parts = (path or "").strip("/").split("/")
        if len(parts) >= 3 and parts[2].isdigit() and int(parts[2]) in self.areas:
            return int(parts[2])
        return None

    def table(self, key: str, title: str, note: str, columns: list[tuple[str, str]],
              counts: dict, *, total: bool = True, row_totals: dict | None = None) -> Table:
        """counts: {row key: Counter(column key → n)}; row_totals: the 計 of each row where it is
        not the sum of the columns (an event with two kinds of participant counts once)."""
        table = Table(key=key, title=title, note=note, columns=[label for _k, label in columns], total=total)
        sums = [0] * (len(columns) + (1 if total else 0))
        for row in self.keys:
            values = [counts.get(row, {}).get(k, 0) for k, _label in columns]
            if total:
                values.append(row_totals.get(row, 0) if row_totals is not None else sum(values))
            table.rows.append((self.labels[row], values))
            sums = [a + b for a, b in zip(sums, values, strict=True)]
        table.totals = sums
        return table


def ward_activity(*, user, ward: Place, areas: list[Place], start: date, end: date, today: date,
                  lists: dict[type, list]) -> Activity:
    """lists: the ward's lists (ward_lists.ward_lists), read once for the page with the memo tables'."""
    rows = _Rows(ward, areas)
    soon = today + timedelta(days=SOON_DAYS)
    events = Event.objects.visible_under(user, ward)
    held = events.held_between(start, min(end, today))
    projects = Project.objects.visible_under(user, ward)
    tables = [
        *_events(rows, lists[EventKind], held),
        *_projects(rows, lists[ProjectStage], projects, start=start, end=end, today=today, soon=soon),
        _grants(rows, ward, user, today=today, soon=soon),
        _listings(rows, ward, user, start, end),
        _partners(ward, user),
    ]
    upcoming = list(events.filter(starts_on__gte=today, starts_on__lte=soon).select_related("kind", "place")
                    .order_by("starts_on", "pk")[:UPCOMING_ON_PAGE])
    return Activity(tables=tables, upcoming=upcoming, soon=soon)


def _events(rows: _Rows, event_kinds: list[EventKind], held) -> list[Table]:
    by_kind: dict = defaultdict(Counter)
    for path, kind_id, n in held.count_by_path_and_kind():
        by_kind[rows.key(path)][kind_id] += n
    used = {k for c in by_kind.values() for k in c}
    kinds = [(k.pk, k.label) for k in event_kinds if k.active or k.pk in used]
    if None in used:
        kinds.append((None, _("種類なし")))
    events = rows.table("events", _("催し（開いた回数、種類ごと）"),
                        _("期間に開いた催し。区全体の催しは「区全体・CPエリア外」の行に数えます。"), kinds, by_kind)

    people: dict = defaultdict(Counter)
    heads: Counter = Counter()
    for path, column, n in held.people_by_path():
        people[rows.key(path)][column] += n or 0
        if column.startswith(HEAD_COLUMN):
            heads[column[len(HEAD_COLUMN):]] += n or 0
    columns = [(k, str(label)) for k, label in PARTICIPANT_KINDS.items()]
    # The head counts' own labels (住民, 民生委員 …), the most people first.
    columns += [(f"{HEAD_COLUMN}{label}", label)
                for label, _n in sorted(heads.items(), key=lambda kv: (-kv[1], kv[0]))]
    participants = rows.table("participants", _("参加者（出席した人、区分ごと）"),
                              _("名前で記録して「出席した」人と、名前なしで数えた人数の合計です。"), columns, people)
    return [events, participants]


def _projects(rows: _Rows, project_stages: list[ProjectStage], projects, *, start, end, today, soon) -> list[Table]:
    by_stage: dict = defaultdict(Counter)
    steps: dict = defaultdict(Counter)
    for path, stage_id, n, done, due, overdue in projects.stages_and_milestones_by_path(
            start=start, end=end, today=today, soon=soon):
        by_stage[rows.key(path)][stage_id] += n
        steps[rows.key(path)].update({"done": done, "due": due, "overdue": overdue})
    used = {k for c in by_stage.values() for k in c}
    stages = [(s.pk, s.label) for s in project_stages if s.active or s.pk in used]
    if None in used:
        stages.append((None, _("段階なし")))
    stage_table = rows.table("projects", _("プロジェクト（段階ごと）"), _("いま進んでいるプロジェクトの数です。"),
                             stages, by_stage)

    milestones = rows.table("milestones", _("マイルストーン"),
                            _("「済」は期間に終えたもの、「予定」は今日から%(days)s日以内のもの。") % {"days": SOON_DAYS},
                            [("done", _("期間に済")), ("due", _("%(days)s日以内の予定") % {"days": SOON_DAYS}),
                             ("overdue", _("予定日を過ぎた"))], steps, total=False)
    return [stage_table, milestones]


def _grants(rows: _Rows, ward: Place, user, *, today, soon) -> Table:
    deadlines: dict = defaultdict(Counter)
    subsidies = Subsidy.objects.visible_under(user, ward)
    for path, due, overdue in subsidies.deadlines_by_path(today=today, soon=soon):
        deadlines[rows.key(path)].update({"due": due, "overdue": overdue})
    return rows.table("grants", _("助成金の締切（申請・報告）"), _("まだ済んでいない申請と報告の締切です。"),
                      [("due", _("%(days)s日以内") % {"days": SOON_DAYS}), ("overdue", _("締切を過ぎた"))],
                      deadlines, total=False)


def _listings(rows: _Rows, ward: Place, user, start, end) -> Table:
    """Listings paused and resumed in the period. counts_by_place gives each place everything
    under it: the ward's own row is the ward's count less its CP areas'."""
    changes = StatusChange.objects.filter(listing__in=Listing.objects.visible_under(user, ward))
    places = [*rows.areas.values(), ward]
    counts = changes.counts_by_place(places, start, end)
    by_row: dict = {pk: Counter(counts[pk]) for pk in rows.areas}
    own = Counter(counts[ward.pk])
    for pk in rows.areas:
        own.subtract(by_row[pk])
    by_row[None] = own
    return rows.table("listings", _("地域資源の休止・再開"), _("期間に休止した、または再開した地域資源の数です。"),
                      [("paused", _("休止")), ("resumed", _("再開"))], by_row, total=False)


def _partners(ward: Place, user) -> Table:
    """The ward's partners (区全体の協力先) per status — a ward-level record, so its rows are the
    kinds of organisation (タクシー会社, スーパー・移動販売 …), not CP areas."""
    counts: dict = defaultdict(Counter)
    for kind, status, n in Partner.objects.visible_in_ward(user, ward).counts_by_kind():
        counts[kind][status] += n
    labels = dict(OrganisationKind.choices)
    table = Table(key="partners", title=_("区全体の協力先（協力の状況）"),
                  note=_("「打診した」は未接触より先に進んだ協力先の数です。"),
                  columns=[str(label) for _v, label in PartnerStatus.choices] + [_("打診した")],
                  row_heading=_("団体の種類"))
    sums = [0] * (len(table.columns) + 1)
    for kind in sorted(counts, key=lambda k: -sum(counts[k].values())):
        values = [counts[kind].get(s, 0) for s in PartnerStatus.values]
        values += [sum(values) - counts[kind].get(PartnerStatus.NOT_CONTACTED, 0), sum(values)]
        table.rows.append((str(labels.get(kind, kind)), values))
        sums = [x + y for x, y in zip(sums, values, strict=True)]
    table.totals = sums
    return table
