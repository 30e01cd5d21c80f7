"""No silent overwrites: a form carries the version it was based on, and a save whose
version is no longer the stored one is refused, so the second editor sees what changed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class EditConflict(Exception):
    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(
            _("編集中に他の人がこの記録を保存しました。下に表示した相手の変更を確認してから、もう一度保存してください。")
        )


def lock_unchanged(instance: models.Model, seen_version: int | None) -> models.Model:
    """The stored row of instance, locked until the transaction ends; EditConflict if it changed
    since seen_version (None: the caller does not compare, e.g. a restore).

    Call inside transaction.atomic(), then write with version = the returned row's version + 1.
    """
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if seen_version is not None and current.version != int(seen_version):
        raise EditConflict(current)
    return current


def save_if_unchanged(instance: models.Model, seen_version: int | None, **save_kwargs) -> None:
    """Save instance unless its row changed since seen_version; bump the version.

    Call inside transaction.atomic(): the row is locked while it is compared and written.
    """
    current = lock_unchanged(instance, seen_version)
    instance.version = current.version + 1
    instance.save(**save_kwargs)


class VersionField(forms.IntegerField):
    """The hidden version an edit form was based on. Missing or not a whole number, it cleans to 0,
    which no stored row has (versions start at 1): the save is then refused as a conflict, like a
    stale one, instead of skipping the check (issue 11: a POST without the field overwrote
    silently). Forms that also create ignore it when creating."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = super().to_python(value)
        except ValidationError:
            return 0
        return number if number is not None and number > 0 else 0


def rebased(form_class, data, version: int, **kwargs):
    """The same entries, now based on the version someone else just saved: the form shown again
    beside theirs (validated, so its errors show), so that a second 保存 keeps this person's
    knowingly."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form
