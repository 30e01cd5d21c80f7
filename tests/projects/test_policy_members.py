"""The mechanism's membership rule (people/policy.py): an action may say that an object's members
reach it whatever their role (MEMBERS_TOO), or that only members do, where their roles or grants
reach (MEMBERS_ONLY). Tested on プロジェクト, the first object with a team of its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from tsunagu.people import policy
from tsunagu.people import services as people_services
from tsunagu.people.models import User
from tsunagu.projects import access
from tsunagu.projects.models import LogEntry, Project, ProjectMember

pytestmark = pytest.mark.django_db


def test_an_unknown_members_rule_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown members rule"):
        policy.Action("x.y", "x", {}, members="sometimes")


def test_a_membership_action_cannot_be_asked_without_the_members(isogo):
    with pytest.raises(ValueError, match="give the object's members"):
        policy.within(isogo.isogo_1so, access.VIEW)
    # Nor answered by a place alone: a place says nothing about who is on which team.
    for ask in (lambda: policy.can_at(isogo.isogo_1so, access.VIEW, isogo.kuraki),
                lambda: policy.can_anywhere(isogo.isogo_1so, access.VIEW),
                lambda: policy.places_where(isogo.isogo_1so, access.VIEW)):
        with pytest.raises(ValueError, match="ask the object's QuerySet"):
            ask()


def test_members_too_a_member_without_any_role_reaches_that_project_only(isogo):
    other = Project.objects.create(title="ほかのプロジェクト", place=isogo.kuraki)
    assert policy.prefixes(isogo.kuraki_chair, access.VIEW) == []
    assert list(Project.objects.visible_to(isogo.kuraki_chair)) == [isogo.project]
    # Staff reach both by place; the list holds each project once, however many members it has.
    assert sorted(Project.objects.visible_to(isogo.isogo_1so).values_list("pk", flat=True)) == sorted(
        [isogo.project.pk, other.pk])
    # A switched-off account reaches nothing, member or not.
    User.objects.filter(pk=isogo.kuraki_chair.pk).update(is_active=False)
    assert not Project.objects.visible_to(User.objects.get(pk=isogo.kuraki_chair.pk)).exists()


def test_members_only_needs_both_the_membership_and_the_grant(isogo):
    members = ProjectMember.objects.filter(project=OuterRef("project"))

    def reaches(user) -> bool:
        policy.forget(user)
        q = policy.within(user, access.READ_SENSITIVE, "project__place__path", members=members)
        return LogEntry.objects.filter(q, pk=isogo.worry.pk).exists()

    assert not reaches(isogo.byobugaura_2so)  # a member without the grant
    grant = people_services.grant_create(
        granter=isogo.isogo_1so, user=isogo.byobugaura_2so, action=access.READ_SENSITIVE.name,
        place=isogo.byobugaura, reason="見守りのため", ends_on=timezone.localdate() + timedelta(days=30))
    assert reaches(isogo.byobugaura_2so)
    isogo.project.members.filter(user=isogo.byobugaura_2so).delete()
    assert not reaches(isogo.byobugaura_2so)  # the grant without the membership
    ProjectMember.objects.create(project=isogo.project, user=isogo.byobugaura_2so)
    people_services.grant_revoke(granter=isogo.isogo_1so, grant=grant)
    assert not reaches(isogo.byobugaura_2so)
