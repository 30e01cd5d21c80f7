"""The plan's pages: the list by ward → CP area → district, writing a plan through the form,
the conflict screen when two people edit at once (both versions side by side, nothing typed lost),
the district's memos on the plan, the history and restore, print and PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from tsunagu.district_plans.forms import form_data
from tsunagu.district_plans.models import DistrictPlan
from tsunagu.district_plans.services import snapshot
from tsunagu.memos.models import Memo

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def edit_post(plan, **changes) -> dict:
    """What the edit form posts for the plan as it is now, with some fields changed."""
    data = {k: v[0] if len(v) == 1 else v for k, v in form_data(snapshot(plan), plan.version).lists()}
    data.setdefault("partner_organisations", [])
    data.update(changes)
    return data


def test_the_list_groups_plans_by_ward_cp_area_and_district(world, as_user, plans):
    response = as_user(world.naka_1so).get(reverse("district_plans:list"))
    [ward] = response.context["wards"]
    assert ward.ward == world.naka
    areas = [(a.area.name if a.area else None, [(d.district.name, len(d.plans)) for d in a.districts])
             for a in ward.areas]
    assert areas == [("簑沢地域ケアプラザ", [("第6地区", 1)]), ("本牧地域ケアプラザ", [("第7地区", 1)]),
                     (None, [("第9地区", 1), ("第10地区", 1)])]
    html = response.content.decode()
    assert "区に直接属する地区" in html and "（簑沢地域ケアプラザと）" in html


def test_districts_without_a_plan_are_listed_with_a_way_to_start_one(world, as_user, plans):
    plans.d7.delete()
    response = as_user(world.naka_1so).get(reverse("district_plans:list"))
    html = response.content.decode()
    assert "計画はまだありません。" in html
    assert f'?district={world.d7.pk}"' in html
    # The ward office reads the same list but starts nothing.
    html = as_user(world.naka_ward).get(reverse("district_plans:list")).content.decode()
    assert "計画はまだありません。" in html and "?district=" not in html


def test_the_list_searches_plans(world, as_user, plans):
    response = as_user(world.naka_1so).get(reverse("district_plans:list"), {"q": "本牧 移動販売"})
    shown = [p for w in response.context["wards"] for a in w.areas for d in a.districts for p in d.plans]
    assert shown == [plans.d7]
    assert "を含む計画：1件" in response.content.decode()


def test_a_district_officer_writes_a_plan_through_the_form(world, as_user):
    client = as_user(world.naka_chiku)
    page = client.get(reverse("district_plans:create"))
    assert "第6地区" in page.content.decode()
    url = reverse("district_plans:create") + f"?district={world.d6.pk}"
    form = client.get(url).context["form"]
    assert "partner_area" not in form.fields  # 第6地区 sits in a CP area: its CP is the partner
    response = client.post(url, {
        "start_year": "2026", "end_year": "2028", "status": "drafting",
        "current_state": "買い物が不便", "goals": "居場所を増やす\n\n  見守りを広げる  \n", "directions": "",
        "partners": "", "note": "", "partner_organisations": [world.d6_council.pk]})
    plan = DistrictPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("district_plans:detail", args=[plan.pk])
    assert plan.goals == ["居場所を増やす", "見守りを広げる"]
    assert list(plan.partner_organisations.all()) == [world.d6_council]
    assert plan.created_by == world.naka_chiku


def test_a_wrong_period_is_explained_in_japanese_and_keeps_what_was_typed(world, as_user):
    client = as_user(world.naka_1so)
    url = reverse("district_plans:create") + f"?district={world.d6.pk}"
    response = client.post(url, {"start_year": "2028", "end_year": "2026", "status": "drafting",
                                 "current_state": "消えてほしくない現状", "goals": "", "directions": "",
                                 "partners": "", "note": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "終了年度は開始年度と同じか、それより後にしてください。" in html
    assert "消えてほしくない現状" in html
    assert not DistrictPlan.objects.exists()


def test_a_ward_level_district_offers_a_partner_area_the_partner_cannot_change(world, as_user, plans):
    form = as_user(world.naka_1so).get(reverse("district_plans:edit", args=[plans.d9.pk])).context["form"]
    assert not form.fields["partner_area"].disabled
    assert set(form.fields["partner_area"].queryset) == {world.minosawa, world.honmoku}
    client = as_user(world.minosawa_2so)
    assert client.get(reverse("district_plans:edit", args=[plans.d9.pk])).context["form"].fields["partner_area"].disabled
    response = client.post(reverse("district_plans:edit", args=[plans.d9.pk]),
                           edit_post(plans.d9, partner_area=str(world.honmoku.pk), note="簑沢が追記"))
    assert response.status_code == 302
    plan = DistrictPlan.objects.get(pk=plans.d9.pk)
    assert plan.partner_area == world.minosawa and plan.note == "簑沢が追記"


def test_the_second_of_two_editors_gets_both_versions_side_by_side(world, as_user, client, plans):
    from django.test import Client

    officer, coordinator = Client(), Client()
    officer.force_login(world.naka_chiku)
    coordinator.force_login(world.minosawa_2so)
    url = reverse("district_plans:edit", args=[plans.d6.pk])
    officer_form = edit_post(plans.d6, goals="歩いて行ける居場所を増やす\n見守りの輪を広げる\n地区担当の目標",
                             status="adopted")
    coordinator_form = edit_post(plans.d6, goals="歩いて行ける居場所を増やす\n2層Coの目標",
                                 directions="2層Coの方向性")
    assert officer.post(url, officer_form).status_code == 302
    response = coordinator.post(url, coordinator_form)
    assert response.status_code == 409
    html = response.content.decode()
    conflict = response.context["conflict"]
    # Goals were changed by both: a decision. Status only by the officer, directions only by the
    # 2層Co: each pre-chosen for the side that changed it.
    assert [c.name for c in conflict.decisions] == ["goals"]
    assert {c.name: c.choice for c in conflict.one_sided} == {"status": "theirs", "directions": "mine"}
    assert "地区担当の目標" in html and "2層Coの目標" in html  # both texts on the screen
    assert "naka-chiku さんが" in html
    plan = DistrictPlan.objects.get(pk=plans.d6.pk)
    assert plan.version == 2 and plan.status == "adopted"
    assert plan.directions == "地区社協と一緒にサロンの立ち上げを支える。"  # nothing of the second save was written


def _conflict_post(response, **choices) -> dict:
    """What the conflict screen posts back with some choices made."""
    conflict = response.context["conflict"]
    data = {"resolve": "1", "version": str(conflict.theirs_version),
            "base_version": str(conflict.base_version or ""), "mine": conflict.mine_json}
    for clash in conflict.clashes:
        if clash.choice:
            data[f"choice-{clash.name}"] = clash.choice
        data[f"merged-{clash.name}"] = clash.merged_text
    data.update(choices)
    return data


@pytest.fixture
def conflicted(world, plans):
    """The 2層Co's save refused after the district officer saved first."""
    from django.test import Client

    officer, coordinator = Client(), Client()
    officer.force_login(world.naka_chiku)
    coordinator.force_login(world.minosawa_2so)
    url = reverse("district_plans:edit", args=[plans.d6.pk])
    officer.post(url, edit_post(plans.d6, current_state="地区担当が書いた現状", status="adopted"))
    response = coordinator.post(url, edit_post(plans.d6, current_state="2層Coが書いた現状", note="2層Coのメモ"))
    assert response.status_code == 409
    return coordinator, url, response


