"""The mechanism's own rules about declarations: an action is declared once, with roles and scopes
that exist; an undeclared action reaches nobody rather than silently everybody."""

from __future__ import annotations

import pytest

from tsunagu.people import policy


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
    monkeypatch.setattr(policy, "_DECLARED", dict(policy._DECLARED))
    watch = policy.Action("w.read", "見守り", roles={}, grantable_by={"ward_coordinator": policy.WARD})
    policy.declare(watch)
    assert policy.grantable_actions(world.naka_1so) == [watch]
    assert policy.grantable_actions(world.minosawa_2so) == []
    assert policy.grantable_actions(world.nobody) == []
    assert policy.can_grant(world.naka_1so, watch, world.d6) and not policy.can_grant(world.naka_1so, watch, world.isogo)
    assert not policy.can_grant(world.naka_1so, watch, None)
