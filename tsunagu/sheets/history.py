"""A sheet's 変更の記録 in words: how each change was made, the fields by their labels, statuses
and pillars by name, a plan item's review by the item's title."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.lib.programme import Pillar
from tsunagu.sheets.models import SectionStatus, Sheet, SheetChange

HOW = {"create": gettext_lazy("作成"), "carry": gettext_lazy("前年度から引き継ぎ"), "edit": gettext_lazy("編集"),
       "reopen": gettext_lazy("確認済のあとの編集（作成中に戻る）"),
       "item_add": gettext_lazy("項目を追加"), "item_edit": gettext_lazy("項目を編集"),
       "item_move": gettext_lazy("並べ替え"), "item_remove": gettext_lazy("計画から外す")}
FIELD_LABELS = {"text": gettext_lazy("内容"), "status": gettext_lazy("状態"), "title": gettext_lazy("取組"),
                "pillar": gettext_lazy("柱"), "goal": gettext_lazy("目標"), "review_half": gettext_lazy("上半期の振り返り"),
                "review_year": gettext_lazy("年度末の振り返り"), "order": gettext_lazy("順番")}
SHOWN = 300


def _item_pk(field: str) -> int | None:
    try:
        return int(field.removeprefix("item-"))
    except ValueError:
        return None


def readable(change: SheetChange, titles: dict[int, str]) -> list[tuple[str, list]]:
    """(label, [old, new]) for each field one change changed."""
    names = {**dict(SectionStatus.choices), **dict(Pillar.choices)}
    rows = []
    for field, (old, new) in change.changes.items():
        if field.startswith("item-"):
            title = titles.get(_item_pk(field), "")
            label = _("「%(title)s」の振り返り") % {"title": title} if title else _("計画の項目の振り返り")
        else:
            label = str(FIELD_LABELS.get(field, field))
        if field in ("status", "pillar"):
            old, new = str(names.get(old, old or "")), str(names.get(new, new or ""))
        rows.append((label, [old, new]))
    return rows


def changes_in_words(sheet: Sheet) -> list[SheetChange]:
    """The newest changes, each with .readable and .how_label (a sheet's creation, which changes
    nothing yet, left out)."""
    changes = list(sheet.changes.exclude(how="create", changes={}).select_related("actor")[:SHOWN])
    titles = {item.pk: item.title for item in sheet.plan_items.all()}
    titles.update({c.plan_item_id: c.subject for c in changes if c.plan_item_id and c.plan_item_id not in titles})
    for change in changes:
        change.readable = readable(change, titles)
        change.how_label = HOW.get(change.how, change.how)
    return changes


def who_wrote(sheet: Sheet, sections) -> None:
    """Mark each section with the people behind it, from its changes:

    - .last_edit: the last change to what it says (its text, a review, for 具体的な取組計画 also its
      plan items) — the author shown on the section is the one who wrote it last, not the 1層Co
      who only set 確認済, nor whoever made the sheet;
    - .confirmed: the change that set 確認済, while the section is 確認済;
    - .reopened: the save that took the section out of 確認済, until its status changes again.
    """
    by_key = {s.key: s for s in sections}
    for s in sections:
        s.last_edit = s.confirmed = s.reopened = None
    status_seen: set[str] = set()
    for change in sheet.changes.only("section_key", "plan_item", "how", "at", "actor_name", "changes").order_by("-at", "-pk"):
        section = by_key.get(change.section_key)
        if section is None:
            continue
        if section.last_edit is None and any(k != "status" for k in change.changes):
            section.last_edit = change
        if "status" in change.changes and change.section_key not in status_seen:
            status_seen.add(change.section_key)
            if section.status == SectionStatus.CONFIRMED:
                section.confirmed = change
            elif change.how == "reopen":
                section.reopened = change
