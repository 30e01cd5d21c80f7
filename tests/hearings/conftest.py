"""Hearings for the cast of tests/conftest.py: 中区's item set (神奈川区's six items) and its
上半期 round with sheets for 簑沢 and 本牧; 磯子区's own set and round with 屛風ヶ浦's sheet."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from tests.shared_rows import shareable
from tsunagu.hearings import services
from tsunagu.hearings.services import ItemInput

ITEMS = ["通いの場", "生活支援", "見守り", "移動支援・移動販売", "地域支援・地福計画", "個別相談の傾向"]


def items(*titles: str) -> list[ItemInput]:
    return [ItemInput(title=t, prompt=f"{t}について聞きます") for t in titles]


def make_hearings(world):
    naka_set = services.hearing_set_create(user=world.naka_1so, ward=world.naka, name="2層Coヒアリング",
                                           items=items(*ITEMS))
    naka_round = services.hearing_round_open(user=world.naka_1so, item_set=naka_set, name="令和8年度 上半期ヒアリング",
                                             starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 31),
                                             areas=[world.minosawa, world.honmoku])
    isogo_set = services.hearing_set_create(user=world.isogo_1so, ward=world.isogo, name="磯子区ヒアリング",
                                            items=items("通いの場", "見守り"))
    isogo_round = services.hearing_round_open(user=world.isogo_1so, item_set=isogo_set, name="磯子区 上半期",
                                              starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 31),
                                              areas=[world.byobugaura])
    return SimpleNamespace(
        set=naka_set, round=naka_round, isogo_set=isogo_set, isogo_round=isogo_round,
        minosawa=naka_round.sheets.get(area=world.minosawa), honmoku=naka_round.sheets.get(area=world.honmoku),
        byobugaura=isogo_round.sheets.get(),
    )


_hearings_rows, hearings = shareable("hearings", make_hearings)


def answers_for(sheet, **by_title: str) -> dict[int, str]:
    """Answers keyed by item id, from item titles."""
    by_id = {i.title: i.pk for i in sheet.round.asked_items()}
    return {by_id[title]: text for title, text in by_title.items()}
