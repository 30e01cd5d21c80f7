"""Japanese search over the directory: one function, the same answers on SQLite and PostgreSQL.

    search(Listing.objects.public(), "たいそう 本牧")

Each word of the query becomes a few alternatives (``alternatives_of``): the word normalised
(NFKC, hiragana → katakana, lower case; tsunagu/lib/japanese.py), its normalised form and its
reading from a Japanese morphological analyser (SudachiPy, tsunagu/lib/morphology.py: 買物 →
買い物, しょうぎ → 将棋, 見守り → ミマモリ) and, for a word of the synonym list (SynonymGroup, 検索の
言いかえ, edited by the city's administrators), the group's marker: search_text ends with a marker
for each group whose words it holds in any spelling, so that the whole group is one pattern (see
"Synonym groups in search_text" below; until background work has written a newly edited group's
markers, its words are spelled out instead). A listing matches when its ``search_text``
contains, for every word, at least one of its alternatives.
``search_text`` (Listing.compute_search_text, on save) holds the listing's name, reading,
organiser, venue, address, 町丁目 and description normalised, then the normalised forms and
readings of the same text (lib/morphology.search_text), so that both directions meet: 将棋 finds
しょうぎ (the text's normalised form 将棋) and しょうぎ finds 将棋 (the text's reading ショウギ),
then its synonym groups' markers.
Results are ordered with names that begin with the query first, then by reading (name_kana) and
name. An empty query changes nothing. The answer is exactly what ``search_text__contains`` on
one alternative of every word would give; the indexes below only make it fast (tech-notes.md,
"Japanese search"). ``synonyms_used`` says which words the synonym list widened, for the page.

SQLite (migration 0003)
    ``directory_listing_fts``, an FTS5 table with the trigram tokenizer (case-sensitive: both
    sides are already normalised), contentless, kept in step with ``directory_listing`` by
    three triggers (insert, update of search_text, delete). It indexes ``search_text`` followed
    by two spaces, so that every character of the text starts a trigram.

    * Each word is one parenthesised OR of its alternatives in a single MATCH.
    * An alternative of 3+ characters is an FTS5 phrase: trigram lookups, ~1 ms over 100k rows.
    * FTS5 MATCH finds nothing for 1–2 characters (体操, 買物), and a LIKE scan of 100k rows
      costs ~40 ms. Instead the word's trigrams are looked up in ``directory_listing_fts_vocab``
      (an fts5vocab table; a range scan of the index's term list): 体操 occurs in a text exactly
      when one of the trigrams 体操? does, thanks to the trailing spaces. The word becomes
      ("体操X" OR "体操Y" OR ...) in the same MATCH, beside the word's other alternatives.
      Only when an alternative has more than MAX_SHORT_TERMS such trigrams (a single common
      character) does the word fall back to ``search_text LIKE`` for each of its alternatives,
      on the ordinary table (LIKE on the FTS table is broken for Japanese in SQLite 3.40).

PostgreSQL (migration 0003)
    * For every word, an OR of ``search_text__contains`` (LIKE '%alternative%') over its
      alternatives, backed by a GIN pg_trgm index on search_text (a BitmapOr of index scans).
      pg_trgm needs a UTF-8 LC_CTYPE to index Japanese.
    * pg_trgm extracts no trigram from a 1–2 character pattern and would read the whole index,
      so those alternatives are also tested against ``tsunagu_short_grams(search_text)`` (the text's
      1- and 2-character substrings without spaces, an immutable PL/pgSQL function) with a
      GIN expression index: ``tsunagu_short_grams(search_text) @> ARRAY['体操']``.

Keeping the index right
    Every write that changes ``search_text`` in SQL keeps the index in step, bulk_create,
    bulk_update and queryset.update() included (they are triggers and ordinary indexes, not
    signals). What bulk operations skip is Listing.save(), which computes search_text: after a
    bulk load, call ``rebuild_index(recompute=True)``. When how search_text is computed changes,
    a data migration recomputes the stored rows (0010_search_words does, with the historical
    model and models.listing_search_text).

    On SQLite, Django alters a table by rebuilding it ("remake": create, copy, drop, rename), and
    dropping the old table drops its triggers (0004_weekday_mask does so). ``after_migrate``, a
    post_migrate receiver connected in DirectoryConfig.ready(), puts them back and rebuilds the
    index at the end of every migrate, test databases included. A data migration that writes
    search_text after such a remake should call ``reinstall_sqlite_triggers`` (a RunPython) first.
    tests/directory/test_search.py fails if the triggers are missing after all migrations.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import jaconv
from django.db import connections, transaction
from django.db.models import BooleanField, Case, Expression, F, IntegerField, Q, QuerySet, Value, When

from tsunagu.lib import morphology
from tsunagu.lib.japanese import normalize

FTS_TABLE = "directory_listing_fts"
VOCAB_TABLE = "directory_listing_fts_vocab"
# What the FTS table indexes for a row: the text and two spaces (see the module docstring).
SQLITE_INDEXED = "search_text || '  '"
PG_SHORT_GRAMS = "tsunagu_short_grams"
# cpu_operator_cost inside words_from_the_index (PostgreSQL's default: 0.0025).
PG_OPERATOR_COST = 0.025
# A 1–2 character word with more trigrams than this (one common character) is looked for with a
# plain LIKE scan; an FTS OR of thousands of terms is no faster.
MAX_SHORT_TERMS = 500
# The highest code point: prefix + this sorts after every trigram that starts with the prefix.
_TOP = "\U0010ffff"


def words(text: str | None) -> list[str]:
    """The query's words, normalised like search_text, without repeats or words that another
    word contains (体操 adds nothing to いきいき体操)."""
    found: list[str] = []
    for word in normalize(text).split(" "):
        if word and word not in found:
            found.append(word)
    return [w for w in found if not any(w != other and w in other for other in found)]


@contextmanager
def planner_settings(using: str = "default", **settings) -> Iterator[None]:
    """PostgreSQL's planner ``settings`` (SET LOCAL) for the queries inside, in a transaction
    (or a savepoint of the caller's); other databases: nothing.

    JIT compilation is turned off with them. A scan type turned off is not forbidden but priced
    at 10^10 (PostgreSQL 17 and before; the bench's and CI's server is 15), and where the planner
    still has to use one (a small table without a fitting index) the plan's cost passes
    jit_above_cost: PostgreSQL then compiles and optimises the query with LLVM on every request
    (a count over 20,000 schedules: 25–90 ms with that, 1.4 ms without). The queries run here
    are short: they gain nothing from JIT.

    The names and values are written into the SQL as they are: pass only constants of the code.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    settings = {**settings, "jit": "off"}
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items()))
        yield
        # Back for whatever else a surrounding transaction runs (an error inside rolls the
        # savepoint back, which undoes the settings with it). A transaction of its own ends
        # with the block, and the settings with it: no third round trip.
        if nested:
            with connection.cursor() as cursor:
                cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in settings))


