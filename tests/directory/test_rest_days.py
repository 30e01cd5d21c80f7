"""祝日・年末年始は休み: a rule that rests on national holidays or over the New Year skips them in
its dates, says so in its wording, and can be set on the form and by import."""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.directory.conftest import make_listing
from tsunagu.directory import importers
from tsunagu.directory import schedules as rules
from tsunagu.directory.forms import ScheduleForm
from tsunagu.directory.models import Schedule


def weekly(byday, **flags):
    return SimpleNamespace(freq="WEEKLY", byday=byday, opens_at=time(10), closes_at=time(12), **flags)


def dates(schedule, today, count=4):
    return [day for day, _s in rules.next_dates([schedule], today, count=count)]


def test_a_friday_class_resting_over_the_new_year_skips_new_years_day():
    today = date(2026, 12, 28)  # a Monday
    assert dates(weekly("FR"), today)[:2] == [date(2027, 1, 1), date(2027, 1, 8)]  # the bug: 1 January
    assert dates(weekly("FR", closed_at_new_year=True), today)[:2] == [date(2027, 1, 8), date(2027, 1, 15)]


def test_the_new_year_break_is_29_december_to_3_january():
    every_day = weekly("MO,TU,WE,TH,FR,SA,SU", closed_at_new_year=True)
    found = dates(every_day, date(2026, 12, 27), count=4)
    assert found == [date(2026, 12, 27), date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 5)]


def test_a_monday_class_resting_on_holidays_skips_coming_of_age_day():
    today = date(2027, 1, 5)
    assert rules.holiday_name(date(2027, 1, 11)) == "成人の日"
    assert dates(weekly("MO"), today)[:2] == [date(2027, 1, 11), date(2027, 1, 18)]
    assert dates(weekly("MO", closed_on_holidays=True), today)[:2] == [date(2027, 1, 18), date(2027, 1, 25)]


def test_holidays_and_new_year_together_and_a_monthly_rule_too():
    # 第2月曜 in January 2027 is 1/11 (成人の日): the next one is February's.
    monthly = SimpleNamespace(freq="MONTHLY", byday="2MO", closed_on_holidays=True, closed_at_new_year=True)
    assert dates(monthly, date(2027, 1, 1), count=2) == [date(2027, 2, 8), date(2027, 3, 8)]
    # 振替休日 counts: 2027-03-22 is the substitute holiday for 春分の日 (Sunday 21 March).
    assert date(2027, 3, 22) in rules.national_holidays(2027)


def test_a_one_off_date_is_what_it_says_whatever_the_flags():
    once = SimpleNamespace(freq="", dtstart=date(2027, 1, 1), closed_on_holidays=True, closed_at_new_year=True)
    assert dates(once, date(2026, 12, 1)) == [date(2027, 1, 1)]
    assert rules.rest_words(once) == ""


def test_the_wording_says_when_the_rule_rests():
    assert rules.describe(weekly("TU", closed_on_holidays=True)) == "毎週火曜 10:00〜12:00（祝日は休み）"
    assert rules.describe(weekly("TU", closed_at_new_year=True)) == "毎週火曜 10:00〜12:00（年末年始は休み）"
    assert rules.describe(weekly("TU", closed_on_holidays=True, closed_at_new_year=True)) == (
        "毎週火曜 10:00〜12:00（祝日・年末年始は休み）")
    assert rules.describe(weekly("TU")) == "毎週火曜 10:00〜12:00"


@pytest.mark.parametrize(("text", "holidays_off", "new_year_off"), [
    ("毎週月曜 10:00〜12:00 祝日休み", True, False),
    ("毎週月曜10時〜12時（祝日は休み）", True, False),
    ("毎週月曜 祝祭日を除く", True, False),
    ("毎週水曜 10:00〜12:00 年末年始は休み", False, True),
    ("毎月第2・第4火曜 13:30〜15:00（祝日・年末年始は休み）", True, True),
])
def test_import_reads_rest_days_into_the_flags(text, holidays_off, new_year_off):
    parsed = importers.parse_schedule_text(text)
    assert parsed.understood and parsed.schedules
    for schedule in parsed.schedules:
        assert schedule.get("closed_on_holidays", False) is holidays_off
        assert schedule.get("closed_at_new_year", False) is new_year_off


