"""Who may open which page: every route of places and people (and /home/), for every account
of the cast in conftest, through the real screens.

The rule under test (policy.py, README "Access in one sentence"): anything out of a person's
reach answers 404 — never 403 — so that guessing IDs tells nothing about what exists, and a
refused write leaves the database as it was. The expected reach of each role is written out
by hand below, from the casebook, not computed from the policy it checks.

Pages that list things (場所, 団体, the export) are in every signed-in person's menu; for
someone out of reach they answer 200 with nothing in them rather than 404.
"""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from tests.conftest import PASSWORD
from tsunagu.people.models import Membership, Organisation, Role, User
from tsunagu.places.models import Kind, Place

ROLES = [
    "admin",
    "naka_1so",
    "naka_ward",
    "naka_chiku",
    "minosawa_2so",
    "minosawa_staff",
    "naka_cm",
    "isogo_1so",
    "byobugaura_2so",
    "nobody",
]

# --- The reach of each role, by hand -------------------------------------------------------

NAKA = {"naka", "minosawa", "honmoku", "d6", "d7", "block"}
MINOSAWA = {"minosawa", "d6", "block"}
D6 = {"d6", "block"}
ISOGO = {"isogo", "byobugaura", "isogo_d", "kuraki"}
BYOBUGAURA = {"byobugaura", "isogo_d", "kuraki"}
ALL_PLACES = {"city"} | NAKA | ISOGO
NOWHERE: set[str] = set()

SEES = {
    "admin": ALL_PLACES,
    "naka_1so": NAKA,
    "naka_ward": NAKA,
    "naka_chiku": D6,
    "minosawa_2so": NAKA,
    "minosawa_staff": NAKA,
    "naka_cm": NAKA,
    "isogo_1so": ISOGO,
    "byobugaura_2so": ISOGO,
    "nobody": NOWHERE,
}
EDITS_PLACES = {
    "admin": ALL_PLACES,
    "naka_1so": NAKA,
    "naka_ward": NOWHERE,
    "naka_chiku": D6,
    "minosawa_2so": MINOSAWA,
    "minosawa_staff": NOWHERE,
    "naka_cm": NOWHERE,
    "isogo_1so": ISOGO,
    "byobugaura_2so": BYOBUGAURA,
    "nobody": NOWHERE,
}
# Renaming or moving a place is decided one level up (policy.can_change_place): a ward's
# coordinator edits the CP areas of the ward but not the ward itself, which belongs to the city.
CHANGES_PLACES = {
    "admin": ALL_PLACES - {"city"},
    "naka_1so": NAKA - {"naka"},
    "naka_ward": NOWHERE,
    "naka_chiku": {"block"},
    "minosawa_2so": D6,
    "minosawa_staff": NOWHERE,
    "naka_cm": NOWHERE,
    "isogo_1so": BYOBUGAURA,
    "byobugaura_2so": {"isogo_d", "kuraki"},
    "nobody": NOWHERE,
}
EDITS_ORGANISATIONS_AT = {**EDITS_PLACES, "minosawa_staff": MINOSAWA}

ORGANISATION_PLACE = {
    "city_council": "city",
    "naka_council": "naka",
    "naka_office": "naka",
    "naka_care": "naka",
    "minosawa_cp": "minosawa",
    "honmoku_cp": "honmoku",
    "d6_council": "d6",
    "d7_council": "d7",
    "isogo_council": "isogo",
    "byobugaura_cp": "byobugaura",
    "kuraki_org": "kuraki",
}
NAKA_ORGANISATIONS = {o for o, p in ORGANISATION_PLACE.items() if p in NAKA}
ISOGO_ORGANISATIONS = {o for o, p in ORGANISATION_PLACE.items() if p in ISOGO}

NAKA_PEOPLE = {"naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm"}
ISOGO_PEOPLE = {"isogo_1so", "byobugaura_2so"}
MANAGES = {role: set() for role in ROLES} | {
    "admin": set(ROLES),
    # A 1層Co does not manage accounts holding a role they cannot grant — their own included.
    "naka_1so": NAKA_PEOPLE - {"naka_1so"},
    "isogo_1so": ISOGO_PEOPLE - {"isogo_1so"},
}
MANAGERS = {role for role, people in MANAGES.items() if people}
PLACE_EDITORS = {role for role, places in EDITS_PLACES.items() if places}
ORGANISATION_EDITORS = {role for role, places in EDITS_ORGANISATIONS_AT.items() if places}


def who(world, role):
    return getattr(world, role)


def pk(world, name):
    return getattr(world, name).pk


# --- Every route, with a request each ------------------------------------------------------

CONTACTS_NONE = {
    "contacts-TOTAL_FORMS": "0",
    "contacts-INITIAL_FORMS": "0",
    "contacts-MIN_NUM_FORMS": "0",
    "contacts-MAX_NUM_FORMS": "1000",
}


def place_form(place: Place, **changes) -> dict:
    data = {
        "code": place.code,
        "name": place.name,
        "name_kana": place.name_kana,
        "latitude": "" if place.latitude is None else place.latitude,
        "longitude": "" if place.longitude is None else place.longitude,
        "note": place.note,
        "version": place.version,
    }
    return data | changes


def organisation_form(organisation: Organisation | None = None, **changes) -> dict:
    data = dict(CONTACTS_NONE)
    if organisation is not None:
        data |= {
            "name": organisation.name,
            "name_kana": organisation.name_kana,
            "kind": organisation.kind,
            "place": organisation.place_id,
            "postal_code": organisation.postal_code,
            "address": organisation.address,
            "phone": organisation.phone,
            "email": organisation.email,
            "website": organisation.website,
            "note": organisation.note,
            "is_active": "on" if organisation.is_active else "",
            "version": organisation.version,
        }
    return data | changes


