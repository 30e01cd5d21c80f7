from __future__ import annotations

from tsunagu.lib.pagination import CappedPaginator
from tsunagu.places.models import Kind, Place


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(45)), 20, cap=100)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (45, False, 3)


def test_a_long_list_stops_counting_at_the_cap():
    paginator = CappedPaginator(list(range(5000)), 20, cap=100)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (100, True, 5)
    assert list(paginator.page(5).object_list) == list(range(80, 100))


def test_a_queryset_is_counted_with_a_limit(db, django_assert_max_num_queries):
    city = Place.objects.create(kind=Kind.CITY, code="1", name="市")
    for i in range(12):
        Place.objects.create(kind=Kind.WARD, code=f"w{i}", name=f"区{i}", parent=city)
    paginator = CappedPaginator(Place.objects.filter(kind=Kind.WARD).order_by("code"), 5, cap=10)
    with django_assert_max_num_queries(1):
        assert (paginator.count, paginator.capped) == (10, True)
    exact = CappedPaginator(Place.objects.filter(kind=Kind.WARD), 5, cap=12)
    assert (exact.count, exact.capped) == (12, False)
