from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from tsunagu.lib import fiscal

register = template.Library()


@register.filter
def wareki(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return fiscal.wareki_date(value)


@register.filter
def fiscal_year_label(value: int | date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        value = fiscal.fiscal_year(value)
    return fiscal.fiscal_year_label(int(value))
