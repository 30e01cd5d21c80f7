"""The open-data API: HSDS 3.0 answers, public listings only, search and paging as on the site.

Every answer is validated against the HSDS 3.0 JSON Schemas copied in tests/data/hsds-3.0 (a
referencing registry resolves their "phone.json"-style $refs; formats such as uuid, uri and
date-time are checked, not only types).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.directory.conftest import make_listing
from tsunagu.directory import api
from tsunagu.directory.models import Category, Status
from tsunagu.people.models import Organisation, OrganisationKind

HSDS = Path(__file__).resolve().parents[1] / "data" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
REGISTRY = Registry().with_resources(
    (BASE + path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
    for path in (HSDS / "schema").glob("*.json")
)
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def hsds_errors(instance, name: str) -> list[str]:
    validator = Draft202012Validator({"$ref": BASE + name + ".json"}, registry=REGISTRY,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def assert_hsds(instance, name: str) -> None:
    errors = hsds_errors(instance, name)
    assert not errors, errors


def get(client, name, *args, **params):
    response = client.get(reverse(f"api:{name}", args=args), params)
    assert response["Content-Type"] == "application/json"
    return response


def ok(client, name, *args, **params) -> dict:
    response = get(client, name, *args, **params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def page(client, name, **params) -> dict:
    data = ok(client, name, **params)
    assert set(data) == PAGE_KEYS
    return data


def names(data: dict) -> set[str]:
    return {item["name"] for item in data["contents"]}


def sid(listing) -> str:
    return api.row_id("service", listing.pk)


def every_answer(client, listings) -> list[dict]:
    """Everything the API publishes about the fixture's world, as JSON."""
    found = [ok(client, "root"), page(client, "services", full="true", per_page=100),
             page(client, "service_at_locations", per_page=100), page(client, "organizations", per_page=100),
             page(client, "taxonomies"), page(client, "taxonomy_terms", per_page=100)]
    for item in found[1]["contents"]:
        found.append(ok(client, "service", item["id"]))
    for item in found[2]["contents"]:
        found += [ok(client, "service_at_location", item["id"]), ok(client, "location", item["location_id"])]
    for item in found[3]["contents"]:
        found.append(ok(client, "organization", item["id"]))
    return found


# --- the schemas and the registry -------------------------------------------------------------


def test_hsds_own_examples_pass_and_broken_ones_fail():
    # Shows the registry resolves every $ref and formats are checked: a wrong status, a
    # non-UUID id deep inside and a bad date-time must each be caught.
    example = json.loads((HSDS / "json" / "service_full.json").read_text())
    assert_hsds(example, "service")
    assert_hsds(json.loads((HSDS / "json" / "organization_full.json").read_text()), "organization")
    broken = json.loads(json.dumps(example))
    broken["status"] = "open"
    broken["service_at_locations"][0]["location"]["id"] = "not-a-uuid"
    broken["last_modified"] = "yesterday"
    broken["url"] = "not a uri"
    errors = hsds_errors(broken, "service")
    assert any(e.startswith("status:") for e in errors)
    assert any(e.startswith("service_at_locations/0/location/id:") for e in errors)
    assert any(e.startswith("last_modified:") for e in errors)
    assert any(e.startswith("url:") for e in errors)


# --- services ---------------------------------------------------------------------------------


def test_services_list_only_public_listings_and_validate(client, listings):
    data = page(client, "services")
    assert names(data) == {"いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"}
    for item in data["contents"]:
        assert_hsds(item, "service")
        assert "schedules" not in item  # the list has the one-to-one fields only
    full = page(client, "services", full="true")
    for item in full["contents"]:
        assert_hsds(item, "service")
        assert item["schedules"]


