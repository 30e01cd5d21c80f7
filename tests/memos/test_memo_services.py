"""取組メモ's writes: filed where the writer may write, linked only to plan items of the place's CP
sheet for the memo's 年度, searchable, deleted softly and brought back."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.sheets.records_factory import make_memo, make_sheet, this_year
from tsunagu.audit.models import AuditEntry
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.fiscal import fiscal_year_range
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos import services
from tsunagu.memos.models import Memo, MemoKind, Stage
from tsunagu.sheets.models import PlanItem

pytestmark = pytest.mark.django_db


def test_the_default_lists_are_seeded():
    assert list(MemoKind.objects.for_ward(None).values_list("name", flat=True))[:8] == [
        "地域アセスメント", "協議体", "立ち上げ支援", "継続支援", "交流会", "研修", "個別相談", "関係機関連携"]
    assert list(Stage.objects.for_ward(None).values_list("name", flat=True)) == [
        "把握", "共有", "検討", "実践", "継続・振り返り"]


def test_a_memo_keeps_its_pillars_functions_and_links(world, records):
    kind = MemoKind.objects.get(name="立ち上げ支援")
    memo = make_memo(world.minosawa_2so, world.d6, "準備会2回目", pillars=[Pillar.WATCHING, Pillar.GATHERING],
                     functions=[CoordinatorFunction.RESOURCE_DEVELOPMENT], kind=kind,
                     organisations=[world.d6_council], plan_items=[records.first, records.second])
    memo.refresh_from_db()
    # Stored in the vocabulary's order, whatever order they were ticked in.
    assert memo.pillar_list == [Pillar.GATHERING, Pillar.WATCHING]
    assert memo.author == world.minosawa_2so and memo.author_name == "minosawa-2so"
    assert set(Memo.objects.with_pillar(Pillar.WATCHING)) == {memo}
    assert set(Memo.objects.with_function(CoordinatorFunction.RESOURCE_DEVELOPMENT)) == {memo}
    assert set(Memo.objects.for_plan_item(records.first)) == {memo, records.memo}
    assert AuditEntry.objects.filter(action="memo.create", target_id=memo.pk).exists()


def test_reads_by_period_and_place(world, records):
    old = make_memo(world.naka_1so, world.minosawa, "前年度の協議体", days_ago=400)
    start, end = fiscal_year_range(this_year())
    assert old not in Memo.objects.in_period(start, end)
    assert records.memo in Memo.objects.in_fiscal_year(this_year())
    assert set(Memo.objects.under(world.minosawa)) == {old, records.memo}
    assert set(Memo.objects.under(world.naka)) == {old, records.memo}
    assert set(Memo.objects.under(world.isogo)) == {records.isogo_memo}


@pytest.mark.parametrize("who", ["byobugaura_2so", "isogo_1so", "naka_ward", "minosawa_staff", "naka_cm", "nobody"])
def test_a_memo_is_filed_only_inside_the_writers_reach(world, who):
    with pytest.raises(PermissionDenied):
        make_memo(getattr(world, who), world.d6, "x")


def test_a_district_officer_writes_in_their_district_only(world):
    make_memo(world.naka_chiku, world.d6, "第6地区の会議")
    with pytest.raises(PermissionDenied):
        make_memo(world.naka_chiku, world.d7, "第7地区")
    with pytest.raises(PermissionDenied):
        make_memo(world.naka_chiku, world.minosawa, "CP全体")


def test_memos_are_not_filed_at_a_ward_or_a_block(world):
    for place in (world.naka, world.block):
        with pytest.raises(PermissionDenied):
            make_memo(world.naka_1so, place, "x")


def test_a_plan_item_of_another_cp_or_year_is_refused(world, records):
    other_cp = make_sheet(world.naka_1so, world.honmoku, items=[("本牧の計画", Pillar.GATHERING, "")])
    with pytest.raises(ValidationError, match="本牧の計画"):
        make_memo(world.naka_1so, world.d6, "x", plan_items=[other_cp.plan_items.get()])
    with pytest.raises(ValidationError, match="シートの項目ではありません"):
        make_memo(world.minosawa_2so, world.d6, "x", days_ago=400, plan_items=[records.first])
    assert Memo.objects.filter(title="x").count() == 0


def test_a_title_is_needed_and_the_date_is_not_in_the_future(world):
    with pytest.raises(ValidationError):
        make_memo(world.minosawa_2so, world.d6, "  ")
    with pytest.raises(ValidationError, match="未来"):
        make_memo(world.minosawa_2so, world.d6, "x", days_ago=-3)


def test_another_wards_kind_cannot_be_chosen(world):
    isogo_kind = services.term_save(user=world.isogo_1so, model=MemoKind, ward=world.isogo, name="移動販売", order=5)
    with pytest.raises(ValidationError, match="移動販売"):
        make_memo(world.minosawa_2so, world.d6, "x", kind=isogo_kind)
    make_memo(world.byobugaura_2so, world.kuraki, "x", kind=isogo_kind)


def test_an_entry_taken_out_of_use_stays_on_the_memos_that_have_it(world, records):
    kind = MemoKind.objects.get(name="交流会")
    memo = make_memo(world.minosawa_2so, world.d6, "交流会", kind=kind)
    services.term_save(user=world.admin, model=MemoKind, term=kind, ward=None, name=kind.name, order=kind.order,
                       active=False)
    kind.refresh_from_db()
    services.memo_update(user=world.minosawa_2so, memo=memo, seen_version=memo.version, date=memo.date,
                         place=memo.place, title="交流会（追記）", kind=kind)
    with pytest.raises(ValidationError):
        make_memo(world.minosawa_2so, world.d6, "新しい交流会", kind=kind)


def test_lists_are_edited_by_the_wards_1so_and_the_defaults_by_the_city(world):
    services.term_save(user=world.naka_1so, model=Stage, ward=world.naka, name="評価", order=60)
    for who in ("minosawa_2so", "naka_chiku", "naka_ward", "isogo_1so"):
        with pytest.raises(PermissionDenied):
            services.term_save(user=getattr(world, who), model=Stage, ward=world.naka, name="x", order=1)
    with pytest.raises(PermissionDenied):
        services.term_save(user=world.naka_1so, model=Stage, ward=None, name="x", order=1)
    services.term_save(user=world.admin, model=Stage, ward=None, name="定着", order=70)
    with pytest.raises(ValidationError, match="もうあります"):
        services.term_save(user=world.naka_1so, model=Stage, ward=world.naka, name="把握", order=1)
    assert list(Stage.objects.for_ward(world.naka).values_list("name", flat=True))[-2:] == ["評価", "定着"]
    assert "評価" not in Stage.objects.for_ward(world.isogo).values_list("name", flat=True)


def test_an_edit_based_on_an_old_version_is_refused(world, records):
    memo = records.memo
    seen = memo.version
    services.memo_update(user=world.naka_1so, memo=memo, seen_version=seen, date=memo.date, place=memo.place,
                         title=memo.title, content="1層Coが追記した")
    stale = Memo.objects.get(pk=memo.pk)
    with pytest.raises(EditConflict) as caught:
        services.memo_update(user=world.minosawa_2so, memo=stale, seen_version=seen, date=memo.date,
                             place=memo.place, title=memo.title, content="2層Coが書き直した")
    assert caught.value.current.content == "1層Coが追記した"
    assert Memo.objects.get(pk=memo.pk).content == "1層Coが追記した"


def test_moving_a_memo_out_of_reach_is_refused(world, records):
    memo = records.memo
    with pytest.raises(PermissionDenied):
        services.memo_update(user=world.minosawa_2so, memo=memo, seen_version=memo.version, date=memo.date,
                             place=world.honmoku, title=memo.title)


def test_delete_hides_and_restore_brings_back(world, records):
    memo = records.memo
    services.memo_delete(user=world.minosawa_2so, memo=memo)
    assert memo not in Memo.objects.live().visible_to(world.naka_1so)
    assert memo in Memo.objects.deleted().changeable_by(world.naka_1so)
    with pytest.raises(PermissionDenied):
        services.memo_restore(user=world.naka_ward, memo=memo)
    services.memo_restore(user=world.naka_1so, memo=memo)
    memo.refresh_from_db()
    assert memo.deleted_at is None and memo.plan_items.get() == records.first


def test_search_uses_the_normalised_text(world, records):
    assert list(Memo.objects.search("タイソウ")) == [records.memo]
    assert list(Memo.objects.search("ｻﾛﾝ 準備会")) == [records.memo]
    # The plan item's title and the place's name are in the memo's text too.
    assert list(Memo.objects.search("立ち上げ支援")) == [records.memo]
    assert list(Memo.objects.search("第6地区")) == [records.memo]
    assert not Memo.objects.search("たいそう 移動販売").exists()


def test_a_memo_dated_last_year_links_to_last_years_sheet(world):
    last = make_sheet(world.minosawa_2so, world.minosawa, this_year() - 1,
                      items=[("昨年度の計画", Pillar.WATCHING, "")])
    day = date(this_year() - 1, 10, 1)
    memo = services.memo_create(user=world.minosawa_2so, date=day, place=world.d6, title="昨年度のメモ",
                                plan_items=[last.plan_items.get()])
    assert memo.plan_items.get().title == "昨年度の計画"
    # This 年度 has no sheet yet: nothing to link to.
    assert list(PlanItem.objects.for_memo_at(world.d6, fiscal_year_range(this_year())[0])) == []


def test_search_finds_every_spelling_of_a_word(world):
    # Issue 12: the records' search has the directory's analyser (lib/morphology.py).
    kaimono = make_memo(world.minosawa_2so, world.d6, "買物支援の打ち合わせ", content="子ども食堂の見学。")
    shogi = make_memo(world.minosawa_2so, world.d6, "しょうぎの会", content="みまもり活動の報告。いきいきと話された。")
    assert list(Memo.objects.search("買い物")) == [kaimono]  # okurigana
    assert list(Memo.objects.search("子供食堂")) == [kaimono]  # 表記ゆれ
    assert list(Memo.objects.search("将棋")) == [shogi]  # kana in the text, kanji in the query
    assert list(Memo.objects.search("見守り")) == [shogi]
    assert list(Memo.objects.search("生き生き")) == [shogi]
    assert list(Memo.objects.search("かいもの")) == [kaimono]  # kanji in the text, kana in the query
    assert not Memo.objects.search("将棋 子供食堂").exists()
