"""プロジェクト's screens as the team uses them: setting a project up, its team, milestones and
links, the shared log with comments, the to-do list, the list's filters and the export."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.lib.test_edit_without_version import form_of
from tests.projects.conftest import stage
from tests.sheets.records_factory import make_memo
from tsunagu.audit.models import AuditEntry
from tsunagu.lib import todo
from tsunagu.projects import services
from tsunagu.projects.models import Comment, LogEntry, Milestone, Project
from tsunagu.projects.todo import milestones_due

pytestmark = pytest.mark.django_db


def fields_dict(fields, **changes) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update({k: v if isinstance(v, list) else [v] for k, v in changes.items()})
    return data


def test_a_2so_sets_up_a_project_at_an_association_and_leads_its_team(world, as_user):
    client = as_user(world.byobugaura_2so)
    preparing = stage("準備")
    response = client.post(reverse("projects:create"), {
        "title": "久良岐丘 移動販売", "place": world.kuraki.pk, "purpose": "買物に困る高台の住民のために",
        "stage": preparing.pk, "organisations": [world.kuraki_org.pk, world.isogo_council.pk]})
    project = Project.objects.get(title="久良岐丘 移動販売")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.stage == preparing and set(project.organisations.all()) == {world.kuraki_org, world.isogo_council}
    assert list(project.members.values_list("user__username", "role")) == [("byobugaura-2so", "lead")]
    assert AuditEntry.objects.filter(action="project.create", target_id=project.pk).exists()


def test_a_project_cannot_be_filed_where_the_role_does_not_reach(world, as_user):
    response = as_user(world.byobugaura_2so).post(reverse("projects:create"), {"title": "x", "place": world.d6.pk})
    assert response.status_code == 200
    assert "place" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_ward_wide_supermarket_is_offered_as_a_partner(isogo, as_user):
    form = as_user(isogo.byobugaura_2so).get(reverse("projects:edit", args=[isogo.project.pk])).context["form"]
    offered = set(form.fields["organisations"].queryset)
    assert {isogo.market, isogo.isogo_office, isogo.kuraki_org, isogo.byobugaura_cp} <= offered
    assert isogo.naka_council not in offered


def test_two_people_saving_the_project_at_once_lose_nothing(isogo, as_user):
    url = reverse("projects:edit", args=[isogo.project.pk])
    client = as_user(isogo.byobugaura_2so)
    fields = form_of(client, url)
    project = Project.objects.get(pk=isogo.project.pk)
    services.project_update(user=isogo.isogo_1so, project=project, seen_version=project.version, title="先に保存した名前",
                            place=project.place, purpose=project.purpose, stage=project.stage,
                            organisations=list(project.organisations.all()))
    response = client.post(url, fields_dict(fields, title="あとから保存した名前"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "先に保存した名前" in page and "あとから保存した名前" in page
    assert Project.objects.get(pk=project.pk).title == "先に保存した名前"
    # Saving again from the screen (now answering the newer version) is a decision, and it saves.
    again = client.post(url, fields_dict(form_of_response(response), title="あとから保存した名前"))
    assert again.status_code == 302
    assert Project.objects.get(pk=project.pk).title == "あとから保存した名前"


def form_of_response(response):
    from tests.lib.test_edit_without_version import _FormFields

    parser = _FormFields()
    parser.feed(response.content.decode())
    return next(f for f in parser.forms if any(n == "version" for n, _v in f))


def test_linked_memos_show_to_those_who_may_read_them(isogo, as_user):
    memo = make_memo(isogo.byobugaura_2so, isogo.kuraki, "久良岐丘の移動販売の相談")
    client = as_user(isogo.byobugaura_2so)
    form = client.get(reverse("projects:edit", args=[isogo.project.pk])).context["form"]
    assert memo in form.fields["memos"].queryset
    fields = form_of(client, reverse("projects:edit", args=[isogo.project.pk]))
    assert client.post(reverse("projects:edit", args=[isogo.project.pk]),
                       fields_dict(fields, memos=[str(memo.pk)])).status_code == 302
    assert list(isogo.project.memos.all()) == [memo]
    assert "久良岐丘の移動販売の相談" in client.get(isogo.project.get_absolute_url()).content.decode()
    # The 自治会長 reads the project but not the coordinators' memos: the link is not shown.
    assert "久良岐丘の移動販売の相談" not in as_user(isogo.kuraki_chair).get(
        isogo.project.get_absolute_url()).content.decode()


def test_a_partner_without_a_staff_role_joins_the_team_and_writes(isogo, as_user):
    client = as_user(isogo.isogo_1so)
    form = client.get(reverse("projects:member_add", args=[isogo.project.pk])).context["form"]
    assert isogo.yokodai_2so in form.fields["user"].queryset
    assert isogo.kuraki_chair not in form.fields["user"].queryset  # already on the team
    assert isogo.naka_1so not in form.fields["user"].queryset  # another ward
    response = client.post(reverse("projects:member_add", args=[isogo.project.pk]),
                           {"user": isogo.yokodai_2so.pk, "role": "adviser", "note": "隣のCPから助言"})
    assert response.status_code == 302
    assert as_user(isogo.yokodai_2so).get(reverse("projects:entry_create", args=[isogo.project.pk])).status_code == 200


def test_milestones_are_drawn_as_a_timeline_and_a_done_one_gets_todays_date(isogo, as_user):
    client = as_user(isogo.isogo_1so)
    today = timezone.localdate()
    response = client.post(reverse("projects:milestone_create", args=[isogo.project.pk]), {
        "title": "住民説明会", "planned_on": (today - timedelta(days=5)).isoformat(), "status": "done"})
    assert response.status_code == 302
    briefing = Milestone.objects.get(title="住民説明会")
    assert briefing.done_on == today
    page = client.get(isogo.project.get_absolute_url()).content.decode()
    timeline = page[page.index('<ol class="timeline">'):]
    assert timeline.index("買物アンケート") < timeline.index("住民説明会") < timeline.index("出発式")
    assert 'class="milestone milestone-done"' in page and 'class="milestone milestone-planned"' in page
    future = client.post(reverse("projects:milestone_edit", args=[isogo.project.pk, briefing.pk]), {
        "title": "住民説明会", "planned_on": today.isoformat(), "status": "done",
        "done_on": (today + timedelta(days=1)).isoformat(), "version": briefing.version})
    assert future.status_code == 200 and "実施日が未来" in future.content.decode()


def test_a_milestone_saved_meanwhile_is_not_overwritten(isogo, as_user):
    url = reverse("projects:milestone_edit", args=[isogo.project.pk, isogo.launch.pk])
    client = as_user(isogo.byobugaura_2so)
    fields = form_of(client, url)
    services.milestone_save(user=isogo.isogo_1so, project=isogo.project, milestone=isogo.launch,
                            seen_version=isogo.launch.version, title="出発式（会長あいさつ）",
                            planned_on=isogo.launch.planned_on)
    response = client.post(url, fields_dict(fields, status="postponed"))
    assert response.status_code == 409
    assert Milestone.objects.get(pk=isogo.launch.pk).status == "planned"


def test_the_members_milestones_due_are_on_their_to_do_list(isogo):
    until = timezone.localdate() + timedelta(days=7)
    mine = services.milestone_save(user=isogo.isogo_1so, project=isogo.project, title="会場の下見",
                                   planned_on=timezone.localdate(), owner=isogo.kuraki_chair)
    keys = {t.key for t in milestones_due(isogo.byobugaura_2so, until)}
    assert keys == {f"projects.milestone:{isogo.launch.pk}"}  # not the done survey, not the chair's own
    assert {t.key for t in milestones_due(isogo.kuraki_chair, until)} == {
        f"projects.milestone:{isogo.launch.pk}", f"projects.milestone:{mine.pk}"}
    assert milestones_due(isogo.byobugaura_2so, timezone.localdate()) == []  # 出発式 is in three days
    assert milestones_due(isogo.yokodai_2so, until) == []  # reads the project, not on its team
    assert milestones_due(isogo.naka_1so, until) == []
    item = next(t for t in todo.items_for(isogo.byobugaura_2so, until) if t.key.startswith("projects."))
    assert item.title == "出発式" and item.context == isogo.project.title
    assert item.url.endswith(f"#milestone-{isogo.launch.pk}")


def test_a_partner_writes_in_the_log_and_another_comments(isogo, as_user):
    today = timezone.localdate()
    response = as_user(isogo.market_staff).post(reverse("projects:entry_create", args=[isogo.project.pk]), {
        "date": today.isoformat(), "body": "雨で客足が少なかった。パンが残った。"})
    entry = LogEntry.objects.get(body__startswith="雨で")
    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{entry.pk}")
    assert entry.author == isogo.market_staff and entry.organisation_name == "スーパーいそご 移動販売"
    client = as_user(isogo.kuraki_chair)
    assert client.post(reverse("projects:comment_add", args=[isogo.project.pk, entry.pk]),
                       {"body": "次回は回覧板で知らせます。"}).status_code == 302
    comment = Comment.objects.get(entry=entry)
    assert comment.organisation_name == "久良岐丘自治会"
    page = as_user(isogo.byobugaura_2so).get(isogo.project.get_absolute_url()).content.decode()
    assert "パンが残った" in page and "次回は回覧板で知らせます" in page
    # Only its writer takes a comment back.
    delete = reverse("projects:comment_delete", args=[isogo.project.pk, entry.pk, comment.pk])
    assert as_user(isogo.byobugaura_2so).post(delete).status_code == 404
    assert as_user(isogo.kuraki_chair).post(delete).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_an_entry_dated_in_the_future_is_refused_in_japanese(isogo, as_user):
    response = as_user(isogo.kuraki_chair).post(reverse("projects:entry_create", args=[isogo.project.pk]), {
        "date": (timezone.localdate() + timedelta(days=2)).isoformat(), "body": "予定"})
    assert response.status_code == 200 and "日付が未来" in response.content.decode()


def test_a_deleted_entry_leaves_the_log_after_a_confirmation(isogo, as_user):
    client = as_user(isogo.byobugaura_2so)
    url = reverse("projects:entry_delete", args=[isogo.project.pk, isogo.entry.pk])
    assert "削除します" in client.get(url).content.decode()
    assert LogEntry.objects.live().filter(pk=isogo.entry.pk).exists()
    assert client.post(url).status_code == 302
    assert not LogEntry.objects.live().filter(pk=isogo.entry.pk).exists()
    assert "野菜がよく売れた" not in client.get(isogo.project.get_absolute_url()).content.decode()


def test_the_list_filters_by_stage_and_place(isogo, as_user):
    other = services.project_create(user=isogo.isogo_1so, title="洋光台 サロンの立ち上げ", place=isogo.yokodai,
                                    stage=stage("準備"))
    client = as_user(isogo.isogo_1so)
    url = reverse("projects:list")
    both = client.get(url).content.decode()
    assert isogo.project.title in both and other.title in both
    by_stage = client.get(url, {"stage": other.stage.pk}).content.decode()
    assert other.title in by_stage and isogo.project.title not in by_stage
    by_place = client.get(url, {"place": isogo.byobugaura.pk}).content.decode()
    assert isogo.project.title in by_place and other.title not in by_place


def test_the_export_holds_the_project_its_milestones_team_and_log(isogo, as_user):
    services.comment_add(user=isogo.market_staff, entry=isogo.entry, body="次回は果物を増やします")
    response = as_user(isogo.isogo_1so).get(reverse("projects:export", args=[isogo.project.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概要", "マイルストーン", "メンバー", "共有ログ"]
    log = [[c.value for c in row] for row in book["共有ログ"].iter_rows(min_row=2)]
    assert len(log) == 1 and "野菜がよく売れた" in log[0][3] and "次回は果物を増やします" in log[0][4]
    assert [r[0].value for r in book["マイルストーン"].iter_rows(min_row=2)] == ["買物アンケート", "出発式"]
