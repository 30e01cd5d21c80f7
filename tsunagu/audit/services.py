from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.audit.models import AuditEntry

ACTION_LABELS = {
    "place.create": _("場所を登録"),
    "place.update": _("場所を変更"),
    "place.import": _("場所を取り込み"),
    "organisation.create": _("団体を登録"),
    "organisation.update": _("団体を変更"),
    "user.create": _("アカウントを作成"),
    "user.update": _("アカウントを変更"),
    "user.password": _("仮パスワードを設定"),
    "user.unlock": _("ロックを解除"),
    "user.activate": _("アカウントを有効化"),
    "user.deactivate": _("アカウントを無効化"),
    "membership.add": _("所属を追加"),
    "membership.end": _("所属を終了"),
    "category.create": _("分類を追加"),
    "category.update": _("分類を変更"),
    "category.delete": _("分類を削除"),
}


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