@contextmanager
def words_from_the_index(using: str = "default") -> Iterator[None]:
    """Run the queries inside with PostgreSQL's sequential and plain index scans priced out.

    For a word search cut at a limit (results.py's narrow fetch of 1,001, the map's 3,001),
    PostgreSQL weighs reading the table until enough rows match against the trigram index, and
    which it picks depends on its sampled statistics: on one analysed copy of the 100k bench
    database it scanned (64 ms for いきいき), on another it used the index (4 ms). Matching
    Japanese text with LIKE row by row costs far more than the planner assumes, so the index
    is the right answer for any word: say so, for these queries only. Other databases: nothing.

    A word is an OR of its alternatives (買物 OR 買い物 OR カイモノ, and a synonym's), and each
    LIKE the planner prices at the default cpu_operator_cost (0.0025) as if it were an integer
    comparison. Priced so, at 20k listings it preferred reading every public listing and testing
    four LIKEs on each (いきいき with its synonym ふれあい: 840 ms) to four trigram index scans
    (85 ms, on the same loaded machine). Ten times the default (PG_OPERATOR_COST) is nearer the
    truth for LIKE over a few hundred characters of Japanese, and keeps the index chosen.

    Plain index scans are refused as well. The OR of a word's alternatives is estimated as the
    sum of their matches (買イ物 OR カイモノ OR 買物: 24,060 of 100k, where they are mostly the
    same ~2,000 rows), and with the fetch's LIMIT 1001 the planner then expected to find enough
    rows early by walking another index in its order and testing every row: 1.4 s for 買物 at
    100k. Left with bitmap scans, it reads what the search indexes name.

    Parallel workers are refused too: for a few thousand index hits, starting two of them cost
    more than they saved (体操's narrow fetch 23 → 11 ms at p50, 38 → 18 at p95; the map's
    3,001 points 30 → 22), and a city's server has the other requests to give its cores to.
    """
    with planner_settings(using, enable_seqscan="off", enable_indexscan="off", max_parallel_workers_per_gather=0,
                          cpu_operator_cost=PG_OPERATOR_COST):
        yield


