"""The figures an area assessment reads, per 町丁目, district, CP area, ward and the city.

- population, 65+, 75+, 85+, 高齢化率 (65+ / population) and 後期高齢者率 (75+ / population);
- the change between two dates;
- resources (directory listings that are running and not drafts) per 1,000 people 65+, by pillar
  and category;
- for each 町丁目, the straight-line distance from its point to the nearest salon / 通いの場, meal
  gathering, and shop or mobile-sales site (TARGETS), through a grid index: the city's 1,705
  points against 10,000 listings look only at nearby cells, never at every pair.

Wards and the city read their own published totals (which count the people of suppressed 町丁目);
CP areas and districts are the sum of their 町丁目.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from tsunagu.assessment.models import Population, Source
from tsunagu.places.models import Kind, Place

# What "nothing of a pillar nearby" looks for: the directory's categories (directory/taxonomy.py).
TARGETS: dict[str, dict] = {
    "salon": {"label": _("サロン・通いの場"), "codes": ("salon", "ibasho", "ninchisho-cafe", "taiso")},
    "meal": {"label": _("会食"), "codes": ("kaishoku", "kodomo-shokudo")},
    "shopping": {"label": _("買物・移動販売"), "codes": ("kaimono", "idou-hanbai")},
}
GRID_METRES = 500
SEARCH_LIMIT_METRES = 5000
_M_PER_DEG_LAT = 111_320.0


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Figures:
    name: str
    population: int = 0
    aged_65: int = 0
    aged_75: int = 0
    aged_85: int = 0
    suppressed: bool = False
    place_id: int | None = None
    kind: str = ""

    @property
    def aging_rate(self) -> float | None:
        return _rate(self.aged_65, self.population)

    @property
    def late_elderly_rate(self) -> float | None:
        return _rate(self.aged_75, self.population)

    def as_dict(self) -> dict:
        return {"name": self.name, "population": self.population, "aged_65": self.aged_65, "aged_75": self.aged_75,
                "aged_85": self.aged_85, "aging_rate": self.aging_rate, "late_elderly_rate": self.late_elderly_rate,
                "suppressed": self.suppressed}


def _from_row(place: Place, row) -> Figures:
    return Figures(place.name, row.total, row.aged_65, row.aged_75, row.aged_85, row.suppressed, place.pk, place.kind)


def latest_date(source: str = Source.CHOCHO) -> date | None:
    return Population.objects.filter(source=source).order_by("-date").values_list("date", flat=True).first()


def dates(source: str = Source.CHOCHO) -> list[date]:
    return list(Population.objects.filter(source=source).order_by("-date").values_list("date", flat=True).distinct())


def area(place: Place, day: date, source: str = Source.CHOCHO) -> Figures | None:
    """An area's figures: its own row (city, ward, 町丁目) or the sum of its 町丁目."""
    own = Population.objects.filter(place=place, date=day, source=source).first()
    if own is not None:
        return _from_row(place, own)
    rows = Population.objects.on(day, source).under(place).blocks()
    if not rows.exists():
        return None
    sums = rows.totals()
    return Figures(place.name, sums["total"], sums["aged_65"], sums["aged_75"], sums["aged_85"],
                   place_id=place.pk, kind=place.kind)


def change(place: Place, before: date, after: date) -> dict | None:
    """Each figure at both dates and the difference (after − before)."""
    a, b = area(place, before), area(place, after)
    if a is None or b is None:
        return None
    out = {}
    for key in ("population", "aged_65", "aged_75", "aged_85", "aging_rate", "late_elderly_rate"):
        x, y = getattr(a, key), getattr(b, key)
        out[key] = {"before": x, "after": y, "change": None if x is None or y is None else round(y - x, 1)}
    return out


def city_and_wards(day: date, source: str = Source.CHOCHO) -> list[dict]:
    """The city first, then each ward in code order — what area_summary prints."""
    rows = (Population.objects.on(day, source).filter(place__kind__in=[Kind.CITY, Kind.WARD])
            .select_related("place").order_by("place__depth", "place__code"))
    return [{"code": r.place.code, **_from_row(r.place, r).as_dict()} for r in rows]