def every_route(w) -> dict[str, tuple[str, str, dict]]:
    """One request for each route: method, URL and (for POST) data that a manager would send."""
    cm_membership = w.naka_cm.memberships.get()
    return {
        "home": ("get", reverse("home"), {}),
        "places:list": ("get", reverse("places:list"), {}),
        "places:import": ("get", reverse("places:import"), {}),
        "places:import_commit": ("post", reverse("places:import_commit"), {}),
        "places:export": ("get", reverse("places:export"), {}),
        "places:detail": ("get", reverse("places:detail", args=[w.d6.pk]), {}),
        "places:edit": ("get", reverse("places:edit", args=[w.d6.pk]), {}),
        "places:move": ("get", reverse("places:move", args=[w.block.pk]), {}),
        "places:create": ("get", reverse("places:create", args=[w.d6.pk]), {}),
        "people:organisation_list": ("get", reverse("people:organisation_list"), {}),
        "people:organisation_create": ("get", reverse("people:organisation_create"), {}),
        "people:organisation_detail": ("get", reverse("people:organisation_detail", args=[w.d6_council.pk]), {}),
        "people:organisation_edit": ("get", reverse("people:organisation_edit", args=[w.d6_council.pk]), {}),
        "people:person_list": ("get", reverse("people:person_list"), {}),
        "people:person_create": ("get", reverse("people:person_create"), {}),
        "people:person_detail": ("get", reverse("people:person_detail", args=[w.naka_cm.pk]), {}),
        "people:person_edit": ("get", reverse("people:person_edit", args=[w.naka_cm.pk]), {}),
        "people:person_password": (
            "post", reverse("people:person_password", args=[w.naka_cm.pk]), {"password": "atarashii-kari-2026"},
        ),
        "people:person_unlock": ("post", reverse("people:person_unlock", args=[w.naka_cm.pk]), {}),
        "people:person_set_active": ("post", reverse("people:person_set_active", args=[w.naka_cm.pk]), {"active": "0"}),
        "people:membership_add": (
            "post",
            reverse("people:membership_add", args=[w.naka_cm.pk]),
            {"m-organisation": w.minosawa_cp.pk, "m-role": Role.VIEWER},
        ),
        "people:membership_end": ("post", reverse("people:membership_end", args=[cm_membership.pk]), {}),
        # Grants have their own tests (test_grants.py: who may give and revoke, 404 for the rest).
        "people:grant_add": ("post", reverse("people:grant_add", args=[w.naka_cm.pk]), {}),
        "people:grant_revoke": ("post", reverse("people:grant_revoke", args=[_grant(w).pk]), {}),
    }


def _grant(w):
    from django.utils import timezone

    from tsunagu.people.models import Grant

    today = timezone.localdate()
    return Grant.objects.get_or_create(user=w.naka_cm, action="test.sensitive", place=w.d6, reason="試験",
                                       starts_on=today, ends_on=today)[0]


ROUTES = [
    "home",
    "places:list",
    "places:import",
    "places:import_commit",
    "places:export",
    "places:detail",
    "places:edit",
    "places:move",
    "places:create",
    "people:organisation_list",
    "people:organisation_create",
    "people:organisation_detail",
    "people:organisation_edit",
    "people:person_list",
    "people:person_create",
    "people:person_detail",
    "people:person_edit",
    "people:person_password",
    "people:person_unlock",
    "people:person_set_active",
    "people:membership_add",
    "people:membership_end",
    "people:grant_add",
    "people:grant_revoke",
]
LISTS = {"places:list", "places:export", "people:organisation_list"}


def send(client, method: str, url: str, data: dict | None = None):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_the_matrix_names_every_route_of_places_and_people():
    from tsunagu.people import place_urls as places_urls
    from tsunagu.people import urls as people_urls

    routes = {f"places:{p.name}" for p in places_urls.urlpatterns} | {
        f"people:{p.name}" for p in people_urls.urlpatterns
    }
    assert routes | {"home"} == set(ROUTES)


