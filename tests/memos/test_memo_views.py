"""取組メモ on screen: written on a phone with the few fields first, linked to the CP's plan items,
refused input kept whole, found with filters and words, deleted with 元に戻す."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.sheets.records_factory import make_memo
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos.models import Memo, MemoKind, Stage

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
    data = {"date": timezone.localdate().isoformat(), "place": world.d6.pk, "title": "第6地区サロン準備会（2回目）",
            "content": "会場は第6地区集会所に決まった。", "pillars": [Pillar.GATHERING], "next_step": "チラシ案を作る",
            "purpose": "", "reaction": "", "functions": [CoordinatorFunction.RESOURCE_DEVELOPMENT]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_2so_starts_in_their_own_cp_area_with_today(world, as_user, records):
    form = as_user(world.minosawa_2so).get(reverse("memos:create")).context["form"]
    assert form.initial["place"] == world.minosawa and form.initial["date"] == timezone.localdate()
    # The plan items of that CP's sheet for this 年度 are there to tick.
    assert set(form.fields["plan_items"].queryset) == {records.first, records.second}
    # Only the places the writer may file at.
    assert set(form.fields["place"].queryset) == {world.minosawa, world.d6}


def test_the_few_fields_that_matter_come_first_and_the_rest_is_folded(world, as_user, records):
    page = as_user(world.minosawa_2so).get(reverse("memos:create")).content.decode()
    folded = page.index("<details class=\"more\"")
    for name in ("id_date", "id_place", "id_title", "id_content", "id_pillars_0", "memo-plan-items", "id_next_step"):
        assert page.index(f'id="{name}"') < folded, name
    for name in ("id_purpose", "id_reaction", "id_kind", "id_stage"):
        assert page.index(f'id="{name}"') > folded, name
    assert f'data-draft-key="u{world.minosawa_2so.pk}:memo:new"' in page
    assert "js/drafts.js" in page


def test_a_memo_is_written_and_linked_to_a_plan_item(world, as_user, records):
    client = as_user(world.minosawa_2so)
    kind = MemoKind.objects.get(name="立ち上げ支援")
    response = client.post(reverse("memos:create"), form_data(world, plan_items=[records.first.pk], kind=kind.pk,
                                                              organisations=[world.d6_council.pk]))
    memo = Memo.objects.get(title="第6地区サロン準備会（2回目）")
    assert response["Location"] == reverse("memos:detail", args=[memo.pk])
    assert list(memo.plan_items.all()) == [records.first] and memo.kind == kind
    assert list(memo.organisations.all()) == [world.d6_council]
    page = client.get(response["Location"]).content.decode()
    assert "サロンの立ち上げ支援" in page and "チラシ案を作る" in page and "第6地区社会福祉協議会" in page
    # The browser's draft of the new memo is forgotten now that it is saved.
    assert f'data-drafts-clear="u{world.minosawa_2so.pk}:memo:new"' in page


def test_a_refused_memo_keeps_every_field(world, as_user, records):
    long_text = "今日の訪問で聞いたこと。" * 40
    response = as_user(world.minosawa_2so).post(reverse("memos:create"), form_data(
        world, title="", content=long_text, next_step="民生委員さんに連絡", plan_items=[records.first.pk],
        pillars=[Pillar.GATHERING, Pillar.WATCHING]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors
    page = response.content.decode()
    assert long_text in page and "民生委員さんに連絡" in page
    assert form["pillars"].value() == [Pillar.GATHERING, Pillar.WATCHING]
    assert form["plan_items"].value() == [str(records.first.pk)]
    assert not Memo.objects.filter(content=long_text).exists()


def test_a_future_date_is_explained_in_japanese_and_nothing_is_saved(world, as_user):
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = as_user(world.minosawa_2so).post(reverse("memos:create"), form_data(world, date=day))
    assert "日付が未来になっています" in response.content.decode()
    assert not Memo.objects.filter(title="第6地区サロン準備会（2回目）").exists()


def test_a_plan_item_of_another_cp_cannot_be_ticked(world, as_user, records):
    response = as_user(world.naka_1so).post(reverse("memos:create"), form_data(
        world, place=world.honmoku.pk, plan_items=[records.first.pk]))
    assert response.status_code == 200 and response.context["form"].errors["plan_items"]
    assert not Memo.objects.filter(place=world.honmoku).exists()


def test_the_links_follow_the_chosen_place_and_date(world, as_user, records):
    client = as_user(world.naka_1so)
    response = client.get(reverse("memos:links"), {"place": world.d6.pk, "date": timezone.localdate().isoformat(),
                                                  "plan_items": [records.first.pk]})
    page = response.content.decode()
    assert "サロンの立ち上げ支援" in page and 'hx-swap-oob="true"' in page and "第6地区社会福祉協議会" in page
    assert 'checked' in page.split("サロンの立ち上げ支援")[0].rsplit("<input", 1)[1]
    last_year = (timezone.localdate() - timedelta(days=400)).isoformat()
    page = client.get(reverse("memos:links"), {"place": world.d6.pk, "date": last_year}).content.decode()
    assert "サロンの立ち上げ支援" not in page and "計画の項目がありません" in page
    page = client.get(reverse("memos:links"), {"place": world.honmoku.pk, "date": timezone.localdate()}).content.decode()
    assert "サロンの立ち上げ支援" not in page


@pytest.fixture
def many(world, records):
    watch = make_memo(world.naka_1so, world.minosawa, "見守り連絡会", pillars=[Pillar.WATCHING],
                      functions=[CoordinatorFunction.MATCHING], kind=MemoKind.objects.get(name="協議体"),
                      stage=Stage.objects.get(name="共有"), days_ago=40, content="民生委員8名が参加")
    honmoku = make_memo(world.naka_1so, world.honmoku, "本牧の買物支援", pillars=[Pillar.DAILY_SUPPORT], days_ago=10)
    return {"watch": watch, "honmoku": honmoku, "salon": records.memo}


@pytest.mark.parametrize("query, expected", [
    ({}, {"watch", "honmoku", "salon"}),
    ({"place": "minosawa"}, {"watch", "salon"}),
    ({"place": "d6"}, {"salon"}),
    ({"pillar": Pillar.WATCHING}, {"watch"}),
    ({"function": CoordinatorFunction.MATCHING}, {"watch"}),
    ({"kind": "協議体"}, {"watch"}),
    ({"stage": "共有"}, {"watch"}),
    ({"start": -15}, {"honmoku", "salon"}),
    ({"start": -60, "end": -20}, {"watch"}),
    ({"plan_item": "first"}, {"salon"}),
    ({"q": "みんせいいいん"}, {"watch"}),  # 民生委員 is in kanji: its reading is stored (lib/morphology.py)
    ({"q": "みんせいいいん 買物"}, set()),
    ({"q": "民生委員"}, {"watch"}),
    ({"q": "ｻﾛﾝ"}, {"salon"}),
    ({"q": "本牧 買物"}, {"honmoku"}),
])
def test_the_list_filters(world, as_user, records, many, query, expected):
    params = {}
    for key, value in query.items():
        if key == "place":
            params[key] = getattr(world, value).pk
        elif key in ("start", "end"):
            params[key] = (timezone.localdate() + timedelta(days=value)).isoformat()
        elif key == "kind":
            params[key] = MemoKind.objects.get(name=value).pk
        elif key == "stage":
            params[key] = Stage.objects.get(name=value).pk
        elif key == "plan_item":
            params[key] = records.first.pk
        else:
            params[key] = value
    page = as_user(world.naka_ward).get(reverse("memos:list"), params).context["page"]
    assert {name for name, memo in many.items() if memo in page} == expected


def test_a_period_the_wrong_way_round_is_explained(world, as_user, many):
    response = as_user(world.naka_1so).get(reverse("memos:list"), {"start": "2026-10-01", "end": "2026-04-01"})
    assert "より後の日にしてください" in response.content.decode()


def test_delete_asks_first_and_can_be_undone(world, as_user, records):
    client = as_user(world.minosawa_2so)
    url = reverse("memos:delete", args=[records.memo.pk])
    assert "削除しますか" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    page = response.content.decode()
    assert "元に戻す" in page and reverse("memos:restore", args=[records.memo.pk]) in page
    assert records.memo not in response.context["page"]
    assert "第6地区サロン準備会" in client.get(reverse("memos:trash")).content.decode()
    client.post(reverse("memos:restore", args=[records.memo.pk]))
    assert records.memo in client.get(reverse("memos:list")).context["page"]


def test_the_lists_of_kinds_and_stages_are_edited_by_the_wards_1so(world, as_user):
    client = as_user(world.naka_1so)
    page = client.get(reverse("memos:terms")).content.decode()
    assert "地域アセスメント" in page and "全区共通の項目は市の管理者が編集します" in page
    response = client.post(reverse("memos:term_create", args=["kind"]), {"ward": world.naka.pk, "name": "お買物ツアー",
                                                                          "order": 200, "active": "on"})
    assert response.status_code == 302
    kind = MemoKind.objects.get(name="お買物ツアー")
    assert kind.ward == world.naka
    response = client.post(reverse("memos:term_create", args=["kind"]), {"ward": world.naka.pk, "name": "研修",
                                                                          "order": 1})
    assert "「研修」はもうあります" in response.content.decode()
    client.post(reverse("memos:term_edit", args=["kind", kind.pk]), {"name": "お買物ツアー", "order": 200})
    kind.refresh_from_db()
    assert not kind.active
    client.post(reverse("memos:term_edit", args=["kind", kind.pk]), {"name": "お買物ツアー", "order": 200, "active": "on"})
    # as_user logs the same test client in as someone else.
    form = as_user(world.minosawa_2so).get(reverse("memos:create")).context["form"]
    assert kind in form.fields["kind"].queryset
    assert kind not in as_user(world.byobugaura_2so).get(reverse("memos:create")).context["form"].fields["kind"].queryset
