"""Schedules: the dates a rule gives, the next dates of a listing, and the wording people print.

Expected dates were read off printed calendars (Python's calendar.month), not from the engine.
"""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tsunagu.directory.models import Schedule
from tsunagu.directory.schedules import (
    ByDay,
    describe,
    describe_all,
    format_byday,
    matches_weekday,
    next_dates,
    occurrences,
    parse_byday,
    parse_bymonthday,
    to_rrule,
    weekday_codes,
)

MO, TU, WE, TH, FR, SA, SU = range(7)


def rule(**fields) -> SimpleNamespace:
    values = {"freq": "WEEKLY", "interval": 1, "byday": "", "bymonthday": "", "dtstart": None, "until": None,
              "valid_from": None, "valid_to": None, "opens_at": None, "closes_at": None, "notes": ""}
    values.update(fields)
    return SimpleNamespace(**values)


def days(year, month, *numbers) -> list[date]:
    return [date(year, month, n) for n in numbers]


# --- wording ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "wording"),
    [
        ({"byday": "TU", "opens_at": time(10), "closes_at": time(12)}, "毎週火曜 10:00〜12:00"),
        ({"byday": "TU,TH"}, "毎週火・木曜"),
        ({"byday": "TH,TU"}, "毎週火・木曜"),
        ({"byday": "WE", "interval": 2, "dtstart": date(2026, 4, 1)}, "隔週水曜"),
        ({"byday": "WE", "interval": 3, "dtstart": date(2026, 4, 1)}, "3週ごとの水曜"),
        ({"byday": "MO,TU,WE,TH,FR", "opens_at": time(9), "closes_at": time(17)}, "毎週月〜金曜 9:00〜17:00"),
        ({"byday": "MO,TU,WE,FR"}, "毎週月〜水・金曜"),
        ({"byday": "MO,TU,WE,TH,FR,SA,SU"}, "毎日"),
        ({"byday": "", "dtstart": date(2026, 4, 3)}, "毎週金曜"),
        ({"freq": "MONTHLY", "byday": "2TU,4TU", "opens_at": time(10), "closes_at": time(12)},
         "毎月第2・第4火曜 10:00〜12:00"),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "毎月最終金曜"),
        ({"freq": "MONTHLY", "byday": "2FR,-1FR"}, "毎月第2・最終金曜"),
        ({"freq": "MONTHLY", "byday": "1MO,1TH"}, "毎月第1月・木曜"),
        ({"freq": "MONTHLY", "byday": "2TU,-1FR"}, "毎月第2火曜、最終金曜"),
        ({"freq": "MONTHLY", "bymonthday": "1,15"}, "毎月1日・15日"),
        ({"freq": "MONTHLY", "bymonthday": "-1"}, "毎月末日"),
        ({"freq": "MONTHLY", "byday": "3SA", "interval": 2, "dtstart": date(2026, 4, 1)}, "隔月第3土曜"),
        ({"freq": "MONTHLY", "bymonthday": "10", "interval": 3, "dtstart": date(2026, 4, 1)}, "3か月ごとの10日"),
        ({"freq": "", "dtstart": date(2026, 12, 5), "opens_at": time(13, 30), "closes_at": time(15)},
         "2026年12月5日（土）13:30〜15:00"),
        ({"freq": "", "dtstart": date(2026, 12, 5)}, "2026年12月5日（土）"),
        ({"freq": ""}, "日付未定"),
        ({"byday": "TU", "opens_at": time(9, 30)}, "毎週火曜 9:30〜"),
    ],
)
def test_describe_words_a_schedule_the_way_people_print_it(fields, wording):
    assert describe(rule(**fields)) == wording


def test_a_season_with_both_ends_is_written_from_and_until():
    schedule = rule(byday="TU", valid_from=date(2026, 4, 1), valid_to=date(2026, 11, 30))
    assert describe(schedule) == "毎週火曜（2026年4月1日から2026年11月30日まで）"


def test_a_season_with_only_an_end_is_written_until():
    assert describe(rule(byday="TU", valid_to=date(2027, 3, 31))) == "毎週火曜（2027年3月31日まで）"


def test_a_season_with_only_a_start_is_written_from():
    assert describe(rule(byday="TU", valid_from=date(2026, 4, 1))) == "毎週火曜（2026年4月1日から）"


