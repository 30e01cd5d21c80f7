"""Importing listings from a spreadsheet: files in every encoding people send, a mapping that is
guessed and remembered, every unusable row explained in Japanese, duplicates found, and either
every usable row written or none."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from openpyxl import Workbook

from tests.directory.conftest import make_listing
from tsunagu.directory import importers, search, services
from tsunagu.directory.models import (
    Category,
    ImportMapping,
    Listing,
    ListingVersion,
    Location,
    Schedule,
    Visibility,
)
from tsunagu.directory.search import search as find
from tsunagu.lib.spreadsheets import SpreadsheetError

HEADER = ["活動名", "ふりがな", "区", "住所", "会場", "曜日", "時間", "費用", "対象", "電話番号", "内容", "分類"]
SALON = ["みのさわお茶会", "みのさわおちゃかい", "中区", "簑沢12-3", "簑沢会館", "火・木", "10時〜12時", "100円",
         "どなたでも", "045-123-4567", "お茶とおしゃべり", "サロン"]
TAISO = ["本牧いきいき体操", "ほんもくいきいきたいそう", "", "横浜市中区本牧町2-1", "本牧地区センター", "", "",
         "無料", "高齢の方", "0451112222", "椅子に座ってできる体操", "体操・運動"]


def csv_bytes(rows, header=HEADER, encoding="utf-8", bom=False) -> bytes:
    def cell(value):
        value = str(value)
        return f'"{value}"' if any(c in value for c in ',"\n') else value

    text = "\r\n".join(",".join(cell(c) for c in row) for row in [header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_for(user, rows, header=HEADER, mapping=None, **kw):
    table = importers.read(csv_bytes(rows, header), "list.csv")
    return importers.analyse(user=user, table=table, mapping=mapping or importers.guess_mapping(table.headers), **kw)


def commit_rows(user, rows, header=HEADER, **kw):
    table = importers.read(csv_bytes(rows, header), "list.csv")
    return importers.commit(user=user, table=table, mapping=importers.guess_mapping(table.headers), **kw)


# --- files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp932", False), ("shift_jis", False)])
def test_csv_in_each_encoding_reads_the_same(db, encoding, bom):
    table = importers.read(csv_bytes([SALON, TAISO], encoding=encoding, bom=bom), "一覧.csv")
    assert table.headers == HEADER
    assert [r.values["活動名"] for r in table.rows] == ["みのさわお茶会", "本牧いきいき体操"]
    assert table.rows[0].number == 2


def test_xlsx_reads_the_same(db):
    table = importers.read(xlsx_bytes([SALON, TAISO]), "一覧.xlsx")
    assert [r.values["住所"] for r in table.rows] == ["簑沢12-3", "横浜市中区本牧町2-1"]


@pytest.mark.parametrize("data,filename,words", [
    (b"", "a.csv", "空です"),
    ("活動名,住所\r\n".encode(), "a.csv", "データがありません"),
    (b"\r\n\r\n", "a.csv", "見出し行がありません"),
    (b"PK\x03\x04 not really a workbook", "a.xlsx", "開けません"),
    (bytes(range(128, 256)) * 20, "a.csv", "文字"),
    ("活動名,住所\r\nお茶会,中区\r\n".encode("utf-16"), "a.csv", "UTF-16"),
    ("活動名,住所\r\nみのさわお茶会,中区簑沢\r\nほんもくたいそう,中区本牧\r\n".encode("euc_jp"), "a.csv", "EUC-JP"),
    (xlsx_bytes([SALON]), "a.csv", ".xlsx"),
    ("活動名,活動名\r\nお茶会,サロン\r\n".encode(), "a.csv", "2つ以上の列"),
    (b"name\n", "a.pdf", ".xlsx と .csv"),
])
def test_unreadable_files_get_a_japanese_reason(db, data, filename, words):
    with pytest.raises(SpreadsheetError) as caught:
        importers.read(data, filename)
    assert words in str(caught.value)


# --- mapping -----------------------------------------------------------------------------------


def test_headers_are_mapped_by_their_words(db):
    mapping = importers.guess_mapping(HEADER + ["運営団体名", "開催日時特記事項", "緯度", "経度", "備考"])
    assert mapping == {
        "活動名": "name", "ふりがな": "name_kana", "区": "ward", "住所": "address", "会場": "location_name",
        "曜日": "weekday", "時間": "time", "費用": "cost", "対象": "eligibility", "電話番号": "public_phone",
        "内容": "description", "分類": "categories", "運営団体名": "organiser", "開催日時特記事項": "schedule_note",
        "緯度": "latitude", "経度": "longitude", "備考": "description",
    }


def test_a_second_name_column_becomes_the_organiser():
    assert importers.guess_mapping(["活動名", "団体名"]) == {"活動名": "name", "団体名": "organiser"}


def test_a_mapping_needs_a_name_and_a_place_and_one_column_per_field():
    errors = importers.check_mapping({"a": "address", "b": "address", "c": "phone"})
    assert any("名称" in e for e in errors) and any("知らない項目" in e for e in errors)
    errors = importers.check_mapping({"a": "name", "b": "public_phone", "c": "public_phone"})
    assert any("2つ以上の列" in e and "「b」" in e for e in errors)
    assert any("区" in e and "住所" in e for e in errors)
    assert importers.check_mapping({"a": "name", "b": "ward", "c": "cost", "d": "cost"}) == []


def test_a_mapping_is_remembered_by_the_header_set(world):
    mapping = dict(importers.guess_mapping(HEADER), 内容="internal_note")
    importers.mapping_remember(user=world.naka_1so, headers=HEADER, mapping=mapping, categories=["salon"])
    reordered = list(reversed(HEADER))
    remembered = importers.remembered_mapping(reordered)
    assert remembered is not None and remembered.mapping["内容"] == "internal_note"
    assert remembered.categories == ["salon"] and remembered.updated_by == world.naka_1so
    assert importers.remembered_mapping(HEADER + ["備考"]) is None
    importers.mapping_remember(user=world.admin, headers=reordered, mapping=mapping, categories=[])
    assert ImportMapping.objects.count() == 1


# --- rows --------------------------------------------------------------------------------------


def test_a_good_row_is_placed_by_its_block_and_read_field_by_field(world):
    plan = plan_for(world.naka_1so, [SALON])
    (row,) = plan.rows
    assert row.errors == [] and row.state == "new"
    assert row.place == world.d6  # 簑沢 hangs under 第6地区
    assert row.location == {"address": "中区簑沢12-3", "block_id": world.block.pk, "name": "簑沢会館"}
    assert row.fields["public_phone"] == "045-123-4567" and row.fields["eligibility"] == "anyone"
    assert row.schedules == [{"freq": "WEEKLY", "interval": 1, "byday": "TU,TH",
                              "opens_at": time(10), "closes_at": time(12)}]
    assert [c.code for c in row.categories] == ["salon"]


def test_the_ward_comes_from_the_address_when_there_is_no_ward_column(world):
    plan = plan_for(world.naka_1so, [TAISO])
    assert plan.rows[0].errors == [] and plan.rows[0].place == world.naka
    assert plan.rows[0].fields["is_free"] is True


@pytest.mark.parametrize("change,reason", [
    ({0: ""}, "名称がありません。"),
    ({2: "北区"}, "区「北区」が見つかりません。"),
    ({2: "", 3: "簑沢12-3"}, "住所「簑沢12-3」から区がわかりません"),
    ({2: "", 3: ""}, "どこの資源かわかりません"),
    ({9: "045-12"}, "電話番号「045-12」が読めません"),
    ({11: "囲碁"}, "分類「囲碁」が見つかりません"),
    ({2: "磯子区", 3: "森1-1"}, "この場所（磯子区）には登録する権限がありません。"),
])
def test_each_unusable_row_is_reported_with_its_number_and_reason(world, change, reason):
    bad = list(SALON)
    for index, value in change.items():
        bad[index] = value
    plan = plan_for(world.naka_1so, [TAISO, bad])
    assert plan.rows[0].errors == []
    assert plan.rows[1].number == 3 and plan.rows[1].state == "error"
    assert any(reason in e for e in plan.rows[1].errors), plan.rows[1].errors


def test_a_2so_may_only_import_into_their_cp_area(world):
    plan = plan_for(world.minosawa_2so, [SALON, TAISO])
    assert plan.rows[0].errors == []  # 簑沢 is in 簑沢 CP
    assert plan.rows[1].errors == ["この場所（中区）には登録する権限がありません。"]


def test_fields_too_long_and_bad_values_are_errors_not_truncations(world):
    header = ["名称", "区", "メール", "ウェブサイト", "緯度・経度", "郵便番号", "送迎", "状態"]
    plan = plan_for(world.naka_1so, [["あ" * 201, "中区", "not-an-address", "ホームページ", "35.4,139,6", "12-34",
                                      "たぶん", "やすみ"]], header=header)
    errors = " ".join(plan.rows[0].errors)
    for words in ("「名称」が長すぎます（200文字まで、いまは201文字）", "メールアドレス「not-an-address」",
                  "ウェブサイト「ホームページ」", "緯度・経度「35.4,139,6」", "郵便番号「12-34」", "「送迎」の「たぶん」",
                  "状態「やすみ」"):
        assert words in errors


def test_values_are_read_leniently_where_the_meaning_is_plain(world):
    header = ["名称", "区", "メール", "ウェブサイト", "緯度・経度", "郵便番号", "送迎", "状態", "定員", "フリガナ"]
    plan = plan_for(world.naka_1so, [["テスト", "中", "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ", "豊島区公式HP https://example.jp/a",
                                      "35°23'40.0\"N 139°31'48.1\"E", "〒２３１－０００１", "○", "休止中", "約20名", "ﾃｽﾄ"]],
                    header=header)
    row = plan.rows[0]
    assert row.errors == []
    assert row.place == world.naka
    assert row.fields["public_email"] == "info@example.jp" and row.fields["website"] == "https://example.jp/a"
    assert row.location["latitude"] == pytest.approx(35.39444, abs=1e-4)
    assert row.location["postal_code"] == "231-0001" and row.fields["has_pickup"] is True
    assert row.fields["status"] == "paused" and row.fields["capacity"] == 20 and row.fields["name_kana"] == "てすと"


def test_a_capacity_that_is_not_one_number_is_kept_as_a_note(world):
    plan = plan_for(world.naka_1so, [["テスト", "中区", "大人10名・子ども20名"]], header=["名称", "区", "定員"])
    row = plan.rows[0]
    assert "capacity" not in row.fields and "定員：大人10名・子ども20名" in row.fields["eligibility_note"]
    assert any("対象の補足に残しました" in n for n in row.notes)


# --- schedules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("毎週火曜 10時〜12時", [{"freq": "WEEKLY", "interval": 1, "byday": "TU", "opens_at": time(10), "closes_at": time(12)}]),
    ("第2・第4水曜", [{"freq": "MONTHLY", "interval": 1, "byday": "2WE,4WE"}]),
    ("毎月15日", [{"freq": "MONTHLY", "interval": 1, "bymonthday": "15"}]),
    ("毎月第１第３木曜日 13:30〜15:00", [{"freq": "MONTHLY", "interval": 1, "byday": "1TH,3TH",
                                     "opens_at": time(13, 30), "closes_at": time(15)}]),
    ("第二・四金曜日", [{"freq": "MONTHLY", "interval": 1, "byday": "2FR,4FR"}]),
    ("毎月最終土曜日", [{"freq": "MONTHLY", "interval": 1, "byday": "-1SA"}]),
    ("月〜金 午前9時〜午後5時", [{"freq": "WEEKLY", "interval": 1, "byday": "MO,TU,WE,TH,FR",
                           "opens_at": time(9), "closes_at": time(17)}]),
    ("隔週水曜", [{"freq": "WEEKLY", "interval": 2, "byday": "WE"}]),
    ("2026年12月5日（土）13:30〜15:00", [{"freq": "", "dtstart": date(2026, 12, 5), "opens_at": time(13, 30),
                                       "closes_at": time(15)}]),
    ("毎週月曜（2026年4月1日から2026年11月30日まで）", [{"freq": "WEEKLY", "interval": 1, "byday": "MO",
                                                 "valid_from": date(2026, 4, 1), "valid_to": date(2026, 11, 30)}]),
    ("毎週火曜 10:00〜12:00 雨天中止", [{"freq": "WEEKLY", "interval": 1, "byday": "TU", "notes": "雨天中止",
                                     "opens_at": time(10), "closes_at": time(12)}]),
    ("毎週火曜／第2土曜", [{"freq": "WEEKLY", "interval": 1, "byday": "TU"},
                      {"freq": "MONTHLY", "interval": 1, "byday": "2SA"}]),
])
def test_free_text_schedules_become_rules(text, expected):
    parsed = importers.parse_schedule_text(text)
    assert parsed.understood, text
    assert parsed.schedules == expected


@pytest.mark.parametrize("text", ["月1回", "不定期開催 10時～", "偶数月の第３土曜日", "12:00から19:00まで日曜日を除く",
                                  "4月15日", "テイクアウト12時～20時まで", "11:30〜14:00、16:00〜19:00 月・金"])
def test_schedules_that_could_mislead_are_not_turned_into_rules(text):
    parsed = importers.parse_schedule_text(text)
    assert not parsed.understood
    assert parsed.schedules == []


def test_every_schedule_wording_of_the_product_reads_back(world):
    from tsunagu.directory.schedules import describe

    rules = [
        {"freq": "WEEKLY", "interval": 1, "byday": "TU,TH", "opens_at": time(10), "closes_at": time(12)},
        {"freq": "WEEKLY", "interval": 1, "byday": "MO,TU,WE,TH,FR"},
        {"freq": "WEEKLY", "interval": 1, "byday": "MO,TU,WE,TH,FR,SA,SU"},
        {"freq": "MONTHLY", "interval": 1, "byday": "2TU,4TU", "opens_at": time(13, 30)},
        {"freq": "MONTHLY", "interval": 1, "byday": "1MO,1TH"},
        {"freq": "MONTHLY", "interval": 1, "byday": "2TU,-1FR", "closes_at": time(15)},
        {"freq": "MONTHLY", "interval": 1, "bymonthday": "1,15", "notes": "雨天中止"},
        {"freq": "MONTHLY", "interval": 1, "bymonthday": "-1"},
        {"freq": "", "dtstart": date(2026, 12, 5), "opens_at": time(9, 5), "closes_at": time(11)},
        {"freq": "WEEKLY", "interval": 1, "byday": "SA", "valid_from": date(2026, 4, 1)},
    ]
    for rule in rules:
        text = describe(Schedule(**rule))
        parsed = importers.parse_schedule_text(text)
        assert parsed.understood, text
        assert parsed.schedules == [rule], text


def test_a_row_whose_schedule_cannot_be_read_keeps_it_word_for_word(world):
    header = ["名称", "区", "開催頻度", "開催曜日", "開催開始時間", "開催終了時間", "開催日時特記事項"]
    plan = plan_for(world.naka_1so, [["食堂A", "中区", "5", "土", "17:00", "18:30", "変更の場合あり"],
                                     ["食堂B", "中区", "第４土曜日", "土", "12:00", "", ""],
                                     ["食堂C", "中区", "", "水", "17:00", "19:00", ""]], header=header)
    a, b, c = plan.rows
    assert a.errors == [] and a.schedules == []
    assert a.fields["schedule_note"] == "開催頻度：5　開催曜日：土　開催開始時間：17:00　開催終了時間：18:30　変更の場合あり"
    assert any("決められないため" in n for n in a.notes) and a.schedule_check
    assert b.schedules == [{"freq": "MONTHLY", "interval": 1, "byday": "4SA", "opens_at": time(12)}]
    assert "schedule_note" not in b.fields and b.notes == []
    assert c.schedules == [{"freq": "WEEKLY", "interval": 1, "byday": "WE", "opens_at": time(17), "closes_at": time(19)}]


def test_a_schedule_read_only_in_part_is_not_read_at_all_and_is_marked(world):
    """「原則」 or a count beside days makes the days uncertain: no rule from the part that reads."""
    plan = plan_for(world.naka_1so, [["サロン", "中区", "原則第二・第四金曜日（要予約）"],
                                     ["体操", "中区", "毎週水曜日・日曜日月2回"]], header=["名称", "区", "日時"])
    salon, taiso = plan.rows
    assert salon.schedules == [] and salon.schedule_check and salon.fields["schedule_check"] is True
    assert salon.fields["schedule_note"] == "原則第二・第四金曜日（要予約）"
    assert taiso.schedules == [] and taiso.schedule_check
    assert taiso.fields["schedule_note"] == "毎週水曜日・日曜日月2回"
    assert all(any("決められないため" in n for n in row.notes) for row in plan.rows)


def test_a_schedule_note_too_long_for_its_field_goes_whole_into_the_description(world):
    long = "受け渡しは" + "ホテルの正面入口で、" * 40
    plan = plan_for(world.naka_1so, [["店", "中区", long, "おいしい"]], header=["名称", "区", "日時", "内容"])
    row = plan.rows[0]
    assert row.errors == []
    assert len(row.fields["schedule_note"]) <= 300 and row.fields["schedule_note"].endswith("（続きは内容欄）")
    assert row.fields["description"] == "おいしい\n【日時】" + long


# --- duplicates --------------------------------------------------------------------------------


def test_duplicates_of_existing_listings_and_of_earlier_rows_are_found(world):
    existing = make_listing(world.d6, "ミノサワ お茶会")  # same name once normalised (kana, width, spaces)
    at_address = make_listing(world.naka, "本牧いきいき体操")
    Location.objects.filter(pk=at_address.location_id).update(address="横浜市中区本牧町2-1")
    plan = plan_for(world.naka_1so, [SALON, TAISO, ["別の会", "", "", "中区本牧町9"], ["別の会", "", "中区", "本牧町9"]])
    first, second, third, fourth = plan.rows
    assert first.state == "duplicate" and first.duplicate_of == (existing.pk, existing.name)
    assert second.state == "duplicate" and second.duplicate_of[0] == at_address.pk
    assert third.state == "new"
    assert fourth.state == "duplicate" and fourth.duplicate_row == 4
    summary = plan.summary()
    assert summary["duplicates"] == 3 and summary["duplicate_rows"][0]["duplicate_of"]["url"] == f"/directory/{existing.pk}/"


def test_a_listing_out_of_sight_is_not_offered_as_a_duplicate(world):
    make_listing(world.kuraki, "みのさわお茶会", visibility=Visibility.DRAFT)  # 磯子区's draft
    plan = plan_for(world.naka_1so, [SALON])
    assert plan.rows[0].state == "new"


# --- commit ------------------------------------------------------------------------------------


def test_commit_writes_listings_with_their_first_version_search_and_weekday_mask(world):
    result = commit_rows(world.naka_1so, [SALON, TAISO])
    assert result["created"] == 2 and result["skipped_errors"] == 0
    salon = Listing.objects.get(name="みのさわお茶会")
    assert salon.visibility == Visibility.DRAFT and salon.place == world.d6
    assert salon.location.block == world.block and salon.location.name == "簑沢会館"
    assert salon.weekday_mask == (1 << 1) | (1 << 3)
    assert salon.search_text == salon.compute_search_text()
    assert list(salon.categories.values_list("code", flat=True)) == ["salon"]
    (version,) = salon.versions.all()
    assert version.number == 1 and version.how == "import" and version.actor == world.naka_1so
    assert version.data == services.snapshot(salon)  # the in-memory snapshot equals the service's
    assert version.changes["name"] == [None, "みのさわお茶会"]
    assert [item.name for item in find(Listing.objects.all(), "おちゃかい")] == ["みのさわお茶会"]
    assert [item.name for item in find(Listing.objects.all(), "体操")] == ["本牧いきいき体操"]


def test_imported_listings_may_be_published_at_once(world):
    commit_rows(world.naka_1so, [SALON], visibility=Visibility.PUBLIC)
    assert Listing.objects.public().filter(name="みのさわお茶会").exists()


def test_duplicates_are_skipped_by_default_and_updated_when_asked(world):
    existing = make_listing(world.d6, "みのさわお茶会", byday="MO")
    result = commit_rows(world.naka_1so, [SALON, TAISO])
    assert (result["created"], result["updated"], result["skipped_duplicates"]) == (1, 0, 1)
    existing.refresh_from_db()
    assert existing.public_phone == "" and existing.versions.count() == 0

    result = commit_rows(world.naka_1so, [SALON], update_duplicates=True)
    assert (result["created"], result["updated"]) == (0, 1)
    existing.refresh_from_db()
    assert existing.public_phone == "045-123-4567" and existing.visibility == Visibility.PUBLIC
    assert existing.place == world.d6 and existing.weekday_mask == (1 << 1) | (1 << 3)
    assert existing.versions.get().how == "import"


def test_rows_with_errors_stop_the_whole_import_unless_left_out(world):
    bad = list(SALON)
    bad[0] = ""
    with pytest.raises(importers.ImportRefused) as caught:
        commit_rows(world.naka_1so, [TAISO, bad])
    assert "1行に問題がある" in str(caught.value)
    assert not Listing.objects.exists()
    result = commit_rows(world.naka_1so, [TAISO, bad], skip_errors=True)
    assert result["created"] == 1 and result["error_rows"][0]["number"] == 3


def test_rows_that_went_bad_after_the_preview_stop_the_import(world):
    with pytest.raises(importers.ImportRefused) as caught:
        commit_rows(world.naka_1so, [TAISO, ["", "", "中区"]], skip_errors=True, expected_errors=[])
    assert "確認画面のあとで" in str(caught.value)
    assert not Listing.objects.exists()


def test_a_failure_mid_import_leaves_nothing_behind(world, monkeypatch):
    rows = [[f"サロン{i:03d}", "", "中区", f"簑沢{i}-1", "", "火", "10時〜12時"] for i in range(1, 121)]
    header = ["名称", "フリガナ", "区", "住所", "会場", "曜日", "時間"]
    original = importers._new_listing

    def fail_on_row_50(plan, visibility):
        if plan.number == 51:  # the 50th data row
            raise RuntimeError("injected")
        return original(plan, visibility)

    monkeypatch.setattr(importers, "BATCH", 20)  # two batches are written before the failure
    monkeypatch.setattr(importers, "_new_listing", fail_on_row_50)
    counts = (Listing.objects.count(), Location.objects.count(), Schedule.objects.count(),
              ListingVersion.objects.count())
    with pytest.raises(RuntimeError):
        commit_rows(world.naka_1so, rows, header=header)
    assert (Listing.objects.count(), Location.objects.count(), Schedule.objects.count(),
            ListingVersion.objects.count()) == counts
    assert Listing.categories.through.objects.count() == 0
    search.ensure_sqlite_index()
    assert list(find(Listing.objects.all(), "サロン0")) == []

    monkeypatch.setattr(importers, "_new_listing", original)
    assert commit_rows(world.naka_1so, rows, header=header)["created"] == 120
    assert find(Listing.objects.all(), "サロン050").count() == 1


def test_default_categories_are_given_to_every_row(world):
    assert Category.objects.filter(code="kodomo-shokudo", name="子ども食堂").exists()
    commit_rows(world.naka_1so, [SALON, TAISO], categories=["kodomo-shokudo"])
    salon, taiso = Listing.objects.get(name="みのさわお茶会"), Listing.objects.get(name="本牧いきいき体操")
    assert sorted(salon.categories.values_list("code", flat=True)) == ["kodomo-shokudo", "salon"]
    assert sorted(taiso.categories.values_list("code", flat=True)) == ["kodomo-shokudo", "taiso"]


def test_the_jobs_read_an_upload_once_and_explain_a_bad_one(db):
    rows = [[f"サロン{i}", "", "中区", f"簑沢{i}"] + [""] * 8 for i in range(500)]
    content = xlsx_bytes(rows)
    for bad, words in [(xlsx_bytes([]), "データがありません"), (b"PK\x03\x04broken", "開けません"), (b"", "空です")]:
        with pytest.raises(SpreadsheetError) as caught:
            importers.load_table(importers.store_upload(bad, "a.xlsx"), "a.xlsx")
        assert words in str(caught.value)

    path = importers.store_upload(content, "big.xlsx")
    first = importers.load_table(path, "big.xlsx")
    assert first.headers == HEADER and len(first.rows) == 500
    from django.core.files.storage import default_storage

    default_storage.delete(path)  # the commit reads what the preview kept, not the workbook
    second = importers.load_table(path, "big.xlsx")
    assert [(r.number, r.values) for r in second.rows] == [(r.number, r.values) for r in first.rows]
    assert second.headers == first.headers and len(second.rows) == 500
    assert default_storage.exists(f"{path}.grid.json")  # what the first reading kept
    importers.forget_upload(path)
    assert not default_storage.exists(f"{path}.grid.json")


def test_a_duplicate_found_by_address_that_is_not_theirs_is_skipped_even_when_updating(world):
    # The same group registered by 本牧 CP at the same address: 簑沢's 2層Co sees it but may not change it.
    theirs = make_listing(world.honmoku, "みのさわお茶会")
    Location.objects.filter(pk=theirs.location_id).update(address="中区簑沢12-3")
    plan = plan_for(world.minosawa_2so, [SALON])
    assert plan.rows[0].duplicate_of[0] == theirs.pk and plan.rows[0].duplicate_editable is False
    result = commit_rows(world.minosawa_2so, [SALON], update_duplicates=True)
    assert (result["created"], result["updated"], result["skipped_duplicates"]) == (0, 0, 1)
    assert result["duplicate_rows"][0]["duplicate_of"]["editable"] is False
    theirs.refresh_from_db()
    assert theirs.public_phone == "" and theirs.versions.count() == 0


# --- values as ward lists write them -----------------------------------------------------------


@pytest.mark.parametrize("text,number", [
    ("045-621-3344", "045-621-3344"),
    ("456213344", "045-621-3344"),  # a number cell: Yokohama's 045 lost its 0
    ("０４５－６２１－３３４４", "045-621-3344"),  # full-width digits and hyphen
    ("045ー621ー3344", "045-621-3344"),  # the long-vowel mark typed for a hyphen
    ("045‐621‐3344", "045-621-3344"),
    ("045（621）3344", "045-621-3344"),
    ("9012345678", "090-1234-5678"),
    ("8012345678", "080-1234-5678"),
    ("7012345678", "070-1234-5678"),
    ("120123456", "0120-123-456"),
    ("312345678", "03-1234-5678"),
    ("441234567", "044-123-4567"),
    ("5012345678", "050-1234-5678"),
    ("TEL 045-621-3344 / 090-1234-5678", "045-621-3344／090-1234-5678"),
])
def test_phone_numbers_are_read_and_repaired_where_the_area_is_known(text, number):
    assert importers.read_phone(text).number == number


@pytest.mark.parametrize("text,reason", [
    ("466123456", "市外局番がわからないため直せません"),  # 0466 藤沢 or 046 大和?
    ("4561234", "けたが足りません"),  # without an area code outside Yokohama rows
    ("045-12", "けたが足りません"),
    ("04562133445566", "けたが多すぎます"),
    ("045-621-3344（代）", "数字のほかの文字"),
])
def test_phone_numbers_that_cannot_be_repaired_are_refused_with_the_reason(text, reason):
    reading = importers.read_phone(text)
    assert reading.number is None and reason in reading.problem


def test_a_local_number_in_a_yokohama_row_gets_045(world):
    plan = plan_for(world.naka_1so, [["会", "中区", "621-3344"]], header=["名称", "区", "電話"])
    row = plan.rows[0]
    assert row.fields["public_phone"] == "045-621-3344" and any("市外局番がなかったため" in n for n in row.notes)


@pytest.mark.parametrize("text,day", [
    ("2024-04-01", date(2024, 4, 1)),  # an Excel date cell
    ("2024-04-01T09:30:00", date(2024, 4, 1)),
    ("2024/4/1", date(2024, 4, 1)),
    ("２０２４／４／１", date(2024, 4, 1)),
    ("2024年4月1日", date(2024, 4, 1)),
    ("2024.4.1", date(2024, 4, 1)),
    ("R6.4.1", date(2024, 4, 1)),
    ("r6/4/1", date(2024, 4, 1)),
    ("令和6年4月1日", date(2024, 4, 1)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("平成30年12月1日", date(2018, 12, 1)),
    ("45383", date(2024, 4, 1)),  # a date cell that lost its format: Excel's day number
])
def test_confirmed_dates_are_read_in_every_form(text, day):
    assert importers.parse_date(text) == day


@pytest.mark.parametrize("text", ["2024年4月", "R6.13.1", "令和6年2月30日", "4月1日", "確認済み", "123"])
def test_what_is_not_one_whole_date_is_not_a_date(text):
    assert importers.parse_date(text) is None


def test_a_confirmed_date_that_cannot_be_right_is_an_error(world):
    header = ["名称", "区", "確認日"]
    plan = plan_for(world.naka_1so, [["A", "中区", "R6.4"], ["B", "中区", "2999/1/1"], ["C", "中区", "1970/1/1"]],
                    header=header)
    assert [row.error_kinds for row in plan.rows] == [["confirmed"]] * 3
    assert "読めません" in plan.rows[0].errors[0] and "今日より後" in plan.rows[1].errors[0]
    assert "古すぎます" in plan.rows[2].errors[0]


def test_half_width_kana_full_width_digits_and_yen_are_made_even(world):
    header = ["名称", "区", "参加費", "内容"]
    plan = plan_for(world.naka_1so, [["ｶﾌｪ ﾐﾄﾞﾘ", "中区", "￥300", "第２火曜　１０時から"],
                                     ["サロン", "中区", "500", ""], ["食堂", "中区", "0円", ""]], header=header)
    cafe, salon, shokudo = plan.rows
    assert cafe.name == "カフェ ミドリ" and cafe.fields["cost"] == "300円"
    assert cafe.fields["description"] == "第2火曜　10時から"  # the full-width space stays
    assert salon.fields["cost"] == "500円" and "is_free" not in salon.fields
    assert shokudo.fields["is_free"] is True


# --- schedules: read exactly, or kept word for word and marked -----------------------------------


@pytest.mark.parametrize("text,expected", [
    ("第1・3水曜", [{"freq": "MONTHLY", "interval": 1, "byday": "1WE,3WE"}]),
    ("第1水曜・第3水曜", [{"freq": "MONTHLY", "interval": 1, "byday": "1WE,3WE"}]),
    ("第1、第3月曜日", [{"freq": "MONTHLY", "interval": 1, "byday": "1MO,3MO"}]),
    ("毎月第1月曜日と第3木曜日", [{"freq": "MONTHLY", "interval": 1, "byday": "1MO,3TH"}]),
    ("毎週月・木", [{"freq": "WEEKLY", "interval": 1, "byday": "MO,TH"}]),
    ("毎週月曜日・木曜日", [{"freq": "WEEKLY", "interval": 1, "byday": "MO,TH"}]),
    ("月・水・金 9時～12時", [{"freq": "WEEKLY", "interval": 1, "byday": "MO,WE,FR", "opens_at": time(9),
                          "closes_at": time(12)}]),
    ("毎週水曜日、日曜日", [{"freq": "WEEKLY", "interval": 1, "byday": "WE,SU"}]),
    ("第3土曜（月1回）", [{"freq": "MONTHLY", "interval": 1, "byday": "3SA"}]),  # the count agrees
    ("第1・3水曜日（月2回）", [{"freq": "MONTHLY", "interval": 1, "byday": "1WE,3WE"}]),
    ("毎月1日・15日（月2回）", [{"freq": "MONTHLY", "interval": 1, "bymonthday": "1,15"}]),
    ("毎週火・金（週2回）", [{"freq": "WEEKLY", "interval": 1, "byday": "TU,FR"}]),
    ("隔週水曜", [{"freq": "WEEKLY", "interval": 2, "byday": "WE"}]),
    ("隔月第2土曜", [{"freq": "MONTHLY", "interval": 2, "byday": "2SA"}]),
    ("毎月 第2・4 水曜日 13:30～15:30", [{"freq": "MONTHLY", "interval": 1, "byday": "2WE,4WE",
                                      "opens_at": time(13, 30), "closes_at": time(15, 30)}]),
])
def test_schedule_shapes_that_name_their_days_exactly_become_rules(text, expected):
    parsed = importers.parse_schedule_text(text)
    assert parsed.understood, text
    assert parsed.schedules == expected


@pytest.mark.parametrize("text", [
    "月2回", "月に2回", "月1～2回", "週1回", "年4回", "月2回程度",  # how often, not when
    "毎週水曜日・日曜日月2回",  # 月 is no Monday here, and the count contradicts the days
    "水・日（月2回）", "第1水曜（月2回）", "毎週火曜（週2回）",  # the count and the days disagree
    "不定期", "随時", "隔週", "隔月", "偶数月", "偶数月第2土曜", "奇数月の第1土曜日",
    "原則第二・第四金曜日（要予約）", "第2土曜日(4月～3月)", "毎週火曜日（8月は休み）",
    "土日祝", "お盆・年末年始を除く毎週月曜", "当面の間毎週金曜・土曜の10:00～13:00", "要相談",
])
def test_schedule_shapes_that_do_not_name_their_days_exactly_make_no_rule(text):
    parsed = importers.parse_schedule_text(text)
    assert not parsed.understood, text
    assert parsed.schedules == []


def test_a_rest_on_holidays_is_read_as_the_rules_rest_not_refused():
    # 祝日除く names no other day: the rule is read whole and rests on holidays (Schedule's flag).
    parsed = importers.parse_schedule_text("水曜日（祝日除く）")
    assert parsed.understood
    assert [(s["byday"], s.get("closed_on_holidays")) for s in parsed.schedules] == [("WE", True)]


def test_a_monday_is_never_read_from_a_month(world):
    """The bug this guards against: 「日曜日月2回」 read as Sunday and Monday."""
    for text in ("毎週水曜日・日曜日月2回", "日曜日月1回", "土曜日 月2回"):
        parsed = importers.parse_schedule_text(text)
        assert all("MO" not in s.get("byday", "") for s in parsed.schedules), text
