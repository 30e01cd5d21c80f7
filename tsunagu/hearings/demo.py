"""The demo's ヒアリング, after the casebook's 神奈川区 case: the 1層Co and the ward's 包括ケア係長 heard
every 2層Co in June–August on 通いの場, 生活支援, 見守り, 移動支援・移動販売, 地域支援・地福計画 and
個別相談の傾向. Run after the demo's places and accounts exist (tsunagu/demo/yokohama.py):

    from tsunagu.hearings.demo import build_demo_hearings
    build_demo_hearings()

Sheets are written through the services: most CPs submitted (some first written by the 2層Co,
then completed by the 1層Co during the hearing), a few still in progress or not started.
"""

from __future__ import annotations

from datetime import date

from tsunagu.hearings import services
from tsunagu.hearings.models import HearingSet, SheetStatus
from tsunagu.people.models import Membership, Role, User
from tsunagu.places.models import Kind, Place

ANSWERS = {
    "通いの場": [
        "休んでいたサロン5か所のうち3か所が再開した。再開の支援に多くの時間を使っている。",
        "体操の会は再開したが、会食会は再開のめどが立たない。代表者が高齢で、次の担い手がいない。",
        "地域の方の「どこにも行く場がない」という声を受け、包括と一緒に元気づくりステーションを立ち上げた。",
    ],
    "生活支援": [
        "ちょっとした困りごとを手伝うボランティアの会と、依頼の受け方を相談している。",
        "ごみ出しや電球の交換など、短時間の手助けの依頼が増えている。",
    ],
    "見守り": [
        "ふれあい活動員同士が顔を合わせる場がなく、個々の見守りの様子がつかみにくい。",
        "住民支え合いマップの更新が止まっている。研修を受けていない自治会がある。",
        "民生委員と自治会の見守りが重なっている地区と、抜けている地区がある。",
    ],
    "移動支援・移動販売": [
        "丘の上の自治会から買い物の足の相談。移動販売の事業者に声をかけている。",
        "通院の足に困る声が多い。タクシー会社との連携を1層Coと相談したい。",
    ],
    "地域支援・地福計画": [
        "地区別計画の見直しに向けた話し合いに、地区社協と一緒に参加している。",
        "地区社協の定例会で、CPからの情報提供の時間をもらえるようになった。",
    ],
    "個別相談の傾向": [
        "コロナ禍でフレイル状態の方が増え、生活を維持するのが精一杯になってからの相談が多い。",
        "一人暮らしの方の、家族が遠方で頼れないという相談が増えている。",
    ],
}


def _coordinator_of(area: Place) -> User | None:
    membership = (Membership.objects.active().filter(role=Role.AREA_COORDINATOR, organisation__place=area)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def _ward_coordinator(ward: Place) -> User | None:
    membership = (Membership.objects.active().filter(role=Role.WARD_COORDINATOR, organisation__place=ward)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def _answers(sheet, n: int, titles: list[str]) -> dict[int, str]:
    by_title = {i.title: i.pk for i in sheet.round.asked_items()}
    return {by_title[t]: ANSWERS[t][(n + k) % len(ANSWERS[t])] for k, t in enumerate(titles) if t in by_title}


def build_ward_hearing(ward: Place) -> int:
    """One item set and one round for the ward, its sheets filled in as over a summer."""
    coordinator = _ward_coordinator(ward)
    if coordinator is None or HearingSet.objects.filter(ward=ward).exists():
        return 0
    item_set = services.hearing_set_create(
        user=coordinator, ward=ward, name="2層Coヒアリング",
        description="区包括ケア係長と1層Coが、全CPの2層Coに普段の動きや想い、今後やりたいことを聞きます。",
        items=[services.ItemInput(title=str(t), prompt=str(p)) for t, p in services.KANAGAWA_ITEMS])
    areas = list(Place.objects.filter(kind=Kind.CP_AREA, parent=ward).order_by("code"))
    hearing = services.hearing_round_open(user=coordinator, item_set=item_set, name="令和8年度 上半期ヒアリング",
                                          starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 31), areas=areas)
    titles = list(ANSWERS)
    written = 0
    for n, sheet in enumerate(hearing.sheets.select_related("area").order_by("area__code")):
        if n % 4 == 3:
            continue  # not started yet
        cp = _coordinator_of(sheet.area)
        if cp is not None:
            sheet = services.sheet_save(user=cp, sheet=sheet, seen_version=sheet.version,
                                        status=SheetStatus.IN_PROGRESS, answers=_answers(sheet, n, titles[:3]))
        if n % 4 != 2:
            # Completed at the hearing by the 1層Co.
            sheet = services.sheet_save(user=coordinator, sheet=sheet, seen_version=sheet.version,
                                        status=SheetStatus.SUBMITTED, answers=_answers(sheet, n, titles))
        written += 1
    return written


def build_demo_hearings(wards: tuple[str, ...] = ("神奈川区", "中区")) -> int:
    """Hearings for some wards; the number of sheets written."""
    return sum(build_ward_hearing(ward) for ward in Place.objects.filter(kind=Kind.WARD, name__in=wards))