def test_an_undecided_field_is_asked_again_and_nothing_is_saved(conflicted, plans):
    coordinator, url, response = conflicted
    again = coordinator.post(url, _conflict_post(response))
    assert again.status_code == 409
    assert "「地区の現状・課題」で、残す内容を選んでください。" in again.content.decode()
    assert DistrictPlan.objects.get(pk=plans.d6.pk).version == 2


def test_a_merged_text_is_saved_with_the_other_sides_changes(conflicted, plans):
    coordinator, url, response = conflicted
    merged = "地区担当が書いた現状\n2層Coが書いた現状"
    done = coordinator.post(url, _conflict_post(response, **{"choice-current_state": "merged",
                                                             "merged-current_state": merged}))
    assert done.status_code == 302
    plan = DistrictPlan.objects.get(pk=plans.d6.pk)
    assert plan.version == 3
    assert plan.current_state == merged
    assert plan.status == "adopted"  # the officer's change, which the 2層Co did not touch, stays
    assert plan.note == "2層Coのメモ"  # the 2層Co's own change is saved


@pytest.mark.parametrize("choice, expected", [("theirs", "地区担当が書いた現状"), ("mine", "2層Coが書いた現状")])
def test_taking_theirs_or_keeping_mine(conflicted, plans, choice, expected):
    coordinator, url, response = conflicted
    assert coordinator.post(url, _conflict_post(response, **{"choice-current_state": choice})).status_code == 302
    assert DistrictPlan.objects.get(pk=plans.d6.pk).current_state == expected


def test_a_third_save_during_the_decision_brings_the_screen_back(world, conflicted, plans):
    from tsunagu.district_plans import services

    coordinator, url, response = conflicted
    services.plan_update(user=world.naka_1so, plan=DistrictPlan.objects.get(pk=plans.d6.pk), seen_version=2,
                         data={**snapshot(DistrictPlan.objects.get(pk=plans.d6.pk)), "current_state": "1層Coの現状"})
    again = coordinator.post(url, _conflict_post(response, **{"choice-current_state": "mine"}))
    assert again.status_code == 409
    html = again.content.decode()
    assert "1層Coの現状" in html and "2層Coが書いた現状" in html
    assert DistrictPlan.objects.get(pk=plans.d6.pk).current_state == "1層Coの現状"


def test_a_forged_conflict_screen_is_a_404(world, as_user, plans):
    response = as_user(world.naka_1so).post(reverse("district_plans:edit", args=[plans.d6.pk]),
                                            {"resolve": "1", "version": "1", "mine": "not json"})
    assert response.status_code == 404


