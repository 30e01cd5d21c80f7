"""Writing 地域支援計画: every save a version and an audit entry, the history in words, restore,
refusal of a save based on an older version, and the checks on periods, partners and reach."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tests.district_plans.conftest import plan_data
from tsunagu.audit.models import AuditEntry
from tsunagu.district_plans import history, services
from tsunagu.district_plans.models import DistrictPlan
from tsunagu.lib.concurrency import EditConflict
from tsunagu.people import reach
from tsunagu.people.models import Organisation, OrganisationKind


def test_creating_keeps_the_first_version_and_an_audit_entry(world, plans):
    plan = plans.d6
    assert plan.version == 1
    assert [v.number for v in plan.versions.all()] == [1]
    assert plan.versions.get().data["goals"] == ["歩いて行ける居場所を増やす", "見守りの輪を広げる"]
    entry = AuditEntry.objects.about(plan).get()
    assert entry.action == "district_plan.create" and entry.actor == world.naka_chiku
    assert entry.place_path == world.d6.path
    assert str(entry.action_label) == "地域支援計画を作成"


def test_an_edit_reads_old_to_new_in_words(world, plans):
    plan = services.plan_update(
        user=world.minosawa_2so, plan=plans.d6, seen_version=1,
        data=plan_data(status="adopted", end_year=2029,
                       goals=["歩いて行ける居場所を増やす", "見守りの輪を地区全体に広げる", "移動販売を呼ぶ"]))
    assert plan.version == 2
    version = plan.versions.get(number=2)
    assert version.actor == world.minosawa_2so and version.how == "edit"
    rows = history.readable(version.changes)
    assert ("状態", "作成中", "策定済み") in rows
    assert ("終了年度", "令和10年度（2028年度）", "令和11年度（2029年度）") in rows
    assert ("目標2", "見守りの輪を広げる", "見守りの輪を地区全体に広げる") in rows
    assert ("目標3", "", "移動販売を呼ぶ") in rows
    assert not any(label == "目標1" for label, _b, _a in rows)  # unchanged goals are not listed
    assert AuditEntry.objects.about(plan).filter(action="district_plan.update").count() == 1


def test_history_names_partner_areas_and_organisations(world, plans):
    council = world.d6_council
    plan = services.plan_update(user=world.naka_1so, plan=plans.d9, seen_version=1,
                                data=plan_data(partner_area_id=world.honmoku.pk, partner_organisations=[council.pk]))
    rows = history.readable(plan.versions.get(number=2).changes)
    assert ("一緒に作るCPエリア", "簑沢地域ケアプラザ", "本牧地域ケアプラザ") in rows
    assert ("関係団体（登録済み）", "", "第6地区社会福祉協議会") in rows


def test_restore_goes_back_and_is_itself_a_new_version(world, plans):
    plan = services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                                data=plan_data(current_state="書き換えた現状", goals=["ひとつだけ"]))
    plan = services.plan_restore(user=world.naka_chiku, plan=plan, number=1)
    plan.refresh_from_db()
    assert plan.version == 3
    assert plan.current_state == "坂が多く、買い物に困る高齢者が増えている。"
    assert plan.goals == ["歩いて行ける居場所を増やす", "見守りの輪を広げる"]
    version = plan.versions.get(number=3)
    assert version.how == "restore:1" and version.restored_from == 1
    assert plan.versions.get(number=2).data["current_state"] == "書き換えた現状"  # nothing lost
    assert AuditEntry.objects.about(plan).filter(action="district_plan.restore").count() == 1


def test_a_save_based_on_an_older_version_is_refused_and_writes_nothing(world, plans):
    services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1, data=plan_data(note="1層Coの追記"))
    stale = DistrictPlan.objects.get(pk=plans.d6.pk)
    with pytest.raises(EditConflict) as caught, transaction.atomic():
        services.plan_update(user=world.naka_chiku, plan=stale, seen_version=1, data=plan_data(note="地区担当の追記"))
    assert caught.value.current.note == "1層Coの追記"
    fresh = DistrictPlan.objects.get(pk=plans.d6.pk)
    assert fresh.note == "1層Coの追記" and fresh.version == 2 and fresh.versions.count() == 2


@pytest.mark.parametrize("data, message", [
    (plan_data(start_year=2027, end_year=2026), "終了年度は開始年度と同じか"),
    (plan_data(start_year=2026, end_year=2036), "10年度まで"),
])
def test_periods_are_checked(world, data, message):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(user=world.naka_1so, district=world.d6, data=data)
    assert message in " ".join(caught.value.messages)
    assert not DistrictPlan.objects.exists()


def test_two_plans_of_one_district_may_not_overlap(world, plans):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(user=world.naka_1so, district=world.d6, data=plan_data(start_year=2028, end_year=2030))
    assert "期間が重なる計画（令和8年度〜令和10年度）" in caught.value.messages[0]
    later = services.plan_create(user=world.naka_1so, district=world.d6, data=plan_data(start_year=2029, end_year=2031))
    assert later.period_label == "令和11年度〜令和13年度"


def test_a_partner_area_is_only_for_ward_level_districts_and_from_the_same_ward(world, plans):
    with pytest.raises(ValidationError) as caught:
        services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                             data=plan_data(partner_area_id=world.honmoku.pk))
    assert "CPエリアの中にある" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        services.plan_update(user=world.naka_1so, plan=plans.d10, seen_version=1,
                             data=plan_data(partner_area_id=world.byobugaura.pk))
    assert "同じ区のケアプラザ" in caught.value.messages[0]


def test_the_partner_2so_edits_but_cannot_hand_the_plan_to_another_cp(world, plans):
    plan = services.plan_update(user=world.minosawa_2so, plan=plans.d9, seen_version=1,
                                data=plan_data(partner_area_id=world.minosawa.pk, directions="簑沢と一緒に"))
    assert plan.directions == "簑沢と一緒に"
    with pytest.raises(ValidationError) as caught:
        services.plan_update(user=world.minosawa_2so, plan=plan, seen_version=2,
                             data=plan_data(partner_area_id=world.honmoku.pk))
    assert "区社協" in caught.value.messages[0]


def test_organisations_come_from_the_ward_and_from_what_the_person_sees(world, plans):
    with pytest.raises(ValidationError) as caught:
        services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                             data=plan_data(partner_organisations=[world.kuraki_org.pk]))
    assert "この区の団体" in caught.value.messages[0]
    # naka_chiku sees only their district's organisations, but keeps those the 1層Co linked.
    services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                         data=plan_data(partner_organisations=[world.naka_council.pk]))
    assert not reach.organisations(world.naka_chiku).filter(pk=world.naka_council.pk).exists()
    plan = services.plan_update(user=world.naka_chiku, plan=DistrictPlan.objects.get(pk=plans.d6.pk), seen_version=2,
                                data=plan_data(partner_organisations=[world.naka_council.pk, world.d6_council.pk]))
    assert set(plan.partner_organisations.all()) == {world.naka_council, world.d6_council}


@pytest.mark.parametrize("role", ["naka_ward", "minosawa_staff", "naka_cm", "byobugaura_2so", "isogo_1so", "nobody"])
def test_those_who_may_not_write_the_plan_are_refused(world, plans, role):
    with pytest.raises(PermissionDenied):
        services.plan_update(user=getattr(world, role), plan=plans.d6, seen_version=1, data=plan_data(note="x"))
    with pytest.raises(PermissionDenied):
        services.plan_create(user=getattr(world, role), district=world.d6,
                             data=plan_data(start_year=2030, end_year=2030))
    assert DistrictPlan.objects.get(pk=plans.d6.pk).note == ""


def test_the_honmoku_district_is_not_the_minosawa_2sos(world, plans):
    with pytest.raises(PermissionDenied):
        services.plan_update(user=world.minosawa_2so, plan=plans.d7, seen_version=1, data=plan_data(note="x"))


def test_plans_are_found_with_the_directorys_normalisation(world, plans):
    services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                         data=plan_data(directions="ﾀｸｼｰ会社と買物ツアーを企画する", goals=["サロンを３か所に"]))
    naka = DistrictPlan.objects.visible_to(world.naka_1so)
    assert list(naka.search("たくしー")) == [plans.d6]
    assert list(naka.search("さろん を3か所")) == [plans.d6]  # every word, width folded
    assert set(naka.search("第9地区")) == {plans.d9}
    assert list(naka.search("買い物ツアー")) == [plans.d6]  # okurigana folded (lib/morphology.py)
    assert list(naka.search("かいもの つあー")) == [plans.d6]  # the reading of 買物ツアー
    assert list(DistrictPlan.objects.visible_to(world.isogo_1so).search("たくしー")) == []


def test_deleted_organisations_are_dropped_on_restore(world, plans):
    group = Organisation.objects.create(kind=OrganisationKind.ASSOCIATION, name="一時の会", place=world.d6)
    services.plan_update(user=world.naka_1so, plan=plans.d6, seen_version=1,
                         data=plan_data(partner_organisations=[group.pk]))
    services.plan_update(user=world.naka_1so, plan=DistrictPlan.objects.get(pk=plans.d6.pk), seen_version=2,
                         data=plan_data())
    group.delete()
    plan = services.plan_restore(user=world.naka_1so, plan=DistrictPlan.objects.get(pk=plans.d6.pk), number=2)
    assert list(plan.partner_organisations.all()) == []
