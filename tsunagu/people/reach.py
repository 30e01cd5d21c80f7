"""What a person reaches among places, organisations, accounts and 操作の記録: the people
capability's reads, through the mechanism (policy.py) and its declarations (access.py).

The places tree and the audit log sit below the policy and know nothing of it; their screens,
which live here in people, fetch through these functions and answer 404 outside.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tsunagu.audit.models import AuditEntry
from tsunagu.people import policy
from tsunagu.people.access import EDIT_PLACES, GRANTABLE_ROLES, MANAGE_PEOPLE, VIEW
from tsunagu.people.models import Membership, Organisation, Role, User
from tsunagu.people.policy import Action
from tsunagu.places.models import Kind, Place


def places(user: User, action: Action = VIEW) -> QuerySet[Place]:
    return policy.places_where(user, action)


def organisations(user: User, action: Action = VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.filter(policy.within(user, action, "place__path"))


def linkable_organisations(user: User, action: Action = VIEW) -> QuerySet[Organisation]:
    """Organisations a record may name: those this person reads (their ward; a district officer
    their districts) and those registered for the whole ward or the whole city around it — a taxi
    company or a supermarket chain that serves many CP areas (issue 13, ward-wide partners).

    Reach by path only looks down the tree, so an organisation placed at the ward (for a district
    officer) or at the city (for everyone below city level) was never offered nor accepted, and a
    memo could not name the partners its ward works with. Memos, events and projects link through
    this one function; the organisations' own pages keep to organisations()."""
    allowed = policy.prefixes(user, action)
    above: set[str] = set()
    for prefix in allowed:
        parts = prefix.strip("/").split("/")
        above.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    return Organisation.objects.filter(
        policy.within(user, action, "place__path")
        | Q(place__path__in=sorted(above), place__kind__in=[Kind.WARD, Kind.CITY]))


def can(user: User, action: Action, obj: Place | Organisation) -> bool:
    place = obj if isinstance(obj, Place) else obj.place
    return policy.can_at(user, action, place)


def can_change_place(user: User, place: Place) -> bool:
    """Renaming or moving a place is decided one level up: a ward's coordinator adds and edits
    CP areas, but the ward itself (official name and code) belongs to the city."""
    return place.parent_id is not None and policy.can_at(user, EDIT_PLACES, place.parent)


def get_place(user: User, pk: int, action: Action = VIEW) -> Place:
    """The place, if this user may take the action there; otherwise 404."""
    try:
        return places(user, action).get(pk=pk)
    except (Place.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_changeable_place(user: User, pk: int) -> Place:
    place = get_place(user, pk, EDIT_PLACES)
    if not can_change_place(user, place):
        raise Http404
    return place


def get_organisation(user: User, pk: int, action: Action = VIEW) -> Organisation:
    try:
        return organisations(user, action).select_related("place").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- People management -----------------------------------------------------------------


def grantable_roles(user: User, organisation: Organisation | None = None) -> list[str]:
    """Roles this user may give to someone in this organisation, or (with no organisation)
    in at least one organisation, for choosing in a form."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Role.values)
    roles: set[str] = set()
    for membership in policy.active_memberships(user):
        scope = MANAGE_PEOPLE.roles.get(membership.role)
        if scope and (
            organisation is None
            or any(organisation.place.path.startswith(p) for p in policy.membership_prefixes(membership, scope))
        ):
            roles |= GRANTABLE_ROLES.get(membership.role, set())
    return [r for r in Role.values if r in roles]


def manageable_users(user: User) -> QuerySet[User]:
    """Accounts this user may manage: everyone whose memberships all lie within their reach.

    An account with a membership outside that reach (say, a ward coordinator who also
    belongs to the city council) is left to those who can see all of it.
    """
    allowed = policy.prefixes(user, MANAGE_PEOPLE)
    if not allowed:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    inside = policy.within(user, MANAGE_PEOPLE, "organisation__place__path")
    outside = Membership.objects.exclude(inside).values("user_id")
    qs = User.objects.filter(is_superuser=False).exclude(pk__in=outside)
    # Nor may anyone manage an account holding a role they could not grant: a 1層Co does not
    # reset a fellow 1層Co's password or switch off the city's administrator.
    higher = Membership.objects.active().exclude(role__in=grantable_roles(user)).values("user_id")
    qs = qs.exclude(pk__in=higher)
    if "/" not in allowed and not any(p.count("/") == 2 for p in allowed):
        # Below city level, an account with no membership at all belongs to no one's reach.
        qs = qs.filter(pk__in=Membership.objects.filter(inside).values("user_id"))
    return qs.distinct()


def get_manageable_user(user: User, pk: int) -> User:
    try:
        return manageable_users(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_manageable_membership(user: User, pk: int) -> Membership:
    try:
        membership = Membership.objects.select_related("organisation__place", "user").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not manageable_users(user).filter(pk=membership.user_id).exists():
        raise Http404
    return membership


def audit_entries(user: User) -> QuerySet[AuditEntry]:
    """操作の記録 a person may read: those filed at places where they manage people. Entries
    filed nowhere (accounts without a membership) are for city-level administrators."""
    allowed = policy.prefixes(user, MANAGE_PEOPLE)
    if not allowed:
        return AuditEntry.objects.none()
    city_level = user.is_superuser or any(p.count("/") <= 2 for p in allowed)
    return AuditEntry.objects.within(allowed, unplaced=city_level)