def test_the_plan_shows_the_districts_memos_of_its_period(world, as_user, plans):
    def memo(place, day, title):
        return Memo.objects.create(date=day, place=place, title=title, author=world.minosawa_2so)

    salon = memo(world.d6, date(2026, 6, 1), "第6地区のサロン訪問")
    memo(world.block, date(2027, 2, 1), "簑沢町内の見守り")  # under the district
    memo(world.d6, date(2025, 6, 1), "計画の前の年度")
    memo(world.minosawa, date(2026, 6, 1), "CPエリア全体の協議体")
    memo(world.d7, date(2026, 6, 1), "本牧の話")
    deleted = memo(world.d6, date(2026, 7, 1), "消したメモ")
    Memo.objects.filter(pk=deleted.pk).update(deleted_at="2026-07-02T00:00:00Z")
    response = as_user(world.naka_ward).get(reverse("district_plans:detail", args=[plans.d6.pk]))
    assert [m.title for m in response.context["memos"]] == ["簑沢町内の見守り", "第6地区のサロン訪問"]
    assert response.context["memo_count"] == 2
    assert reverse("memos:detail", args=[salon.pk]) in response.content.decode()


@pytest.mark.parametrize("role, shown", [("minosawa_2so", True), ("naka_ward", True), ("naka_cm", False)])
def test_the_menu_leads_record_readers_to_plans_and_hearings(world, as_user, role, shown):
    nav = {item["label"]: item["url"] for item in as_user(getattr(world, role)).get(reverse("home")).context["nav"]}
    assert (nav.get("地域支援計画") == reverse("district_plans:list")) is shown
    assert (nav.get("ヒアリング") == reverse("hearings:index")) is shown


def test_the_detail_shows_history_in_words_and_restores(world, as_user, plans):
    client = as_user(world.naka_1so)
    client.post(reverse("district_plans:edit", args=[plans.d6.pk]),
                edit_post(plans.d6, goals="歩いて行ける居場所を増やす\n買物の足を確保する"))
    html = client.get(reverse("district_plans:detail", args=[plans.d6.pk])).content.decode()
    assert "変更の記録" in html and "目標2" in html and ('<del class="diff">見守りの輪を広げる</del><ins class="diff">買物の足を確保する</ins>' in html)
    response = client.post(reverse("district_plans:restore", args=[plans.d6.pk, 1]))
    assert response.status_code == 302
    assert DistrictPlan.objects.get(pk=plans.d6.pk).goals == ["歩いて行ける居場所を増やす", "見守りの輪を広げる"]
    assert client.post(reverse("district_plans:restore", args=[plans.d6.pk, 99])).status_code == 404


def test_the_print_page_holds_the_whole_plan(world, as_user, plans):
    html = as_user(world.naka_ward).get(reverse("district_plans:print", args=[plans.d9.pk])).content.decode()
    for text in ("第9地区 地域支援計画", "令和8年度〜令和10年度", "区に直接属する地区。", "歩いて行ける居場所を増やす",
                 "簑沢地域ケアプラザ", "地区社協と一緒にサロンの立ち上げを支える。", "印刷する"):
        assert text in html


def test_the_pdf_text_layer_holds_the_japanese(world, as_user, plans, tmp_path):
    response = as_user(world.naka_1so).get(reverse("district_plans:pdf", args=[plans.d6.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("第6地区 地域支援計画", "地区の現状・課題", "坂が多く、買い物に困る高齢者が増えている。", "見守りの輪を広げる"):
        assert words in text
    # The first page as a picture, for a person to look at (var/screenshots/records-plan-pdf-1.png).
    # Drawn in the test's own folder and checked there, then copied: the SQLite and PostgreSQL
    # runs may draw it at the same moment.
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "records-plan-pdf")], check=True)
    assert (tmp_path / "records-plan-pdf-1.png").stat().st_size > 10_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_path / "records-plan-pdf-1.png", SCREENSHOTS / "records-plan-pdf-1.png")


def test_a_partner_2so_resolves_a_conflict_on_a_ward_level_plan(world, plans):
    from django.test import Client

    from tsunagu.district_plans import services

    services.plan_update(user=world.naka_1so, plan=plans.d9, seen_version=1,
                         data={**snapshot(plans.d9), "note": "1層Coのメモ"})
    coordinator = Client()
    coordinator.force_login(world.minosawa_2so)
    url = reverse("district_plans:edit", args=[plans.d9.pk])
    stale = DistrictPlan.objects.get(pk=plans.d9.pk)
    stale.version, stale.note = 1, ""
    response = coordinator.post(url, edit_post(stale, note="2層Coのメモ"))
    assert response.status_code == 409
    done = coordinator.post(url, _conflict_post(response, **{"choice-note": "mine"}))
    assert done.status_code == 302
    plan = DistrictPlan.objects.get(pk=plans.d9.pk)
    assert plan.note == "2層Coのメモ" and plan.partner_area == world.minosawa
