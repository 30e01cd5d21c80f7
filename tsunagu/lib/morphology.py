"""Japanese words, not only characters: what a search must know to find 買物 for 買い物.

People write one word many ways — 買い物 and 買物, 子供 and 子ども and こども, 見守り and みまもり,
将棋 and しょうぎ — and normalize() (width, kana, case) cannot fold those. A morphological
analyser made for Japanese can: SudachiPy with its core dictionary gives every token a
normalised form (表記ゆれ and okurigana folded: 買物 → 買い物, こども → 子供, いきいき → 生き生き,
しょうぎ → 将棋) and a reading (見守り → ミマモリ).

Both sides of a search use it (tech-notes.md, "Japanese words, not only characters"):

* The text side, ``search_text(*parts)``: the normalised text as before, then for every run of
  the text (cut at spaces and punctuation) the run's tokens' normalised forms put together, and
  their readings put together, each only where it differs from the run itself (so a text
  already in its normal form costs nothing). Everything goes through normalize().
* The query side, ``alternatives(word)``: the normalised word, its tokens' normalised forms put
  together, and its reading; a row matches a word when its search text contains any of them.

Both sides cut words with the same mode A (the shortest units): a query is usually a part of a
compound in the text (本牧 in 本牧町, 体操 in いきいき体操), and the finest cut keeps the pieces
aligned on both sides; mode C keeps 横浜市中区本牧町 as one token whose forms would hide its parts.

Readings widen: たいそう is read as 大層 by the dictionary (its normalised form), but the reading
タイソウ of 体操 finds it. A reading shorter than READING_MIN characters is not an alternative for
a query in kanji: 会 read カイ would match 介護 (カイゴ) and 買い物 (カイモノ).

The analyser is loaded once per process, lazily (the dictionary, ~70 MB mapped); its tokenizer
is not safe to share between threads (SudachiPy raises "Already borrowed"), so each thread
gets its own from the shared dictionary (one per thread is what SudachiPy's authors advise).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from tsunagu.lib.japanese import normalize

# A reading this short is too common to stand for a word typed in kanji (see the docstring).
READING_MIN = 3
# SudachiPy refuses inputs above ~49 KB; runs are cut shorter than that anyway.
_RUN_MAX = 2000
# Where the text is cut into runs: spaces and punctuation, which no word crosses.
_BREAKS = re.compile(r"[\s、。，．,.!?！？・／/「」『』（）()【】\[\]〜~:：;；…\"'“”‘’]+")
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")

_lock = threading.Lock()
_dictionary = None
_local = threading.local()


def _tokenizer():
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        global _dictionary
        with _lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
        from sudachipy import SplitMode

        tokenizer = _local.tokenizer = _dictionary.tokenizer(mode=SplitMode.A)
    return tokenizer


def _runs(text: str) -> list[str]:
    """The text (NFKC, kana as typed: the dictionary knows みまもり, not ミマモリ) cut at spaces
    and punctuation, long runs cut again."""
    folded = unicodedata.normalize("NFKC", text)
    runs = []
    for run in _BREAKS.split(folded):
        while run:
            runs.append(run[:_RUN_MAX])
            run = run[_RUN_MAX:]
    return runs


def _forms(run: str) -> tuple[str, str]:
    """(the run's tokens' normalised forms put together, their readings put together), both
    normalised. An unknown word (no reading) reads as itself."""
    normalised, readings = [], []
    for token in _tokenizer().tokenize(run):
        surface = token.surface()
        if not _JAPANESE.search(surface):
            # Digits, Latin letters, signs: read as written (1-2 is not イチ-ニ).
            normalised.append(surface)
            readings.append(surface)
            continue
        normalised.append(token.normalized_form() or surface)
        readings.append(token.reading_form() or surface)
    return normalize("".join(normalised)), normalize("".join(readings))


@lru_cache(maxsize=4096)
def _run_extras(run: str) -> tuple[str, ...]:
    plain = normalize(run)
    extras = []
    for form in _forms(run):
        if form and form != plain and form not in extras:
            extras.append(form)
    return tuple(extras)


def forms_of(text: str | None) -> str:
    """What the text adds to a search column: for each run, its normalised forms and readings
    where they differ from it (normalised, space-separated, without repeats)."""
    if not text:
        return ""
    plain = normalize(text)
    seen: dict[str, None] = {}
    for run in _runs(str(text)):
        for extra in _run_extras(run):
            if extra not in plain:  # ほんもく beside 本牧 already holds 本牧's reading
                seen.setdefault(extra, None)
    return " ".join(seen)


def search_text(*parts: str | None) -> str:
    """A search column's value for a record made of several fields: the fields normalised, in
    order (a listing's name first: results rank on how the column begins), then their forms."""
    return with_forms(" ".join(p for p in (normalize(part) for part in parts) if p), *parts)


def with_forms(plain: str, *parts: str | None) -> str:
    """An existing search column (normalised text) with the forms of ``parts`` added: what the
    records' data migrations use to bring stored rows up to search_text()."""
    extras = forms_of(" ".join(str(part) for part in parts if part))
    return f"{plain} {extras}" if extras else plain


@lru_cache(maxsize=2048)
def alternatives(word: str) -> tuple[str, ...]:
    """The ways a query word may be written in a text, the normalised word first.

    Alternatives that contain another one are dropped (the shorter finds them too)."""
    plain = normalize(word)
    if not plain:
        return ()
    # As typed (NFKC): the dictionary knows みまもり, not ミマモリ; a word typed in katakana is
    # found in the text's readings instead.
    typed = unicodedata.normalize("NFKC", word)
    found = [plain]
    normalised, reading = _forms(typed.replace(" ", ""))
    if normalised:
        found.append(normalised)
    # A reading is how kana text is found from kanji (体操 → タイソウ finds たいそう); too short a
    # reading of a word written in kanji finds every homophone.
    if reading and (len(reading) >= READING_MIN or _KANA.match(typed)):
        found.append(reading)
    unique = list(dict.fromkeys(found))
    return tuple(a for a in unique if not any(o != a and o in a for o in unique))


def words_with_alternatives(query: str | None) -> list[tuple[str, ...]]:
    """Each word of the query (as typed, split at spaces) with its alternatives, repeats dropped."""
    per_word: dict[str, tuple[str, ...]] = {}
    for word in unicodedata.normalize("NFKC", query or "").split():
        if normalize(word) not in per_word:
            per_word[normalize(word)] = alternatives(word)
    return [alts for alts in per_word.values() if alts]


def matching(alternatives_per_word: list[tuple[str, ...]], field: str = "search_text"):
    """A Q: for every word, the field contains one of its alternatives."""
    from django.db.models import Q

    condition = Q()
    for alts in alternatives_per_word:
        either = Q()
        for alt in alts:
            either |= Q(**{f"{field}__contains": alt})
        condition &= either
    return condition


def with_every_word(queryset, query: str | None, field: str = "search_text"):
    """Rows whose search column (made by search_text()) holds every word of the query in one of
    its spellings: the records' search (memos, sheets, district plans, hearing answers)."""
    per_word = words_with_alternatives(query)
    return queryset.filter(matching(per_word, field)) if per_word else queryset
