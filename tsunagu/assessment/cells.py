"""Approximate 町丁目 areas for the choropleth, from the 1,705 town points.

There are no 町丁目 polygons offline. Two ways were weighed: a hexagon grid, and the Voronoi cells
of the town points clipped to each ward's boundary. Voronoi was chosen: each cell is one 町丁目
and carries that 町丁目's own published figures, whereas a hexagon would need people shared out
between hexes by guesswork, and its edges mean nothing to a coordinator who knows the streets.
Cells are built per ward (a point only competes with its own ward's points, so no cell crosses
a ward border) and stored (Cell); the map says 「おおよその区域」 because a cell is not the
町丁目's real boundary (and the ward outlines are simplified to 1 %).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from shapely.geometry import MultiPoint, mapping, shape
from shapely.ops import voronoi_diagram

from tsunagu.assessment.models import Cell
from tsunagu.places.models import Kind, Place

CACHE_KEY = "assessment:cells:{}"
CACHE_SECONDS = 3600


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], 5), round(value[1], 5)]
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


@transaction.atomic
def build(under: Place | None = None) -> int:
    """Compute and store every 町丁目's cell (or only those of the wards under a place); returns how many."""
    wards = Place.objects.filter(kind=Kind.WARD).exclude(boundary=None)
    if under is not None:
        wards = wards.filter(path__startswith=under.path)
        Cell.objects.filter(place__path__startswith=under.path).delete()
    else:
        Cell.objects.all().delete()
    cells = []
    for ward in wards:
        outline = shape(ward.boundary).buffer(0)
        rows = list(Place.objects.filter(kind=Kind.BLOCK, path__startswith=ward.path).exclude(latitude=None)
                    .values_list("pk", "longitude", "latitude"))
        if not rows:
            continue
        points = MultiPoint([(lng, lat) for _pk, lng, lat in rows])
        regions = voronoi_diagram(points, envelope=outline.envelope.buffer(0.05))
        for region in regions.geoms:
            # Each Voronoi region holds exactly one of the points; find whose it is.
            for pk, lng, lat in rows:
                if region.covers(MultiPoint([(lng, lat)]).geoms[0]):
                    clipped = region.intersection(outline)
                    if not clipped.is_empty:
                        cells.append(Cell(place_id=pk, geometry=_rounded(mapping(clipped.simplify(0.0002)))))
                    break
    Cell.objects.bulk_create(cells, batch_size=500)
    cache.delete_many([CACHE_KEY.format(pk) for pk in Place.objects.filter(kind__in=[Kind.CITY, Kind.WARD])
                       .values_list("pk", flat=True)])
    return len(cells)


def ensure_built() -> None:
    if not Cell.objects.exists() and Place.objects.filter(kind=Kind.BLOCK).exists():
        build()


def geometries(place: Place) -> dict[int, dict]:
    """The stored cells of the 町丁目 under a place, by place id (cached per place)."""
    key = CACHE_KEY.format(place.pk)
    found = cache.get(key)
    if found is None:
        found = dict(Cell.objects.filter(place__path__startswith=place.path).values_list("place_id", "geometry"))
        cache.set(key, found, CACHE_SECONDS)
    return found
