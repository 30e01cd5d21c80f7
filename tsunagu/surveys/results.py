"""Results of a survey (集計): counts and percentages per question, cross-tabulations by area and by
another question, with small-cell protection (少数セルの秘匿) applied before anything is shown.

The tallies here work on plain data (a question's choices and the answers as lists of values), so
that the page, the charts (charts.py) and the downloads (exports.py) all show the same numbers, and
the rule can be tested without a database; tallies.py reads the answers from the models.

Small-cell rule (少数セルの秘匿) — so that nobody can be picked out of a result:

1. **Primary.** A count from 1 to 4 (SMALL - 1) is shown as 「5未満」 — in a breakdown cell, a row or
   column total and the overall total alike. A row (or column) whose total is under 5 is hidden
   whole, its zeros included: 「0」 beside a hidden 3 would tell that all three gave the other
   answer. A zero elsewhere is shown: it names nobody.
2. **Complementary.** Where the cells of a row add up to a total that is shown (one answer per
   person: single choice, scale, months of a date), a single hidden cell could be worked out as
   the total minus the others. So in every such line — each row, each column, the row of column
   totals and the column of row totals — that has exactly one hidden cell, the smallest other
   non-zero cell is hidden too. This is repeated until no line has a lone hidden cell (hiding a
   cell for a row can leave a lone one in its column).
   Choices of a multiple-choice question do not add up to the number of people (one person may
   pick several), so step 2 does not apply across its choices; the per-cell rule (1) does.
3. **Percentages** are shown only beside a count that is shown, and only of a total that is shown;
   a hidden count's percentage is 「—」. Means and medians are shown only of 5 answers or more;
   the lowest and highest number answered are never shown (each is one person's answer).
4. **Charts** draw only shown cells. In a stacked bar the hidden cells of a row are drawn as one
   grey segment 「5未満（まとめて）」: its size is total minus the shown cells, which the table
   gives anyway, and step 2 leaves at least two cells in it, so no single cell is revealed.

The rule lives in protect(); every table (Table) goes through it before it is shown or written.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

SMALL = 5  # counts below this are hidden


def small_label() -> str:
    return _("5未満")


@dataclass
class Cell:
    count: int
    hidden: bool = False
    # Percentage of the line's base (None: no base, or hidden).
    percent: float | None = None

    @property
    def shown(self) -> str:
        """The count as it may be shown: a number, or 「5未満」."""
        return small_label() if self.hidden else f"{self.count:,}"

    @property
    def percent_shown(self) -> str:
        if self.hidden or self.percent is None:
            return "—"
        return f"{self.percent:.1f}%"

    @property
    def value(self) -> int | str:
        """For a spreadsheet: the number, or the text 「5未満」."""
        return small_label() if self.hidden else self.count


@dataclass
class Table:
    """Counts in rows × columns, with row totals, column totals and the grand total.

    row_totals[i] is the number of people in row i (not always the sum of its cells: a person may
    pick several choices of a multiple-choice question — adds_across False). col_totals likewise
    (adds_down False when a person may fall into several rows: rows by a multiple-choice question).
    A one-row Table is a question's plain distribution.
    """

    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    col_totals: list[Cell]
    total: Cell
    adds_across: bool = True
    adds_down: bool = True
    # Which base the percentages take: "row" (each row's total) or "total".
    percent_of: str = "row"
    title: str = ""
    row_heading: str = ""

    @property
    def rows(self) -> list[dict]:
        return [{"label": label, "cells": cells, "total": total}
                for label, cells, total in zip(self.row_labels, self.cells, self.row_totals, strict=False)]

    @property
    def hidden_any(self) -> bool:
        return (self.total.hidden or any(c.hidden for c in self.row_totals + self.col_totals)
                or any(c.hidden for row in self.cells for c in row))


def _small(n: int) -> bool:
    return 0 < n < SMALL


def protect(table: Table) -> Table:
    """Apply the small-cell rule (module docstring) to the table in place; returns it."""
    cells = table.cells
    for cell in [table.total, *table.row_totals, *table.col_totals]:
        cell.hidden = _small(cell.count)
    for row in cells:
        for cell in row:
            cell.hidden = _small(cell.count)
    # A hidden total hides its whole line, zeros included.
    for i, total in enumerate(table.row_totals):
        if total.hidden or total.count == 0:
            for cell in cells[i]:
                cell.hidden = cell.hidden or total.hidden
    for j, total in enumerate(table.col_totals):
        if total.hidden:
            for row in cells:
                row[j].hidden = True
    # Complementary suppression over every line whose members add up to a shown total.
    lines: list[tuple[list[Cell], Cell]] = []
    if table.adds_across:
        lines += [(row, total) for row, total in zip(cells, table.row_totals, strict=False)]
        lines.append((table.col_totals, table.total))
    if table.adds_down:
        lines += [([row[j] for row in cells], total) for j, total in enumerate(table.col_totals)]
        lines.append((table.row_totals, table.total))
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if total.hidden or len(members) < 2:
                continue
            hidden = [c for c in members if c.hidden]
            if len(hidden) != 1:
                continue
            others = sorted((c for c in members if not c.hidden and c.count > 0), key=lambda c: c.count)
            if others:
                others[0].hidden = True
                changed = True
            elif hidden[0].count:
                # Nothing else to hide in the line: the total itself would give the cell away.
                total.hidden = True
                changed = True
    _percentages(table)
    return table


def _percentages(table: Table) -> None:
    for i, row in enumerate(table.cells):
        base = table.row_totals[i] if table.percent_of == "row" else table.total
        for cell in row:
            cell.percent = None if (base.hidden or not base.count or cell.hidden) else 100 * cell.count / base.count
    for cell in table.col_totals:
        base = table.total
        cell.percent = None if (base.hidden or not base.count or cell.hidden) else 100 * cell.count / base.count
    for cell in table.row_totals:
        base = table.total
        cell.percent = None if (base.hidden or not base.count or cell.hidden) else 100 * cell.count / base.count
    table.total.percent = None if table.total.hidden or not table.total.count else 100.0


# --- Building tables from plain answers --------------------------------------------------------

Key = Hashable


@dataclass
class Person:
    """One response as the tallies need it: the values given to the question tallied (a list: one
    for a single choice, several for a multiple choice, none when skipped) and the row it falls in
    (its area, or its values of the question tallied by) — several rows possible, or none."""

    values: list[Key]
    rows: list[Key] = field(default_factory=list)


def crosstab(people: Iterable[Person], *, columns: Sequence[tuple[Key, str]], rows: Sequence[tuple[Key, str]],
             multiple: bool = False, multiple_rows: bool = False, title: str = "", row_heading: str = "",
             percent_of: str = "row") -> Table:
    """A protected Table: rows × columns counting people. Only people who answered (a value among
    the columns) and fall into a listed row are counted; multiple=True when a person may give
    several values (columns do not add up), multiple_rows when they may fall into several rows."""
    row_keys = [k for k, _label in rows]
    col_keys = [k for k, _label in columns]
    row_index = {k: i for i, k in enumerate(row_keys)}
    col_index = {k: j for j, k in enumerate(col_keys)}
    counts = [[0] * len(col_keys) for _ in row_keys]
    row_people = [0] * len(row_keys)
    col_people = [0] * len(col_keys)
    everyone = 0
    for person in people:
        js = sorted({col_index[v] for v in person.values if v in col_index})
        is_ = sorted({row_index[r] for r in person.rows if r in row_index})
        if not js or not is_:
            continue
        everyone += 1
        for i in is_:
            row_people[i] += 1
            for j in js:
                counts[i][j] += 1
        for j in js:
            col_people[j] += 1
    table = Table(
        row_labels=[label for _k, label in rows], col_labels=[label for _k, label in columns],
        cells=[[Cell(n) for n in row] for row in counts], row_totals=[Cell(n) for n in row_people],
        col_totals=[Cell(n) for n in col_people], total=Cell(everyone), adds_across=not multiple,
        adds_down=not multiple_rows, percent_of=percent_of, title=title, row_heading=row_heading,
    )
    return protect(table)


ALL = "__all__"


def distribution(answers: Iterable[list[Key]], *, choices: Sequence[tuple[Key, str]], multiple: bool = False,
                 title: str = "") -> Table:
    """A question's counts over its choices as a one-row protected Table (row 「全体」)."""
    return crosstab((Person(values=list(v), rows=[ALL]) for v in answers), columns=choices,
                    rows=[(ALL, _("全体"))], multiple=multiple, title=title)


