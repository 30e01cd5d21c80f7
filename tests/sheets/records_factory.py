"""Sheets and memos for the records' tests: 簑沢's sheet for this 年度 with two plan items and a
memo linked to the first (minosawa_records, the `records` fixtures of tests/memos, tests/sheets
and the browser's drafts test), and helpers to write sheets and memos as a given account."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tsunagu.lib.fiscal import fiscal_year
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos import services as memo_services
from tsunagu.sheets import services as sheet_services
from tsunagu.sheets.models import SectionKey


def this_year() -> int:
    return fiscal_year(timezone.localdate())


def make_sheet(user, place, fy: int | None = None, *, vision: str = "", items=()):
    sheet = sheet_services.sheet_create(user=user, place=place, fiscal_year=fy or this_year())
    if vision:
        section = sheet.section(SectionKey.VISION)
        sheet_services.section_update(user=user, section=section, seen_version=section.version, text=vision,
                                      status="drafting")
    for title, pillar, goal in items:
        sheet_services.plan_item_create(user=user, sheet=sheet, title=title, pillar=pillar, goal=goal)
    return sheet


def make_memo(user, place, title="サロン訪問", *, days_ago: int = 0, **fields):
    fields.setdefault("pillars", [Pillar.GATHERING])
    fields.setdefault("functions", [CoordinatorFunction.NETWORK])
    return memo_services.memo_create(user=user, place=place, title=title,
                                     date=timezone.localdate() - timedelta(days=days_ago), **fields)


def minosawa_records(world) -> SimpleNamespace:
    """簑沢's sheet for this 年度 (two plan items) and a memo at 第6地区 linked to the first item."""
    sheet = make_sheet(world.minosawa_2so, world.minosawa, vision="誰もが気軽に集える地域",
                       items=[("サロンの立ち上げ支援", Pillar.GATHERING, "第6地区に新しいサロンを1か所"),
                              ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場")])
    first, second = sheet.plan_items.all()
    memo = make_memo(world.minosawa_2so, world.d6, "第6地区サロン準備会", plan_items=[first],
                     content="会場の候補を三つ見に行った。たいそうの会の代表も参加。")
    return SimpleNamespace(sheet=sheet, first=first, second=second, memo=memo)