def blocks(place: Place, day: date, source: str = Source.CHOCHO) -> list[Figures]:
    """Each 町丁目 under the place with its figures (those without any imported row too, as 0)."""
    rows = {r.place_id: r for r in Population.objects.on(day, source).under(place).blocks()
            .only("place_id", "total", "aged_65", "aged_75", "aged_85", "suppressed")}
    out = []
    for pk, name in Place.objects.filter(kind=Kind.BLOCK, path__startswith=place.path).values_list("pk", "name"):
        row = rows.get(pk)
        if row is None:
            out.append(Figures(name, place_id=pk, kind=Kind.BLOCK, suppressed=True))
        else:
            out.append(Figures(name, row.total, row.aged_65, row.aged_75, row.aged_85, row.suppressed, pk, Kind.BLOCK))
    return out


def sub_areas(place: Place, day: date, kind: str, source: str = Source.CHOCHO) -> list[Figures]:
    """The figures of each place of a kind under this one (each CP area of a ward…), in one
    read of the 町丁目 rows, summed by the areas' paths."""
    areas = list(Place.objects.filter(kind=kind, path__startswith=place.path).only("pk", "name", "path", "kind"))
    own = {r.place_id: r for r in Population.objects.on(day, source).filter(place__in=areas)}
    sums: dict[int, Figures] = {a.pk: Figures(a.name, place_id=a.pk, kind=kind) for a in areas}
    by_prefix = {a.path: a.pk for a in areas}
    for path, total, a65, a75, a85, suppressed in (Population.objects.on(day, source).under(place).blocks()
                                                   .values_list("place__path", "total", "aged_65", "aged_75", "aged_85",
                                                                "suppressed")):
        if suppressed:
            continue
        parts = path.strip("/").split("/")
        for i in range(len(parts), 0, -1):
            pk = by_prefix.get("/" + "/".join(parts[:i]) + "/")
            if pk is not None:
                f = sums[pk]
                f.population += total
                f.aged_65 += a65
                f.aged_75 += a75
                f.aged_85 += a85
                break
    for a in areas:
        if a.pk in own:
            sums[a.pk] = _from_row(a, own[a.pk])
    return sorted(sums.values(), key=lambda f: f.name)


# --- resources --------------------------------------------------------------------------------


@dataclass
class Resource:
    listing_id: int
    latitude: float | None
    longitude: float | None
    path: str
    codes: set[str] = field(default_factory=set)


def resources() -> dict[int, Resource]:
    """Every running, non-draft listing with its categories and point (its venue's, or its
    町丁目's when it has no venue) — one read, grouped here."""
    from tsunagu.directory.models import Listing, Status, Visibility

    rows = (Listing.objects.exclude(status=Status.ENDED).exclude(visibility=Visibility.DRAFT)
            .values_list("pk", "location__latitude", "location__longitude", "place__latitude", "place__longitude",
                         "place__path", "categories__code", "categories__parent__code"))
    out: dict[int, Resource] = {}
    for pk, lat, lng, plat, plng, path, code, parent in rows:
        res = out.get(pk)
        if res is None:
            point = (lat, lng) if lat is not None and lng is not None else (plat, plng)
            res = out[pk] = Resource(pk, point[0], point[1], path or "")
        if code:
            res.codes.add(code)
        if parent:
            res.codes.add(parent)
    return out


def per_thousand_aged(place: Place, aged_65: int, found: dict[int, Resource] | None = None) -> list[dict]:
    """Listings in the area per 1,000 people 65+, by pillar and by category."""
    from tsunagu.directory.models import Category

    found = resources() if found is None else found
    inside = [r for r in found.values() if r.path.startswith(place.path)]
    counts: dict[str, int] = defaultdict(int)
    for r in inside:
        for code in r.codes:
            counts[code] += 1
    out = []
    categories = list(Category.objects.order_by("sort_order", "pk"))
    for pillar in (c for c in categories if c.parent_id is None):
        # Each pillar, then its categories that have listings here (the pillar row counts each listing once
        # only if it is filed under the pillar itself or a category of it).
        n = counts.get(pillar.code, 0)
        out.append({"code": pillar.code, "name": pillar.name, "pillar": "", "is_pillar": True, "count": n,
                    "per_thousand": round(n * 1000 / aged_65, 2) if aged_65 else None})
        for cat in (c for c in categories if c.parent_id == pillar.pk and counts.get(c.code)):
            n = counts[cat.code]
            out.append({"code": cat.code, "name": cat.name, "pillar": pillar.name, "is_pillar": False, "count": n,
                        "per_thousand": round(n * 1000 / aged_65, 2) if aged_65 else None})
    return out