@dataclass
class Summary:
    """What may be told of numbers: how many answered, and (from 5 answers) mean, median, quartiles.
    The lowest and highest are never given: each is one person's answer."""

    count: int
    mean: float | None = None
    median: float | None = None
    quartiles: tuple[float, float] | None = None

    @property
    def count_cell(self) -> Cell:
        return Cell(self.count, hidden=_small(self.count))


def number_summary(values: Iterable[float]) -> Summary:
    numbers = sorted(float(v) for v in values if v is not None)
    if len(numbers) < SMALL:
        return Summary(count=len(numbers))
    q1, _q2, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    return Summary(count=len(numbers), mean=statistics.fmean(numbers), median=statistics.median(numbers),
                   quartiles=(q1, q3))


def scale_mean(values: Iterable[float]) -> float | None:
    """The mean of a scale's answers, from 5 answers (None below)."""
    numbers = [float(v) for v in values if v is not None]
    return statistics.fmean(numbers) if len(numbers) >= SMALL else None


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return _("%(year)s年%(month)s月") % {"year": int(year), "month": int(month)}


def months(dates: Iterable[date | None]) -> list[tuple[str, str]]:
    """The months from the first to the last date answered, in order, as (key, label) columns."""
    days = sorted(d for d in dates if d is not None)
    if not days:
        return []
    keys = []
    year, month = days[0].year, days[0].month
    while (year, month) <= (days[-1].year, days[-1].month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [(k, month_label(k)) for k in keys]


def by_month(dates: Iterable[date | None], title: str = "") -> Table:
    days = list(dates)
    return distribution(([month_key(d)] if d else [] for d in days), choices=months(days), title=title)


def counted(values: Iterable[Key]) -> Counter:
    return Counter(values)
