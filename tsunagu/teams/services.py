"""Writes to チーム・ネットワーク. Keyword-only, atomic, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.lib.relations import keep_unseen
from tsunagu.people import reach
from tsunagu.people.models import Membership, Role, User
from tsunagu.places.models import Kind, Place
from tsunagu.teams.models import TEAM_PLACE_KINDS, Team, TeamKind, can_write_team_at

AUDIT_ACTIONS = {
    "team.create": gettext_lazy("チーム・ネットワークを登録"),
    "team.update": gettext_lazy("チーム・ネットワークを変更"),
    "team.delete": gettext_lazy("チーム・ネットワークを削除"),
}
AUDITED = ["kind", "place", "name", "purpose", "lead", "run_by", "active"]


def ward_of(place: Place) -> Place | None:
    return place.ancestor_of_kind(Kind.WARD)


def accounts_in(ward: Place):
    """Accounts with an active role in an organisation of the ward (the ward's coordinators and staff;
    not care managers or partners, who read the directory only)."""
    members = (Membership.objects.active().filter(organisation__place__path__startswith=ward.path)
               .exclude(role=Role.VIEWER))
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True)


def listings_visible_to(user):
    # The directory is above teams in the layers: reach its listings through the relation.
    return Team._meta.get_field("listings").related_model.objects.visible_to(user)


def _snapshot(team: Team) -> dict:
    data = audit.snapshot(team, AUDITED)
    data["members"] = sorted(str(u) for u in team.members.all())
    data["organisations"] = sorted(str(o) for o in team.organisations.all())
    data["listings"] = sorted(str(li) for li in team.listings.all())
    return data


def _check(user, *, place: Place, lead, members, organisations, listings, run_by, team: Team | None = None) -> None:
    ward = ward_of(place)
    errors = []
    people = [u for u in [lead, *members] if u is not None]
    allowed = set(accounts_in(ward).values_list("pk", flat=True)) if ward else set()
    outside = [u for u in people if u.pk not in allowed]
    if outside:
        errors.append(_("%(ward)sの職員ではない人が選ばれています：%(names)s") % {
            "ward": ward.name if ward else "", "names": "、".join(sorted({str(u) for u in outside}))})
    unseen_orgs = {o.pk for o in organisations} - set(
        reach.linkable_organisations(user).filter(pk__in=[o.pk for o in organisations]).values_list("pk", flat=True))
    unseen_listings = {li.pk for li in listings} - set(
        listings_visible_to(user).filter(pk__in=[li.pk for li in listings]).values_list("pk", flat=True))
    if unseen_orgs or unseen_listings:
        errors.append(_("見られない団体・地域資源が選ばれています。"))
    if run_by is not None:
        if team is not None and run_by.pk == team.pk:
            errors.append(_("自分自身を運営するチームには選べません。"))
        elif run_by.kind != TeamKind.TEAM or ward is None or not run_by.place.path.startswith(ward.path):
            errors.append(_("運営するチームは同じ区のチームから選んでください。"))
    if errors:
        raise ValidationError(errors)


def _apply(team: Team, *, kind, place, name, purpose, lead, run_by, active) -> None:
    team.kind, team.place, team.name, team.purpose = kind, place, name, purpose
    team.lead, team.run_by, team.active = lead, run_by, active


@transaction.atomic
def team_create(*, user, kind: str = TeamKind.TEAM, place: Place, name: str, purpose: str = "", lead=None,
                members=(), organisations=(), listings=(), run_by: Team | None = None, active: bool = True) -> Team:
    members, organisations, listings = list(members), list(organisations), list(listings)
    if not can_write_team_at(user, place):
        raise PermissionDenied
    _check(user, place=place, lead=lead, members=members, organisations=organisations, listings=listings,
           run_by=run_by)
    team = Team()
    _apply(team, kind=kind, place=place, name=name, purpose=purpose, lead=lead, run_by=run_by, active=active)
    team.save()
    # The lead is a member: the team page lists them with the others.
    team.members.set({*members, *([lead] if lead else [])})
    team.organisations.set(organisations)
    team.listings.set(listings)
    audit.record(actor=user, action="team.create", target=team, place=place, changes=audit.diff({}, _snapshot(team)))
    return team


@transaction.atomic
def team_update(*, user, team: Team, seen_version: int | None, kind: str, place: Place, name: str, purpose: str = "",
                lead=None, members=(), organisations=(), listings=(), run_by: Team | None = None,
                active: bool = True) -> Team:
    """Save changes; EditConflict if someone saved the team since seen_version."""
    if not Team.objects.changeable_by(user).filter(pk=team.pk).exists():
        raise PermissionDenied
    members, organisations, listings = list(members), list(organisations), list(listings)
    # The lead may edit their team without writing at its place, but not move it elsewhere.
    if place.pk != team.place_id and not can_write_team_at(user, place):
        raise PermissionDenied
    if place.pk == team.place_id and place.kind not in TEAM_PLACE_KINDS:
        raise PermissionDenied
    _check(user, place=place, lead=lead, members=members, organisations=organisations, listings=listings,
           run_by=run_by, team=team)
    before = _snapshot(Team.objects.get(pk=team.pk))
    organisations = keep_unseen(organisations, team.organisations.all(), reach.linkable_organisations(user))
    listings = keep_unseen(listings, team.listings.all(), listings_visible_to(user))
    _apply(team, kind=kind, place=place, name=name, purpose=purpose, lead=lead, run_by=run_by, active=active)
    save_if_unchanged(team, seen_version)
    team.members.set({*members, *([lead] if lead else [])})
    team.organisations.set(organisations)
    team.listings.set(listings)
    audit.record(actor=user, action="team.update", target=team, place=place,
                 changes=audit.diff(before, _snapshot(team)))
    return team


@transaction.atomic
def team_delete(*, user, team: Team) -> None:
    """Delete a team or network; memos that belonged to it stay, without it."""
    if not can_write_team_at(user, team.place):
        raise PermissionDenied
    audit.record(actor=user, action="team.delete", target=team, place=team.place, changes=_snapshot(team))
    team.delete()
