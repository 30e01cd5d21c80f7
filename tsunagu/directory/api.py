"""The open-data API: the directory's published listings as Open Referral HSDS 3.0 JSON.

    GET /api/hsds/                          version, and where the OpenAPI document is
    GET /api/hsds/openapi.json              the OpenAPI 3.1 document (HSDS schemas inlined)
    GET /api/hsds/services?search=たいそう   a page of services; /services/{id} one, fully nested
    GET /api/hsds/service_at_locations, /service_at_locations/{id}, /locations/{id}
    GET /api/hsds/organizations, /organizations/{id}
    GET /api/hsds/taxonomies, /taxonomies/{id}, /taxonomy_terms, /taxonomy_terms/{id}

Only what the public site shows leaves this module: Listing.objects.public() (published, not
ended), and of a listing only its public fields — never staff_contact, internal_note,
confirmed_by or the responsible staff. Organisations appear only while they run a public
listing; a listing without a registered organisation names its organiser as an organization of
its own. No login, no session, no cookies; every answer allows any origin (open data).

Mapping (HSDS ← Tsunagu)
    service             ← Listing: alternate_name is the reading (フリガナ); status through
                          models.HSDS_STATUS; assured_date ← confirmed_at; alert ← the status
                          reason while not active; url ← the listing's website or its public page
    service_at_location ← the same Listing at its Location (a listing has one location)
    location, address   ← Location; city is the municipality with its ward (横浜市中区),
                          state_province the prefecture read from the city's JIS code
    schedule            ← Schedule as RFC 5545 fields (schedules.to_rrule), description in words
    taxonomy_term       ← Category (taxonomy "categories"), and the FEATURES below (taxonomy
                          "features": 送迎, 車いす, 無料, 運動の強さ, 対象), both as attributes

Identifiers
    HSDS wants UUIDs. A row's id is derived, not stored: the top 80 bits come from
    uuid5(NAMESPACE, kind), the low 48 bits are the row's primary key, and the version nibble
    says 8 (RFC 9562's custom layout). The same row always has the same id, and an id turns back
    into its primary key without a table — a pure uuid5 of kind+pk cannot, and looking one up
    would mean hashing every public listing (~4 µs each: 0.4 s at 100,000 listings) per request.
    Things without a primary key (organiser names, the two taxonomies, features, languages) use
    uuid5(NAMESPACE, "kind:key"); they are few, so finding one is a short scan.
    NAMESPACE must never change: the ids are published.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import uuid
from datetime import UTC, date, datetime, time
from functools import lru_cache, wraps
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.models import (
    HSDS_STATUS,
    Category,
    Eligibility,
    Intensity,
    Listing,
    Location,
    Schedule,
    Status,
)
from tsunagu.directory.search import search, words
from tsunagu.lib.japanese import normalize
from tsunagu.people.models import Organisation
from tsunagu.places.models import Kind, Place

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("0f4c7a52-95d6-5b8e-a3f4-7473756e6167")
PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 100
PAGE_MAX = 100_000
SEARCH_MAX = 200
CACHE_OK = "public, max-age=300"
CACHE_ERROR = "public, max-age=60"
OPENAPI_DIR = Path(__file__).resolve().parent / "openapi"
TOKYO = ZoneInfo("Asia/Tokyo")

# The data's licence, shown in the OpenAPI document, at the root and on the about page.
DATA_LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"}

# JIS X 0401: the first two digits of a municipality's code name its prefecture.
PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 "
    "熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()

LANGUAGE_NAMES = {
    "ja": "日本語", "en": "英語", "zh": "中国語", "ko": "韓国語", "vi": "ベトナム語", "tl": "タガログ語",
    "pt": "ポルトガル語", "es": "スペイン語", "ne": "ネパール語", "th": "タイ語", "id": "インドネシア語",
    "jsl": "日本手話",
}


# --- identifiers ------------------------------------------------------------------------------

_PK_MASK = (1 << 48) - 1


@lru_cache(maxsize=64)
def _prefix(kind: str) -> int:
    top = uuid.uuid5(NAMESPACE, kind).int & ~_PK_MASK
    return (top & ~(0xF << 76)) | (0x8 << 76)


def row_id(kind: str, pk: int) -> str:
    """The published id of a row: stable, and row_pk() reads the primary key back."""
    return str(uuid.UUID(int=_prefix(kind) | int(pk)))


def row_pk(kind: str, value: str | None) -> int | None:
    """The primary key in an id made by row_id(kind, …); None for anything else."""
    try:
        number = uuid.UUID(str(value)).int
    except ValueError:
        return None
    if number & ~_PK_MASK != _prefix(kind):
        return None
    return number & _PK_MASK or None


def name_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def canonical(value: str | None) -> str | None:
    """An id as row_id and name_id write it (lower case, with hyphens); None if it is no UUID."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


