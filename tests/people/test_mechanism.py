"""The mechanism's own rules about declarations: an action is declared once, with roles and scopes
that exist; an undeclared action reaches nobody rather than silently everybody."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.people import sensitive
from tsunagu.audit.models import AuditEntry
from tsunagu.memos import access as memos
from tsunagu.people import policy
from tsunagu.people.models import Membership, Role, User


@pytest.fixture
def audited(monkeypatch):
    """The test stand-in for a sensitive action (tests/people/sensitive.py), declared for one test."""
    monkeypatch.setitem(policy._DECLARED, sensitive.SENSITIVE.name, sensitive.SENSITIVE)
    return sensitive.SENSITIVE


def test_an_action_with_an_unknown_role_or_scope_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown role"):
        policy.Action("x.y", "x", roles={"mayor": policy.CITY})
    with pytest.raises(ValueError, match="unknown scope"):
        policy.Action("x.y", "x", roles={"city_admin": "galaxy"})
    with pytest.raises(ValueError, match="unknown scope"):
        policy.Action("x.y", "x", roles={}, grantable_by={"city_admin": "galaxy"})


def test_declaring_two_different_actions_under_one_name_is_an_error(monkeypatch):
    monkeypatch.setattr(policy, "_DECLARED", dict(policy._DECLARED))
    first = policy.Action("x.read", "読む", roles={"city_admin": policy.CITY})
    policy.declare(first)
    policy.declare(policy.Action("x.read", "読む", roles={"city_admin": policy.CITY}))  # the same again: fine
    with pytest.raises(ValueError, match="declared twice"):
        policy.declare(policy.Action("x.read", "読む", roles={"city_admin": policy.WARD}))
    assert policy.action_named("x.read") == first
    assert first in policy.declared()


def test_an_undeclared_action_is_an_error_everywhere_it_is_used(world):
    stray = policy.Action("x.stray", "迷子", roles={"city_admin": policy.CITY})
    for check in (lambda: policy.prefixes(world.admin, stray), lambda: policy.can_grant(world.admin, stray, world.d6),
                  lambda: policy.record_look(world.admin, stray, world.d6), lambda: policy.action_named("x.stray")):
        with pytest.raises(ValueError):
            check()


def test_an_action_is_told_apart_by_name_and_knows_its_capability():
    a = policy.Action("memos.view", "読む", roles={"city_admin": policy.CITY})
    assert hash(a) == hash("memos.view") and a.capability == "memos" and not a.grantable
    assert policy.Action("w.read", "見守り", roles={}, grantable_by={"city_admin": policy.CITY}).grantable


def test_the_ward_of_a_place_and_of_the_city_itself(world):
    assert policy.ward_path(world.block) == world.naka.path
    assert policy.ward_path(world.naka) == world.naka.path
    assert policy.ward_path(world.city) == world.city.path


def test_a_look_through_an_unaudited_action_writes_nothing(world):
    from tsunagu.audit.models import AuditEntry
    from tsunagu.memos import access as memos

    policy.record_look(world.admin, memos.VIEW, world.d6)
    assert not AuditEntry.objects.exists()


def test_the_actions_a_person_may_grant(world, monkeypatch):
    # Only this test's grantable action (the capabilities declare their own, projects.read_sensitive).
    monkeypatch.setattr(policy, "_DECLARED", {k: a for k, a in policy._DECLARED.items() if not a.grantable})
    watch = policy.Action("w.read", "見守り", roles={}, grantable_by={"ward_coordinator": policy.WARD})
    policy.declare(watch)
    assert policy.grantable_actions(world.naka_1so) == [watch]
    assert policy.grantable_actions(world.minosawa_2so) == []
    assert policy.grantable_actions(world.nobody) == []
    assert policy.can_grant(world.naka_1so, watch, world.d6) and not policy.can_grant(world.naka_1so, watch, world.isogo)
    assert not policy.can_grant(world.naka_1so, watch, None)


def test_a_look_is_filed_at_the_place_the_view_names_or_else_at_the_objects_own(world, audited):
    policy.record_look(world.naka_1so, audited, world.d6_council)
    policy.record_look(world.naka_1so, audited, world.d6_council, place=world.d7)
    policy.record_look(world.naka_1so, audited, world.minosawa_2so)  # an account has no place of its own
    entries = list(AuditEntry.objects.filter(action="access.look").order_by("pk"))
    assert [(e.target_type, e.place_path) for e in entries] == [
        ("people.organisation", world.d6.path), ("people.organisation", world.d7.path), ("people.user", "")]
    assert {e.actor_name for e in entries} == {"naka-1so"}


def test_the_audit_page_names_the_action_a_look_went_through(world, as_user, audited):
    # record_look writes the action's label and name as plain values, not [before, after]: the
    # page showed them split into their first two characters (（ → 試, t → e) until _changes.html
    # learnt to tell the two apart.
    policy.record_look(world.naka_1so, audited, world.d6_council)
    page = as_user(world.admin).get(reverse("audit:list")).content.decode()
    assert f'<dt>操作</dt><dd><span class="textdiff"><ins class="diff">{audited.label}</ins></span></dd>' in page
    assert '<dt>action</dt><dd><span class="textdiff"><ins class="diff">test.sensitive</ins></span></dd>' in page


def test_holding_a_role_counts_only_active_memberships_of_an_active_account(world):
    assert policy.holds_role(world.admin, Role.CITY_ADMIN)
    assert not policy.holds_role(world.naka_1so, Role.CITY_ADMIN)
    assert policy.holds_role(world.naka_1so, Role.WARD_COORDINATOR)
    assert not policy.holds_role(AnonymousUser(), Role.CITY_ADMIN)
    assert not policy.holds_role(None, Role.CITY_ADMIN)
    User.objects.filter(pk=world.admin.pk).update(is_active=False)
    assert not policy.holds_role(User.objects.get(pk=world.admin.pk), Role.CITY_ADMIN)
    Membership.objects.filter(user=world.naka_1so).update(is_active=False)
    assert not policy.holds_role(User.objects.get(pk=world.naka_1so.pk), Role.WARD_COORDINATOR)


def test_the_table_has_a_row_per_declared_action_with_every_roles_scope(audited):
    rows = policy.table()
    assert [row["action"] for row in rows] == [a.name for a in policy.declared()]
    by_name = {row["action"]: row for row in rows}
    assert by_name["memos.write"] == {
        "action": "memos.write",
        "label": memos.WRITE.label,
        "roles": {Role.CITY_ADMIN: policy.CITY, Role.WARD_COORDINATOR: policy.WARD, Role.WARD_OFFICE: "",
                  Role.DISTRICT_OFFICER: policy.ASSIGNED, Role.AREA_COORDINATOR: policy.OWN, Role.CP_STAFF: "",
                  Role.VIEWER: ""},
        "grantable_by": {},
        "audited": False,
        "members": "",
    }
    assert by_name["test.sensitive"] == {
        "action": "test.sensitive",
        "label": audited.label,
        "roles": dict.fromkeys(Role.values, ""),
        "grantable_by": {Role.WARD_COORDINATOR: policy.WARD, Role.CITY_ADMIN: policy.CITY},
        "audited": True,
        "members": "",
    }