def test_the_earlier_of_until_and_valid_to_is_the_end_people_see():
    schedule = rule(byday="TU", until=date(2026, 9, 30), valid_to=date(2026, 11, 30))
    assert describe(schedule) == "毎週火曜（2026年9月30日まで）"


def test_notes_follow_the_times_after_a_space():
    schedule = rule(freq="MONTHLY", byday="2TU,4TU", opens_at=time(10), closes_at=time(12),
                    valid_to=date(2026, 11, 30), notes="雨天中止")
    assert describe(schedule) == "毎月第2・第4火曜 10:00〜12:00（2026年11月30日まで） 雨天中止"


def test_describe_all_joins_schedules_with_a_slash_and_ends_with_the_listings_note():
    schedules = [rule(byday="TU", opens_at=time(10), closes_at=time(12)), rule(freq="MONTHLY", byday="-1FR")]
    assert describe_all(schedules, "祝日は休み") == "毎週火曜 10:00〜12:00／毎月最終金曜 祝日は休み"


def test_describe_all_without_schedules_is_just_the_note():
    assert describe_all([], " 不定期（電話でお問い合わせください） ") == "不定期（電話でお問い合わせください）"


def test_describe_all_of_nothing_is_empty():
    assert describe_all([]) == ""


def test_an_unsaved_schedule_prints_through_describe_without_a_database():
    schedule = Schedule(freq="MONTHLY", interval=1, byday="2TU,4TU", opens_at=time(10), closes_at=time(12))
    assert str(schedule) == "毎月第2・第4火曜 10:00〜12:00"


# --- dates ------------------------------------------------------------------------------------


def test_second_and_fourth_tuesdays_of_november_and_december_2026():
    schedule = rule(freq="MONTHLY", byday="2TU,4TU")
    assert occurrences(schedule, date(2026, 11, 1), date(2026, 12, 31)) == [
        date(2026, 11, 10), date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 22),
    ]


def test_last_friday_of_each_month_crosses_the_new_year():
    schedule = rule(freq="MONTHLY", byday="-1FR")
    assert occurrences(schedule, date(2026, 10, 1), date(2027, 2, 28)) == [
        date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26),
    ]


def test_a_fifth_tuesday_is_skipped_in_months_that_have_only_four():
    schedule = rule(freq="MONTHLY", byday="5TU")
    assert occurrences(schedule, date(2026, 9, 1), date(2026, 12, 31)) == [date(2026, 9, 29), date(2026, 12, 29)]


def test_the_31st_is_skipped_in_short_months():
    schedule = rule(freq="MONTHLY", bymonthday="31")
    assert occurrences(schedule, date(2026, 11, 1), date(2027, 3, 31)) == [
        date(2026, 12, 31), date(2027, 1, 31), date(2027, 3, 31),
    ]


def test_minus_one_as_a_day_of_the_month_is_the_last_day_even_in_february():
    schedule = rule(freq="MONTHLY", bymonthday="-1")
    assert occurrences(schedule, date(2026, 11, 1), date(2027, 3, 31)) == [
        date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
    ]


def test_first_and_fifteenth_of_the_month():
    schedule = rule(freq="MONTHLY", bymonthday="15,1")
    assert occurrences(schedule, date(2026, 11, 2), date(2027, 1, 1)) == [
        date(2026, 11, 15), date(2026, 12, 1), date(2026, 12, 15), date(2027, 1, 1),
    ]


def test_every_other_week_counts_from_the_week_of_dtstart():
    schedule = rule(byday="WE", interval=2, dtstart=date(2026, 4, 1))
    assert occurrences(schedule, date(2026, 4, 1), date(2026, 5, 31)) == days(2026, 4, 1, 15, 29) + days(2026, 5, 13, 27)


def test_every_other_week_keeps_its_rhythm_when_asked_from_an_off_week():
    schedule = rule(byday="WE", interval=2, dtstart=date(2026, 4, 1))
    assert occurrences(schedule, date(2026, 4, 6), date(2026, 4, 30)) == days(2026, 4, 15, 29)


def test_days_of_dtstarts_week_before_dtstart_do_not_happen():
    # dtstart is Friday 3 April; the Wednesday of that week (1 April) is before it.
    schedule = rule(byday="WE,FR", interval=2, dtstart=date(2026, 4, 3))
    assert occurrences(schedule, date(2026, 3, 1), date(2026, 4, 30)) == days(2026, 4, 3, 15, 17, 29)


