"""The conflict screen's reasoning (tsunagu/lib/conflicts.py), which 取組共有シート, 地域支援計画 and
ヒアリングシート share: what needs a decision, what is pre-chosen, what is saved from the choices,
and what a forged screen gets. The screens themselves are tested with each app
(tests/sheets/test_sheet_lost_update.py, tests/district_plans/test_plan_views.py,
tests/hearings/test_hearing_views.py)."""

from __future__ import annotations

import json

import pytest
from django.http import Http404

from tsunagu.lib import conflicts

pytestmark = pytest.mark.django_db


def test_the_conflict_finder_sorts_one_sided_changes_from_decisions():
    fields = [conflicts.Field("a", "A", parse=str), conflicts.Field("b", "B", parse=str),
              conflicts.Field("c", "C", parse=str), conflicts.Field("d", "D")]
    base = {"a": "1", "b": "1", "c": "1", "d": "x"}
    theirs = {"a": "2", "b": "1", "c": "一行目\n二行目", "d": "x"}
    mine = {"a": "1", "b": "3", "c": "一行目\n三行目", "d": "x"}
    found = {c.name: c for c in conflicts.find(fields, base=base, theirs=theirs, mine=mine)}
    assert set(found) == {"a", "b", "c"}  # d is the same on both sides
    assert found["a"].choice == "theirs" and found["b"].choice == "mine" and found["c"].choice == ""
    assert found["c"].merged_text == "一行目\n二行目\n三行目"  # the saved lines, then the typed ones not among them
    assert found["b"].merged_text == "3"  # one-sided: the merge starts from what was typed
    conflict = conflicts.Conflict(clashes=list(found.values()), mine=mine, theirs_version=2)
    assert [c.name for c in conflict.decisions] == ["c"] and [c.name for c in conflict.one_sided] == ["a", "b"]
    assert conflicts.resolve(conflict, {"choice-a": "theirs", "choice-b": "mine"}) is None
    assert "「C」で、残す内容を選んでください。" == found["c"].error
    resolved = conflicts.resolve(conflict, {"choice-a": "theirs", "choice-b": "mine", "choice-c": "merged",
                                            "merged-c": "合わせた\r\n文"})
    assert resolved == {"a": "2", "b": "3", "c": "合わせた\r\n文", "d": "x"}


def test_text_and_choice_fields_read_as_people_read_them():
    status = conflicts.choice_field("status", "状態", [("drafting", "作成中"), ("submitted", "提出済")])
    note = conflicts.text_field("note", "備考")
    [clash_status, clash_note] = conflicts.find([status, note], base={"status": "drafting", "note": ""},
                                                theirs={"status": "submitted", "note": "相手"},
                                                mine={"status": "drafting", "note": "自分"})
    assert (clash_status.theirs_text, clash_status.mine_text) == ("提出済", "作成中")
    assert not status.mergeable and note.mergeable
    conflict = conflicts.Conflict(clashes=[clash_status, clash_note], mine={}, theirs_version=3)
    # A choice cannot be "merged"; a merged text is stored with one kind of line end, trimmed.
    assert conflicts.resolve(conflict, {"choice-status": "merged", "choice-note": "merged"}) is None
    assert clash_status.error and not clash_note.error
    resolved = conflicts.resolve(conflict, {"choice-status": "theirs", "choice-note": "merged",
                                            "merged-note": " 相手\r\n自分\r\n"})
    assert resolved == {"status": "submitted", "note": "相手\n自分"}


def test_the_button_just_pressed_starts_chosen_even_when_both_changed_it():
    field = conflicts.choice_field("status", "状態", [("in_progress", "記入中"), ("submitted", "提出済")],
                                   prefer_mine=True)
    [clash] = conflicts.find([field], base={"status": "empty"}, theirs={"status": "in_progress"},
                             mine={"status": "submitted"})
    assert clash.both_changed and clash.choice == "mine"


def test_without_a_known_base_every_difference_is_a_decision():
    fields = [conflicts.text_field("a", "A"), conflicts.text_field("b", "B")]
    conflict = conflicts.build(fields, mine={"a": "自分", "b": "同じ"}, base=None, base_version=None,
                               theirs=conflicts.Saved({"a": "相手", "b": "同じ"}, 4, "naka-1so"))
    assert [c.name for c in conflict.decisions] == ["a"] and conflict.one_sided == []
    assert (conflict.theirs_version, conflict.theirs_by) == (4, "naka-1so")
    assert json.loads(conflict.mine_json) == {"a": "自分", "b": "同じ"}
    assert [g["decide"] for g in conflict.groups] == [True]  # an empty part is not shown


def test_base_and_theirs_come_from_the_records_full_copies(world):
    from tests.district_plans.conftest import plan_data
    from tsunagu.district_plans import services

    plan = services.plan_create(user=world.naka_1so, district=world.d6, data=plan_data(note="v1"))
    plan = services.plan_update(user=world.naka_1so, plan=plan, seen_version=1, data=plan_data(note="v2"))
    plan = services.plan_update(user=world.naka_1so, plan=plan, seen_version=2, data=plan_data(note="v3"))
    base, theirs = conflicts.from_versions(plan.versions, base_version=1, theirs_version=None)
    assert base["note"] == "v1" and (theirs.data["note"], theirs.version, theirs.by) == ("v3", 3, "naka-1so")
    base, theirs = conflicts.from_versions(plan.versions, base_version=1, theirs_version=2)
    assert theirs.data["note"] == "v2"  # the version a conflict screen showed, not the newest
    # A record whose first version keeps no copy (a hearing sheet starts empty) names it.
    base, theirs = conflicts.from_versions(plan.versions.none(), base_version=1, theirs_version=None,
                                           first={"note": ""})
    assert base == {"note": ""} and theirs == conflicts.Saved({"note": ""}, 1)
    base, _theirs = conflicts.from_versions(plan.versions, base_version=99, theirs_version=None)
    assert base is None


@pytest.mark.parametrize("post", [
    {"mine": "not json", "version": "2"},
    {"mine": "[1, 2]", "version": "2"},
    {"mine": "{}", "version": "two"},
    {"mine": "{}"},
])
def test_a_forged_conflict_screen_is_a_404(post):
    with pytest.raises(Http404):
        conflicts.posted(post)


def test_what_a_conflict_screen_posts_back():
    assert conflicts.posted({"mine": '{"a": "自分"}', "version": "3", "base_version": ""}) == ({"a": "自分"}, 3, None)
    assert conflicts.posted({"mine": "{}", "version": "3", "base_version": "2"}) == ({}, 3, 2)
