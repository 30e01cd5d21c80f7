"""Writes to the places tree. Every function checks the policy itself, so that a screen, an
import and a management command cannot differ in what they allow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.people import access, reach
from tsunagu.places.models import ALLOWED_PARENTS, Kind, Place

PLACE_FIELDS = ["kind", "code", "name", "name_kana", "parent", "latitude", "longitude", "note", "booklet_title"]


def check_parent(kind: str, parent: Place | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    if parent is None:
        if allowed:
            raise ValidationError(_("%(kind)sには上位の場所が必要です。") % {"kind": Kind(kind).label})
        return
    if parent.kind not in allowed:
        raise ValidationError(
            _("%(kind)sは%(parent)sの下には置けません。")
            % {"kind": Kind(kind).label, "parent": Kind(parent.kind).label}
        )


def place_create(*, user, parent: Place, kind: str, code: str, name: str, **fields) -> Place:
    if not reach.can(user, access.EDIT_PLACES, parent):
        raise PermissionDenied
    check_parent(kind, parent)
    with transaction.atomic():
        place = Place(parent=parent, kind=kind, code=code, name=name, **fields)
        place.full_clean(exclude=["path"])
        place.save()
        audit.record(actor=user, action="place.create", target=place, place=place,
                     changes=audit.diff({}, audit.snapshot(place, PLACE_FIELDS)))
    return place


def place_update(*, user, place: Place, seen_version: int | None, **fields) -> Place:
    """Change a place's fields; a new parent moves the place with everything under it."""
    if not reach.can_change_place(user, place):
        raise PermissionDenied
    new_parent = fields.get("parent", place.parent)
    if new_parent != place.parent:
        if new_parent is None or not reach.can(user, access.EDIT_PLACES, new_parent):
            raise PermissionDenied
        if new_parent.path.startswith(place.path):
            raise ValidationError(_("場所を自分自身の下に移すことはできません。"))
    check_parent(place.kind, new_parent)
    before = audit.snapshot(place, PLACE_FIELDS)
    for name, value in fields.items():
        setattr(place, name, value)
    with transaction.atomic():
        place.full_clean(exclude=["path"])
        save_if_unchanged(place, seen_version)
        audit.record(actor=user, action="place.update", target=place, place=place,
                     changes=audit.diff(before, audit.snapshot(place, PLACE_FIELDS)))
    return place
