"""A paginator that stops counting: past a cap the answer is "more than N", which is all a person
reading a list needs, and it keeps a search over 100,000 listings from counting every match."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most ``cap`` objects; ``capped`` tells whether there were more."""

    def __init__(self, object_list, per_page, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        if hasattr(self.object_list, "values_list"):
            # Counting needs no order: without it a ranked search is not sorted twice.
            return len(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])
        return min(len(self.object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.cap
