"""The module-shared rows of tests/shared_rows.py keep each test apart: whichever of these tests
runs first (the order is random), the other would fail if rows or objects leaked between them, and
the cast's rows are one set for the module (the same primary keys in every test)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.shared_rows import shareable
from tsunagu.people.models import User
from tsunagu.places.models import Kind, Place

SEEN_PKS: set[int] = set()


def make_extra(world):
    return Place.objects.create(kind=Kind.DISTRICT, code="14104-D099", name="共有の地区", parent=world.minosawa)


_extra_rows, extra = shareable("extra", make_extra)


@pytest.mark.parametrize("run", ["first", "second", "third"])
def test_one_tests_rows_and_objects_are_not_the_next_ones(world, extra, _extra_rows, run):
    # The shared rows are there, built once for the module: this test has its own copy of them.
    assert _extra_rows is not None and extra is not _extra_rows and extra.pk == _extra_rows.pk
    SEEN_PKS.add(extra.pk)
    assert len(SEEN_PKS) == 1
    assert Place.objects.filter(pk=extra.pk, name="共有の地区").exists()
    # This test runs in a savepoint inside the module's open transaction.
    assert connection.in_atomic_block
    # Nothing an earlier test wrote or changed is here.
    assert not User.objects.filter(username="left-behind").exists()
    assert User.objects.get(pk=world.naka_1so.pk).display_name == "naka-1so"
    assert world.naka_1so.display_name == "naka-1so"
    assert extra.name == "共有の地区"
    # Each test's own copy: one object, however it is reached.
    assert extra.parent_id == world.minosawa.pk

    User.objects.create_user(username="left-behind", password="x")
    world.naka_1so.display_name = "changed in memory"
    world.naka_1so.save()
    extra.name = "changed"
    extra.save()
