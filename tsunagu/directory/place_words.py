"""Place words in a public search: 「中区 サロン」 searches サロン in 中区.

Residents type where as well as what. No listing's text holds 中区, so the word used to wipe out
every result; here the words that name a place of the tree (tsunagu/places) are taken out of the
query and become the place filter:

* a ward: 中区, 中, 港北区, 港北;
* a CP area: 簑沢地域ケアプラザ, 簑沢ケアプラザ, 簑沢CP, 簑沢;
* a 町名 or 町丁目: 本牧町 (every 丁目 of it), 本牧町一丁目 / 本牧町1丁目, 幸浦 — a listing is in
  it when its place is (or is under) one of the town's 町丁目, or its venue is in one of them.

A word that names places in different wards (桜木町 is in 中区 and in 西区) picks none: it stays a
text word, and the page offers the choices. A ward or area already chosen in the filters
settles such a word (and a word outside it is left as text). The search words that remain go to
search.search() unchanged.

The index of place names (18 wards, ~140 CP areas, ~1,700 町丁目: 0.25 s to build) is kept per
process and rebuilt only when the places change (lib/kept.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save

from tsunagu.lib.japanese import normalize
from tsunagu.lib.kept import Kept

# How soon another process notices a place changed (kept.py).
CHECK_SECONDS = 300

_CHOME = re.compile(r"[一二三四五六七八九十]+丁目$")
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# What people write after a CP's name instead of 地域ケアプラザ.
CP_SUFFIXES = ("地域ケアプラザ", "ケアプラザ", "CP", "cp")
CITY_PREFIXES = ("横浜市", "ヨコハマシ")
# Little words between a place and what is looked for: 「中区のサロン」.
_JOINERS = ("の", "ノ", "で", "デ")


@dataclass(frozen=True)
class Spot:
    """A place a word can name."""

    kind: str  # "ward", "cp_area" or "town"
    name: str  # 中区, 簑沢地域ケアプラザ, 本牧町
    ward: str  # the ward's name (the same as name for a ward)
    path: str  # the ward's or area's path; a town's ward path + its name (only for containment)
    pk: int | None = None  # the ward's or area's pk (offered.under has its subtree)
    places: tuple[int, ...] = ()  # a town: its 町丁目 and everything under them
    blocks: tuple[int, ...] = ()  # a town: its 町丁目 (a venue's block)
    ward_pk: int | None = None
    area_pk: int | None = None  # the CP area holding it, when one does (for the zero-result phone)

    def within(self, other: Spot) -> bool:
        return self.path.startswith(other.path)

    @property
    def label(self) -> str:
        return self.name if self.kind == "ward" else f"{self.name}（{self.ward}）"


@dataclass
class Understood:
    """What a query says: the words left to search, the place it names, and what it could not
    settle."""

    words: str  # the query without its place words
    place: Spot | None = None
    place_words: list[str] = field(default_factory=list)  # as typed, taken out of the query
    # A word that names several places, and those places (the page offers them).
    ambiguous: list[tuple[str, list[Spot]]] = field(default_factory=list)


def _town_forms(name: str) -> list[str]:
    """本牧町一丁目 → [本牧町一丁目, 本牧町1丁目]."""
    forms = [name]
    match = _CHOME.search(name)
    if match:
        number = match.group()[:-2]
        value = _kanji_number(number)
        if value:
            forms.append(name[: match.start()] + f"{value}丁目")
    return forms


def _kanji_number(text: str) -> int | None:
    if text == "十":
        return 10
    if len(text) == 1:
        return _KANJI_DIGITS.get(text)
    if len(text) == 2 and text[0] == "十":
        return 10 + _KANJI_DIGITS.get(text[1], 0)
    if len(text) >= 2 and text[1] == "十":
        return _KANJI_DIGITS.get(text[0], 0) * 10 + (_KANJI_DIGITS.get(text[2], 0) if len(text) == 3 else 0)
    return None


def _common_parent(paths: list[str]) -> str:
    """The deepest path above all of ``paths``: /1/2/5/ and /1/2/6/ → /1/2/."""
    parts = [p.strip("/").split("/")[:-1] for p in paths]
    common = []
    for column in zip(*parts, strict=False):
        if any(value != column[0] for value in column):
            break
        common.append(column[0])
    return "/" + "".join(f"{part}/" for part in common)


class PlaceIndex:
    """Normalised word → the spots it names."""

    def __init__(self, rows):
        """``rows``: (pk, kind, name, path, parent_id) of every place."""
        from tsunagu.places.models import Kind

        rows = sorted(rows, key=lambda r: r[3])
        paths = [r[3] for r in rows]
        by_pk = {r[0]: r for r in rows}
        self.words: dict[str, list[Spot]] = {}
        # Ward and CP area pk → its spot (a ward or area chosen in the filters).
        self.by_pk: dict[int, Spot] = {}

        def ancestor(path: str, kind: str):
            for part in path.strip("/").split("/"):
                row = by_pk.get(int(part))
                if row and row[1] == kind:
                    return row
            return None

        def subtree(path: str) -> list[int]:
            return [r[0] for r in rows[bisect_left(paths, path):bisect_left(paths, path + "~")]]

        wards = {}
        for pk, kind, name, path, _parent in rows:
            if kind == Kind.WARD:
                spot = Spot("ward", name, name, path, pk=pk, ward_pk=pk)
                wards[pk] = self.by_pk[pk] = spot
                self._add(name, spot)
                if name.endswith("区") and len(name) > 1:
                    self._add(name[:-1], spot)
        for pk, kind, name, path, _parent in rows:
            if kind == Kind.CP_AREA:
                ward = ancestor(path, Kind.WARD)
                spot = Spot("cp_area", name, ward[2] if ward else "", path, pk=pk,
                            ward_pk=ward[0] if ward else None, area_pk=pk)
                self.by_pk[pk] = spot
                self._add(name, spot)
                stem = name.removesuffix("地域ケアプラザ")
                if stem != name and stem:
                    self._add(stem, spot)
                    for suffix in CP_SUFFIXES[1:]:
                        self._add(stem + suffix, spot)
        # 町丁目 grouped by town within a ward: 本牧町 is its 丁目 together.
        towns: dict[tuple[int, str], list[tuple]] = {}
        for row in rows:
            if row[1] == Kind.BLOCK:
                ward = ancestor(row[3], Kind.WARD)
                if ward is None:
                    continue
                towns.setdefault((ward[0], _CHOME.sub("", row[2]) or row[2]), []).append(row)
                towns.setdefault((ward[0], "\0" + row[2]), []).append(row)  # the 丁目 itself
        for (ward_pk, town), blocks in towns.items():
            ward = wards.get(ward_pk)
            if ward is None:
                continue
            name = town.lstrip("\0")
            if town.startswith("\0") and name == _CHOME.sub("", name):
                continue  # a town without 丁目 is already its own entry
            areas = {a[0] for a in (ancestor(b[3], Kind.CP_AREA) for b in blocks) if a}
            # Under the smallest place holding all its 丁目, so that 簑沢 the 町 is within 簑沢 the CP area.
            holder = _common_parent([b[3] for b in blocks])
            spot = Spot(
                "town", name, ward.name, f"{holder}\0{name}",
                places=tuple(sorted({pk for b in blocks for pk in subtree(b[3])})),
                blocks=tuple(sorted(b[0] for b in blocks)),
                ward_pk=ward_pk, area_pk=areas.pop() if len(areas) == 1 else None,
            )
            for form in _town_forms(name):
                self._add(form, spot)

    def _add(self, word: str, spot: Spot) -> None:
        key = normalize(word)
        if key:
            spots = self.words.setdefault(key, [])
            if spot not in spots:
                spots.append(spot)

    def spots(self, word: str) -> list[Spot]:
        return self.words.get(word, [])

    def split(self, word: str) -> list[str]:
        """One typed word as place words and the rest: 横浜市中区サロン → [中区, サロン].

        Only a ward's full name (…区) is taken from the front of a longer word: a town's or CP's
        name is too often the start of a group's name (本牧町内会)."""
        for prefix in CITY_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix):
                word = word[len(prefix):]
        if word in self.words:
            return [word]
        for end in range(min(len(word) - 1, 5), 1, -1):
            head = word[:end]
            if head.endswith("区") and any(s.kind == "ward" for s in self.spots(head)):
                rest = word[end:]
                for joiner in _JOINERS:
                    rest = rest.removeprefix(joiner)
                return [head, *([rest] if rest else [])]
        return [word]


