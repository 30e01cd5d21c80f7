"""Every route of the liaison app (区の一覧, 連絡会資料, 連絡会の記録, 記録をさがす), for every account of
the cast: who gets the page, who gets 404, anonymous visitors sent to log in. The ward view of 中区
is for those who read the records of every CP of 中区 — the 1層Co, 区役所, the district officer, a
2層Co, the city; a CP's staff read only their CP, a care manager none of the records, and 磯子区's
people nothing of 中区. Liaison meetings are events of the kind 連絡会 at the ward (issue 13): recorded,
edited and deleted on the event screens by those who write events at the ward — the 1層Co, 区役所 and
the city. A new route fails test_every_route_is_in_the_matrix until it is written down here."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tsunagu.events.models import EventKind
from tsunagu.liaison.models import meetings_of

ROLES = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
         "isogo_1so", "byobugaura_2so", "nobody"]
NAKA_WARD = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so"}
KEEP_MEETINGS = {"admin", "naka_1so", "naka_ward"}
# Those who write events somewhere else get the form back with the place refused, and nothing saved.
WRITE_EVENTS_ELSEWHERE = {"naka_chiku", "minosawa_2so", "minosawa_staff", "isogo_1so", "byobugaura_2so"}
RECORDS_ANYWHERE = NAKA_WARD | {"minosawa_staff", "isogo_1so", "byobugaura_2so"}
# 区の一覧 (liaison:index) takes a person with one ward straight to it; the city's administrator chooses.
INDEX = {"admin": 200, **{r: 302 for r in RECORDS_ANYWHERE - {"admin", "minosawa_staff"}}}


def only(roles: set[str], status: int) -> dict[str, int]:
    return {role: status for role in roles}


NONE = lambda t: {}  # noqa: E731
WARD = lambda t: {"ward": t.naka.pk}  # noqa: E731
# name: (method, kwargs, POST data, {role: status}; every other role gets 404)
ROUTES = {
    "liaison:index": ("get", NONE, NONE, INDEX),
    "liaison:search": ("get", NONE, lambda t: {"q": "サロン"}, only(RECORDS_ANYWHERE, 200)),
    "liaison:ward": ("get", WARD, NONE, only(NAKA_WARD, 200)),
    "liaison:pack_xlsx": ("get", WARD, NONE, only(NAKA_WARD, 200)),
    # The PDF is made as a job: the answer is the way to its progress page.
    "liaison:pack_pdf": ("post", WARD, lambda t: {"query": "period=year"}, only(NAKA_WARD, 302)),
    "liaison:meetings": ("get", WARD, NONE, only(NAKA_WARD, 200)),
}
# Writes, beside the pages that hold their forms.
WRITES = {
    "add a meeting": ("events:create", NONE, lambda t: {
        "title": "臨時の連絡会", "place": t.naka.pk, "kind": EventKind.objects.liaison().get().pk,
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0", "sessions-0-date": "2026-11-20"},
        {**only(KEEP_MEETINGS, 302), **only(WRITE_EVENTS_ELSEWHERE, 200)}),
    "edit a meeting": ("events:edit", lambda t: {"pk": t.meeting.pk}, lambda t: {
        "title": "生活支援Co連絡会（第8回）", "place": t.naka.pk, "kind": t.meeting.kind_id, "version": t.meeting.version,
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "1", "sessions-0-date": f"{t.meeting.starts_on}"},
        only(KEEP_MEETINGS, 302)),
    "delete a meeting": ("events:delete", lambda t: {"pk": t.meeting.pk}, NONE, only(KEEP_MEETINGS, 302)),
}


@pytest.fixture
def things(world, ward_records):
    world.meeting = ward_records.meeting
    return world


def test_every_route_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["liaison"][1]
    names = {f"liaison:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert names - set(ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, things, route, role):
    method, kwargs, data, allowed = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == allowed.get(role, 404)


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_write_at_the_ward_record_edit_or_delete_meetings(world, as_user, things, write, role):
    route, kwargs, data, allowed = WRITES[write]
    before = _meetings(things)
    response = as_user(getattr(world, role)).post(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == allowed.get(role, 404)
    assert (_meetings(things) != before) == (role in KEEP_MEETINGS)


def _meetings(things) -> list:
    return list(meetings_of(things.naka).order_by("pk").values_list("pk", "title", "version"))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    method, kwargs, data, _allowed = ROUTES[route]
    response = getattr(client, method)(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("write", sorted(WRITES))
def test_anonymous_writes_change_nothing(client, things, write):
    route, kwargs, data, _allowed = WRITES[write]
    before = _meetings(things)
    response = client.post(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _meetings(things) == before


def test_isogo_people_are_sent_to_their_own_ward(world, as_user, things):
    for user in (world.isogo_1so, world.byobugaura_2so):
        response = as_user(user).get(reverse("liaison:index"))
        assert response["Location"] == reverse("liaison:ward", kwargs={"ward": world.isogo.pk})


def test_asking_the_index_for_another_wards_view_is_a_404(world, as_user, things):
    client = as_user(world.isogo_1so)
    assert client.get(reverse("liaison:index"), {"ward": world.naka.pk}).status_code == 404
    assert as_user(world.naka_1so).get(reverse("liaison:index"), {"ward": world.naka.pk}).status_code == 302


def test_the_ward_view_of_a_cp_area_or_a_district_is_a_404(world, as_user, things):
    client = as_user(world.naka_1so)
    for place in (world.minosawa, world.d6, world.city):
        assert client.get(reverse("liaison:ward", kwargs={"ward": place.pk})).status_code == 404


def test_another_wards_meeting_cannot_be_chosen_as_the_start_of_new(world, as_user, things):
    from tsunagu.liaison import services

    isogo_meeting = services.meeting_create(user=world.isogo_1so, ward=world.isogo, date=things.meeting.starts_on,
                                            title="磯子区の連絡会")
    response = as_user(world.naka_1so).get(reverse("liaison:ward", kwargs={"ward": world.naka.pk}),
                                           {"meeting": isogo_meeting.pk})
    assert response.status_code == 200
    assert response.context["summary"].meeting == things.meeting
    assert "磯子区の連絡会" not in response.content.decode()


def test_the_menu_shows_the_ward_view_only_to_whole_ward_readers(world, as_user, things):
    for role in ROLES:
        response = as_user(getattr(world, role)).get(reverse("home"))
        labels = [item["label"] for item in response.context["nav"]]
        assert ("区の一覧" in labels) == (role in NAKA_WARD | {"isogo_1so", "byobugaura_2so"}), role
        assert ("記録をさがす" in labels) == (role in RECORDS_ANYWHERE), role


def test_the_menu_marks_only_the_page_a_person_is_on(world, as_user, things):
    client = as_user(world.naka_1so)
    for url, label in ((reverse("liaison:search"), "記録をさがす"),
                       (reverse("liaison:ward", kwargs={"ward": world.naka.pk}), "区の一覧")):
        current = [item["label"] for item in client.get(url).context["nav"] if item["current"]]
        assert current == [label]
