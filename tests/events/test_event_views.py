"""Planning, editing and attending an event through its screens: a 1層Co plans a series on a phone
form, fills in only what is required, sees Japanese errors; two people editing at once (the second
is shown both sides and nothing is overwritten silently); participants invited, answering, marked
on the day, head counts; the presenter's prepared report; the editable kinds; the calendar; the
participants' .xlsx; unanswered invitations on the to-do list."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from tests.events.conftest import kind
from tsunagu.audit.models import AuditEntry
from tsunagu.events import services
from tsunagu.events.models import Answer, Attendance, Event, Participant
from tsunagu.lib import todo


def event_data(place, *, title="生活支援ボランティア交流会", days=(), version=None, initial=0, **more):
    data = {"title": title, "place": place.pk, "kind": kind("交流会").pk, "venue_text": "中区福祉保健活動拠点",
            "sessions-TOTAL_FORMS": str(len(days)), "sessions-INITIAL_FORMS": str(initial), **more}
    for i, day in enumerate(days):
        data[f"sessions-{i}-date"] = f"{day:%Y-%m-%d}"
    if version is not None:
        data["version"] = version
    return data


def test_a_1so_plans_a_series_with_organisers(world, as_user, cast):
    client = as_user(world.naka_1so)
    form = client.get(reverse("events:create"))
    assert form.context["form"].initial["place"] == world.naka  # a 1層Co starts at the ward
    days = [cast.today + timedelta(days=30), cast.today + timedelta(days=37)]
    data = event_data(world.naka, days=days, organisers=[world.naka_council.pk, world.minosawa_cp.pk],
                      **{"sessions-0-starts_at": "10:00", "sessions-0-ends_at": "12:00"})
    response = client.post(reverse("events:create"), data)
    event = Event.objects.get(title="生活支援ボランティア交流会")
    assert response.status_code == 302 and response["Location"] == reverse("events:detail", args=[event.pk])
    assert (event.starts_on, event.ends_on, event.place, event.created_by) == (days[0], days[1], world.naka, world.naka_1so)
    assert set(event.organisers.all()) == {world.naka_council, world.minosawa_cp}
    assert [f"{s.starts_at:%H:%M}" if s.starts_at else None for s in event.sessions.all()] == ["10:00", None]
    assert AuditEntry.objects.about(event).filter(action="event.create").exists()


def test_missing_name_and_day_are_explained_in_japanese(world, as_user, cast):
    response = as_user(world.naka_1so).post(reverse("events:create"), event_data(world.naka, title="", days=[]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "日付を一つ以上入れてください。" in html and "このフィールドは必須です。" in html


def test_a_2so_cannot_hold_an_event_at_the_ward(world, as_user, cast):
    response = as_user(world.minosawa_2so).post(reverse("events:create"),
                                                 event_data(world.naka, days=[cast.today]))
    assert response.status_code == 200 and not Event.objects.filter(title="生活支援ボランティア交流会").exists()
    assert response.context["form"].errors["place"]


def test_a_ward_kind_is_offered_in_its_ward_only(world, as_user, cast):
    naka_kinds = as_user(world.naka_1so).get(reverse("events:create")).context["form"].fields["kind"].queryset
    isogo_kinds = as_user(world.isogo_1so).get(reverse("events:create")).context["form"].fields["kind"].queryset
    assert cast.naka_kind in naka_kinds and cast.naka_kind not in isogo_kinds
    response = as_user(world.isogo_1so).post(reverse("events:create"), {
        **event_data(world.isogo, days=[cast.today]), "kind": cast.naka_kind.pk})
    assert response.status_code == 200 and response.context["form"].errors["kind"]


def _edit_data(event, **changes):
    data = event_data(event.place, title=event.title, days=[s.date for s in event.sessions.all()],
                      version=event.version, initial=event.sessions.count(), kind=event.kind_id)
    data.update(changes)
    return data


def test_two_people_editing_at_once_lose_nothing(world, as_user, client, cast):
    meeting = cast.meeting
    first = _edit_data(meeting, title="生活支援Co連絡会（12月・会場変更）")
    second = _edit_data(meeting, description="各CPから1件ずつ報告")
    assert as_user(world.naka_1so).post(reverse("events:edit", args=[meeting.pk]), first).status_code == 302
    response = as_user(world.naka_ward).post(reverse("events:edit", args=[meeting.pk]), second)
    meeting.refresh_from_db()
    assert response.status_code == 409
    assert meeting.title == "生活支援Co連絡会（12月・会場変更）" and meeting.description == ""  # nothing overwritten
    rows = {str(r["label"]): (r["theirs"], r["mine"]) for r in response.context["conflict"]["rows"]}
    assert rows["催しの名前"] == ("生活支援Co連絡会（12月・会場変更）", "生活支援Co連絡会（12月）")
    assert rows["内容"] == ("", "各CPから1件ずつ報告")
    html = response.content.decode()
    assert "編集中に、ほかの人がこの催しを保存しました" in html and "各CPから1件ずつ報告" in html
    # The form now carries the saved version: saving again, after looking, is a knowing choice.
    again = response.context["form"].data.copy()
    again["title"] = meeting.title
    assert as_user(world.naka_ward).post(reverse("events:edit", args=[meeting.pk]), again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.description, meeting.version) == (
        "生活支援Co連絡会（12月・会場変更）", "各CPから1件ずつ報告", 3)


def test_an_edit_without_its_version_is_refused(world, as_user, cast):
    data = _edit_data(cast.meeting, title="上書き")
    del data["version"]
    response = as_user(world.naka_1so).post(reverse("events:edit", args=[cast.meeting.pk]), data)
    cast.meeting.refresh_from_db()
    assert response.status_code == 409 and cast.meeting.title == "生活支援Co連絡会（12月）"


def test_sessions_are_added_and_removed_on_edit(world, as_user, cast):
    meeting = cast.meeting
    later = cast.today + timedelta(days=40)
    data = _edit_data(meeting, **{"sessions-TOTAL_FORMS": "2", "sessions-1-date": f"{later:%Y-%m-%d}"})
    assert as_user(world.naka_1so).post(reverse("events:edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_on, meeting.ends_on) == (cast.today + timedelta(days=7), later)
    data = _edit_data(meeting, **{"sessions-0-DELETE": "on"})
    assert as_user(world.naka_1so).post(reverse("events:edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_on, meeting.ends_on, meeting.sessions.count()) == (later, later, 1)


def test_participants_are_invited_answer_and_are_marked_on_the_day(world, as_user, cast):
    meeting, client = cast.meeting, as_user(world.naka_1so)
    page = client.get(reverse("events:participants", args=[meeting.pk]))
    offered = page.context["add_form"].fields
    assert world.minosawa_cp in offered["organisations"].queryset  # a CP of the ward
    assert world.honmoku_cp not in offered["organisations"].queryset  # already invited
    assert world.isogo_council not in offered["organisations"].queryset  # another ward's
    assert world.minosawa_2so not in offered["accounts"].queryset and world.naka_ward in offered["accounts"].queryset
    response = client.post(reverse("events:participants", args=[meeting.pk]), {
        "how": "invite", "organisations": [world.minosawa_cp.pk], "accounts": [world.naka_ward.pk],
        "names": "民生委員 田中さん\n\n民生委員 田中さん"})
    assert response.status_code == 302
    assert meeting.participants.count() == 5  # 2 before, the CP, 区役所's account and one name (typed twice)
    tanaka = meeting.participants.get(name="民生委員 田中さん")
    assert tanaka.invited_at is not None and tanaka.answer == Answer.NONE

    row = client.post(reverse("events:attendance", args=[meeting.pk, tanaka.pk]), {"attendance": "attended"},
                      headers={"HX-Request": "true"})
    assert row.status_code == 200 and 'aria-pressed="true"' in row.content.decode()
    tanaka.refresh_from_db()
    assert tanaka.attendance == Attendance.ATTENDED
    client.post(reverse("events:attendance", args=[meeting.pk, tanaka.pk]), {"attendance": ""})
    tanaka.refresh_from_db()
    assert tanaka.attendance == Attendance.UNKNOWN  # a wrong tap undone

    honmoku = meeting.participants.get(organisation=world.honmoku_cp)
    client.post(reverse("events:participant_answer", args=[meeting.pk, honmoku.pk]), {"answer": "no"})
    honmoku.refresh_from_db()
    assert honmoku.answer == Answer.NO

    came = client.post(reverse("events:participants", args=[meeting.pk]), {"how": "came", "names": "飛び入りの方"})
    assert came.status_code == 302
    assert meeting.participants.get(name="飛び入りの方").attendance == Attendance.ATTENDED


def test_head_counts_are_set_summed_and_cleared(world, as_user, cast):
    client, meeting = as_user(world.naka_1so), cast.meeting
    url = reverse("events:head_counts", args=[meeting.pk])
    data = {"heads-TOTAL_FORMS": "3", "heads-INITIAL_FORMS": "0", "heads-0-label": "住民", "heads-0-number": "30",
            "heads-1-label": "民生委員", "heads-1-number": "8", "heads-2-label": "住民", "heads-2-number": "2"}
    assert client.post(url, data).status_code == 302
    assert dict(meeting.head_counts.values_list("label", "number")) == {"住民": 32, "民生委員": 8}
    data.update({"heads-0-number": "0", "heads-2-number": "0"})
    client.post(url, data)
    assert dict(meeting.head_counts.values_list("label", "number")) == {"民生委員": 8}
    bad = client.post(url, {**data, "heads-1-number": "-3"})
    assert bad.status_code == 400 and dict(meeting.head_counts.values_list("label", "number")) == {"民生委員": 8}


def test_an_invited_2so_answers_and_the_invitation_leaves_the_to_do_list(world, as_user, cast):
    until = cast.today + timedelta(days=30)
    items = todo.items_for(world.minosawa_2so, until)
    assert [i.key for i in items if i.key.startswith("events.invitation")] == [f"events.invitation:{cast.invitation.pk}"]
    item = next(i for i in items if i.key.startswith("events.invitation"))
    assert item.due == cast.meeting.starts_on and item.url == reverse("events:answer", args=[cast.meeting.pk])
    assert not [i for i in todo.items_for(world.minosawa_2so, cast.today) if i.key.startswith("events.")]  # not due yet
    assert not [i for i in todo.items_for(world.naka_1so, until) if i.key.startswith("events.")]
    client = as_user(world.minosawa_2so)
    assert "出欠を回答する" in client.get(reverse("events:detail", args=[cast.meeting.pk])).content.decode()
    response = client.post(reverse("events:answer", args=[cast.meeting.pk]), {"answer": "yes"})
    assert response.status_code == 302
    cast.invitation.refresh_from_db()
    assert cast.invitation.answer == Answer.YES and cast.invitation.answered_at is not None
    assert not [i for i in todo.items_for(world.minosawa_2so, until) if i.key.startswith("events.")]
    refused = client.post(reverse("events:answer", args=[cast.meeting.pk]), {"answer": "maybe"})
    assert refused.status_code == 200
    cast.invitation.refresh_from_db()
    assert cast.invitation.answer == Answer.YES


def test_the_presenter_prepares_their_report_but_changes_nothing_else(world, as_user, cast):
    url = reverse("events:agenda_edit", args=[cast.meeting.pk, cast.item.pk])
    response = as_user(world.minosawa_2so).post(url, {
        "title": "乗っ取り", "prepared_note": "第6地区で新しいサロンが始まりました。", "version": cast.item.version})
    assert response.status_code == 302
    cast.item.refresh_from_db()
    assert (cast.item.title, cast.item.prepared_note) == ("各CPからの報告", "第6地区で新しいサロンが始まりました。")
    stale = as_user(world.naka_1so).post(url, {"title": "各CPからの報告", "prepared_note": "", "version": 1})
    cast.item.refresh_from_db()
    assert stale.status_code == 409 and cast.item.prepared_note == "第6地区で新しいサロンが始まりました。"
    detail = as_user(world.naka_ward).get(reverse("events:detail", args=[cast.meeting.pk])).content.decode()
    assert "第6地区で新しいサロンが始まりました。" in detail and "報告：minosawa-2so" in detail


def test_the_calendar_shows_the_month_and_the_phone_list(world, as_user, cast):
    day = cast.meeting.starts_on
    response = as_user(world.minosawa_2so).get(reverse("events:calendar"), {"ward": world.naka.pk,
                                                                             "month": f"{day:%Y-%m}"})
    cells = {d.date: [e.event.title for e in d.entries] for week in response.context["weeks"] for d in week}
    assert cells[day] == ["生活支援Co連絡会（12月）"]
    titles = {e.event.title for d in response.context["days"] for e in d.entries}
    assert "本牧 見守り研修" not in titles  # another CP's own event
    assert all(len(week) == 7 and week[0].date.weekday() == 6 for week in response.context["weeks"])  # Sunday first


def test_the_participants_download(world, as_user, cast):
    cast.invitation.answer = Answer.YES
    cast.invitation.save()
    response = as_user(world.naka_chiku).get(reverse("events:participants_xlsx", args=[cast.meeting.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "生活支援Co連絡会（12月）"
    assert ["minosawa-2so", "職員", "案内済み", "出席", None, None] in rows
    assert ["本牧地域ケアプラザ", "団体", "案内済み", None, None, None] in rows


def test_a_ward_kind_is_added_by_its_1so(world, as_user, cast):
    response = as_user(world.naka_1so).post(reverse("events:kind_create") + f"?ward={world.naka.pk}",
                                            {"name": "地区別懇談会", "order": "50", "active": "on"})
    assert response.status_code == 302
    again = as_user(world.naka_1so).post(reverse("events:kind_create") + f"?ward={world.naka.pk}",
                                         {"name": "地区別懇談会", "order": "50", "active": "on"})
    assert "「地区別懇談会」はもうあります。" in again.content.decode()


def test_a_cp_level_event_is_seen_by_a_co_organising_cp_of_another_area(world, cast):
    """Visible through the organisation: 本牧's training co-organised by 簑沢 CP shows to 簑沢's 2層Co."""
    assert not Event.objects.visible_to(world.minosawa_2so).filter(pk=cast.honmoku.pk).exists()
    cast.honmoku.organisers.add(world.minosawa_cp)
    assert Event.objects.visible_to(world.minosawa_2so).filter(pk=cast.honmoku.pk).exists()
    assert not Event.objects.changeable_by(world.minosawa_2so).filter(pk=cast.honmoku.pk).exists()


def test_upcoming_and_past_and_filters(world, as_user, cast):
    client = as_user(world.naka_1so)
    upcoming = [e.title for e in client.get(reverse("events:list")).context["page"]]
    assert upcoming == ["生活支援Co連絡会（12月）", "本牧 見守り研修"]
    past = [e.title for e in client.get(reverse("events:list"), {"when": "past"}).context["page"]]
    assert past == ["簑沢サロン交流会"]
    liaison = client.get(reverse("events:list"), {"kind": kind("連絡会").pk}).context["page"]
    assert [e.title for e in liaison] == ["生活支援Co連絡会（12月）"]
    period = client.get(reverse("events:list"), {"start": f"{cast.today - timedelta(days=5):%Y-%m-%d}",
                                                  "end": f"{cast.today + timedelta(days=8):%Y-%m-%d}"})
    assert [e.title for e in period.context["page"]] == ["簑沢サロン交流会", "生活支援Co連絡会（12月）"]
    place = client.get(reverse("events:list"), {"place": world.honmoku.pk}).context["page"]
    assert [e.title for e in place] == ["本牧 見守り研修"]


def test_participant_rows_accept_only_a_known_attendance(world, as_user, cast):
    p = cast.invitation
    as_user(world.naka_1so).post(reverse("events:attendance", args=[cast.meeting.pk, p.pk]), {"attendance": "maybe"})
    assert Participant.objects.get(pk=p.pk).attendance == Attendance.UNKNOWN


def test_participants_from_another_ward_are_refused_even_without_the_form(world, cast):
    for kwargs in ({"organisations": [world.isogo_council]}, {"accounts": [world.byobugaura_2so]}):
        with pytest.raises(ValidationError, match="この区の外"):
            services.participants_add(user=world.naka_1so, event=cast.meeting, **kwargs)
    assert cast.meeting.participants.count() == 2