# --- the two taxonomies -----------------------------------------------------------------------


class Taxonomy(NamedTuple):
    key: str
    name: object
    description: object

    @property
    def id(self) -> str:
        return name_id("taxonomy", self.key)


CATEGORIES = Taxonomy("categories", _("つなぐ 地域資源の分類"), _(
    "生活支援体制整備事業の三つの柱（交流・居場所、生活支援、見守り・つながり）と、その下の分類。職員が編集します。"))
FEATURES_TAXONOMY = Taxonomy("features", _("つなぐ 参加の条件・特徴"), _(
    "送迎、車いす、費用、運動の強さ、対象など、参加するときの条件と特徴。"))
TAXONOMIES = [CATEGORIES, FEATURES_TAXONOMY]


class Feature(NamedTuple):
    """A fact about a listing published as a taxonomy term of its own (filterable by id)."""

    code: str
    name: object
    field: str
    value: object

    @property
    def id(self) -> str:
        return name_id("feature", self.code)

    def holds(self, listing: Listing) -> bool:
        return getattr(listing, self.field) == self.value


FEATURES = [
    Feature("pickup", _("送迎あり"), "has_pickup", True),
    Feature("wheelchair", _("車いす可"), "wheelchair", True),
    Feature("free", _("無料"), "is_free", True),
    *(Feature(f"intensity-{value}", label, "intensity", value) for value, label in Intensity.choices if value),
    *(Feature(f"eligibility-{value}", label, "eligibility", value) for value, label in Eligibility.choices),
]
_FEATURE_GROUPS = {"intensity": _("運動の強さ"), "eligibility": _("対象")}


def _feature_name(feature: Feature) -> str:
    group = _FEATURE_GROUPS.get(feature.field)
    return f"{group}：{feature.name}" if group else str(feature.name)


# --- errors and answers -----------------------------------------------------------------------


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, message_en: str, parameter: str | None = None):
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en, self.parameter = (
            status, code, message, message_en, parameter)

    def response(self) -> JsonResponse:
        body = {"status": self.status, "error": self.code, "message": self.message, "message_en": self.message_en}
        if self.parameter:
            body["parameter"] = self.parameter
        return answer(body, status=self.status, cache=CACHE_ERROR if self.status == 404 else "no-store")


def not_found_error() -> ApiError:
    return ApiError(404, "not_found", "見つかりません。公開されていないか、IDがまちがっています。",
                    "Not found: it is not published, or the id is wrong.")


def answer(data, status: int = 200, cache: str = CACHE_OK) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = cache
    return response


def endpoint(view):
    """GET (and HEAD) only, errors as JSON, data always in Japanese whatever the visitor chose."""

    @csrf_exempt  # nothing here writes; a stray POST gets a JSON 405, not the CSRF page
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "OPTIONS":
            response = answer(None, status=204, cache="public, max-age=86400")
            response.content = b""
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
            return response
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiError(405, "method_not_allowed", "このAPIは読み取り専用です（GETのみ）。",
                               "This API is read-only (GET only).")
            with translation.override("ja"):
                return view(request, *args, **kwargs)
        except ApiError as error:
            response = error.response()
            if error.status == 405:
                response["Allow"] = "GET, HEAD, OPTIONS"
            return response

    return wrapper


