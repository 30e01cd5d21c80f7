"""The numbers of the ward view's tables as <td>s: the memo tables (rollup.py) and the activity
tables (activity.py) print hundreds of them a page, written here rather than with a template tag
per number, which took most of the page's time (bench/ward_view.py, bench/together.py).

Safe by construction, without format_html per cell (a tenth of the ward view's time, 300–400
cells a page, each through Django's lazy-aware escape): a cell's number is made an int when it
is written out, and an int's digits are never markup; its link goes through the standard
library's html.escape — what Django's escape calls — with quotes escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# A count of nothing, on the page.
_ZERO = '<span class="zero" aria-label="0">—</span>'
ZERO = mark_safe(_ZERO)


@dataclass
class Cell:
    n: int
    url: str | None = None

    def markup(self) -> str:
        n = int(self.n or 0)
        if not n:
            return _ZERO
        if self.url:
            return f'<a href="{escape(str(self.url), quote=True)}">{n}</a>'
        return str(n)

    def __str__(self) -> SafeString:
        return mark_safe(self.markup())

    __html__ = __str__


class Cells(list):
    """A table row's cells, the last being the row's total unless total=False; {{ cells }} prints
    their <td>s (see Cell)."""

    def __init__(self, cells=(), total: bool = True):
        super().__init__(cells)
        self.total = total

    def __str__(self) -> SafeString:
        last = len(self) - 1
        return mark_safe("".join(
            f'<td class="num{" total" if self.total and i == last else ""}">{cell.markup()}</td>'
            for i, cell in enumerate(self)))

    __html__ = __str__
