"""The numbers of the ward view's tables as <td>s: the memo tables (rollup.py) and the activity
tables (activity.py) print hundreds of them a page, written here rather than with a template tag
per number, which took most of the page's time (bench/ward_view.py, bench/together.py). Every
value goes through format_html, so nothing here can become markup."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# A count of nothing, on the page.
ZERO = format_html('<span class="zero" aria-label="{}">—</span>', 0)


@dataclass
class Cell:
    n: int
    url: str | None = None

    def __str__(self) -> SafeString:
        # A ward's tables hold hundreds of cells: written out here rather than with template tags,
        # which took most of the page's time (bench/ward_view.py). {{ cell }} prints this; every
        # value goes through format_html, so nothing here can become markup.
        if not self.n:
            return ZERO
        if self.url:
            return format_html('<a href="{}">{}</a>', self.url, self.n)
        return format_html("{}", self.n)

    __html__ = __str__


class Cells(list):
    """A table row's cells, the last being the row's total unless total=False; {{ cells }} prints
    their <td>s (see Cell)."""

    def __init__(self, cells=(), total: bool = True):
        super().__init__(cells)
        self.total = total

    def __str__(self) -> SafeString:
        last = len(self) - 1
        return format_html_join("", '<td class="num{}">{}</td>',
                                ((" total" if self.total and i == last else "", cell) for i, cell in enumerate(self)))

    __html__ = __str__
