"""What the assessment page and its A4 report show, computed once for both: the area beside its
ward and the city, its parts, resources per 1,000 people 65+, the gaps, the choropleth (as data
for Leaflet, and as an SVG for paper), the registered sections and the reading."""

from __future__ import annotations

import math
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from tsunagu.assessment import cells, indicators, sections
from tsunagu.assessment.models import Reading
from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.places.models import Kind, Place

MAP_INDICATORS = {
    "aging_rate": _("高齢化率（%）"),
    "late_elderly_rate": _("後期高齢者率（%）"),
    "aged_75": _("75歳以上の人数"),
    "aged_85": _("85歳以上の人数"),
    "population": _("人口"),
}
PALETTE = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
SUB_KIND = {Kind.CITY: Kind.WARD, Kind.WARD: Kind.CP_AREA, Kind.CP_AREA: Kind.DISTRICT}
GAP_LIMIT = 20


def comparison(place: Place, day: date) -> list[indicators.Figures]:
    """The area, then its ward, then the city (each once)."""
    out = []
    for p in [place, place.ancestor_of_kind(Kind.WARD), place.ancestor_of_kind(Kind.CITY)]:
        if p is not None and all(f.place_id != p.pk for f in out):
            figures = indicators.area(p, day)
            if figures is not None:
                out.append(figures)
    return out


def context(place: Place, day: date, *, gap_form=None, user=None) -> dict:
    found = indicators.resources()
    indexes = indicators.target_indexes(found)
    figures = indicators.area(place, day)
    parts = []
    kind = SUB_KIND.get(place.kind)
    if kind:
        parts = indicators.sub_areas(place, day, kind)
    if not parts:
        parts = sorted((b for b in indicators.blocks(place, day)), key=lambda f: -(f.aging_rate or 0))[:40]
    target, within, min_75 = "salon", 500, 100
    if gap_form is not None and gap_form.is_bound and gap_form.is_valid():
        target, within, min_75 = (gap_form.cleaned_data["target"], gap_form.cleaned_data["within"],
                                  gap_form.cleaned_data["min_aged_75"])
    gaps = indicators.gaps(place, day, target, within, min_75, indexes=indexes)
    earlier = [d for d in indicators.dates() if d < day]
    return {
        "figures": figures,
        "comparison": comparison(place, day),
        "parts": parts,
        "resources": indicators.per_thousand_aged(place, figures.aged_65 if figures else 0, found),
        "gaps": gaps[:GAP_LIMIT],
        "gap_count": len(gaps),
        "gap_target": indicators.TARGETS[target]["label"],
        "gap_within": within,
        "gap_min_75": min_75,
        "change": indicators.change(place, earlier[0], day) if earlier else None,
        "change_from": earlier[0] if earlier else None,
        "sections": sections.for_area(place, user),
    }


