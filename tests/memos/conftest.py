from __future__ import annotations

from tests.shared_rows import shareable
from tests.sheets.records_factory import make_memo, minosawa_records
from tsunagu.lib.programme import Pillar


def make_records(world):
    """簑沢's sheet for this 年度 (two plan items, one memo linked to the first) and a memo of 磯子区."""
    records = minosawa_records(world)
    records.isogo_memo = make_memo(world.byobugaura_2so, world.kuraki, "久良岐丘の移動販売の相談",
                                   pillars=[Pillar.DAILY_SUPPORT])
    return records


_records_rows, records = shareable("records", make_records)
