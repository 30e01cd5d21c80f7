"""The city's tariff since 2026-03-16 against worked examples (fares.py says how each step rounds)."""

from __future__ import annotations

from datetime import date

import pytest

from tsunagu.outings.fares import CITY_2026, FareRules, fare
from tsunagu.outings.models import Tariff


@pytest.mark.parametrize(("km", "meter"), [
    (0.3, 500), (1.0, 500), (1.001, 600), (1.214, 600), (1.215, 700), (1.428, 700), (1.429, 800),
    # 5 km: 4000 m beyond the first km = 18.7 steps of 214 m → 19 steps → ¥500 + ¥1,900.
    (5, 2400), (5.0, 2400),
])
def test_meter_steps_up_when_a_step_is_entered(km, meter):
    result = fare(km)
    assert result.meter == meter
    assert result.total == result.to_pay == meter
    assert result.surcharge == result.discount == result.tickets == 0


def test_night_adds_twenty_percent():
    result = fare(5, night=True)
    assert (result.meter, result.surcharge, result.total) == (2400, 480, 2880)


def test_disability_discount_rounds_to_ten_yen():
    assert fare(5, disability=True).discount == 240
    assert fare(5, disability=True).total == 2160
    # After the night surcharge: 10 % of ¥2,880 is ¥288, rounded half up to ¥290.
    night = fare(5, night=True, disability=True)
    assert (night.surcharge, night.discount, night.total) == (480, 290, 2590)
    # 3 km: 2000 m beyond = 9.3 steps → 10 → ¥1,500; 10 % of it is exact.
    assert fare(3, disability=True).total == 1500 - 150


def test_tickets_cover_whole_tickets_only():
    # ¥2,400: four tickets cover ¥2,000, the rest in cash.
    result = fare(5, tickets=4)
    assert (result.tickets, result.tickets_value, result.to_pay) == (4, 2000, 400)
    # Ten tickets brought: only four whole ones fit under ¥2,400 (no change for a ticket).
    assert fare(5, tickets=10).tickets == 4
    assert fare(5, tickets=10).to_pay == 400
    # Exactly ¥500: one ticket pays all.
    assert fare(1.0, tickets=3).to_pay == 0
    assert fare(1.0, tickets=3).tickets == 1
    # With the discount first: ¥2,590 → five tickets, ¥90 in cash.
    assert fare(5, night=True, disability=True, tickets=6).to_pay == 90


def test_a_limit_of_tickets_per_ride():
    rules = FareRules(tickets_per_ride=2)
    assert fare(5, rules, tickets=4).tickets == 2
    assert fare(5, rules, tickets=4).to_pay == 1400


def test_negative_distance_refused():
    with pytest.raises(ValueError):
        fare(-1)


@pytest.mark.django_db
def test_city_tariff_seeded_and_in_force_from_its_date():
    city = Tariff.objects.in_force(date(2026, 3, 16))
    assert city is not None and city.first_fare == 500 and city.step_metres == 214
    assert Tariff.objects.in_force(date(2026, 3, 15)) is None
    # The row computes like the rules it holds.
    assert fare(1.215, city).meter == fare(1.215, CITY_2026).meter == 700
    assert fare(5, city, night=True, disability=True, tickets=6).to_pay == 90


@pytest.mark.django_db
def test_latest_valid_from_wins_and_a_ward_tariff_on_the_same_day(world):
    Tariff.objects.create(name="改定", valid_from=date(2027, 4, 1), first_fare=600)
    assert Tariff.objects.in_force(date(2027, 3, 31)).first_fare == 500
    assert Tariff.objects.in_force(date(2027, 4, 1)).first_fare == 600
    Tariff.objects.create(name="中区の取り決め", place=world.naka, valid_from=date(2027, 4, 1), first_fare=550)
    assert Tariff.objects.in_force(date(2027, 4, 2), ward=world.naka).first_fare == 550
    assert Tariff.objects.in_force(date(2027, 4, 2), ward=world.isogo).first_fare == 600


def test_night_hours_span_midnight():
    from datetime import time
    t = Tariff(night_from=time(22), night_until=time(5))
    assert t.is_night(time(23, 30)) and t.is_night(time(4, 59)) and not t.is_night(time(5)) and not t.is_night(time(21, 59))


@pytest.mark.django_db
def test_rules_on_a_day_without_any_tariff_fall_back_to_the_citys():
    Tariff.objects.all().delete()
    assert Tariff.objects.rules_on(date(2026, 12, 1)) is CITY_2026
    assert fare(1.215, Tariff.objects.rules_on(date(2026, 12, 1))).meter == 700
