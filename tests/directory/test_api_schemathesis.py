"""The OpenAPI document drives the API: schemathesis generates requests from it (valid and
invalid parameters) and checks every answer against it — no server error, a documented status
code and content type, the documented headers, and a body that matches the response schema
(the HSDS schemas inlined in the document).

The app is called in-process through Django's WSGI handler (schemathesis.openapi.from_wsgi), on
the `listings` fixture's data, inside the test's transaction. Bounded by MAX_EXAMPLES per
operation so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode

from tsunagu.directory import api

MAX_EXAMPLES = 20


# Loading the document calls the app once (the document needs no database); requests made by
# the tests below run inside each test's transaction, on the `listings` fixture's data.
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES)


@pytest.fixture
def data(settings, listings):
    # Django closes "old" connections at the start and end of each request; inside a test's
    # transaction that would drop the fixture data, so do what Django's own test client does.
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield listings
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_answer_matches_the_document(case, data):
    case.call_and_validate()


def real_ids(listings) -> dict[str, list[str]]:
    from tsunagu.directory.models import Category

    public = [listings.taiso, listings.salon, listings.isogo]
    return {
        "/services/{id}": [api.row_id("service", item.pk) for item in public],
        "/service_at_locations/{id}": [api.row_id("service_at_location", item.pk) for item in public],
        "/locations/{id}": [api.row_id("location", item.location_id) for item in public],
        "/organizations/{id}": [api.name_id("organiser", "テストの会")],
        "/taxonomies/{id}": [taxonomy.id for taxonomy in api.TAXONOMIES],
        "/taxonomy_terms/{id}": [api.row_id("taxonomy_term", c.pk) for c in Category.objects.all()[:5]]
        + [feature.id for feature in api.FEATURES[:3]],
    }


def test_real_objects_match_the_document(data):
    listings = data
    # Generated ids are almost never real ones: fetch every kind of real object too, and let
    # schemathesis check those answers (200 with a body) against the document.
    checked = 0
    for path, ids in real_ids(listings).items():
        operation = schema[path]["GET"]
        for value in ids:
            response = operation.Case(path_parameters={"id": value}).call_and_validate()
            assert response.status_code == 200, (path, value)
            checked += 1
    for path, query in [("/services", {"full": "true", "search": "たいそう"}), ("/services", {"per_page": 1, "page": 2}),
                        ("/service_at_locations", {}), ("/organizations", {}), ("/taxonomy_terms", {"per_page": 100})]:
        response = schema[path]["GET"].Case(query=query).call_and_validate()
        assert response.status_code == 200 and response.json()["contents"], (path, query)
        checked += 1
    assert checked == sum(len(ids) for ids in real_ids(listings).values()) + 5


def test_a_wrong_answer_would_be_caught(data, monkeypatch):
    listings = data
    # The checks are not vacuous: an answer that breaks HSDS (a status HSDS does not know)
    # fails schemathesis's response-schema check.
    from tsunagu.directory import models

    monkeypatch.setitem(models.HSDS_STATUS, models.Status.ACTIVE, "open")
    monkeypatch.setattr(api, "HSDS_STATUS", models.HSDS_STATUS)
    case = schema["/services/{id}"]["GET"].Case(path_parameters={"id": api.row_id("service", listings.taiso.pk)})
    with pytest.raises(BaseExceptionGroup) as caught:
        case.call_and_validate()
    assert any("Response violates schema" in str(failure) for failure in caught.value.exceptions)

