"""One page of the public search's results, quick at a city's size (100,000 listings).

A page needs the count ("12件", or 「1000件以上」) and 20 listings in order. Asking the database
for both, ranked, makes it find and sort every match twice; instead:

1. One narrow query fetches (pk, reading, name, and the head of search_text when there is a
   word) for at most cap + 1 matches (the count the page shows, 1,000), in no order — a walk that stops early, and
   which the database can answer from indexes (``listing_place_facets`` for place filters).
2. If that is all of them, they are ranked here exactly as ``search.rank`` ranks them (names
   beginning with the word first, then reading, name, pk), counted, and only the page's 20
   full listings are read, by primary key.
3. If there are more, the list is long enough that ranking would help nobody (the page says
   「1000件以上」 and asks to narrow down): the page is read in reading order, which the
   database walks on ``listing_reading_walk`` and stops at 20 — matches are dense there.
   On SQLite the page's matches are first looked for among the first 500 listings in that
   order with the words tested on each (search.window_of_the_walk); only if they are not all
   there is the index's whole list of matches gathered for the walk.

On SQLite the narrow fetch (and the map's) reads the index's matches as the outer loop of a join
and stops at the limit (search.driven_by_the_words) instead of gathering them all first.

The order is the same either way for a given search; which way is taken depends only on how
many match.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

import jaconv
from django.core.paginator import Page
from django.db.models import QuerySet
from django.db.models.functions import Substr

from tsunagu.directory.search import (
    driven_by_the_words,
    in_reading_order,
    window_of_the_walk,
    words_from_the_index,
)
from tsunagu.lib.japanese import normalize
from tsunagu.lib.pagination import CappedPaginator

READING_ORDER = ("name_kana", "name", "pk")


def result_page(
    listings: QuerySet,
    text: str | None,
    number,
    *,
    per_page: int = 20,
    cap: int = 1000,
    walkable: Callable[[], QuerySet] | None = None,
    fetch: Callable[[type, list[int]], QuerySet] | None = None,
    sort_up_to: int | None = None,
) -> Page:
    """The page ``number`` of ``listings`` (already filtered, order ignored) for the search ``text``.

    Up to ``sort_up_to`` matches (default: ``cap``) are ranked here; past it the search is too
    broad to rank usefully and the page is read in reading order. A place filter bounds the
    matches to one ward's listings, so the caller may rank more of them (no walk at all). ``walkable`` builds the same listings written for that
    walk (PublicSearchForm.filter(walk=True)); it is used only then.
    """
    query = normalize(text)
    narrow = listings.order_by()
    fields = ["pk", "name_kana", "name"]
    if query:
        narrow = narrow.annotate(search_head=Substr("search_text", 1, len(query)))
        fields.append("search_head")
    sort_up_to = max(sort_up_to or cap, cap)
    with words_from_the_index(listings.db) if query else nullcontext():
        rows = list(driven_by_the_words(narrow).values_list(*fields)[: sort_up_to + 1])

    if len(rows) > sort_up_to:
        walk = (walkable() if walkable else listings).order_by(*READING_ORDER)
        paginator = CappedPaginator(walk, per_page, cap=cap)
        paginator.__dict__["_counted"] = len(rows)  # already known to be past the cap
        page = paginator.get_page(number)
        # SQLite: the page's matches among the first listings in reading order, if they are there
        # (search.window_of_the_walk), read by primary key like a ranked page's.
        pks = window_of_the_walk(walk, page.start_index() - 1, page.end_index(),
                                 known=[(row[1], row[2], row[0]) for row in rows]) if query else None
        if pks is not None:
            by_pk = {obj.pk: obj for obj in (fetch or _by_pk)(listings.model, pks)}
            page.object_list = [by_pk[pk] for pk in pks if pk in by_pk]
            return page
        with in_reading_order(listings.db) if query else nullcontext():
            page.object_list = list(page.object_list)
        return page

    rows.sort(key=_rank_key(query))
    paginator = CappedPaginator([row[0] for row in rows], per_page, cap=cap)
    page = paginator.get_page(number)
    # The page's listings by primary key alone (the filters were applied above; repeating them
    # lets a planner choose a worse path), through ``fetch`` for the caller's select_related.
    by_pk = {obj.pk: obj for obj in (fetch or _by_pk)(listings.model, page.object_list)} if page.object_list else {}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


def _by_pk(model, pks: list[int]) -> QuerySet:
    return model.objects.filter(pk__in=pks)


def _rank_key(query: str):
    """search.rank's order, on the narrow rows: (begins with the word, reading, name, pk)."""
    if not query:
        return lambda row: (row[1], row[2], row[0])
    hiragana = jaconv.kata2hira(query)

    def key(row):
        pk, kana, name, head = row
        starts = head == query or kana.startswith(hiragana) or kana.startswith(query)
        return (0 if starts else 1, kana, name, pk)

    return key
