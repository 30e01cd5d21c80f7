"""The staff listing form's schedule rows (directory/forms.py ScheduleForm): every check a row
makes, with the message a coordinator reads, and what a valid row becomes (HSDS/RFC 5545 fields).
A row is one line of the 「開催日時」 table; the edit page posts them as the `schedules` formset."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from tsunagu.directory.forms import ScheduleForm

WEEKDAYS_MISSING = "曜日を選んでください。"
NTHS_MISSING = "第何週かを選んでください。"
BIWEEKLY_START_MISSING = "隔週は、数え始める日（開始日）を入れてください。"
DATE_MISSING = "日付を入れてください。"
MONTHDAYS_BAD = "1〜31の日にちを、カンマで区切って入れてください。"
CLOSES_BEFORE_OPENS = "終了時刻は開始時刻より後にしてください。"
PERIOD_BACKWARDS = "期間の終わりは始めより後にしてください。"


def row(**data) -> ScheduleForm:
    form = ScheduleForm(data=data)
    form.is_valid()
    return form


def errors(**data) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in row(**data).errors.items()}


# --- each check, alone ------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "weekly"}, "weekdays", WEEKDAYS_MISSING),
    ({"kind": "biweekly", "date": "2026-04-07"}, "weekdays", WEEKDAYS_MISSING),
    ({"kind": "monthly_nth", "nths": ["2"]}, "weekdays", WEEKDAYS_MISSING),
    ({"kind": "monthly_nth", "weekdays": ["TU"]}, "nths", NTHS_MISSING),
    ({"kind": "biweekly", "weekdays": ["WE"]}, "date", BIWEEKLY_START_MISSING),
    ({"kind": "once"}, "date", DATE_MISSING),
    ({"kind": "monthly_day"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": " , 、"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "0"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "32"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "1, 15, 32"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "-1"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "十五日"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "monthly_day", "monthdays": "1.5"}, "monthdays", MONTHDAYS_BAD),
    ({"kind": "weekly", "weekdays": ["MO"], "opens_at": "12:00", "closes_at": "10:00"}, "closes_at",
     CLOSES_BEFORE_OPENS),
    ({"kind": "weekly", "weekdays": ["MO"], "opens_at": "10:00", "closes_at": "10:00"}, "closes_at",
     CLOSES_BEFORE_OPENS),
    ({"kind": "once", "date": "2026-12-05", "valid_from": "2026-05-01", "valid_to": "2026-04-30"}, "valid_to",
     PERIOD_BACKWARDS),
])
def test_each_check_of_a_row_says_what_is_missing_on_its_own_field(data, field, message):
    assert errors(**data) == {field: [message]}


def test_a_monthly_nth_row_with_neither_weekday_nor_week_gets_both_messages():
    assert errors(kind="monthly_nth") == {"weekdays": [WEEKDAYS_MISSING], "nths": [NTHS_MISSING]}


def test_a_biweekly_row_with_nothing_gets_the_weekday_and_the_start_date_messages():
    assert errors(kind="biweekly") == {"weekdays": [WEEKDAYS_MISSING], "date": [BIWEEKLY_START_MISSING]}


def test_every_check_applies_to_one_row_at_once():
    assert errors(kind="monthly_day", monthdays="40", opens_at="15:00", closes_at="14:59",
                  valid_from="2027-01-01", valid_to="2026-12-31") == {
        "monthdays": [MONTHDAYS_BAD], "closes_at": [CLOSES_BEFORE_OPENS], "valid_to": [PERIOD_BACKWARDS]}


@pytest.mark.parametrize("kind", ["weekly", "biweekly", "monthly_nth", "monthly_day", "once"])
def test_the_time_and_period_checks_hold_for_every_kind_of_row(kind):
    found = errors(kind=kind, opens_at="10:00", closes_at="09:00", valid_from="2026-05-02", valid_to="2026-05-01")
    assert found["closes_at"] == [CLOSES_BEFORE_OPENS] and found["valid_to"] == [PERIOD_BACKWARDS]


# --- what passes ------------------------------------------------------------------------------


def test_an_unused_row_is_not_checked_at_all():
    # The blank row the formset offers: whatever else is in it, no kind means no schedule.
    form = row(kind="", opens_at="12:00", closes_at="10:00", valid_from="2026-05-02", valid_to="2026-05-01",
               monthdays="99")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("data", [
    {"kind": "weekly", "weekdays": ["TU"]},
    {"kind": "biweekly", "weekdays": ["WE"], "date": "2026-04-01"},
    {"kind": "monthly_nth", "weekdays": ["TH"], "nths": ["2", "-1"]},
    {"kind": "monthly_day", "monthdays": "1"},
    {"kind": "monthly_day", "monthdays": "31"},
    {"kind": "once", "date": "2026-12-05"},
    # Edges that pass: one minute of opening, a period of one day, times without a period.
    {"kind": "weekly", "weekdays": ["MO"], "opens_at": "10:00", "closes_at": "10:01"},
    {"kind": "weekly", "weekdays": ["MO"], "valid_from": "2026-05-01", "valid_to": "2026-05-01"},
    {"kind": "weekly", "weekdays": ["MO"], "opens_at": "10:00"},
    {"kind": "weekly", "weekdays": ["MO"], "closes_at": "10:00", "valid_to": "2026-05-01"},
])
def test_a_complete_row_passes(data):
    form = row(**data)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("monthdays", "days", "bymonthday"), [
    ("1, 15", [1, 15], "1,15"),
    ("1、15", [1, 15], "1,15"),  # the Japanese comma, as typed on a Japanese keyboard
    ("5,,20 ,", [5, 20], "5,20"),
    (" 31 ", [31], "31"),
])
def test_monthdays_are_read_with_either_comma_and_spaces(monthdays, days, bymonthday):
    form = row(kind="monthly_day", monthdays=monthdays)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["monthday_list"] == days
    assert form.to_schedule()["bymonthday"] == bymonthday


@pytest.mark.parametrize(("data", "expected"), [
    ({"kind": "weekly", "weekdays": ["TH", "MO"], "opens_at": "9:30", "closes_at": "10:30"},
     {"freq": "WEEKLY", "interval": 1, "byday": "MO,TH", "bymonthday": "", "dtstart": None,
      "opens_at": time(9, 30), "closes_at": time(10, 30)}),
    ({"kind": "biweekly", "weekdays": ["WE"], "date": "2026-04-01"},
     {"freq": "WEEKLY", "interval": 2, "byday": "WE", "dtstart": date(2026, 4, 1)}),
    ({"kind": "monthly_nth", "weekdays": ["TU", "FR"], "nths": ["-1", "2"]},
     {"freq": "MONTHLY", "interval": 1, "byday": "2TU,-1TU,2FR,-1FR", "bymonthday": ""}),
    ({"kind": "monthly_day", "monthdays": "15、1"},
     {"freq": "MONTHLY", "byday": "", "bymonthday": "15,1"}),
    ({"kind": "once", "date": "2026-12-05", "valid_from": "2026-12-01", "valid_to": "2026-12-31", "notes": "雨天中止"},
     {"freq": "", "dtstart": date(2026, 12, 5), "valid_from": date(2026, 12, 1), "valid_to": date(2026, 12, 31),
      "notes": "雨天中止"}),
])
def test_a_valid_row_becomes_the_schedule_fields(data, expected):
    form = row(**data)
    assert form.is_valid(), form.errors
    fields = form.to_schedule()
    assert {key: fields[key] for key in expected} == expected


# --- through the edit page --------------------------------------------------------------------


@pytest.mark.parametrize(("row_data", "message"), [
    ({"schedules-0-kind": "monthly_nth", "schedules-0-weekdays": ["TH"], "schedules-0-nths": []}, NTHS_MISSING),
    ({"schedules-0-kind": "biweekly", "schedules-0-weekdays": ["TH"], "schedules-0-nths": []}, BIWEEKLY_START_MISSING),
    ({"schedules-0-kind": "once", "schedules-0-weekdays": []}, DATE_MISSING),
    ({"schedules-0-kind": "monthly_day", "schedules-0-monthdays": "1, 32"}, MONTHDAYS_BAD),
    ({"schedules-0-closes_at": "09:00"}, CLOSES_BEFORE_OPENS),
    ({"schedules-0-valid_from": "2026-05-02", "schedules-0-valid_to": "2026-05-01"}, PERIOD_BACKWARDS),
])
def test_the_edit_page_shows_a_rows_message_and_saves_nothing(world, listings, as_user, row_data, message):
    from tests.directory.test_staff_views import form_data
    from tsunagu.directory.models import Listing

    before = list(listings.salon.schedules.values_list("freq", "byday", "opens_at", "closes_at"))
    data = form_data(listings.salon, description="書き換えた説明", **row_data)
    response = as_user(world.minosawa_2so).post(reverse("directory:edit", args=[listings.salon.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    saved = Listing.objects.get(pk=listings.salon.pk)
    assert saved.description != "書き換えた説明"
    assert list(saved.schedules.values_list("freq", "byday", "opens_at", "closes_at")) == before
