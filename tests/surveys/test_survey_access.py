"""Every staff route of アンケート for every account of the cast (tests/conftest.py world): who gets
the page and who gets 404. Surveys are scoped like records: a care manager (viewer), an account
without a role and another ward's staff get 404; a CP's own staff reach their CP's surveys only.
The public answer pages take answers by token, without login, and show no results
(test_answering.py). A new route fails test_every_route_is_in_the_matrix until it is written here.

Every request runs in a transaction rolled back after it, so one role's write is not the next
one's starting point."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from tests.surveys.factory import answer_data
from tsunagu.surveys.models import Survey

ROLES = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
         "isogo_1so", "byobugaura_2so", "nobody"]
ANY = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "isogo_1so",
       "byobugaura_2so"}
NAKA_READERS = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so"}
# Who reads and who changes each survey of the cast (tests/surveys/conftest.py).
SEE = {"naka": NAKA_READERS, "minosawa": NAKA_READERS | {"minosawa_staff"},
       "isogo": {"admin", "isogo_1so", "byobugaura_2so"}}
CHANGE = {"naka": {"admin", "naka_1so", "naka_ward"},
          "minosawa": {"admin", "naka_1so", "naka_ward", "minosawa_2so", "minosawa_staff"},
          "isogo": {"admin", "isogo_1so", "byobugaura_2so"}}
NONE = lambda s: {}  # noqa: E731


def survey(s):
    return {"pk": s.survey.pk}


# name: (method, kwargs for a survey of the cast, data, SEE or CHANGE, success status)
ROUTES = {
    "surveys:detail": ("get", survey, NONE, SEE, 200),
    "surveys:preview": ("get", survey, NONE, SEE, 200),
    "surveys:paper_pdf": ("get", survey, NONE, SEE, 200),
    "surveys:edit": ("get", survey, NONE, CHANGE, 200),
    "surveys:delete": ("get", survey, NONE, CHANGE, 200),
    "surveys:links_pdf": ("get", survey, NONE, CHANGE, 200),
    "surveys:paper_entry": ("get", survey, NONE, CHANGE, 200),
    "surveys:paper_undo": ("post", survey, NONE, CHANGE, 302),
    "surveys:question_add": ("post", survey, lambda s: {"text": "追加の質問", "kind": "short"}, CHANGE, 302),
    "surveys:link_add": ("post", survey, lambda s: {"name": "追加のリンク"}, CHANGE, 302),
    "surveys:group_links_add": ("post", survey, lambda s: {"lines": "けやき会"}, CHANGE, 302),
    "surveys:question_edit": ("get", lambda s: {"pk": s.shop.pk}, NONE, CHANGE, 200),
    "surveys:question_move": ("post", lambda s: {"pk": s.want.pk, "direction": "up"}, NONE, CHANGE, 302),
    "surveys:question_delete": ("post", lambda s: {"pk": s.comment.pk}, NONE, CHANGE, 302),
    "surveys:lines_add": ("post", lambda s: {"pk": s.shop.pk, "what": "choices"}, lambda s: {"text": "わからない"},
                          CHANGE, 302),
    "surveys:choice_change": ("post", lambda s: {"pk": s.hill.pk, "op": "down"}, NONE, CHANGE, 302),
    "surveys:row_change": ("post", lambda s: {"pk": s.rows[0].pk, "op": "down"}, NONE, CHANGE, 302),
    "surveys:link_toggle": ("post", lambda s: {"pk": s.link.pk}, NONE, CHANGE, 302),
    # 集計 (result_views.py) and imports (import_views.py).
    "surveys:results": ("get", survey, NONE, SEE, 200),
    "surveys:results_export": ("get", survey, NONE, SEE, 200),
    "surveys:xlsform_export": ("get", survey, NONE, SEE, 200),
    "surveys:texts": ("get", lambda s: {"pk": s.survey.pk, "question": s.comment.pk}, NONE, SEE, 200),
    "surveys:text_tag": ("post", lambda s: {"pk": s.survey.pk, "question": s.comment.pk, "answer": _text(s).pk},
                         lambda s: {"tag": "移動"}, CHANGE, 302),
    "surveys:import_answers": ("get", survey, NONE, CHANGE, 200),
}
# Pages of an import's job, which belong to the person who started it: tests/surveys/test_imports.py.
JOB_PAGES = {"surveys:import_preview", "surveys:import_commit"}


def _text(s):
    """A free-text answer of the survey to tag (made once)."""
    from tsunagu.surveys import services
    from tsunagu.surveys.services import Given

    found = s.comment.answers.first()
    if found is None:
        services.record_response(s.survey, {s.comment.pk: Given(text="バスが少ない")}, via="paper")
        found = s.comment.answers.first()
    return found
LISTS = {
    "surveys:list": ANY,
    "surveys:create": ANY,
    "surveys:import_xlsform": ANY,
}


def request_as(client, user, method, url, data):
    client.force_login(user)
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


def test_every_route_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["surveys"][1]
    names = {f"surveys:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert names - set(ROUTES) - set(LISTS) - JOB_PAGES == set()


# With the cast's surveys present, as in every other test here: the module's rows are then built
# once for all its tests (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("cast")
@pytest.mark.parametrize("route", sorted(LISTS))
def test_each_role_gets_the_list_or_a_404(world, client, route):
    url = reverse(route)
    got = {role: request_as(client, getattr(world, role), "get", url, {}).status_code for role in ROLES}
    assert got == {role: 200 if role in LISTS[route] else 404 for role in ROLES}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_role_reaches_a_survey_only_where_it_may(world, client, cast, route):
    method, kwargs, data, who, success = ROUTES[route]
    for name in SEE:
        s = getattr(cast, name)
        url = reverse(route, kwargs=kwargs(s))
        got = {role: request_as(client, getattr(world, role), method, url, data(s)).status_code for role in ROLES}
        assert got == {role: success if role in who[name] else 404 for role in ROLES}, name


def test_only_those_who_change_a_survey_delete_it(world, client, cast):
    for name in SEE:
        target = getattr(cast, name).survey
        url = reverse("surveys:delete", args=[target.pk])
        for role in ROLES:
            client.force_login(getattr(world, role))
            with transaction.atomic():
                response = client.post(url)
                gone = not Survey.objects.filter(pk=target.pk).exists()
                transaction.set_rollback(True)
            assert (response.status_code, gone) == ((302, True) if role in CHANGE[name] else (404, False)), (name, role)


@pytest.mark.parametrize("route", sorted({**ROUTES, **LISTS}))
def test_anonymous_visitors_are_sent_to_log_in(client, cast, route):
    if route in LISTS:
        method, url, data = "get", reverse(route), {}
    else:
        method, kwargs, data_of, _who, _ok = ROUTES[route]
        url, data = reverse(route, kwargs=kwargs(cast.naka)), data_of(cast.naka)
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_list_shows_each_person_only_what_they_see(world, client, cast):
    for role in ROLES:
        client.force_login(getattr(world, role))
        response = client.get(reverse("surveys:list"))
        shown = {s.title for s in response.context["surveys"]} if response.status_code == 200 else set()
        assert shown == {getattr(cast, n).survey.title for n in SEE if role in SEE[n]}, role


@pytest.mark.usefixtures("cast")
def test_the_menu_shows_surveys_to_those_who_read_them(world, client):
    for role in ROLES:
        client.force_login(getattr(world, role))
        labels = [item["label"] for item in client.get(reverse("home")).context["nav"]]
        assert ("アンケート" in labels) == (role in ANY), role


def test_a_public_link_accepts_answers_without_login_and_reaches_nothing_else(client, cast):
    s = cast.isogo
    assert client.post(reverse("survey_answer", args=[s.link.token]), answer_data(s)).status_code == 302
    # The token opens the answer page only: not the survey's staff pages.
    assert client.get(reverse("surveys:detail", args=[s.survey.pk])).status_code == 302
    assert client.get(f"/a/{s.link.token}/results/").status_code == 404


def test_a_staff_member_of_another_ward_cannot_type_paper_answers_in(world, client, cast):
    s = cast.isogo
    client.force_login(world.naka_1so)
    response = client.post(reverse("surveys:paper_entry", args=[s.survey.pk]), answer_data(s, prefix="a"))
    assert response.status_code == 404 and not s.survey.responses.exists()


def test_respondents_names_are_read_by_staff_of_the_place_only_and_each_look_is_recorded(world, client, cast):
    from tsunagu.audit.models import AuditEntry
    from tsunagu.surveys import services

    s = cast.minosawa
    s.survey.anonymous = False
    s.survey.save()
    client.post(reverse("survey_answer", args=[s.link.token]), {**answer_data(s), "respondent_name": "簑沢 一郎"})
    readers = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
    for role in ROLES:
        before = AuditEntry.objects.filter(action="access.look").count()
        names = services.names_for(getattr(world, role), s.survey)
        after = AuditEntry.objects.filter(action="access.look").count()
        assert (list(names.values()) == ["簑沢 一郎"]) == (role in readers), role
        assert after - before == (1 if role in readers else 0), role
