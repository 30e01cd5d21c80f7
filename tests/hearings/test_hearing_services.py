"""Writing ヒアリング: sets whose editing never loses or re-labels old answers, rounds that fix
their items when they open, sheets with status, who filled them, versions, refusal of a save based
on an older version, and the answers' search column."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tests.hearings.conftest import ITEMS, answers_for, items
from tsunagu.audit.models import AuditEntry
from tsunagu.hearings import services
from tsunagu.hearings.models import HearingAnswer, HearingItem, HearingSheet, SheetStatus
from tsunagu.hearings.services import ItemInput
from tsunagu.lib.concurrency import EditConflict


def current_rows(item_set) -> list[ItemInput]:
    return [ItemInput(title=i.title, prompt=i.prompt, id=i.pk) for i in item_set.active_items()]


def test_a_round_asks_the_sets_items_and_opens_an_empty_sheet_per_cp(world, hearings):
    assert [i.title for i in hearings.round.asked_items()] == ITEMS
    assert {s.area for s in hearings.round.sheets.all()} == {world.minosawa, world.honmoku}
    assert all(s.status == SheetStatus.EMPTY and s.version == 1 for s in hearings.round.sheets.all())
    assert AuditEntry.objects.filter(action="hearing_round.open", target_id=hearings.round.pk).count() == 1


def test_a_2so_fills_in_their_sheet_and_submits_it(world, hearings):
    sheet = services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1,
                                status=SheetStatus.IN_PROGRESS,
                                answers=answers_for(hearings.minosawa, 通いの場="サロンが3か所再開した"))
    assert sheet.status == SheetStatus.IN_PROGRESS and sheet.version == 2
    assert sheet.filled_by == world.minosawa_2so and sheet.filled_by_name == "minosawa-2so"
    assert sheet.submitted_at is None
    sheet = services.sheet_save(user=world.naka_1so, sheet=sheet, seen_version=2, status=SheetStatus.SUBMITTED,
                                answers=answers_for(sheet, 見守り="ふれあい活動員の集まりが止まっている"))
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None
    texts = {a.item.title: a.text for a in sheet.answers.select_related("item")}
    assert texts["通いの場"] == "サロンが3か所再開した"  # an answer not posted again is kept
    assert texts["見守り"] == "ふれあい活動員の集まりが止まっている"
    assert sheet.filled_by == world.naka_1so
    assert [v.number for v in sheet.versions.all()] == [3, 2]
    assert sheet.versions.get(number=3).changes["status"] == ["in_progress", "submitted"]
    entry = AuditEntry.objects.filter(action="hearing_sheet.update", target_id=sheet.pk).first()
    assert entry.place_path == world.minosawa.path and "見守り" in entry.changes


def test_a_save_based_on_an_older_version_is_refused_and_writes_nothing(world, hearings):
    services.sheet_save(user=world.naka_1so, sheet=hearings.minosawa, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.minosawa, 生活支援="1層Coが聞いた話"))
    stale = HearingSheet.objects.get(pk=hearings.minosawa.pk)
    with pytest.raises(EditConflict), transaction.atomic():
        services.sheet_save(user=world.minosawa_2so, sheet=stale, seen_version=1, status="in_progress",
                            answers=answers_for(stale, 生活支援="2層Coの下書き"))
    assert HearingAnswer.objects.get(sheet=stale, item__title="生活支援").text == "1層Coが聞いた話"
    assert HearingSheet.objects.get(pk=stale.pk).version == 2


def test_the_status_must_be_in_progress_or_submitted_and_items_the_rounds(world, hearings):
    with pytest.raises(ValidationError):
        services.sheet_save(user=world.naka_1so, sheet=hearings.minosawa, seen_version=1, status="empty", answers={})
    other = hearings.isogo_round.asked_items()[0]
    with pytest.raises(ValidationError):
        services.sheet_save(user=world.naka_1so, sheet=hearings.minosawa, seen_version=1, status="in_progress",
                            answers={other.pk: "よその区の項目"})
    assert not HearingAnswer.objects.filter(sheet=hearings.minosawa).exists()


@pytest.mark.parametrize("role", ["naka_ward", "naka_chiku", "minosawa_staff", "byobugaura_2so", "isogo_1so",
                                  "naka_cm", "nobody"])
def test_those_who_may_not_write_the_sheet_are_refused(world, hearings, role):
    with pytest.raises(PermissionDenied):
        services.sheet_save(user=getattr(world, role), sheet=hearings.minosawa, seen_version=1,
                            status="in_progress", answers={})


def test_a_2so_cannot_write_another_cps_sheet(world, hearings):
    with pytest.raises(PermissionDenied):
        services.sheet_save(user=world.minosawa_2so, sheet=hearings.honmoku, seen_version=1, status="in_progress",
                            answers={})


def test_editing_an_answered_item_keeps_the_old_answers_under_their_old_question(world, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="submitted",
                        answers=answers_for(hearings.minosawa, 見守り="見守りの話", 通いの場="サロンの話"))
    rows = current_rows(hearings.set)
    rows[2] = ItemInput(title="見守り・つながり", prompt="見守りと、人とのつながり", id=rows[2].id)  # renamed
    del rows[5]  # 個別相談の傾向 taken out
    rows.append(ItemInput(title="災害時の支え合い", prompt=""))
    rows[0], rows[1] = rows[1], rows[0]  # reordered
    services.hearing_set_update(user=world.naka_1so, item_set=hearings.set, seen_version=1,
                                name="2層Coヒアリング（改訂）", items=rows)
    # The past round still asks what it asked, with its answers under the same labels.
    assert [i.title for i in hearings.round.asked_items()] == ITEMS
    sheet = HearingSheet.objects.get(pk=hearings.minosawa.pk)
    assert {a.item.title: a.text for a in sheet.answers.select_related("item") if a.text} == {
        "見守り": "見守りの話", "通いの場": "サロンの話"}
    # The set itself now reads as edited, and a new round asks the new list.
    assert [i.title for i in hearings.set.active_items()] == [
        "生活支援", "通いの場", "見守り・つながり", "移動支援・移動販売", "地域支援・地福計画", "災害時の支え合い"]
    renamed = HearingItem.objects.get(title="見守り・つながり")
    assert renamed.previous.title == "見守り" and not renamed.previous.is_active
    later = services.hearing_round_open(user=world.naka_1so, item_set=hearings.set, name="下半期",
                                        starts_on=date(2026, 12, 1), ends_on=date(2027, 1, 31), areas=[world.minosawa])
    assert [i.title for i in later.asked_items()][2] == "見守り・つながり"
    assert HearingItem.objects.filter(title="個別相談の傾向", is_active=False).exists()  # kept for the old round


def test_items_no_round_has_asked_are_changed_in_place_or_deleted(world):
    item_set = services.hearing_set_create(user=world.naka_1so, ward=world.naka, name="試し", items=items("A", "B"))
    rows = current_rows(item_set)
    a_id = rows[0].id
    services.hearing_set_update(user=world.naka_1so, item_set=item_set, seen_version=1, name="試し",
                                items=[ItemInput(title="Aの新しい名前", id=a_id)])
    assert list(item_set.items.values_list("pk", "title", "is_active")) == [(a_id, "Aの新しい名前", True)]


def test_set_items_are_checked(world, hearings):
    for rows, message in (([], "項目を1つ以上"), ([ItemInput(title=""), ItemInput(title="", prompt="手引きだけ")],
                                                  "名前が空の行"),
                          (items("見守り", "見守り"), "同じ名前の項目が2つあります：見守り")):
        with pytest.raises(ValidationError) as caught:
            services.hearing_set_update(user=world.naka_1so, item_set=hearings.set, seen_version=1, name="x",
                                        items=rows)
        assert message in " ".join(caught.value.messages)
    assert [i.title for i in hearings.set.active_items()] == ITEMS
    with pytest.raises(ValidationError):  # an item of another set
        services.hearing_set_update(user=world.naka_1so, item_set=hearings.set, seen_version=1, name="x",
                                    items=[ItemInput(title="x", id=hearings.isogo_set.active_items()[0].pk)])


def test_set_edits_based_on_an_older_version_are_refused(world, hearings):
    services.hearing_set_update(user=world.naka_1so, item_set=hearings.set, seen_version=1, name="一度目",
                                items=current_rows(hearings.set))
    with pytest.raises(EditConflict), transaction.atomic():
        services.hearing_set_update(user=world.admin, item_set=hearings.set, seen_version=1, name="二度目",
                                    items=current_rows(hearings.set))


@pytest.mark.parametrize("role", ["minosawa_2so", "naka_ward", "naka_chiku", "isogo_1so"])
def test_only_the_wards_1so_runs_its_hearings(world, hearings, role):
    user = getattr(world, role)
    with pytest.raises(PermissionDenied):
        services.hearing_set_create(user=user, ward=world.naka, name="x", items=items("a"))
    with pytest.raises(PermissionDenied):
        services.hearing_set_update(user=user, item_set=hearings.set, seen_version=1, name="x", items=items("a"))
    with pytest.raises(PermissionDenied):
        services.hearing_round_open(user=user, item_set=hearings.set, name="x", starts_on=date(2026, 1, 1),
                                    ends_on=date(2026, 1, 2), areas=[world.minosawa])


def test_rounds_are_checked(world, hearings):
    cases = [
        ({"areas": []}, "1つ以上選んで"),
        ({"areas": [world.byobugaura]}, "この区のケアプラザ"),
        ({"starts_on": date(2026, 9, 1), "ends_on": date(2026, 8, 1)}, "終了日は開始日"),
        ({"name": "  "}, "名前を入れて"),
    ]
    for change, message in cases:
        data = {"name": "x", "starts_on": date(2026, 6, 1), "ends_on": date(2026, 8, 1), "areas": [world.minosawa],
                **change}
        with pytest.raises(ValidationError) as caught:
            services.hearing_round_open(user=world.naka_1so, item_set=hearings.set, **data)
        assert message in " ".join(caught.value.messages)


def test_a_round_gains_areas_but_keeps_a_sheet_that_has_answers(world, hearings):
    services.sheet_save(user=world.naka_1so, sheet=hearings.honmoku, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.honmoku, 通いの場="本牧の話"))
    with pytest.raises(ValidationError) as caught:
        services.hearing_round_update(user=world.naka_1so, hearing=hearings.round, seen_version=1, name="改名",
                                      starts_on=date(2026, 6, 1), ends_on=date(2026, 9, 30), areas=[world.minosawa])
    assert "本牧地域ケアプラザ" in caught.value.messages[0]
    assert hearings.round.sheets.count() == 2
    services.sheet_save(user=world.naka_1so, sheet=HearingSheet.objects.get(pk=hearings.honmoku.pk), seen_version=2,
                        status="in_progress", answers={})
    hearing = services.hearing_round_update(user=world.naka_1so, hearing=hearings.round, seen_version=1, name="改名",
                                            starts_on=date(2026, 6, 1), ends_on=date(2026, 9, 30),
                                            areas=[world.honmoku])
    assert hearing.name == "改名" and [s.area for s in hearing.sheets.all()] == [world.honmoku]


def test_answers_are_searched_with_the_directorys_normalisation(world, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.minosawa, **{"移動支援・移動販売": "ﾀｸｼｰ会社と買物ツアーを相談中"}))
    naka = HearingSheet.objects.visible_to(world.naka_1so)
    assert list(naka.search("たくしー 買物")) == [hearings.minosawa]
    assert list(naka.search("たくしー 体操")) == []
    assert list(naka.search("買い物")) == [hearings.minosawa]  # okurigana folded (lib/morphology.py)
    assert list(naka.search("かいもの つあー")) == [hearings.minosawa]
    assert list(HearingSheet.objects.visible_to(world.isogo_1so).search("たくしー")) == []