def test_every_other_week_without_dtstart_gives_no_dates_rather_than_guessing():
    assert occurrences(rule(byday="WE", interval=2), date(2026, 4, 1), date(2026, 5, 31)) == []


def test_every_other_month_counts_from_the_month_of_dtstart():
    schedule = rule(freq="MONTHLY", byday="2TU", interval=2, dtstart=date(2026, 4, 1))
    assert occurrences(schedule, date(2026, 5, 1), date(2026, 9, 30)) == [date(2026, 6, 9), date(2026, 8, 11)]


def test_weekly_without_byday_happens_on_dtstarts_weekday():
    schedule = rule(dtstart=date(2026, 4, 3))
    assert occurrences(schedule, date(2026, 4, 1), date(2026, 4, 20)) == days(2026, 4, 3, 10, 17)


def test_monthly_without_days_happens_on_dtstarts_day_of_the_month():
    schedule = rule(freq="MONTHLY", dtstart=date(2026, 1, 31))
    assert occurrences(schedule, date(2026, 1, 1), date(2026, 5, 31)) == [
        date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31),
    ]


def test_until_stops_the_rule_on_that_day_inclusive():
    schedule = rule(byday="TU", until=date(2026, 11, 17))
    assert occurrences(schedule, date(2026, 11, 1), date(2026, 12, 31)) == days(2026, 11, 3, 10, 17)


def test_valid_to_ends_the_season_inclusive():
    schedule = rule(freq="MONTHLY", byday="-1FR", valid_to=date(2026, 11, 27))
    assert occurrences(schedule, date(2026, 10, 1), date(2027, 1, 31)) == [date(2026, 10, 30), date(2026, 11, 27)]


def test_valid_from_starts_the_season_inclusive():
    schedule = rule(byday="TU", valid_from=date(2026, 12, 8))
    assert occurrences(schedule, date(2026, 11, 1), date(2026, 12, 31)) == days(2026, 12, 8, 15, 22, 29)


def test_a_one_off_happens_on_its_date_only():
    schedule = rule(freq="", dtstart=date(2026, 12, 5))
    assert occurrences(schedule, date(2026, 1, 1), date(2027, 12, 31)) == [date(2026, 12, 5)]


def test_a_one_off_outside_its_season_does_not_happen():
    schedule = rule(freq="", dtstart=date(2026, 12, 5), valid_to=date(2026, 11, 30))
    assert occurrences(schedule, date(2026, 1, 1), date(2027, 12, 31)) == []


def test_a_friday_13th_rule_keeps_only_days_that_fit_both_byday_and_bymonthday():
    schedule = rule(freq="MONTHLY", byday="FR", bymonthday="13")
    assert occurrences(schedule, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 2, 13), date(2026, 3, 13), date(2026, 11, 13),
    ]


def test_a_frequency_the_product_does_not_know_gives_no_dates():
    assert occurrences(rule(freq="YEARLY", dtstart=date(2026, 1, 1)), date(2026, 1, 1), date(2027, 12, 31)) == []


def test_an_empty_window_gives_no_dates():
    assert occurrences(rule(byday="TU"), date(2026, 12, 31), date(2026, 12, 1)) == []


# --- next dates -------------------------------------------------------------------------------


def test_next_dates_merge_a_listings_schedules_across_a_month_end_and_include_today():
    monday = rule(byday="MO", opens_at=time(10))
    first = rule(freq="MONTHLY", bymonthday="1", opens_at=time(13))
    last_friday = rule(freq="MONTHLY", byday="-1FR", opens_at=time(10))
    found = next_dates([monday, first, last_friday], date(2026, 11, 27), count=5)
    assert found == [
        (date(2026, 11, 27), last_friday),
        (date(2026, 11, 30), monday),
        (date(2026, 12, 1), first),
        (date(2026, 12, 7), monday),
        (date(2026, 12, 14), monday),
    ]


def test_two_schedules_on_one_day_come_in_the_order_of_their_opening_times():
    afternoon = rule(byday="TU", opens_at=time(13, 30))
    morning = rule(byday="TU", opens_at=time(9, 30))
    found = next_dates([afternoon, morning], date(2026, 12, 1), count=2)
    assert found == [(date(2026, 12, 1), morning), (date(2026, 12, 1), afternoon)]


