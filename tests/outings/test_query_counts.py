"""The lists of outings, companies and surveys read their rows in a fixed number of queries, however
many there are (no query a row)."""

from __future__ import annotations

from datetime import date, time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.surveys.factory import build_survey
from tsunagu.outings import services
from tsunagu.outings.models import Vehicle


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _outing(world, n):
    services.outing_create(user=world.minosawa_2so, place=world.d6, title=f"お買物ツアー {n}", group_name="サロン",
                           destination_name="横浜南部市場", destination_address="金沢区鳥浜町1-1", organiser="地区社協",
                           days=[{"date": date(2026, 10, 14 + n), "arrive_by": time(10), "leave_at": time(12)}])


def _company(world, n):
    company = services.company_save(user=world.naka_1so, company=None, place=world.naka, name=f"交通{n}",
                                    phone="045-000-0001", districts=[world.d6])
    Vehicle.objects.create(company=company, name="セダン", seats=4, count=2)


def _grows(client, url, add) -> tuple[int, int]:
    add(0)
    client.get(url)  # caches warmed (the menu, the places)
    one = _queries(client, url)
    for n in range(1, 6):
        add(n)
    return one, _queries(client, url)


def test_the_outings_list_does_not_query_per_outing(world, as_user):
    one, six = _grows(as_user(world.minosawa_2so), reverse("outings:list"), lambda n: _outing(world, n))
    assert six == one


def test_the_companies_list_does_not_query_per_company(world, as_user):
    one, six = _grows(as_user(world.naka_1so), reverse("outings:companies"), lambda n: _company(world, n))
    assert six == one


def test_the_surveys_list_does_not_query_per_survey(world, as_user):
    add = lambda n: build_survey(world.naka, user=world.naka_1so, title=f"アンケート{n}")  # noqa: E731
    one, six = _grows(as_user(world.naka_1so), reverse("surveys:list"), add)
    assert six == one