@contextmanager
def in_reading_order(using: str = "default") -> Iterator[None]:
    """Run a broad word search's page (more than 1,000 matches: results.py) as a walk of
    ``listing_reading_walk`` on PostgreSQL: read the listings in reading order, test the words on
    each and stop at the page's 20.

    Matches are at least 1 in 85 there, so the walk reads a few thousand index entries at most
    for the first pages. PostgreSQL cannot know that: it estimates a LIKE on search_text from its
    sample, and for a synonym group's marker (one pattern standing for thousands of listings) it
    guessed 15 rows where 12,321 matched, then read and sorted all of them instead (いきいき at
    100k: 44 → 97 ms). Bitmap scans and sorts are priced out for these queries only, as
    words_from_the_index does for the narrow fetch. Other databases: nothing.
    """
    with planner_settings(using, enable_bitmapscan="off", enable_seqscan="off", enable_sort="off",
                          max_parallel_workers_per_gather=0):
        yield


def search(queryset: QuerySet, text: str | None, *, order: bool = True, steer: bool = True) -> QuerySet:
    """The listings of ``queryset`` whose search_text holds, for every word of ``text``, one of
    the word's alternatives (``alternatives_of``: its spellings, readings and synonyms).

    With ``order`` (the default) the result is ranked: search_text beginning with the query (the
    name, which comes first in search_text) or a reading beginning with it, then name_kana,
    name, pk. Pass ``order=False`` to keep the queryset's own ordering.

    ``steer=False`` writes the same filter so that it does not choose SQLite's plan, for a query
    another index should drive: a walk of many matches in reading order (results.py), where
    looking the matches up by rowid would sort them all, or a narrow fetch within a place.
    """
    per_word = alternatives_of(text, using=queryset.db)
    if not per_word:
        return queryset
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        queryset = _filter_sqlite(queryset, per_word, connection, steer=steer)
    else:
        # The short-grams test is only there for its index; where another index drives it would
        # be computed row by row (every 1–2 character substring of the text), so leave it out.
        postgresql = connection.vendor == "postgresql"
        queryset = _filter_contains(queryset, per_word, short_grams=postgresql and steer,
                                    row_by_row=postgresql and not steer)
    return rank(queryset, text) if order else queryset


def typed_words(text: str | None) -> list[str]:
    """The query's words as typed (NFKC, kana as they are: the analyser reads みまもり, not
    ミマモリ), one per word of words() and in its order."""
    kept = words(text)
    typed: dict[str, str] = {}
    for word in unicodedata.normalize("NFKC", text or "").split():
        typed.setdefault(normalize(word), word)
    return [typed.get(word, word) for word in kept]


@dataclass(frozen=True)
class Widened:
    """A query word that the synonym list widened: 「いきいき」の言いかえ「ふれあい」."""

    word: str
    synonyms: tuple[str, ...]


def alternatives_of(text: str | None, using: str = "default") -> list[tuple[str, ...]]:
    """For each word of the query, the strings any of which a matching search_text contains:
    the word's own alternatives (lib/morphology.py: its normalised surface, normalised forms
    and reading) and, for a word of a synonym group, the group's marker (``group_marker``) if
    the listings carry it already, else the other words' alternatives. Alternatives containing
    another are dropped: the shorter already finds them; so are the word's own spellings that
    contain one of its group's (the marker finds those texts)."""
    groups = _synonym_groups(using)
    per_word = []
    for word in typed_words(text):
        found = list(morphology.alternatives(word))
        markers: list[str] = []
        covered: set[str] = set()
        for group, others in _groups_of(word, groups):
            if group.indexed:
                markers.append(group.marker)
                covered.update(group.spellings)
            else:
                for other in others:
                    found.extend(morphology.alternatives(other))
        found = [a for a in found if a and not any(s in a for s in covered)]
        unique = list(dict.fromkeys(found))
        own = [a for a in unique if not any(o != a and o in a for o in unique)]
        per_word.append(tuple(own + [m for m in dict.fromkeys(markers)]))
    return [alts for alts in per_word if alts]


def synonyms_used(text: str | None, using: str = "default") -> list[Widened]:
    """The query's words that the synonym list widened, with the words added (for the page:
    「いきいき」の言いかえ「ふれあい」も含めています)."""
    groups = _synonym_groups(using)
    used = []
    for word in typed_words(text):
        added: list[str] = []
        for _group, others in _groups_of(word, groups):
            added.extend(s for s in others if s not in added)
        if added:
            used.append(Widened(word, tuple(added)))
    return used


