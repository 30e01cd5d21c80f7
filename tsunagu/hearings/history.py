"""A sheet's fields in words — its status and one answer per item, labelled with the item's title —
for the 変更の記録 and the conflict screen."""

from __future__ import annotations

from tsunagu.district_plans.conflicts import Field, clean_text
from tsunagu.hearings.models import HearingItem, SheetStatus
from tsunagu.hearings.services import item_key


def _status(value) -> str:
    return str(SheetStatus(value).label) if value in SheetStatus.values else str(value or "")


def _strip(text: str) -> str:
    return clean_text(text)


def fields(items: list[HearingItem]) -> list[Field]:
    from django.utils.translation import gettext as _

    return [Field("status", _("状態"), show=_status, prefer_mine=True),
            *(Field(item_key(i), i.title, show=lambda v: str(v or ""), parse=_strip) for i in items)]


def readable(changes: dict, items: list[HearingItem]) -> list[tuple[str, str, str]]:
    rows = []
    for f in fields(items):
        if f.name in changes:
            before, after = changes[f.name]
            rows.append((f.label, f.show(before), f.show(after)))
    return rows
