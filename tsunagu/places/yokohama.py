"""Yokohama's base data: the city, its 18 wards with official codes and boundaries, and the
1,705 町丁目 points, read from the copies in places/data (credits in data/CREDITS.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from shapely.geometry import shape

from tsunagu.lib.japanese import search_text
from tsunagu.places.models import Kind, Place

DATA_DIR = Path(__file__).resolve().parent / "data"
CITY_CODE = "14100"
CITY_NAME = "横浜市"


def block_code(ward_code: str, town: str, koaza: str = "") -> str:
    return f"{ward_code}-{town}{koaza}"


@transaction.atomic
def load_base_data() -> dict[str, int]:
    """Create or refresh the city, wards and blocks. Running it twice changes nothing.

    Blocks that staff have re-attached under a CP area or district stay where they are.
    """
    city, _ = Place.objects.update_or_create(
        code=CITY_CODE,
        defaults={"kind": Kind.CITY, "name": CITY_NAME, "name_kana": "よこはまし", "parent": None},
    )
    features = json.loads((DATA_DIR / "yokohama_wards.geojson").read_text(encoding="utf-8"))["features"]
    wards: dict[str, Place] = {}
    for feature in features:
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        point = geometry.representative_point()
        ward, _ = Place.objects.update_or_create(
            code=props["N03_007"],
            defaults={
                "kind": Kind.WARD,
                "name": props["N03_004"],
                "parent": city,
                "boundary": feature["geometry"],
                "latitude": round(point.y, 6),
                "longitude": round(point.x, 6),
            },
        )
        wards[ward.name] = ward

    existing = set(Place.objects.filter(kind=Kind.BLOCK).values_list("code", flat=True))
    new_blocks: list[Place] = []
    for path in sorted((DATA_DIR / "town_points").glob("横浜市*.json")):
        ward = wards[path.stem.removeprefix(CITY_NAME)]
        for item in json.loads(path.read_text(encoding="utf-8")):
            code = block_code(ward.code, item["town"], item.get("koaza") or "")
            if code in existing:
                continue
            existing.add(code)
            block = Place(
                kind=Kind.BLOCK,
                code=code,
                name=item["town"] + (item.get("koaza") or ""),
                parent=ward,
                latitude=item["lat"],
                longitude=item["lng"],
                depth=ward.depth + 1,
            )
            block.search_text = search_text(block.name, code)
            new_blocks.append(block)
    # 1,705 rows: insert in bulk, then give each its path (which needs its key).
    Place.objects.bulk_create(new_blocks, batch_size=500)
    ward_paths = {w.pk: w.path for w in wards.values()}
    created = list(Place.objects.filter(kind=Kind.BLOCK, path=""))
    for block in created:
        block.path = f"{ward_paths[block.parent_id]}{block.pk}/"
    Place.objects.bulk_update(created, ["path"], batch_size=500)
    return {
        "wards": len(wards),
        "blocks": Place.objects.filter(kind=Kind.BLOCK, path__startswith=city.path).count(),
        "new_blocks": len(new_blocks),
    }
