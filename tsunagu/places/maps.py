"""Small server-drawn maps (SVG) of the places tree: no tile server, no JavaScript.

A ward's outline with its 町丁目 as dots, the place being looked at highlighted; at city level
the wards side by side. Longitude is scaled by the cosine of the latitude, which is exact
enough at the scale of a city.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tsunagu.places.models import Kind, Place

WIDTH = 640


@dataclass
class Shape:
    d: str
    label: str = ""
    url: str = ""
    highlight: bool = False
    label_x: float = 0
    label_y: float = 0


@dataclass
class Dot:
    x: float
    y: float
    highlight: bool


@dataclass
class Map:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    description: str = ""


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


class _Projection:
    def __init__(self, lons: list[float], lats: list[float]):
        self.k = math.cos(math.radians(sum(lats) / len(lats)))
        self.x0, self.x1 = min(lons) * self.k, max(lons) * self.k
        self.y0, self.y1 = min(lats), max(lats)
        span = max(self.x1 - self.x0, 1e-9)
        self.scale = (WIDTH - 20) / span
        self.height = int((self.y1 - self.y0) * self.scale) + 20

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon * self.k - self.x0) * self.scale + 10, 1), round((self.y1 - lat) * self.scale + 10, 1))


def _path(rings, project) -> str:
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def place_map(place: Place, visible) -> Map | None:
    """The map for a place page, or None where there is nothing to draw."""
    from django.urls import reverse

    if place.kind == Kind.CITY:
        wards = list(visible.filter(parent=place, kind=Kind.WARD).exclude(boundary=None))
        if not wards:
            return None
        rings = [(w, _rings(w.boundary)) for w in wards]
        coords = [c for _, rs in rings for r in rs for c in r]
        project = _Projection([c[0] for c in coords], [c[1] for c in coords])
        result = Map(width=WIDTH, height=project.height, description=_("%(name)sの区の地図") % {"name": place.name})
        for ward, ward_rings in rings:
            x, y = project(ward.longitude, ward.latitude) if ward.latitude else (0, 0)
            result.shapes.append(Shape(d=_path(ward_rings, project), label=ward.name,
                                       url=reverse("places:detail", args=[ward.pk]), label_x=x, label_y=y))
        return result

    ward = place.ancestor_of_kind(Kind.WARD)
    if ward is None or not ward.boundary:
        return None
    ward_rings = _rings(ward.boundary)
    coords = [c for r in ward_rings for c in r]
    project = _Projection([c[0] for c in coords], [c[1] for c in coords])
    result = Map(
        width=WIDTH,
        height=project.height,
        description=(
            _("%(ward)sの地図。点は町丁目です。") % {"ward": ward.name}
            if place.pk == ward.pk
            else _("%(ward)sの地図。%(place)sの町丁目を濃い色の点で示しています。")
            % {"ward": ward.name, "place": place.name}
        ),
    )
    result.shapes.append(Shape(d=_path(ward_rings, project), highlight=place.pk == ward.pk))
    blocks = visible.filter(kind=Kind.BLOCK, path__startswith=ward.path).exclude(latitude=None)
    for path, lat, lon in blocks.values_list("path", "latitude", "longitude"):
        x, y = project(lon, lat)
        result.dots.append(Dot(x=x, y=y, highlight=path.startswith(place.path) and place.pk != ward.pk))
    return result
