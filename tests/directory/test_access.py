"""Every staff page of the directory, for every account of the cast: who gets the page, who gets
404. The expected reach is written out by hand (README "Access in one sentence"); a new route in
the `directory` namespace fails test_every_route_is_in_the_matrix until it is added here."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import get_resolver, reverse

from tests.shared_rows import shareable
from tsunagu.directory import importers, services
from tsunagu.directory.models import Category, Proposal, Report
from tsunagu.jobs.models import Job

ROLES = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
         "isogo_1so", "byobugaura_2so", "nobody"]
# 簑沢ふれあいサロン sits in 簑沢's CP area, outside 中区's 第6地区 (naka_chiku's district).
READ_SALON = {"admin", "naka_1so", "naka_ward", "minosawa_2so", "minosawa_staff", "naka_cm"}
EDIT_SALON = {"admin", "naka_1so", "minosawa_2so", "minosawa_staff"}
EDIT_SOMEWHERE = {"admin", "naka_1so", "naka_chiku", "minosawa_2so", "minosawa_staff", "isogo_1so", "byobugaura_2so"}
SIGNED_IN = set(ROLES)
ADMIN = {"admin"}
IMPORTER = {"minosawa_2so"}


def make_things(world, listings):
    salon = listings.salon
    services.listing_confirm(listing=salon, by="テスト", how="電話")  # version 1, to restore
    step = services.status_change_add(user=world.naka_1so, listing=salon, status="paused", date=date(2020, 4, 7))
    return {
        "subsidy": services.subsidy_save(user=world.naka_1so, listing=salon, fields={"name": "居場所継続支援金"}),
        "step": step,
        "salon": salon,
        "report": Report.objects.create(listing=salon, kind="outdated"),
        "proposal": Proposal.objects.create(listing=salon, changes={"cost": ["", "100円"]}),
        "category": Category.objects.get(code="salon"),
        # Import jobs are the importer's own: nobody else, not even an administrator, opens them.
        **{step: Job.objects.create(owner=world.minosawa_2so, kind=importers.JOB_KIND, title="取り込み",
                                    state=Job.State.RUNNING, params={"step": step, "path": "", "filename": "x.csv"})
           for step in ("preview", "commit")},
    }


_things_rows, things = shareable("things", make_things, needs=("listings",))


# name: (method, kwargs from things, who gets through, the status they get)
ROUTES = {
    "list": ("get", lambda t: {}, SIGNED_IN, 200),
    "create": ("get", lambda t: {}, EDIT_SOMEWHERE, 200),
    "detail": ("get", lambda t: {"pk": t["salon"].pk}, READ_SALON, 200),
    "edit": ("get", lambda t: {"pk": t["salon"].pk}, EDIT_SALON, 200),
    "confirm": ("post", lambda t: {"pk": t["salon"].pk}, EDIT_SALON, 302),
    "restore": ("post", lambda t: {"pk": t["salon"].pk, "number": 1}, EDIT_SALON, 302),
    "report_resolve": ("post", lambda t: {"pk": t["salon"].pk, "report_pk": t["report"].pk}, EDIT_SALON, 302),
    "proposals": ("get", lambda t: {}, EDIT_SOMEWHERE, 200),
    "proposal": ("get", lambda t: {"pk": t["proposal"].pk}, EDIT_SALON, 200),
    "proposal_decide": ("post", lambda t: {"pk": t["proposal"].pk}, EDIT_SALON, 302),
    "stale": ("get", lambda t: {}, EDIT_SOMEWHERE, 200),
    "stale_send": ("post", lambda t: {}, EDIT_SOMEWHERE, 302),
    "categories": ("get", lambda t: {}, ADMIN, 200),
    "category_create": ("get", lambda t: {}, ADMIN, 200),
    "category_edit": ("get", lambda t: {"pk": t["category"].pk}, ADMIN, 200),
    "category_delete": ("post", lambda t: {"pk": t["category"].pk}, ADMIN, 302),
    "synonyms": ("get", lambda t: {}, ADMIN, 200),
    "import": ("get", lambda t: {}, EDIT_SOMEWHERE, 200),
    "import_mapping": ("get", lambda t: {}, EDIT_SOMEWHERE, 302),  # no file chosen yet: back to the upload
    "import_wait": ("get", lambda t: {"pk": t["preview"].pk}, IMPORTER, 200),
    "import_preview": ("get", lambda t: {"pk": t["preview"].pk}, IMPORTER, 302),  # still running: wait
    "import_done": ("get", lambda t: {"pk": t["commit"].pk}, IMPORTER, 302),
    "export": ("get", lambda t: {}, SIGNED_IN - {"nobody"}, 200),
    "booklet": ("get", lambda t: {}, SIGNED_IN - {"nobody"}, 200),
    "letters": ("get", lambda t: {}, EDIT_SOMEWHERE, 200),
    # 助成金 and 状態の記録 (tests/directory/test_subsidies_and_status.py has their own matrix).
    "subsidy_create": ("get", lambda t: {"pk": t["salon"].pk}, EDIT_SALON, 200),
    "subsidy_edit": ("get", lambda t: {"pk": t["salon"].pk, "subsidy_pk": t["subsidy"].pk}, EDIT_SALON, 200),
    "subsidy_delete": ("get", lambda t: {"pk": t["salon"].pk, "subsidy_pk": t["subsidy"].pk}, EDIT_SALON, 200),
    "status_add": ("get", lambda t: {"pk": t["salon"].pk}, EDIT_SALON, 200),
    "status_delete": ("get", lambda t: {"pk": t["salon"].pk, "change_pk": t["step"].pk}, EDIT_SALON, 200),
}


def test_every_route_is_in_the_matrix():
    names = {name for name in get_resolver().namespace_dict["directory"][1].reverse_dict if isinstance(name, str)}
    assert names - set(ROUTES) == set(), "add the new routes to ROUTES with who may use them"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_through_or_a_404(world, as_user, things, route, role):
    method, kwargs, allowed, status = ROUTES[route]
    url = reverse(f"directory:{route}", kwargs=kwargs(things))
    response = getattr(as_user(getattr(world, role)), method)(url)
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    method, kwargs, _allowed, _status = ROUTES[route]
    response = getattr(client, method)(reverse(f"directory:{route}", kwargs=kwargs(things)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(SIGNED_IN - READ_SALON))
def test_the_list_shows_outsiders_nothing_of_the_salon(world, as_user, things, role):
    names = {item.name for item in as_user(getattr(world, role)).get(reverse("directory:list")).context["page"]}
    assert "簑沢ふれあいサロン" not in names