# --- query parameters -------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]{1,12}")
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def int_param(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise ApiError(400, "invalid_parameter", f"{name} は 1 から {maximum} までの整数で指定してください。",
                       f"{name} must be an integer from 1 to {maximum}.", name)
    return int(raw)


def uuid_param(request: HttpRequest, name: str) -> str | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"{name} はUUID（例：0f4c7a52-95d6-5b8e-a3f4-7473756e6167）で指定してください。",
                       f"{name} must be a UUID.", name) from None


def bool_param(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise ApiError(400, "invalid_parameter", f"{name} は true か false で指定してください。",
                       f"{name} must be true or false.", name)
    return raw == "true"


def search_param(request: HttpRequest) -> str:
    raw = request.GET.get("search", "")
    if len(raw) > SEARCH_MAX:
        raise ApiError(400, "invalid_parameter", f"検索語は{SEARCH_MAX}文字までにしてください。",
                       f"search must be at most {SEARCH_MAX} characters.", "search")
    # Control characters (a NUL above all, which PostgreSQL refuses) only separate words.
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in raw)


def datetime_param(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    match = _RFC3339.fullmatch(raw)
    try:
        if not match:
            raise ValueError
        day, minutes, seconds, fraction, offset = match.groups()
        seconds = min(int(seconds), 59)  # a leap second counts as the second before it
        offset = "+00:00" if offset in ("Z", "z") else offset
        return datetime.fromisoformat(f"{day}T{minutes}:{seconds:02d}{(fraction or '')[:7]}{offset}")
    except (ValueError, OverflowError):
        raise ApiError(400, "invalid_parameter",
                       f"{name} はRFC 3339の日時（例：2026-04-01T00:00:00+09:00）で指定してください。",
                       f"{name} must be an RFC 3339 date-time, e.g. 2026-04-01T00:00:00+09:00.", name) from None


def paged(request: HttpRequest, items, serialize) -> dict:
    """HSDS's page object over a queryset or a list."""
    page = int_param(request, "page", 1, PAGE_MAX)
    per_page = int_param(request, "per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX)
    total = len(items) if isinstance(items, list) else items.count()
    start = (page - 1) * per_page
    rows = list(items[start:start + per_page]) if start < total else []
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total, "total_pages": total_pages, "page_number": page, "size": len(rows),
        "first_page": page == 1, "last_page": page >= total_pages, "empty": not rows,
        "contents": serialize(rows),
    }


# --- reading ----------------------------------------------------------------------------------


def public_listings() -> QuerySet[Listing]:
    return Listing.objects.public().select_related("organisation", "location", "location__block", "place")


def get_public_listing(kind: str, value: str) -> Listing:
    pk = row_pk(kind, value)
    listing = public_listings().filter(pk=pk).first() if pk else None
    if listing is None:
        raise not_found_error()
    return listing


def organiser_names() -> list[str]:
    """Organisers of public listings that name no registered organisation, by name."""
    names = (Listing.objects.public().filter(organisation=None).exclude(organiser_name="")
             .values_list("organiser_name", flat=True).distinct())
    return sorted(set(names))


def organiser_name_for(value: str) -> str | None:
    value = canonical(value)
    return next((name for name in organiser_names() if name_id("organiser", name) == value), None) if value else None


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=Listing.objects.public().values("organisation_id")).order_by(
        "name_kana", "name", "pk")


