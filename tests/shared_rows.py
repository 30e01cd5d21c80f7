"""Rows a test module's tests share: the cast (tests/conftest.py `world`) and what a module builds on
it (an access matrix's things), written once per module and xdist worker instead of once per test.

Why: building a matrix's objects took 0.3–1.8 s a test, and the matrices have 100–340 tests each;
it was over a third of the suite's time.

How: the first test of a module that asks opens a transaction for the module and builds the rows in
it; every test still runs in its own savepoint inside it (pytest-django's `db` nests), rolled back
after the test, so no test sees another's writes; after the module's last test the module's
transaction is rolled back too. Each test gets its own copies of the Python objects
(`copy.deepcopy`, one memo per test, so `world.naka_1so` and `things["author"]` stay one object),
because tests change objects in memory as well as rows.

Only where it is safe, decided for each module when the tests are collected (`mark_modules`):

- no test of the module commits (transactional_db, live_server, the demo fixtures,
  django_db(transaction=True)): a committed test inside the module's open transaction would
  commit nothing and empty the shared rows;
- every test of the module that uses the database uses the cast: a test that makes its own
  accounts would meet the cast's usernames left by an earlier test;
- and, for each fixture made with `shareable`, every such test uses that fixture too: a test
  that did not ask for a module's plans must not find them (「計画はまだない」 would fail).

Elsewhere `world` builds per test as before, and a module fixture that needs `module_world` says
why it cannot have it.
"""

from __future__ import annotations

import copy
import os

import pytest

SAFE_MODULES = pytest.StashKey[set]()
# For each module that may share: the fixtures every one of its database tests uses.
COMMON_FIXTURES = pytest.StashKey[dict]()
# The fixture whose presence in a test's closure means "shares the module's rows".
SHARES = "_module_world"
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return "db" in names or bool(names & TRANSACTIONAL) or item.get_closest_marker("django_db") is not None


def _commits(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & TRANSACTIONAL:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                            or marker.kwargs.get("serialized_rollback")))


def mark_modules(config, items) -> None:
    """Which modules may share rows (the module docstring): kept in the config's stash by path."""
    verdict: dict[str, bool] = {}
    why: dict[str, str] = {}
    common: dict[str, set[str]] = {}
    for item in items:
        path = str(item.path)
        ok = verdict.get(path, True)
        if _uses_database(item):
            if _commits(item) or SHARES not in item.fixturenames:
                ok = False
                why.setdefault(path, f"{item.name}: {'commits' if _commits(item) else 'uses the database without world'}")
            common[path] = common[path] & set(item.fixturenames) if path in common else set(item.fixturenames)
        verdict[path] = ok
    config.stash[SAFE_MODULES] = {path for path, ok in verdict.items() if ok}
    config.stash[COMMON_FIXTURES] = common
    if os.environ.get("TSUNAGU_SHARED_ROWS_REPORT"):  # which modules build per test, and why
        for path, reason in sorted(why.items()):
            print(f"per test: {os.path.relpath(path)} ({reason})")
        # In a module that shares: a shareable fixture some of its database tests use and others
        # not is built for each test that uses it (a test that did not ask must not see its rows).
        for path in sorted(p for p, ok in verdict.items() if ok):
            used = {name for item in items if str(item.path) == path and _uses_database(item)
                    for name in item.fixturenames if name.startswith("_") and name.endswith("_rows")}
            for name in sorted(used - common.get(path, set()) - {"_module_world"}):
                print(f"per test in a sharing module: {os.path.relpath(path)} {name.removeprefix('_').removesuffix('_rows')}")


def module_may_share(request) -> bool:
    return str(request.node.path) in request.config.stash.get(SAFE_MODULES, set())


def every_test_uses(request, fixture: str) -> bool:
    """Does every database test of this module use the fixture (so that its rows may be the module's)?"""
    return fixture in request.config.stash.get(COMMON_FIXTURES, {}).get(str(request.node.path), set())


def why_not(request) -> str:
    return (f"{request.node.path.name} cannot share rows between its tests: a test of it commits (transactional_db, "
            "live_server, demo) or uses the database without the cast (world). See tests/shared_rows.py.")


class ModuleTransaction:
    """The module's open transaction, and the settings its rows are built under: those the
    autouse fixtures give each test (fast password hashing, long work run at once, files in a
    scratch folder, Japanese), which a module fixture cannot have from them."""

    def __init__(self, django_db_blocker, media_root):
        from django.conf import settings
        from django.db import transaction
        from django.test import override_settings

        self._blocker = django_db_blocker
        self._settings = override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            MEDIA_ROOT=media_root,
        )
        self._atomics = []
        self._blocker.unblock()
        try:
            for alias in settings.DATABASES:
                atomic = transaction.atomic(using=alias)
                # As Django's TestCase marks its own: code that opens a durable block still may.
                atomic._from_testcase = True
                atomic.__enter__()
                self._atomics.append((alias, atomic))
        finally:
            self._blocker.restore()

    def build(self, make):
        from django.utils import translation

        self._blocker.unblock()
        try:
            with self._settings, translation.override("ja"):
                return make()
        finally:
            self._blocker.restore()

    def roll_back(self) -> None:
        from django.db import transaction

        self._blocker.unblock()
        try:
            for alias, atomic in reversed(self._atomics):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
        finally:
            self._blocker.restore()


class Copies:
    """One test's copies of shared objects: one deepcopy memo, so an object reached from two
    fixtures is one object in the test, as it was when each test built its own."""

    def __init__(self):
        self._memo: dict = {}

    def __call__(self, value):
        return copy.deepcopy(value, self._memo)


def shareable(name: str, make, needs: tuple[str, ...] = ()):
    """The two fixtures of a shareable builder, to assign in a conftest or test module:

        _listings_rows, listings = shareable("listings", make_listings)
        _things_rows, things = shareable("things", make_things, needs=("listings",))

    `_<name>_rows` (module scope) is make(world, *needed) built once in the module's transaction
    where the module may share rows and every database test of it uses <name>, else None; `<name>` (per test) is this test's copy of it, or,
    where the module may not share, make(world, *needed) built for this test as before. Needed
    fixtures must be shareable ones too (a module fixture cannot wait for a test's)."""
    from inspect import Parameter, Signature

    def params(*names):
        return Signature([Parameter(n, Parameter.POSITIONAL_OR_KEYWORD) for n in names])

    rows_name = f"_{name}_rows"
    needed_rows = [f"_{n}_rows" for n in needs]

    def rows(request, _module_world, _module_transaction, **shared):
        if _module_world is None or not every_test_uses(request, rows_name):
            return None
        return _module_transaction.build(lambda: make(_module_world, *(shared[r] for r in needed_rows)))

    def per_test(world, copies, **fixtures):
        if fixtures[rows_name] is not None:
            return copies(fixtures[rows_name])
        return make(world, *(fixtures[n] for n in needs))

    # pytest reads a fixture's arguments from its signature.
    rows.__signature__ = params("request", "_module_world", "_module_transaction", *needed_rows)
    per_test.__signature__ = params(rows_name, "world", "copies", *needs)
    rows.__doc__ = per_test.__doc__ = make.__doc__
    return pytest.fixture(scope="module", name=rows_name)(rows), pytest.fixture(name=name)(per_test)
