"""Fetching one object from a queryset already narrowed to what the person may see."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404


def one_or_404(queryset: QuerySet, pk) -> Model:
    """The object with this key in the queryset, or 404 — also when the key is not a number
    (a hand-edited address), so that a guess tells nothing about what exists."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