# --- distances --------------------------------------------------------------------------------


class GridIndex:
    """Points bucketed in square cells of GRID_METRES; nearest() widens the ring of cells until
    no nearer point can lie outside it."""

    def __init__(self, points: list[tuple[float, float]], lat0: float = 35.45):
        self.kx = _M_PER_DEG_LAT * math.cos(math.radians(lat0))
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
        for lat, lng in points:
            x, y = lng * self.kx, lat * _M_PER_DEG_LAT
            self.cells[(int(x // GRID_METRES), int(y // GRID_METRES))].append((x, y))

    def nearest(self, lat: float, lng: float, limit: float = SEARCH_LIMIT_METRES) -> float | None:
        if not self.cells:
            return None
        x, y = lng * self.kx, lat * _M_PER_DEG_LAT
        cx, cy = int(x // GRID_METRES), int(y // GRID_METRES)
        best = math.inf
        rings = int(limit // GRID_METRES) + 1
        for r in range(rings + 1):
            # Every point outside ring r is at least (r) cells away.
            if best <= r * GRID_METRES - GRID_METRES:
                break
            for i in range(cx - r, cx + r + 1):
                for j in (range(cy - r, cy + r + 1) if i in (cx - r, cx + r) else (cy - r, cy + r)):
                    for px, py in self.cells.get((i, j), ()):
                        d = math.hypot(px - x, py - y)
                        if d < best:
                            best = d
        return round(best) if best <= limit else None


def target_indexes(found: dict[int, Resource] | None = None) -> dict[str, GridIndex]:
    found = resources() if found is None else found
    out = {}
    for key, target in TARGETS.items():
        codes = set(target["codes"])
        out[key] = GridIndex([(r.latitude, r.longitude) for r in found.values()
                              if r.latitude is not None and r.codes & codes])
    return out


def nearest_by_block(place: Place, indexes: dict[str, GridIndex] | None = None) -> dict[int, dict[str, int | None]]:
    """For each 町丁目 under the place: metres to the nearest of each target (None: none within
    SEARCH_LIMIT_METRES)."""
    indexes = target_indexes() if indexes is None else indexes
    out = {}
    for pk, lat, lng in (Place.objects.filter(kind=Kind.BLOCK, path__startswith=place.path)
                         .exclude(latitude=None).values_list("pk", "latitude", "longitude")):
        out[pk] = {key: index.nearest(lat, lng) for key, index in indexes.items()}
    return out


# --- gaps -------------------------------------------------------------------------------------


@dataclass
class Gap:
    block: Figures
    distance: int | None  # metres to the nearest of the target; None: nothing within the search limit


def gaps(place: Place, day: date, target: str, within: int = 500, min_aged_75: int = 100,
         indexes: dict[str, GridIndex] | None = None) -> list[Gap]:
    """The 町丁目 with at least min_aged_75 people 75+ and nothing of the target within `within`
    metres — most people 75+ first: candidates for a salon or a mobile-sales site."""
    if target not in TARGETS:
        raise ValueError(target)
    indexes = target_indexes() if indexes is None else indexes
    index = indexes[target]
    points = dict((pk, (lat, lng)) for pk, lat, lng in Place.objects.filter(
        kind=Kind.BLOCK, path__startswith=place.path).exclude(latitude=None).values_list("pk", "latitude", "longitude"))
    out = []
    for figures in blocks(place, day):
        if figures.suppressed or figures.aged_75 < min_aged_75 or figures.place_id not in points:
            continue
        distance = index.nearest(*points[figures.place_id])
        if distance is None or distance > within:
            out.append(Gap(figures, distance))
    out.sort(key=lambda g: (-g.block.aged_75, g.block.name))
    return out
