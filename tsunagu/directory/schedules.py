"""Placeholder replaced by the schedule engine (occurrences, next dates, Japanese wording)."""

from __future__ import annotations


def describe(schedule) -> str:
    return schedule.notes or ""
