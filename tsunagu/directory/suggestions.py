"""「もしかして: 体操」: the nearest known words for a search that found (almost) nothing.

The vocabulary is what the directory's own words are: category names, place names (wards, CP
areas, 町名) and the words of public listings' names (cut by SudachiPy, the analyser the
search uses). Each word is kept under its normalised form (tsunagu/lib/japanese.normalize) and
its katakana reading, so that a kana typo (たいそお) is compared with readings (タイソウ → 体操)
and a kanji typo (体躁) with written forms.

Comparison is an edit distance with a cut-off (1 for words up to 4 characters, 2 beyond), over
the words of about the same length only (about a millisecond). The vocabulary (0.2–0.8 s to
build for the demo's 4,700 words) is kept per process and rebuilt only when a listing, category
or place changes (lib/kept.py); it is consulted only when a search finds little.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from functools import cache as memo

from django.db.models.signals import post_delete, post_save

from tsunagu.lib.japanese import normalize
from tsunagu.lib.kept import Kept

# How soon another process notices a listing changed (kept.py); suggestions may lag a little.
CHECK_SECONDS = 600
# How many listing names are read for words (the most recently confirmed are enough to know
# the programme's words; a city has tens of thousands of near-identical names).
NAMES_READ = 2_000
# Words of the names must be at least this long (one kanji says too little) and occur this often.
SHORTEST = 2
# Candidates tried (each costs one query to check it finds something).
TRIED = 3

_WORTH = re.compile(r"[\w\u30a0-\u30ff\u3040-\u309f\u4e00-\u9fff々ヶ]")


_threads = threading.local()


def _tokenizer():
    # One per thread: a SudachiPy tokenizer is not to be shared between threads.
    if not hasattr(_threads, "tokenizer"):
        from sudachipy import SplitMode

        _threads.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
    return _threads.tokenizer


@memo
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def reading(text: str) -> str:
    """The katakana reading of ``text`` (SudachiPy, mode C), normalised."""
    return normalize("".join(m.reading_form() for m in _tokenizer().tokenize(text)))


def name_words(name: str) -> list[str]:
    """The nouns of a listing's name: 簑沢ふれあいサロン → 簑沢, ふれあい, サロン."""
    return [m.surface() for m in _tokenizer().tokenize(name)
            if m.part_of_speech()[0] == "名詞" and len(m.surface()) >= SHORTEST and _WORTH.search(m.surface())]


class Vocabulary:
    def __init__(self, weighted: Counter):
        """``weighted``: word as shown → how often it occurs (ties go to the commoner word)."""
        self.shown: dict[str, tuple[int, str]] = {}  # key (normal form or reading) → (weight, word)
        for word, weight in weighted.items():
            for key in {normalize(word), reading(word)}:
                if key and (key not in self.shown or self.shown[key][0] < weight):
                    self.shown[key] = (weight, word)
        self.by_length: dict[int, list[str]] = {}
        for key in self.shown:
            self.by_length.setdefault(len(key), []).append(key)

    def __len__(self) -> int:
        return len(self.shown)

    def knows(self, word: str) -> bool:
        return normalize(word) in self.shown

    def nearest(self, word: str) -> list[str]:
        """Known words close to ``word``, nearest and commonest first."""
        keys = {normalize(word), reading(word)} - {""}
        scored: dict[str, tuple[int, int]] = {}
        for key in keys:
            limit = 1 if len(key) <= 4 else 2
            letters = set(key)
            for length in range(len(key) - limit, len(key) + limit + 1):
                for other in self.by_length.get(length, ()):
                    if other in keys or not letters.intersection(other):
                        continue
                    distance = _distance(key, other, limit)
                    if distance <= limit:
                        weight, shown = self.shown[other]
                        if normalize(shown) in keys:
                            continue
                        best = scored.get(shown)
                        if best is None or (distance, -weight) < best:
                            scored[shown] = (distance, -weight)
        return sorted(scored, key=lambda shown: scored[shown])


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed ``limit``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def build() -> Vocabulary:
    from tsunagu.directory.models import Category, Listing
    from tsunagu.directory.place_words import place_index

    weighted: Counter = Counter()
    names = Listing.objects.public().order_by("-confirmed_at").values_list("name", flat=True)[:NAMES_READ]
    for name, count in Counter(names).items():
        for word in set(name_words(name)):
            weighted[word] += count
    for name in Category.objects.values_list("name", flat=True):
        for word in {name, *name_words(name)}:  # 体操・運動, 体操, 運動
            weighted[word] += 1000
    for spots in place_index().words.values():
        for spot in spots:
            weighted[spot.name] += 1
    return Vocabulary(weighted)


def _fingerprint():
    from django.db.models import Count, Max

    from tsunagu.directory.models import Category, Listing
    from tsunagu.directory.place_words import place_index

    listings = Listing.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    categories = Category.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (*listings.values(), *categories.values(), id(place_index()))


_kept = Kept("directory:suggestions", build, _fingerprint, seconds=CHECK_SECONDS)


def vocabulary() -> Vocabulary:
    return _kept.get()


def better_words(words: str, finds: Callable[[str], bool]) -> str | None:
    """``words`` with its unknown words replaced by the nearest known ones, if that finds
    something (``finds``), else None."""
    known = vocabulary()
    typed = normalize(words).split()
    tried = 0
    for position, word in enumerate(typed):
        if known.knows(word):
            continue
        for candidate in known.nearest(word)[:TRIED]:
            if tried >= TRIED:
                return None
            tried += 1
            proposal = " ".join([*typed[:position], candidate, *typed[position + 1:]])
            if finds(proposal):
                return proposal
    return None


def connect() -> None:
    from tsunagu.directory.models import Category, Listing
    from tsunagu.places.models import Place

    for model in (Listing, Category, Place):
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(_kept.forget, sender=model, dispatch_uid=f"suggestions-{name}-{model.__name__}")
