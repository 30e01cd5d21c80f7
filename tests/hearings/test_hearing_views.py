"""The hearing pages: a 1層Co defines a set (starting from 神奈川区's six items) and opens a round;
a 2層Co fills in their sheet; two people saving one sheet get the conflict screen with nothing
lost; the answers compared across CPs on screen, one item at a time, and as an .xlsx that opens."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from django.test import Client
from django.urls import reverse

from tests.hearings.conftest import ITEMS, answers_for
from tsunagu.hearings import services
from tsunagu.hearings.models import HearingRound, HearingSet, HearingSheet, SheetStatus
from tsunagu.hearings.services import item_key


def formset_post(rows: list[dict], initial: int | None = None, **fields) -> dict:
    """What the set form posts: the set's fields and one formset row per item; the page counts
    the rows it drew from the saved items (or the template) as initial."""
    initial = len(rows) if initial is None else initial
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": str(initial), "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000", **fields}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{n}-{key}"] = value
    return data


def test_a_new_set_starts_from_kanagawas_six_items(world, as_user):
    response = as_user(world.naka_1so).get(reverse("hearings:set_create"))
    formset = response.context["formset"]
    assert [f.initial["title"] for f in formset.forms if f.initial] == ITEMS
    assert "神奈川区のヒアリングの6項目" in response.content.decode()


def test_a_1so_defines_a_set_through_the_form(world, as_user):
    client = as_user(world.naka_1so)
    response = client.post(reverse("hearings:set_create"), formset_post([
        {"title": "見守り", "prompt": "見守りの様子", "ORDER": "2"},
        {"title": "通いの場", "prompt": "", "ORDER": "1"},
        {"title": "", "prompt": "", "ORDER": ""},  # an empty row is not an item
        {"title": "外す項目", "prompt": "", "ORDER": "3", "DELETE": "on"},
    ], name="中区ヒアリング"))
    item_set = HearingSet.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("hearings:set_detail", args=[item_set.pk])
    assert item_set.ward == world.naka
    assert [i.title for i in item_set.active_items()] == ["通いの場", "見守り"]


def test_an_admin_chooses_the_ward_first(world, as_user):
    response = as_user(world.admin).get(reverse("hearings:set_create"))
    assert "項目セットを作る区を選ぶ" in response.content.decode()
    assert as_user(world.isogo_1so).get(reverse("hearings:set_create"), {"ward": world.naka.pk}).status_code == 404


def test_editing_the_set_through_the_form_keeps_old_answers(world, as_user, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="submitted",
                        answers=answers_for(hearings.minosawa, 通いの場="サロン再開"))
    client = as_user(world.naka_1so)
    page = client.get(reverse("hearings:set_edit", args=[hearings.set.pk]))
    assert "これまでの回答は、元の項目のまま残ります" in page.content.decode()
    rows = [{"id": str(i.pk), "title": i.title, "prompt": i.prompt, "ORDER": str(n + 1)}
            for n, i in enumerate(hearings.set.active_items())]
    rows[0]["title"] = "通いの場・居場所"
    response = client.post(reverse("hearings:set_edit", args=[hearings.set.pk]),
                           formset_post(rows, name="2層Coヒアリング", version="1"))
    assert response.status_code == 302
    html = client.get(reverse("hearings:sheet_detail", args=[hearings.minosawa.pk])).content.decode()
    assert "通いの場</h2>" in html and "サロン再開" in html and "通いの場・居場所" not in html
    detail = client.get(reverse("hearings:set_detail", args=[hearings.set.pk])).content.decode()
    assert "通いの場・居場所" in detail and "以前の項目（1）" in detail


def test_a_stale_set_form_shows_the_saved_items_and_keeps_the_typing(world, as_user, hearings):
    rows = [{"id": str(i.pk), "title": i.title, "prompt": i.prompt, "ORDER": str(n + 1)}
            for n, i in enumerate(hearings.set.active_items())]
    services.hearing_set_update(user=world.admin, item_set=hearings.set, seen_version=1, name="管理者の名前",
                                items=[services.ItemInput(title=r["title"], prompt=r["prompt"], id=int(r["id"]))
                                       for r in rows[:3]])
    rows[0]["prompt"] = "1層Coが書いた手引き"
    response = as_user(world.naka_1so).post(reverse("hearings:set_edit", args=[hearings.set.pk]),
                                            formset_post(rows, name="1層Coの名前", version="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "いま保存されている項目" in html and "1層Coが書いた手引き" in html
    assert HearingSet.objects.get(pk=hearings.set.pk).name == "管理者の名前"
    assert response.context["form"].data["version"] == "2"  # saving again now goes through


def test_a_1so_opens_a_round_for_chosen_cp_areas(world, as_user, hearings):
    client = as_user(world.naka_1so)
    url = reverse("hearings:round_create") + f"?set={hearings.set.pk}"
    form = client.get(url).context["form"]
    assert set(form.initial["areas"]) == {world.minosawa.pk, world.honmoku.pk}  # every CP of the ward, to start
    response = client.post(url, {"name": "令和8年度 下半期ヒアリング", "starts_on": "2026-12-01",
                                 "ends_on": "2027-01-31", "areas": [world.minosawa.pk], "note": ""})
    hearing = HearingRound.objects.get(name="令和8年度 下半期ヒアリング")
    assert response.status_code == 302
    assert [s.area for s in hearing.sheets.all()] == [world.minosawa]
    bad = client.post(url, {"name": "x", "starts_on": "2026-12-01", "ends_on": "2027-01-31",
                            "areas": [world.byobugaura.pk]})
    assert bad.status_code == 200 and "は候補にありません" in bad.content.decode()
    assert HearingRound.objects.filter(name="x").count() == 0


def test_the_2so_sees_the_sheets_waiting_for_them(world, as_user, hearings):
    html = as_user(world.minosawa_2so).get(reverse("hearings:index")).content.decode()
    assert "記入をお願いしているシート" in html
    assert reverse("hearings:sheet_edit", args=[hearings.minosawa.pk]) in html
    assert reverse("hearings:sheet_edit", args=[hearings.honmoku.pk]) not in html


def test_a_2so_fills_in_and_submits_through_the_form(world, as_user, hearings):
    client = as_user(world.minosawa_2so)
    url = reverse("hearings:sheet_edit", args=[hearings.minosawa.pk])
    items = hearings.round.asked_items()
    page = client.get(url).content.decode()
    assert "通いの場について聞きます" in page  # each item's prompt is its help text
    response = client.post(url, {"version": "1", "status": "submitted", item_key(items[0]): "サロンが再開した",
                                 item_key(items[2]): "見守りの集まりが止まっている"})
    assert response.status_code == 302
    sheet = HearingSheet.objects.get(pk=hearings.minosawa.pk)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.filled_by == world.minosawa_2so
    html = client.get(reverse("hearings:sheet_detail", args=[sheet.pk])).content.decode()
    assert "サロンが再開した" in html and "提出済" in html and "記入：minosawa-2so" in html


def test_two_people_saving_one_sheet_get_the_conflict_screen_and_lose_nothing(world, hearings):
    first, second = Client(), Client()
    first.force_login(world.minosawa_2so)
    second.force_login(world.naka_1so)
    url = reverse("hearings:sheet_edit", args=[hearings.minosawa.pk])
    items = hearings.round.asked_items()
    key = item_key(items[0])
    assert first.post(url, {"version": "1", "status": "in_progress", key: "2層Coの下書き",
                            item_key(items[1]): "買物の話"}).status_code == 302
    response = second.post(url, {"version": "1", "status": "submitted", key: "ヒアリングで聞いた話"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "2層Coの下書き" in html and "ヒアリングで聞いた話" in html
    conflict = response.context["conflict"]
    assert [c.name for c in conflict.decisions] == ["status", key]
    # Both changed the status; the button just pressed (提出済) starts chosen.
    assert conflict.decisions[0].choice == "mine" and conflict.decisions[1].choice == ""
    # 生活支援 was written only by the 2層Co: the 1層Co's save keeps it unless they choose otherwise.
    assert {c.name: c.choice for c in conflict.one_sided} == {item_key(items[1]): "theirs"}
    post = {"resolve": "1", "version": str(conflict.theirs_version), "base_version": "1",
            "mine": conflict.mine_json, "choice-status": "mine", f"choice-{key}": "merged",
            f"merged-{key}": "2層Coの下書き\nヒアリングで聞いた話", f"choice-{item_key(items[1])}": "theirs"}
    assert second.post(url, post).status_code == 302
    sheet = HearingSheet.objects.get(pk=hearings.minosawa.pk)
    texts = {a.item_id: a.text for a in sheet.answers.all()}
    assert texts[items[0].pk] == "2層Coの下書き\nヒアリングで聞いた話"
    assert texts[items[1].pk] == "買物の話"
    assert sheet.version == 3 and sheet.status == SheetStatus.SUBMITTED


def test_compare_shows_one_row_per_cp_and_one_column_per_item(world, as_user, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="submitted",
                        answers=answers_for(hearings.minosawa, 通いの場="簑沢のサロン", 見守り="簑沢の見守り"))
    services.sheet_save(user=world.naka_1so, sheet=hearings.honmoku, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.honmoku, 通いの場="本牧の体操"))
    client = as_user(world.naka_ward)
    response = client.get(reverse("hearings:compare", args=[hearings.round.pk]))
    assert [i.title for i in response.context["shown"]] == ITEMS
    cells = {sheet.area.name: [(a.text if a else "") for _i, a in row] for sheet, row in response.context["rows"]}
    assert cells["簑沢地域ケアプラザ"][:3] == ["簑沢のサロン", "", "簑沢の見守り"]
    # 本牧's answers are still being written (記入中): not compared yet.
    assert cells["本牧地域ケアプラザ"][0] == ""
    item = hearings.round.asked_items()[0]
    one = client.get(reverse("hearings:compare", args=[hearings.round.pk]), {"item": item.pk})
    assert [i.title for i in one.context["shown"]] == ["通いの場"] and one.context["one_item"]
    html = one.content.decode()
    assert "簑沢のサロン" in html and "本牧の体操" not in html and "簑沢の見守り" not in html
    assert "印刷する" in html


def test_the_xlsx_opens_with_every_answer(world, as_user, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="submitted",
                        answers=answers_for(hearings.minosawa, 通いの場="簑沢のサロン\n2か所", **{"地域支援・地福計画": "地区別計画"}))
    response = as_user(world.naka_1so).get(reverse("hearings:compare_xlsx", args=[hearings.round.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["一覧", *ITEMS]
    summary = workbook["一覧"]
    assert summary["A1"].value == "令和8年度 上半期ヒアリング"
    assert [c.value for c in summary[3]] == ["CPエリア", "状態", "記入した人", "記入日時", *ITEMS]
    rows = {row[0]: row for row in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["簑沢地域ケアプラザ"][1] == "提出済" and rows["簑沢地域ケアプラザ"][2] == "minosawa-2so"
    assert rows["簑沢地域ケアプラザ"][4] == "簑沢のサロン\n2か所"
    assert rows["本牧地域ケアプラザ"][1] == "未記入"
    page = workbook["地域支援・地福計画"]
    assert [r for r in page.iter_rows(min_row=3, values_only=True)] == [
        ("簑沢地域ケアプラザ", "地区別計画"), ("本牧地域ケアプラザ", "（未記入）")]


def test_the_xlsx_holds_only_the_sheets_the_person_reads(world, as_user, hearings):
    response = as_user(world.minosawa_staff).get(reverse("hearings:compare_xlsx", args=[hearings.round.pk]))
    summary = openpyxl.load_workbook(io.BytesIO(response.content))["一覧"]
    assert [row[0] for row in summary.iter_rows(min_row=4, values_only=True)] == ["簑沢地域ケアプラザ"]


def test_the_index_searches_answers(world, as_user, hearings):
    services.sheet_save(user=world.minosawa_2so, sheet=hearings.minosawa, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.minosawa, 見守り="ふれあい活動員の集まりが止まっている"))
    response = as_user(world.naka_1so).get(reverse("hearings:index"), {"q": "ふれあい"})
    assert response.context["found"] == [hearings.minosawa]
    assert as_user(world.isogo_1so).get(reverse("hearings:index"), {"q": "ふれあい"}).context["found"] == []


def test_a_round_edit_that_drops_a_written_sheet_is_explained(world, as_user, hearings):
    services.sheet_save(user=world.naka_1so, sheet=hearings.honmoku, seen_version=1, status="in_progress",
                        answers=answers_for(hearings.honmoku, 通いの場="本牧の話"))
    response = as_user(world.naka_1so).post(reverse("hearings:round_edit", args=[hearings.round.pk]), {
        "version": "1", "name": "令和8年度 上半期ヒアリング", "starts_on": date(2026, 6, 1).isoformat(),
        "ends_on": "2026-08-31", "areas": [world.minosawa.pk], "note": ""})
    assert response.status_code == 200
    assert "記入が始まっているシートのCPエリアは外せません：本牧地域ケアプラザ" in response.content.decode()
    assert hearings.round.sheets.count() == 2
