from __future__ import annotations

from tests.shared_rows import shareable
from tests.sheets.records_factory import make_sheet, minosawa_records


def make_records(world):
    """簑沢's sheet for this 年度 (two plan items, one memo linked to the first) and 屛風ヶ浦's."""
    records = minosawa_records(world)
    records.isogo_sheet = make_sheet(world.byobugaura_2so, world.byobugaura, vision="坂の上でも買い物に困らない")
    return records


_records_rows, records = shareable("records", make_records)