def category_tree() -> list[Category]:
    """Every category, each pillar followed by its branch (the order people read the tree in)."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []

    def walk(parent_id):
        for category in children.get(parent_id, []):
            ordered.append(category)
            walk(category.pk)

    walk(None)
    return ordered


def descendants(categories: list[Category], root: Category) -> set[int]:
    found, added = {root.pk}, True
    while added:
        more = {c.pk for c in categories if c.parent_id in found} - found
        found |= more
        added = bool(more)
    return found


def filter_services(request: HttpRequest, listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """The /services and /service_at_locations filters; ranked by search when there is one."""
    through = Listing.categories.through
    term = uuid_param(request, "taxonomy_term_id")
    if term:
        categories = category_tree()
        category = next((c for c in categories if row_pk("taxonomy_term", term) == c.pk), None)
        feature = next((f for f in FEATURES if f.id == term), None)
        if category:
            ids = descendants(categories, category)
            listings = listings.filter(pk__in=through.objects.filter(category_id__in=ids).values("listing_id"))
        elif feature:
            listings = listings.filter(**{feature.field: feature.value})
        else:
            listings = listings.none()
    taxonomy = uuid_param(request, "taxonomy_id")
    if taxonomy == CATEGORIES.id:
        listings = listings.filter(pk__in=through.objects.values("listing_id"))
    elif taxonomy and taxonomy != FEATURES_TAXONOMY.id:
        listings = listings.none()  # every listing has some feature (its 対象 at least)
    organisation = uuid_param(request, "organization_id")
    if organisation:
        pk = row_pk("organization", organisation)
        name = None if pk else organiser_name_for(organisation)
        if pk:
            listings = listings.filter(organisation_id=pk)
        elif name:
            listings = listings.filter(organisation=None, organiser_name=name)
        else:
            listings = listings.none()
    modified_after = datetime_param(request, "modified_after")
    if modified_after:
        listings = listings.filter(updated_at__gte=modified_after)
    text = search_param(request)
    if words(text):
        return search(listings, text)
    return listings.order_by("name_kana", "name", "pk")


def text_matches(text: str, query_words: list[str]) -> bool:
    folded = normalize(text)
    return all(word in folded for word in query_words)


# --- writing HSDS -----------------------------------------------------------------------------


def _clean(data: dict, keep: tuple[str, ...] = ()) -> dict:
    """Leave out what is empty, except the keys HSDS requires."""
    return {k: v for k, v in data.items() if k in keep or v not in (None, "", [])}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _clock(value: time | None) -> str | None:
    # HSDS wants the offset on times; Tsunagu's are Japan's local time.
    return f"{value:%H:%M}+09:00" if value else None


def _modified(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _rrule_parts(schedule: Schedule) -> dict[str, str]:
    rule = schedule_rules.to_rrule(schedule)
    return dict(part.split("=", 1) for part in rule.split(";")) if rule else {}


class Writer:
    """Turns listings and their neighbours into HSDS objects for one request.

    prepare() loads, for a page of listings at once, what their objects need (schedules,
    categories, the places above them), so that a page costs a handful of queries.
    """

    def __init__(self, request: HttpRequest):
        self.request = request
        self._places: dict[int, Place] = {}
        self._schedules: dict[int, list[Schedule]] = {}
        self._links: dict[int, list[tuple[int, int]]] = {}
        self._categories: dict[int, Category] | None = None

    # loading

    def prepare(self, listings: list[Listing], full: bool = True) -> None:
        ids = [listing.pk for listing in listings]
        places = [listing.place for listing in listings]
        places += [listing.location.block for listing in listings if listing.location_id and listing.location.block_id]
        self.prepare_places(places)
        if not full:
            return
        for schedule in Schedule.objects.filter(listing_id__in=ids).order_by("pk"):
            self._schedules.setdefault(schedule.listing_id, []).append(schedule)
        through = Listing.categories.through
        for pk, listing_id, category_id in through.objects.filter(listing_id__in=ids).order_by("pk").values_list(
                "pk", "listing_id", "category_id"):
            self._links.setdefault(listing_id, []).append((pk, category_id))

    def prepare_places(self, places) -> None:
        wanted = set()
        for place in places:
            if place is not None:
                self._places[place.pk] = place
                wanted |= {int(part) for part in place.path.strip("/").split("/") if part}
        wanted -= set(self._places)
        if wanted:
            self._places.update(Place.objects.in_bulk(wanted))

    def categories(self) -> dict[int, Category]:
        if self._categories is None:
            self._categories = {c.pk: c for c in Category.objects.all()}
        return self._categories

    def _line(self, place: Place | None) -> list[Place]:
        """The place and those above it, from the city down (prepare_places first)."""
        if place is None:
            return []
        ids = [int(part) for part in place.path.strip("/").split("/") if part]
        return [self._places[i] for i in ids if i in self._places]

    def page_url(self, listing: Listing) -> str:
        return self.request.build_absolute_uri(reverse("public:listing", args=[listing.pk]))

    # objects

    def taxonomy(self, taxonomy: Taxonomy) -> dict:
        return {"id": taxonomy.id, "name": str(taxonomy.name), "description": str(taxonomy.description),
                "uri": self.request.build_absolute_uri(reverse("api:taxonomy", args=[taxonomy.id]))}

    def category_term(self, category: Category) -> dict:
        return _clean({
            "id": row_id("taxonomy_term", category.pk), "code": category.code, "name": category.name,
            "description": category.description,
            "parent_id": row_id("taxonomy_term", category.parent_id) if category.parent_id else None,
            "taxonomy": str(CATEGORIES.name), "taxonomy_id": CATEGORIES.id,
            "taxonomy_detail": self.taxonomy(CATEGORIES), "language": "jpn",
        }, keep=("description",))

    def feature_term(self, feature: Feature) -> dict:
        return {"id": feature.id, "code": feature.code, "name": _feature_name(feature), "description": "",
                "taxonomy": str(FEATURES_TAXONOMY.name), "taxonomy_id": FEATURES_TAXONOMY.id,
                "taxonomy_detail": self.taxonomy(FEATURES_TAXONOMY), "language": "jpn"}

    def organization(self, organisation: Organisation) -> dict:
        # Only the name, its kind and website: an organisation's phone and e-mail may be a
        # volunteer's own, and the listing's public contact already says whom to ask.
        return _clean({"id": row_id("organization", organisation.pk), "name": organisation.name,
                       "description": str(organisation.get_kind_display()), "website": organisation.website},
                      keep=("description",))

    def organiser(self, name: str) -> dict:
        return {"id": name_id("organiser", name), "name": name, "description": ""}

    def organization_of(self, listing: Listing) -> dict | None:
        if listing.organisation_id:
            return self.organization(listing.organisation)
        return self.organiser(listing.organiser_name) if listing.organiser_name else None

    def address(self, location: Location, place: Place | None) -> dict:
        line = self._line(place)
        city = next((p for p in line if p.kind == Kind.CITY), None)
        ward = next((p for p in line if p.kind == Kind.WARD), None)
        prefecture = ""
        if city and city.code[:2].isdigit() and 1 <= int(city.code[:2]) <= len(PREFECTURES):
            prefecture = PREFECTURES[int(city.code[:2]) - 1]
        municipality = (city.name if city else "") + (ward.name if ward else "")
        address_1 = location.address.strip()
        for prefix in (prefecture, municipality):
            if prefix and address_1.startswith(prefix) and len(address_1) > len(prefix):
                address_1 = address_1[len(prefix):]
        return {"id": row_id("address", location.pk), "location_id": row_id("location", location.pk),
                "address_1": address_1, "city": municipality, "state_province": prefecture,
                "postal_code": location.postal_code, "country": "JP", "address_type": "physical"}

    def location(self, location: Location, place: Place | None = None) -> dict:
        """place: where the location is when it names no 町丁目 (the listing's own place)."""
        place = location.block if location.block_id else place
        lid = row_id("location", location.pk)
        accessibility = [{"id": row_id("accessibility", location.pk), "location_id": lid,
                          "description": location.accessibility}] if location.accessibility else []
        return _clean({
            "id": lid, "location_type": "physical", "name": location.name,
            "transportation": location.transportation, "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": [self.address(location, place)] if location.address else [],
            "accessibility": accessibility,
        })

    def schedule(self, schedule: Schedule, listing: Listing) -> dict:
        rule = _rrule_parts(schedule)
        return _clean({
            "id": row_id("schedule", schedule.pk), "service_id": row_id("service", listing.pk),
            "service_at_location_id": row_id("service_at_location", listing.pk) if listing.location_id else None,
            "freq": rule.get("FREQ"), "interval": int(rule.get("INTERVAL", 1)) if rule else None,
            "wkst": "MO" if rule else None, "byday": rule.get("BYDAY"), "bymonthday": rule.get("BYMONTHDAY"),
            "dtstart": _date(schedule.dtstart), "until": _date(schedule.until),
            "valid_from": _date(schedule.valid_from), "valid_to": _date(schedule.valid_to),
            "opens_at": _clock(schedule.opens_at), "closes_at": _clock(schedule.closes_at),
            "timezone": 9, "description": schedule_rules.describe(schedule), "notes": schedule.notes,
        })

    def schedules(self, listing: Listing) -> list[dict]:
        found = [self.schedule(s, listing) for s in self._schedules.get(listing.pk, [])]
        if listing.schedule_note:
            found.append({"id": row_id("schedule_note", listing.pk), "service_id": row_id("service", listing.pk),
                          "description": listing.schedule_note})
        return found

    def phones(self, listing: Listing) -> list[dict]:
        if not listing.public_phone:
            return []
        return [_clean({"id": row_id("phone", listing.pk), "service_id": row_id("service", listing.pk),
                        "number": listing.public_phone, "type": "voice",
                        "description": listing.public_contact_name})]

    def contacts(self, listing: Listing) -> list[dict]:
        if not listing.public_contact_name:
            return []
        return [_clean({"id": row_id("contact", listing.pk), "service_id": row_id("service", listing.pk),
                        "name": listing.public_contact_name, "email": listing.public_email,
                        "phones": self.phones(listing)})]

    def cost_options(self, listing: Listing) -> list[dict]:
        base = {"id": row_id("cost_option", listing.pk), "service_id": row_id("service", listing.pk),
                "currency": "JPY"}
        if listing.is_free:
            return [{**base, "option": "無料", "amount": 0}]
        if not listing.cost:
            return []
        amounts = {int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*)\s*円",
                                                               unicodedata.normalize("NFKC", listing.cost))}
        return [_clean({**base, "amount": amounts.pop() if len(amounts) == 1 else None,
                        "amount_description": listing.cost})]

    def languages(self, listing: Listing) -> list[dict]:
        found = []
        for item in listing.languages or []:
            if not isinstance(item, str) or not item.strip():
                continue
            code = item.strip().lower() if item.strip().lower() in LANGUAGE_NAMES else None
            found.append(_clean({"id": name_id("language", f"{listing.pk}:{item}"),
                                 "service_id": row_id("service", listing.pk),
                                 "name": LANGUAGE_NAMES[code] if code else item.strip(), "code": code}))
        return found

    def attributes(self, listing: Listing) -> list[dict]:
        sid = row_id("service", listing.pk)
        categories = self.categories()
        found = [{"id": row_id("attribute", pk), "link_id": sid, "link_type": "service", "link_entity": "service",
                  "taxonomy_term_id": row_id("taxonomy_term", category_id),
                  "taxonomy_term": self.category_term(categories[category_id])}
                 for pk, category_id in self._links.get(listing.pk, []) if category_id in categories]
        found += [{"id": name_id("feature_attribute", f"{listing.pk}:{f.code}"), "link_id": sid,
                   "link_type": "service", "link_entity": "service", "taxonomy_term_id": f.id,
                   "taxonomy_term": self.feature_term(f)}
                  for f in FEATURES if f.holds(listing)]
        return found

    def service_area(self, listing: Listing) -> list[dict]:
        names = [p.name for p in self._line(listing.place)]
        if not names:
            return []
        return [{"id": row_id("service_area", listing.pk), "service_id": row_id("service", listing.pk),
                 "name": " ".join(names), "description": "この活動が属する地域（区・地域ケアプラザのエリア・地区など）"}]

    def service(self, listing: Listing, full: bool = False, organization: bool = True) -> dict:
        """service_list's one-to-one fields; with full, service_full's nested arrays too."""
        eligibility = str(listing.get_eligibility_display())
        if listing.minimum_age:
            eligibility += f"（{listing.minimum_age}歳以上）"
        if listing.eligibility_note:
            eligibility += f" {listing.eligibility_note}"
        owner = self.organization_of(listing) if organization else None
        data = _clean({
            "id": row_id("service", listing.pk),
            "organization_id": owner["id"] if owner else None,
            "name": listing.name, "alternate_name": listing.name_kana, "description": listing.description,
            "url": listing.website or self.page_url(listing), "email": listing.public_email,
            "status": HSDS_STATUS[listing.status],
            "application_process": listing.application,
            "fees_description": "無料" if listing.is_free else listing.cost,
            "eligibility_description": eligibility, "minimum_age": listing.minimum_age,
            "alert": listing.status_reason if listing.status != Status.ACTIVE else "",
            "assured_date": _date(timezone.localtime(listing.confirmed_at, TOKYO).date())
            if listing.confirmed_at else None,
            "last_modified": _modified(listing.updated_at),
            "organization": owner,
        })
        if full:
            data.update({
                "phones": self.phones(listing), "schedules": self.schedules(listing),
                "service_areas": self.service_area(listing),
                "service_at_locations": [self.service_at_location(listing)] if listing.location_id else [],
                "languages": self.languages(listing), "cost_options": self.cost_options(listing),
                "contacts": self.contacts(listing), "attributes": self.attributes(listing),
            })
        return data

    def service_at_location(self, listing: Listing, service: bool = False, full: bool = False) -> dict:
        data = {"id": row_id("service_at_location", listing.pk), "service_id": row_id("service", listing.pk),
                "location_id": row_id("location", listing.location_id),
                "location": self.location(listing.location, listing.place)}
        if full:
            data.update({"schedules": self.schedules(listing), "phones": self.phones(listing),
                         "contacts": self.contacts(listing)})
        if service:
            data["service"] = self.service(listing)
        return data


