"""Every route of 催し for every account of the cast (tests/conftest.py world): who gets the page
and who gets 404 — another ward's staff, a care manager (viewer), an account without a role, and a
2層Co or CP staff of another CP where the event is that CP's own. Ward-level events (the liaison
meeting) are seen by the ward's 2層Co and CP staff too; they are changed by those who write at the
ward. A new route fails test_every_route_is_in_the_matrix until it is written down here.

Each test loops over the roles inside one set-up (the cast is built once per route), and every
request runs in a transaction rolled back after it, so one role's write is not the next one's
starting point."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from tests.shared_rows import shareable
from tsunagu.events.models import Event

ROLES = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
         "isogo_1so", "byobugaura_2so", "nobody"]
ANY = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "isogo_1so",
       "byobugaura_2so"}
NAKA_READERS = {"admin", "naka_1so", "naka_ward", "naka_chiku"}
NAKA_WRITERS = {"admin", "naka_1so", "naka_ward"}
MINOSAWA = {"minosawa_2so", "minosawa_staff"}
# Who sees and who changes each event of the cast.
SEE = {"meeting": NAKA_READERS | MINOSAWA, "salon": NAKA_READERS | MINOSAWA, "honmoku": NAKA_READERS,
       "isogo": {"admin", "isogo_1so", "byobugaura_2so"}}
CHANGE = {"meeting": NAKA_WRITERS, "salon": NAKA_WRITERS | MINOSAWA, "honmoku": NAKA_WRITERS,
          "isogo": {"admin", "isogo_1so"}}
EVENTS = sorted(SEE)


def event_pk(name):
    return lambda c: {"pk": getattr(c, name).pk}


def participant(name):
    def kwargs(c):
        event = getattr(c, name)
        p = event.participants.first() or event.participants.create(name="山田 花子")
        return {"pk": event.pk, "participant": p.pk}
    return kwargs


def ok(roles, status=200):
    return {role: status for role in roles}


NONE = lambda c: {}  # noqa: E731
# name: (method, kwargs, data, {role: status}); every other role gets 404.
WARD_ROUTES = {
    "events:list": ("get", NONE, NONE, ok(ANY)),
    "events:create": ("get", NONE, NONE, ok(ANY)),
    "events:calendar": ("get", NONE, lambda c: {"ward": c.naka_pk}, ok(NAKA_READERS | MINOSAWA)),
    "events:calendar_ics": ("get", NONE, lambda c: {"ward": c.naka_pk}, ok(NAKA_READERS | MINOSAWA)),
    "events:calendar_feed": ("get", NONE, lambda c: {"ward": c.naka_pk}, ok(NAKA_READERS | MINOSAWA)),
    "events:kinds": ("get", NONE, NONE, ok(NAKA_WRITERS | {"isogo_1so"})),
    "events:kind_create": ("get", NONE, lambda c: {"ward": c.naka_pk}, ok(NAKA_WRITERS)),
    "events:kind_edit": ("get", lambda c: {"pk": c.naka_kind.pk}, NONE, ok(NAKA_WRITERS)),
}
# name: (method, kwargs for an event, data, which set: SEE or CHANGE)
EVENT_ROUTES = {
    "events:detail": ("get", event_pk, NONE, SEE),
    "events:ics": ("get", event_pk, NONE, SEE),
    "events:participants_xlsx": ("get", event_pk, NONE, SEE),
    "events:edit": ("get", event_pk, NONE, CHANGE),
    "events:delete": ("get", event_pk, NONE, CHANGE),
    "events:participants": ("get", event_pk, NONE, CHANGE),
    "events:agenda_create": ("get", event_pk, NONE, CHANGE),
    "events:participant_remove": ("get", participant, NONE, CHANGE),
    "events:attendance": ("post", participant, lambda c: {"attendance": "attended"}, CHANGE),
    "events:participant_answer": ("post", participant, lambda c: {"answer": "yes"}, CHANGE),
    "events:head_counts": ("post", event_pk, lambda c: {
        "heads-TOTAL_FORMS": "1", "heads-INITIAL_FORMS": "0", "heads-0-label": "住民", "heads-0-number": "30"}, CHANGE),
}
POST_REDIRECTS = {"events:attendance", "events:participant_answer", "events:head_counts"}
# The invited person's answer and the presenter's own agenda item: by who they are, on top of the roles.
SPECIAL = {
    "events:answer": ("get", lambda c: {"pk": c.meeting.pk}, NONE, ok({"minosawa_2so"})),
    "events:agenda_edit": ("get", lambda c: {"pk": c.meeting.pk, "item": c.item.pk}, NONE,
                           ok(NAKA_WRITERS | {"minosawa_2so"})),
    "events:agenda_delete": ("get", lambda c: {"pk": c.meeting.pk, "item": c.item.pk}, NONE, ok(NAKA_WRITERS)),
}
# A calendar application's read: no login, the address is the key (tests/events/test_calendar_feed.py:
# who reads what through it, made-up addresses, stopped ones).
BY_ADDRESS = {"events:feed"}


def request_as(client, user, method, url, data):
    """One request, its writes rolled back."""
    client.force_login(user)
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


def make_things(world, cast):
    cast.naka_pk = world.naka.pk
    return cast


_things_rows, things = shareable("things", make_things, needs=("cast",))


def test_every_route_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["events"][1]
    names = {f"events:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    # The minutes, follow-ups, review and papers have their own matrix (test_minutes_access.py).
    from tests.events.test_minutes_access import ROUTES as MINUTES_ROUTES

    assert names - set(WARD_ROUTES) - set(EVENT_ROUTES) - set(SPECIAL) - set(MINUTES_ROUTES) - BY_ADDRESS == set()


@pytest.mark.parametrize("route", sorted({**WARD_ROUTES, **SPECIAL}))
def test_each_role_gets_a_page_or_a_404(world, client, things, route):
    method, kwargs, data, allowed = {**WARD_ROUTES, **SPECIAL}[route]
    url = reverse(route, kwargs=kwargs(things))
    got = {role: request_as(client, getattr(world, role), method, url, data(things)).status_code for role in ROLES}
    assert got == {role: allowed.get(role, 404) for role in ROLES}


@pytest.mark.parametrize("route", sorted(EVENT_ROUTES))
def test_each_role_reaches_an_event_only_where_it_may(world, client, things, route):
    method, kwargs, data, who = EVENT_ROUTES[route]
    success = 302 if route in POST_REDIRECTS else 200
    for event in EVENTS:
        url = reverse(route, kwargs=kwargs(event)(things))
        got = {role: request_as(client, getattr(world, role), method, url, data(things)).status_code for role in ROLES}
        assert got == {role: success if role in who[event] else 404 for role in ROLES}, event


def test_only_those_who_change_an_event_delete_it(world, client, things):
    for event in EVENTS:
        target = getattr(things, event)
        url = reverse("events:delete", args=[target.pk])
        for role in ROLES:
            client.force_login(getattr(world, role))
            with transaction.atomic():
                response = client.post(url)
                gone = not Event.objects.filter(pk=target.pk).exists()
                transaction.set_rollback(True)
            assert (response.status_code, gone) == ((302, True) if role in CHANGE[event] else (404, False)), (event, role)


@pytest.mark.parametrize("route", sorted({**WARD_ROUTES, **EVENT_ROUTES, **SPECIAL}))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    method, kwargs, data, _who = {**WARD_ROUTES, **EVENT_ROUTES, **SPECIAL}[route]
    kw = kwargs("meeting")(things) if route in EVENT_ROUTES else kwargs(things)
    response = getattr(client, method)(reverse(route, kwargs=kw), data(things))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_list_shows_each_person_only_what_they_see(world, client, things):
    titles = {name: getattr(things, name).title for name in EVENTS}
    for role in ROLES:
        client.force_login(getattr(world, role))
        shown = set()
        for when in ("upcoming", "past"):
            response = client.get(reverse("events:list"), {"when": when})
            if response.status_code == 200:
                shown |= {e.title for e in response.context["page"]}
        assert shown == {titles[n] for n in EVENTS if role in SEE[n]}, role


def test_the_menu_shows_events_to_those_who_read_them(world, client, things):
    for role in ROLES:
        client.force_login(getattr(world, role))
        labels = [item["label"] for item in client.get(reverse("home")).context["nav"]]
        assert ("催し" in labels) == (role in ANY), role