# --- Anonymous -----------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_visitor_is_sent_to_the_login_page(world, client, route):
    method, url, data = every_route(world)[route]
    response = send(client, method, url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_anonymous_post_to_an_edit_form_changes_nothing(world, client):
    response = client.post(reverse("places:edit", args=[world.d6.pk]), place_form(world.d6, name="乗っ取り"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Place.objects.get(pk=world.d6.pk).name == "第6地区"


# --- Pages without an object: who opens them at all -----------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_the_overview_pages_its_role_allows(world, as_user, role):
    client = as_user(who(world, role))
    routes = [
        "home",
        "places:list",
        "places:export",
        "places:import",
        "people:organisation_list",
        "people:organisation_create",
        "people:person_list",
        "people:person_create",
    ]
    got = {r: client.get(every_route(world)[r][1]).status_code for r in routes}
    expected = {
        "home": 200,
        "places:list": 200,
        "places:export": 200,
        "people:organisation_list": 200,
        "places:import": 200 if role in PLACE_EDITORS else 404,
        "people:organisation_create": 200 if role in ORGANISATION_EDITORS else 404,
        "people:person_list": 200 if role in MANAGERS else 404,
        "people:person_create": 200 if role in MANAGERS else 404,
    }
    assert got == expected


# --- Pages about one place, organisation or person ---------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "view, reach",
    [
        ("places:detail", SEES),
        ("places:edit", CHANGES_PLACES),
        ("places:move", CHANGES_PLACES),
        ("places:create", EDITS_PLACES),
    ],
    ids=["detail", "edit", "move", "create"],
)
def test_place_pages_open_inside_the_roles_reach_and_answer_404_outside(world, as_user, role, view, reach):
    client = as_user(who(world, role))
    got = {name: client.get(reverse(view, args=[pk(world, name)])).status_code for name in sorted(ALL_PLACES)}
    assert got == {name: 200 if name in reach[role] else 404 for name in sorted(ALL_PLACES)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "view, reach",
    [("people:organisation_detail", SEES), ("people:organisation_edit", EDITS_ORGANISATIONS_AT)],
    ids=["detail", "edit"],
)
def test_organisation_pages_open_where_the_organisation_sits_inside_the_roles_reach(
    world, as_user, role, view, reach
):
    client = as_user(who(world, role))
    got = {o: client.get(reverse(view, args=[pk(world, o)])).status_code for o in sorted(ORGANISATION_PLACE)}
    expected = {o: 200 if ORGANISATION_PLACE[o] in reach[role] else 404 for o in sorted(ORGANISATION_PLACE)}
    assert got == expected


@pytest.mark.parametrize("role", ROLES)
def test_organisation_list_filtered_by_a_place_answers_404_for_a_place_out_of_sight(world, as_user, role):
    client = as_user(who(world, role))
    url = reverse("people:organisation_list")
    got = {name: client.get(url, {"place": pk(world, name)}).status_code for name in sorted(ALL_PLACES)}
    assert got == {name: 200 if name in SEES[role] else 404 for name in sorted(ALL_PLACES)}


@pytest.mark.parametrize("role", ROLES)
def test_new_organisation_form_opens_only_for_a_place_where_the_role_edits_organisations(world, as_user, role):
    client = as_user(who(world, role))
    url = reverse("people:organisation_create")
    got = {name: client.get(url, {"place": pk(world, name)}).status_code for name in sorted(ALL_PLACES)}
    assert got == {name: 200 if name in EDITS_ORGANISATIONS_AT[role] else 404 for name in sorted(ALL_PLACES)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["people:person_detail", "people:person_edit"], ids=["detail", "edit"])
def test_person_pages_open_only_for_people_the_role_manages(world, as_user, role, view):
    client = as_user(who(world, role))
    got = {p: client.get(reverse(view, args=[pk(world, p)])).status_code for p in ROLES}
    assert got == {p: 200 if p in MANAGES[role] else 404 for p in ROLES}


# --- Writes: a successful POST redirects, a refused one answers 404 and writes nothing ------


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_district_is_saved_only_by_those_who_edit_places_of_its_cp_area(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(reverse("places:edit", args=[world.d6.pk]), place_form(world.d6, note="見守り強化"))
    d6 = Place.objects.get(pk=world.d6.pk)
    if "d6" in CHANGES_PLACES[role]:
        assert response.status_code == 302
        assert response["Location"] == reverse("places:detail", args=[d6.pk])
        assert (d6.note, d6.version) == ("見守り強化", 2)
    else:
        assert response.status_code == 404
        assert (d6.note, d6.version) == ("", 1)


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_place_under_a_district_is_allowed_only_to_those_who_edit_places_there(world, as_user, role):
    client = as_user(who(world, role))
    data = {"kind": Kind.ASSOCIATION, "code": "14104-D006-A01", "name": "簑沢町内会", "name_kana": "", "note": ""}
    response = client.post(reverse("places:create", args=[world.d6.pk]), data)
    created = Place.objects.filter(code="14104-D006-A01").first()
    if "d6" in EDITS_PLACES[role]:
        assert response.status_code == 302
        assert created is not None and created.parent_id == world.d6.pk
        assert response["Location"] == reverse("places:detail", args=[created.pk])
    else:
        assert response.status_code == 404
        assert created is None


# Moving the 町丁目 簑沢 from 第6地区 up to the CP area 簑沢: the 1層Co, the 2層Co of 簑沢 and the
# admin may; the 地区担当 may edit the 町丁目 but not place it above their district.
MOVE_BLOCK_TO_MINOSAWA = {"admin": 302, "naka_1so": 302, "minosawa_2so": 302, "naka_chiku": 200}


@pytest.mark.parametrize("role", ROLES)
def test_moving_a_block_needs_edit_rights_at_both_its_place_and_its_new_parent(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(
        reverse("places:move", args=[world.block.pk]), {"parent": world.minosawa.pk, "version": world.block.version}
    )
    block = Place.objects.get(pk=world.block.pk)
    expected = MOVE_BLOCK_TO_MINOSAWA.get(role, 404)
    assert response.status_code == expected
    if expected == 302:
        assert block.parent_id == world.minosawa.pk
        assert block.path == f"{world.minosawa.path}{block.pk}/"
    else:
        assert block.parent_id == world.d6.pk
        assert block.path == f"{world.d6.path}{block.pk}/"
    if expected == 200:
        assert "parent" in response.context["form"].errors


# Registering a volunteer group at 第6地区: refused with 404 for roles that edit no organisation
# anywhere; for 磯子区's editors the place is simply not among the choices.
CREATE_ORGANISATION_AT_D6 = {
    "admin": 302,
    "naka_1so": 302,
    "naka_chiku": 302,
    "minosawa_2so": 302,
    "minosawa_staff": 302,
    "isogo_1so": 200,
    "byobugaura_2so": 200,
    "naka_ward": 404,
    "naka_cm": 404,
    "nobody": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_registering_an_organisation_at_a_district_is_allowed_only_to_its_organisation_editors(
    world, as_user, role
):
    client = as_user(who(world, role))
    data = organisation_form(name="簑沢見守りの会", kind="volunteer_group", place=world.d6.pk, is_active="on")
    response = client.post(reverse("people:organisation_create"), data)
    created = Organisation.objects.filter(name="簑沢見守りの会").first()
    assert response.status_code == CREATE_ORGANISATION_AT_D6[role]
    if response.status_code == 302:
        assert created is not None and created.place_id == world.d6.pk
        assert response["Location"] == reverse("people:organisation_detail", args=[created.pk])
    else:
        assert created is None
    if response.status_code == 200:
        assert "place" in response.context["form"].errors


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_district_council_is_saved_only_by_its_organisation_editors(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(
        reverse("people:organisation_edit", args=[world.d6_council.pk]),
        organisation_form(world.d6_council, phone="045-000-0006"),
    )
    council = Organisation.objects.get(pk=world.d6_council.pk)
    if "d6" in EDITS_ORGANISATIONS_AT[role]:
        assert response.status_code == 302
        assert response["Location"] == reverse("people:organisation_detail", args=[council.pk])
        assert (council.phone, council.version) == ("045-000-0006", 2)
    else:
        assert response.status_code == 404
        assert (council.phone, council.version) == ("", 1)


def csv_upload(text: str, name: str = "places.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


NEW_ASSOCIATION_UNDER_D6 = "種別,コード,名称,ふりがな,親コード\n自治会町内会,14104-D006-A09,簑沢第二町内会,,14104-D006\n"


@pytest.mark.parametrize("role", ROLES)
def test_importing_a_place_under_a_district_writes_only_for_those_who_edit_places_there(world, as_user, role):
    client = as_user(who(world, role))
    preview = client.post(reverse("places:import"), {"file": csv_upload(NEW_ASSOCIATION_UNDER_D6)})
    commit = client.post(reverse("places:import_commit"))
    created = Place.objects.filter(code="14104-D006-A09").first()
    if role not in PLACE_EDITORS:
        assert (preview.status_code, commit.status_code) == (404, 404)
        assert created is None
    elif "d6" in EDITS_PLACES[role]:
        assert preview.status_code == 200 and preview.context["preview"].ok
        assert commit.status_code == 302 and commit["Location"] == reverse("places:list")
        assert created is not None and created.parent_id == world.d6.pk
    else:
        # 磯子区's editors: the preview names the row, and there is nothing to commit.
        assert preview.status_code == 200 and not preview.context["preview"].ok
        assert "14104-D006" in preview.content.decode()
        assert commit.status_code == 302 and commit["Location"] == reverse("places:import")
        assert created is None


def test_an_import_cannot_rename_another_wards_place_by_naming_its_code(world, as_user):
    client = as_user(world.minosawa_2so)
    text = "種別,コード,名称,ふりがな,親コード\nCPエリア,14107-CP01,乗っ取りCP,,14104\n"
    preview = client.post(reverse("places:import"), {"file": csv_upload(text)})
    assert preview.status_code == 200 and not preview.context["preview"].ok
    commit = client.post(reverse("places:import_commit"))
    assert commit["Location"] == reverse("places:import")
    after = Place.objects.get(pk=world.byobugaura.pk)
    assert (after.name, after.parent_id, after.version) == ("屛風ヶ浦地域ケアプラザ", world.isogo.pk, 1)


def test_an_import_cannot_move_a_place_into_another_ward(world, as_user):
    client = as_user(world.minosawa_2so)
    text = "種別,コード,名称,ふりがな,親コード\n地区,14104-D006,第6地区,,14107-CP01\n"
    preview = client.post(reverse("places:import"), {"file": csv_upload(text)})
    assert preview.status_code == 200 and not preview.context["preview"].ok
    client.post(reverse("places:import_commit"))
    after = Place.objects.get(pk=world.d6.pk)
    assert (after.parent_id, after.path) == (world.minosawa.pk, world.d6.path)


@pytest.mark.parametrize("role", ROLES)
def test_committing_an_import_with_nothing_pending_is_404_for_those_who_cannot_import(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(reverse("places:import_commit"))
    if role in PLACE_EDITORS:
        assert response.status_code == 302
        assert response["Location"] == reverse("places:import")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_persons_name_is_saved_only_by_their_managers(world, as_user, role):
    client = as_user(who(world, role))
    data = {"display_name": "中区 ケアマネ", "display_name_kana": "", "email": ""}
    response = client.post(reverse("people:person_edit", args=[world.naka_cm.pk]), data)
    cm = User.objects.get(pk=world.naka_cm.pk)
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert response["Location"] == reverse("people:person_detail", args=[cm.pk])
        assert cm.display_name == "中区 ケアマネ"
    else:
        assert response.status_code == 404
        assert cm.display_name == "naka-cm"


@pytest.mark.parametrize("role", ROLES)
def test_a_temporary_password_is_set_only_by_the_persons_managers(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(
        reverse("people:person_password", args=[world.naka_cm.pk]), {"password": "atarashii-kari-2026"}
    )
    cm = User.objects.get(pk=world.naka_cm.pk)
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert response["Location"] == reverse("people:person_detail", args=[cm.pk])
        assert check_password("atarashii-kari-2026", cm.password) and cm.must_change_password
    else:
        assert response.status_code == 404
        assert check_password(PASSWORD, cm.password) and not cm.must_change_password


def lockout(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_login_lock_is_lifted_only_by_the_persons_managers(world, as_user, role):
    client = as_user(who(world, role))  # signing in clears one's own lock, so lock afterwards
    lockout(world.naka_cm.username)
    response = client.post(reverse("people:person_unlock", args=[world.naka_cm.pk]))
    still_locked = AccessAttempt.objects.filter(username=world.naka_cm.username).exists()
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert not still_locked
    else:
        assert response.status_code == 404
        assert still_locked


@pytest.mark.parametrize("role", ROLES)
def test_an_account_is_switched_off_only_by_its_managers(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(reverse("people:person_set_active", args=[world.naka_cm.pk]), {"active": "0"})
    cm = User.objects.get(pk=world.naka_cm.pk)
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert not cm.is_active
    else:
        assert response.status_code == 404
        assert cm.is_active


@pytest.mark.parametrize("role", ROLES)
def test_a_membership_is_added_only_by_the_persons_managers(world, as_user, role):
    client = as_user(who(world, role))
    response = client.post(
        reverse("people:membership_add", args=[world.naka_cm.pk]),
        {"m-organisation": world.minosawa_cp.pk, "m-role": Role.VIEWER},
    )
    added = Membership.objects.filter(user=world.naka_cm, organisation=world.minosawa_cp).exists()
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert added
    else:
        assert response.status_code == 404
        assert not added


@pytest.mark.parametrize("role", ROLES)
def test_a_membership_is_ended_only_by_the_persons_managers(world, as_user, role):
    membership = world.naka_cm.memberships.get()
    client = as_user(who(world, role))
    response = client.post(reverse("people:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    if "naka_cm" in MANAGES[role]:
        assert response.status_code == 302
        assert not membership.is_active
    else:
        assert response.status_code == 404
        assert membership.is_active


# Creating a viewer at 中ケアプランセンター: the managers of 中区 may; 磯子区's 1層Co manages
# people, but not there, so the organisation is not among the form's choices.
CREATE_PERSON_AT_NAKA_CARE = {role: 404 for role in ROLES} | {"admin": 302, "naka_1so": 302, "isogo_1so": 200}


@pytest.mark.parametrize("role", ROLES)
def test_an_account_is_created_only_by_a_manager_of_its_organisation(world, as_user, role):
    client = as_user(who(world, role))
    data = {
        "username": "naka-cm2",
        "display_name": "新しいケアマネ",
        "password": "kari-pasuwado-2026",
        "organisation": world.naka_care.pk,
        "role": Role.VIEWER,
    }
    response = client.post(reverse("people:person_create"), data)
    created = User.objects.filter(username="naka-cm2").first()
    assert response.status_code == CREATE_PERSON_AT_NAKA_CARE[role]
    if response.status_code == 302:
        assert created is not None
        assert created.memberships.get().organisation_id == world.naka_care.pk
        assert response["Location"] == reverse("people:person_detail", args=[created.pk])
    else:
        assert created is None
    if response.status_code == 200:
        assert "organisation" in response.context["form"].errors


# --- The cases of the issue, one by one -----------------------------------------------------


def test_area_coordinator_cannot_see_another_wards_place(world, as_user):
    client = as_user(world.minosawa_2so)
    for place in (world.isogo, world.byobugaura, world.isogo_d, world.kuraki):
        assert client.get(reverse("places:detail", args=[place.pk])).status_code == 404


def test_area_coordinator_cannot_open_the_edit_form_of_another_wards_place(world, as_user):
    client = as_user(world.minosawa_2so)
    for view in ("places:edit", "places:move", "places:create"):
        assert client.get(reverse(view, args=[world.byobugaura.pk])).status_code == 404


def test_area_coordinator_cannot_change_another_wards_place_by_posting_its_id(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("places:edit", args=[world.byobugaura.pk]), place_form(world.byobugaura, name="乗っ取り")
    )
    assert response.status_code == 404
    after = Place.objects.get(pk=world.byobugaura.pk)
    assert (after.name, after.version, after.path) == ("屛風ヶ浦地域ケアプラザ", 1, world.byobugaura.path)


def test_out_of_reach_and_nonexistent_places_answer_alike(world, as_user):
    client = as_user(world.minosawa_2so)
    missing = Place.objects.order_by("-pk").first().pk + 100
    foreign = client.get(reverse("places:detail", args=[world.byobugaura.pk]))
    nonexistent = client.get(reverse("places:detail", args=[missing]))
    assert foreign.status_code == nonexistent.status_code == 404
    assert "屛風ヶ浦" not in foreign.content.decode()


def test_area_coordinator_cannot_see_another_wards_organisation(world, as_user):
    client = as_user(world.minosawa_2so)
    for organisation in (world.isogo_council, world.byobugaura_cp, world.kuraki_org):
        assert client.get(reverse("people:organisation_detail", args=[organisation.pk])).status_code == 404
        assert client.get(reverse("people:organisation_edit", args=[organisation.pk])).status_code == 404


def test_area_coordinator_cannot_change_another_wards_organisation_by_posting_its_id(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("people:organisation_edit", args=[world.byobugaura_cp.pk]),
        organisation_form(world.byobugaura_cp, name="乗っ取り", place=world.minosawa.pk),
    )
    assert response.status_code == 404
    after = Organisation.objects.get(pk=world.byobugaura_cp.pk)
    assert (after.name, after.place_id, after.version) == ("屛風ヶ浦地域ケアプラザ", world.byobugaura.pk, 1)


def test_area_coordinator_cannot_move_a_district_into_another_ward(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("places:move", args=[world.d6.pk]), {"parent": world.byobugaura.pk, "version": world.d6.version}
    )
    # Refused by the form: 屛風ヶ浦 is not among the choices, exactly as an ID that does not exist.
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    after = Place.objects.get(pk=world.d6.pk)
    assert (after.parent_id, after.path, after.version) == (world.minosawa.pk, world.d6.path, 1)
    assert Place.objects.get(pk=world.block.pk).path.startswith(world.d6.path)


def test_a_refused_move_target_reads_the_same_as_one_that_does_not_exist(world, as_user):
    client = as_user(world.minosawa_2so)
    url = reverse("places:move", args=[world.block.pk])
    foreign = client.post(url, {"parent": world.isogo_d.pk, "version": 1}).context["form"].errors["parent"]
    missing = client.post(url, {"parent": 987654, "version": 1}).context["form"].errors["parent"]
    assert foreign == missing


def test_area_coordinator_cannot_move_another_wards_place(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("places:move", args=[world.isogo_d.pk]), {"parent": world.minosawa.pk, "version": 1}
    )
    assert response.status_code == 404
    assert Place.objects.get(pk=world.isogo_d.pk).parent_id == world.byobugaura.pk


def test_ward_coordinator_cannot_move_a_cp_area_into_another_ward(world, as_user):
    client = as_user(world.naka_1so)
    response = client.post(
        reverse("places:move", args=[world.minosawa.pk]), {"parent": world.isogo.pk, "version": 1}
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert Place.objects.get(pk=world.minosawa.pk).parent_id == world.naka.pk


def test_area_coordinator_cannot_add_a_place_under_another_wards_place(world, as_user):
    client = as_user(world.minosawa_2so)
    before = Place.objects.count()
    data = {"kind": Kind.ASSOCIATION, "code": "14107-D001-A99", "name": "潜入自治会", "name_kana": "", "note": ""}
    response = client.post(reverse("places:create", args=[world.isogo_d.pk]), data)
    assert response.status_code == 404
    assert Place.objects.count() == before


def test_organisation_cannot_be_created_at_a_place_out_of_scope_named_in_the_address(world, as_user):
    client = as_user(world.minosawa_2so)
    before = Organisation.objects.count()
    url = reverse("people:organisation_create") + f"?place={world.byobugaura.pk}"
    response = client.post(url, organisation_form(name="潜入団体", kind="npo", place=world.byobugaura.pk))
    assert response.status_code == 404
    assert Organisation.objects.count() == before


def test_organisation_cannot_be_created_at_a_place_out_of_scope_chosen_in_the_form(world, as_user):
    client = as_user(world.minosawa_2so)
    before = Organisation.objects.count()
    url = reverse("people:organisation_create")
    foreign = client.post(url, organisation_form(name="潜入団体", kind="npo", place=world.byobugaura.pk))
    missing = client.post(url, organisation_form(name="潜入団体", kind="npo", place=987654))
    assert foreign.status_code == 200
    assert foreign.context["form"].errors["place"] == missing.context["form"].errors["place"]
    assert Organisation.objects.count() == before


def test_organisation_cannot_be_moved_to_a_place_out_of_scope(world, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("people:organisation_edit", args=[world.minosawa_cp.pk]),
        organisation_form(world.minosawa_cp, place=world.byobugaura.pk),
    )
    assert response.status_code == 200
    assert "place" in response.context["form"].errors
    after = Organisation.objects.get(pk=world.minosawa_cp.pk)
    assert (after.place_id, after.version) == (world.minosawa.pk, 1)


def test_district_officer_sees_only_their_district_and_what_is_under_it(world, as_user):
    client = as_user(world.naka_chiku)
    status = {
        name: client.get(reverse("places:detail", args=[pk(world, name)])).status_code
        for name in ("d6", "block", "d7", "minosawa", "honmoku", "naka", "city")
    }
    assert status == {"d6": 200, "block": 200, "d7": 404, "minosawa": 404, "honmoku": 404, "naka": 404, "city": 404}


def test_district_officer_sees_their_districts_council_but_not_the_neighbouring_one_nor_the_wards(world, as_user):
    client = as_user(world.naka_chiku)
    status = {
        o: client.get(reverse("people:organisation_detail", args=[pk(world, o)])).status_code
        for o in ("d6_council", "d7_council", "naka_council", "minosawa_cp")
    }
    assert status == {"d6_council": 200, "d7_council": 404, "naka_council": 404, "minosawa_cp": 404}


def test_district_officer_place_detail_does_not_link_to_the_ward_above(world, as_user):
    client = as_user(world.naka_chiku)
    page = client.get(reverse("places:detail", args=[world.d6.pk])).content.decode()
    assert f'href="{reverse("places:detail", args=[world.naka.pk])}"' not in page
    assert f'href="{reverse("places:detail", args=[world.minosawa.pk])}"' not in page
    assert f'href="{reverse("places:detail", args=[world.block.pk])}"' in page


@pytest.mark.parametrize("role", ["naka_ward", "naka_cm"])
def test_ward_office_and_viewer_read_the_ward(world, as_user, role):
    client = as_user(who(world, role))
    for name in ("naka", "minosawa", "d6", "d7"):
        assert client.get(reverse("places:detail", args=[pk(world, name)])).status_code == 200
    for organisation in ("naka_council", "minosawa_cp", "d7_council"):
        assert client.get(reverse("people:organisation_detail", args=[pk(world, organisation)])).status_code == 200


@pytest.mark.parametrize("role", ["naka_ward", "naka_cm"])
def test_ward_office_and_viewer_get_404_on_every_edit_and_create_page(world, as_user, role):
    client = as_user(who(world, role))
    urls = [reverse("places:import"), reverse("people:organisation_create"), reverse("people:person_list"),
            reverse("people:person_create")]
    for name in ("naka", "minosawa", "d6", "block"):
        urls += [reverse(v, args=[pk(world, name)]) for v in ("places:edit", "places:move", "places:create")]
        urls.append(reverse("people:organisation_create") + f"?place={pk(world, name)}")
    for organisation in ("naka_office", "naka_care", "minosawa_cp"):
        urls.append(reverse("people:organisation_edit", args=[pk(world, organisation)]))
    for person in ("naka_ward", "naka_cm", "minosawa_staff"):
        urls += [reverse(v, args=[pk(world, person)]) for v in ("people:person_detail", "people:person_edit")]
    assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}


@pytest.mark.parametrize("role", ["naka_ward", "naka_cm"])
def test_ward_office_and_viewer_pages_offer_no_edit_buttons(world, as_user, role):
    client = as_user(who(world, role))
    place_page = client.get(reverse("places:detail", args=[world.naka.pk])).content.decode()
    organisation_page = client.get(reverse("people:organisation_detail", args=[world.naka_office.pk])).content.decode()
    assert reverse("places:edit", args=[world.naka.pk]) not in place_page
    assert reverse("people:organisation_create") not in place_page
    assert reverse("people:organisation_edit", args=[world.naka_office.pk]) not in organisation_page


def test_cp_staff_edit_organisations_in_their_cp_area(world, as_user):
    client = as_user(world.minosawa_staff)
    for organisation in (world.minosawa_cp, world.d6_council):
        response = client.post(
            reverse("people:organisation_edit", args=[organisation.pk]), organisation_form(organisation, phone="045-1")
        )
        assert response.status_code == 302
        assert Organisation.objects.get(pk=organisation.pk).phone == "045-1"


def test_cp_staff_cannot_edit_organisations_of_the_neighbouring_cp_area(world, as_user):
    client = as_user(world.minosawa_staff)
    response = client.post(
        reverse("people:organisation_edit", args=[world.honmoku_cp.pk]), organisation_form(world.honmoku_cp, phone="1")
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=world.honmoku_cp.pk).phone == ""


def test_cp_staff_cannot_edit_places_even_in_their_cp_area(world, as_user):
    client = as_user(world.minosawa_staff)
    for name in ("minosawa", "d6", "block"):
        for view in ("places:edit", "places:move", "places:create"):
            assert client.get(reverse(view, args=[pk(world, name)])).status_code == 404
    response = client.post(reverse("places:edit", args=[world.minosawa.pk]), place_form(world.minosawa, note="x"))
    assert response.status_code == 404
    assert Place.objects.get(pk=world.minosawa.pk).note == ""
    assert client.get(reverse("places:import")).status_code == 404


def test_ward_coordinator_manages_people_of_their_ward_but_not_of_another_ward(world, as_user):
    client = as_user(world.naka_1so)
    assert client.get(reverse("people:person_detail", args=[world.minosawa_staff.pk])).status_code == 200
    for person in (world.isogo_1so, world.byobugaura_2so, world.admin, world.nobody):
        assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404
    response = client.post(reverse("people:person_set_active", args=[world.byobugaura_2so.pk]), {"active": "0"})
    assert response.status_code == 404
    assert User.objects.get(pk=world.byobugaura_2so.pk).is_active


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.WARD_COORDINATOR])
def test_ward_coordinator_cannot_create_an_account_with_a_role_only_the_city_grants(world, as_user, role):
    client = as_user(world.naka_1so)
    data = {
        "username": "naka-boss",
        "display_name": "ボス",
        "password": "kari-pasuwado-2026",
        "organisation": world.naka_council.pk,
        "role": role,
    }
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="naka-boss").exists()


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.WARD_COORDINATOR])
def test_ward_coordinator_cannot_grant_a_role_only_the_city_grants(world, as_user, role):
    client = as_user(world.naka_1so)
    for person in (world.minosawa_2so, world.naka_1so):
        for organisation in (world.naka_council, world.minosawa_cp):
            before = set(Membership.objects.filter(user=person).values_list("organisation", "role", "is_active"))
            response = client.post(
                reverse("people:membership_add", args=[person.pk]),
                {"m-organisation": organisation.pk, "m-role": role},
            )
            # Their own account holds a role they cannot grant, so it is out of their reach.
            assert response.status_code == (404 if person == world.naka_1so else 302)
            after = set(Membership.objects.filter(user=person).values_list("organisation", "role", "is_active"))
            assert after == before


def test_ward_coordinator_cannot_end_another_ward_coordinators_membership(world, as_user):
    from tests.conftest import account

    colleague = account("naka-1so-b", world.naka_council, Role.WARD_COORDINATOR)
    membership = colleague.memberships.get()
    response = as_user(world.naka_1so).post(reverse("people:membership_end", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_ward_coordinator_cannot_end_their_own_membership(world, as_user):
    membership = world.naka_1so.memberships.get()
    response = as_user(world.naka_1so).post(reverse("people:membership_end", args=[membership.pk]))
    # Their own account holds a role they could not grant, so it is outside what they manage.
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_ward_coordinator_cannot_give_a_district_of_another_ward(world, as_user):
    client = as_user(world.naka_1so)
    response = client.post(
        reverse("people:membership_add", args=[world.naka_ward.pk]),
        {"m-organisation": world.naka_council.pk, "m-role": Role.DISTRICT_OFFICER, "m-districts": [world.isogo_d.pk]},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=world.naka_ward, role=Role.DISTRICT_OFFICER).exists()


def test_city_admin_reaches_every_route(world, as_user):
    client = as_user(world.admin)
    routes = every_route(world)
    got = {route: send(client, *routes[route]).status_code for route in ROUTES}
    assert got == {route: 302 if routes[route][0] == "post" else 200 for route in ROUTES}


def test_city_admin_opens_every_place_and_organisation_of_both_wards(world, as_user):
    client = as_user(world.admin)
    for name in sorted(ALL_PLACES):
        for view in ("places:detail", "places:create"):
            assert client.get(reverse(view, args=[pk(world, name)])).status_code == 200, (view, name)
        if name != "city":  # the root has nothing above it to be edited or moved under
            for view in ("places:edit", "places:move"):
                assert client.get(reverse(view, args=[pk(world, name)])).status_code == 200, (view, name)
    for organisation in ORGANISATION_PLACE:
        for view in ("people:organisation_detail", "people:organisation_edit"):
            assert client.get(reverse(view, args=[pk(world, organisation)])).status_code == 200, (view, organisation)


def test_nobody_gets_404_on_every_route_but_home_and_the_empty_lists(world, as_user):
    client = as_user(world.nobody)
    routes = every_route(world)
    got = {route: send(client, *routes[route]).status_code for route in ROUTES}
    assert got == {route: 200 if route in LISTS | {"home"} else 404 for route in ROUTES}


def test_nobody_sees_a_notice_on_home(world, as_user):
    response = as_user(world.nobody).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["workplaces"] == []
    assert "まだ所属が登録されていません" in response.content.decode()


def test_nobody_finds_nothing_in_the_lists(world, as_user):
    client = as_user(world.nobody)
    places = client.get(reverse("places:list"), {"q": "区"})
    assert list(places.context["places"]) == []
    assert list(client.get(reverse("places:list")).context["roots"]) == []
    organisations = client.get(reverse("people:organisation_list"))
    assert organisations.context["page"].paginator.count == 0
    export = client.get(reverse("places:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert export.strip().splitlines() == ["種別,コード,名称,ふりがな,親コード,緯度,経度,備考"]


def test_nobody_gets_404_on_every_place_organisation_and_person(world, as_user):
    client = as_user(world.nobody)
    urls = []
    for name in ALL_PLACES:
        urls += [reverse(v, args=[pk(world, name)]) for v in ("places:detail", "places:edit", "places:move")]
    for organisation in ORGANISATION_PLACE:
        urls.append(reverse("people:organisation_detail", args=[pk(world, organisation)]))
    for person in ROLES:
        urls.append(reverse("people:person_detail", args=[pk(world, person)]))
    assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}


# --- What the lists contain --------------------------------------------------------------------


def test_organisation_list_of_an_area_coordinator_holds_their_ward_and_nothing_of_another(world, as_user):
    response = as_user(world.minosawa_2so).get(reverse("people:organisation_list"))
    listed = {o.pk for o in response.context["page"].object_list}
    assert listed == {pk(world, o) for o in NAKA_ORGANISATIONS}
    page = response.content.decode()
    for name in ("磯子区社会福祉協議会", "屛風ヶ浦地域ケアプラザ", "久良岐丘自治会", "横浜市社会福祉協議会"):
        assert name not in page
    assert "第7地区社会福祉協議会" in page


def test_organisation_search_does_not_reach_into_another_ward(world, as_user):
    response = as_user(world.minosawa_2so).get(reverse("people:organisation_list"), {"q": "ケアプラザ"})
    names = {o.name for o in response.context["page"].object_list}
    assert names == {"簑沢地域ケアプラザ", "本牧地域ケアプラザ"}


def test_organisation_list_filtered_to_another_wards_place_is_404(world, as_user):
    response = as_user(world.minosawa_2so).get(reverse("people:organisation_list"), {"place": world.isogo.pk})
    assert response.status_code == 404


def test_place_search_of_a_district_officer_finds_their_district_but_not_the_neighbouring_one(world, as_user):
    client = as_user(world.naka_chiku)
    found = [p.name for p in client.get(reverse("places:list"), {"q": "地区"}).context["places"]]
    assert found == ["第6地区"]
    by_kind = [p.name for p in client.get(reverse("places:list"), {"kind": Kind.DISTRICT}).context["places"]]
    assert by_kind == ["第6地区"]
    assert list(client.get(reverse("places:list"), {"q": "第7"}).context["places"]) == []


def test_place_list_of_a_district_officer_starts_at_their_district(world, as_user):
    roots = as_user(world.naka_chiku).get(reverse("places:list")).context["roots"]
    assert [p.pk for p in roots] == [world.d6.pk]


def test_place_search_of_an_area_coordinator_stays_in_their_ward(world, as_user):
    found = {p.name for p in as_user(world.minosawa_2so).get(reverse("places:list"), {"q": "地区"}).context["places"]}
    assert found == {"第6地区", "第7地区"}


def test_place_export_of_an_area_coordinator_holds_their_ward_and_nothing_of_another(world, as_user):
    client = as_user(world.minosawa_2so)
    text = client.get(reverse("places:export"), {"format": "csv", "blocks": "1"}).content.decode("utf-8-sig")
    codes = {line.split(",")[1] for line in text.strip().splitlines()[1:]}
    assert codes == {getattr(world, name).code for name in NAKA}


def test_person_list_of_a_ward_coordinator_holds_their_ward_and_nothing_of_another(world, as_user):
    response = as_user(world.naka_1so).get(reverse("people:person_list"))
    listed = {u.pk for u in response.context["page"].object_list}
    assert listed == {pk(world, p) for p in MANAGES["naka_1so"]}


# --- The home page links only to pages the person may open -----------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_home_opens_for_the_person(world, as_user, role):
    client = as_user(who(world, role))
    page = client.get(reverse("home")).content.decode()
    links = {href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"]*)"', page)}
    links = {href for href in links if not href.startswith("/static/")}
    assert reverse("places:list") in links

    def opens(href):
        # A link may lead on to the one page there is (地域アセスメント → the person's only area), but
        # never to the login page or a 404.
        response = client.get(href, follow=True)
        return "login" if response.request["PATH_INFO"].startswith("/accounts/login") else response.status_code

    assert {href: opens(href) for href in links} == {href: 200 for href in links}


def test_a_ward_coordinator_cannot_manage_a_fellow_ward_coordinator(world, as_user):
    from tsunagu.people.models import Membership, Role, User

    fellow = User.objects.create_user(username="naka-1so-b", password="x-long-password-1")
    Membership.objects.create(user=fellow, organisation=world.naka_council, role=Role.WARD_COORDINATOR)
    client = as_user(world.naka_1so)
    assert client.get(reverse("people:person_detail", args=[fellow.pk])).status_code == 404
    response = client.post(reverse("people:person_set_active", args=[fellow.pk]), {"active": "0"})
    assert response.status_code == 404
    fellow.refresh_from_db()
    assert fellow.is_active
    assert as_user(world.admin).get(reverse("people:person_detail", args=[fellow.pk])).status_code == 200