def test_the_wording_reads_back_into_the_same_rule():
    schedule = Schedule(freq="MONTHLY", byday="2TU,4TU", opens_at=time(13, 30), closes_at=time(15),
                        closed_on_holidays=True, closed_at_new_year=True)
    (parsed,) = importers.parse_schedule_text(rules.describe(schedule)).schedules
    assert (parsed["byday"], parsed["closed_on_holidays"], parsed["closed_at_new_year"]) == ("2TU,4TU", True, True)


def test_the_form_sets_and_shows_the_flags():
    form = ScheduleForm({"kind": "weekly", "weekdays": ["MO"], "closed_on_holidays": "on"})
    assert form.is_valid(), form.errors
    fields = form.to_schedule()
    assert fields["closed_on_holidays"] is True and fields["closed_at_new_year"] is False
    initial = ScheduleForm.initial_from(Schedule(freq="WEEKLY", byday="MO", closed_at_new_year=True))
    assert initial["closed_at_new_year"] is True and initial["closed_on_holidays"] is False


def test_the_staff_form_saves_the_flags_and_the_public_page_skips_the_holiday(world, as_user, client, monkeypatch):
    listing = make_listing(world.d6, "月曜の体操", byday="MO", categories=["taiso"])
    form = as_user(world.naka_1so).get(reverse("directory:edit", args=[listing.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update({"place": listing.place_id, "organiser_name": "テストの会", "version": listing.version,
                 "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0", "schedules-MIN_NUM_FORMS": "0",
                 "schedules-MAX_NUM_FORMS": "12", "schedules-0-kind": "weekly", "schedules-0-weekdays": ["MO"],
                 "schedules-0-opens_at": "10:00", "schedules-0-closed_on_holidays": "on",
                 "location-name": "会場", "categories": [c.pk for c in listing.categories.all()]})
    response = as_user(world.naka_1so).post(reverse("directory:edit", args=[listing.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    (schedule,) = listing.schedules.all()
    assert schedule.closed_on_holidays and not schedule.closed_at_new_year
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 1, 5))
    html = client.get(reverse("public:listing", args=[listing.pk])).content.decode()
    assert "毎週月曜 10:00〜（祝日は休み）" in html
    assert "1月18日" in html and "1月11日" not in html


def test_a_note_saying_holidays_off_needs_the_rule_to_say_it_too(world, as_user):
    listing = make_listing(world.d6, "水曜のサロン", byday="WE", categories=["salon"])
    client = as_user(world.naka_1so)
    form = client.get(reverse("directory:edit", args=[listing.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update({"place": listing.place_id, "organiser_name": "テストの会", "version": listing.version,
                 "schedule_note": "祝日休み", "categories": [c.pk for c in listing.categories.all()],
                 "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0", "schedules-MIN_NUM_FORMS": "0",
                 "schedules-MAX_NUM_FORMS": "12", "schedules-0-kind": "weekly", "schedules-0-weekdays": ["WE"],
                 "location-name": "会場"})
    response = client.post(reverse("directory:edit", args=[listing.pk]), data)
    assert response.status_code == 200
    assert "「祝日は休み」「年末年始は休み」にもチェック" in response.content.decode()
    assert listing.schedules.get().closed_on_holidays is False and listing.schedule_note == ""  # nothing saved
    data["schedules-0-closed_on_holidays"] = "on"
    assert client.post(reverse("directory:edit", args=[listing.pk]), data).status_code == 302
    assert listing.schedules.get().closed_on_holidays


def test_an_import_row_rests_whichever_of_its_cells_says_so(world):
    from tests.directory.test_listing_import import plan_for

    header = ["名称", "区", "曜日", "時間"]
    plan = plan_for(world.naka_1so, [["体操A", "中区", "月", "10時〜12時 祝日休み"],
                                     ["体操B", "中区", "水（年末年始は休み）", "13:00〜15:00"],
                                     ["体操C", "中区", "金", "10:00〜11:00"]], header=header)
    a, b, c = plan.rows
    assert a.schedules == [{"freq": "WEEKLY", "interval": 1, "byday": "MO", "opens_at": time(10),
                            "closes_at": time(12), "closed_on_holidays": True}]
    assert "schedule_note" not in a.fields and a.notes == []
    assert b.schedules[0]["byday"] == "WE" and b.schedules[0]["closed_at_new_year"] is True
    assert "closed_on_holidays" not in c.schedules[0] and "closed_at_new_year" not in c.schedules[0]