def _fingerprint():
    from django.db.models import Count, Max

    from tsunagu.places.models import Place

    return tuple(Place.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())


def _build() -> PlaceIndex:
    from tsunagu.places.models import Place

    return PlaceIndex(list(Place.objects.values_list("pk", "kind", "name", "path", "parent_id")))


_kept = Kept("directory:place-words", _build, _fingerprint, seconds=CHECK_SECONDS)


def place_index() -> PlaceIndex:
    return _kept.get()


def understand(text: str | None, chosen_pk: int | None = None) -> Understood:
    """The query ``text`` read for place words; ``chosen_pk`` is the ward or area picked in the
    filters, if any."""
    index = place_index()
    chosen = index.by_pk.get(chosen_pk) if chosen_pk else None
    typed = normalize(text).split()
    pieces = [piece for word in typed for piece in index.split(word)]
    kept: list[str] = []
    found: list[tuple[str, list[Spot]]] = []
    for piece in pieces:
        spots = index.spots(piece)
        if chosen is not None:
            if any(chosen.within(s) for s in spots):
                found.append((piece, []))  # 中区 with 中区 (or an area in it) chosen: nothing to add
                continue
            spots = [s for s in spots if s.within(chosen)]
        if spots:
            found.append((piece, spots))
        else:
            kept.append(piece)
    # A word naming places nested in one another (簑沢 the CP area and 簑沢 the 町 in it) names the
    # larger one; words naming different places narrow each other (中区 本牧町, 中区 桜木町).
    settled: list[tuple[str, Spot]] = []
    ambiguous: list[tuple[str, list[Spot]]] = []
    for piece, spots in found:
        if not spots:
            continue
        others = [s for p, ss in found if p != piece for s in ss]
        fitting = [s for s in spots if any(s.within(o) or o.within(s) for o in others)]
        spots = fitting or spots
        outer = [s for s in spots if all(o.within(s) for o in spots)]
        if outer:
            settled.append((piece, outer[0]))
        else:
            ambiguous.append((piece, spots))
    deepest = [s for _p, s in settled if all(s.within(o) for _q, o in settled)]
    place = deepest[0] if deepest else None
    if place is None and settled:  # 中区 港北区: no one place, so none is applied
        ambiguous += [(piece, [spot]) for piece, spot in settled]
        settled = []
    used = [piece for piece, spots in found if not spots] + [piece for piece, _spot in settled]
    left = [piece for piece in pieces if piece not in used]
    return Understood(words=" ".join(left), place=place, place_words=used,
                      ambiguous=[(piece, spots) for piece, spots in ambiguous if len(spots) > 1])


def connect() -> None:
    from tsunagu.places.models import Place

    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_kept.forget, sender=Place, dispatch_uid=f"place-words-{name}")