@dataclass(frozen=True)
class Group:
    """A synonym group as the search uses it: its words, every spelling of them
    (morphology.alternatives), its marker, and whether the listings carry the marker yet."""

    words: tuple[str, ...]
    indexed: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return group_spellings(self.words)

    @property
    def marker(self) -> str:
        return group_marker(self.words)


def _groups_of(word: str, groups: list[Group]) -> Iterator[tuple[Group, list[str]]]:
    """Each group the word belongs to, with its other words (as written): the word is one of
    the group's words in any spelling (いきいき, 生き生き and イキイキ are the same word)."""
    own = set(morphology.alternatives(word))
    for group in groups:
        if any(own & set(morphology.alternatives(member)) for member in group.words):
            others = [m for m in group.words if not own & set(morphology.alternatives(m))]
            if others:
                yield group, others


def _model(name: str):
    """A directory model by name: models.py computes search_text with this module's markers, so
    this module must not import models.py back (tests/ops/test_layers.py: no import circles)."""
    from django.apps import apps

    return apps.get_model("directory", name)


def _synonym_groups(using: str = "default") -> list[Group]:
    """The synonym list (SynonymGroup): a few dozen short rows, read for every search, so that an
    administrator's edit shows at once everywhere. Read with one plain SELECT and turned into
    groups once per distinct content (a page read them three times through the ORM: ~1 ms each
    of building the query and decoding its JSON, for 0.05 ms in the database)."""
    SynonymGroup = _model("SynonymGroup")  # noqa: N806
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('words')}, {quote('indexed')} FROM {quote(SynonymGroup._meta.db_table)} "
                       f"ORDER BY {quote('position')}, {quote('id')}")  # the model's ordering
        rows = tuple((words if isinstance(words, str) else json.dumps(words), bool(indexed))
                     for words, indexed in cursor.fetchall())
    return list(_groups_from(rows))


@lru_cache(maxsize=16)
def _groups_from(rows: tuple[tuple[str, bool], ...]) -> tuple[Group, ...]:
    return tuple(Group(tuple(json.loads(words)), indexed) for words, indexed in rows)


# --- Synonym groups in search_text -------------------------------------------------------------
# A listing's search_text ends with a marker for each synonym group whose words it contains in
# any spelling (``with_markers``), so that a query word of a group is ONE pattern (the marker)
# instead of an OR of every spelling of every word of the group (移動販売: 8 LIKEs on PostgreSQL,
# 8 FTS phrases on SQLite). The marker is ᛝ and eight runic letters (ᚠ–ᚯ, a hex digit each) from
# a hash of the group's words: nobody types runes (an ASCII marker would be found by a query
# such as "jk" or "pc"), normalize() leaves them as they are, and both FTS5's trigrams and pg_trgm
# index them (pg_trgm makes trigrams of letters only: runes are letters in a UTF-8 locale,
# `SELECT show_trgm('ᛝᚠᚡᚢ')`). Editing the list changes the groups, so the markers are written
# again by background work (``reindex_synonyms``, started by synonyms.synonyms_save); a group is
# used by its marker only once that work has marked it ``indexed``: until then the search spells
# its words out as before, so the answers never depend on whether the work has finished.

_MARKER_START = "ᛝ"
_MARKER_DIGITS = "".join(chr(0x16A0 + i) for i in range(16))  # ᚠ … ᚯ
_MARKER_END = re.compile(r"(?: ᛝ[\u16a0-\u16af]{8})+$")


@lru_cache(maxsize=512)
def group_marker(words: tuple[str, ...]) -> str:
    key = "\n".join(sorted(normalize(w) for w in words))
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return _MARKER_START + "".join(_MARKER_DIGITS[int(d, 16)] for d in digest)


@lru_cache(maxsize=512)
def group_spellings(words: tuple[str, ...]) -> tuple[str, ...]:
    """Every spelling of every word of the group: a text holding one belongs to the group."""
    found = dict.fromkeys(a for w in words for a in morphology.alternatives(w) if a)
    return tuple(a for a in found if not any(o != a and o in a for o in found))


def without_markers(text: str) -> str:
    return _MARKER_END.sub("", text)


