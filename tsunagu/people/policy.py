"""The access mechanism: who may take which action, and where in the places tree.

A person holds memberships (organisation, role) and may hold grants. An organisation sits at a
place; each capability declares its actions beside its models (`memos/access.py`, …) and says,
for each role, over which part of the tree the role reaches that action:

    city      the whole tree the organisation's place belongs to (its city)
    ward      the ward around the organisation's place (the city, for a city-level body)
    own       the organisation's own place and everything under it (a CP's area)
    assigned  the districts assigned to the membership (区社協地区担当)

A grant gives one person one action over one place's subtree, for a reason, until a date, on top
of their roles; only actions declared grantable can be granted, and only by someone whose role
reaches the place with the action's `grantable_by` scope.

Some objects have members of their own (a project's team: the 2層Co, the 自治会長, the supermarket's
staff). An action may declare what membership does:

    MEMBERS_TOO   the object's members reach it, whatever their role and wherever it lies (a
                  partner's account reaches that one project, nothing else)
    MEMBERS_ONLY  only the object's members reach it, and only where their roles or grants do
                  (the 気になる人 entries: a member who also holds the grant)

The capability's QuerySet hands `within()` the object's member rows (correlated to the object by
OuterRef, each with a `user` field); the mechanism refuses an action that declares members when
they are not given, so a screen cannot forget them.

This module turns (user, action) into path prefixes and a filter on a place path. It imports no
capability: the declarations register themselves when their app is ready, and each capability's
QuerySet calls `within()` for its `visible_to(user)` / `changeable_by(user)`. Anything outside a
person's reach is answered with 404, so that guessing IDs tells nothing about what exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, Q, QuerySet, prefetch_related_objects

from tsunagu.audit import services as audit
from tsunagu.people.models import Grant, Membership, Role, User
from tsunagu.places.models import Place

CITY, WARD, OWN, ASSIGNED = "city", "ward", "own", "assigned"
SCOPES = (CITY, WARD, OWN, ASSIGNED)
SCOPE_LABELS = {CITY: "市全体", WARD: "区", OWN: "自所属の地域", ASSIGNED: "担当地区"}
MEMBERS_TOO, MEMBERS_ONLY = "too", "only"
MEMBER_LABELS = {MEMBERS_TOO: "メンバーは役割によらず", MEMBERS_ONLY: "メンバーに限る"}


@dataclass(frozen=True)
class Action:
    """One thing a person may do somewhere, as a capability declares it.

    roles         role → scope at which holders of the role reach the action
    grantable_by  role → scope: who may grant it to someone, over places within that scope
                  (empty: the action is reached by roles only, never granted)
    audited       every object read through it leaves an entry in 操作の記録
    members       what membership of the object does: MEMBERS_TOO, MEMBERS_ONLY or "" (nothing)
    """

    name: str
    label: str
    roles: Mapping[str, str]
    grantable_by: Mapping[str, str] = field(default_factory=dict)
    audited: bool = False
    members: str = ""

    def __post_init__(self):
        if self.members not in ("", *MEMBER_LABELS):
            raise ValueError(f"{self.name}: unknown members rule {self.members!r}")
        for role, scope in [*self.roles.items(), *self.grantable_by.items()]:
            if role not in Role.values:
                raise ValueError(f"{self.name}: unknown role {role!r}")
            if scope not in SCOPES:
                raise ValueError(f"{self.name}: unknown scope {scope!r}")

    def __hash__(self) -> int:
        # Actions are told apart by name (declare() refuses two different ones under one name).
        return hash(self.name)

    @property
    def capability(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def grantable(self) -> bool:
        return bool(self.grantable_by)


_DECLARED: dict[str, Action] = {}


def declare(*actions: Action) -> None:
    """Register a capability's actions (from its AppConfig.ready). Declaring the same action
    twice is harmless; two different actions under one name are a mistake."""
    for action in actions:
        known = _DECLARED.get(action.name)
        if known is not None and known != action:
            raise ValueError(f"action {action.name!r} is declared twice, differently")
        _DECLARED[action.name] = action


def declared() -> list[Action]:
    return sorted(_DECLARED.values(), key=lambda a: a.name)


def action_named(name: str) -> Action:
    try:
        return _DECLARED[name]
    except KeyError:
        raise ValueError(f"unknown action {name!r}") from None


def action_or_none(name: str) -> Action | None:
    """The declared action of this name, or None (a grant kept after its capability stopped
    declaring it)."""
    return _DECLARED.get(name)


def _check(action: Action) -> Action:
    # An action nobody declared reaches nobody: a typo must not silently open or close a screen.
    if not isinstance(action, Action) or _DECLARED.get(action.name) != action:
        raise ValueError(f"action {action!r} was not declared")
    return action


# --- What a person holds --------------------------------------------------------------------

_CACHE_ATTR = "_tsunagu_policy_cache"


def _cache(user: User) -> dict:
    if not hasattr(user, _CACHE_ATTR):
        setattr(user, _CACHE_ATTR, {})
    return getattr(user, _CACHE_ATTR)


def remembered(user: User, key: str, make):
    """What make() gives, worked out once for this user and kept with their memberships and grants
    for the request (a page that already read it tells the menu, say, the wards it may open)."""
    cache = _cache(user)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def remember(user: User, key: str, value):
    """Keep value for this user for the request, as remembered() would have worked it out."""
    _cache(user)[key] = value
    return value


def forget(user: User) -> None:
    """Drop what was worked out for this user (after their memberships or grants change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def active_memberships(user: User) -> list[Membership]:
    cache = _cache(user)
    if "memberships" not in cache:
        cache["memberships"] = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation__place")
            .order_by("pk")
        )
    return cache["memberships"]


