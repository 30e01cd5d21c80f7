"""Sheets and memos for the records' tests: 簑沢's sheet for this 年度 with two plan items, and
helpers to write memos as a given account."""

from __future__ import annotations

from datetime import timedelta

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
