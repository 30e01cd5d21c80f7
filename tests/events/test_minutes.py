"""The minutes saved by two people at once (nothing lost: both texts side by side, each kept or
merged), follow-ups on their owner's to-do list until done, and the review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from tests.events.minutes_factory import minutes_world
from tsunagu.audit.models import AuditEntry
from tsunagu.events import minutes_services as services
from tsunagu.events.minutes_forms import owners_for
from tsunagu.events.models import FollowUp, Minutes
from tsunagu.lib import todo

pytestmark = pytest.mark.django_db

THEIRS = "本牧：移動販売の試行は第2・第4水曜に決まった。"
MINE = "本牧：移動販売の試行を来月から始める。"


@pytest.fixture
def w(world):
    return minutes_world(world)


def form_fields(client, url) -> dict:
    context = client.get(url).context
    form = context["form"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


@pytest.fixture
def clash(world, as_user, w):
    """The ward office opened item 1's minutes; the 1層Co then saved new notes; the ward office saves
    its own notes and a decision only it changed."""
    url = reverse("events:minutes_edit", args=[w.meeting.pk, w.item1.pk])
    client = as_user(world.naka_ward)
    fields = form_fields(client, url)
    services.minutes_save(user=world.naka_1so, event=w.meeting, agenda_item=w.item1, seen_version=w.minutes.version,
                          notes=THEIRS, decisions=w.minutes.decisions)
    response = client.post(url, {**fields, "notes": MINE, "decisions": "・チラシは1月末までに作る"})
    return client, url, response


def test_the_second_save_of_the_same_minutes_shows_both_texts_and_loses_nothing(clash, w):
    _client, _url, response = clash
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert [c.name for c in conflict.decisions] == ["notes"]
    assert [(c.name, c.choice) for c in conflict.one_sided] == [("decisions", "mine")]
    text = strip_tags(response.content.decode())
    assert THEIRS in text and MINE in text
    w.minutes.refresh_from_db()
    assert w.minutes.notes == THEIRS  # nothing overwritten yet


def test_the_merged_minutes_are_saved_from_the_conflict_screen(clash, w):
    client, url, response = clash
    conflict = response.context["conflict"]
    merged = f"{THEIRS}\n{MINE}"
    response = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json,
                                 "choice-notes": "merged", "merged-notes": merged, "choice-decisions": "mine"})
    assert response.status_code == 302
    w.minutes.refresh_from_db()
    assert w.minutes.notes == merged and w.minutes.decisions == "・チラシは1月末までに作る"
    assert AuditEntry.objects.filter(action="event_minutes.update", target_id=w.minutes.pk).count() == 3


def test_a_choice_left_out_on_the_conflict_screen_is_asked_again(clash, w):
    client, url, response = clash
    conflict = response.context["conflict"]
    response = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json})
    assert response.status_code == 409
    assert "「記録（話し合われたこと）」で、残す内容を選んでください。" in response.content.decode()


def test_two_people_writing_an_items_first_minutes_meet_the_conflict_screen(world, as_user, w):
    url = reverse("events:minutes_edit", args=[w.meeting.pk, w.item2.pk])
    first = as_user(world.naka_1so)
    fields = form_fields(first, url)
    assert fields["version"] == 0
    assert first.post(url, {**fields, "notes": "交流会は2月に。"}).status_code == 302
    second = as_user(world.naka_ward)
    response = second.post(url, {**fields, "notes": "交流会は3月の案も。"})
    assert response.status_code == 409
    assert Minutes.objects.get(agenda_item=w.item2).notes == "交流会は2月に。"


def test_the_presenters_prepared_report_is_shown_beside_the_minutes_form(world, as_user, w):
    w.item1.prepared_note = "簑沢：サロン担い手アンケートの結果（回答42件）"
    w.item1.save()
    url = reverse("events:minutes_edit", args=[w.meeting.pk, w.item1.pk])
    assert "回答42件" in as_user(world.naka_1so).get(url).content.decode()


def test_minutes_are_editable_after_the_event(world, as_user, w):
    assert w.meeting.ends_on < timezone.localdate()
    url = reverse("events:minutes_edit_general", args=[w.meeting.pk])
    client = as_user(world.naka_1so)
    response = client.post(url, {**form_fields(client, url), "notes": "全体：次回は1月15日。", "decisions": "・次回の日程"})
    assert response.status_code == 302
    assert Minutes.objects.get(event=w.meeting, agenda_item=None).decision_lines == ["次回の日程"]


def test_a_follow_up_is_on_its_owners_to_do_list_only_until_done(world, as_user, w):
    until = timezone.localdate() + timedelta(days=30)
    keys = {item.key for item in todo.items_for(world.minosawa_2so, until)}
    assert f"events.followup:{w.followup.pk}" in keys
    assert f"events.followup:{w.staff_followup.pk}" not in keys
    for other in (world.naka_1so, world.minosawa_staff, world.isogo_1so):
        assert f"events.followup:{w.followup.pk}" not in {i.key for i in todo.items_for(other, until)}
    item = next(i for i in todo.items_for(world.minosawa_2so, until) if i.key == f"events.followup:{w.followup.pk}")
    assert item.title == "担い手募集チラシの原案を作る" and item.url == reverse("events:followup_detail",
                                                                            args=[w.followup.pk])
    assert "中区生活支援連絡会（12月）" in item.context

    response = as_user(world.minosawa_2so).post(reverse("events:followup_status", args=[w.followup.pk]),
                                                {"status": "done", "note": "原案を区社協へ送った", "next": "/todo/"})
    assert response.status_code == 302 and response["Location"] == "/todo/"
    assert f"events.followup:{w.followup.pk}" not in {i.key for i in todo.items_for(world.minosawa_2so, until)}
    w.followup.refresh_from_db()
    assert w.followup.status == "done" and w.followup.done_note == "原案を区社協へ送った"
    assert w.followup.done_by_name == str(world.minosawa_2so)


def test_a_follow_up_due_beyond_the_horizon_waits_and_an_undated_one_is_always_there(world, w):
    w.followup.due = timezone.localdate() + timedelta(days=200)
    w.followup.save()
    assert not todo.items_for(world.minosawa_2so, timezone.localdate() + timedelta(days=30))
    w.followup.due = None
    w.followup.save()
    assert [i.key for i in todo.items_for(world.minosawa_2so, timezone.localdate())] == [
        f"events.followup:{w.followup.pk}"]


def test_the_status_form_goes_back_only_to_this_site(world, as_user, w):
    response = as_user(world.minosawa_2so).post(reverse("events:followup_status", args=[w.followup.pk]),
                                                {"status": "doing", "next": "https://evil.example/"})
    assert response["Location"] == reverse("events:followup_detail", args=[w.followup.pk])


def test_the_organiser_gives_a_follow_up_to_a_ward_staff_member_only(world, as_user, w):
    client = as_user(world.naka_1so)
    url = reverse("events:followup_create", args=[w.meeting.pk])
    response = client.post(url, {"what": "名簿の整理", "owner": world.isogo_1so.pk})
    assert response.status_code == 200 and "この担当者は選べません。" in response.content.decode()
    response = client.post(url, {"what": "", "owner": world.naka_chiku.pk})
    assert "やることを書いてください。" in response.content.decode()
    response = client.post(url, {"what": "名簿の整理", "owner": world.naka_chiku.pk, "due": "2026-13-40"})
    assert "期限は 2026-12-25 のように日付で入れてください。" in response.content.decode()
    response = client.post(url, {"what": "名簿の整理", "owner": world.naka_chiku.pk, "agenda_item": w.item2.pk})
    assert response.status_code == 302
    made = FollowUp.objects.get(what="名簿の整理")
    assert made.organisation == world.naka_council and made.status == "todo" and made.agenda_item == w.item2


def test_the_organiser_sees_the_state_on_the_minutes_page(world, as_user, w):
    services.followup_set_status(user=world.minosawa_2so, followup=w.followup, status="doing", note="文案を相談中")
    page = as_user(world.naka_1so).get(reverse("events:minutes", args=[w.meeting.pk])).content.decode()
    assert "対応中" in page and "文案を相談中" in page
    assert page.count('id="papers-h"') == 1 and page.index('id="minutes-h"') < page.index('id="papers-h"')
    assert "期限切れ" in page  # the staff follow-up was due yesterday


def test_an_organisers_edit_of_a_follow_up_refused_when_the_owner_changed_it_meanwhile(world, as_user, w):
    client = as_user(world.naka_1so)
    url = reverse("events:followup_edit", args=[w.followup.pk])
    fields = form_fields(client, url)
    services.followup_set_status(user=world.minosawa_2so, followup=w.followup, status="done", note="済み")
    response = client.post(url, {**fields, "due": "2027-01-31", "status": "todo"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "済み" in page and "2027-01-31" in page  # what is saved now, and what was typed
    w.followup.refresh_from_db()
    assert w.followup.status == "done"


def test_the_review_is_written_and_shown(world, as_user, w):
    client = as_user(world.naka_1so)
    url = reverse("events:review_edit", args=[w.meeting.pk])
    response = client.post(url, {**form_fields(client, url), "worked": "CPごとの報告が短くまとまった",
                                 "voices": "他のCPの工夫が参考になった", "next_time": "資料を前日までに共有"})
    assert response.status_code == 302
    page = client.get(reverse("events:minutes", args=[w.meeting.pk])).content.decode()
    assert "他のCPの工夫が参考になった" in page


def test_to_do_page_lists_overdue_first_then_this_week_then_later(world, as_user, w):
    today = timezone.localdate()
    for what, days in (("来月の準備", 40), ("昨日までの報告", -1)):
        services.followup_create(user=world.naka_1so, event=w.meeting, what=what, owner=world.minosawa_2so,
                                 due=today + timedelta(days=days), owners=owners_for(w.meeting))
    w.followup.due = today
    w.followup.save()
    response = as_user(world.minosawa_2so).get(reverse("todo"))
    groups = {g["key"]: [e["item"].title for e in g["entries"]] for g in response.context["groups"]}
    assert groups == {"overdue": ["昨日までの報告"], "week": ["担い手募集チラシの原案を作る"], "later": ["来月の準備"]}
    page = response.content.decode()
    assert page.index("昨日までの報告") < page.index("担い手募集チラシの原案を作る") < page.index("来月の準備")
    assert "期限切れ" in page
    assert reverse("events:followup_status", args=[w.followup.pk]) in page


def test_the_to_do_page_is_linked_from_the_home_page_and_the_menu(world, as_user, w):
    page = as_user(world.minosawa_2so).get(reverse("home")).content.decode()
    assert page.count('href="/todo/"') >= 2


def test_a_follow_up_marked_done_by_mistake_is_taken_back_from_the_to_do_page(world, as_user, w):
    client = as_user(world.minosawa_2so)
    status_url = reverse("events:followup_status", args=[w.followup.pk])
    client.post(status_url, {"status": "done", "next": "/todo/"})
    page = client.get(reverse("todo")).content.decode()
    assert "元に戻す" in page and f'action="{status_url}"' in page
    client.post(status_url, {"status": "doing", "next": "/todo/"})
    w.followup.refresh_from_db()
    assert w.followup.status == "doing" and w.followup.done_at is None
    assert f"events.followup:{w.followup.pk}" in {
        i.key for i in todo.items_for(world.minosawa_2so, timezone.localdate() + timedelta(days=30))}
    assert "元に戻す" not in client.get(reverse("todo")).content.decode()


def test_the_event_page_part_shows_the_follow_ups_state(world, w, rf):
    """templates/events/minutes/_on_event.html, for the event's own page (included there)."""
    from django.template.loader import render_to_string

    services.followup_set_status(user=world.minosawa_2so, followup=w.followup, status="done")
    request = rf.get("/")
    request.user = world.naka_1so
    html = render_to_string("events/minutes/_on_event.html", {"event": w.meeting, "user": world.naka_1so},
                            request=request)
    text = " ".join(strip_tags(html).split())
    assert "フォローアップ 2件（完了 1・対応中 0・未着手 1）" in text and "期限切れ 1件" in text
    assert reverse("events:minutes", args=[w.meeting.pk]) in html


def test_an_owner_who_cannot_see_the_event_still_sees_and_closes_their_follow_up(world, as_user, w):
    """A care manager (no events.view) given a task at the ward's meeting: the follow-up is theirs,
    the meeting's minutes are not."""
    followup = services.followup_create(user=world.naka_1so, event=w.meeting, what="ケアマネ連絡会で周知する",
                                        owner=world.naka_cm, owners=owners_for(w.meeting))
    client = as_user(world.naka_cm)
    assert client.get(reverse("events:minutes", args=[w.meeting.pk])).status_code == 404
    page = client.get(reverse("events:followup_detail", args=[followup.pk])).content.decode()
    assert "ケアマネ連絡会で周知する" in page
    assert reverse("events:minutes", args=[w.meeting.pk]) not in page
    assert [i.key for i in todo.items_for(world.naka_cm, timezone.localdate())] == [f"events.followup:{followup.pk}"]
    client.post(reverse("events:followup_status", args=[followup.pk]), {"status": "done"})
    assert todo.items_for(world.naka_cm, timezone.localdate()) == []
