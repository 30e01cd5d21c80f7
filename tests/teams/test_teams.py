"""チーム・ネットワーク: making a team, its page (members, purpose, the place for meetings and
follow-ups, its memos newest first), memos that belong to a team (the form offers the ward's teams
only; the list filters by team), and two people editing a team at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.sheets.records_factory import make_memo
from tsunagu.audit.models import AuditEntry
from tsunagu.lib.programme import Pillar
from tsunagu.memos import services as memo_services
from tsunagu.memos.forms import MemoForm
from tsunagu.memos.models import Memo
from tsunagu.teams import sections
from tsunagu.teams.models import Team, TeamKind


def _post_data(world, **over):
    data = {"kind": TeamKind.TEAM, "name": "サロン班", "place": world.naka.pk, "purpose": "サロン連絡会の企画",
            "lead": world.naka_1so.pk, "members": [world.minosawa_2so.pk], "active": "on"}
    data.update(over)
    return data


def test_a_ward_coordinator_makes_a_team_of_coordinators_across_cps(world, as_user):
    response = as_user(world.naka_1so).post(reverse("teams:create"), _post_data(world))
    team = Team.objects.get(name="サロン班")
    assert response.status_code == 302 and response["Location"] == reverse("teams:detail", args=[team.pk])
    assert team.place == world.naka and team.lead == world.naka_1so
    # The lead is a member too.
    assert set(team.members.all()) == {world.naka_1so, world.minosawa_2so}
    assert AuditEntry.objects.filter(action="team.create", target_id=team.pk).exists()


def test_a_team_takes_only_staff_of_its_own_ward(world, as_user):
    response = as_user(world.naka_1so).post(reverse("teams:create"),
                                            _post_data(world, members=[world.byobugaura_2so.pk]))
    assert response.status_code == 200 and not Team.objects.filter(name="サロン班").exists()
    # Another ward's 2層Co is not even offered.
    assert world.byobugaura_2so not in response.context["form"].fields["members"].queryset


def test_a_2so_cannot_make_a_ward_level_team_but_can_one_for_their_cp(world, as_user):
    client = as_user(world.minosawa_2so)
    assert client.post(reverse("teams:create"), _post_data(world, name="区の班")).status_code == 200
    assert not Team.objects.filter(name="区の班").exists()
    client.post(reverse("teams:create"), _post_data(world, name="簑沢の班", place=world.minosawa.pk,
                                                    lead=world.minosawa_2so.pk))
    assert Team.objects.get(name="簑沢の班").place == world.minosawa


def test_the_team_page_shows_members_purpose_a_place_for_meetings_and_memos_newest_first(world, as_user, teams):
    newer = make_memo(world.naka_1so, world.honmoku, "食事会の送迎について相談", pillars=[Pillar.DAILY_SUPPORT],
                      team=teams.meals)
    page = as_user(world.naka_ward).get(reverse("teams:detail", args=[teams.meals.pk]))
    text = page.content.decode()
    assert "食事会の連絡会を企画・運営する" in text and str(world.minosawa_2so) in text
    assert "食事サービス連絡会" in text  # the network it runs
    assert 'id="section-events"' in text  # its meetings and follow-ups (events/team_sections.py)
    assert list(page.context["page"]) == [newer, teams.memo]


def test_registered_sections_are_drawn_on_the_team_page(world, as_user, teams):
    sections.register("test", title="会議", template="teams/_team_card.html",
                      context=lambda team, user: {"team": team.run_by or team})
    try:
        text = as_user(world.naka_1so).get(reverse("teams:detail", args=[teams.network.pk])).content.decode()
    finally:
        sections.unregister("test")
    assert 'id="section-test"' in text and 'id="section-meetings"' not in text


def test_the_team_page_shows_a_reader_only_the_memos_they_may_read(world, as_user, teams):
    honmoku = make_memo(world.naka_1so, world.honmoku, "本牧の食事会", team=teams.meals)
    # 簑沢's 地域交流Co reads their own CP's memos only (memos.view OWN).
    shown = list(as_user(world.minosawa_staff).get(reverse("teams:detail", args=[teams.meals.pk])).context["page"])
    assert teams.memo in shown and honmoku not in shown


def test_the_memo_form_offers_only_the_teams_of_the_writers_ward(world, teams):
    offered = set(MemoForm(user=world.minosawa_2so).fields["team"].queryset)
    assert offered == {teams.meals, teams.network}
    assert teams.isogo not in set(MemoForm(user=world.naka_1so).fields["team"].queryset)


def test_a_memo_cannot_belong_to_another_wards_team(world, teams):
    with pytest.raises(ValidationError):
        make_memo(world.naka_1so, world.minosawa, "よその班", team=teams.isogo)


def test_the_memo_list_filters_by_team(world, as_user, teams):
    other = make_memo(world.minosawa_2so, world.minosawa, "サロン訪問")
    page = as_user(world.naka_1so).get(reverse("memos:list"), {"team": teams.meals.pk}).context["page"]
    assert list(page) == [teams.memo] and other not in page


def test_writing_a_memo_from_the_team_page_starts_with_the_team(world, as_user, teams):
    form = as_user(world.minosawa_2so).get(reverse("memos:create"), {"team": teams.meals.pk}).context["form"]
    assert form["team"].value() == teams.meals.pk


def test_a_memo_edit_keeps_or_changes_its_team(world, teams):
    memo = teams.memo
    memo_services.memo_update(user=world.minosawa_2so, memo=memo, seen_version=memo.version, date=memo.date,
                              place=memo.place, title=memo.title, pillars=memo.pillar_list)
    assert Memo.objects.get(pk=memo.pk).team == teams.meals  # a caller that does not know teams keeps it
    memo.refresh_from_db()
    memo_services.memo_update(user=world.minosawa_2so, memo=memo, seen_version=memo.version, date=memo.date,
                              place=memo.place, title=memo.title, pillars=memo.pillar_list, team=None)
    assert Memo.objects.get(pk=memo.pk).team is None


def test_the_lead_edits_their_team_but_cannot_move_it(world, as_user, teams):
    client = as_user(world.minosawa_2so)
    url = reverse("teams:edit", args=[teams.meals.pk])
    data = _post_data(world, name="食事サービス班（新）", lead=world.minosawa_2so.pk, version=teams.meals.version)
    assert client.post(url, data).status_code == 302
    assert Team.objects.get(pk=teams.meals.pk).name == "食事サービス班（新）"
    moved = _post_data(world, place=world.honmoku.pk, lead=world.minosawa_2so.pk, version=teams.meals.version + 1)
    assert client.post(url, moved).status_code == 200
    assert Team.objects.get(pk=teams.meals.pk).place == world.naka


def test_two_people_editing_a_team_do_not_overwrite_each_other(world, as_user, teams):
    url = reverse("teams:edit", args=[teams.meals.pk])
    seen = teams.meals.version
    first = as_user(world.naka_1so).post(url, _post_data(world, name="食事班", purpose="一人目", version=seen))
    assert first.status_code == 302
    second = as_user(world.naka_ward).post(url, _post_data(world, name="食事サービス班", purpose="二人目",
                                                            version=seen))
    assert second.status_code == 200 and second.context["conflict"].purpose == "一人目"
    assert Team.objects.get(pk=teams.meals.pk).purpose == "一人目"
    # Seen the other's change, a second save keeps this person's knowingly.
    third = as_user(world.naka_ward).post(url, _post_data(world, purpose="二人目", version=seen + 1))
    assert third.status_code == 302 and Team.objects.get(pk=teams.meals.pk).purpose == "二人目"


def test_a_post_without_a_version_is_refused(world, as_user, teams):
    as_user(world.naka_1so).post(reverse("teams:edit", args=[teams.meals.pk]), _post_data(world, purpose="x"))
    assert Team.objects.get(pk=teams.meals.pk).purpose == "食事会の連絡会を企画・運営する"


def test_deleting_a_team_keeps_its_memos(world, as_user, teams):
    response = as_user(world.naka_1so).post(reverse("teams:delete", args=[teams.meals.pk]))
    assert response.status_code == 302 and not Team.objects.filter(pk=teams.meals.pk).exists()
    memo = Memo.objects.get(pk=teams.memo.pk)
    assert memo.team is None and memo.deleted_at is None


def test_the_form_offers_the_groups_of_the_teams_area_not_the_whole_city(world, teams, as_user, monkeypatch):
    """A ward holds hundreds of listings: the form offers those of the team's own area, at most
    LISTINGS_OFFERED by name, says how many more there are, and keeps offering what the team has."""
    from tests.directory.conftest import make_listing
    from tsunagu.teams import forms as team_forms
    from tsunagu.teams import services

    monkeypatch.setattr(team_forms, "LISTINGS_OFFERED", 2)
    kanas = ["あおば", "いちょう", "うみ"]
    listings = [make_listing(world.naka, f"{kana}サロン", kana=kana) for kana in kanas]
    far = make_listing(world.isogo, "磯子のサロン", kana="あ")
    meals = teams.meals
    services.team_update(user=world.naka_1so, team=meals, seen_version=meals.version, kind=meals.kind,
                         place=meals.place, name=meals.name, purpose=meals.purpose, lead=meals.lead,
                         members=list(meals.members.all()), listings=[listings[2]])
    form = as_user(world.naka_1so).get(reverse("teams:edit", args=[meals.pk])).context["form"]
    offered = set(form.fields["listings"].queryset)
    assert offered == set(listings)  # the first two by reading, and the one the team has
    assert far not in offered
    assert "ほかに1件" in str(form.fields["listings"].help_text)