def test_a_one_off_in_the_past_has_no_next_date():
    assert next_dates([rule(freq="", dtstart=date(2026, 6, 1))], date(2026, 11, 1)) == []


def test_a_one_off_today_is_a_next_date():
    schedule = rule(freq="", dtstart=date(2026, 11, 1))
    assert next_dates([schedule], date(2026, 11, 1)) == [(date(2026, 11, 1), schedule)]


def test_next_dates_stop_where_the_season_ends():
    schedule = rule(byday="TU", valid_to=date(2026, 11, 17))
    assert [day for day, _ in next_dates([schedule], date(2026, 11, 1), count=10)] == days(2026, 11, 3, 10, 17)


def test_next_dates_look_no_further_than_the_horizon():
    schedule = rule(freq="", dtstart=date(2027, 6, 1))
    assert next_dates([schedule], date(2026, 11, 1), horizon_days=200) == []
    assert next_dates([schedule], date(2026, 11, 1), horizon_days=400) == [(date(2027, 6, 1), schedule)]


def test_asking_for_no_dates_gives_none():
    assert next_dates([rule(byday="TU")], date(2026, 11, 1), count=0) == []


# --- weekday filter ---------------------------------------------------------------------------


def test_a_weekly_listing_matches_its_weekdays_only():
    schedules = [rule(byday="TU,TH")]
    assert [matches_weekday(schedules, wd) for wd in range(7)] == [False, True, False, True, False, False, False]


def test_a_monthly_nth_weekday_listing_matches_that_weekday():
    schedules = [rule(freq="MONTHLY", byday="2TU,-1FR")]
    assert matches_weekday(schedules, TU) and matches_weekday(schedules, FR)
    assert not matches_weekday(schedules, WE)


def test_a_one_off_matches_the_weekday_of_its_date_while_it_is_ahead():
    schedules = [rule(freq="", dtstart=date(2026, 12, 5))]
    assert matches_weekday(schedules, SA, today=date(2026, 11, 1))
    assert not matches_weekday(schedules, SU, today=date(2026, 11, 1))
    assert not matches_weekday(schedules, SA, today=date(2026, 12, 6))


def test_a_day_of_month_listing_matches_the_weekdays_its_dates_fall_on():
    # In season: 2 January 2026 (a Friday), 2 February and 2 March (both Mondays).
    schedules = [rule(freq="MONTHLY", bymonthday="2", valid_to=date(2026, 3, 31))]
    assert matches_weekday(schedules, FR, today=date(2026, 1, 1))
    assert matches_weekday(schedules, MO, today=date(2026, 1, 1))
    assert not matches_weekday(schedules, TU, today=date(2026, 1, 1))


def test_a_listing_without_schedules_matches_no_weekday():
    assert not any(matches_weekday([], wd) for wd in range(7))


# --- RRULE for the HSDS API -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rrule"),
    [
        ({"freq": "MONTHLY", "byday": "4TU,2TU"}, "FREQ=MONTHLY;BYDAY=2TU,4TU"),
        ({"byday": "th, tu"}, "FREQ=WEEKLY;BYDAY=TU,TH"),
        ({"byday": "WE", "interval": 2}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ({"freq": "MONTHLY", "bymonthday": "15,1", "until": date(2027, 3, 31)},
         "FREQ=MONTHLY;BYMONTHDAY=1,15;UNTIL=20270331"),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "FREQ=MONTHLY;BYDAY=-1FR"),
        ({"freq": "", "dtstart": date(2026, 12, 5)}, ""),
    ],
)
def test_to_rrule_gives_the_rfc_5545_rule(fields, rrule):
    assert to_rrule(rule(**fields)) == rrule


# --- reading what people type -----------------------------------------------------------------


def test_weekday_codes_run_monday_to_sunday():
    assert weekday_codes == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def test_parse_byday_reads_lower_case_full_width_and_japanese_commas():
    assert parse_byday("ｔｈ、 2tu,-1FR") == [ByDay(2, TU), ByDay(None, TH), ByDay(-1, FR)]


def test_parse_byday_of_nothing_is_empty():
    assert parse_byday("  ") == []


@pytest.mark.parametrize("text", ["TUE", "火", "0TU", "6TU", "-6FR", "2TU;4TU", "T U"])
def test_parse_byday_refuses_what_it_cannot_read_with_a_japanese_message(text):
    with pytest.raises(ValueError, match="「"):
        parse_byday(text)


