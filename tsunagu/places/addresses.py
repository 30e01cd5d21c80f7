"""From an address as people type it to a point on the map, without a geocoding service.

The places tree knows each 町丁目's representative point (load_yokohama, from the 位置参照情報).
An address names its 町丁目 — 「中区本牧町二丁目3-4」, 「本牧町2-3」, 「幸浦1丁目」, or only
「幸浦」 — so the town's name is looked for in the text and the 丁目 read after it:

- the longest town name found wins (日吉本町 over 日吉 and 本町), one at the very start first;
- a ward written in the text (中区) keeps only that ward's towns;
- 丁目 may be written in kanji or digits, with 丁目 or a hyphen after it; with no 丁目, or one the
  town does not have, the point is the middle of the town's 丁目;
- the same town in two wards (桜木町: 西区 and 中区) with no ward named gives both as choices;
- nothing found whole: towns whose names begin with what was typed (「本牧」) are the choices.

It answers a point to measure from (straight-line distances), never a house: it says which
町丁目 it took, so a person can see when that is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache

from tsunagu.places.models import Kind, Place

CACHE_KEY = "places:town-index"
CACHE_SECONDS = 600
# At most this many choices are offered when a text is ambiguous.
MAX_CHOICES = 12

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHOME_NAME = re.compile(r"^(.+?)([〇一二三四五六七八九十]+)丁目$")
_CHOME_TYPED = re.compile(r"^([0-9]+|[〇一二三四五六七八九十]+)(丁目|[-‐ー－―の]|番|$)")


@dataclass(frozen=True)
class Point:
    """Where distances are measured from, and the words that say so (「本牧町二丁目（中区）」)."""

    label: str
    latitude: float
    longitude: float
    # What to type (or link) to choose this point again: 「中区本牧町二丁目」.
    query: str = ""


@dataclass
class Found:
    point: Point | None = None
    choices: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Town:
    ward: str
    name: str  # the town without its 丁目: 本牧町
    key: str  # name as compared (fold())
    chome: dict[int, tuple[str, float, float]]  # 丁目 → (block name, lat, lng); 0 when the block has none


def fold(text: str) -> str:
    """Width, spaces and the small ヶ/ケ spelled alike: 鶴ヶ峰 = 鶴ケ峰 = 鶴ｹ峰."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(text.split())
    return text.replace("ヶ", "ケ").replace("ヵ", "カ").replace("が丘", "ケ丘")


def kanji_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 12 → 12."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for char in text:
        value = value * 10 + _KANJI_DIGITS[char]
    return value


def forget(**_kwargs) -> None:
    """A place saved or deleted: build the index again (load_yokohama's bulk insert sends no
    signal; the index is at most CACHE_SECONDS old then)."""
    cache.delete(CACHE_KEY)


def towns() -> list[Town]:
    return _index()[0]


def _index() -> tuple[list[Town], dict[str, tuple[float, float]]]:
    index = cache.get(CACHE_KEY)
    if index is None:
        index = _build()
        cache.set(CACHE_KEY, index, CACHE_SECONDS)
    return index


def _build() -> tuple[list[Town], dict[str, tuple[float, float]]]:
    ward_rows = Place.objects.filter(kind=Kind.WARD).values_list("path", "name", "latitude", "longitude")
    wards = [(path, name) for path, name, _lat, _lng in ward_rows]
    ward_points = {name: (lat, lng) for _path, name, lat, lng in ward_rows if lat is not None and lng is not None}
    grouped: dict[tuple[str, str], dict[int, tuple[str, float, float]]] = {}
    blocks = Place.objects.filter(kind=Kind.BLOCK, latitude__isnull=False, longitude__isnull=False)
    for path, name, lat, lng in blocks.values_list("path", "name", "latitude", "longitude"):
        ward = next((ward_name for ward_path, ward_name in wards if path.startswith(ward_path)), "")
        match = _CHOME_NAME.match(name)
        town, chome = (match.group(1), kanji_number(match.group(2))) if match else (name, 0)
        grouped.setdefault((ward, town), {})[chome] = (name, lat, lng)
    return [Town(ward, town, fold(town), chome) for (ward, town), chome in sorted(grouped.items())], ward_points


def _town_point(town: Town, chome: int | None) -> Point:
    if chome is not None and chome in town.chome:
        name, lat, lng = town.chome[chome]
        return Point(f"{name}（{town.ward}）", lat, lng, f"{town.ward}{name}")
    if len(town.chome) == 1:
        name, lat, lng = next(iter(town.chome.values()))
        return Point(f"{name}（{town.ward}）", lat, lng, f"{town.ward}{name}")
    lat = sum(p[1] for p in town.chome.values()) / len(town.chome)
    lng = sum(p[2] for p in town.chome.values()) / len(town.chome)
    return Point(f"{town.name}（{town.ward}）", lat, lng, f"{town.ward}{town.name}")


def resolve(text: str) -> Found:
    """The 町丁目 point an address or town name names, or the choices when it is not clear."""
    typed = fold(text)
    for prefix in ("神奈川県", "横浜市"):
        typed = typed.removeprefix(prefix)
    index, ward_points = _index()
    named_wards = {ward for ward in ward_points if fold(ward) in typed}
    if named_wards:
        for ward in named_wards:
            typed = typed.replace(fold(ward), "")
        index = [town for town in index if town.ward in named_wards]
    if not typed:
        # A ward alone: its middle, which says little about distances but is what was asked.
        if len(named_wards) == 1:
            ward = next(iter(named_wards))
            return Found(point=Point(ward, *ward_points[ward], ward))
        return Found()

    found = [(typed.find(town.key), town) for town in index if town.key in typed]
    if found:
        # A town at the very start first, then the longest name (日吉本町 over 本町), then the earliest.
        found.sort(key=lambda item: (item[0] != 0, -len(item[1].key), item[0]))
        best = found[0]
        same = [town for position, town in found if town.key == best[1].key and position == best[0]]
        after = typed[best[0] + len(best[1].key):]
        match = _CHOME_TYPED.match(after)
        chome = kanji_number(match.group(1)) if match else None
        if len(same) > 1:
            return Found(choices=[_town_point(town, chome) for town in same[:MAX_CHOICES]])
        return Found(point=_town_point(best[1], chome))

    starting = [town for town in index if town.key.startswith(typed)]
    if len(starting) == 1:
        return Found(point=_town_point(starting[0], None))
    return Found(choices=[_town_point(town, None) for town in starting[:MAX_CHOICES]])


def ward_towns(ward: Place) -> list[Point]:
    """A ward's 町丁目, each its own point, in the order of their names: to choose from a list."""
    points = []
    for town in towns():
        if town.ward != ward.name:
            continue
        for _chome, (name, lat, lng) in sorted(town.chome.items()):
            points.append(Point(name, lat, lng, f"{town.ward}{name}"))
    return points