# --- views ------------------------------------------------------------------------------------


@endpoint
def root(request):
    return answer({
        "version": HSDS_VERSION,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        "license": DATA_LICENSE,
    })


@endpoint
def service_list(request):
    full = bool_param(request, "full")
    writer = Writer(request)

    def serialize(rows):
        writer.prepare(rows, full=full)
        return [writer.service(listing, full=full) for listing in rows]

    return answer(paged(request, filter_services(request, public_listings()), serialize))


@endpoint
def service_detail(request, id: str):
    listing = get_public_listing("service", id)
    writer = Writer(request)
    writer.prepare([listing])
    return answer(writer.service(listing, full=True))


@endpoint
def service_at_location_list(request):
    writer = Writer(request)

    def serialize(rows):
        writer.prepare(rows, full=False)
        return [writer.service_at_location(listing, service=True) for listing in rows]

    listings = filter_services(request, public_listings().exclude(location=None))
    return answer(paged(request, listings, serialize))


@endpoint
def service_at_location_detail(request, id: str):
    listing = get_public_listing("service_at_location", id)
    if not listing.location_id:
        raise not_found_error()
    writer = Writer(request)
    writer.prepare([listing])
    return answer(writer.service_at_location(listing, service=True, full=True))


@endpoint
def location_detail(request, id: str):
    pk = row_pk("location", id)
    listing = public_listings().filter(location_id=pk).order_by("pk").first() if pk else None
    if listing is None:
        raise not_found_error()
    writer = Writer(request)
    writer.prepare([listing], full=False)
    return answer(writer.location(listing.location, listing.place))


