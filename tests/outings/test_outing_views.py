"""What the screens of お出かけ支援 do: an outing with its days, a participant placed from an address,
consent shown, concurrent edits refused, the request flow for cars kept step by step, the record
after the day and the year's summary."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from tsunagu.outings import services
from tsunagu.outings.models import BookingStatus, CarFare, Outing, Participant
from tsunagu.outings.summary import summarise


def _outing_post(world, **extra):
    data = {"place": world.d6.pk, "title": "買物ツアー", "status": "planning", "destination_name": "横浜南部市場",
            "days-TOTAL_FORMS": "3", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "1", "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2026-10-14", "days-0-arrive_by": "10:00", "days-0-leave_at": "12:00",
            "days-1-date": "2026-10-15", "days-1-arrive_by": "10:00", "days-1-leave_at": "12:00",
            "days-2-date": "2026-10-16", "days-2-arrive_by": "10:00"}
    return data | extra


def test_a_2層co_creates_a_three_day_outing(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("outings:create"), _outing_post(world))
    outing = Outing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outings:detail", args=[outing.pk])
    assert [d.date for d in outing.days.all()] == [date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16)]
    assert outing.days.last().leave_at is None  # the third day is one way


def test_an_outing_needs_a_destination_and_sane_times(world, as_user):
    client = as_user(world.minosawa_2so)
    text = client.post(reverse("outings:create"), _outing_post(world, destination_name="")).content.decode()
    assert "行き先を選ぶか、名称を入れてください。" in text
    text = client.post(reverse("outings:create"), _outing_post(world, **{"days-0-leave_at": "09:00"})).content.decode()
    assert "帰りの出発は、着く時刻より後にしてください。" in text
    assert not Outing.objects.exists()


def test_a_2層co_cannot_place_an_outing_in_another_cp_area(world, as_user):
    response = as_user(world.minosawa_2so).post(reverse("outings:create"), _outing_post(world, place=world.d7.pk))
    assert response.status_code == 200 and not Outing.objects.exists()


def test_two_editors_of_one_outing(world, as_user, tour):
    client = as_user(world.naka_1so)
    url = reverse("outings:edit", args=[tour.outing.pk])
    stale = tour.outing.version
    services.outing_update(user=world.minosawa_2so, outing=tour.outing, seen_version=stale, title="改題")
    data = _outing_post(world, version=stale, title="私の題", **{"days-TOTAL_FORMS": "2"})
    text = client.post(url, data).content.decode()
    assert "他の人がこの記録を保存しました" in text
    assert Outing.objects.get().title == "改題"
    # A missing version is a conflict too, never a silent overwrite.
    data.pop("version")
    assert "他の人がこの記録を保存しました" in client.post(url, data).content.decode()


def test_a_participant_placed_from_an_address(world, as_user, tour):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("outings:participant_create", args=[tour.outing.pk]), {
        "name": "架空 次郎", "address": "中区簑沢5-3", "days": [tour.day2.pk], "walking_aid": "on",
        "ticket_holder": "on", "tickets": "3", "location-latitude": "", "location-longitude": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    jiro = Participant.objects.get(name="架空 次郎")
    assert (jiro.block, jiro.latitude, jiro.longitude) == (world.block, 35.4248, 139.6350)
    assert list(jiro.days.all()) == [tour.day2] and jiro.tickets == 3 and not jiro.consented


def test_a_point_put_on_the_map_wins_and_nowhere_is_refused(world, as_user, tour):
    client = as_user(world.minosawa_2so)
    url = reverse("outings:participant_create", args=[tour.outing.pk])
    client.post(url, {"name": "地図 さん", "address": "中区簑沢", "location-latitude": "35.43",
                      "location-longitude": "139.64"})
    assert Participant.objects.get(name="地図 さん").latitude == 35.43
    text = client.post(url, {"name": "不明 さん", "address": "どこか"}).content.decode()
    assert "迎えの場所がわかりません" in text and not Participant.objects.filter(name="不明 さん").exists()


def test_consent_recorded_with_who_and_papers_leave_the_others_out(world, as_user, tour):
    assert tour.hanako.consent_by == str(world.minosawa_2so)
    assert set(tour.outing.participants.for_company()) == {tour.hanako, tour.taro}
    text = as_user(world.naka_1so).get(reverse("outings:participants", args=[tour.outing.pk])).content.decode()
    assert "同意なし：タクシー会社の書類に載りません" in text and "見本 うめ" in text
    detail = as_user(world.naka_1so).get(reverse("outings:detail", args=[tour.outing.pk])).content.decode()
    assert "同意の記録がない人が1人います" in detail


def test_two_editors_of_one_participant(world, as_user, tour):
    client = as_user(world.naka_1so)
    stale = tour.ume.version
    services.participant_save(user=world.minosawa_2so, outing=tour.outing, participant=tour.ume, seen_version=stale,
                              name="見本 うめ", address="中区簑沢3", latitude=35.426, longitude=139.637,
                              consent_on=date(2026, 9, 30))
    text = client.post(reverse("outings:participant_edit", args=[tour.outing.pk, tour.ume.pk]), {
        "name": "見本 ウメ", "address": "中区簑沢3", "version": stale}).content.decode()
    assert "他の人がこの記録を保存しました" in text
    assert Participant.objects.get(pk=tour.ume.pk).name == "見本 うめ"


def test_pairs_must_be_two_people_of_the_outing(world, as_user, tour):
    client = as_user(world.minosawa_2so)
    url = reverse("outings:pair_add", args=[tour.outing.pk])
    client.post(url, {"first": tour.ume.pk, "second": tour.hanako.pk, "together": "0", "note": "気が合わない"})
    pair = tour.outing.pairs.get(together=False)
    assert (pair.first_id, pair.second_id) == tuple(sorted([tour.ume.pk, tour.hanako.pk]))
    response = client.post(url, {"first": tour.ume.pk, "second": tour.ume.pk, "together": "1"}, follow=True)
    assert "違う2人を選んでください。" in response.content.decode()


def test_the_request_flow_keeps_every_step(world, as_user, tour):
    client = as_user(world.minosawa_2so)
    url = reverse("outings:booking_edit", args=[tour.outing.pk, tour.day1.pk, tour.booking.pk])
    base = {"company": tour.company.pk, "vehicle": tour.ud.pk, "count": "1", "request_by": "fax"}
    client.post(url, base | {"status": "accepted", "on": "2026-09-26", "answer": "受け付けました",
                             "version": tour.booking.version})
    tour.booking.refresh_from_db()
    client.post(url, base | {"status": "confirmed", "on": "2026-10-01", "answer": "UD車1台 9:15から",
                             "version": tour.booking.version})
    tour.booking.refresh_from_db()
    steps = [(s.status, s.on) for s in tour.booking.steps.all()]
    assert steps == [("requested", date(2026, 9, 25)), ("accepted", date(2026, 9, 26)), ("confirmed", date(2026, 10, 1))]
    assert tour.booking.status == BookingStatus.CONFIRMED and tour.booking.steps.last().note == "UD車1台 9:15から"
    assert list(tour.day1.bookings.usable()) == [tour.booking]
    # More cars than the company has are refused in Japanese.
    text = client.post(reverse("outings:booking_create", args=[tour.outing.pk, tour.day1.pk]),
                       base | {"status": "requested", "on": "2026-09-26", "count": "5"}).content.decode()
    assert "2台までです" in text


def test_the_day_recorded_and_summed(world, as_user, tour):
    client = as_user(world.minosawa_2so)
    url = reverse("outings:day_record", args=[tour.outing.pk, tour.day1.pk])
    form = client.get(url).context["fares"]
    assert form.initial[0]["car"] == "1号車"  # one row for the one car booked
    client.post(url, {f"came-{tour.hanako.pk}": "1", f"came-{tour.taro.pk}": "0",
                      "fares-TOTAL_FORMS": "2", "fares-INITIAL_FORMS": "0", "fares-MIN_NUM_FORMS": "0",
                      "fares-MAX_NUM_FORMS": "1000",
                      "fares-0-company": tour.company.pk, "fares-0-car": "1号車（行き）", "fares-0-fare": "1800",
                      "fares-0-tickets": "2",
                      "fares-1-company": tour.company.pk, "fares-1-car": "1号車（帰り）", "fares-1-fare": "1900",
                      "went_wrong": "帰りの車が10分遅れた"})
    tour.day1.refresh_from_db()
    assert tour.day1.went_wrong == "帰りの車が10分遅れた" and tour.day1.recorded_by_name == str(world.minosawa_2so)
    assert [a.came for a in tour.day1.attendances.order_by("participant__name_kana")] == [True, False]
    assert CarFare.objects.count() == 2
    result = summarise(Outing.objects.all())
    (year,) = result.by_year
    assert (year.year, year.came, year.absent, year.cars, year.fare, year.tickets) == (2026, 1, 1, 2, 3700, 2)
    assert [(r.label, r.fare) for r in result.by_place] == [("第6地区", 3700)]
    assert [(r.label, r.cars) for r in result.by_company] == [("みなと交通", 2)]
    page = client.get(reverse("outings:summary")).content.decode()
    assert "3,700円" in page and "第6地区" in page


def test_a_company_tied_to_a_partner_uses_its_contacts(world, as_user):
    from tests.conftest import org
    from tests.partners.conftest import days_ago
    from tsunagu.partners import services as partners
    from tsunagu.partners.models import Status
    from tsunagu.people.models import OrganisationKind

    partner = partners.partner_create(user=world.naka_1so, ward=world.naka,
                                      organisation=org(OrganisationKind.TAXI, "はまタクシー", world.naka),
                                      status=Status.COOPERATING, on=days_ago(3))
    partners.contact_save(user=world.naka_1so, partner=partner, name="配車 担当", phone="045-999-0000")
    client = as_user(world.naka_1so)
    response = client.post(reverse("outings:company_create") + f"?ward={world.naka.pk}", {
        "ward": world.naka.pk, "partner": partner.pk, "name": "", "request_by": "phone", "lead_days": "3",
        "districts": [world.d6.pk],
        "vehicles-TOTAL_FORMS": "1", "vehicles-INITIAL_FORMS": "0", "vehicles-MIN_NUM_FORMS": "0",
        "vehicles-MAX_NUM_FORMS": "1000", "vehicles-0-name": "UD", "vehicles-0-seats": "4",
        "vehicles-0-wheelchair_spaces": "1", "vehicles-0-count": "2",
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0", "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302
    company = partner.taxi_company
    assert company.name == "はまタクシー" and company.vehicles.get().wheelchair_spaces == 1
    page = client.get(reverse("outings:company", args=[company.pk])).content.decode()
    assert "配車 担当" in page and "045-999-0000" in page
    # The partner's page stays the place to change them; an 2層Co reads the company.
    assert as_user(world.minosawa_2so).get(reverse("outings:company", args=[company.pk])).status_code == 200


def test_a_ward_records_a_new_tariff_from_a_date(world, as_user):
    client = as_user(world.naka_1so)
    form = client.get(reverse("outings:tariff_create")).context["form"]
    assert form.initial["first_fare"] == 500  # starts from the one in force
    client.post(reverse("outings:tariff_create"), {
        "name": "改定", "valid_from": "2027-04-01", "first_metres": "1000", "first_fare": "600", "step_metres": "214",
        "step_fare": "100", "night_percent": "20", "night_from": "22:00", "night_until": "05:00",
        "disability_percent": "10", "ticket_value": "500"})
    from tsunagu.outings.models import Tariff

    assert Tariff.objects.in_force(date(2027, 4, 1), ward=world.naka).first_fare == 600
    assert Tariff.objects.in_force(date(2027, 4, 1), ward=world.isogo).first_fare == 500


@pytest.mark.parametrize("role", ["naka_1so", "minosawa_2so"])
def test_deleting_an_outing_asks_first(world, as_user, tour, role):
    client = as_user(getattr(world, role))
    url = reverse("outings:delete", args=[tour.outing.pk])
    assert "参加者3人の記録" in client.get(url).content.decode()
    assert Outing.objects.exists()
    client.post(url)
    assert not Outing.objects.exists() and not Participant.objects.exists()


def test_a_company_with_bookings_is_not_deleted(world, as_user, tour):
    text = as_user(world.naka_1so).post(reverse("outings:company_delete", args=[tour.company.pk])).content.decode()
    assert "削除できません" in text
    assert time(10) == tour.day1.arrive_by


def test_the_destination_point_from_the_address_or_given(world, as_user):
    client = as_user(world.minosawa_2so)
    client.post(reverse("outings:create"), _outing_post(world, destination_address="中区簑沢1-2"))
    assert Outing.objects.get().destination_point() == (35.4248, 139.6350)
    Outing.objects.all().delete()
    client.post(reverse("outings:create"), _outing_post(world, destination_latitude="35.36",
                                                        destination_longitude="139.63"))
    assert Outing.objects.get().destination_point() == (35.36, 139.63)


def test_a_day_shows_when_its_cars_are_short(world, as_user, tour):
    # Day 1: 花子 (wheelchair) and 太郎 with a companion → 3 seats, 1 wheelchair space; one UD car booked.
    room = tour.day1.capacity()
    assert (room["cars"], room["seats"], room["spaces"], room["need_seats"], room["need_spaces"]) == (1, 4, 1, 3, 1)
    assert not room["short"]
    services.participant_save(user=world.naka_1so, outing=tour.outing, participant=None, days=[tour.day1],
                              name="車いす 二人目", latitude=35.42, longitude=139.63, wheelchair=True)
    assert tour.day1.capacity()["short"]
    page = as_user(world.naka_1so).get(reverse("outings:detail", args=[tour.outing.pk])).content.decode()
    assert "車が足りません" in page
    tour.booking.status = BookingStatus.DECLINED
    tour.booking.save()
    assert tour.day1.capacity()["cars"] == 0
