"""The small-cell rule (tsunagu/surveys/results.py): no count under 5 is shown, and none can be worked
out from what is shown — over plain data, no database."""

from __future__ import annotations

from datetime import date
from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from tsunagu.surveys.results import (
    Person,
    by_month,
    crosstab,
    distribution,
    number_summary,
    scale_mean,
)

YES_NO = [("y", "はい"), ("n", "いいえ")]
AREAS = [("a", "滝頭"), ("b", "磯子"), ("c", "岡村")]


def _people(counts: dict[tuple[str, str], int]) -> list[Person]:
    return [Person(values=[col], rows=[row]) for (row, col), n in counts.items() for _ in range(n)]


def test_a_count_under_five_is_shown_as_5_miman_with_no_percentage():
    table = distribution([["y"]] * 12 + [["n"]] * 3, choices=YES_NO)
    yes, no = table.cells[0]
    assert (yes.shown, no.shown) == ("5未満", "5未満")  # 12 hidden too: 15 − 12 would give the 3
    assert no.percent_shown == "—" and yes.percent_shown == "—"
    assert table.total.shown == "15"


def test_large_counts_are_shown_with_percentages():
    table = distribution([["y"]] * 12 + [["n"]] * 8, choices=YES_NO)
    assert [c.shown for c in table.cells[0]] == ["12", "8"]
    assert [c.percent_shown for c in table.cells[0]] == ["60.0%", "40.0%"]


def test_zero_is_shown_but_a_hidden_total_hides_its_zeros():
    table = crosstab(_people({("a", "y"): 10, ("a", "n"): 6, ("b", "y"): 3, ("c", "y"): 7, ("c", "n"): 8}),
                     columns=YES_NO, rows=AREAS + [("d", "森")])
    # 磯子: 3 people, all はい — the 0 beside them would tell what each said.
    assert [c.shown for c in table.cells[1]] == ["5未満", "5未満"]
    assert table.row_totals[1].shown == "5未満"
    # The はい column would give the 3 away (20 − 10 − 7): its next smallest, 岡村's 7, is hidden too.
    assert table.cells[2][0].shown == "5未満"
    assert table.row_totals[0].shown == "16"
    assert [c.shown for c in table.cells[3]] == ["0", "0"]
    assert table.total.shown == "34"
    assert not _derivable(table)


def test_with_one_other_area_everything_that_would_tell_is_hidden():
    table = crosstab(_people({("a", "y"): 10, ("a", "n"): 6, ("b", "y"): 3}), columns=YES_NO, rows=AREAS[:2])
    assert [c.shown for c in table.cells[0]] == ["5未満", "5未満"]
    assert table.row_totals[0].shown == "5未満"
    assert table.total.shown == "19"


def test_a_lone_hidden_cell_takes_its_smallest_neighbour_along():
    # 滝頭: 20 はい, 2 いいえ, 6 わからない; the total 28 is shown, so 2 alone could be worked out.
    three = [("y", "はい"), ("n", "いいえ"), ("d", "わからない")]
    table = crosstab(_people({("a", "y"): 20, ("a", "n"): 2, ("a", "d"): 6}), columns=three, rows=AREAS[:1])
    assert [c.shown for c in table.cells[0]] == ["20", "5未満", "5未満"]
    assert table.row_totals[0].shown == "28"


def test_multiple_choice_hides_per_cell_only():
    shops = [("bus", "バス"), ("taxi", "タクシー"), ("walk", "徒歩")]
    answers = [["bus", "walk"]] * 8 + [["taxi"]] * 2 + [["walk"]] * 5
    table = distribution(answers, choices=shops, multiple=True)
    assert [c.shown for c in table.cells[0]] == ["8", "5未満", "13"]
    assert table.total.shown == "15"
    # Percent of the people who answered: they add up to more than 100.
    assert table.cells[0][2].percent_shown == "86.7%"


def test_means_and_medians_only_from_five_answers_and_never_the_extremes():
    assert scale_mean([1, 2, 5, 4]) is None
    assert scale_mean([1, 2, 5, 4, 3]) == 3
    few = number_summary([70, 81, 92])
    assert (few.count, few.mean, few.median) == (3, None, None)
    assert few.count_cell.shown == "5未満"
    many = number_summary([70, 81, 92, 66, 75, 88])
    assert many.median == 78 and round(many.mean, 1) == 78.7
    assert not hasattr(many, "minimum") and not hasattr(many, "maximum")


def test_dates_are_counted_by_month_with_empty_months_between():
    table = by_month([date(2026, 4, 3)] * 6 + [date(2026, 6, 30)] * 7 + [None])
    assert table.col_labels == ["2026年4月", "2026年5月", "2026年6月"]
    assert [c.shown for c in table.cells[0]] == ["6", "0", "7"]


def _derivable(table) -> bool:
    """Whether any hidden cell could be worked out exactly from what is shown, by one line's sum.
    A line whose total is a shown 0 tells only what everyone sees: nobody gave that answer."""
    lines = []
    if table.adds_across:
        lines += list(zip(table.cells, table.row_totals, strict=False))
        lines.append((table.col_totals, table.total))
    if table.adds_down:
        lines += [([row[j] for row in table.cells], t) for j, t in enumerate(table.col_totals)]
        lines.append((table.row_totals, table.total))
    for members, total in lines:
        if not total.hidden and total.count and sum(1 for c in members if c.hidden) == 1:
            return True
    return False


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=6, max_size=6))
def test_no_small_count_is_shown_or_can_be_worked_out(counts):
    grid = dict(zip(product("ab", "ynd"), counts, strict=False))
    three = [("y", "はい"), ("n", "いいえ"), ("d", "わからない")]
    table = crosstab(_people(grid), columns=three, rows=AREAS[:2])
    shown = table.cells[0] + table.cells[1] + table.row_totals + table.col_totals + [table.total]
    assert all(c.hidden for c in shown if 0 < c.count < 5)
    assert not _derivable(table)
    for row in table.cells:
        assert all(c.percent is None for c in row if c.hidden)