def with_markers(text: str, groups: list[Group] | list[tuple[str, ...]]) -> str:
    """search_text (without markers) followed by the marker of each group it belongs to."""
    text = without_markers(text)
    markers = []
    for group in groups:
        words = group.words if isinstance(group, Group) else tuple(group)
        if any(s in text for s in group_spellings(words)):
            markers.append(group_marker(words))
    return " ".join([text, *dict.fromkeys(markers)]) if markers else text


def listing_groups(using: str = "default") -> list[tuple[str, ...]]:
    """Every group's words, for writing markers (indexed or not: the background work marks
    them indexed once every listing has them)."""
    return [g.words for g in _synonym_groups(using)]


def reindex_synonyms(listing_model=None, group_model=None, using: str = "default", progress=None) -> int:
    """Write every listing's markers for the synonym list as it is now, then mark its groups
    indexed; returns how many listings changed. Each row is written only if its search_text is
    still the one read (a listing saved meanwhile computed its own markers)."""
    if listing_model is None or group_model is None:
        listing_model, group_model = listing_model or _model("Listing"), group_model or _model("SynonymGroup")
    rows = list(group_model.objects.using(using).values_list("pk", "words"))
    groups = [tuple(words) for _pk, words in rows]
    listings = listing_model.objects.using(using)
    total = listings.count()
    changed = 0
    for done, (pk, text) in enumerate(listings.order_by("pk").values_list("pk", "search_text").iterator(chunk_size=2000)):
        value = with_markers(text, groups)
        if value != text:
            changed += listings.filter(pk=pk, search_text=text).update(search_text=value)
        if progress and done % 1000 == 0:
            progress(done, total)
    group_model.objects.using(using).filter(pk__in=[pk for pk, _w in rows]).update(indexed=True)
    return changed