def test_parse_byday_refuses_ordinals_for_a_weekly_rule():
    with pytest.raises(ValueError, match="毎月"):
        parse_byday("2TU", freq="WEEKLY")


def test_format_byday_writes_the_stored_form():
    assert format_byday(parse_byday("4tu, 2tu")) == "2TU,4TU"


def test_parse_bymonthday_reads_days_and_the_last_day():
    assert parse_bymonthday("15, 1 ,-1") == [1, 15, -1]


@pytest.mark.parametrize("text", ["0", "32", "1日", "first"])
def test_parse_bymonthday_refuses_days_that_are_not_days(text):
    with pytest.raises(ValueError, match="1〜31"):
        parse_bymonthday(text)


# --- properties -------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
TIMES = st.times()
ORDINALS = st.sampled_from([1, 2, 3, 4, 5, -1, -2, -3, -4, -5])
BYDAY_ITEMS = st.builds(lambda n, wd: f"{n or ''}{weekday_codes[wd]}", st.none() | ORDINALS, st.integers(0, 6))


@st.composite
def windows(draw, max_days=800):
    start = draw(DAYS)
    return start, start + timedelta(days=draw(st.integers(0, max_days)))


@st.composite
def schedules(draw):
    freq = draw(st.sampled_from(["WEEKLY", "MONTHLY", ""]))
    return rule(
        freq=freq,
        interval=draw(st.integers(1, 4)),
        byday=",".join(draw(st.lists(BYDAY_ITEMS, max_size=4))),
        bymonthday=",".join(str(d) for d in draw(st.lists(st.integers(1, 31) | st.integers(-31, -1), max_size=3))),
        dtstart=draw(st.none() | DAYS),
        until=draw(st.none() | DAYS),
        valid_from=draw(st.none() | DAYS),
        valid_to=draw(st.none() | DAYS),
        opens_at=draw(st.none() | TIMES),
        closes_at=draw(st.none() | TIMES),
        notes=draw(st.text(max_size=20)),
    )


@given(weekdays=st.sets(st.integers(0, 6), min_size=1), interval=st.integers(1, 4), dtstart=DAYS, window=windows())
def test_every_date_of_a_weekly_rule_is_one_of_its_weekdays_in_a_counted_week(weekdays, interval, dtstart, window):
    schedule = rule(byday=",".join(weekday_codes[wd] for wd in weekdays), interval=interval, dtstart=dtstart)
    start, end = window
    anchor = dtstart - timedelta(days=dtstart.weekday())
    expected = [
        day for day in (start + timedelta(days=i) for i in range((end - start).days + 1))
        if day >= dtstart and day.weekday() in weekdays and (day - anchor).days // 7 % interval == 0
    ]
    assert occurrences(schedule, start, end) == expected


@given(n=st.integers(1, 5), window=windows())
def test_every_nth_tuesday_is_a_tuesday_in_the_nth_seven_days_of_its_month(n, window):
    start, end = window
    found = occurrences(rule(freq="MONTHLY", byday=f"{n}TU"), start, end)
    assert all(day.weekday() == TU and (n - 1) * 7 < day.day <= n * 7 for day in found)
    every_day = (start + timedelta(days=i) for i in range((end - start).days + 1))
    assert found == [day for day in every_day if day.weekday() == TU and (n - 1) * 7 < day.day <= n * 7]


@given(n=st.integers(1, 5), weekday=st.integers(0, 6), window=windows())
def test_every_nth_last_weekday_lies_in_the_nth_seven_days_from_the_end_of_its_month(n, weekday, window):
    start, end = window
    found = occurrences(rule(freq="MONTHLY", byday=f"-{n}{weekday_codes[weekday]}"), start, end)

    def in_the_nth_week_from_the_end(day):
        length = calendar.monthrange(day.year, day.month)[1]
        return day.weekday() == weekday and length - n * 7 < day.day <= length - (n - 1) * 7

    # Every such day of the window, counted off a calendar one day at a time: none missed, none added.
    every_day = (start + timedelta(days=i) for i in range((end - start).days + 1))
    assert found == [day for day in every_day if in_the_nth_week_from_the_end(day)]


