"""Who reaches which screen of プロジェクト, over the role matrix: the ward's staff by place, the
team's members — even accounts with no staff role — by membership, and everyone else a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Reading: the ward's staff by place (a 2層Co of another CP of the ward too, as with memos), the
# city's administrator, and the team — the 自治会長 and the supermarket by membership alone.
READERS = ["admin", "isogo_1so", "isogo_ward", "byobugaura_2so", "yokodai_2so", "kuraki_chair", "market_staff"]
OUTSIDERS = ["naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm", "nobody"]
# Steering (edit, members, milestones): staff whose role reaches the place; not the partners.
STEERERS = ["admin", "isogo_1so", "isogo_ward", "byobugaura_2so"]
NOT_STEERERS = ["yokodai_2so", "kuraki_chair", "market_staff", "naka_1so", "nobody"]
# The shared log: the team's members only, whatever their role.
LOGGERS = ["isogo_1so", "byobugaura_2so", "kuraki_chair", "market_staff"]
NOT_LOGGERS = ["admin", "isogo_ward", "yokodai_2so", "naka_1so", "nobody"]


def _urls(w):
    p = w.project.pk
    return {
        "detail": reverse("projects:detail", args=[p]),
        "export": reverse("projects:export", args=[p]),
        "entry": reverse("projects:entry_detail", args=[p, w.entry.pk]),
    }


def _steer_urls(w):
    p = w.project.pk
    return [reverse("projects:edit", args=[p]), reverse("projects:member_add", args=[p]),
            reverse("projects:milestone_create", args=[p]), reverse("projects:milestone_edit", args=[p, w.launch.pk]),
            reverse("projects:milestone_delete", args=[p, w.launch.pk]),
            reverse("projects:member_remove", args=[p, w.project.members.get(user=w.market_staff).pk])]


def _log_urls(w):
    p = w.project.pk
    return [reverse("projects:entry_create", args=[p]), reverse("projects:entry_edit", args=[p, w.entry.pk]),
            reverse("projects:entry_delete", args=[p, w.entry.pk])]


@pytest.mark.parametrize("who", READERS)
def test_readers_see_the_project_its_log_and_its_export(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for name, url in _urls(isogo).items():
        assert client.get(url).status_code == 200, name
    listing = client.get(reverse("projects:list"))
    assert listing.status_code == 200
    assert isogo.project.title in listing.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for url in [*_urls(isogo).values(), *_steer_urls(isogo), *_log_urls(isogo)]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("projects:list"))
    assert listing.status_code in (200, 404)
    assert isogo.project.title not in listing.content.decode()


@pytest.mark.parametrize("who", STEERERS)
def test_staff_whose_role_reaches_the_place_steer_it(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for url in _steer_urls(isogo):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", NOT_STEERERS)
def test_partners_and_other_cps_do_not_steer(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for url in _steer_urls(isogo):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", LOGGERS)
def test_the_team_writes_in_the_log(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for url in _log_urls(isogo):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", NOT_LOGGERS)
def test_those_not_on_the_team_do_not_write_in_the_log(isogo, as_user, who):
    client = as_user(getattr(isogo, who))
    for url in _log_urls(isogo):
        assert client.get(url).status_code == 404, url
    comment = reverse("projects:comment_add", args=[isogo.project.pk, isogo.entry.pk])
    assert client.post(comment, {"body": "見ました"}).status_code == 404
    assert not isogo.entry.comments.exists()


def test_only_those_who_may_set_one_up_see_the_new_project_form(isogo, as_user):
    url = reverse("projects:create")
    for who in ["admin", "isogo_1so", "isogo_ward", "byobugaura_2so", "yokodai_2so", "naka_1so"]:
        assert as_user(getattr(isogo, who)).get(url).status_code == 200, who
    for who in ["kuraki_chair", "market_staff", "naka_cm", "nobody"]:
        assert as_user(getattr(isogo, who)).get(url).status_code == 404, who


def test_a_partner_sees_only_the_projects_they_are_on(isogo, as_user):
    from tsunagu.projects import services

    other = services.project_create(user=isogo.isogo_1so, title="洋光台 サロンの立ち上げ", place=isogo.yokodai)
    client = as_user(isogo.kuraki_chair)
    assert client.get(reverse("projects:detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("projects:list")).content.decode()
    assert isogo.project.title in page and other.title not in page
    # Removed from the team, the partner's account reaches the project no more.
    isogo.project.members.filter(user=isogo.kuraki_chair).delete()
    assert client.get(reverse("projects:detail", args=[isogo.project.pk])).status_code == 404


def test_the_navigation_leads_the_team_and_the_wards_staff_to_projects(isogo, as_user):
    url = reverse("projects:list")
    for who in ["isogo_1so", "yokodai_2so", "kuraki_chair"]:
        nav = as_user(getattr(isogo, who)).get(reverse("home")).context["nav"]
        assert url in [item["url"] for item in nav], who
    for who in ["naka_cm", "nobody"]:
        nav = as_user(getattr(isogo, who)).get(reverse("home")).context["nav"]
        assert url not in [item["url"] for item in nav], who


def test_the_wards_own_stages_are_edited_by_its_ward_staff_and_the_defaults_by_the_city(isogo, as_user):
    from tsunagu.projects.models import ProjectStage

    url = reverse("projects:stages")
    assert as_user(isogo.isogo_1so).get(url).status_code == 200
    for who in ["byobugaura_2so", "kuraki_chair", "naka_cm", "nobody"]:
        assert as_user(getattr(isogo, who)).get(url).status_code == 404, who
    client = as_user(isogo.isogo_1so)
    create = reverse("projects:stage_create") + f"?ward={isogo.isogo.pk}"
    assert client.post(create, {"name": "見守りへ展開", "order": 60, "active": "on"}).status_code == 302
    added = ProjectStage.objects.get(name="見守りへ展開")
    assert added.ward == isogo.isogo
    # Another ward's 1層Co neither sees nor edits it; nobody but the city edits the defaults.
    assert as_user(isogo.naka_1so).get(reverse("projects:stage_edit", args=[added.pk])).status_code == 404
    assert as_user(isogo.naka_1so).get(reverse("projects:stage_create") + f"?ward={isogo.isogo.pk}").status_code == 404
    default = ProjectStage.objects.get(ward=None, name="試行")
    assert client.get(reverse("projects:stage_edit", args=[default.pk])).status_code == 404
    assert as_user(isogo.admin).post(reverse("projects:stage_edit", args=[default.pk]),
                                     {"name": "試行", "order": 30}).status_code == 302
    assert not ProjectStage.objects.get(pk=default.pk).active
    # The ward's stage is offered on its projects' forms.
    form = client.get(reverse("projects:edit", args=[isogo.project.pk])).context["form"]
    assert added in form.fields["stage"].queryset
