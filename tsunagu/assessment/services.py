"""Writes of 地域アセスメント: the coordinator's reading of an area."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tsunagu.assessment import access
from tsunagu.assessment.models import Reading
from tsunagu.lib.concurrency import EditConflict
from tsunagu.people import policy


@transaction.atomic
def save_reading(user, place, text: str, seen_version: int | None) -> Reading:
    """Write the reading; refused where the person may not write, and when someone else saved
    it since the form was opened (EditConflict, nothing overwritten)."""
    if not policy.can_at(user, access.WRITE, place):
        raise PermissionDenied
    reading, created = Reading.objects.select_for_update().get_or_create(place=place)
    if not created and seen_version is not None and reading.version != seen_version:
        raise EditConflict(reading)
    reading.text = text.strip()
    reading.written_by = getattr(user, "display_name", "") or user.get_username()
    reading.version = reading.version + (0 if created else 1)
    reading.save()
    return reading