@given(schedule=schedules(), window=windows())
def test_occurrences_are_sorted_unique_and_inside_the_window_and_the_season(schedule, window):
    start, end = window
    found = occurrences(schedule, start, end)
    assert found == sorted(set(found))
    assert all(start <= day <= end for day in found)
    for name, keep in (("dtstart", "after"), ("valid_from", "after"), ("until", "before"), ("valid_to", "before")):
        bound = getattr(schedule, name)
        if bound:
            assert all(day >= bound if keep == "after" else day <= bound for day in found)


@settings(max_examples=50)
@given(listing=st.lists(schedules(), max_size=4), today=DAYS, count=st.integers(0, 12))
def test_next_dates_are_at_most_count_sorted_and_never_before_today(listing, today, count):
    found = next_dates(listing, today, count=count)
    assert len(found) <= count
    assert all(day >= today for day, _ in found)
    assert [day for day, _ in found] == sorted(day for day, _ in found)
    assert all(any(schedule is s for s in listing) for _, schedule in found)


@st.composite
def schedules_in_force(draw):
    """A schedule of schedules() and a day on which it is in force for the coming year: begun (its
    start and period's start on or before the day, or none) and not ended within the year (its end
    and period's end past it, or none); a one-off falls in the year. So it has dates to look at."""
    schedule, today = draw(schedules()), draw(DAYS)
    year_on = today + timedelta(days=366)
    before, after = st.dates(today - timedelta(days=800), today), st.dates(year_on, year_on + timedelta(days=800))
    if schedule.freq:
        schedule.dtstart = draw(st.none() | before)
    else:
        schedule.dtstart = draw(st.dates(today, year_on - timedelta(days=1)))
    schedule.valid_from = draw(st.none() | before)
    schedule.until, schedule.valid_to = draw(st.none() | after), draw(st.none() | after)
    return schedule, today


@settings(max_examples=50)
@given(in_force=schedules_in_force())
def test_a_listing_that_happens_on_a_weekday_in_the_coming_year_matches_that_weekday(in_force):
    schedule, today = in_force
    happens_on = {day.weekday() for day in occurrences(schedule, today, today + timedelta(days=366))}
    assume(happens_on)  # a rule that never falls in any month (31st every other February) has nothing to show
    matches = {weekday for weekday in range(7) if matches_weekday([schedule], weekday, today=today)}
    assert happens_on <= matches
    if not schedule.freq or schedule.bymonthday:
        # By-date rules and one-offs are answered from these very dates: no other weekday either.
        assert matches == happens_on


@given(
    schedule=schedules(),
    byday=st.text(max_size=12),
    bymonthday=st.text(max_size=8),
    interval=st.none() | st.integers(-3, 60),
    freq=st.sampled_from(["WEEKLY", "MONTHLY", "", "weekly", "DAILY", None]),
)
def test_describe_never_raises_on_untidy_data_and_shows_the_opening_time(schedule, byday, bymonthday, interval, freq):
    schedule.byday, schedule.bymonthday, schedule.interval, schedule.freq = byday, bymonthday, interval, freq
    text = describe(schedule)
    assert isinstance(text, str) and text
    if schedule.opens_at:
        assert f"{schedule.opens_at.hour}:{schedule.opens_at.minute:02d}〜" in text
    if schedule.closes_at:
        assert f"〜{schedule.closes_at.hour}:{schedule.closes_at.minute:02d}" in text
    assert isinstance(occurrences(schedule, date(2026, 1, 1), date(2026, 12, 31)), list)
    assert isinstance(to_rrule(schedule), str)


@given(items=st.lists(BYDAY_ITEMS, min_size=1, max_size=6))
def test_parsed_byday_written_back_and_read_again_stays_the_same(items):
    parsed = parse_byday(",".join(items))
    assert parse_byday(format_byday(parsed)) == parsed
    assert {item.code for item in parsed} == set(items)


def test_weekday_mask_sets_one_bit_per_weekday_the_rules_can_fall_on():
    from types import SimpleNamespace

    from tsunagu.directory.schedules import weekday_mask

    weekly = SimpleNamespace(freq="WEEKLY", byday="TU,TH")
    monthly = SimpleNamespace(freq="MONTHLY", byday="2SA")
    assert weekday_mask([weekly]) == (1 << 1) | (1 << 3)
    assert weekday_mask([weekly, monthly]) == (1 << 1) | (1 << 3) | (1 << 5)
    assert weekday_mask([]) == 0