def active_grants(user: User) -> list[Grant]:
    cache = _cache(user)
    if "grants" not in cache:
        cache["grants"] = list(Grant.objects.active().filter(user=user).select_related("place").order_by("pk"))
    return cache["grants"]


def ward_path(place) -> str:
    """The path of the ward a place lies in (the city's own path for the city itself).

    Remembered on the place object for its current path: a 2層Co's CP (their membership's place,
    kept for the request by active_memberships) is asked once for every WARD-scoped action a page
    checks, and each ask was a query for its ancestors (5–6 of a 2層Co's 17–28 queries a page in
    bench/together.py). A place moved gets a new path, so the remembered ward is not used for it."""
    if place.parent_id is None:
        return place.path
    remembered = getattr(place, "_ward_path", None)
    if remembered is None or remembered[0] != place.path:
        ward = place.ancestor_of_kind("ward")
        remembered = place._ward_path = (place.path, ward.path if ward else place.path)
    return remembered[1]


def membership_prefixes(membership: Membership, scope: str) -> list[str]:
    place = membership.organisation.place
    if scope == CITY:
        return [place.root_path]
    if scope == WARD:
        return [ward_path(place)]
    if scope == OWN:
        return [place.path]
    if scope == ASSIGNED:
        # Read when first needed, and kept on the membership for the request: only a 区社協地区担当's
        # roles reach by assigned districts, and every other person's pages skipped a query for them.
        prefetch_related_objects([membership], "districts")
        return [d.path for d in membership.districts.all()]
    raise ValueError(scope)


