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

    # make test runs the browser tests in one of its two runs (TSUNAGU_BROWSER_TESTS_ON, set by the
    # Makefile): they drive pages, and the same pages on the other database are what the rest of
    # the suite checks there. Unset (a pytest run by hand), every run has them.
    browser_on = os.environ.get("TSUNAGU_BROWSER_TESTS_ON", connection.vendor)
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_on")
        elsewhere = marker and connection.vendor not in marker.args
        browser_elsewhere = browser_on != connection.vendor and item.get_closest_marker("browser")
        (drop if elsewhere or browser_elsewhere else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep

    from tests.shared_rows import mark_modules

    mark_modules(config, items)


# How make test's xdist workers share the tests (Makefile TEST_DIST, pyproject addopts --dist
# loadgroup): test by test, except that the tests of a class go to one worker together — the suite's
# classes are there for a costly class fixture (the demo for the search tests, load_demo three times),
# which would otherwise run on every worker that gets one of their tests — and so do those of the
# modules named here (a module fixture: a migrated database for `manage.py serve`). xdist's own
# xdist_group marker cannot do this under pytest 9: it renames the test ids through an attribute
# pytest 9 no longer reads, and the groups silently fall apart.
ONE_WORKER_MODULES = ("tests/jobs/test_serve.py",)


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ClassesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module, _, rest = nodeid.partition("::")
            if module in ONE_WORKER_MODULES:
                return module
            if rest.startswith("Test") and "::" in rest:
                return f"{module}::{rest.split('::', 1)[0]}"
            return nodeid

    return ClassesTogether(config, log)


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


@pytest.fixture(scope="module")
def _module_transaction(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's open transaction where its tests may share rows (tests/shared_rows.py), else None."""
    from tests.shared_rows import ModuleTransaction, module_may_share

    if not module_may_share(request):
        yield None
        return
    shared = ModuleTransaction(django_db_blocker, tmp_path_factory.mktemp("media"))
    # A transactional test before this module empties the lists the migrations seed.
    shared.build(seed_memo_kinds_and_stages)
    yield shared
    shared.roll_back()


@pytest.fixture(scope="module")
def _module_world(_module_transaction):
    # Built before any test's savepoint: a module fixture is set up before a test's own fixtures.
    return _module_transaction.build(build_world) if _module_transaction else None


@pytest.fixture(scope="module")
def module_world(request, _module_world, _module_transaction):
    """The cast, for a module fixture that builds on it (tests/shared_rows.py)."""
    from tests.shared_rows import why_not

    if _module_world is None:
        raise pytest.UsageError(why_not(request))
    return _module_world


@pytest.fixture(scope="module")
def module_build(request, _module_transaction):
    """build(make): run make() to write a module's shared rows, under the tests' settings."""
    from tests.shared_rows import why_not

    if _module_transaction is None:
        raise pytest.UsageError(why_not(request))
    return _module_transaction.build


@pytest.fixture
def copies():
    """copies(value): this test's own copy of a shared object (one memo for the whole test)."""
    from tests.shared_rows import Copies

    return Copies()


@pytest.fixture
def world(_module_world, db, copies):
    """The cast: shared by the module's tests where it may be (tests/shared_rows.py), else built
    for this test."""
    return copies(_module_world) if _module_world is not None else build_world()


def build_world() -> SimpleNamespace:
    """The cast (the module docstring), written to the database; the world fixture, and class
    fixtures that share one world between their tests (tests/directory/test_booklet.py)."""
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


# The Yokohama demo for the tests that need it whole (the browser tests, the search over the demo):
# built once per run (by one xdist worker, for all of them) and kept as rows (tests/snapshot.py),
# then put back into the worker's own database for each test or class that asks, instead of built
# again — building it takes 45 s and more on the 2-core machine.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _snapshot(name, request, tmp_path_factory, django_db_blocker, build):
    """The snapshot `name`: built by the first xdist worker of the run that needs it and kept in a
    file beside the workers' temporary folders; the other workers wait for it and read it (every
    worker's test database is made by the same migrations, so the same rows fit each)."""
    import fcntl
    import pickle

    from django.db import connection
    from django.test import override_settings

    from tests.snapshot import Snapshot

    def make():
        # Built before the per-test settings fixtures apply: hash the demo's passwords as the tests
        # check them (_fast_password_hashing above), or no one could log in.
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
            return Snapshot.build(build)

    if not hasattr(request.config, "workerinput"):  # not under xdist: this process alone
        return make()
    shared = tmp_path_factory.getbasetemp().parent  # the run's workers' folders are in one folder
    path = shared / f"{name}-{connection.vendor}.pickle"
    with open(shared / f"{name}-{connection.vendor}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return pickle.loads(path.read_bytes())
        snapshot = make()
        path.write_bytes(pickle.dumps(snapshot))
        return snapshot


# The lists data migrations seed: memo kinds and stages, event kinds, project stages. A transactional
# test (the browser tests) empties them with every table, and the next test in that worker would
# find an empty 種類 list or no 連絡会.
SEEDED_LISTS = ["tsunagu.memos.migrations.0002_default_kinds_and_stages", "tsunagu.events.migrations.0002_default_kinds",
                "tsunagu.projects.migrations.0002_default_stages", "tsunagu.outings.migrations.0002_city_tariff"]


def seed_memo_kinds_and_stages() -> None:
    """The lists the migrations seed (SEEDED_LISTS), again: the demo's memos, meetings and
    projects are filed under them."""
    import importlib

    from django.apps import apps

    for module in SEEDED_LISTS:
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(scope="session")
def _demo_snapshot(request, tmp_path_factory, django_db_setup, django_db_blocker):
    """The demo (DemoBuilder: places, organisations, accounts, listings) as rows; the build
    itself is rolled back."""
    from tsunagu.demo.yokohama import DemoBuilder

    def build():
        builder = DemoBuilder()
        builder.build()
        return builder

    return _snapshot("demo", request, tmp_path_factory, django_db_blocker, build)


@pytest.fixture(scope="session")
def _demo_records_snapshot(request, tmp_path_factory, _demo_snapshot, django_db_blocker):
    """The demo and its coordinators' records (what load_demo writes: memos, sheets, district
    plans, hearings, liaison meetings) as rows: the demo's rows put back, then the records
    written once per process rather than for each test (tsunagu/demo/records.py)."""
    from tsunagu.demo import records

    def build():
        _demo_snapshot.restore()
        seed_memo_kinds_and_stages()
        records.load_records()
        return _demo_snapshot.result

    return _snapshot("demo-records", request, tmp_path_factory, django_db_blocker, build)


def _restore(snapshot):
    from django.core.cache import cache

    snapshot.restore()
    cache.clear()
    return snapshot.result


@pytest.fixture
def demo(transactional_db, _demo_snapshot):
    """The whole Yokohama demo: its rows put back, committed, for each test (a test's writes are
    emptied with the database after it, as before)."""
    return _restore(_demo_snapshot)


@pytest.fixture
def demo_records(transactional_db, _demo_records_snapshot):
    """The demo with its records, put back committed for each test like `demo`."""
    return _restore(_demo_records_snapshot)


# --- The test databases: migrated once per run -------------------------------------------------
# Each xdist worker has a database of its own (test_tsunagu_gw0, …), and migrating one from
# nothing costs 40 s and more of the 2-core machine's time. The first worker to set up migrates
# its database as Django does and keeps a copy of it (SQLite: the in-memory database's pages
# written to a file; PostgreSQL: a template database); the others start from that copy. The copy is
# taken right after Django's own create_test_db, so it holds exactly what migrate made (tables,
# triggers, the seeded lists); where it cannot be used, a worker migrates as before.


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request, tmp_path_factory, django_db_blocker):
    made: list = []  # the PostgreSQL templates this worker made, dropped when it is done
    if hasattr(request.config, "workerinput"):
        from django.db import connections

        shared = tmp_path_factory.getbasetemp().parent  # the run's workers' folders are in one folder
        for connection in connections.all():
            _start_from_a_migrated_copy(connection, shared, made)
    yield
    for connection, template in made:
        with django_db_blocker.unblock(), connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, tmp_path_factory) -> str | None:
    """The run's migrated copy for a test that starts processes on a database of its own (the
    kill -9 test, serve): a SQLite file to copy, or a PostgreSQL template's name; None where
    there is none (not under xdist, or not made), and the test migrates as before."""
    from django.db import connection

    kept = tmp_path_factory.getbasetemp().parent / f"migrated-{connection.alias}-{connection.vendor}"
    if not kept.exists():
        return None
    return str(kept) if connection.vendor == "sqlite" else kept.read_text()


def _start_from_a_migrated_copy(connection, shared, made: list) -> None:
    import fcntl
    import sqlite3

    from django.conf import settings

    creation = connection.creation
    migrate = creation.create_test_db
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    kept = shared / f"migrated-{connection.alias}-{vendor}"  # SQLite: the pages; PostgreSQL: a mark
    lock_path = shared / f"migrated-{connection.alias}-{vendor}.lock"

    def template_name() -> str:
        return f"{creation._get_test_db_name().rsplit('_gw', 1)[0]}_migrated"

    def use(name: str) -> None:
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name

    def from_copy(verbosity, autoclobber, serialize, keepdb) -> str:
        name = creation._get_test_db_name()
        if vendor == "sqlite":
            if not creation.is_in_memory_db(name):
                raise LookupError("a file database: migrated as usual")
            creation._create_test_db(verbosity, autoclobber, keepdb)
            use(name)
            connection.ensure_connection()
            with sqlite3.connect(kept) as source:
                source.backup(connection.connection)
        else:
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)} "
                               f"TEMPLATE {connection.ops.quote_name(template_name())}")
            use(name)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        connection.ensure_connection()
        return name

    def keep(name: str) -> None:
        if vendor == "sqlite":
            if not creation.is_in_memory_db(name):
                return
            partial = kept.with_suffix(".partial")
            connection.ensure_connection()
            with sqlite3.connect(partial) as target:
                connection.connection.backup(target)
            partial.rename(kept)
        else:
            connection.close()  # a template may have no one connected to it
            with creation._nodb_cursor() as cursor:
                template = connection.ops.quote_name(template_name())
                cursor.execute(f"DROP DATABASE IF EXISTS {template}")
                cursor.execute(f"CREATE DATABASE {template} TEMPLATE {connection.ops.quote_name(name)}")
            kept.write_text(template_name())
            made.append((connection, template_name()))
            connection.ensure_connection()

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if kept.exists():
                try:
                    return from_copy(verbosity, autoclobber, serialize, keepdb)
                except Exception:  # noqa: BLE001 — the copy is a shortcut; migrate as Django does
                    pass
            name = migrate(verbosity, autoclobber, serialize, keepdb)
            if not kept.exists():
                keep(name)
            return name

    creation.create_test_db = create_test_db
