"""Dates on documents and pages: {{ day|wareki }} prints 令和8年12月6日 in Japanese and
6 December 2026 in English (tsunagu/lib/dates.py), so an English page never shows a Japanese era."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from tsunagu.lib import dates, fiscal

register = template.Library()


@register.filter
def wareki(value: date | datetime | None) -> str:
    return dates.document_date(value)


@register.filter
def wareki_short(value: date | datetime | None) -> str:
    """12月6日 (6 Dec): within a document whose period already gives the year."""
    return dates.document_day(value)


@register.filter
def wareki_time(value: datetime | None) -> str:
    return dates.document_datetime(value)


@register.filter
def fiscal_year_label(value: int | date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        value = fiscal.fiscal_year(value)
    if dates.english():
        return dates.fiscal_year_name(int(value))
    return fiscal.fiscal_year_label(int(value))
