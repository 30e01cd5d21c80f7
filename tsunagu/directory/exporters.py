"""Export of listings to .xlsx and to CSV that Japanese Excel opens (UTF-8 with a BOM, CRLF).

The columns carry the importer's own target labels (importers.TARGETS), so an exported file
maps itself when it comes back, and reads back as the same listings (tests/directory/
test_export.py). Staff-only columns are there only for people who may edit listings, and filled
only for the listings they may edit.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tsunagu.directory import access
from tsunagu.directory.importers import TARGET_BY_KEY, describe_for_export
from tsunagu.directory.models import Schedule
from tsunagu.lib.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx
from tsunagu.people import policy
from tsunagu.places.models import Kind


def _yes(value: bool) -> str:
    return "あり" if value else "なし"


COLUMNS: list[tuple[str, object]] = [
    ("ID", lambda listing, ward: listing.pk),
    ("name", lambda listing, ward: listing.name),
    ("name_kana", lambda listing, ward: listing.name_kana),
    ("organiser", lambda listing, ward: listing.organiser),
    ("categories", lambda listing, ward: "、".join(c.name for c in listing.categories.all())),
    ("status", lambda listing, ward: listing.get_status_display()),
    ("status_reason", lambda listing, ward: listing.status_reason),
    ("公開範囲", lambda listing, ward: listing.get_visibility_display()),
    ("place_code", lambda listing, ward: listing.place.code),
    ("地域", lambda listing, ward: listing.place.name),
    ("ward", lambda listing, ward: ward.name if ward else ""),
    ("location_name", lambda listing, ward: listing.location.name if listing.location else ""),
    ("postal_code", lambda listing, ward: listing.location.postal_code if listing.location else ""),
    ("address", lambda listing, ward: listing.location.address if listing.location else ""),
    ("latitude", lambda listing, ward: _number(listing.location.latitude if listing.location else None)),
    ("longitude", lambda listing, ward: _number(listing.location.longitude if listing.location else None)),
    ("schedule", lambda listing, ward: describe_for_export(listing.schedules.all())),
    ("schedule_note", lambda listing, ward: listing.schedule_note),
    ("cost", lambda listing, ward: listing.cost),
    ("is_free", lambda listing, ward: "はい" if listing.is_free else "いいえ"),
    ("eligibility", lambda listing, ward: listing.get_eligibility_display()),
    ("minimum_age", lambda listing, ward: listing.minimum_age if listing.minimum_age is not None else ""),
    ("eligibility_note", lambda listing, ward: listing.eligibility_note),
    ("capacity", lambda listing, ward: listing.capacity if listing.capacity is not None else ""),
    ("application", lambda listing, ward: listing.application),
    ("public_contact_name", lambda listing, ward: listing.public_contact_name),
    ("public_phone", lambda listing, ward: listing.public_phone),
    ("public_email", lambda listing, ward: listing.public_email),
    ("website", lambda listing, ward: listing.website),
    ("description", lambda listing, ward: listing.description),
    ("transportation", lambda listing, ward: listing.location.transportation if listing.location else ""),
    ("accessibility", lambda listing, ward: listing.location.accessibility if listing.location else ""),
    ("has_pickup", lambda listing, ward: _yes(listing.has_pickup)),
    ("wheelchair", lambda listing, ward: "可" if listing.wheelchair else "不可"),
    ("intensity", lambda listing, ward: listing.get_intensity_display()),
    ("最終確認日", lambda listing, ward: timezone.localtime(listing.confirmed_at).date().isoformat()
     if listing.confirmed_at else ""),
]
STAFF_COLUMNS: list[tuple[str, object]] = [
    ("staff_contact", lambda listing, ward: listing.staff_contact),
    ("internal_note", lambda listing, ward: listing.internal_note),
]


def _number(value: float | None):
    return "" if value is None else value


def _header(key: str) -> str:
    target = TARGET_BY_KEY.get(key)
    return str(target.label) if target else key


def export_rows(user, listings: QuerySet) -> tuple[list[str], list[list[object]]]:
    """Headers and rows for these listings, as this person may see them."""
    staff = policy.can_anywhere(user, access.EDIT)
    columns = COLUMNS + (STAFF_COLUMNS if staff else [])
    listings = listings.select_related("place", "location", "organisation").prefetch_related(
        "categories", Prefetch("schedules", queryset=Schedule.objects.order_by("pk"))
    ).order_by("name_kana", "name", "pk")
    from tsunagu.places.models import Place

    wards = {p.path: p for p in Place.objects.filter(kind=Kind.WARD)}
    rows = []
    for listing in listings.iterator(chunk_size=1000):
        parts = listing.place.path.strip("/").split("/")
        ward = next((wards[f"/{'/'.join(parts[:i])}/"] for i in range(len(parts), 0, -1)
                     if f"/{'/'.join(parts[:i])}/" in wards), None)
        may_edit = staff and policy.can_at(user, access.EDIT, listing.place)
        row = [value(listing, ward) for _key, value in COLUMNS]
        if staff:
            row += [value(listing, ward) if may_edit else "" for _key, value in STAFF_COLUMNS]
        rows.append(row)
    return [_header(key) for key, _value in columns], rows


def export_file(user, listings: QuerySet, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) for fmt "xlsx" or "csv"."""
    headers, rows = export_rows(user, listings)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return write_csv(headers, rows), CSV_CONTENT_TYPE, f"listings-{stamp}.csv"
    return write_xlsx(headers, rows, title="地域資源"), XLSX_CONTENT_TYPE, f"listings-{stamp}.xlsx"

