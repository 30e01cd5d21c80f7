"""Dates as the city's documents print them, in the reader's language.

Documents (the liaison-meeting pack, the sheets, letters) are read in Japanese with 和暦:
令和8年12月6日, 令和8年度. A person who picked English reads "6 December 2026" and "FY2026", never
a Japanese era mixed into English words. Every date on one document comes from here, so that one
page never mixes 2026-12-06, 12/6 and 令和8年12月6日.

The template filters in tsunagu/lib/templatetags/japanese.py (wareki, wareki_short, wareki_time)
call these.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

from tsunagu.lib import fiscal

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def english() -> bool:
    return (get_language() or "ja").startswith("en")


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def document_date(value: date | datetime | None) -> str:
    """令和8年12月6日 (English: 6 December 2026)."""
    if not value:
        return ""
    day = _day(value)
    if english():
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return fiscal.wareki_date(day)


def document_day(value: date | datetime | None) -> str:
    """12月6日 (English: 6 Dec): beside a period that already says the year."""
    if not value:
        return ""
    day = _day(value)
    if english():
        return f"{day.day} {MONTHS[day.month - 1][:3]}"
    return f"{day.month}月{day.day}日"


def document_datetime(value: datetime | None) -> str:
    """令和8年12月6日 10:05 (English: 6 December 2026 10:05)."""
    if not value:
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{document_date(moment.date())} {moment:%H:%M}"


def document_period(start: date, end: date) -> str:
    """令和8年10月7日〜12月6日: the end's era and year are left out when they are the start's."""
    if english():
        return f"{document_date(start)} – {document_date(end)}"
    first, last = document_date(start), document_date(end)
    if fiscal.era_of(start) == fiscal.era_of(end):
        era, _n = fiscal.era_of(end)
        last = last.split("年", 1)[1] if last.startswith(era) else last
    return f"{first}〜{last}"


def fiscal_year_name(fy: int) -> str:
    """令和8年度 (English: FY2026): how the city names a year's documents."""
    return f"FY{fy}" if english() else fiscal.wareki_fiscal_year(fy)


def month_name(year: int, month: int) -> str:
    """2026年12月 (English: December 2026): a month's pack, as the meetings are called."""
    return f"{MONTHS[month - 1]} {year}" if english() else f"{year}年{month}月"


def months_name(start: date, end: date) -> str:
    """2026年10月〜12月, 2026年11月〜2027年1月 (English: October – December 2026)."""
    if (start.year, start.month) == (end.year, end.month):
        return month_name(end.year, end.month)
    if english():
        first = MONTHS[start.month - 1] + ("" if start.year == end.year else f" {start.year}")
        return f"{first} – {month_name(end.year, end.month)}"
    last = f"{end.month}月" if start.year == end.year else f"{end.year}年{end.month}月"
    return f"{month_name(start.year, start.month)}〜{last}"
