"""A sheet's fields in words — its status and one answer per item, labelled with the item's title —
for the 変更の記録 and the conflict screen."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tsunagu.hearings.models import HearingItem, SheetStatus
from tsunagu.hearings.services import item_key
from tsunagu.lib.conflicts import Field, choice_field, text_field


def fields(items: list[HearingItem]) -> list[Field]:
    # The status is the button just pressed (記入中 / 提出済): on a conflict it starts as the person's own.
    return [choice_field("status", _("状態"), SheetStatus.choices, prefer_mine=True),
            *(text_field(item_key(i), i.title) for i in items)]


def readable(changes: dict, items: list[HearingItem]) -> list[tuple[str, str, str]]:
    rows = []
    for f in fields(items):
        if f.name in changes:
            before, after = changes[f.name]
            rows.append((f.label, f.show(before), f.show(after)))
    return rows
