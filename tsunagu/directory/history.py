"""A listing's change history in words: field labels, names instead of ids, schedules as people
say them — what 「変更の記録」 shows. The stored versions keep the raw values (for restore)."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from django.utils.translation import gettext as _

from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.models import Category, Listing, Location
from tsunagu.directory.services import LOCATION_FIELDS


def _label(model, name: str) -> str:
    field = model._meta.get_field(name.removesuffix("_id"))
    return str(field.verbose_name)


def _names(model_label: str, ids) -> dict:
    from django.apps import apps

    model = apps.get_model(model_label)
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[i for i in ids if i])}


def _schedule_text(items) -> str:
    if not items:
        return ""
    from datetime import date, time

    def parse(value, kind):
        if not value:
            return None
        return kind.fromisoformat(value) if isinstance(value, str) else value

    rows = []
    for item in items:
        row = dict(item)
        for key in ("dtstart", "until", "valid_from", "valid_to"):
            row[key] = parse(row.get(key), date)
        for key in ("opens_at", "closes_at"):
            row[key] = parse(row.get(key), time)
        rows.append(SimpleNamespace(**row))
    return schedule_rules.describe_all(rows)


def _plain(model, name: str, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return ""
    field = model._meta.get_field(name.removesuffix("_id"))
    if field.is_relation:
        return names.get((field.related_model._meta.label, value), str(value))
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def readable(changes: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for each changed field of one version."""
    wanted: dict[str, set] = {}
    for name, pair in changes.items():
        if name.endswith("_id") and name in _fields():
            related = Listing._meta.get_field(name.removesuffix("_id")).related_model._meta.label
            wanted.setdefault(related, set()).update(v for v in pair if v)
        if name == "location":
            for side in pair:
                if side and side.get("block_id"):
                    wanted.setdefault("places.Place", set()).add(side["block_id"])
    names = {(label, pk): text for label, ids in wanted.items() for pk, text in _names(label, ids).items()}
    categories = dict(Category.objects.values_list("code", "name"))
    rows: list[tuple[str, str, str]] = []
    for name, (before, after) in changes.items():
        if name == "categories":
            rows.append((_("分類"), "、".join(categories.get(c, c) for c in before or []),
                         "、".join(categories.get(c, c) for c in after or [])))
        elif name == "schedules":
            rows.append((_("日時"), _schedule_text(before), _schedule_text(after)))
        elif name == "location":
            before, after = before or {}, after or {}
            for sub in LOCATION_FIELDS:
                if before.get(sub) != after.get(sub):
                    rows.append((_("会場") + "・" + _label(Location, sub), _plain(Location, sub, before.get(sub), names),
                                 _plain(Location, sub, after.get(sub), names)))
        elif name in _fields():
            rows.append((_label(Listing, name), _plain(Listing, name, before, names),
                         _plain(Listing, name, after, names)))
        else:  # a field since removed: its stored name and values
            rows.append((name, str(before or ""), str(after or "")))
    return rows


@cache
def _fields() -> frozenset[str]:
    return frozenset({f.attname for f in Listing._meta.concrete_fields} | {f.name for f in Listing._meta.concrete_fields})
