"""年度 (April to March) and 和暦, as the programme's documents print them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.lib.fiscal import (
    era_of,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_range,
    wareki_date,
    wareki_fiscal_year,
)

KNOWN_DAYS = st.dates(min_value=date(1873, 1, 1), max_value=date(2200, 12, 31))


# --- 年度 ------------------------------------------------------------------------------------


def test_march_31_belongs_to_the_fiscal_year_that_began_the_april_before():
    assert fiscal_year(date(2023, 3, 31)) == 2022


def test_april_1_begins_a_new_fiscal_year():
    assert fiscal_year(date(2023, 4, 1)) == 2023


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2023, 1, 1), 2022),
        (date(2022, 12, 31), 2022),
        (date(2022, 4, 30), 2022),
        (date(2020, 2, 29), 2019),
    ],
)
def test_january_to_march_count_towards_the_previous_calendar_year(day, fy):
    assert fiscal_year(day) == fy


def test_a_fiscal_year_runs_from_april_1_to_march_31_of_the_next_calendar_year():
    assert fiscal_year_range(2022) == (date(2022, 4, 1), date(2023, 3, 31))


@given(KNOWN_DAYS)
def test_every_day_lies_within_the_range_of_its_own_fiscal_year(day):
    first, last = fiscal_year_range(fiscal_year(day))
    assert first <= day <= last


@given(st.integers(min_value=1873, max_value=2200))
def test_consecutive_fiscal_years_meet_without_gap_or_overlap(fy):
    _, last = fiscal_year_range(fy)
    next_first, _ = fiscal_year_range(fy + 1)
    assert next_first - last == timedelta(days=1)
    assert fiscal_year(last) == fy
    assert fiscal_year(next_first) == fy + 1


# --- 和暦 ------------------------------------------------------------------------------------


def test_the_first_day_of_reiwa_is_reiwa_gannen_may_1():
    assert wareki_date(date(2019, 5, 1)) == "令和元年5月1日"


def test_the_last_day_of_heisei_is_heisei_31_april_30():
    assert wareki_date(date(2019, 4, 30)) == "平成31年4月30日"


def test_showa_ended_on_showa_64_january_7_and_heisei_began_the_next_day():
    assert wareki_date(date(1989, 1, 7)) == "昭和64年1月7日"
    assert wareki_date(date(1989, 1, 8)) == "平成元年1月8日"


def test_an_ordinary_reiwa_date_uses_the_year_number_and_no_padding():
    assert wareki_date(date(2022, 4, 1)) == "令和4年4月1日"


def test_the_day_before_reiwa_began_and_the_day_reiwa_began_are_in_different_eras():
    assert era_of(date(2019, 4, 30)) == ("平成", 31)
    assert era_of(date(2019, 5, 1)) == ("令和", 1)


def test_days_before_the_eras_this_product_knows_are_refused():
    with pytest.raises(ValueError):
        era_of(date(1872, 12, 31))


@given(KNOWN_DAYS)
def test_every_wareki_date_names_an_era_and_ends_with_the_month_and_day(day):
    text = wareki_date(day)
    assert text[:2] in {"明治", "大正", "昭和", "平成", "令和"}
    assert text.endswith(f"{day.month}月{day.day}日")
    era, year = era_of(day)
    assert year >= 1
    assert text.startswith(f"{era}{'元' if year == 1 else year}年")


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2022, "令和4年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
    ],
)
def test_a_fiscal_year_takes_the_era_in_force_on_may_1_of_its_first_year(fy, label):
    assert wareki_fiscal_year(fy) == label


def test_the_fiscal_year_label_shows_both_the_era_year_and_the_western_year():
    assert fiscal_year_label(2022) == "令和4年度（2022年度）"
    assert fiscal_year_label(2019) == "令和元年度（2019年度）"


# --- Template filters ------------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load japanese %}" + template).render(Context(context))


def test_the_wareki_filter_prints_a_date_in_the_era_calendar():
    assert render("{{ d|wareki }}", d=date(2019, 5, 1)) == "令和元年5月1日"


def test_the_wareki_filter_uses_the_local_day_of_an_aware_datetime():
    # 15:30 UTC on 31 March is already 1 April in Tokyo.
    moment = datetime(2022, 3, 31, 15, 30, tzinfo=UTC)
    assert render("{{ t|wareki }}", t=moment) == "令和4年4月1日"


def test_the_wareki_filter_takes_the_date_of_a_naive_datetime():
    assert render("{{ t|wareki }}", t=datetime(1989, 1, 7, 23, 59)) == "昭和64年1月7日"


@pytest.mark.parametrize("empty", [None, ""])
def test_the_wareki_filter_prints_nothing_for_no_date(empty):
    assert render("[{{ d|wareki }}]", d=empty) == "[]"


def test_the_fiscal_year_label_filter_accepts_a_year_number():
    assert render("{{ fy|fiscal_year_label }}", fy=2022) == "令和4年度（2022年度）"


def test_the_fiscal_year_label_filter_accepts_a_year_number_as_text():
    assert render("{{ fy|fiscal_year_label }}", fy="1988") == "昭和63年度（1988年度）"


def test_the_fiscal_year_label_filter_turns_a_date_into_its_fiscal_year():
    assert render("{{ d|fiscal_year_label }}", d=date(2023, 3, 31)) == "令和4年度（2022年度）"
    assert render("{{ d|fiscal_year_label }}", d=date(2019, 4, 1)) == "令和元年度（2019年度）"


@pytest.mark.parametrize("empty", [None, ""])
def test_the_fiscal_year_label_filter_prints_nothing_for_no_year(empty):
    assert render("[{{ fy|fiscal_year_label }}]", fy=empty) == "[]"