@endpoint
def organization_list(request):
    query_words = words(search_param(request))
    organisations = public_organisations()
    for word in query_words:
        organisations = organisations.filter(search_text__contains=word)
    items = list(organisations) + [name for name in organiser_names() if text_matches(name, query_words)]
    writer = Writer(request)

    def serialize(rows):
        return [writer.organization(r) if isinstance(r, Organisation) else writer.organiser(r) for r in rows]

    return answer(paged(request, items, serialize))


@endpoint
def organization_detail(request, id: str):
    pk = row_pk("organization", id)
    organisation = public_organisations().filter(pk=pk).first() if pk else None
    name = None if organisation else organiser_name_for(id)
    if organisation is None and name is None:
        raise not_found_error()
    writer = Writer(request)
    data = writer.organization(organisation) if organisation else writer.organiser(name)
    listings = public_listings().order_by("name_kana", "name", "pk")
    listings = list(listings.filter(organisation=organisation) if organisation
                    else listings.filter(organisation=None, organiser_name=name))
    writer.prepare(listings, full=False)
    locations = {listing.location_id: writer.location(listing.location, listing.place)
                 for listing in listings if listing.location_id}
    data["locations"] = list(locations.values())
    data["services"] = [writer.service(listing, organization=False) for listing in listings]
    return answer(data)


