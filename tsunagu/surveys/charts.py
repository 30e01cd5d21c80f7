"""Charts of results, drawn on the server as SVG (bar and stacked bar), from protected tables only
(results.Table): a hidden cell has no bar.

The geometry is computed here and drawn by templates/surveys/charts/*.svg (autoescaped, so a
choice's text is never markup). No style attribute (the Content-Security-Policy refuses inline
style): colours and type sizes are SVG presentation attributes (fill, font-size — not style, and
read alike by the browser and by WeasyPrint, which applies no page stylesheet inside an SVG), from
FILLS below; the classes (chart-s0 … chart-s7, chart-hidden) name them for tests and print CSS.
The drawing is 360 units wide with 15-unit type, so that on a phone 360 px wide the words are at
their full size; wider screens scale it up. Every chart stands beside the table of its numbers
(the table is what a screen reader reads; the SVG has a title and is otherwise aria-hidden).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tsunagu.surveys.results import Table

WIDTH = 360
LABEL_CHARS = 22  # longer labels are cut with 「…」 (the table beside has them whole)
BAR_TOP = 20  # under a row's label
BAR_HEIGHT = 18
ROW_HEIGHT = 50
VALUE_ROOM = 110  # right of the longest bar: 「123（45.6%）」 (full-width brackets are 15 units each)
SERIES = 8
LIGHT = {1, 2, 3, 4}  # the series whose fill wants black text
# Okabe–Ito colours (told apart with colour-blindness too), then the track, hidden cells and text.
FILLS = {
    "chart-s0": "#0072b2", "chart-s1": "#e69f00", "chart-s2": "#009e73", "chart-s3": "#cc79a7",
    "chart-s4": "#56b4e9", "chart-s5": "#d55e00", "chart-s6": "#7a6a00", "chart-s7": "#333333",
    "chart-track": "#f1f1f1", "chart-hidden": "#c8c8c8", "chart-in": "#ffffff", "chart-in-dark": "#000000",
    "chart-ink": "#1a1a1a", "chart-hidden-edge": "#666666",
}


class Fills:
    """FILLS for the templates, which cannot read keys with a hyphen: {{ chart.fills.track }}."""

    track = FILLS["chart-track"]
    first = FILLS["chart-s0"]
    ink = FILLS["chart-ink"]
    hidden_edge = FILLS["chart-hidden-edge"]


def _cut(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


@dataclass
class Bar:
    label: str
    full_label: str
    y: int
    width: float
    value: str
    value_x: float


@dataclass
class BarChart:
    title: str
    height: int
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    bar_top: int = BAR_TOP
    fills: type = Fills


def bar_chart(table: Table, row: int = 0, title: str = "") -> BarChart:
    """One bar per column of the table's row (a question's choices): length by count, a hidden
    count has no bar and says 「5未満」."""
    cells = table.cells[row] if table.cells else []
    top = max((c.count for c in cells if not c.hidden), default=0)
    room = WIDTH - VALUE_ROOM
    bars = []
    for k, (label, cell) in enumerate(zip(table.col_labels, cells, strict=False)):
        width = 0.0 if cell.hidden or not top else room * cell.count / top
        value = cell.shown if cell.percent is None else f"{cell.shown}（{cell.percent_shown}）"
        bars.append(Bar(label=_cut(label), full_label=label, y=k * ROW_HEIGHT, width=round(width, 1), value=value,
                        value_x=round(width + 6, 1)))
    return BarChart(title=title or table.title, height=max(len(bars), 1) * ROW_HEIGHT, bars=bars)


@dataclass
class Segment:
    x: float
    width: float
    css: str
    label: str
    text: str = ""  # the percentage, written in the segment when it is wide enough
    text_css: str = "chart-in"  # white on the dark colours, black on the light ones (contrast)

    @property
    def fill(self) -> str:
        return FILLS[self.css]

    @property
    def text_fill(self) -> str:
        return FILLS[self.text_css]


@dataclass
class StackedRow:
    label: str
    full_label: str
    y: int
    segments: list[Segment]
    note: str = ""  # 「5未満」 for a row with no bar


@dataclass
class LegendItem:
    css: str
    label: str
    x: int
    y: int

    @property
    def fill(self) -> str:
        return FILLS[self.css]


@dataclass
class StackedChart:
    title: str
    height: int
    rows: list[StackedRow]
    legend: list[LegendItem] = field(default_factory=list)
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    bar_top: int = BAR_TOP
    fills: type = Fills


def stacked_chart(table: Table, title: str = "") -> StackedChart | None:
    """One 100 % bar per row (an area, or a choice of another question), a segment per column;
    the row's hidden cells drawn together as one grey segment. None when the columns do not add
    up (a multiple-choice question: a person may be in several segments)."""
    if not table.adds_across:
        return None
    inner = WIDTH - 2
    rows = []
    for i, (label, cells, total) in enumerate(zip(table.row_labels, table.cells, table.row_totals, strict=False)):
        y = i * ROW_HEIGHT
        if total.hidden or not total.count:
            rows.append(StackedRow(label=_cut(label), full_label=label, y=y, segments=[], note=total.shown))
            continue
        segments, x = [], 1.0
        for j, cell in enumerate(cells):
            if cell.hidden or not cell.count:
                continue
            width = inner * cell.count / total.count
            text = f"{cell.percent:.0f}%" if cell.percent is not None and width >= 34 else ""
            segments.append(Segment(x=round(x, 1), width=round(width, 1), css=f"chart-s{j % SERIES}",
                                    label=f"{table.col_labels[j]} {cell.shown}", text=text,
                                    text_css="chart-in-dark" if j % SERIES in LIGHT else "chart-in"))
            x += width
        rest = total.count - sum(c.count for c in cells if not c.hidden)
        if rest > 0:
            width = inner * rest / total.count
            segments.append(Segment(x=round(x, 1), width=round(width, 1), css="chart-hidden",
                                    label=_("5未満（まとめて）")))
        rows.append(StackedRow(label=_cut(label), full_label=label, y=y, segments=segments))
    legend = []
    items = [(f"chart-s{j % SERIES}", label) for j, label in enumerate(table.col_labels)]
    if any(s.css == "chart-hidden" for r in rows for s in r.segments):
        items.append(("chart-hidden", _("5未満（まとめて）")))
    legend_top = len(rows) * ROW_HEIGHT + 10
    for k, (css, label) in enumerate(items):
        legend.append(LegendItem(css=css, label=_cut(label, 12), x=(k % 2) * (WIDTH // 2), y=legend_top + (k // 2) * 26))
    height = legend_top + ((len(items) + 1) // 2) * 26 + 4
    return StackedChart(title=title or table.title, height=height, rows=rows, legend=legend)
