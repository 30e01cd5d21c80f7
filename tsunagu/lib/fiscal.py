"""The fiscal year (年度, April to March) and the Japanese era calendar (和暦).

Documents in the programme show 令和4年度（2022年度）; both forms come from here.
"""

from __future__ import annotations

from datetime import date

# (first day, name). Meiji's start is its adoption of the Gregorian calendar (1873-01-01);
# earlier dates are not expected in this product's records.
ERAS: list[tuple[date, str]] = [
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
]


def era_of(day: date) -> tuple[str, int]:
    """The era and its year number for a day: 2022-04-01 → ("令和", 4)."""
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} is before the eras this product knows")


def _year_label(n: int) -> str:
    return "元" if n == 1 else str(n)


def wareki_date(day: date) -> str:
    """令和4年4月1日."""
    era, year = era_of(day)
    return f"{era}{_year_label(year)}年{day.month}月{day.day}日"


def fiscal_year(day: date) -> int:
    """The fiscal year a day falls in, named by the calendar year in which it starts."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """First and last day of a fiscal year: 2022 → (2022-04-01, 2023-03-31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def wareki_fiscal_year(fy: int) -> str:
    """令和4年度 for 2022.

    A fiscal year takes the era in force on 1 May of its first year. That follows usage: the
    year that began in April 2019 is called 令和元年度 (the era changed on 1 May), while the one
    that began in April 1988 stays 昭和63年度 although 平成 began within it.
    """
    era, year = era_of(date(fy, 5, 1))
    return f"{era}{_year_label(year)}年度"


def fiscal_year_label(fy: int) -> str:
    """令和4年度（2022年度）: both forms, as the programme's documents print them. A person who
    reads the interface in English reads FY2022 (no era among English words)."""
    from django.utils.translation import get_language

    if (get_language() or "ja").startswith("en"):
        return f"FY{fy}"
    return f"{wareki_fiscal_year(fy)}（{fy}年度）"
