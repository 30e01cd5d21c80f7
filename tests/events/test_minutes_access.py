"""Every route of the minutes, follow-ups, review and papers, and わたしのやること, for every account of
the cast: the ward's liaison meeting (place 中区, organised by 中区社協 and 区役所) is read by the ward's
staff and the CPs under it, written by those who write at the ward; a follow-up's owner (簑沢's 2層Co)
opens it and marks it done though they do not organise; another ward, a care manager and an
account without a role get 404. A new route fails test_every_route_is_in_the_matrix until added."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.events.minutes_factory import minutes_world
from tests.records_access import ROLES, assert_sent_to_log_in, route_names
from tests.shared_rows import shareable

READ = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
ORGANISE = {"admin", "naka_1so", "naka_ward"}
OWNER = {"minosawa_2so"}
STAFF = set(ROLES) - {"nobody"}

NONE = lambda t: {}  # noqa: E731
EVENT = lambda t: {"pk": t.meeting.pk}  # noqa: E731
FOLLOWUP = lambda t: {"pk": t.followup.pk}  # noqa: E731
# name: (method, kwargs, POST data, who gets through, the status they get)
ROUTES = {
    "events:minutes": ("get", EVENT, NONE, READ, 200),
    "events:minutes_edit": ("get", lambda t: {"pk": t.meeting.pk, "item": t.item1.pk}, NONE, ORGANISE, 200),
    "events:minutes_edit_general": ("get", EVENT, NONE, ORGANISE, 200),
    "events:minutes_pdf": ("get", EVENT, NONE, READ, 200),
    "events:minutes_xlsx": ("get", EVENT, NONE, READ, 200),
    "events:invitation_pdf": ("get", EVENT, NONE, READ, 200),
    "events:review_edit": ("get", EVENT, NONE, ORGANISE, 200),
    "events:followup_create": ("get", EVENT, NONE, ORGANISE, 200),
    "events:followup_detail": ("get", FOLLOWUP, NONE, READ | OWNER, 200),
    "events:followup_edit": ("get", FOLLOWUP, NONE, ORGANISE, 200),
    "events:followup_delete": ("get", FOLLOWUP, NONE, ORGANISE, 200),
    "events:followup_status": ("post", FOLLOWUP, lambda t: {"status": "doing"}, ORGANISE | OWNER, 302),
    "todo": ("get", NONE, NONE, STAFF, 200),
}


def make_things(world):
    return minutes_world(world)


_things_rows, things = shareable("things", make_things)


def test_every_route_is_in_the_matrix():
    from tests.events import test_minutes_access

    names = {f"events:{name}" for name in route_names("events")}
    mine = {name for name in names if any(word in name for word in ("minutes", "followup", "review", "invitation_pdf"))}
    assert mine - set(test_minutes_access.ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, things, route, role):
    method, kwargs, data, allowed, status = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(things)), data(things))
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    method, kwargs, data, _allowed, _status = ROUTES[route]
    assert_sent_to_log_in(getattr(client, method)(reverse(route, kwargs=kwargs(things)), data(things)))


@pytest.mark.parametrize("role", ["isogo_1so", "byobugaura_2so", "naka_cm"])
def test_outsiders_cannot_write_minutes_or_follow_ups_by_posting(world, as_user, things, role):
    client = as_user(getattr(world, role))
    url = reverse("events:minutes_edit", args=[things.meeting.pk, things.item1.pk])
    assert client.post(url, {"notes": "上書き", "decisions": "", "version": "1"}).status_code == 404
    url = reverse("events:followup_create", args=[things.meeting.pk])
    assert client.post(url, {"what": "x", "owner": world.minosawa_2so.pk}).status_code == 404
    assert client.post(reverse("events:followup_delete", args=[things.followup.pk])).status_code == 404
    things.minutes.refresh_from_db()
    assert "上書き" not in things.minutes.notes
    assert things.meeting.followups.count() == 2


def test_a_reader_who_does_not_organise_sees_no_edit_buttons(world, as_user, things):
    page = as_user(world.naka_chiku).get(reverse("events:minutes", args=[things.meeting.pk])).content.decode()
    assert "各CPの取組報告" in page and "担い手募集チラシの原案を作る" in page
    assert reverse("events:minutes_edit", args=[things.meeting.pk, things.item1.pk]) not in page
    assert reverse("events:followup_create", args=[things.meeting.pk]) not in page


def test_the_owner_of_a_follow_up_cannot_edit_or_delete_it_but_marks_it(world, as_user, things):
    client = as_user(world.minosawa_2so)
    page = client.get(reverse("events:followup_detail", args=[things.followup.pk])).content.decode()
    assert "完了にする" in page
    assert reverse("events:followup_edit", args=[things.followup.pk]) not in page
    # Another person's follow-up: they read it (the event is theirs to see) but may not mark it.
    other = reverse("events:followup_status", args=[things.staff_followup.pk])
    assert client.post(other, {"status": "done"}).status_code == 404
    things.staff_followup.refresh_from_db()
    assert things.staff_followup.status == "todo"


def test_a_cp_events_minutes_are_closed_to_the_next_cp_and_another_ward(world, as_user, things):
    url = reverse("events:minutes", args=[things.cp_event.pk])
    assert as_user(world.minosawa_2so).get(url).status_code == 200
    assert as_user(world.byobugaura_2so).get(url).status_code == 404
    assert as_user(world.isogo_1so).get(url).status_code == 404
