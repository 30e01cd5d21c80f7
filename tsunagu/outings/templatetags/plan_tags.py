"""Filters of the dispatch plan's screens and papers."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock(minutes) -> str:
    """Minutes from 00:00 as a time of day: 545.2 → 9:05."""
    try:
        m = int(round(float(minutes)))
    except (TypeError, ValueError):
        return ""
    return f"{m // 60}:{m % 60:02d}"
