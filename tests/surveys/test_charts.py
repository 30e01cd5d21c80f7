"""Charts of results (tsunagu/surveys/charts.py): only shown counts are drawn; a row's hidden cells
are one grey segment; the SVG has no style attribute and escapes a choice's text."""

from __future__ import annotations

from django.template.loader import render_to_string

from tsunagu.surveys import charts
from tsunagu.surveys.results import Person, crosstab, distribution

THREE = [("y", "はい"), ("n", "<b>いいえ</b>"), ("d", "わからない")]


def test_a_hidden_count_has_no_bar():
    table = distribution([["y"]] * 12 + [["n"]] * 6 + [["d"]] * 2, choices=THREE)
    chart = charts.bar_chart(table)
    assert [b.value for b in chart.bars] == ["12（60.0%）", "5未満", "5未満"]
    assert chart.bars[0].width > 0 and chart.bars[1].width == 0 and chart.bars[2].width == 0


def test_a_rows_hidden_cells_are_drawn_together_in_grey():
    people = [Person(["y"], ["a"])] * 20 + [Person(["n"], ["a"])] * 3 + [Person(["d"], ["a"])] * 6
    table = crosstab(people, columns=THREE, rows=[("a", "滝頭")])
    chart = charts.stacked_chart(table)
    segments = chart.rows[0].segments
    assert [s.css for s in segments] == ["chart-s0", "chart-hidden"]
    assert round(sum(s.width for s in segments)) == charts.WIDTH - 2
    assert any(item.css == "chart-hidden" for item in chart.legend)


def test_the_svg_has_classes_only_and_escapes_text():
    table = distribution([["n"]] * 7, choices=THREE)
    svg = render_to_string("surveys/charts/bar.svg", {"chart": charts.bar_chart(table, title="テスト")})
    assert "style=" not in svg and "<b>" not in svg and "&lt;b&gt;" in svg
    people = [Person(["y"], ["a"])] * 9 + [Person(["n"], ["a"])] * 9
    stacked = render_to_string("surveys/charts/stacked.svg",
                               {"chart": charts.stacked_chart(crosstab(people, columns=THREE, rows=[("a", "滝頭")]))})
    assert "style=" not in stacked and 'class="chart-s0"' in stacked and "50%" in stacked


def test_a_multiple_choice_breakdown_has_no_stacked_bar():
    table = crosstab([Person(["y", "n"], ["a"])] * 6, columns=THREE, rows=[("a", "滝頭")], multiple=True)
    assert charts.stacked_chart(table) is None
