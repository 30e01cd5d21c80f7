from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.sheets.records_factory import make_memo, make_sheet
from tsunagu.lib.programme import Pillar


@pytest.fixture
def records(world):
    """簑沢's sheet for this 年度 (two plan items, one memo linked to the first) and 屛風ヶ浦's."""
    sheet = make_sheet(world.minosawa_2so, world.minosawa, vision="誰もが気軽に集える地域",
                       items=[("サロンの立ち上げ支援", Pillar.GATHERING, "第6地区に新しいサロンを1か所"),
                              ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場")])
    first, second = sheet.plan_items.all()
    memo = make_memo(world.minosawa_2so, world.d6, "第6地区サロン準備会", plan_items=[first],
                     content="会場の候補を三つ見に行った。たいそうの会の代表も参加。")
    isogo_sheet = make_sheet(world.byobugaura_2so, world.byobugaura, vision="坂の上でも買い物に困らない")
    return SimpleNamespace(sheet=sheet, first=first, second=second, memo=memo, isogo_sheet=isogo_sheet)
