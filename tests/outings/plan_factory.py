"""An outing day ready to plan, on the cast of tests/conftest.py: 簑沢's salon to 南部市場 with twelve
riders (two in wheelchairs, one with a companion, a couple who ride together, two who ride apart,
one who did not consent to share their data with the company), two companies and four cars."""

from __future__ import annotations

from datetime import date, time, timedelta
from types import SimpleNamespace

from tsunagu.outings.models import (
    Attendance,
    BookingStatus,
    CarBooking,
    Outing,
    OutingDay,
    Participant,
    RidePair,
    TaxiCompany,
    Vehicle,
)

DEST = (35.4230, 139.6420)
# Around 簑沢 (north-west of the destination), 0.8–2.5 km away: (name, kana, dlat, dlng, needs)
RIDERS = [
    ("山田 花子", "やまだ はなこ", 0.010, -0.010, {"wheelchair": True}),
    ("佐藤 一郎", "さとう いちろう", 0.012, -0.004, {}),
    ("鈴木 和子", "すずき かずこ", 0.006, -0.012, {"walking_aid": True}),
    ("高橋 茂", "たかはし しげる", 0.014, -0.008, {"companion": True, "companion_name": "高橋 恵"}),
    ("田中 節子", "たなか せつこ", 0.004, -0.016, {"help_boarding": True}),
    ("伊藤 正", "いとう ただし", 0.016, -0.014, {"wheelchair": True}),
    ("渡辺 幸子", "わたなべ さちこ", 0.008, -0.002, {"ticket_holder": True, "tickets": 2}),
    ("中村 清", "なかむら きよし", 0.011, -0.015, {"disability_certificate": True}),
    ("小林 和夫", "こばやし かずお", 0.018, -0.006, {"max_ride_minutes": 20}),
    ("加藤 文子", "かとう ふみこ", 0.018, -0.0058, {}),
    ("吉田 勝", "よしだ まさる", 0.003, -0.007, {}),
    ("山本 春江", "やまもと はるえ", 0.009, -0.018, {"consent": False}),
]


def plan_world(world, *, riders: int = 12) -> SimpleNamespace:
    w = SimpleNamespace()
    w.outing = Outing.objects.create(place=world.minosawa, title="ふれあいサロン お買物ツアー", group_name="簑沢 ふれあいサロン",
                                     destination_name="南部市場", destination_address="横浜市金沢区鳥浜町1-1",
                                     destination_latitude=DEST[0], destination_longitude=DEST[1], organiser="第6地区社協")
    w.day = OutingDay.objects.create(outing=w.outing, date=date.today() + timedelta(days=10), arrive_by=time(10, 0),
                                     leave_at=time(12, 30))
    w.minato = TaxiCompany.objects.create(place=world.naka, name="みなと交通", phone="045-000-0001", fax="045-000-0002")
    w.sedan = Vehicle.objects.create(company=w.minato, name="セダン", seats=4, count=3)
    w.ud = Vehicle.objects.create(company=w.minato, name="UDタクシー", seats=3, wheelchair_spaces=1, count=1)
    w.yamate = TaxiCompany.objects.create(place=world.naka, name="山手タクシー", phone="045-000-0003")
    w.yamate_ud = Vehicle.objects.create(company=w.yamate, name="福祉車両", seats=3, wheelchair_spaces=1, count=1)
    w.bookings = [
        CarBooking.objects.create(day=w.day, company=w.minato, vehicle=w.sedan, count=2, requested_on=date.today(),
                                  status=BookingStatus.CONFIRMED),
        CarBooking.objects.create(day=w.day, company=w.minato, vehicle=w.ud, count=1, requested_on=date.today(),
                                  status=BookingStatus.CONFIRMED),
        CarBooking.objects.create(day=w.day, company=w.yamate, vehicle=w.yamate_ud, count=1,
                                  requested_on=date.today(), status=BookingStatus.ACCEPTED),
    ]
    w.people = []
    for n, (name, kana, dlat, dlng, needs) in enumerate(RIDERS[:riders], start=1):
        needs = dict(needs)
        consent = needs.pop("consent", True)
        p = Participant.objects.create(
            outing=w.outing, name=name, name_kana=kana, phone=f"045-111-{n:04d}",
            address=f"横浜市中区簑沢{n}-{n}", latitude=DEST[0] + dlat, longitude=DEST[1] + dlng,
            pickup_note="玄関前" if n % 3 == 0 else "", consent_on=date.today() if consent else None,
            consent_by="minosawa-2so" if consent else "", **needs)
        Attendance.objects.create(participant=p, day=w.day)
        w.people.append(p)
    if riders >= 10:
        first, second = sorted([w.people[8], w.people[9]], key=lambda p: p.pk)
        RidePair.objects.create(outing=w.outing, first=first, second=second, together=True, note="ご夫婦")
        first, second = sorted([w.people[1], w.people[6]], key=lambda p: p.pk)
        RidePair.objects.create(outing=w.outing, first=first, second=second, together=False)
    return w