def _minimal(prefixes: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def _signed_in(user) -> bool:
    return bool(user) and user.is_authenticated and user.is_active


# --- Where a person may act -----------------------------------------------------------------


def prefixes(user: User, action: Action) -> list[str]:
    """The path prefixes of the places where this user may take this action: by their roles,
    and by their grants if the action is grantable."""
    _check(action)
    if not _signed_in(user):
        return []
    cache = _cache(user)
    key = ("prefixes", action.name)
    if key not in cache:
        if user.is_superuser:
            found = ["/"]
        else:
            found = []
            for membership in active_memberships(user):
                scope = action.roles.get(membership.role)
                if scope:
                    found.extend(membership_prefixes(membership, scope))
            if action.grantable:
                found.extend(g.place.path for g in active_grants(user) if g.action == action.name)
        cache[key] = _minimal(found)
    return cache[key]


def within(user: User, action: Action, field: str = "place__path", *, members: QuerySet | None = None) -> Q:
    """A filter on a place path: the rows whose place lies where this user may take the action.

    members: for an action that declares what membership does, the object's member rows
    (correlated to the row by OuterRef, with a `user` field), e.g.
    ``ProjectMember.objects.filter(project=OuterRef("pk"))``."""
    if action.members and members is None:
        raise ValueError(f"{action.name}: membership decides this action; give the object's members")
    allowed = prefixes(user, action)
    q = Q(pk__in=[]) if not allowed else Q()
    for prefix in allowed:
        q |= Q(**{f"{field}__startswith": prefix})
    if not action.members:
        return q
    if not _signed_in(user):
        return Q(pk__in=[])
    member = Q(Exists(members.filter(user=user)))
    return q | member if action.members == MEMBERS_TOO else q & member


def _by_place(action: Action) -> Action:
    # Where membership decides, a place alone does not answer: ask the object's QuerySet.
    if action.members:
        raise ValueError(f"{action.name}: membership decides this action; ask the object's QuerySet")
    return action


def places_where(user: User, action: Action) -> QuerySet[Place]:
    """The places where this user may take the action (for choosing one in a form)."""
    return Place.objects.filter(within(user, _by_place(action), "path"))


def can_at(user: User, action: Action, place) -> bool:
    if place is None:
        return False
    return any(place.path.startswith(p) for p in prefixes(user, _by_place(action)))


def covers(user: User, action: Action, place) -> bool:
    """Does this user reach the action everywhere under this place, by their roles or grants?

    For a query already narrowed to the place's subtree: where it is covered, the user's filter
    (within(), and a capability's extra ways in — the events held above a CP, a project's members)
    lets every row through, so the QuerySet may leave it out (`visible_under`) and the database
    gets the same rows from a plainer query. The ward view's counts for a 1層Co were a dozen
    queries, each repeating an OR of the reach and its subqueries (bench/together.py). An action
    only its members reach (MEMBERS_ONLY) is never covered by a place."""
    _check(action)
    if place is None or action.members == MEMBERS_ONLY:
        return False
    return any(place.path.startswith(p) for p in prefixes(user, action))


def visible_under(user: User, place, under: QuerySet, *actions: Action) -> QuerySet:
    """``under`` (a capability's rows already narrowed to the place's subtree) as this user sees
    them: all of it where their reach covers the place for every action given (covers: a 1層Co at
    their ward), else ``under.visible_to(user)``. Where it is covered, the visibility filter would
    let every row through; leaving it out gives the database the same rows from a plainer query
    (the ward view's counts, a dozen queries each repeating an OR of paths and subqueries;
    bench/together.py). Each capability's QuerySet.visible_under says which actions decide."""
    return under if all(covers(user, action, place) for action in actions) else under.visible_to(user)


def can_anywhere(user: User, action: Action) -> bool:
    return bool(prefixes(user, _by_place(action)))


def holds_role(user: User, role: str) -> bool:
    return _signed_in(user) and any(m.role == role for m in active_memberships(user))


# --- Grants ---------------------------------------------------------------------------------


def can_grant(granter: User, action: Action, place) -> bool:
    """May this person grant this action over this place? Only declared-grantable actions, by a
    role the declaration names, over a place inside that role's scope."""
    _check(action)
    if not action.grantable or place is None or not _signed_in(granter):
        return False
    if granter.is_superuser:
        return True
    for membership in active_memberships(granter):
        scope = action.grantable_by.get(membership.role)
        if scope and any(place.path.startswith(p) for p in membership_prefixes(membership, scope)):
            return True
    return False


def grantable_actions(granter: User) -> list[Action]:
    """The actions this person may grant somewhere (for choosing in a form)."""
    if not _signed_in(granter):
        return []
    roles = {m.role for m in active_memberships(granter)}
    return [a for a in declared() if a.grantable and (granter.is_superuser or roles & set(a.grantable_by))]


# --- Sensitive reads ------------------------------------------------------------------------


def record_look(user: User, action: Action, obj, *, place=None) -> None:
    """For an audited action, write who looked at what, and where, to 操作の記録. Views call it
    after fetching an object through the action, before showing it."""
    if not _check(action).audited:
        return
    where = place if place is not None else getattr(obj, "place", None)
    audit.record(actor=user, action="access.look", target=obj, place=where,
              changes={"操作": action.label, "action": action.name})


# --- The role × action table (docs/access.md, manage.py access_table) -------------------------


def table() -> list[dict]:
    """One row per declared action: its name, label and each role's scope ('' where the role does
    not reach it), plus who may grant it. What `manage.py access_table` prints."""
    rows = []
    for action in declared():
        rows.append({
            "action": action.name,
            "label": action.label,
            "roles": {role: action.roles.get(role, "") for role in Role.values},
            "grantable_by": dict(action.grantable_by),
            "audited": action.audited,
            "members": action.members,
        })
    return rows
