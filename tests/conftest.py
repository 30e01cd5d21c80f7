"""The cast every test can use: two wards of one city, each with CP areas and districts, the
organisations that work there, and one account for each role — plus an outsider from the
other ward. Names follow the casebook (中区 簑沢, 磯子区 屛風ヶ浦)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import settings

from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place

PASSWORD = "correct-horse-battery-9"

# Property tests check what a function gives, not how fast: on a 2-core machine running several
# test workers (and other work), one example can take longer than Hypothesis's 200 ms deadline
# without anything being wrong, and that failure would not come back on a rerun.
settings.register_profile("tsunagu", deadline=None)
settings.load_profile("tsunagu")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The world fixture creates ten accounts; the production hasher takes ~0.4 s for each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Tests of one database's own machinery (SQLite's FTS triggers, a PostgreSQL function) are
    left out of the other database's run — deselected and counted as such, not skipped: the suite
    runs on both databases, so each such test runs in one of the two runs."""
    from django.db import connection

    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_on")
        (drop if marker and connection.vendor not in marker.args else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _japanese_first():
    # A request in English leaves English active in this thread (LocaleMiddleware activates, and
    # nothing deactivates); every test starts in the site's own language, whatever ran before it.
    from django.utils import translation

    translation.activate("ja")
    yield
    translation.activate("ja")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives a test's rolled-back transaction: what one test's rows put there (the
    # public search's choices, a cached page) must not answer the next test.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _jobs_inline_and_files_apart(settings, tmp_path):
    # Long work runs at once, inside the test's transaction (the task framework's immediate
    # backend); what it writes goes to a scratch folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _browser_available(request):
    # Browser tests need Debian's Chromium. In CI they must run; elsewhere they skip with a reason.
    if request.node.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the browser tests, but {CHROMIUM} is missing")
        pytest.skip("Chromium not installed: apt-get install chromium")


def place(kind, code, name, parent=None, **kw):
    return Place.objects.create(kind=kind, code=code, name=name, parent=parent, **kw)


def org(kind, name, at):
    return Organisation.objects.create(kind=kind, name=name, place=at)


def account(username, organisation=None, role=None, districts=(), **kw):
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username, **kw)
    if organisation is not None:
        m = Membership.objects.create(user=user, organisation=organisation, role=role)
        if districts:
            m.districts.set(districts)
    return user


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.city = place(Kind.CITY, "14100", "横浜市")
    w.naka = place(Kind.WARD, "14104", "中区", w.city)
    w.isogo = place(Kind.WARD, "14107", "磯子区", w.city)
    w.minosawa = place(Kind.CP_AREA, "14104-CP01", "簑沢地域ケアプラザ", w.naka)
    w.honmoku = place(Kind.CP_AREA, "14104-CP02", "本牧地域ケアプラザ", w.naka)
    w.byobugaura = place(Kind.CP_AREA, "14107-CP01", "屛風ヶ浦地域ケアプラザ", w.isogo)
    w.d6 = place(Kind.DISTRICT, "14104-D006", "第6地区", w.minosawa)
    w.d7 = place(Kind.DISTRICT, "14104-D007", "第7地区", w.honmoku)
    w.isogo_d = place(Kind.DISTRICT, "14107-D001", "森地区", w.byobugaura)
    w.kuraki = place(Kind.ASSOCIATION, "14107-D001-A01", "久良岐丘自治会", w.isogo_d)
    w.block = place(Kind.BLOCK, "14104-簑沢", "簑沢", w.d6, latitude=35.4248, longitude=139.6350)

    w.city_council = org(OrganisationKind.CITY_COUNCIL, "横浜市社会福祉協議会", w.city)
    w.naka_council = org(OrganisationKind.WARD_COUNCIL, "中区社会福祉協議会", w.naka)
    w.naka_office = org(OrganisationKind.WARD_OFFICE, "中区役所", w.naka)
    w.minosawa_cp = org(OrganisationKind.CARE_PLAZA, "簑沢地域ケアプラザ", w.minosawa)
    w.honmoku_cp = org(OrganisationKind.CARE_PLAZA, "本牧地域ケアプラザ", w.honmoku)
    w.d6_council = org(OrganisationKind.DISTRICT_COUNCIL, "第6地区社会福祉協議会", w.d6)
    w.d7_council = org(OrganisationKind.DISTRICT_COUNCIL, "第7地区社会福祉協議会", w.d7)
    w.naka_care = org(OrganisationKind.CARE_OFFICE, "中ケアプランセンター", w.naka)
    w.isogo_council = org(OrganisationKind.WARD_COUNCIL, "磯子区社会福祉協議会", w.isogo)
    w.byobugaura_cp = org(OrganisationKind.CARE_PLAZA, "屛風ヶ浦地域ケアプラザ", w.byobugaura)
    w.kuraki_org = org(OrganisationKind.ASSOCIATION, "久良岐丘自治会", w.kuraki)

    w.admin = account("admin", w.city_council, Role.CITY_ADMIN)
    w.naka_1so = account("naka-1so", w.naka_council, Role.WARD_COORDINATOR)
    w.naka_ward = account("naka-ward", w.naka_office, Role.WARD_OFFICE)
    w.naka_chiku = account("naka-chiku", w.naka_council, Role.DISTRICT_OFFICER, districts=[w.d6])
    w.minosawa_2so = account("minosawa-2so", w.minosawa_cp, Role.AREA_COORDINATOR)
    w.minosawa_staff = account("minosawa-staff", w.minosawa_cp, Role.CP_STAFF)
    w.naka_cm = account("naka-cm", w.naka_care, Role.VIEWER)
    w.isogo_1so = account("isogo-1so", w.isogo_council, Role.WARD_COORDINATOR)
    w.byobugaura_2so = account("byobugaura-2so", w.byobugaura_cp, Role.AREA_COORDINATOR)
    w.nobody = account("nobody")
    return w


@pytest.fixture
def as_user(client):
    """Log the test client in as a user: as_user(world.naka_1so)."""

    def login(user):
        client.force_login(user)
        return client

    return login
