"""取組共有シート's writes: one sheet per CP per 年度, sections saved apart with their own versions,
every change kept, carry-over from last year, comments by the 1層Co."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.sheets.records_factory import make_sheet, this_year
from tsunagu.audit.models import AuditEntry
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.morphology import with_every_word
from tsunagu.lib.programme import Pillar
from tsunagu.sheets import services
from tsunagu.sheets.models import PlanItem, SectionKey, SectionStatus, Sheet, SheetChange

pytestmark = pytest.mark.django_db


def test_a_new_sheet_has_five_sections_not_started(world):
    sheet = services.sheet_create(user=world.minosawa_2so, place=world.minosawa, fiscal_year=2024)
    assert [s.key for s in sheet.sections.order_by("pk")] == [k.value for k in SectionKey]
    assert {s.status for s in sheet.sections.all()} == {SectionStatus.NOT_STARTED}
    assert AuditEntry.objects.filter(action="sheet.create", target_id=sheet.pk).count() == 1


def test_a_second_sheet_for_the_same_cp_and_year_is_refused(world):
    services.sheet_create(user=world.minosawa_2so, place=world.minosawa, fiscal_year=2024)
    with pytest.raises(ValidationError, match="もうあります"):
        services.sheet_create(user=world.naka_1so, place=world.minosawa, fiscal_year=2024)
    assert Sheet.objects.filter(place=world.minosawa).count() == 1


@pytest.mark.parametrize("who", ["byobugaura_2so", "naka_ward", "naka_chiku", "minosawa_staff", "naka_cm"])
def test_only_writers_of_the_cp_create_its_sheet(world, who):
    with pytest.raises(PermissionDenied):
        services.sheet_create(user=getattr(world, who), place=world.minosawa, fiscal_year=2024)


def test_sheets_are_for_cp_areas_only(world):
    with pytest.raises(PermissionDenied):
        services.sheet_create(user=world.naka_1so, place=world.d6, fiscal_year=2024)


def test_saving_a_section_raises_its_version_and_keeps_old_and_new(world, records):
    section = records.sheet.section(SectionKey.CURRENT)
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="坂が多く、外出が減った方が多い", status=SectionStatus.DRAFTING)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version,
                            text="坂が多く、外出が減った方が多い。買い物の足が課題", status=SectionStatus.SUBMITTED)
    section.refresh_from_db()
    assert section.version == 3
    last = SheetChange.objects.filter(sheet=records.sheet, section_key="current").order_by("-version").first()
    assert last.version == 3 and last.actor == world.naka_1so
    assert last.changes["text"] == ["坂が多く、外出が減った方が多い", "坂が多く、外出が減った方が多い。買い物の足が課題"]
    assert last.changes["status"] == [SectionStatus.DRAFTING, SectionStatus.SUBMITTED]


def test_a_save_based_on_an_old_version_is_refused_and_the_stored_text_stays(world, records):
    section = records.sheet.section(SectionKey.CURRENT)
    seen = section.version
    services.section_update(user=world.minosawa_2so, section=section, seen_version=seen, text="先に保存した文",
                            status=SectionStatus.DRAFTING)
    stale = records.sheet.section(SectionKey.CURRENT)  # the object as the second editor loaded it
    stale.refresh_from_db()
    stale.version = seen
    with pytest.raises(EditConflict) as caught:
        services.section_update(user=world.naka_1so, section=stale, seen_version=seen, text="後から保存しようとした文",
                                status=SectionStatus.DRAFTING)
    assert caught.value.current.text == "先に保存した文"
    stale.refresh_from_db()
    assert stale.text == "先に保存した文"


def test_two_people_saving_different_sections_of_one_sheet_both_succeed(world, records):
    vision = records.sheet.section(SectionKey.VISION)
    current = records.sheet.section(SectionKey.CURRENT)
    seen_vision, seen_current = vision.version, current.version
    services.section_update(user=world.minosawa_2so, section=vision, seen_version=seen_vision, text="Aさんの文",
                            status=SectionStatus.DRAFTING)
    services.section_update(user=world.naka_1so, section=current, seen_version=seen_current, text="Bさんの文",
                            status=SectionStatus.DRAFTING)
    texts = {s.key: s.text for s in records.sheet.sections.all()}
    assert texts["vision"] == "Aさんの文" and texts["current"] == "Bさんの文"


def test_a_review_section_holds_each_plan_items_review(world, records):
    section = records.sheet.section(SectionKey.REVIEW_HALF)
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="上半期のまとめ", status=SectionStatus.SUBMITTED,
                            reviews={records.first.pk: "準備会を2回開いた", records.second.pk: ""})
    records.first.refresh_from_db()
    assert records.first.review_half == "準備会を2回開いた" and records.first.review_year == ""
    change = SheetChange.objects.filter(section_key="review_half").order_by("-version").first()
    assert change.data[f"item-{records.first.pk}"] == "準備会を2回開いた"


def test_a_2so_may_not_mark_a_section_confirmed_but_the_1so_may(world, records):
    section = records.sheet.section(SectionKey.VISION)
    with pytest.raises(ValidationError, match="1層"):
        services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                                text=section.text, status=SectionStatus.CONFIRMED)
    section = records.sheet.section(SectionKey.VISION)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version, text=section.text,
                            status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    assert section.status == SectionStatus.CONFIRMED


def test_a_2so_changing_a_confirmed_section_reopens_it(world, records):
    section = records.sheet.section(SectionKey.VISION)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version, text=section.text,
                            status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    # The form still says 確認済 (the 2層Co did not touch the status): the save goes through, reopened.
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="書き直した", status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    assert (section.text, section.status) == ("書き直した", SectionStatus.DRAFTING)
    change = records.sheet.changes.filter(section_key=SectionKey.VISION).order_by("-pk").first()
    assert change.how == "reopen" and change.changes["status"] == [SectionStatus.CONFIRMED, SectionStatus.DRAFTING]
    assert AuditEntry.objects.about(records.sheet).first().action == "sheet.reopen"
    # A status they chose themselves is kept (提出済: written again and handed in).
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version, text=section.text,
                            status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="もう一度書き直した", status=SectionStatus.SUBMITTED)
    section.refresh_from_db()
    assert section.status == SectionStatus.SUBMITTED


def test_saving_a_confirmed_section_unchanged_keeps_it_confirmed(world, records):
    section = records.sheet.section(SectionKey.VISION)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version, text=section.text,
                            status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text=section.text, status=SectionStatus.CONFIRMED)
    section.refresh_from_db()
    assert section.status == SectionStatus.CONFIRMED


@pytest.mark.parametrize("who", ["byobugaura_2so", "isogo_1so", "naka_ward", "naka_chiku", "minosawa_staff"])
def test_a_section_is_written_only_by_the_cps_writers(world, records, who):
    section = records.sheet.section(SectionKey.VISION)
    with pytest.raises(PermissionDenied):
        services.section_update(user=getattr(world, who), section=section, seen_version=section.version,
                                text="x", status=SectionStatus.DRAFTING)


def test_carry_over_brings_the_vision_and_the_plan_items_and_leaves_the_reviews_empty(world, records):
    review = records.sheet.section(SectionKey.REVIEW_YEAR)
    services.section_update(user=world.minosawa_2so, section=review, seen_version=review.version, text="年度末",
                            status=SectionStatus.SUBMITTED, reviews={records.first.pk: "サロンが1つ生まれた"})
    new = services.sheet_carry_over(user=world.minosawa_2so, place=world.minosawa, fiscal_year=this_year() + 1)
    assert new.carried_from == records.sheet and new.fiscal_year == this_year() + 1
    texts = {s.key: (s.text, s.status) for s in new.sections.all()}
    assert texts["vision"] == ("誰もが気軽に集える地域", SectionStatus.DRAFTING)
    assert texts["current"] == ("", SectionStatus.NOT_STARTED)
    assert texts["review_year"] == ("", SectionStatus.NOT_STARTED)
    items = list(new.plan_items.values_list("title", "pillar", "goal", "review_half", "review_year"))
    assert items == [("サロンの立ち上げ支援", Pillar.GATHERING, "第6地区に新しいサロンを1か所", "", ""),
                     ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場", "", "")]
    # Last year's sheet is untouched.
    records.first.refresh_from_db()
    assert records.first.review_year == "サロンが1つ生まれた" and records.first.sheet == records.sheet


def test_carry_over_is_refused_when_this_years_sheet_exists(world, records):
    make_sheet(world.minosawa_2so, world.minosawa, this_year() - 1)
    with pytest.raises(ValidationError, match="もうあります"):
        services.sheet_carry_over(user=world.minosawa_2so, place=world.minosawa, fiscal_year=this_year())
    assert records.sheet.plan_items.count() == 2


def test_carry_over_needs_last_years_sheet(world):
    with pytest.raises(ValidationError, match="引き継げません"):
        services.sheet_carry_over(user=world.minosawa_2so, place=world.minosawa, fiscal_year=2025)
    assert not Sheet.objects.exists()


def test_plan_items_are_added_moved_edited_and_removed_with_history(world, records):
    third = services.plan_item_create(user=world.minosawa_2so, sheet=records.sheet, title="移動販売の試行",
                                      pillar=Pillar.DAILY_SUPPORT, goal="月2回")
    services.plan_item_move(user=world.minosawa_2so, item=third, by=-1)
    assert list(records.sheet.plan_items.values_list("title", flat=True)) == [
        "サロンの立ち上げ支援", "移動販売の試行", "見守りの輪づくり"]
    third.refresh_from_db()
    services.plan_item_update(user=world.naka_1so, item=third, seen_version=third.version, title="移動販売の試行",
                              pillar=Pillar.DAILY_SUPPORT, goal="月2回、坂の上の公園で")
    with pytest.raises(EditConflict):
        services.plan_item_update(user=world.minosawa_2so, item=third, seen_version=1, title="x",
                                  pillar=Pillar.DAILY_SUPPORT)
    services.plan_item_delete(user=world.minosawa_2so, item=third)
    assert not PlanItem.objects.filter(pk=third.pk).exists()
    removed = SheetChange.objects.get(how="item_remove")
    assert removed.subject == "移動販売の試行" and removed.changes["goal"] == ["月2回、坂の上の公園で", ""]


def test_removing_a_plan_item_keeps_the_memos_linked_to_it(world, records):
    services.plan_item_delete(user=world.minosawa_2so, item=records.first)
    records.memo.refresh_from_db()
    assert records.memo.deleted_at is None and records.memo.plan_items.count() == 0


def test_a_plan_item_needs_a_title_and_a_pillar(world, records):
    with pytest.raises(ValidationError):
        services.plan_item_create(user=world.minosawa_2so, sheet=records.sheet, title=" ", pillar=Pillar.WATCHING)
    with pytest.raises(ValidationError):
        services.plan_item_create(user=world.minosawa_2so, sheet=records.sheet, title="x", pillar="other")


def test_comments_are_the_1sos_and_the_2so_marks_them_done(world, records):
    section = records.sheet.section(SectionKey.VISION)
    with pytest.raises(PermissionDenied):
        services.comment_add(user=world.minosawa_2so, section=section, text="自分で")
    with pytest.raises(PermissionDenied):
        services.comment_add(user=world.isogo_1so, section=section, text="他区")
    comment = services.comment_add(user=world.naka_1so, section=section, text="地域の姿を住民の言葉で書けると良いです")
    services.comment_resolve(user=world.minosawa_2so, comment=comment)
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == world.minosawa_2so
    with pytest.raises(PermissionDenied):
        services.comment_resolve(user=world.byobugaura_2so, comment=comment)


def test_the_sheet_is_searchable_with_the_directorys_normalisation(world, records):
    section = records.sheet.section(SectionKey.CURRENT)
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="ｻﾛﾝの担い手が高齢化", status=SectionStatus.DRAFTING)
    assert list(Sheet.objects.search("さろん 担い手")) == [records.sheet]
    assert list(Sheet.objects.search("見守りの輪")) == [records.sheet]
    assert not Sheet.objects.search("移動販売").exists()


def test_the_sheet_is_found_by_any_spelling_of_its_words(world, records):
    # Issue 12: the same analyser as the directory (lib/morphology.py), for sections and plan items.
    section = records.sheet.section(SectionKey.CURRENT)
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="買物に困る人が多い。こども食堂は一か所。", status=SectionStatus.DRAFTING)
    for query in ("買い物", "買物", "かいもの"):  # 屛風ヶ浦's sheet writes 買い物, this one 買物
        assert set(Sheet.objects.search(query)) == {records.sheet, records.isogo_sheet}, query
    for query in ("子供食堂", "子ども食堂", "みまもり"):  # みまもり: the plan item 見守りの輪づくり
        assert list(Sheet.objects.search(query)) == [records.sheet], query
    assert list(with_every_word(PlanItem.objects.filter(sheet=records.sheet), "みまもり")) == [records.second]
