"""The numbers of the ward view's tables as <td>s: the memo tables (rollup.py) and the activity
tables (activity.py) print hundreds of them a page, written here rather than with a template tag
per number, which took most of the page's time (bench/ward_view.py, bench/together.py).

Every value goes through Django's escaping (format_html): a row is one template of its cells'
markup with a placeholder for each number and link, filled in one format_html call. A call per
cell (and format_html_join over them) was a tenth of the ward view's time; one per row escapes
the same values for a fraction of it. Numbers are made ints first, so a count that is not a
number is refused rather than printed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString

# A count of nothing, on the page: its template and its one value.
_ZERO = '<span class="zero" aria-label="{}">—</span>'
ZERO = format_html(_ZERO, 0)


@dataclass
class Cell:
    n: int
    url: str | None = None

    def parts(self) -> tuple[str, tuple]:
        """The cell's template and the values that fill it."""
        n = int(self.n or 0)
        if not n:
            return _ZERO, (0,)
        if self.url:
            return '<a href="{}">{}</a>', (self.url, n)
        return "{}", (n,)

    def __str__(self) -> SafeString:
        template, values = self.parts()
        return format_html(template, *values)

    __html__ = __str__


class Cells(list):
    """A table row's cells, the last being the row's total unless total=False; {{ cells }} prints
    their <td>s (see Cell)."""

    def __init__(self, cells=(), total: bool = True):
        super().__init__(cells)
        self.total = total

    def __str__(self) -> SafeString:
        last = len(self) - 1
        templates, values = [], []
        for i, cell in enumerate(self):
            template, cell_values = cell.parts()
            templates.append(f'<td class="num{" total" if self.total and i == last else ""}">{template}</td>')
            values.extend(cell_values)
        return format_html("".join(templates), *values) if values else SafeString("")  # a row of no cells

    __html__ = __str__
