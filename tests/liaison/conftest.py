"""Records of 中区 for the ward view, the pack and the search (cast: tests/conftest.py `world`).

簑沢 (CP): this 年度's sheet with two plan items and 目指す地域の姿 written, a comment from the
1層Co; memos at 第6地区 and at the CP area itself, one older than the period and one deleted.
本牧 (CP): one memo, no sheet. 磯子区's 屛風ヶ浦: a memo and a sheet that must never show in 中区.
A liaison meeting of 中区 ten days ago; the district plan of 第6地区; the 上半期 hearing round with
簑沢's sheet submitted.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.utils import timezone

from tests.shared_rows import shareable
from tests.sheets.records_factory import make_memo, make_sheet
from tsunagu.district_plans import services as plan_services
from tsunagu.hearings import services as hearing_services
from tsunagu.hearings.models import SheetStatus
from tsunagu.hearings.services import ItemInput
from tsunagu.liaison import services as liaison_services
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos import services as memo_services
from tsunagu.memos.models import Memo, MemoKind, Stage
from tsunagu.sheets import services as sheet_services
from tsunagu.sheets.models import SectionKey

DAYS_SINCE_MEETING = 10


def plan_data(**overrides) -> dict:
    data = {"start_year": 2026, "end_year": 2028, "status": "drafting",
            "current_state": "坂が多く、買い物に困る高齢者が増えている。", "goals": ["歩いて行ける居場所を増やす"],
            "directions": "地区社協と一緒にサロンの立ち上げを支える。", "partners": "地区社協、民生委員",
            "partner_organisations": [], "partner_area_id": None, "note": ""}
    data.update(overrides)
    return data


def written_before(memo: Memo, days: int) -> Memo:
    """As if the memo had been written `days` ago (created_at is set by the database on insert)."""
    Memo.objects.filter(pk=memo.pk).update(created_at=timezone.now() - timedelta(days=days))
    memo.refresh_from_db()
    return memo


def make_ward_records(world) -> SimpleNamespace:
    today = timezone.localdate()
    kinds = {k.name: k for k in MemoKind.objects.filter(ward__isnull=True)}
    stages = {s.name: s for s in Stage.objects.filter(ward__isnull=True)}
    salon_kind, first_stage = next(iter(kinds.values())), next(iter(stages.values()))
    meeting = liaison_services.meeting_create(user=world.naka_1so, ward=world.naka,
                                              date=today - timedelta(days=DAYS_SINCE_MEETING),
                                              title="生活支援Co連絡会", note="サロンの情報交換")

    sheet = make_sheet(world.minosawa_2so, world.minosawa, vision="誰もが気軽に集える地域",
                       items=[("サロンの立ち上げ支援", Pillar.GATHERING, "第6地区に新しいサロンを1か所"),
                              ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場")])
    first, _second = sheet.plan_items.all()
    comment = sheet_services.comment_add(user=world.naka_1so, section=sheet.section(SectionKey.VISION),
                                         text="住民の言葉で書けています")
    salon = make_memo(world.minosawa_2so, world.d6, "第6地区サロン準備会", days_ago=0, plan_items=[first],
                      pillars=[Pillar.GATHERING, Pillar.WATCHING], functions=[CoordinatorFunction.NETWORK],
                      kind=salon_kind, stage=first_stage, content="会場の候補を三つ見に行った。タイソウの会の代表も参加。")
    shopping = make_memo(world.minosawa_2so, world.minosawa, "買い物支援の相談", days_ago=20,
                         pillars=[Pillar.DAILY_SUPPORT], functions=[])
    written_before(shopping, DAYS_SINCE_MEETING + 5)
    old = make_memo(world.minosawa_2so, world.minosawa, "昨年度の見守り訪問", days_ago=400,
                    pillars=[Pillar.WATCHING])
    deleted = make_memo(world.minosawa_2so, world.minosawa, "消したメモ", days_ago=3)
    memo_services.memo_delete(user=world.minosawa_2so, memo=deleted)
    honmoku = make_memo(world.naka_1so, world.honmoku, "本牧の交流会", days_ago=5, pillars=[Pillar.GATHERING])
    isogo_memo = make_memo(world.byobugaura_2so, world.byobugaura, "屛風ヶ浦の移動販売", days_ago=1,
                           pillars=[Pillar.DAILY_SUPPORT], content="ヒガシ商店の移動販売が坂の上に来た")
    isogo_sheet = make_sheet(world.byobugaura_2so, world.byobugaura, vision="坂の上でも買い物に困らない")

    plan = plan_services.plan_create(user=world.naka_chiku, district=world.d6, data=plan_data())
    item_set = hearing_services.hearing_set_create(
        user=world.naka_1so, ward=world.naka, name="2層Coヒアリング",
        items=[ItemInput(title="通いの場", prompt="通いの場の状況"), ItemInput(title="見守り", prompt="見守りの様子")])
    hearing = hearing_services.hearing_round_open(
        user=world.naka_1so, item_set=item_set, name="上半期ヒアリング", starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30), areas=[world.minosawa, world.honmoku])
    hearing_sheet = hearing.sheets.get(area=world.minosawa)
    answers = {i.pk: text for i, text in zip(hearing.asked_items(), ["サロンが三か所で再開", "民生委員と情報交換"],
                                             strict=True)}
    hearing_services.sheet_save(user=world.minosawa_2so, sheet=hearing_sheet, seen_version=hearing_sheet.version,
                                status=SheetStatus.SUBMITTED, answers=answers)
    return SimpleNamespace(
        today=today, meeting=meeting, sheet=sheet, item=first, comment=comment, salon=salon, shopping=shopping,
        old=old, deleted=deleted, honmoku=honmoku, isogo_memo=isogo_memo, isogo_sheet=isogo_sheet, plan=plan,
        hearing=hearing, hearing_sheet=hearing_sheet, kind=salon_kind, stage=first_stage,
        period={"period": "custom", "start": f"{today - timedelta(days=60):%Y-%m-%d}", "end": f"{today:%Y-%m-%d}"},
    )


_ward_records_rows, ward_records = shareable("ward_records", make_ward_records)


def on(day: date) -> str:
    return f"{day:%Y-%m-%d}"