def rank(queryset: QuerySet, text: str | None) -> QuerySet:
    """Order by: the name (or its reading) begins with the query, then reading, name, pk.

    search_text starts with the normalised name, so ``search_text LIKE 'query%'`` tests the
    name's beginning without another column; name_kana is stored as typed, hence both kana.
    """
    query = normalize(text)
    if not query:
        return queryset
    hiragana = jaconv.kata2hira(query)
    starts = Q(search_text__startswith=query) | Q(name_kana__startswith=hiragana)
    if query != hiragana:
        starts |= Q(name_kana__startswith=query)
    return queryset.annotate(
        search_rank=Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("search_rank", "name_kana", "name", "pk")


def _filter_contains(queryset: QuerySet, per_word: list[tuple[str, ...]], short_grams: bool,
                     row_by_row: bool = False) -> QuerySet:
    """PostgreSQL (and any other database): for every word, an OR over its alternatives.

    With ``short_grams`` a 1–2 character alternative is only the short-grams test, which is
    exact for it (its grams are every 1–2 character substring without a space) and comes last
    in the OR: PostgreSQL rechecks the whole OR on every row a pg_trgm branch found, and the
    OR stops at the first true LIKE before it computes the grams of the row's text (a PL/pgSQL
    loop over ~300 characters; written as LIKE AND grams, 体操 OR タイソウ took 3.9 s at 20k).

    ``row_by_row`` (PostgreSQL, where another index drives: a place, or the walk in reading
    order) tests each alternative with ``strpos(search_text, …) > 0`` instead of LIKE: the same
    test on normalised text (a literal substring, case and all), which no trigram index serves
    but which costs half as much on each row (体操 inside a ward at 100k, 4,800 rows: 47 → 24 ms;
    the walk for 移動販売: 24 → 18 ms).
    """
    for alternatives in per_word:
        either = Q()
        for alternative in sorted(alternatives, key=lambda a: short_grams and len(a) < 3):
            if short_grams and len(alternative) < 3:
                either |= Q(_ShortGramsContain(F("search_text"), alternative))
            elif row_by_row:
                either |= Q(_Strpos(F("search_text"), alternative))
            else:
                either |= Q(search_text__contains=alternative)
        queryset = queryset.filter(either)
    return queryset


def _filter_sqlite(queryset: QuerySet, per_word: list[tuple[str, ...]], connection, steer: bool = True) -> QuerySet:
    terms: list[str] = []
    indexed: list[tuple[str, ...]] = []  # the words the MATCH stands for, as substrings (window_of_the_walk)
    for alternatives in per_word:
        either: list[str] = []
        scan = False
        for alternative in alternatives:
            if len(alternative) >= 3:
                either.append(_phrase(alternative))
                continue
            trigrams = _trigrams_starting_with(alternative, connection)
            if len(trigrams) > MAX_SHORT_TERMS:
                scan = True
                break
            either.extend(_phrase(t) for t in trigrams)  # none: this spelling occurs nowhere
        if scan:
            # A single common character: a scan of the table, with the word's other spellings.
            either_q = Q()
            for alternative in alternatives:
                either_q |= Q(search_text__contains=alternative)
            queryset = queryset.filter(either_q)
        elif not either:
            return queryset.none()  # no spelling of the word occurs in any listing
        else:
            terms.append("(" + " OR ".join(either) + ")")
            indexed.append(tuple(alternatives))
    if terms:
        queryset = queryset.filter(_FtsMatch(F("pk"), " AND ".join(terms), steer=steer, words=tuple(indexed)))
    return queryset


def driven_by_the_words(queryset: QuerySet) -> QuerySet:
    """The same rows, for a fetch cut at a limit (results.py's narrow fetch of 1,001, the map's
    3,001): on SQLite the index's matches become the outer loop of a join, read in rowid order
    until the limit is reached, instead of being gathered first into a list.

    ``pk IN (SELECT rowid … MATCH …)`` makes SQLite evaluate the whole MATCH and put every rowid
    in a temporary b-tree before it reads the first listing: 14,786 rowids for 体操 at 100k to
    return 1,001 listings (13 ms of CPU). Joined, FTS5 yields its rowids one by one and stops with
    the LIMIT (5 ms). Only a query whose words drive (search(steer=True), one MATCH, ANDed with
    the rest) is changed; anything else, and other databases, are returned as they are. The
    FTS table's rowid is written ``+rowid`` so that the join cannot be turned round into a
    MATCH evaluated once per listing.
    """
    if connections[queryset.db].vendor != "sqlite":
        return queryset
    driven = queryset.extra(tables=[FTS_TABLE])  # a clone: its where tree is copied, its expressions shared
    if _join_the_match(driven.query.where) != 1:
        return queryset
    return driven


# How many listings, in the walk's order, window_of_the_walk reads at most before it gives up
# (~5 µs of CPU each at 100k: the row is read for its search_text). Matches come in runs in
# reading order (names begin with a town): in the bench's data the first page of 体操, たいそう
# and いきいき lies within the first 150 listings, 買物's within 320; 野毛's (2,200) and 移動販売's
# (3,800) do not, and for them the window costs ~2 ms before the usual walk.
WALK_WINDOW = 500


def window_of_the_walk(walk: QuerySet, start: int, stop: int, window: int = WALK_WINDOW,
                       known: list[tuple] | None = None) -> list | None:
    """The pks of the matches ``start``..``stop`` of ``walk`` (a word search in reading order,
    written with search(steer=False)) if they are among the first ``window`` listings that its
    other filters let through; else None, and the caller walks as before. SQLite only.

    ``+pk IN (SELECT rowid … MATCH …)`` makes SQLite evaluate the whole MATCH and keep every rowid
    in a temporary b-tree before the walk reads its first listing (8–10 ms of CPU for 体操 or
    いきいき at 100k), when a page's 20 are usually among the first 150 listings in reading order.
    Here the listings are read in the walk's order, at most ``window`` of them, and the words are
    tested on each one's search_text as it comes (``instr``: a trigram phrase, or the trigrams a
    1–2 character word begins, is found exactly where the text contains the word, both sides
    being normalised; tests/directory/test_results.py compares the two on every page).

    ``known``: the walk's order keys of some of its matches (results.py's narrow fetch: 1,001 of
    them, in no particular reading position). When none of them lies within the window, the
    window is not read: its matches, if any, are too sparse to be worth it (移動販売's first match
    is the 3,790th listing in reading order; the window cost 2–4 ms of CPU for nothing). One
    query on the reading index (the window's last key) decides.
    """
    if connections[walk.db].vendor != "sqlite" or stop <= start:
        return None
    inner = walk._chain()  # a clone: its where tree is copied, so a child can be taken out
    words = _take_the_match(inner.query.where)
    if not words:
        return None
    order = list(inner.query.order_by)
    if known and order and all(isinstance(f, str) and not f.startswith(("-", "?")) and "__" not in f for f in order):
        last = list(inner.values_list(*order)[window - 1:window])
        if last and not any(key <= last[0] for key in known):
            return None
    inner = inner.annotate(_walk_pk=F("pk"), _walk_text=F("search_text")).values_list("_walk_pk", "_walk_text")
    sql, params = inner[:window].query.sql_with_params()
    tests = " AND ".join("(" + " OR ".join(["instr(w._walk_text, %s) > 0"] * len(alts)) + ")" for alts in words)
    connection = connections[walk.db]
    with connection.cursor() as cursor:
        # The window is a co-routine that yields its rows in the walk's order (a subquery with a
        # LIMIT is neither flattened into this query nor given its WHERE), stopped at ``stop``.
        cursor.execute(f"SELECT w._walk_pk FROM ({sql}) w WHERE {tests} LIMIT {int(stop)}",
                       (*params, *(a for alts in words for a in alts)))
        pks = [row[0] for row in cursor.fetchall()]
    return pks[start:stop] if len(pks) >= stop else None


def _take_the_match(node) -> tuple[tuple[str, ...], ...] | None:
    """Take the one _FtsMatch of a walk (steer=False) out of an AND tree; its words, or None
    (and the tree unusable) if there is not exactly one or it sits under OR or NOT."""
    if node.negated or node.connector != "AND":
        return None
    found = []
    for child in list(node.children):
        match = getattr(child, "lhs", None) if getattr(child, "rhs", None) is True else None
        if isinstance(match, _FtsMatch):
            found.append(match)
            node.children.remove(child)
        elif hasattr(child, "children") and _contains_match(child):
            return None
    if len(found) != 1 or found[0].steer or found[0].joined or not found[0].words:
        return None
    return found[0].words


def _contains_match(node) -> bool:
    for child in node.children:
        if isinstance(getattr(child, "lhs", None), _FtsMatch) or isinstance(child, _FtsMatch):
            return True
        if hasattr(child, "children") and _contains_match(child):
            return True
    return False


def _join_the_match(node) -> int:
    """Replace the steering _FtsMatch of an AND tree (not under OR or NOT) by its join form;
    how many there were (the caller keeps the join only for exactly one)."""
    if node.negated or node.connector != "AND":
        return 0
    found = 0
    for i, child in enumerate(node.children):
        # filter(expression) keeps the expression as ``Exact(expression, True)``.
        match = getattr(child, "lhs", None) if getattr(child, "rhs", None) is True else None
        if isinstance(match, _FtsMatch) and match.steer and not match.joined:
            node.children[i] = type(child)(_FtsMatch(match.pk, match.match, joined=True, words=match.words), True)
            found += 1
        elif hasattr(child, "children") and hasattr(child, "connector"):
            found += _join_the_match(child)
    return found


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _trigrams_starting_with(prefix: str, connection) -> list[str]:
    """The index's trigrams that begin with ``prefix`` (1–2 characters), remembered on the
    connection while the database is unchanged: a page asks twice (its narrow fetch and its walk)
    and fts5vocab reads every matching document to count them (1–2 ms for 体操 at 100k).

    Unchanged means: the same SQLite connection, the same ``PRAGMA data_version`` (which moves
    when another connection commits) and the same ``total_changes`` (this connection's own
    writes, triggers included). A list remembered from a write later rolled back can only hold
    trigrams that no text has any more, which match nothing."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        state = (connection.connection, cursor.fetchone()[0], connection.connection.total_changes)
        memo = getattr(connection, "_tsunagu_trigrams", None)
        if memo is None or memo[0][0] is not state[0] or memo[0][1:] != state[1:]:
            memo = connection._tsunagu_trigrams = (state, {})
        if prefix not in memo[1]:
            cursor.execute(
                f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term <= %s LIMIT %s",
                [prefix, prefix + _TOP * (3 - len(prefix)), MAX_SHORT_TERMS + 1],
            )
            memo[1][prefix] = [row[0] for row in cursor.fetchall()]
        return list(memo[1][prefix])


class _FtsMatch(Expression):
    """``<pk> IN (SELECT rowid FROM directory_listing_fts WHERE ... MATCH %s)``.

    The pk is an expression so that Django names the table's alias (relabelled in subqueries).
    ``steer=False`` writes ``+pk``: SQLite's unary plus keeps the term from choosing the plan
    (see search()). ``joined`` (driven_by_the_words, whose query has the FTS table in its FROM)
    writes the join instead: ``<pk> = +directory_listing_fts.rowid AND directory_listing_fts MATCH %s``.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk, match: str, steer: bool = True, joined: bool = False, words: tuple = ()):
        super().__init__()
        self.pk, self.match, self.steer, self.joined = pk, match, steer, joined
        self.words = words  # each word's alternatives, the MATCH's meaning as substrings

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.pk)
        if self.joined:
            return f"({sql} = +{FTS_TABLE}.rowid AND {FTS_TABLE} MATCH %s)", (*params, self.match)
        if not self.steer:
            sql = f"+{sql}"
        return (f"{sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
                (*params, self.match))


