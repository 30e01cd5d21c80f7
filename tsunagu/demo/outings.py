"""The casebook's outings by taxi in the demo (issue 14):

- 中区: 第6地区社協's three-day お買物ツアー to 横浜南部市場 for its ふれあいサロン's members, fourteen riders
  (two in wheelchairs) from the district's 町丁目, with the two taxi companies the 2層Co interviewed for
  the かわら版 special issue; the days are past, so who came, the fares and what went wrong are there;
- 南区: the seven companies consulted at September's exchange meeting (the partners demo's, tied to
  their partner records), two cooperating with cars and a request procedure, and a 食事会 transport
  in a model district whose request to a company is in progress (依頼中 → 受付済);
- 都筑区: a trial of taxi transport to a サービスB group's 通いの場, the request just sent.

Written through the services as the coordinators would, so that history and audit are as real.
Names are obviously made up; addresses are the 町丁目 of the places tree with made-up numbers.
Adds nothing once a taxi company exists."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.demo.teams_partners import _people, _ward
from tsunagu.directory.models import Listing
from tsunagu.outings import services
from tsunagu.outings.models import BookingStatus, Outing, RequestBy, Status, TaxiCompany, Vehicle
from tsunagu.partners.models import Partner
from tsunagu.partners.models import Status as PartnerStatus
from tsunagu.people import policy
from tsunagu.people.models import Organisation, OrganisationKind, Role
from tsunagu.places.models import Kind, Place

# Surnames no one carries, so that nobody mistakes a demo rider for a real resident.
SURNAMES = ["坂道", "港見", "石段", "丘上", "潮風", "南風", "松風", "夕凪", "朝霧", "月影", "星影", "虹橋", "花筏",
            "若葉", "雲雀", "木漏"]
GIVEN = ["はな子", "うめ", "まつ子", "きく", "とし子", "ふみ", "一郎", "次郎", "三郎", "正夫", "さと", "たけ子",
         "よし江", "茂吉", "清", "千代"]

# What each rider needs, in turn: two wheelchair users, walking aids, a companion, tickets … The
# tour's riders go on day i % 3: the two wheelchair users (0 and 4) on different days, one
# accessible car each.
NEEDS = [
    {"wheelchair": True, "help_boarding": True, "companion": True, "companion_name": "娘さん", "ticket_holder": True,
     "tickets": 4, "disability_certificate": True, "max_ride_minutes": 20},
    {"walking_aid": True, "front_seat": True},
    {},
    {"walking_aid": True, "help_boarding": True},
    {"wheelchair": True, "help_boarding": True, "ticket_holder": True, "tickets": 2, "disability_certificate": True},
    {"ticket_holder": True, "tickets": 2},
    {},
    {"front_seat": True},
    {"walking_aid": True},
    {},
    {"ticket_holder": True, "tickets": 1},
    {},
    {"walking_aid": True, "front_seat": True},
    {},
]


def _blocks(place: Place) -> list[Place]:
    return list(Place.objects.filter(kind=Kind.BLOCK, path__startswith=place.path, latitude__isnull=False)
                .defer("boundary").order_by("path"))


def _writer(ward: Place, place: Place):
    """The 2層Co whose CP area holds the place, else the ward's 1層Co."""
    for user in _people(ward, Role.AREA_COORDINATOR):
        if any(place.path.startswith(m.organisation.place.path) for m in policy.active_memberships(user)):
            return user
    return _people(ward, Role.WARD_COORDINATOR)[0]


def _riders(user, outing: Outing, ward: Place, blocks: list[Place], n: int, rng: random.Random, consent_day: date,
            days, per_day: int | None = None):
    made = []
    names = rng.sample([(s, g) for s in SURNAMES for g in GIVEN], n)
    for i in range(n):
        block = blocks[i % len(blocks)]
        needs = dict(NEEDS[i % len(NEEDS)])
        surname, given = names[i]
        # One rider has not yet agreed to share her data with the company: she stays off its papers.
        consent = None if i == 9 else consent_day - timedelta(days=rng.randint(0, 10))
        chosen = [days[i % len(days)]] if per_day else list(days)
        made.append(services.participant_save(
            user=user, outing=outing, participant=None, days=chosen,
            name=f"{surname} {given}", phone=f"045-000-{1000 + i:04d}",
            address=f"{ward.name}{block.name}{rng.randint(1, 30)}-{rng.randint(1, 20)}", block=block,
            latitude=round(block.latitude + rng.uniform(-0.0012, 0.0012), 6),
            longitude=round(block.longitude + rng.uniform(-0.0012, 0.0012), 6),
            pickup_note=rng.choice(["", "", "玄関前", "坂の下の公園前", "マンション正面入口", "商店の角"]),
            consent_on=consent, consent_by="" if consent is None else str(user), **needs))
    return made