@endpoint
def taxonomy_list(request):
    query_words = words(search_param(request))
    items = [t for t in TAXONOMIES if text_matches(f"{t.name} {t.description}", query_words)]
    writer = Writer(request)
    return answer(paged(request, items, lambda rows: [writer.taxonomy(t) for t in rows]))


@endpoint
def taxonomy_detail(request, id: str):
    taxonomy = next((t for t in TAXONOMIES if t.id == canonical(id)), None)
    if taxonomy is None:
        raise not_found_error()
    return answer(Writer(request).taxonomy(taxonomy))


@endpoint
def taxonomy_term_list(request):
    query_words = words(search_param(request))
    taxonomy = uuid_param(request, "taxonomy_id")
    parent = uuid_param(request, "parent_id")
    items: list[Category | Feature] = []
    if taxonomy in (None, CATEGORIES.id):
        items += [c for c in category_tree()
                  if (parent is None or c.parent_id and row_id("taxonomy_term", c.parent_id) == parent)]
    if taxonomy in (None, FEATURES_TAXONOMY.id) and parent is None:
        items += FEATURES
    items = [item for item in items if text_matches(
        f"{item.name} {item.name_kana} {item.code}" if isinstance(item, Category)
        else f"{_feature_name(item)} {item.code}", query_words)]
    writer = Writer(request)

    def serialize(rows):
        return [writer.category_term(r) if isinstance(r, Category) else writer.feature_term(r) for r in rows]

    return answer(paged(request, items, serialize))