def _breaks(values: list[float]) -> list[float]:
    """Quantile class breaks (five classes) of the known values."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return []
    return [known[min(len(known) - 1, int(len(known) * q / 5))] for q in range(1, 5)]


def _colour(value, breaks) -> str:
    if value is None:
        return "#cccccc"
    for i, b in enumerate(breaks):
        if value < b:
            return PALETTE[i]
    return PALETTE[len(breaks)] if breaks else PALETTE[2]


CHOROPLETH_CACHE_SECONDS = 300


def choropleth(place: Place, day: date, indicator: str) -> dict:
    """GeoJSON-like data for the map page: cells with value and colour, legend, resources.
    Cached for a few minutes per place, date and indicator: the cells are stored, the figures
    change only with an import, and a listing added shows on the map within CHOROPLETH_CACHE_SECONDS."""
    from django.core.cache import cache

    from tsunagu.assessment.models import PopulationImport

    # The latest import in the key: figures imported again are never served from before.
    generation = PopulationImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"assessment:choropleth:{place.pk}:{day.isoformat()}:{indicator}:{generation}"
    data = cache.get(key)
    if data is None:
        data = _choropleth(place, day, indicator)
        cache.set(key, data, CHOROPLETH_CACHE_SECONDS)
    return data


def _choropleth(place: Place, day: date, indicator: str) -> dict:
    geometries = cells.geometries(place)
    rows = indicators.blocks(place, day)
    values = {f.place_id: (None if f.suppressed else getattr(f, indicator)) for f in rows}
    breaks = _breaks(list(values.values()))
    features = []
    for f in rows:
        geometry = geometries.get(f.place_id)
        if geometry is None:
            continue
        value = values[f.place_id]
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"name": f.name, "value": value, "colour": _colour(value, breaks),
                                        "population": None if f.suppressed else f.population,
                                        "aged_75": None if f.suppressed else f.aged_75}})
    legend = []
    bounds = [None, *breaks, None]
    for i in range(len(breaks) + 1):
        legend.append({"colour": PALETTE[i], "from": bounds[i], "to": bounds[i + 1]})
    resources = []
    for r in indicators.resources().values():
        if r.latitude is None or not r.path.startswith(place.path):
            continue
        kind = next((k for k, t in indicators.TARGETS.items() if r.codes & set(t["codes"])), None)
        if kind:
            resources.append([round(r.latitude, 5), round(r.longitude, 5), kind])
    return {"type": "FeatureCollection", "features": features, "legend": legend,
            "indicator": str(MAP_INDICATORS[indicator]), "date": day.isoformat(),
            "no_value": {"colour": "#cccccc", "label": str(_("秘匿・人口なし"))},
            "targets": {k: str(t["label"]) for k, t in indicators.TARGETS.items()}, "resources": resources}


def svg_map(place: Place, day: date, indicator: str = "aging_rate", width: int = 640) -> dict:
    """The same choropleth for paper, as SVG paths (no JavaScript in a PDF)."""
    data = choropleth(place, day, indicator)
    coords = []

    def rings(geometry):
        polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        return [poly[0] for poly in polys]

    for feature in data["features"]:
        for ring in rings(feature["geometry"]):
            coords.extend(ring)
    if not coords:
        return {"paths": [], "width": width, "height": 0, "legend": data["legend"], "indicator": data["indicator"]}
    k = math.cos(math.radians(sum(c[1] for c in coords) / len(coords)))
    x0, x1 = min(c[0] for c in coords) * k, max(c[0] for c in coords) * k
    y0, y1 = min(c[1] for c in coords), max(c[1] for c in coords)
    scale = (width - 10) / max(x1 - x0, 1e-9)
    height = int((y1 - y0) * scale) + 10

    def project(lng, lat):
        return f"{(lng * k - x0) * scale + 5:.1f},{(y1 - lat) * scale + 5:.1f}"

    paths = []
    for feature in data["features"]:
        d = " ".join("M" + " L".join(project(*c) for c in ring) + " Z" for ring in rings(feature["geometry"]))
        paths.append({"d": d, "fill": feature["properties"]["colour"], "name": feature["properties"]["name"]})
    dots = [{"x": project(lng, lat).split(",")[0], "y": project(lng, lat).split(",")[1], "kind": kind}
            for lat, lng, kind in data["resources"]]
    return {"paths": paths, "dots": dots, "width": width, "height": height, "legend": data["legend"],
            "indicator": data["indicator"]}


def pdf(place: Place, day: date, *, user=None) -> Rendered:
    cells.ensure_built()
    ctx = context(place, day, user=user)
    ctx.update({"place": place, "day": day, "map": svg_map(place, day),
                "reading": Reading.objects.filter(place=place).first()})
    from django.conf import settings

    static = settings.BASE_DIR / "static"
    # The report's own stylesheet, then each section's (the surveys' charts are coloured by class).
    css = [(static / "css" / "assessment-report.css").read_text(encoding="utf-8")]
    css += [(static / s["stylesheet"]).read_text(encoding="utf-8") for s in ctx["sections"] if s["stylesheet"]]
    return render_pdf(render_to_string("assessment/report_pdf.html", ctx), stylesheets=css)