def _book(user, day, company, vehicle, count, steps, *, by=RequestBy.FAX):
    """A request moved through its steps: [(status, date, answer), …]."""
    status, on, answer = steps[0]
    booking = services.booking_save(user=user, day=day, booking=None, company=company, vehicle=vehicle, count=count,
                                    request_by=by, status=status, answer=answer, on=on)
    for status, on, answer in steps[1:]:
        booking = services.booking_save(user=user, day=day, booking=booking, seen_version=booking.version,
                                        company=company, vehicle=vehicle, count=count, request_by=by, status=status,
                                        answer=answer, on=on)
    return booking


def _naka(ward: Place, rng: random.Random) -> int:
    lead = _people(ward, Role.WARD_COORDINATOR)[0]
    district = (Place.objects.filter(kind=Kind.DISTRICT, path__startswith=ward.path, name="第6地区").first()
                or Place.objects.filter(kind=Kind.DISTRICT, path__startswith=ward.path).order_by("path").first())
    if district is None:
        return 0
    orgs = list(Organisation.objects.filter(kind=OrganisationKind.TAXI, place__path__startswith=ward.path)
                .order_by("name")[:2])
    names = [o.name for o in orgs] + ["みなと自動車", "はまかぜタクシー"][len(orgs):]
    first = services.company_save(
        user=lead, company=None, place=ward, name=names[0], phone="045-000-7101", fax="045-000-7102",
        request_by=RequestBy.FAX, lead_days=7, request_hours="平日 9:00〜17:00",
        districts=list(Place.objects.filter(kind=Kind.DISTRICT, path__startswith=ward.path)),
        note=("2層Coの取材（かわら版 特別号）より：区内に営業所が1つ。UDタクシー3台、乗務員は乗降介助の研修を受けている。"
              "予約は1週間前までにFAXで（用紙あり）。迎車料金は団体の予約ならなし。坂や階段の多い地区の道に詳しい。"
              "「観光のお客さんが多いが、地域の方の予約はありがたい」とのこと。"))
    Vehicle.objects.create(company=first, name="セダン", seats=4, count=6)
    ud = Vehicle.objects.create(company=first, name="ジャパンタクシー（UD）", seats=4, wheelchair_spaces=1,
                                universal_design=True, count=3)
    second = services.company_save(
        user=lead, company=None, place=ward, name=names[1], phone="045-000-7201", fax="045-000-7202",
        request_by=RequestBy.PHONE, lead_days=3, request_hours="毎日 8:00〜20:00",
        districts=[district],
        note=("2層Coの取材（かわら版 特別号）より：家族経営の小さな会社で、乗務員8人。学童保育の送迎もしている。"
              "電話で3日前まで。福祉車両（車いすのまま1台＋座席2）が1台。「顔なじみの乗務員が担当すると安心してもらえる」"))
    sedan2 = Vehicle.objects.create(company=second, name="セダン", seats=4, count=4)
    Vehicle.objects.create(company=second, name="福祉車両（スロープ付き）", seats=2, wheelchair_spaces=1, count=1)
    first.contacts.create(name="配車係 架空", title="営業所 配車担当", phone="045-000-7101", note="FAXのあと電話で確認すると確実")
    second.contacts.create(name="社長 見本", title="代表", phone="045-000-7201")

    user = _writer(ward, district)
    salon = (Listing.objects.filter(place__path__startswith=district.path, name__contains="サロン").order_by("pk").first())
    days = [date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 26)]
    outing = services.outing_create(
        user=user, place=district, title=f"{district.name} ふれあいサロン お買物ツアー", status=Status.DONE,
        group=salon, group_name="" if salon else f"{district.name} ふれあいサロン参加者",
        destination_name="横浜南部市場 専門店街", destination_address="金沢区鳥浜町1-1",
        destination_latitude=35.3574, destination_longitude=139.6315,
        purpose=("コロナでバスの日帰り旅行ができない間も、サロンの参加者が安心して外出し交流できるように。"
                 "自宅前までタクシーで迎え、南部市場で買物と昼食。バス旅行が難しい方、ひとり暮らしの男性にも声をかける。"),
        organiser=f"{district.name}社会福祉協議会",
        note="費用：1人1,000円（タクシー代の一部。残りは地区社協が負担）。",
        days=[{"date": d, "arrive_by": time(10), "leave_at": time(12), "note": "9:20ごろから順にお迎え"} for d in days])
    day_rows = list(outing.days.all())
    blocks = _blocks(district) or _blocks(district.parent)
    riders = _riders(user, outing, ward, blocks, 14, rng, days[0] - timedelta(days=20), day_rows, per_day=True)
    services.pair_save(user=user, outing=outing, first=riders[2], second=riders[5], together=True,
                       note="ご夫婦")
    services.pair_save(user=user, outing=outing, first=riders[3], second=riders[6], together=False,
                       note="以前のサロンでのいきさつがあり、別の車を希望")
    ask = days[0] - timedelta(days=14)
    for i, day in enumerate(day_rows):
        _book(user, day, first, ud, 1, [(BookingStatus.REQUESTED, ask, ""),
                                         (BookingStatus.ACCEPTED, ask + timedelta(days=1), "受け付けました。台数は前週に確定します"),
                                         (BookingStatus.CONFIRMED, day.date - timedelta(days=5), "UD車1台、9:15に営業所を出ます")])
        _book(user, day, second, sedan2, 1, [(BookingStatus.REQUESTED, ask, ""),
                                             (BookingStatus.CONFIRMED, ask + timedelta(days=2), "顔なじみの乗務員が担当します")],
              by=RequestBy.PHONE)
        came = {p.pk: not (i == 1 and n == 0) for n, p in enumerate(p for p in riders if day in p.days.all())}
        fares = [{"company": first, "car": "1号車（行き）", "fare": 2900 + 100 * i, "tickets": 2},
                 {"company": second, "car": "2号車（行き）", "fare": 2600, "tickets": 0},
                 {"company": first, "car": "1号車（帰り）", "fare": 3000, "tickets": 2},
                 {"company": second, "car": "2号車（帰り）", "fare": 2700 + 100 * i, "tickets": 1}]
        wrong = ["", "1人が当日の朝に体調不良で欠席（前日に電話で確認していた）。2号車は坂の上の家が分からず5分遅れた。"
                     "次回は目印を配車表に書く。", "市場の駐車場が混み、帰りの乗車に15分かかった。乗り場を決めておく。"][i]
        services.day_record(user=user, day=day, came=came, fares=fares, went_wrong=wrong)
    return 1