class _TextTest(Expression):
    """A test of one text column against one word, written as ``template`` (the column's SQL, then
    the word as a parameter)."""

    output_field = BooleanField()
    conditional = True
    template = ""

    def __init__(self, column, word: str):
        super().__init__()
        self.column, self.word = column, word

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return self.template.format(column=sql), (*params, self.word)


class _Strpos(_TextTest):
    """``strpos(search_text, word) > 0``: the text contains the word (PostgreSQL, row by row)."""

    template = "strpos({column}, %s) > 0"


class _ShortGramsContain(_TextTest):
    """``tsunagu_short_grams(search_text) @> ARRAY[word]`` — the expression of the GIN index."""

    template = PG_SHORT_GRAMS + "({column}) @> ARRAY[%s]::text[]"


def rebuild_index(recompute: bool = False, using: str = "default") -> None:
    """Bring the search index up to date after a bulk load.

    ``recompute`` first recomputes every listing's search_text (bulk_create and queryset updates
    skip Listing.save()). Then SQLite's FTS table is emptied and filled again from the table,
    which also repairs it if rows were written while its triggers were missing; PostgreSQL's
    indexes need nothing, but its planner statistics are refreshed (ANALYZE).
    Not called anywhere yet: loaders and the demo data call it after bulk_create.
    """
    if recompute:
        recompute_search_text(using=using)
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
            cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                           f"SELECT id, {SQLITE_INDEXED} FROM directory_listing")
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
            cursor.execute("ANALYZE directory_listing")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE directory_listing")


