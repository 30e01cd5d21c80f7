"""The ward view's table cells (tsunagu/liaison/cells.py) are written without format_html: what
they print must still never become markup."""

import pytest

from tsunagu.liaison.cells import Cell, Cells


def test_a_link_is_escaped_and_a_number_is_only_digits():
    html = str(Cells([Cell(3, '/memos/?q="><script>alert(1)</script>&a=1'), Cell(0), Cell(12)]))
    assert "<script>" not in html
    assert '&quot;&gt;&lt;script&gt;' in html and "&amp;a=1" in html
    assert html.endswith('<td class="num total">12</td>')
    assert '<span class="zero" aria-label="0">—</span>' in html


def test_a_count_that_is_not_a_number_is_refused_not_printed():
    with pytest.raises(ValueError):
        str(Cell("<b>1</b>"))


def test_a_row_without_a_total_marks_no_cell_as_total():
    assert "total" not in str(Cells([Cell(1), Cell(2)], total=False))