def _minami(ward: Place, rng: random.Random) -> int:
    lead = _people(ward, Role.WARD_COORDINATOR)[0]
    partners = list(Partner.objects.filter(place=ward, organisation__kind=OrganisationKind.TAXI)
                    .select_related("organisation").order_by("pk"))
    companies = []
    if partners:
        for i, partner in enumerate(partners):
            cooperating = partner.status == PartnerStatus.COOPERATING
            companies.append((cooperating, services.company_save(
                user=lead, company=None, place=ward, partner=partner, name=partner.organisation.name,
                name_kana=partner.organisation.name_kana, phone=f"045-000-{7300 + i:04d}",
                fax=f"045-000-{7400 + i:04d}" if cooperating else "", request_by=RequestBy.FAX if cooperating
                else RequestBy.PHONE, lead_days=10 if cooperating else 7,
                request_hours="平日 9:00〜17:00" if cooperating else "",
                note=("意見交換会（9月）のあと協力を申し出。依頼は区の依頼票をFAXで、10日前まで。提案様式で見積もりをもらう。"
                      if cooperating else "9月の意見交換会に参加。地域活動での利用は検討中。"))))
    else:
        for i, name in enumerate(["弘明寺交通", "井土ケ谷タクシー"]):
            companies.append((True, services.company_save(user=lead, company=None, place=ward, name=name,
                                                          phone=f"045-000-{7300 + i:04d}", request_by=RequestBy.FAX,
                                                          lead_days=10)))
    working = [c for ok, c in companies if ok][:2]
    if not working:
        return len(companies)
    vehicles = []
    for company in working:
        vehicles.append(Vehicle.objects.create(company=company, name="セダン", seats=4, count=5))
        Vehicle.objects.create(company=company, name="ジャパンタクシー（UD）", seats=4, wheelchair_spaces=1,
                               universal_design=True, count=2)
    area = Place.objects.filter(kind=Kind.CP_AREA, path__startswith=ward.path).order_by("path").first()
    district = Place.objects.filter(kind=Kind.DISTRICT, path__startswith=area.path).order_by("path").first() or area
    user = _writer(ward, district)
    today = timezone.localdate()
    day = today + timedelta(days=45)
    outing = services.outing_create(
        user=user, place=district, title="高齢者食事会への送迎（モデル地区）", status=Status.REQUESTED,
        group_name=f"{district.name} 高齢者食事会", destination_name=f"{district.name} 地区センター（食事会会場）",
        purpose="1人で会場まで来られなくなった参加者を、協力会社のタクシーで送迎する試み。モデル地区での取組を区内に広げる。",
        organiser=f"{district.name}社会福祉協議会",
        days=[{"date": day, "arrive_by": time(11, 30), "leave_at": time(13, 30)}])
    blocks = _blocks(district) or _blocks(area)
    _riders(user, outing, ward, blocks, 8, rng, today - timedelta(days=5), list(outing.days.all()))
    _book(user, outing.days.get(), working[0], vehicles[0], 2,
          [(BookingStatus.REQUESTED, today - timedelta(days=3), ""),
           (BookingStatus.ACCEPTED, today - timedelta(days=2), "受け付けました。台数と時刻は2週間前に確定します")])
    return len(companies)


