from __future__ import annotations

from django.db import models

from tsunagu.audit.labels import ACTION_LABELS
from tsunagu.audit.models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The values of some fields, for comparing before and after a change."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def record(*, actor, action: str, target: models.Model, place=None, changes: dict | None = None) -> AuditEntry:
    """Write one entry; call inside the transaction of the change it records."""
    assert action in ACTION_LABELS, action
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor else "",
        action=action,
        place=place,
        place_path=place.path if place is not None else "",
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_repr=str(target)[:300],
        changes=changes or {},
    )
