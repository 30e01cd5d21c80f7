"""The casebook's teams and partners in the demo (issue 13): 旭区's thirteen 2層Co in three 班, each
running a network (食事サービス, サロン, ちょこっとVo); 南区's seven taxi companies consulted after the
September exchange meeting, two of them cooperating, with the taxi association's advice; 栄区's
supermarkets running 19 mobile-sales sites; 都筑区's taxi companies at 「高齢者等の移動支援を考える会」.

Written through the services, as each ward's 1層Co would, so that history and audit are as real.
No memos: the records demo (records.py) draws every memo from its own plan, in other wards.
Adds nothing once 旭区 has a team."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.partners import services as partners
from tsunagu.partners.models import Offer, Partner, Status
from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role
from tsunagu.places.models import Kind, Place
from tsunagu.teams import services as teams
from tsunagu.teams.models import Team, TeamKind


def _ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _ward(name: str) -> Place | None:
    return Place.objects.filter(kind=Kind.WARD, name=name).first()


def _people(ward: Place, role: str):
    return [m.user for m in Membership.objects.active().filter(role=role, organisation__place__path__startswith=ward.path)
            .select_related("user", "organisation__place").order_by("organisation__place__path", "pk")]


def _asahi(ward: Place) -> int:
    lead = _people(ward, Role.WARD_COORDINATOR)[0]
    coordinators = _people(ward, Role.AREA_COORDINATOR)[:13]
    districts = list(Organisation.objects.filter(place__path__startswith=ward.path,
                                                 kind=OrganisationKind.DISTRICT_COUNCIL).order_by("name")[:9])
    made = 0
    for i, (team_name, network_name, purpose) in enumerate([
        ("食事サービス班", "食事サービス連絡会", "区内の食事会の代表者が集まる連絡会を企画・運営し、取材やアンケートで団体同士をつなぐ"),
        ("サロン班", "サロン連絡会", "サロンの担い手同士の情報交換と研修を企画・運営する"),
        ("ちょこっとVo班", "ちょこっとボランティア連絡会", "ちょっとした困りごとを手伝うボランティアの活動支援とつながりづくり"),
    ]):
        members = coordinators[i::3]
        team = teams.team_create(user=lead, place=ward, name=team_name, purpose=purpose,
                                 lead=members[0] if members else lead, members=[lead, *members])
        teams.team_create(user=lead, kind=TeamKind.NETWORK, place=ward, name=network_name, run_by=team,
                          purpose=f"{team_name}が運営する区域の連絡会", organisations=districts[i::3])
        made += 2
    teams.team_create(user=lead, place=ward, name="資源開発班",
                      purpose="企業・施設など多様な主体や新しい住民層と連携し、地域課題に対する資源を創出・開発する（次年度から）",
                      members=[lead, *coordinators[:2]])
    return made + 1


def _partner(user, ward, name, kind, *, place=None, steps, offers=(), offer="", area="", contact=None, log=()):
    # The company may be there from an earlier load whose partners were taken out.
    organisation, _ = Organisation.objects.get_or_create(name=name, place=place or ward, defaults={"kind": kind})
    first_status, first_day = steps[0]
    partner = partners.partner_create(user=user, ward=ward, organisation=organisation, status=first_status,
                                      on=_ago(first_day), offers=offers, offer=offer, area=area)
    for status, day, note in steps[1:]:
        partner = partners.partner_set_status(user=user, partner=partner, seen_version=partner.version, status=status,
                                              on=_ago(day), note=note)
    if contact:
        partners.contact_save(user=user, partner=partner, **contact)
    for day, their, summary, agreed in log:
        partners.log_create(user=user, partner=partner, place=ward, date=_ago(day), their_people=their,
                            summary=summary, agreed=agreed)
    return partner


def _minami(ward: Place) -> int:
    user = _people(ward, Role.WARD_COORDINATOR)[0]
    meeting = (90, "7社の担当者", "意見交換会：区内の地域活動の状況、高齢者の外出・移動の課題を説明",
               "地域活動でのタクシー利用に協力できるか、各社で検討して返事をもらう")
    _partner(user, ward, "神奈川県タクシー協会", OrganisationKind.OTHER, place=ward.parent,
             steps=[(Status.CONSULTING, 120), (Status.COOPERATING, 110, "モデル地区で始めるよう助言をいただく")],
             offers=[Offer.TRAINING], offer="タクシー会社への声掛け、説明会での便利な使い方の説明",
             log=[(110, "協会の担当者", "区域での仕組みづくりについて相談",
                   "モデル地区を選定して具体的な取組から始める。9月に区内・近隣の7社との意見交換会")])
    companies = ["弘明寺交通", "井土ケ谷タクシー", "蒔田自動車", "六ツ川交通", "永田タクシー", "大岡交通", "南みなとタクシー"]
    for i, name in enumerate(companies):
        steps = [(Status.CONSULTING, 95)]
        if i < 2:
            steps.append((Status.COOPERATING, 75, "意見交換会のあと協力を申し出"))
        elif i == 6:
            steps.append((Status.DECLINED, 70, "車両と乗務員に余裕がない"))
        _partner(user, ward, name, OrganisationKind.TAXI, steps=steps, offers=[Offer.TRANSPORT] if i < 2 else [],
                 offer="日帰り旅行・食事会への送迎（モデル地区から）" if i < 2 else "",
                 contact={"name": "配車担当", "title": "営業所", "note": "平日午前がつながりやすい"} if i < 2 else None,
                 log=[meeting] if i < 2 else [])
    return len(companies) + 1


def _sakae(ward: Place) -> int:
    user = _people(ward, Role.WARD_COORDINATOR)[0]
    _partner(user, ward, "さかえストア", OrganisationKind.SUPERMARKET, place=ward.parent,
             steps=[(Status.CONSULTING, 700), (Status.COOPERATING, 650, "移動販売を2か所で開始")],
             offers=[Offer.MOBILE_SALES, Offer.WATCH], area="区内14か所",
             offer="週1回の移動販売。地元Voが設営と品出しを手伝う。気になる利用者は2層Coへ",
             log=[(60, "移動販売担当", "移動販売サポートVo情報交換会の報告",
                   "Voの手助けの範囲を一緒に整理する。販売場所での出前講座を試す")])
    _partner(user, ward, "とくし丸 栄エリア", OrganisationKind.SUPERMARKET,
             steps=[(Status.CONSULTING, 500), (Status.COOPERATING, 450, "5か所で開始")],
             offers=[Offer.MOBILE_SALES, Offer.DELIVERY], area="区内5か所", offer="軽トラックでの移動販売")
    _partner(user, ward, "本郷台商店会", OrganisationKind.SHOP, steps=[(Status.CONSULTING, 40)],
             offers=[Offer.DELIVERY], offer="電話注文での配達（相談中）")
    return 3


def _tsuzuki(ward: Place) -> int:
    user = _people(ward, Role.WARD_COORDINATOR)[0]
    forum = (180, "3社の担当者", "第2回 高齢者等の移動支援を考える会",
             "サービスB団体でのタクシー送迎の仕組み、乗務員向けの研修の2つを検討する")
    _partner(user, ward, "都筑交通", OrganisationKind.TAXI,
             steps=[(Status.CONSULTING, 400), (Status.COOPERATING, 170, "考える会で連携を確認")],
             offers=[Offer.TRANSPORT, Offer.TRAINING], offer="サービスB団体の送迎。乗務員の認知症サポーター養成講座",
             log=[forum, (45, "営業所長", "サービスB団体との顔合わせ", "利用者の意向調査の結果を見て送迎ルートを検討")])
    _partner(user, ward, "港北ニュータウン交通", OrganisationKind.TAXI,
             steps=[(Status.CONSULTING, 400), (Status.COOPERATING, 170, "研修の受講を承諾")],
             offers=[Offer.TRAINING], offer="勤務体制に合わせたミニ講座なら受講できる", log=[forum])
    _partner(user, ward, "センター南タクシー", OrganisationKind.TAXI, steps=[(Status.CONSULTING, 180)], log=[forum])
    return 3


def load_teams_and_partners() -> str:
    if Team.objects.filter(place__name="旭区").exists() or Partner.objects.exists():
        return "チーム・協力先のデモは読み込み済みです。"
    counts = {}
    with transaction.atomic():
        for name, load, label in [("旭区", _asahi, "チーム・ネットワーク"), ("南区", _minami, "南区の協力先"),
                                  ("栄区", _sakae, "栄区の協力先"), ("都筑区", _tsuzuki, "都筑区の協力先")]:
            ward = _ward(name)
            if ward is None or not _people(ward, Role.WARD_COORDINATOR):
                continue
            counts[label] = load(ward)
    if not counts:
        return "チーム・協力先のデモは読み込みませんでした（デモの区が見つかりません）。"
    return "チーム・協力先のデモを読み込みました: " + ", ".join(f"{k} {v}" for k, v in counts.items())