def _tsuzuki(ward: Place, rng: random.Random) -> int:
    lead = _people(ward, Role.WARD_COORDINATOR)[0]
    made = []
    for i, partner in enumerate(Partner.objects.filter(place=ward, organisation__kind=OrganisationKind.TAXI)
                                .select_related("organisation").order_by("pk")):
        company = services.company_save(
            user=lead, company=None, place=ward, partner=partner, name=partner.organisation.name,
            phone=f"045-000-{7500 + i:04d}", request_by=RequestBy.PHONE, lead_days=7,
            note="「高齢者等の移動支援を考える会」に参加。" + ("サービスB団体の送迎を試行中。" if i == 0 else ""))
        made.append(company)
    if not made:
        made.append(services.company_save(user=lead, company=None, place=ward, name="都筑交通", lead_days=7,
                                          request_by=RequestBy.PHONE))
    ud = Vehicle.objects.create(company=made[0], name="ジャパンタクシー（UD）", seats=4, wheelchair_spaces=1,
                                universal_design=True, count=2)
    Vehicle.objects.create(company=made[0], name="ワゴン", seats=6, count=1)
    service_b = Organisation.objects.filter(kind=OrganisationKind.SERVICE_B, place__path__startswith=ward.path) \
        .select_related("place").order_by("pk").first()
    area = service_b.place if service_b else Place.objects.filter(kind=Kind.CP_AREA, path__startswith=ward.path) \
        .order_by("path").first()
    user = _writer(ward, area)
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in (30, 37)]
    outing = services.outing_create(
        user=user, place=area, title="サービスB 通いの場への送迎（試行）", status=Status.REQUESTED,
        group_name=service_b.name if service_b else "サービスB団体", destination_name="通いの場（地区センター 和室）",
        purpose="送迎があれば通える利用者のために、タクシー会社と連携した送迎の仕組みを試す（利用者の意向調査をもとに）。",
        organiser=service_b.name if service_b else "",
        days=[{"date": d, "arrive_by": time(10), "leave_at": time(12)} for d in days])
    _riders(user, outing, ward, _blocks(area), 5, rng, today, list(outing.days.all()))
    _book(user, outing.days.first(), made[0], ud, 1, [(BookingStatus.REQUESTED, today, "")], by=RequestBy.PHONE)
    return len(made)


def load_outings() -> str:
    if TaxiCompany.objects.exists():
        return "お出かけ支援のデモは読み込み済みです。"
    rng = random.Random(14)
    counts = {}
    with transaction.atomic():
        for name, load, label in [("中区", _naka, "中区のお買物ツアー"), ("南区", _minami, "南区のタクシー会社"),
                                  ("都筑区", _tsuzuki, "都筑区のタクシー会社")]:
            ward = _ward(name)
            if ward is None or not _people(ward, Role.WARD_COORDINATOR):
                continue
            counts[label] = load(ward, rng)
    if not counts:
        return "お出かけ支援のデモは読み込みませんでした（デモの区が見つかりません）。"
    return "お出かけ支援のデモを読み込みました: " + ", ".join(f"{k} {v}" for k, v in counts.items())
