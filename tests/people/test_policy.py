"""policy.py on its own: the path prefixes each role reaches, the places and organisations that
follow from them, single checks, the roles a manager may hand out, the accounts they manage —
and that ended memberships, switched-off accounts and the per-user cache give nothing away."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tests.conftest import account, org, place
from tsunagu.directory import access as directory
from tsunagu.district_plans import access as district_plans
from tsunagu.memos import access as memos
from tsunagu.people import access as people
from tsunagu.people import policy, reach, services
from tsunagu.people.models import Membership, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place

VIEW, EDIT_PLACES, EDIT_ORGANISATIONS, MANAGE_PEOPLE = people.ACTIONS
EDIT_LISTINGS, VIEW_RECORDS, WRITE_RECORDS, WRITE_DISTRICT_PLANS = (
    directory.EDIT, memos.VIEW, memos.WRITE, district_plans.WRITE)
# What the policy decided before each capability declared its own actions; the tests read the same.
ACTIONS = (VIEW, EDIT_PLACES, EDIT_ORGANISATIONS, MANAGE_PEOPLE, EDIT_LISTINGS, VIEW_RECORDS, WRITE_RECORDS,
           WRITE_DISTRICT_PLANS)
NO_RECORDS = {VIEW_RECORDS: [], WRITE_RECORDS: [], WRITE_DISTRICT_PLANS: []}
ALL_ROLES = list(Role.values)
WARD_GRANTS = [r for r in Role.values if r not in (Role.CITY_ADMIN, Role.WARD_COORDINATOR)]

NAKA_PLACES = {"中区", "簑沢地域ケアプラザ", "本牧地域ケアプラザ", "第6地区", "第7地区", "簑沢"}
ISOGO_PLACES = {"磯子区", "屛風ヶ浦地域ケアプラザ", "森地区", "久良岐丘自治会"}
NAKA_ORGANISATIONS = {
    "中区社会福祉協議会",
    "中区役所",
    "中ケアプランセンター",
    "簑沢地域ケアプラザ",
    "本牧地域ケアプラザ",
    "第6地区社会福祉協議会",
    "第7地区社会福祉協議会",
}




def names(queryset) -> set[str]:
    return {x.name for x in queryset}


def reaches(user) -> dict[str, list[str]]:
    return {action: policy.prefixes(user, action) for action in ACTIONS}


@pytest.fixture
def kawasaki(world):
    """A second city, a tree of its own."""
    city = place(Kind.CITY, "14130", "川崎市")
    ward = place(Kind.WARD, "14131", "川崎区", city)
    return city, ward, org(OrganisationKind.WARD_COUNCIL, "川崎区社会福祉協議会", ward)


# --- prefixes ------------------------------------------------------------------------------


def test_city_admin_reaches_their_whole_city_for_every_action(world):
    assert reaches(world.admin) == {a: [world.city.path] for a in ACTIONS}


def test_ward_coordinator_reaches_their_ward_for_every_action(world):
    assert reaches(world.naka_1so) == {a: [world.naka.path] for a in ACTIONS}
    assert reaches(world.isogo_1so) == {a: [world.isogo.path] for a in ACTIONS}


def test_ward_office_views_their_ward_and_reads_its_records(world):
    naka = [world.naka.path]
    assert reaches(world.naka_ward) == {
        VIEW: naka, EDIT_PLACES: [], EDIT_ORGANISATIONS: [], MANAGE_PEOPLE: [], EDIT_LISTINGS: [],
        VIEW_RECORDS: naka, WRITE_RECORDS: [], WRITE_DISTRICT_PLANS: [],
    }


def test_a_viewer_views_their_ward_but_none_of_the_coordinators_records(world):
    assert reaches(world.naka_cm) == {
        VIEW: [world.naka.path], EDIT_PLACES: [], EDIT_ORGANISATIONS: [], MANAGE_PEOPLE: [], EDIT_LISTINGS: [],
        **NO_RECORDS,
    }


def test_district_officer_reaches_only_their_assigned_district(world):
    d6 = [world.d6.path]
    assert reaches(world.naka_chiku) == {
        VIEW: d6, EDIT_PLACES: d6, EDIT_ORGANISATIONS: d6, MANAGE_PEOPLE: [], EDIT_LISTINGS: d6,
        # …but reads the whole ward's records, as the 1層Co's colleague at the 区社協.
        VIEW_RECORDS: [world.naka.path], WRITE_RECORDS: d6, WRITE_DISTRICT_PLANS: d6,
    }


def test_district_officer_with_two_districts_reaches_both_and_nothing_between(world):
    officer = account("naka-chiku-2", world.naka_council, Role.DISTRICT_OFFICER, districts=[world.d6, world.d7])
    assert sorted(policy.prefixes(officer, VIEW)) == sorted([world.d6.path, world.d7.path])
    assert names(reach.places(officer)) == {"第6地区", "簑沢", "第7地区"}


def test_district_officer_without_districts_changes_nothing(world):
    officer = account("naka-chiku-0", world.naka_council, Role.DISTRICT_OFFICER)
    # Reading the ward's records comes with the 区社協 desk, not with an assignment.
    assert reaches(officer) == {a: [] for a in ACTIONS} | {VIEW_RECORDS: [world.naka.path]}


def test_area_coordinator_views_the_ward_and_edits_their_cp_area(world):
    assert reaches(world.minosawa_2so) == {
        VIEW: [world.naka.path],
        EDIT_PLACES: [world.minosawa.path],
        EDIT_ORGANISATIONS: [world.minosawa.path],
        MANAGE_PEOPLE: [],
        EDIT_LISTINGS: [world.minosawa.path],
        VIEW_RECORDS: [world.naka.path],
        WRITE_RECORDS: [world.minosawa.path],
        WRITE_DISTRICT_PLANS: [world.minosawa.path],
    }


def test_cp_staff_view_the_ward_and_edit_only_organisations_of_their_cp_area(world):
    assert reaches(world.minosawa_staff) == {
        VIEW: [world.naka.path],
        EDIT_PLACES: [],
        EDIT_ORGANISATIONS: [world.minosawa.path],
        MANAGE_PEOPLE: [],
        EDIT_LISTINGS: [world.minosawa.path],
        VIEW_RECORDS: [world.minosawa.path],
        WRITE_RECORDS: [],
        WRITE_DISTRICT_PLANS: [],
    }


def test_nested_reaches_collapse_to_the_widest(world):
    both = account("naka-both", world.minosawa_cp, Role.AREA_COORDINATOR)
    Membership.objects.create(user=both, organisation=world.naka_council, role=Role.WARD_COORDINATOR)
    assert policy.prefixes(both, EDIT_PLACES) == [world.naka.path]


def test_reaches_in_two_wards_are_both_kept(world):
    viewer = account("two-wards", world.naka_care, Role.VIEWER)
    Membership.objects.create(user=viewer, organisation=world.isogo_council, role=Role.VIEWER)
    assert sorted(policy.prefixes(viewer, VIEW)) == sorted([world.naka.path, world.isogo.path])
    assert names(reach.places(viewer)) == NAKA_PLACES | ISOGO_PLACES


def test_a_path_that_merely_starts_with_the_same_digits_is_not_nested():
    assert policy._minimal(["/1/22/", "/1/2/", "/1/2/5/"]) == ["/1/2/", "/1/22/"]


def test_nobody_and_anonymous_reach_nothing(world):
    assert reaches(world.nobody) == {a: [] for a in ACTIONS}
    assert reaches(AnonymousUser()) == {a: [] for a in ACTIONS}
    assert policy.prefixes(None, VIEW) == []


def test_an_unknown_action_is_an_error_not_an_empty_reach(world):
    with pytest.raises(ValueError):
        policy.prefixes(world.admin, "delete_everything")


# --- places, organisations, can ---------------------------------------------------------------


def test_places_of_a_district_officer_are_their_district_and_what_lies_under_it(world):
    assert names(reach.places(world.naka_chiku)) == {"第6地区", "簑沢"}
    assert names(reach.places(world.naka_chiku, EDIT_PLACES)) == {"第6地区", "簑沢"}


def test_places_of_an_area_coordinator_are_the_ward_to_see_and_the_cp_area_to_edit(world):
    assert names(reach.places(world.minosawa_2so)) == NAKA_PLACES
    assert names(reach.places(world.minosawa_2so, EDIT_PLACES)) == {"簑沢地域ケアプラザ", "第6地区", "簑沢"}


def test_places_of_a_city_admin_are_their_city_but_not_another(world, kawasaki):
    assert names(reach.places(world.admin)) == {"横浜市"} | NAKA_PLACES | ISOGO_PLACES


def test_organisations_of_an_area_coordinator_are_those_of_the_ward(world):
    assert names(reach.organisations(world.minosawa_2so)) == NAKA_ORGANISATIONS


def test_organisations_cp_staff_may_edit_are_those_of_their_cp_area(world):
    assert names(reach.organisations(world.minosawa_staff, EDIT_ORGANISATIONS)) == {
        "簑沢地域ケアプラザ",
        "第6地区社会福祉協議会",
    }


def test_organisations_of_a_district_officer_do_not_include_their_own_ward_council(world):
    assert names(reach.organisations(world.naka_chiku)) == {"第6地区社会福祉協議会"}


def test_nobody_gets_empty_querysets(world):
    assert not reach.places(world.nobody).exists()
    assert not reach.organisations(world.nobody).exists()


CAN = [
    ("minosawa_2so", EDIT_PLACES, "d6", True),
    ("minosawa_2so", EDIT_PLACES, "d7", False),
    ("minosawa_2so", EDIT_PLACES, "naka", False),
    ("minosawa_2so", VIEW, "d7", True),
    ("minosawa_2so", VIEW, "byobugaura", False),
    ("minosawa_2so", EDIT_ORGANISATIONS, "byobugaura_cp", False),
    ("minosawa_staff", EDIT_ORGANISATIONS, "d6_council", True),
    ("minosawa_staff", EDIT_ORGANISATIONS, "honmoku_cp", False),
    ("minosawa_staff", EDIT_PLACES, "d6", False),
    ("naka_chiku", VIEW, "d6", True),
    ("naka_chiku", VIEW, "block", True),
    ("naka_chiku", VIEW, "d7", False),
    ("naka_chiku", VIEW, "naka", False),
    ("naka_chiku", VIEW, "naka_council", False),
    ("naka_ward", VIEW, "naka", True),
    ("naka_ward", EDIT_ORGANISATIONS, "naka_office", False),
    ("naka_1so", MANAGE_PEOPLE, "d7", True),
    ("naka_1so", VIEW, "city", False),
    ("naka_1so", EDIT_PLACES, "isogo", False),
    ("admin", EDIT_PLACES, "kuraki", True),
    ("admin", MANAGE_PEOPLE, "city", True),
    ("nobody", VIEW, "naka", False),
]


@pytest.mark.parametrize("role, action, target, expected", CAN, ids=[f"{r}-{a.name}-{t}" for r, a, t, _ in CAN])
def test_can_answers_for_one_place_or_organisation(world, role, action, target, expected):
    assert reach.can(getattr(world, role), action, getattr(world, target)) is expected


def test_can_at_no_place_is_false(world):
    assert policy.can_at(world.admin, VIEW, None) is False


def test_changing_a_place_is_decided_by_the_place_above_it(world):
    assert reach.can_change_place(world.naka_1so, world.minosawa)
    assert not reach.can_change_place(world.naka_1so, world.naka)
    assert reach.can_change_place(world.admin, world.naka)
    assert not reach.can_change_place(world.admin, world.city)
    assert reach.can_change_place(world.minosawa_2so, world.d6)
    assert not reach.can_change_place(world.minosawa_2so, world.minosawa)


def test_can_anywhere_tells_who_may_edit_at_all(world):
    editors = {name for name in ("naka_ward", "naka_cm", "minosawa_staff", "minosawa_2so", "nobody")
               if policy.can_anywhere(getattr(world, name), EDIT_PLACES)}
    assert editors == {"minosawa_2so"}


@pytest.mark.parametrize("bad", ["abc", None, 987654])
def test_get_place_answers_404_for_a_nonexistent_or_malformed_id(world, bad):
    with pytest.raises(Http404):
        reach.get_place(world.admin, bad)


def test_get_place_and_get_organisation_answer_404_out_of_reach(world):
    with pytest.raises(Http404):
        reach.get_place(world.minosawa_2so, world.byobugaura.pk)
    with pytest.raises(Http404):
        reach.get_place(world.minosawa_2so, world.d7.pk, EDIT_PLACES)
    with pytest.raises(Http404):
        reach.get_organisation(world.minosawa_2so, world.isogo_council.pk)
    with pytest.raises(Http404):
        reach.get_organisation(world.minosawa_staff, world.honmoku_cp.pk, EDIT_ORGANISATIONS)
    assert reach.get_place(world.minosawa_2so, world.d7.pk) == world.d7
    assert reach.get_organisation(world.minosawa_staff, world.d6_council.pk, EDIT_ORGANISATIONS) == world.d6_council


# --- grantable_roles ----------------------------------------------------------------------------


def test_city_admin_may_grant_every_role_anywhere_in_their_city(world):
    for organisation in (world.city_council, world.naka_council, world.byobugaura_cp):
        assert reach.grantable_roles(world.admin, organisation) == ALL_ROLES


def test_city_admin_may_grant_nothing_in_another_city(world, kawasaki):
    assert reach.grantable_roles(world.admin, kawasaki[2]) == []


def test_ward_coordinator_may_grant_every_role_but_admin_and_coordinator_in_their_ward(world):
    for organisation in (world.naka_council, world.minosawa_cp, world.d7_council):
        assert reach.grantable_roles(world.naka_1so, organisation) == WARD_GRANTS
    assert Role.CITY_ADMIN not in WARD_GRANTS and Role.WARD_COORDINATOR not in WARD_GRANTS


def test_ward_coordinator_may_grant_nothing_outside_their_ward(world):
    for organisation in (world.isogo_council, world.byobugaura_cp, world.city_council):
        assert reach.grantable_roles(world.naka_1so, organisation) == []


@pytest.mark.parametrize("role", ["naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm", "nobody"])
def test_roles_that_do_not_manage_people_may_grant_nothing(world, role):
    assert reach.grantable_roles(getattr(world, role), world.minosawa_cp) == []


# --- manageable_users -------------------------------------------------------------------------


def usernames(queryset) -> set[str]:
    return set(queryset.values_list("username", flat=True))


NAKA_PEOPLE = {"naka-1so", "naka-ward", "naka-chiku", "minosawa-2so", "minosawa-staff", "naka-cm"}


def test_ward_coordinator_manages_everyone_of_their_ward_and_no_one_else(world):
    # Not themselves: their own role is one they could not grant.
    assert usernames(reach.manageable_users(world.naka_1so)) == NAKA_PEOPLE - {"naka-1so"}
    assert usernames(reach.manageable_users(world.isogo_1so)) == {"byobugaura-2so"}


def test_city_admin_manages_every_account_of_the_city_including_those_without_membership(world):
    assert usernames(reach.manageable_users(world.admin)) == set(User.objects.values_list("username", flat=True))
    assert "nobody" in usernames(reach.manageable_users(world.admin))


@pytest.mark.parametrize("role", ["naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm", "nobody"])
def test_roles_that_do_not_manage_people_manage_no_one(world, role):
    assert not reach.manageable_users(getattr(world, role)).exists()


def test_a_person_working_in_two_wards_is_left_to_the_city(world):
    viewer = account("two-wards", world.naka_care, Role.VIEWER)
    Membership.objects.create(user=viewer, organisation=world.byobugaura_cp, role=Role.VIEWER)
    assert "two-wards" not in usernames(reach.manageable_users(world.naka_1so))
    assert "two-wards" not in usernames(reach.manageable_users(world.isogo_1so))
    assert "two-wards" in usernames(reach.manageable_users(world.admin))


def test_a_ward_coordinator_who_also_belongs_to_the_city_council_is_left_to_the_city(world):
    Membership.objects.create(user=world.naka_cm, organisation=world.city_council, role=Role.VIEWER)
    assert "naka-cm" not in usernames(reach.manageable_users(world.naka_1so))


def test_superusers_are_managed_by_superusers_only(world):
    root = User.objects.create_superuser("root", password="x-very-long-pass-1")
    assert "root" not in usernames(reach.manageable_users(world.admin))
    other = User.objects.create_superuser("root2", password="x-very-long-pass-1")
    assert "root" in usernames(reach.manageable_users(other))
    assert root.pk != other.pk


def test_get_manageable_user_and_membership_answer_404_out_of_reach(world):
    with pytest.raises(Http404):
        reach.get_manageable_user(world.naka_1so, world.byobugaura_2so.pk)
    with pytest.raises(Http404):
        reach.get_manageable_user(world.naka_1so, "abc")
    with pytest.raises(Http404):
        reach.get_manageable_membership(world.naka_1so, world.isogo_1so.memberships.get().pk)
    with pytest.raises(Http404):
        reach.get_manageable_membership(world.naka_1so, 987654)
    membership = world.naka_cm.memberships.get()
    assert reach.get_manageable_membership(world.naka_1so, membership.pk) == membership


# --- Superusers, ended memberships, switched-off accounts --------------------------------------


def test_superuser_reaches_everything_of_every_city(world, kawasaki):
    root = User.objects.create_superuser("root", password="x-very-long-pass-1")
    assert reaches(root) == {a: ["/"] for a in ACTIONS}
    assert reach.places(root).count() == Place.objects.count()
    assert reach.can(root, EDIT_PLACES, kawasaki[1])
    assert reach.grantable_roles(root, kawasaki[2]) == ALL_ROLES
    assert usernames(reach.manageable_users(root)) == set(User.objects.values_list("username", flat=True))


def assert_no_access(user, world):
    assert reaches(user) == {a: [] for a in ACTIONS}
    assert not reach.places(user).exists()
    assert not reach.organisations(user).exists()
    assert not reach.can(user, VIEW, world.naka)
    assert reach.grantable_roles(user, world.naka_council) == []
    assert not reach.manageable_users(user).exists()


def test_an_ended_membership_gives_no_access(world):
    Membership.objects.filter(user=world.naka_1so).update(is_active=False)
    assert_no_access(User.objects.get(pk=world.naka_1so.pk), world)


def test_an_ended_membership_leaves_the_others_in_force(world):
    Membership.objects.create(user=world.naka_cm, organisation=world.isogo_council, role=Role.VIEWER, is_active=False)
    assert policy.prefixes(User.objects.get(pk=world.naka_cm.pk), VIEW) == [world.naka.path]


def test_a_switched_off_account_gives_no_access_though_its_membership_is_active(world):
    User.objects.filter(pk=world.naka_1so.pk).update(is_active=False)
    user = User.objects.get(pk=world.naka_1so.pk)
    assert user.memberships.get().is_active
    assert_no_access(user, world)


def test_a_switched_off_superuser_gives_no_access(world):
    root = User.objects.create_superuser("root", password="x-very-long-pass-1", is_active=False)
    assert_no_access(root, world)


def test_an_anonymous_user_may_grant_nothing(world):
    assert reach.grantable_roles(AnonymousUser(), world.naka_council) == []
    assert reach.grantable_roles(None, world.naka_council) == []


def test_a_person_holding_two_managing_roles_may_grant_what_either_allows(world):
    # The city's administrator who also sits at 中区社協 as 1層Co (the narrower role declared last).
    Membership.objects.create(user=world.admin, organisation=world.naka_council, role=Role.WARD_COORDINATOR)
    admin = User.objects.get(pk=world.admin.pk)
    assert reach.grantable_roles(admin, world.minosawa_cp) == ALL_ROLES
    assert reach.grantable_roles(admin) == ALL_ROLES


def test_a_changeable_place_is_one_the_person_may_edit_and_change_from_the_level_above(world):
    assert reach.get_changeable_place(world.naka_1so, world.minosawa.pk) == world.minosawa
    assert reach.get_changeable_place(world.minosawa_2so, world.d6.pk) == world.d6
    for user, target in [(world.naka_1so, world.naka), (world.minosawa_2so, world.minosawa),
                         (world.minosawa_2so, world.d7), (world.naka_cm, world.d6), (world.admin, world.city)]:
        with pytest.raises(Http404):
            reach.get_changeable_place(user, target.pk)


# --- 操作の記録 ---------------------------------------------------------------------------------


def test_the_audit_entries_a_person_reads_are_those_of_where_they_manage_people(world):
    from tsunagu.audit import services as audit

    audit.record(actor=world.admin, action="user.create", target=world.nobody)  # filed nowhere
    audit.record(actor=world.admin, action="user.create", target=world.naka_cm, place=world.naka)
    audit.record(actor=world.admin, action="user.create", target=world.byobugaura_2so, place=world.byobugaura)
    root = User.objects.create_superuser("root", password="x-very-long-pass-1")

    def seen(user):
        return {e.target_repr for e in reach.audit_entries(user)}

    # Entries filed nowhere (an account without a membership) are for the city level only.
    assert seen(world.admin) == seen(root) == {"nobody", "naka-cm", "byobugaura-2so"}
    assert seen(world.naka_1so) == {"naka-cm"}
    assert seen(world.isogo_1so) == {"byobugaura-2so"}
    assert seen(world.minosawa_2so) == seen(world.nobody) == set()


# --- The per-user cache -----------------------------------------------------------------------


def test_the_reach_worked_out_for_one_user_does_not_leak_to_another(world):
    assert policy.prefixes(world.minosawa_2so, EDIT_PLACES) == [world.minosawa.path]
    assert policy.prefixes(world.byobugaura_2so, EDIT_PLACES) == [world.byobugaura.path]
    assert policy.prefixes(world.nobody, EDIT_PLACES) == []
    assert names(reach.places(world.byobugaura_2so)) == ISOGO_PLACES
    assert names(reach.places(world.minosawa_2so)) == NAKA_PLACES


def test_the_cache_is_kept_per_action(world):
    assert policy.prefixes(world.minosawa_staff, VIEW) == [world.naka.path]
    assert policy.prefixes(world.minosawa_staff, EDIT_PLACES) == []
    assert policy.prefixes(world.minosawa_staff, EDIT_ORGANISATIONS) == [world.minosawa.path]


def test_another_instance_of_the_same_account_works_its_reach_out_afresh(world):
    assert policy.prefixes(world.naka_cm, VIEW) == [world.naka.path]
    Membership.objects.filter(user=world.naka_cm).update(is_active=False)
    assert policy.prefixes(User.objects.get(pk=world.naka_cm.pk), VIEW) == []


def test_the_cache_holds_until_forget(world):
    cm = world.naka_cm
    assert policy.prefixes(cm, VIEW) == [world.naka.path]
    Membership.objects.create(user=cm, organisation=world.isogo_council, role=Role.VIEWER)
    assert policy.prefixes(cm, VIEW) == [world.naka.path]
    policy.forget(cm)
    assert sorted(policy.prefixes(cm, VIEW)) == sorted([world.naka.path, world.isogo.path])


def test_adding_a_membership_through_the_service_refreshes_the_persons_reach(world):
    cm = world.naka_cm
    assert not reach.can(cm, VIEW, world.isogo)
    services.membership_add(manager=world.admin, user=cm, organisation=world.isogo_council, role=Role.VIEWER)
    assert reach.can(cm, VIEW, world.isogo)


def test_a_changed_membership_counts_from_the_next_request(world, as_user):
    client = as_user(world.naka_cm)
    url = f"/places/{world.isogo.pk}/"
    assert client.get(url).status_code == 404
    Membership.objects.create(user=world.naka_cm, organisation=world.isogo_council, role=Role.VIEWER)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=world.naka_cm).update(is_active=False)
    assert client.get(url).status_code == 404


def test_a_2so_ward_is_looked_up_once_for_all_the_ward_wide_actions(world, django_assert_num_queries):
    # A 2層Co's pages check several actions that reach their whole ward (memos.view, events.view …);
    # the ward above their CP is found once, not once an action (bench/together.py: 5–6 queries a page).
    user = world.minosawa_2so
    policy.active_memberships(user)  # the memberships and their places: one query, as on every page
    ward_wide = [a for a in ACTIONS if a.roles.get(Role.AREA_COORDINATOR) == policy.WARD]
    assert len(ward_wide) >= 2
    with django_assert_num_queries(1):
        reached = {a: policy.prefixes(user, a) for a in ward_wide}
    assert all(prefixes == [world.naka.path] for prefixes in reached.values())


def test_a_moved_place_is_not_given_its_old_ward(world):
    cp = world.minosawa_cp.place
    assert policy.ward_path(cp) == world.naka.path
    cp.parent = world.isogo
    cp.save()
    assert policy.ward_path(cp) == world.isogo.path


# --- covers: the whole subtree of a place (QuerySets' visible_under) ---------------------------


def test_covers_is_the_reach_over_the_whole_subtree_of_the_place(world):
    from tsunagu.events import access as events
    from tsunagu.projects import access as projects

    # A 1層Co reads every event of their ward; a 2層Co only their CP area's (events.view: own), but
    # every project of the ward (projects.view: ward).
    assert policy.covers(world.naka_1so, events.VIEW, world.naka)
    assert not policy.covers(world.minosawa_2so, events.VIEW, world.naka)
    assert policy.covers(world.minosawa_2so, events.VIEW, world.minosawa)
    assert policy.covers(world.minosawa_2so, events.VIEW, world.d6)
    assert policy.covers(world.minosawa_2so, projects.VIEW, world.naka)
    # Another ward, nobody, no place, an action only members reach: never.
    assert not policy.covers(world.naka_1so, events.VIEW, world.isogo)
    assert not policy.covers(world.nobody, events.VIEW, world.naka)
    assert not policy.covers(world.naka_1so, events.VIEW, None)
    assert not policy.covers(world.admin, projects.READ_SENSITIVE, world.naka)


def test_covers_is_worked_out_for_each_user_from_their_own_reach(world):
    # The answer comes from the per-user cache of prefixes: one user's must not become another's.
    from tsunagu.events import access as events

    assert policy.covers(world.naka_1so, events.VIEW, world.naka)
    assert not policy.covers(world.minosawa_2so, events.VIEW, world.naka)
    assert not policy.covers(world.isogo_1so, events.VIEW, world.naka)
    assert policy.covers(world.isogo_1so, events.VIEW, world.isogo)
    assert policy.covers(world.naka_1so, events.VIEW, world.naka)


def test_covers_follows_a_membership_ended_once_the_cache_is_forgotten(world):
    from tsunagu.events import access as events

    user = world.naka_1so
    assert policy.covers(user, events.VIEW, world.naka)
    Membership.objects.filter(user=user).update(is_active=False)
    policy.forget(user)
    assert not policy.covers(user, events.VIEW, world.naka)
    assert not policy.covers(User.objects.get(pk=user.pk), events.VIEW, world.naka)