def recompute_search_text(queryset: QuerySet | None = None, using: str = "default", batch_size: int = 2000) -> int:
    """Recompute search_text for the listings (all by default); returns how many changed."""
    Listing = _model("Listing")  # noqa: N806
    queryset = (queryset if queryset is not None else Listing.objects.using(using)).select_related(
        "organisation", "location__block").order_by("pk")
    changed, batch = 0, []
    groups = listing_groups(using)
    for listing in queryset.iterator(chunk_size=batch_size):
        value = listing.compute_search_text(groups)
        if value != listing.search_text:
            listing.search_text = value
            batch.append(listing)
        if len(batch) >= batch_size:
            Listing.objects.using(using).bulk_update(batch, ["search_text"])
            changed, batch = changed + len(batch), []
    if batch:
        Listing.objects.using(using).bulk_update(batch, ["search_text"])
        changed += len(batch)
    return changed


# --- Schema (used by migration 0003 and by later migrations that remake the table) ----------

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS directory_listing_fts_ai AFTER INSERT ON directory_listing BEGIN
  INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text || '  ');
END""",
    f"""CREATE TRIGGER IF NOT EXISTS directory_listing_fts_ad AFTER DELETE ON directory_listing BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text || '  ');
END""",
    f"""CREATE TRIGGER IF NOT EXISTS directory_listing_fts_au AFTER UPDATE OF id, search_text ON directory_listing
WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text || '  ');
  INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text || '  ');
END""",
]
SQLITE_TRIGGER_NAMES = ["directory_listing_fts_ai", "directory_listing_fts_ad", "directory_listing_fts_au"]


def reinstall_sqlite_triggers(apps=None, schema_editor=None, using: str | None = None) -> None:
    """Put back the FTS triggers and rebuild the index. Usable as a migration's RunPython;
    does nothing on other databases."""
    connection = schema_editor.connection if schema_editor else connections[using or "default"]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_TRIGGERS:
            cursor.execute(sql)
    rebuild_index(using=connection.alias)


def ensure_sqlite_index(using: str = "default") -> bool:
    """Repair the SQLite search index if its triggers are gone; True when it did.

    Django alters a table on SQLite by rebuilding it (create, copy, drop, rename) and the drop
    takes the table's triggers along: migration 0004 (AddField with a default) does so. The rows
    keep their ids and search_text, so the index stays right until the next write; putting the
    triggers back and rebuilding the index (to catch any write in between) is the whole repair.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return False  # before migration 0003
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'directory_listing'")
        if set(SQLITE_TRIGGER_NAMES) <= {row[0] for row in cursor.fetchall()}:
            return False
    reinstall_sqlite_triggers(using=using)
    return True


def after_migrate(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (connected in DirectoryConfig.ready): every migrate, and every test
    database, ends with the SQLite triggers in place whatever migration remade the table."""
    ensure_sqlite_index(using)
