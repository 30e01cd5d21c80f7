"""The day's records read as a trip to plan (tsunagu/outings/plan_services.py): who rides (not
those marked absent; a rider without a point is said, not silently dropped), each booked car a
car (a booking of two is two; declined ones none), a rider's own limit and needs, the pairs, the
ward's speed and the tariff in force."""

from __future__ import annotations

import pytest

from tests.outings.plan_factory import plan_world
from tsunagu.outings import plan_services as services
from tsunagu.outings.models import Attendance, BookingStatus, Tariff
from tsunagu.outings.planning import TO, Rules


@pytest.fixture
def w(world):
    return plan_world(world)


def test_the_day_becomes_a_trip_with_its_riders_cars_and_pairs(world, w):
    trip, people, notes = services.trip_for(w.day, TO, Rules())
    assert len(trip.riders) == 12 and set(people) == {str(p.pk) for p in w.people}
    assert [c.name for c in trip.cars] == ["1号車（みなと交通・セダン）", "2号車（みなと交通・セダン）",
                                          "3号車（みなと交通・UDタクシー）", "4号車（山手タクシー・福祉車両）"]
    assert [(c.seats, c.wheelchair_spaces) for c in trip.cars] == [(4, 0), (4, 0), (3, 1), (3, 1)]
    by_name = {r.name: r for r in trip.riders}
    assert by_name["山田 花子"].wheelchair and by_name["田中 節子"].assisted and by_name["鈴木 和子"].assisted
    assert by_name["高橋 茂"].companions == 1 and by_name["小林 和夫"].max_ride == 20
    assert by_name["渡辺 幸子"].tickets == 2 and by_name["中村 清"].discount
    assert "車いす" in by_name["山田 花子"].needs
    assert trip.at == 600 and trip.destination == (w.outing.destination_latitude, w.outing.destination_longitude)
    assert trip.together == [tuple(sorted((str(w.people[8].pk), str(w.people[9].pk)), key=int))]
    assert len(trip.apart) == 1 and not notes


def test_absent_riders_declined_cars_and_riders_without_a_point(world, w):
    Attendance.objects.filter(participant=w.people[0], day=w.day).update(came=False)
    w.bookings[2].status = BookingStatus.DECLINED
    w.bookings[2].save()
    w.people[2].latitude = w.people[2].longitude = None
    w.people[2].save()
    trip, people, notes = services.trip_for(w.day, TO, Rules())
    assert len(trip.riders) == 10 and str(w.people[0].pk) not in people
    assert len(trip.cars) == 3
    assert notes == ["鈴木 和子さんは迎えの位置がないため、計画に入っていません。"]


def test_a_ward_can_have_its_own_speed_and_a_company_its_own_tariff(world, w, settings):
    settings.TSUNAGU_OUTING_AREA_SPEEDS = {"14104": 12.0}
    assert services.default_rules(w.day, TO).speed_kmh == 12
    settings.TSUNAGU_OUTING_AREA_SPEEDS = {}
    assert services.default_rules(w.day, TO).speed_kmh == settings.TSUNAGU_OUTING_SPEED_KMH
    city = services.tariff_for(w.day)
    assert (city.first_fare, city.step_metres) == (500, 214)
    Tariff.objects.create(place=world.naka, name="中区の試行運賃", valid_from=w.day.date, first_fare=450)
    assert services.tariff_for(w.day).first_fare == 450


def test_without_a_destination_point_there_is_nothing_to_plan(world, w):
    w.outing.destination_latitude = None
    w.outing.save()
    with pytest.raises(services.CannotPlan):
        services.trip_for(w.day, TO, Rules())
