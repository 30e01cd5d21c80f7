"""copy_create: COPY on PostgreSQL, bulk_create elsewhere — the same rows either way."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tsunagu.directory.models import ImportMapping
from tsunagu.lib.bulk import copy_create
from tsunagu.places.models import Kind, Place

AWKWARD = ["tab\there", "new\nline", "back\\slash", 'quote"s', "", "﨑 髙 𠮷", "\\N", "カンマ,と；"]


def test_rows_are_written_with_their_keys_and_values(db):
    before = timezone.now()
    mappings = [ImportMapping(header_key=f"k{i}", headers=AWKWARD, mapping={"名前": text, "n": i, "x": None},
                              categories=[]) for i, text in enumerate(AWKWARD)]
    written = copy_create(ImportMapping, mappings)
    assert written == mappings and all(m.pk and not m._state.adding for m in mappings)
    stored = {m.pk: m for m in ImportMapping.objects.all()}
    assert sorted(stored) == sorted(m.pk for m in mappings)
    for mapping, text in zip(mappings, AWKWARD, strict=True):
        again = stored[mapping.pk]
        assert (again.header_key, again.headers, again.mapping) == (mapping.header_key, AWKWARD,
                                                                    {"名前": text, "n": mapping.mapping["n"], "x": None})
        assert again.updated_at >= before and again.updated_by is None  # auto_now set, NULL kept


def test_keys_come_from_the_table_so_later_rows_get_new_ones(db):
    city = Place.objects.create(kind=Kind.CITY, code="14100", name="横浜市")
    wards = copy_create(Place, [Place(kind=Kind.WARD, code=f"w{i}", name=f"区{i}", parent=city) for i in range(3)])
    later = Place.objects.create(kind=Kind.WARD, code="w9", name="区9", parent=city)
    assert later.pk not in {w.pk for w in wards} and len({w.pk for w in wards}) == 3
    assert list(Place.objects.filter(parent=city).order_by("code").values_list("name", flat=True)) == \
        ["区0", "区1", "区2", "区9"]


def test_a_refused_row_writes_nothing_of_the_batch(db):
    ImportMapping.objects.create(header_key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_create(ImportMapping, [ImportMapping(header_key="new"), ImportMapping(header_key="same")])
    assert list(ImportMapping.objects.values_list("header_key", flat=True)) == ["same"]


def test_nothing_to_write_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert copy_create(ImportMapping, []) == []

