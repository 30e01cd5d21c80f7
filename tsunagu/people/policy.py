"""The one access policy: what a person may see and change, and where.

A person holds memberships (organisation, role). An organisation sits at a place; the role
says which actions the person may take, and over which part of the places tree:

    city      the whole tree the organisation's place belongs to (its city)
    ward      the ward around the organisation's place (the city, for a city-level body)
    own       the organisation's own place and everything under it (a CP's area)
    assigned  the districts assigned to the membership (区社協地区担当)

Every view fetches through this module. Anything outside a person's reach is answered with
404, so that guessing IDs tells nothing about what exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tsunagu.people.models import Membership, Organisation, Role, User
from tsunagu.places.models import Kind, Place

VIEW = "view"
EDIT_PLACES = "edit_places"
EDIT_ORGANISATIONS = "edit_organisations"
MANAGE_PEOPLE = "manage_people"
EDIT_LISTINGS = "edit_listings"
# The coordinators' records (取組メモ, 取組共有シート, 地域支援計画, ヒアリング). Kept apart from VIEW:
# a care manager may read the ward's directory but not the coordinators' working notes, and a
# district officer, who edits only their districts, reads the whole ward's records as the 区社協
# colleague of the 1層Co.
VIEW_RECORDS = "view_records"
WRITE_RECORDS = "write_records"
WRITE_DISTRICT_PLANS = "write_district_plans"
ACTIONS = (VIEW, EDIT_PLACES, EDIT_ORGANISATIONS, MANAGE_PEOPLE, EDIT_LISTINGS,
           VIEW_RECORDS, WRITE_RECORDS, WRITE_DISTRICT_PLANS)
RECORD_ACTIONS = (VIEW_RECORDS, WRITE_RECORDS, WRITE_DISTRICT_PLANS)

CITY, WARD, OWN, ASSIGNED = "city", "ward", "own", "assigned"

ROLE_SCOPES: dict[str, dict[str, str]] = {
    Role.CITY_ADMIN: {VIEW: CITY, EDIT_PLACES: CITY, EDIT_ORGANISATIONS: CITY, MANAGE_PEOPLE: CITY,
                      EDIT_LISTINGS: CITY, VIEW_RECORDS: CITY, WRITE_RECORDS: CITY, WRITE_DISTRICT_PLANS: CITY},
    Role.WARD_COORDINATOR: {VIEW: WARD, EDIT_PLACES: WARD, EDIT_ORGANISATIONS: WARD, MANAGE_PEOPLE: WARD,
                            EDIT_LISTINGS: WARD, VIEW_RECORDS: WARD, WRITE_RECORDS: WARD,
                            WRITE_DISTRICT_PLANS: WARD},
    Role.WARD_OFFICE: {VIEW: WARD, VIEW_RECORDS: WARD},
    Role.DISTRICT_OFFICER: {VIEW: ASSIGNED, EDIT_PLACES: ASSIGNED, EDIT_ORGANISATIONS: ASSIGNED,
                            EDIT_LISTINGS: ASSIGNED, VIEW_RECORDS: WARD, WRITE_RECORDS: ASSIGNED,
                            WRITE_DISTRICT_PLANS: ASSIGNED},
    # A 2層Co writes in their own CP area; the district plans of districts inside it are theirs
    # to write together with the district officer.
    Role.AREA_COORDINATOR: {VIEW: WARD, EDIT_PLACES: OWN, EDIT_ORGANISATIONS: OWN, EDIT_LISTINGS: OWN,
                            VIEW_RECORDS: WARD, WRITE_RECORDS: OWN, WRITE_DISTRICT_PLANS: OWN},
    Role.CP_STAFF: {VIEW: WARD, EDIT_ORGANISATIONS: OWN, EDIT_LISTINGS: OWN, VIEW_RECORDS: OWN},
    Role.VIEWER: {VIEW: WARD},
}

# Roles a manager may hand out. Only city administrators create other administrators and
# ward coordinators, so that a ward cannot widen its own reach.
GRANTABLE_ROLES: dict[str, set[str]] = {
    Role.CITY_ADMIN: set(Role.values),
    Role.WARD_COORDINATOR: set(Role.values) - {Role.CITY_ADMIN, Role.WARD_COORDINATOR},
}

_CACHE_ATTR = "_tsunagu_policy_cache"


def active_memberships(user: User) -> list[Membership]:
    cache = _cache(user)
    if "memberships" not in cache:
        cache["memberships"] = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation__place")
            .prefetch_related("districts")
            .order_by("pk")
        )
    return cache["memberships"]


def _cache(user: User) -> dict:
    if not hasattr(user, _CACHE_ATTR):
        setattr(user, _CACHE_ATTR, {})
    return getattr(user, _CACHE_ATTR)


def forget(user: User) -> None:
    """Drop what was worked out for this user (after their memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _ward_path(place: Place) -> str:
    if place.kind == Kind.CITY:
        return place.path
    ward = place.ancestor_of_kind(Kind.WARD)
    return ward.path if ward else place.path


def membership_prefixes(membership: Membership, scope: str) -> list[str]:
    place = membership.organisation.place
    if scope == CITY:
        return [place.root_path]
    if scope == WARD:
        return [_ward_path(place)]
    if scope == OWN:
        return [place.path]
    if scope == ASSIGNED:
        return [d.path for d in membership.districts.all()]
    raise ValueError(scope)


def _minimal(prefixes: list[str]) -> list[str]:
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def prefixes(user: User, action: str) -> list[str]:
    """The path prefixes of the places where this user may take this action."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not user or not user.is_authenticated or not user.is_active:
        return []
    cache = _cache(user)
    key = ("prefixes", action)
    if key not in cache:
        if user.is_superuser:
            found = ["/"]
        else:
            found = []
            for membership in active_memberships(user):
                scope = ROLE_SCOPES.get(membership.role, {}).get(action)
                if scope:
                    found.extend(membership_prefixes(membership, scope))
        cache[key] = _minimal(found)
    return cache[key]


def _q(field: str, user: User, action: str) -> Q:
    allowed = prefixes(user, action)
    if not allowed:
        return Q(pk__in=[])
    q = Q()
    for prefix in allowed:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def places(user: User, action: str = VIEW) -> QuerySet[Place]:
    return Place.objects.filter(_q("path", user, action))


def organisations(user: User, action: str = VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.filter(_q("place__path", user, action))


def can_at(user: User, action: str, place: Place | None) -> bool:
    if place is None:
        return False
    return any(place.path.startswith(p) for p in prefixes(user, action))


def can(user: User, action: str, obj: Place | Organisation) -> bool:
    place = obj if isinstance(obj, Place) else obj.place
    return can_at(user, action, place)


def can_change_place(user: User, place: Place) -> bool:
    """Renaming or moving a place is decided one level up: a ward's coordinator adds and edits
    CP areas, but the ward itself (official name and code) belongs to the city."""
    return place.parent_id is not None and can_at(user, EDIT_PLACES, place.parent)


def can_anywhere(user: User, action: str) -> bool:
    return bool(prefixes(user, action))


def get_place(user: User, pk: int, action: str = VIEW) -> Place:
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


def get_organisation(user: User, pk: int, action: str = VIEW) -> Organisation:
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
    for membership in active_memberships(user):
        scope = ROLE_SCOPES.get(membership.role, {}).get(MANAGE_PEOPLE)
        if scope and (
            organisation is None
            or any(organisation.place.path.startswith(p) for p in membership_prefixes(membership, scope))
        ):
            roles |= GRANTABLE_ROLES.get(membership.role, set())
    return [r for r in Role.values if r in roles]


def manageable_users(user: User) -> QuerySet[User]:
    """Accounts this user may manage: everyone whose memberships all lie within their reach.

    An account with a membership outside that reach (say, a ward coordinator who also
    belongs to the city council) is left to those who can see all of it.
    """
    allowed = prefixes(user, MANAGE_PEOPLE)
    if not allowed:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    inside = _q("organisation__place__path", user, MANAGE_PEOPLE)
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


def audit_entries(user: User):
    """操作の記録 a person may read: those filed at places where they manage people. Entries
    filed nowhere (accounts without a membership) are for city-level administrators."""
    from tsunagu.audit.models import AuditEntry

    allowed = prefixes(user, MANAGE_PEOPLE)
    if not allowed:
        return AuditEntry.objects.none()
    q = Q()
    for prefix in allowed:
        q |= Q(place_path__startswith=prefix)
    if user.is_superuser or any(p.count("/") <= 2 for p in allowed):
        q |= Q(place_path="")
    return AuditEntry.objects.filter(q)


# --- 地域資源 (the directory) ---------------------------------------------------------------


def can_edit_taxonomy(user: User) -> bool:
    """The directory's category tree is shared by the whole city: only its administrators edit it."""
    return bool(getattr(user, "is_authenticated", False)) and any(
        m.role == Role.CITY_ADMIN for m in active_memberships(user)
    )


def listings(user: User, action: str = VIEW):
    """Listings for the staff screens. Readers see published and staff-only listings in their
    area; drafts only where they may edit. The public face uses Listing.objects.public()."""
    from tsunagu.directory.models import Listing, Visibility

    editable = _q("place__path", user, EDIT_LISTINGS)
    if action == EDIT_LISTINGS:
        return Listing.objects.filter(editable)
    if action != VIEW:
        raise ValueError(action)
    readable = _q("place__path", user, VIEW) & ~Q(visibility=Visibility.DRAFT)
    return Listing.objects.filter(readable | editable)


def get_listing(user: User, pk: int, action: str = VIEW):
    from tsunagu.directory.models import Listing

    try:
        return listings(user, action).select_related("place", "location", "organisation").get(pk=pk)
    except (Listing.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- 取組メモ・取組共有シート (tsunagu/memos, tsunagu/sheets) ----------------------------------

# A memo is filed at the smallest place its activity concerns, from the CP area down.
MEMO_PLACE_KINDS = (Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION)


def _records_action(action: str) -> str:
    if action not in (VIEW_RECORDS, WRITE_RECORDS):
        raise ValueError(action)
    return action


def memos(user: User, action: str = VIEW_RECORDS, *, deleted: bool = False):
    """Memos this user may read (or change); deleted ones only with deleted=True, for 元に戻す."""
    from tsunagu.memos.models import Memo

    qs = Memo.objects.filter(_q("place__path", user, _records_action(action)))
    return qs.deleted() if deleted else qs.live()


def get_memo(user: User, pk: int, action: str = VIEW_RECORDS, *, deleted: bool = False):
    from tsunagu.memos.models import Memo

    try:
        return memos(user, action, deleted=deleted).select_related("place", "kind", "stage", "author").get(pk=pk)
    except (Memo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def memo_places(user: User) -> QuerySet[Place]:
    """Where this user may file a memo."""
    return places(user, WRITE_RECORDS).filter(kind__in=MEMO_PLACE_KINDS)


def can_write_memo_at(user: User, place: Place | None) -> bool:
    return place is not None and place.kind in MEMO_PLACE_KINDS and can_at(user, WRITE_RECORDS, place)


def can_edit_memo_terms(user: User, ward: Place | None) -> bool:
    """The lists of kinds and stages: a ward's own entries are its 1層Co's (those who write records
    across the whole ward); the programme's defaults, shared by every ward, the city's."""
    if ward is None:
        return can_edit_taxonomy(user)
    return ward.kind == Kind.WARD and can_at(user, WRITE_RECORDS, ward)


def memo_term_wards(user: User) -> QuerySet[Place]:
    """Wards whose own lists this user may edit."""
    return places(user, WRITE_RECORDS).filter(kind=Kind.WARD)


def get_memo_term(user: User, model, pk: int):
    """An entry of MemoKind or Stage this user may edit; otherwise 404."""
    try:
        term = model.objects.select_related("ward").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_edit_memo_terms(user, term.ward):
        raise Http404
    return term


def sheets(user: User, action: str = VIEW_RECORDS):
    from tsunagu.sheets.models import Sheet

    return Sheet.objects.filter(_q("place__path", user, _records_action(action)))


def get_sheet(user: User, pk: int, action: str = VIEW_RECORDS):
    from tsunagu.sheets.models import Sheet

    try:
        return sheets(user, action).select_related("place", "author").get(pk=pk)
    except (Sheet.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sheet_places(user: User, action: str = VIEW_RECORDS) -> QuerySet[Place]:
    """CP areas whose sheets this user may read (or write)."""
    return places(user, _records_action(action)).filter(kind=Kind.CP_AREA)


def can_write_sheet(user: User, sheet) -> bool:
    return can_at(user, WRITE_RECORDS, sheet.place)


def can_review_sheet(user: User, sheet) -> bool:
    """Comments and 確認済 are the 1層Co's: those who write records across the sheet's whole ward
    (and the city's administrators), not the CP's own 2層Co."""
    ward_path = _ward_path(sheet.place)
    return any(ward_path.startswith(p) for p in prefixes(user, WRITE_RECORDS))


# --- 地域支援計画・ヒアリング (tsunagu/district_plans, tsunagu/hearings) ---------------------------


def district_plans(user: User, action: str = VIEW_RECORDS):
    """Plans this user may read (VIEW_RECORDS) or write (WRITE_DISTRICT_PLANS): by the district,
    or by the partner CP area a plan of a ward-level district names."""
    from tsunagu.district_plans.models import DistrictPlan

    if action not in (VIEW_RECORDS, WRITE_DISTRICT_PLANS):
        raise ValueError(action)
    return DistrictPlan.objects.filter(_q("district__path", user, action) | _q("partner_area__path", user, action))


def get_district_plan(user: User, pk: int, action: str = VIEW_RECORDS):
    from tsunagu.district_plans.models import DistrictPlan

    try:
        return district_plans(user, action).select_related("district", "partner_area").get(pk=pk)
    except (DistrictPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_write_district_plan(user: User, plan) -> bool:
    return can_at(user, WRITE_DISTRICT_PLANS, plan.district) or can_at(user, WRITE_DISTRICT_PLANS, plan.partner_area)


def plan_districts(user: User) -> QuerySet[Place]:
    """Districts where this user may start a plan."""
    return places(user, WRITE_DISTRICT_PLANS).filter(kind=Kind.DISTRICT)


def hearing_wards(user: User) -> QuerySet[Place]:
    """Wards whose hearings (item sets, rounds) this user runs: those who write records across the
    whole ward — the 1層Co — and the city's administrators."""
    return places(user, WRITE_RECORDS).filter(kind=Kind.WARD)


def _hearing_action(action: str) -> str:
    if action not in (VIEW_RECORDS, WRITE_RECORDS):
        raise ValueError(action)
    return action


def hearing_sets(user: User, action: str = VIEW_RECORDS):
    """Item sets: read across the ward; written (WRITE_RECORDS) only at the ward itself."""
    from tsunagu.hearings.models import HearingSet

    return HearingSet.objects.filter(_q("ward__path", user, _hearing_action(action)))


def get_hearing_set(user: User, pk: int, action: str = VIEW_RECORDS):
    from tsunagu.hearings.models import HearingSet

    try:
        return hearing_sets(user, action).select_related("ward").get(pk=pk)
    except (HearingSet.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def hearing_sheets(user: User, action: str = VIEW_RECORDS):
    """One CP area's sheet of a round: read as records are read; written by the CP's 2層Co and
    the ward's 1層Co (WRITE_RECORDS at the CP area)."""
    from tsunagu.hearings.models import HearingSheet

    return HearingSheet.objects.filter(_q("area__path", user, _hearing_action(action)))


def get_hearing_sheet(user: User, pk: int, action: str = VIEW_RECORDS):
    from tsunagu.hearings.models import HearingSheet

    try:
        return hearing_sheets(user, action).select_related("round__ward", "area").get(pk=pk)
    except (HearingSheet.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def hearing_rounds(user: User, action: str = VIEW_RECORDS):
    """Rounds: readable across the ward, or where one of its sheets is (a CP's staff read only
    their own area's); run (WRITE_RECORDS) only by those who write at the ward itself."""
    from tsunagu.hearings.models import HearingRound

    if _hearing_action(action) == WRITE_RECORDS:
        return HearingRound.objects.filter(_q("ward__path", user, WRITE_RECORDS))
    own_sheets = hearing_sheets(user).values("round_id")
    return HearingRound.objects.filter(_q("ward__path", user, VIEW_RECORDS) | Q(pk__in=own_sheets))


def get_hearing_round(user: User, pk: int, action: str = VIEW_RECORDS):
    from tsunagu.hearings.models import HearingRound

    try:
        return hearing_rounds(user, action).select_related("ward", "item_set").get(pk=pk)
    except (HearingRound.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- 区の一覧・連絡会 (tsunagu/liaison) -------------------------------------------------------------


def liaison_wards(user: User) -> QuerySet[Place]:
    """Wards whose ward view (区の一覧) this user may open: those where they read the records of
    every CP area — the 1層Co, 区役所, district officers and 2層Co of the ward, the city's
    administrators. A CP's own staff read only their area and get none."""
    return places(user, VIEW_RECORDS).filter(kind=Kind.WARD)


def get_liaison_ward(user: User, pk) -> Place:
    try:
        return liaison_wards(user).defer("boundary").get(pk=pk)
    except (Place.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_keep_liaison_meetings(user: User, ward: Place) -> bool:
    """The meeting's record is kept by those who write records across the whole ward (the 1層Co,
    who runs the meeting, and the city's administrators)."""
    return ward.kind == Kind.WARD and can_at(user, WRITE_RECORDS, ward)


def liaison_meetings(user: User, action: str = VIEW_RECORDS):
    from tsunagu.liaison.models import LiaisonMeeting

    if action not in (VIEW_RECORDS, WRITE_RECORDS):
        raise ValueError(action)
    return LiaisonMeeting.objects.filter(ward__in=places(user, action).filter(kind=Kind.WARD).values("pk"))


def get_liaison_meeting(user: User, pk, action: str = VIEW_RECORDS):
    from tsunagu.liaison.models import LiaisonMeeting

    try:
        return liaison_meetings(user, action).select_related("ward").get(pk=pk)
    except (LiaisonMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
