"""中区's お買物ツアー in small: 第6地区 (under 簑沢's CP area) takes three salon members to 南部市場 on two
days with a standalone taxi company of the ward; one member has not yet agreed to share her data
with the company."""

from __future__ import annotations

from datetime import date, time
from types import SimpleNamespace

import pytest

from tests.shared_rows import shareable
from tsunagu.outings import services
from tsunagu.outings.models import BookingStatus, RequestBy, Vehicle


@pytest.fixture(autouse=True)
def _city_tariff(request):
    """The city's tariff the migration seeds, put back if a transactional test before this one
    emptied the table (as tests/events/conftest.py does for the kinds)."""
    if "db" in request.fixturenames or "world" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from tests.conftest import seed_memo_kinds_and_stages

        seed_memo_kinds_and_stages()


def make_tour(world) -> SimpleNamespace:
    t = SimpleNamespace()
    user = world.naka_1so
    t.company = services.company_save(user=user, company=None, place=world.naka, name="みなと交通", phone="045-000-0001",
                                      fax="045-000-0002", request_by=RequestBy.FAX, lead_days=7,
                                      request_hours="平日 9:00〜17:00", note="取材：UD車が2台。坂の多い地区に慣れている",
                                      districts=[world.d6])
    t.sedan = Vehicle.objects.create(company=t.company, name="セダン", seats=4, count=3)
    t.ud = Vehicle.objects.create(company=t.company, name="ジャパンタクシー（UD）", seats=4, wheelchair_spaces=1,
                                  universal_design=True, count=2)
    t.outing = services.outing_create(user=world.minosawa_2so, place=world.d6, title="ふれあいサロン お買物ツアー",
                                      group_name="第6地区 ふれあいサロン", destination_name="横浜南部市場",
                                      destination_address="金沢区鳥浜町1-1", organiser="第6地区社協",
                                      days=[{"date": date(2026, 10, 14), "arrive_by": time(10), "leave_at": time(12)},
                                            {"date": date(2026, 10, 15), "arrive_by": time(10), "leave_at": time(12)}])
    t.day1, t.day2 = list(t.outing.days.all())
    t.hanako = services.participant_save(user=world.minosawa_2so, outing=t.outing, participant=None,
                                         days=[t.day1], name="架空 花子", name_kana="かくう はなこ",
                                         phone="045-111-2222", address="中区簑沢10-1", block=world.block,
                                         latitude=35.4248, longitude=139.6350, wheelchair=True,
                                         consent_on=date(2026, 9, 20))
    t.taro = services.participant_save(user=world.minosawa_2so, outing=t.outing, participant=None,
                                       days=[t.day1, t.day2], name="試験 太郎", name_kana="しけん たろう",
                                       address="中区簑沢12", latitude=35.425, longitude=139.636, companion=True,
                                       ticket_holder=True, tickets=2, consent_on=date(2026, 9, 21))
    t.ume = services.participant_save(user=world.minosawa_2so, outing=t.outing, participant=None, days=[t.day2],
                                      name="見本 うめ", address="中区簑沢3", latitude=35.426, longitude=139.637)
    t.pair = services.pair_save(user=world.minosawa_2so, outing=t.outing, first=t.taro, second=t.hanako,
                                together=True, note="ご近所で助け合う")
    t.booking = services.booking_save(user=world.minosawa_2so, day=t.day1, booking=None, company=t.company,
                                      vehicle=t.ud, count=1, request_by=RequestBy.FAX,
                                      status=BookingStatus.REQUESTED, on=date(2026, 9, 25))
    return t


_tour_rows, tour = shareable("tour", make_tour)