@endpoint
def taxonomy_term_detail(request, id: str):
    writer = Writer(request)
    pk = row_pk("taxonomy_term", id)
    category = Category.objects.filter(pk=pk).first() if pk else None
    if category:
        return answer(writer.category_term(category))
    feature = next((f for f in FEATURES if f.id == canonical(id)), None)
    if feature:
        return answer(writer.feature_term(feature))
    raise not_found_error()


@endpoint
def openapi(request):
    return answer(openapi_document(), cache="public, max-age=3600")


@endpoint
def not_found(request, rest: str = ""):
    raise not_found_error()


# --- the OpenAPI document ---------------------------------------------------------------------

# HSDS's schemas carry keywords for its tabular data package; they mean nothing to a validator,
# and the examples are the UK "MyCity" placeholders (some of the wrong type), so they stay out.
_DATAPACKAGE_KEYWORDS = {"name", "core", "constraints", "datapackage_metadata", "datapackage_type", "path",
                         "tabular_required", "example"}


def _as_component(schema):
    if isinstance(schema, list):
        return [_as_component(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key in _DATAPACKAGE_KEYWORDS:
            continue
        if key == "properties":
            result[key] = {name: _as_component(sub) for name, sub in value.items()}
        elif key == "$ref" and value.endswith(".json") and "/" not in value:
            result[key] = "#/components/schemas/" + value.removesuffix(".json")
        else:
            result[key] = _as_component(value)
    return result


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    """openapi/openapi.json with the HSDS schemas (openapi/hsds/) inlined as components."""
    document = json.loads((OPENAPI_DIR / "openapi.json").read_text(encoding="utf-8"))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for path in sorted((OPENAPI_DIR / "hsds").glob("*.json")):
        schemas[path.stem] = _as_component(json.loads(path.read_text(encoding="utf-8")))
    return document
