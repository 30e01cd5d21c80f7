"""The 「曜日」 filter's weekday_mask follows the calendar for rules that depend on dates."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management import call_command

from tests.directory.conftest import make_listing
from tsunagu.directory.models import Listing, Schedule
from tsunagu.directory.services import refresh_weekday_masks

TUESDAY = 1


def test_a_one_off_tuesday_stops_answering_tuesday_once_it_has_passed(world):
    today = date.today()
    next_tuesday = today + timedelta(days=(TUESDAY - today.weekday()) % 7 or 7)
    listing = make_listing(world.d6, "ひな祭りの会", byday="", freq="")
    listing.schedules.update(dtstart=next_tuesday)
    assert refresh_weekday_masks(today=today) == 1
    assert Listing.objects.get(pk=listing.pk).weekday_mask == 1 << TUESDAY

    assert refresh_weekday_masks(today=next_tuesday + timedelta(days=1)) == 1
    assert Listing.objects.get(pk=listing.pk).weekday_mask == 0
    assert refresh_weekday_masks(today=next_tuesday + timedelta(days=1)) == 0  # nothing left to change


def test_weekly_rules_are_not_read_and_keep_their_mask(world):
    weekly = make_listing(world.d6, "火曜の体操", byday="TU")
    nth = make_listing(world.d6, "第2木曜のサロン", byday="2TH", freq="MONTHLY")
    before = {x.pk: x.weekday_mask for x in Listing.objects.filter(pk__in=[weekly.pk, nth.pk])}
    assert refresh_weekday_masks(today=date(2030, 1, 1)) == 0
    assert {x.pk: x.weekday_mask for x in Listing.objects.filter(pk__in=[weekly.pk, nth.pk])} == before
    assert before[weekly.pk] == 1 << TUESDAY


def test_the_command_reports_how_many_changed(world, capsys):
    listing = make_listing(world.d6, "毎月15日の会", byday="", freq="MONTHLY")
    Schedule.objects.filter(listing=listing).update(bymonthday="15")
    Listing.objects.filter(pk=listing.pk).update(weekday_mask=0)
    call_command("refresh_weekdays")
    assert "曜日の情報を更新しました: 1件" in capsys.readouterr().out
    assert Listing.objects.get(pk=listing.pk).weekday_mask != 0  # a 15th falls on some weekday within the year
