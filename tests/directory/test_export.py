"""Export of listings: .xlsx and Excel-friendly CSV, the staff list's filters, staff-only columns
only for editors — and what is exported imports back as the same listings."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tsunagu.directory import importers, services
from tsunagu.directory.models import Category, Listing, Status, Visibility

READERS = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
           "isogo_1so", "byobugaura_2so"]


def rows_of(response) -> list[dict]:
    content = response.content
    if response["Content-Type"].startswith("text/csv"):
        text = content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline="")))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.mark.parametrize("role", READERS)
def test_everyone_who_reads_listings_may_export_what_they_see(world, listings, as_user, role):
    user = getattr(world, role)
    response = as_user(user).get(reverse("directory:export"))
    assert response.status_code == 200
    names = {row["名称"] for row in rows_of(response)}
    assert names == {item.name for item in Listing.objects.visible_to(user)}
    if role.startswith("isogo") or role.startswith("byobu"):
        assert names == {"久良岐丘移動販売"}


def test_outsiders_get_404_and_anonymous_visitors_log_in(world, listings, as_user, client):
    response = client.get(reverse("directory:export"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert as_user(world.nobody).get(reverse("directory:export")).status_code == 404


def test_viewers_get_neither_drafts_nor_staff_only_columns(world, listings, as_user):
    rows = rows_of(as_user(world.naka_cm).get(reverse("directory:export")))
    assert "準備中の下書きサロン" not in {r["名称"] for r in rows} and "職員向け配食リスト" in {r["名称"] for r in rows}
    assert "連絡先（職員のみ）" not in rows[0] and "内部メモ" not in rows[0]


def test_editors_get_staff_columns_filled_only_where_they_may_edit(world, listings, as_user):
    Listing.objects.filter(pk=listings.salon.pk).update(staff_contact="代表 090-0000-0000", internal_note="鍵は管理人")
    honmoku = Listing.objects.create(name="本牧の会", place=world.honmoku, visibility=Visibility.PUBLIC,
                                     staff_contact="本牧の代表の携帯")
    rows = {r["名称"]: r for r in rows_of(as_user(world.minosawa_2so).get(reverse("directory:export")))}
    assert rows["簑沢ふれあいサロン"]["連絡先（職員のみ）"] == "代表 090-0000-0000"
    assert rows["簑沢ふれあいサロン"]["内部メモ"] == "鍵は管理人"
    assert rows[honmoku.name]["連絡先（職員のみ）"] in ("", None)  # 本牧 CP is not theirs to edit
    rows = {r["名称"]: r for r in rows_of(as_user(world.naka_1so).get(reverse("directory:export")))}
    assert rows[honmoku.name]["連絡先（職員のみ）"] == "本牧の代表の携帯"


def test_csv_is_utf8_with_a_bom_and_crlf_for_excel(world, listings, as_user):
    response = as_user(world.naka_1so).get(reverse("directory:export"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="listings-' in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    assert "いきいき体操" in response.content.decode("utf-8-sig")


def test_the_export_follows_the_staff_lists_filters(world, listings, as_user):
    client = as_user(world.naka_1so)
    for query in [{"status": Status.ENDED}, {"q": "サロン"}, {"place": world.d6.pk}, {"visibility": Visibility.DRAFT},
                  {"category": Category.objects.get(code="kouryu").pk}, {"stale": "on"}]:
        listed = {item.name for item in client.get(reverse("directory:list"), query).context["page"]}
        exported = {row["名称"] for row in rows_of(client.get(reverse("directory:export"), query))}
        assert exported == listed, query
    assert {r["名称"] for r in rows_of(client.get(reverse("directory:export"), {"status": Status.ENDED}))} == {"終わった会食会"}


def _rich_listing(world, name: str, **extra):
    fields = {
        "name": name, "name_kana": "みのさわえんがわかふぇ", "organiser_name": "簑沢の会", "description": "お茶と体操。\n誰でも。",
        "place": world.d6, "status": Status.ACTIVE, "visibility": Visibility.PUBLIC, "schedule_note": "祝日は休み",
        "is_free": False, "cost": "100円", "eligibility": "seniors", "minimum_age": 65, "eligibility_note": "要予約",
        "capacity": 20, "application": "電話で", "public_contact_name": "簑沢CP", "public_phone": "045-111-2222",
        "public_email": "minosawa@example.jp", "website": "https://example.jp/engawa", "has_pickup": True,
        "wheelchair": True, "intensity": 1, "staff_contact": "代表 090-1111-2222", "internal_note": "鍵は管理人",
        "status_reason": "", **extra,
    }
    return services.listing_create(
        user=world.naka_1so, fields=fields, categories=Category.objects.filter(code__in=["salon", "taiso"]),
        location={"name": "簑沢会館", "postal_code": "231-0000", "address": "中区簑沢1-2", "latitude": 35.4248,
                  "longitude": 139.635, "block_id": world.block.pk, "transportation": "バス停 簑沢",
                  "accessibility": "段差なし"},
        schedules=[
            # The note says 祝日は休み, so the repeating rules rest on holidays (the form asks for both).
            {"freq": "WEEKLY", "interval": 1, "byday": "TU,TH", "opens_at": time(10), "closes_at": time(12),
             "closed_on_holidays": True},
            {"freq": "MONTHLY", "interval": 1, "byday": "2SA,-1SA", "opens_at": time(13, 30), "notes": "雨天中止",
             "closed_on_holidays": True},
            {"freq": "MONTHLY", "interval": 1, "bymonthday": "15", "valid_from": date(2026, 4, 1),
             "valid_to": date(2027, 3, 31), "closed_on_holidays": True},
            {"freq": "", "dtstart": date(2026, 12, 5), "opens_at": time(9), "closes_at": time(11, 30)},
        ],
    )


def _comparable(listing: Listing) -> dict:
    data = services.snapshot(listing)
    data.pop("place_id")
    return data


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_back_as_the_same_listings(world, as_user, fmt):
    first = _rich_listing(world, "簑沢えんがわカフェ")
    second = _rich_listing(world, "本牧ひだまり食堂", place=world.honmoku, name_kana="ほんもくひだまりしょくどう",
                           intensity=0, has_pickup=False, wheelchair=False, is_free=True, cost="", minimum_age=None,
                           capacity=None, status=Status.PAUSED, status_reason="会場の工事のため")
    before = {item.name: (_comparable(item), item.place_id) for item in (first, second)}
    response = as_user(world.naka_1so).get(reverse("directory:export"), {"format": fmt})
    content, filename = response.content, f"export.{fmt}"

    table = importers.read(content, filename)
    mapping = importers.guess_mapping(table.headers)
    again = importers.analyse(user=world.naka_1so, table=table, mapping=mapping)
    assert [r.state for r in again.rows] == ["duplicate", "duplicate"]  # nothing new while they exist

    Listing.objects.all().delete()
    result = importers.commit(user=world.naka_1so, table=table, mapping=mapping, visibility=Visibility.PUBLIC)
    assert result["created"] == 2 and result["error_rows"] == []
    after = {item.name: (_comparable(item), item.place_id) for item in Listing.objects.all()}
    for name, (data, place_id) in before.items():
        assert after[name][1] == place_id
        assert {k: v for k, v in after[name][0].items() if data.get(k) != v} == {}, name


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_text_that_looks_like_a_formula_goes_out_as_text_and_imports_back_unchanged(world, as_user, fmt):
    """Issue 11: the CSV carries such text with Excel's apostrophe before it, the .xlsx as a text
    cell; the importer takes the apostrophe off again."""
    listing = _rich_listing(world, "＝全角で始まる名前", description="=SUM(A1)", schedule_note="-5℃の日は中止",
                            cost="+100円（材料費）", application="@受付で", eligibility_note="'=引用符つき",
                            internal_note="\t=HYPERLINK(\"http://evil.example\")", status_reason="")
    before = _comparable(listing)
    response = as_user(world.naka_1so).get(reverse("directory:export"), {"format": fmt})
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "'=SUM(A1)" in text and "'-5℃の日は中止" in text and "'＝全角で始まる名前" in text
        assert "''=引用符つき" in text
    else:
        cells = {c.value: c for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows()
                 for c in row}
        assert cells["=SUM(A1)"].data_type == "s" and cells["=SUM(A1)"].quotePrefix
        assert cells["-5℃の日は中止"].data_type == "s" and cells["-5℃の日は中止"].quotePrefix

    table = importers.read(response.content, f"export.{fmt}")
    mapping = importers.guess_mapping(table.headers)
    Listing.objects.all().delete()
    result = importers.commit(user=world.naka_1so, table=table, mapping=mapping, visibility=Visibility.PUBLIC)
    assert result["created"] == 1 and result["error_rows"] == []
    after = _comparable(Listing.objects.get())
    # The importer trims each cell (hand-kept sheets carry stray spaces), the leading tab too.
    before["internal_note"] = before["internal_note"].strip()
    assert {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v} == {}