def test_a_service_is_fully_nested_and_valid(client, world, listings):
    listings.salon.public_phone, listings.salon.public_contact_name = "045-000-1234", "簑沢ふれあいの会 山田"
    listings.salon.description, listings.salon.application = "お茶とおしゃべり", "不要・直接会場へ"
    listings.salon.languages = ["ja", "やさしい日本語"]
    listings.salon.save()
    location = listings.salon.location
    location.address, location.postal_code, location.block = "横浜市中区簑沢1-2", "231-0000", world.block
    location.accessibility, location.transportation = "段差なし・多目的トイレあり", "簑沢バス停から徒歩2分"
    location.save()

    data = ok(client, "service", sid(listings.salon))
    assert_hsds(data, "service")
    assert data["name"] == "簑沢ふれあいサロン" and data["alternate_name"] == "みのさわふれあいさろん"
    assert data["status"] == "active"
    assert data["assured_date"] == timezone.localdate(listings.salon.confirmed_at).isoformat()
    assert data["url"].endswith(reverse("public:listing", args=[listings.salon.pk]))
    assert data["fees_description"] == "無料"
    assert data["cost_options"][0]["amount"] == 0 and data["cost_options"][0]["currency"] == "JPY"
    assert data["application_process"] == "不要・直接会場へ"
    assert data["organization"]["name"] == "テストの会"
    assert data["phones"][0]["number"] == "045-000-1234"
    assert data["contacts"][0]["name"] == "簑沢ふれあいの会 山田"
    assert [(lang.get("code"), lang["name"]) for lang in data["languages"]] == [("ja", "日本語"), (None, "やさしい日本語")]
    (schedule,) = data["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "MONTHLY", "2TH,4TH", "10:00+09:00", "12:00+09:00")
    assert schedule["description"] == "毎月第2・第4木曜 10:00〜12:00"
    (at,) = data["service_at_locations"]
    assert at["location"]["name"] == "簑沢ふれあいサロンの会場"
    assert at["location"]["transportation"] == "簑沢バス停から徒歩2分"
    assert at["location"]["accessibility"][0]["description"] == "段差なし・多目的トイレあり"
    (address,) = at["location"]["addresses"]
    assert (address["address_1"], address["city"], address["state_province"], address["postal_code"],
            address["country"]) == ("簑沢1-2", "横浜市中区", "神奈川県", "231-0000", "JP")
    terms = {a["taxonomy_term"]["name"] for a in data["attributes"]}
    assert {"サロン", "無料", "対象：どなたでも"} <= terms
    assert "中区" in data["service_areas"][0]["name"]


def test_status_reason_date_and_changes_are_mapped(client, listings):
    listings.taiso.status, listings.taiso.status_reason = Status.PAUSED, "会場の改修のため休止中"
    listings.taiso.save()
    data = ok(client, "service", sid(listings.taiso))
    assert_hsds(data, "service")
    assert data["status"] == "temporarily closed"
    assert data["alert"] == "会場の改修のため休止中"
    listings.taiso.status = Status.PLANNED
    listings.taiso.save()
    assert ok(client, "service", sid(listings.taiso))["status"] == "inactive"


def test_hidden_listings_are_never_listed_nor_fetchable(client, listings):
    for hidden in (listings.staff_only, listings.draft, listings.ended):
        for kind, name in (("service", "service"), ("service_at_location", "service_at_location")):
            response = get(client, name, api.row_id(kind, hidden.pk))
            assert response.status_code == 404
            assert response.json()["error"] == "not_found" and response.json()["message_en"]
        assert get(client, "location", api.row_id("location", hidden.location_id)).status_code == 404
        assert page(client, "services", search=hidden.name)["total_items"] == 0
        assert hidden.name not in names(page(client, "services", per_page=100))
        assert hidden.name not in {i["service"]["name"] for i in page(client, "service_at_locations")["contents"]}


def test_private_fields_never_leave_the_api(client, world, listings):
    secret = {"staff_contact": "代表者の自宅 090-9999-0001", "internal_note": "内部メモ：鍵は管理人室",
              "confirmed_by": "確認者ヒミツ太郎", "confirmed_how": "電話でヒミツ確認"}
    for listing in (listings.taiso, listings.salon, listings.isogo):
        for field, value in secret.items():
            setattr(listing, field, value)
        listing.responsible = world.minosawa_2so
        listing.save()
    organisation = Organisation.objects.create(kind=OrganisationKind.ASSOCIATION, name="簑沢町内会", place=world.d6,
                                               phone="045-111-9999", email="kaicho@example.jp", note="会長の自宅")
    listings.taiso.organisation = organisation
    listings.taiso.save()
    text = json.dumps(every_answer(client, listings), ensure_ascii=False)
    assert "簑沢町内会" in text
    for value in [*secret.values(), "045-111-9999", "kaicho@example.jp", "会長の自宅", "minosawa-2so"]:
        assert value not in text
    for hidden in (listings.staff_only, listings.draft, listings.ended):
        assert hidden.name not in text and hidden.location.name not in text


def test_logged_in_staff_see_the_same_open_data(client, world, listings):
    anonymous = page(client, "services")
    for user in (world.admin, world.naka_1so, world.minosawa_2so, world.isogo_1so, world.byobugaura_2so, world.nobody):
        client.force_login(user)
        assert page(client, "services") == anonymous
        assert get(client, "service", sid(listings.staff_only)).status_code == 404
        client.logout()


# --- search and filters -----------------------------------------------------------------------


def test_search_finds_by_reading_width_and_two_characters_like_the_public_site(client, world, listings):
    make_listing(world.d7, "南部市場お買物ツアー", kana="なんぶしじょうおかいものつあー", categories=["kaimono"])
    assert names(page(client, "services", search="たいそう")) == {"いきいき体操"}
    assert names(page(client, "services", search="ﾀｲｿｳ")) == {"いきいき体操"}
    assert names(page(client, "services", search="体操")) == {"いきいき体操"}
    assert names(page(client, "services", search="買物")) == {"南部市場お買物ツアー"}
    assert names(page(client, "services", search="サロン 簑沢")) == {"簑沢ふれあいサロン"}
    assert page(client, "services", search="")["total_items"] == 4
    site = {item.name for item in client.get(reverse("index"), {"q": "さろん"}).context["page"]}
    assert names(page(client, "services", search="さろん")) == site == {"簑沢ふれあいサロン"}


def test_search_ignores_control_characters_and_refuses_very_long_text(client, listings):
    assert names(page(client, "services", search="体操\x00")) == {"いきいき体操"}
    response = get(client, "services", search="あ" * 201)
    assert response.status_code == 400
    assert response.json()["parameter"] == "search" and "200文字" in response.json()["message"]


def term_id(code: str) -> str:
    return api.row_id("taxonomy_term", Category.objects.get(code=code).pk)


def feature_id(code: str) -> str:
    return next(f.id for f in api.FEATURES if f.code == code)


def test_taxonomy_term_filter_takes_a_category_its_pillar_or_a_feature(client, listings):
    assert names(page(client, "services", taxonomy_term_id=term_id("taiso"))) == {"いきいき体操"}
    assert names(page(client, "services", taxonomy_term_id=term_id("kouryu"))) == {"いきいき体操", "簑沢ふれあいサロン"}
    assert names(page(client, "services", taxonomy_term_id=feature_id("free"))) == {"簑沢ふれあいサロン"}
    assert names(page(client, "services", taxonomy_term_id=feature_id("intensity-2"))) == {"いきいき体操"}
    assert names(page(client, "services", taxonomy_term_id=term_id("haishoku"))) == set()  # only staff-only
    assert page(client, "services", taxonomy_term_id="00000000-0000-4000-8000-000000000000")["total_items"] == 0
    response = get(client, "services", taxonomy_term_id="taiso")
    assert response.status_code == 400 and response.json()["parameter"] == "taxonomy_term_id"
    assert "UUID" in response.json()["message"]


def test_organization_and_modified_after_filters(client, world, listings):
    organisation = Organisation.objects.create(kind=OrganisationKind.DISTRICT_COUNCIL, name="第6地区社協", place=world.d6)
    listings.taiso.organisation = organisation
    listings.taiso.save()
    assert names(page(client, "services", organization_id=api.row_id("organization", organisation.pk))) == {"いきいき体操"}
    organiser = api.name_id("organiser", "テストの会")
    assert names(page(client, "services", organization_id=organiser)) == {"簑沢ふれあいサロン", "久良岐丘移動販売"}
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert page(client, "services", modified_after=later)["total_items"] == 0
    assert page(client, "services", modified_after="2000-01-01T00:00:00+09:00")["total_items"] == 3
    for bad in ("2026-13-01T00:00:00Z", "yesterday", "2026-04-01"):
        assert get(client, "services", modified_after=bad).status_code == 400


# --- paging -----------------------------------------------------------------------------------


def test_paging_is_right_at_the_edges(client, world, listings):
    for i in range(2):
        make_listing(world.d6, f"追加の会{i}", kana=f"ついかのかい{i}")
    # five public services: pages of two are 2, 2, 1
    first = page(client, "services", per_page=2)
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (5, 3, 1, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    middle = page(client, "services", per_page=2, page=2)
    assert not middle["first_page"] and not middle["last_page"] and middle["size"] == 2
    last = page(client, "services", per_page=2, page=3)
    assert last["last_page"] and last["size"] == 1 and not last["empty"]
    beyond = page(client, "services", per_page=2, page=4)
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"] and beyond["size"] == 0
    seen = [item["id"] for p in (first, middle, last) for item in p["contents"]]
    assert len(seen) == len(set(seen)) == 5
    exact = page(client, "services", per_page=5)
    assert exact["total_pages"] == 1 and exact["first_page"] and exact["last_page"]
    assert page(client, "services", per_page=100)["size"] == 5
    nothing = page(client, "services", search="存在しないことば")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"]) == (0, 0, True)


@pytest.mark.parametrize("params", [{"per_page": "0"}, {"per_page": "101"}, {"page": "0"}, {"page": "abc"},
                                    {"page": "-1"}, {"page": ""}, {"page": "100001"}, {"full": "yes"}])
def test_bad_paging_parameters_are_a_400_in_japanese_and_english(client, listings, params):
    response = get(client, "services", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["error"] == "invalid_parameter"
    assert body["parameter"] == next(iter(params))
    assert any("\u3040" <= ch <= "\u30ff" for ch in body["message"])  # Japanese kana
    assert body["message_en"].isascii()
    assert response["Cache-Control"] == "no-store"


# --- service at location, locations, organizations --------------------------------------------


def test_service_at_locations_and_locations_validate(client, world, listings):
    data = page(client, "service_at_locations")
    assert {item["service"]["name"] for item in data["contents"]} == {"いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"}
    for item in data["contents"]:
        assert_hsds(item, "service_at_location")
        assert_hsds(item["service"], "service")
        detail = ok(client, "service_at_location", item["id"])
        assert_hsds(detail, "service_at_location")
        assert detail["schedules"] and detail["service"]["id"] == item["service_id"]
        location = ok(client, "location", item["location_id"])
        assert_hsds(location, "location")
        assert location == item["location"]
    assert {i["service"]["name"] for i in page(client, "service_at_locations", search="いどうはんばい")["contents"]} == {
        "久良岐丘移動販売"}


def test_a_listing_without_a_location_has_no_service_at_location(client, listings):
    listings.isogo.location = None
    listings.isogo.save()
    assert ok(client, "service", sid(listings.isogo))["service_at_locations"] == []
    assert get(client, "service_at_location", api.row_id("service_at_location", listings.isogo.pk)).status_code == 404
    assert page(client, "service_at_locations")["total_items"] == 2


def test_organizations_are_only_those_running_a_public_listing(client, world, listings):
    runs_public = Organisation.objects.create(kind=OrganisationKind.ASSOCIATION, name="屛風ヶ浦自治会", place=world.isogo_d,
                                              website="https://example.jp/byobugaura")
    runs_hidden = Organisation.objects.create(kind=OrganisationKind.ASSOCIATION, name="秘密の会", place=world.d6)
    listings.isogo.organisation = runs_public
    listings.isogo.save()
    listings.staff_only.organisation = runs_hidden
    listings.staff_only.save()
    listings.draft.organiser_name = "下書きだけの会"
    listings.draft.save()

    data = page(client, "organizations")
    assert names(data) == {"屛風ヶ浦自治会", "テストの会"}
    for item in data["contents"]:
        assert_hsds(item, "organization")
    detail = ok(client, "organization", api.row_id("organization", runs_public.pk))
    assert_hsds(detail, "organization")
    assert detail["website"] == "https://example.jp/byobugaura" and detail["description"] == "自治会町内会"
    assert [s["name"] for s in detail["services"]] == ["久良岐丘移動販売"]
    assert [loc["name"] for loc in detail["locations"]] == ["久良岐丘移動販売の会場"]
    organiser = ok(client, "organization", api.name_id("organiser", "テストの会"))
    assert {s["name"] for s in organiser["services"]} == {"いきいき体操", "簑沢ふれあいサロン"}
    assert get(client, "organization", api.row_id("organization", runs_hidden.pk)).status_code == 404
    assert get(client, "organization", api.name_id("organiser", "下書きだけの会")).status_code == 404
    assert get(client, "organization", api.row_id("organization", world.naka_council.pk)).status_code == 404
    assert names(page(client, "organizations", search="びょうぶ")) == set()  # no reading given
    assert names(page(client, "organizations", search="屛風")) == {"屛風ヶ浦自治会"}
    assert names(page(client, "organizations", search="てすと")) == {"テストの会"}


# --- taxonomies -------------------------------------------------------------------------------


def test_taxonomies_and_terms_validate_and_read_like_the_tree(client, listings):
    taxonomies = page(client, "taxonomies")
    assert taxonomies["total_items"] == 2
    for item in taxonomies["contents"]:
        assert_hsds(item, "taxonomy")
        assert ok(client, "taxonomy", item["id"]) == item
    terms = page(client, "taxonomy_terms", per_page=100)
    for item in terms["contents"]:
        assert_hsds(item, "taxonomy_term")
    codes = [item["code"] for item in terms["contents"]]
    assert codes[:2] == ["kouryu", "salon"]  # a pillar, then its first branch
    assert codes.index("seikatsu") > codes.index("ninchisho-cafe")
    assert codes[-1].startswith("eligibility-")
    assert terms["total_items"] == Category.objects.count() + len(api.FEATURES)
    kouryu = term_id("kouryu")
    below = page(client, "taxonomy_terms", parent_id=kouryu)
    assert {item["parent_id"] for item in below["contents"]} == {kouryu} and "taiso" in {
        i["code"] for i in below["contents"]}
    features = page(client, "taxonomy_terms", taxonomy_id=api.FEATURES_TAXONOMY.id, per_page=100)
    assert features["total_items"] == len(api.FEATURES)
    assert [i["code"] for i in page(client, "taxonomy_terms", search="たいそう")["contents"]] == ["taiso"]
    detail = ok(client, "taxonomy_term", term_id("taiso"))
    assert detail["name"] == "体操・運動" and detail["parent_id"] == kouryu
    assert ok(client, "taxonomy_term", feature_id("pickup"))["name"] == "送迎あり"
    assert get(client, "taxonomy_term", api.row_id("taxonomy_term", 999999)).status_code == 404
    assert get(client, "taxonomy", api.row_id("taxonomy_term", 1)).status_code == 404


# --- the HTTP face ----------------------------------------------------------------------------


def test_answers_are_open_to_any_origin_cacheable_and_set_no_cookie(client, listings):
    response = get(client, "services")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert not response.cookies
    missing = get(client, "service", sid(listings.draft))
    assert missing["Access-Control-Allow-Origin"] == "*" and missing["Cache-Control"] == "public, max-age=60"


def test_writes_are_refused_as_json_without_a_csrf_page(client, listings):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("api:services"), {"name": "x"})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"] == "method_not_allowed"
    preflight = client.options(reverse("api:services"))
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_unknown_paths_and_ids_are_json_404s(client, listings):
    for url in ("/api/hsds/nothing", "/api/hsds/services/", "/api/hsds/services/a/b", "/api/hsds/locations/x"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"] == "not_found", url
    # An id of another kind is not found either: a location's id is no service's.
    assert get(client, "service", api.row_id("location", listings.taiso.location_id)).status_code == 404
    assert get(client, "service", sid(listings.taiso).upper()).status_code == 200


def test_the_root_names_the_version_and_the_document(client, listings):
    data = ok(client, "root")
    assert data["version"] == "3.0"
    assert data["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    assert data["license"]["name"] == "CC BY 4.0"


# --- identifiers ------------------------------------------------------------------------------


@given(kind=st.sampled_from(["service", "location", "organization", "taxonomy_term", "schedule"]),
       pk=st.integers(min_value=1, max_value=2**48 - 1))
def test_ids_are_uuids_that_give_back_their_row_and_kind(kind, pk):
    value = api.row_id(kind, pk)
    assert api.row_pk(kind, value) == pk
    assert api.row_pk("attribute", value) is None  # no other kind reads it
    assert value[14] == "8" and value[19] in "89ab"  # RFC 9562 version 8, RFC 4122 variant
    assert api.row_id(kind, pk) == value


def test_ids_survive_a_restart_because_the_namespace_is_fixed():
    # Published ids must never change: these are what consumers stored.
    assert api.row_id("service", 1) == "30e82dda-aed4-8e27-8bc2-000000000001"
    assert api.name_id("taxonomy", "categories") == api.CATEGORIES.id == "ea49d115-42ab-5d68-8aeb-e2ffb0c88184"


# --- the OpenAPI document ---------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_describes_exactly_the_endpoints(client, db):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    validate_openapi(document)
    assert document["openapi"].startswith("3.1")
    from tsunagu.directory import api_urls

    routes = {"/" + str(p.pattern).replace("<str:id>", "{id}") for p in api_urls.urlpatterns
              if getattr(p, "name", None) not in (None, "openapi")}
    assert set(document["paths"]) == routes
    for schema in ("service", "organization", "location", "taxonomy", "taxonomy_term", "service_at_location"):
        assert schema in document["components"]["schemas"]
    text = json.dumps(document)
    assert '.json"' not in text.replace("openapi.json", "")  # every HSDS $ref points inside the document
    assert "CC BY-SA 4.0" in document["info"]["description"]


def test_the_document_keeps_hsds_rules(db):
    service = api.openapi_document()["components"]["schemas"]["service"]
    assert service["required"] == ["id", "name", "status"]
    assert service["properties"]["status"]["enum"] == ["active", "inactive", "defunct", "temporarily closed"]
    assert service["properties"]["phones"]["items"] == {"$ref": "#/components/schemas/phone"}
    assert "core" not in service["properties"]["id"] and "name" in service["properties"]



def test_the_about_page_names_the_api_and_its_licence_terms(client, db):
    html = client.get(reverse("about")).content.decode()
    assert 'href="/api/hsds/openapi.json"' in html and 'href="/api/hsds/"' in html
    assert "CC BY 4.0" in html and "出典：つなぐ（横浜市 生活支援体制整備事業）" in html
    assert "Open Referral" in html and "CC BY-SA 4.0" in html


def test_a_page_costs_the_same_few_queries_however_many_services_it_holds(client, world, listings,
                                                                            django_assert_max_num_queries):
    for i in range(12):
        listing = make_listing(world.d6, f"数の会{i}", kana=f"かずのかい{i}", categories=["salon", "taiso"])
        listing.location.block = world.block
        listing.location.save()
    with django_assert_max_num_queries(8):
        assert page(client, "services", full="true", per_page=100)["size"] == 15
    with django_assert_max_num_queries(5):
        assert page(client, "service_at_locations", per_page=100)["size"] == 15


def test_api_answers_do_not_vary_by_cookie_so_caches_can_keep_them(client, listings):
    response = client.get("/api/hsds/services")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
