"""Importing places from a spreadsheet: every bad row is explained in Japanese with its row
number, and either every row is written or none is."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tsunagu.lib.spreadsheets import read_table
from tsunagu.people import place_importers as importers
from tsunagu.people.models import User
from tsunagu.people.place_views import SESSION_IMPORT
from tsunagu.places.models import Kind, Place

HEADER = ["種別", "コード", "名称", "ふりがな", "親コード", "緯度", "経度", "備考"]

# A new CP area with a district, an association and a block under it. Children come first:
# each row names a parent that is only defined further down the file.
GOOD_ROWS = [
    [
        "町丁目",
        "14104-新山下一丁目",
        "新山下一丁目",
        "しんやましたいっちょうめ",
        "14104-D010-A01",
        "",
        "",
        "",
    ],
    [
        "自治会町内会",
        "14104-D010-A01",
        "山﨑町内会",
        "やまさきちょうないかい",
        "14104-D010",
        "",
        "",
        "髙橋会長",
    ],
    ["地区", "14104-D010", "第10地区", "", "14104-CP03", "", "", ""],
    ["CPエリア", "14104-CP03", "新山下地域ケアプラザ", "しんやました", "14104", "35.4371", "139.6510", ""],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(",".join(str(c) for c in row) for row in [header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def place_state() -> list[tuple]:
    return list(
        Place.objects.order_by("pk").values_list(
            "pk",
            "kind",
            "code",
            "name",
            "name_kana",
            "parent_id",
            "path",
            "latitude",
            "longitude",
            "note",
            "version",
        )
    )


def errors_by_row(preview) -> dict[int, list[str]]:
    return {row.number: row.errors for row in preview.error_rows}


def assert_paths_are_consistent():
    for place in Place.objects.select_related("parent"):
        assert place.path == f"{place.parent.path if place.parent_id else '/'}{place.pk}/", place.code
        assert place.depth == (place.parent.depth + 1 if place.parent_id else 0), place.code


def preview_and_commit(user, data: bytes, filename: str):
    preview = importers.preview(user, data, filename)
    assert preview.ok, (preview.file_errors, errors_by_row(preview))
    # Through the session, as the screens do.
    rows = importers.rows_from_session(preview.to_session())
    return preview, importers.commit(user, rows)


def assert_good_rows_were_written(world):
    cp = Place.objects.get(code="14104-CP03")
    district = Place.objects.get(code="14104-D010")
    association = Place.objects.get(code="14104-D010-A01")
    block = Place.objects.get(code="14104-新山下一丁目")
    assert (cp.kind, cp.parent, cp.latitude, cp.longitude) == (Kind.CP_AREA, world.naka, 35.4371, 139.651)
    assert (district.kind, district.parent) == (Kind.DISTRICT, cp)
    assert (association.kind, association.parent, association.name, association.note) == (
        Kind.ASSOCIATION,
        district,
        "山﨑町内会",
        "髙橋会長",
    )
    assert association.name_kana == "やまさきちょうないかい"
    assert (block.kind, block.parent) == (Kind.BLOCK, association)
    assert block.path == f"{world.naka.path}{cp.pk}/{district.pk}/{association.pk}/{block.pk}/"
    assert_paths_are_consistent()


# --- Bad files: row-by-row Japanese errors, nothing written --------------------------------


def assert_refused_and_nothing_written(user, data, filename):
    """The preview explains the problems; through the screens, nothing can then be written."""
    before = place_state()
    preview = importers.preview(user, data, filename)
    assert not preview.ok
    client = Client()
    client.force_login(user)
    response = client.post(reverse("places:import"), {"file": SimpleUploadedFile(filename, data)})
    assert response.status_code == 200
    assert "取り込む</button>" not in response.content.decode()
    assert SESSION_IMPORT not in client.session
    response = client.post(reverse("places:import_commit"))
    assert response.status_code == 302 and response.url == reverse("places:import")
    assert place_state() == before
    return preview


def test_rows_without_a_code_are_reported_by_row_number_and_nothing_is_written(world):
    rows = [
        GOOD_ROWS[3],
        ["地区", "", "第11地区", "", "14104-CP03", "", "", ""],
        ["地区", " ", "第12地区", "", "14104", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        3: ["コードが空欄です。すべての場所にコードが必要です。"],
        4: ["コードが空欄です。すべての場所にコードが必要です。"],
    }


def test_a_code_used_twice_in_the_file_is_reported_on_the_second_row_naming_the_first(world):
    rows = [
        GOOD_ROWS[3],
        ["地区", "14104-D010", "第10地区", "", "14104-CP03", "", "", ""],
        ["地区", "14104-ｄ010", "第10地区（重複）", "", "14104-CP03", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {4: ["コード 14104-D010 がファイル内で重複しています（最初は3行目）。"]}


def test_a_parent_code_found_neither_in_the_file_nor_in_tsunagu_is_reported(world):
    rows = [GOOD_ROWS[3], ["地区", "14104-D010", "第10地区", "", "14104-CP99", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        3: ["親コード 14104-CP99 が、このファイルにもつなぐにも見つかりません。"]
    }


def test_a_parent_of_the_wrong_kind_is_reported_naming_both_kinds(world):
    rows = [
        ["自治会町内会", "14104-A01", "区直下町内会", "", "14104", "", "", ""],  # existing ward
        ["CPエリア", "14104-CP03", "新CP", "", "14104-D006", "", "", ""],  # existing district
        ["地区", "14104-D010", "第10地区", "", "14104-A01", "", "", ""],  # association from this file
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["自治会町内会は区の下には置けません（親コード 14104）。"],
        3: ["CPエリアは地区の下には置けません（親コード 14104-D006）。"],
        4: ["地区は自治会町内会の下には置けません（親コード 14104-A01）。"],
    }


def test_parent_codes_that_loop_within_the_file_are_reported_on_every_row_of_the_loop(world):
    rows = [
        ["地区", "14104-D010", "第10地区", "", "14104-CP03", "", "", ""],
        ["CPエリア", "14104-CP03", "新CP", "", "14104-D010", "", "", ""],
        ["自治会町内会", "14104-A01", "町内会", "", "14104-D010", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    errors = errors_by_row(preview)
    assert errors[2] == ["親コードがファイル内で循環しています。"]
    assert errors[3] == [
        "CPエリアは地区の下には置けません（親コード 14104-D010）。",
        "親コードがファイル内で循環しています。",
    ]
    assert "親コードがファイル内で循環しています。" in errors[4]


def test_a_row_that_names_itself_as_parent_is_reported(world):
    rows = [["地区", "14104-D010", "第10地区", "", "14104-D010", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview)[2][0] == "親コードがその行自身のコードになっています。"


def test_unknown_kinds_blank_names_and_bad_coordinates_are_each_explained(world):
    rows = [
        ["公園", "14104-P01", "山下公園", "", "14104", "", "", ""],
        ["", "14104-P02", "無種別", "", "14104", "", "", ""],
        ["地区", "14104-D010", "", "", "14104", "北緯35度", "200", ""],
        ["区", "14199", "新区", "", "", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    errors = errors_by_row(preview)
    assert errors[2] == [
        "種別「公園」は場所の種別として使えません（区・CPエリア・地区・自治会町内会・町丁目）。"
    ]
    assert errors[3] == ["種別が空欄です。"]
    assert errors[4] == [
        "名称が空欄です。",
        "緯度「北緯35度」が数値ではありません。",
        "経度 200 が範囲外です。",
    ]
    assert errors[5] == ["親コードが空欄です。区には上位の場所が必要です。"]


def test_changing_the_kind_of_an_existing_place_is_refused(world):
    rows = [["CPエリア", "14104-D006", "第6地区", "", "14104", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["コード 14104-D006 はすでに地区として登録されています。場所の種別は変更できません。"]
    }


def test_one_bad_row_among_good_ones_keeps_the_good_rows_out_too(world):
    rows = [*GOOD_ROWS, ["地区", "14104-D011", "第11地区", "", "14104-CP98", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert list(errors_by_row(preview)) == [6]
    assert not Place.objects.filter(code="14104-CP03").exists()


def test_bytes_invalid_in_both_utf8_and_cp932_are_refused_as_garbled_and_nothing_is_written(world):
    data = csv_bytes(GOOD_ROWS).replace("山﨑".encode(), b"\x82\x20\x82")
    preview = assert_refused_and_nothing_written(world.naka_1so, data, "places.csv")
    assert preview.rows == []
    assert len(preview.file_errors) == 1
    assert preview.file_errors[0].startswith("ファイルの文字を読み取れません（文字化け）。")


def test_a_missing_header_column_is_named_and_nothing_is_written(world):
    header = [h for h in HEADER if h != "親コード"]
    rows = [[c for i, c in enumerate(r) if i != 4] for r in GOOD_ROWS]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows, header=header), "places.csv")
    assert preview.file_errors == [
        "見出し行に次の列がありません：親コード。必要な列：種別、コード、名称、ふりがな、親コード、緯度、経度、備考。"
    ]


def test_a_header_with_no_data_below_it_is_refused(world):
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes([]), "places.csv")
    assert preview.file_errors == ["見出し行の下にデータがありません。"]


def test_blank_lines_do_not_shift_the_row_numbers_in_errors(world):
    data = csv_bytes([GOOD_ROWS[3]]) + b"\r\n,,,,,,,\r\n" + "地区,,第11地区,,14104-CP03,,,\r\n".encode()
    preview = assert_refused_and_nothing_written(world.naka_1so, data, "places.csv")
    assert list(errors_by_row(preview)) == [5]


# --- Good files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "encoding"),
    [
        (csv_bytes(GOOD_ROWS), "places.csv", "utf-8-sig"),
        (csv_bytes(GOOD_ROWS, bom=True), "places.csv", "utf-8-sig"),
        (csv_bytes(GOOD_ROWS, encoding="cp932"), "places.csv", "cp932"),
        (xlsx_bytes(GOOD_ROWS), "places.xlsx", "xlsx"),
    ],
    ids=["utf-8", "utf-8-bom", "cp932", "xlsx"],
)
def test_a_good_file_is_imported_fully_with_parents_defined_later_in_the_file(
    world, data, filename, encoding
):
    assert read_table(data, filename).encoding == encoding
    before = Place.objects.count()
    preview, (created, updated) = preview_and_commit(world.naka_1so, data, filename)
    assert (preview.new_count, preview.update_count) == (4, 0)
    assert (created, updated) == (4, 0)
    assert Place.objects.count() == before + 4
    assert_good_rows_were_written(world)


def test_kind_words_and_codes_are_read_in_any_width_and_case(world):
    rows = [
        ["ＣＰエリア", "１４１０４－ｃｐ０３", "新CP", "", "１４１０４", "３５．４", "１３９．６", ""],
        ["地区社協", "14104-d010", "第10地区", "", "14104-cp03", "", "", ""],
    ]
    preview_and_commit(world.naka_1so, csv_bytes(rows), "places.csv")
    cp = Place.objects.get(code="14104-CP03")
    assert (cp.kind, cp.latitude, cp.longitude) == (Kind.CP_AREA, 35.4, 139.6)
    assert Place.objects.get(code="14104-D010").parent == cp


def test_re_importing_an_existing_code_updates_that_place_in_place(world):
    rows = [
        ["地区", "14104-D006", "第六地区", "だいろくちく", "14104-CP01", "35.42", "139.63", "更新しました"]
    ]
    preview, (created, updated) = preview_and_commit(world.naka_1so, csv_bytes(rows), "places.csv")
    assert (preview.new_count, preview.update_count, created, updated) == (0, 1, 0, 1)
    d6 = Place.objects.get(pk=world.d6.pk)
    assert (d6.name, d6.name_kana, d6.parent, d6.latitude, d6.note) == (
        "第六地区",
        "だいろくちく",
        world.minosawa,
        35.42,
        "更新しました",
    )
    assert d6.version == 2
    assert Place.objects.get(pk=world.block.pk).parent == d6


def test_re_importing_with_a_new_parent_code_moves_the_place_and_its_subtree(world):
    rows = [["地区", "14104-D006", "第6地区", "", "14104-CP02", "", "", ""]]
    preview_and_commit(world.naka_1so, csv_bytes(rows), "places.csv")
    d6 = Place.objects.get(pk=world.d6.pk)
    honmoku = Place.objects.get(pk=world.honmoku.pk)
    assert d6.parent == honmoku
    assert Place.objects.get(pk=world.block.pk).path == f"{honmoku.path}{d6.pk}/{world.block.pk}/"
    assert_paths_are_consistent()


def test_a_move_and_new_places_under_the_moved_place_in_one_file_leave_every_path_right(world):
    # The new association is written under 第6地区 before 第6地区 moves; the block below it is
    # written after the move, and must not inherit the association's old path.
    rows = [
        ["自治会町内会", "14104-D006-A01", "簑沢町内会", "", "14104-D006", "", "", ""],
        ["地区", "14104-D006", "第6地区", "", "14104-CP02", "", "", ""],
        ["町丁目", "14104-簑沢二丁目", "簑沢二丁目", "", "14104-D006-A01", "", "", ""],
    ]
    preview_and_commit(world.naka_1so, csv_bytes(rows), "places.csv")
    honmoku = Place.objects.get(pk=world.honmoku.pk)
    block = Place.objects.get(code="14104-簑沢二丁目")
    assert block.is_within(honmoku)
    assert block in Place.objects.under(honmoku)
    assert block not in Place.objects.under(Place.objects.get(pk=world.minosawa.pk))
    assert_paths_are_consistent()


# --- Reach: a ward's coordinator works only in that ward -------------------------------------


def test_a_ward_coordinator_cannot_add_places_in_another_ward_nor_change_its_places(world):
    rows = [
        GOOD_ROWS[3],
        ["自治会町内会", "14107-D001-A02", "森町内会", "", "14107-D001", "", "", ""],
        ["自治会町内会", "14107-D001-A01", "久良岐丘自治会（改）", "", "14107-D001", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        3: ["親コード 14107-D001 は、あなたが場所を追加できる場所ではありません。"],
        4: ["コード 14107-D001-A01 は、あなたが変更できない場所ですでに使われています。"],
    }
    assert Place.objects.get(code="14107-D001-A01").name == "久良岐丘自治会"


def test_a_ward_coordinator_cannot_move_a_place_of_their_ward_into_another_ward(world):
    rows = [["地区", "14104-D006", "第6地区", "", "14107-CP01", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["親コード 14107-CP01 は、あなたが場所を追加できる場所ではありません。"]
    }


def test_a_ward_coordinator_cannot_add_a_ward_to_the_city(world):
    rows = [["区", "14199", "新区", "", "14100", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {2: ["親コード 14100 は、あなたが場所を追加できる場所ではありません。"]}


@pytest.mark.parametrize("who", ["naka_1so", "admin"])
def test_only_a_system_administrator_may_start_a_new_city_tree(world, who):
    rows = [["市", "14130", "川崎市", "", "", "", "", ""]]
    preview = assert_refused_and_nothing_written(getattr(world, who), csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["上位の場所のない市を新しく登録できるのは、システム管理者だけです。"]
    }


def test_a_system_administrator_may_start_a_new_city_tree(world):
    root = User.objects.create_superuser(username="root", password="x-long-enough-password-1")
    rows = [["区", "14131", "川崎区", "", "14130", "", "", ""], ["市", "14130", "川崎市", "", "", "", "", ""]]
    _, (created, _updated) = preview_and_commit(root, csv_bytes(rows), "places.csv")
    assert created == 2
    kawasaki = Place.objects.get(code="14130")
    assert kawasaki.parent is None and kawasaki.path == f"/{kawasaki.pk}/"
    assert Place.objects.get(code="14131").parent == kawasaki


def test_a_cp_area_coordinator_may_import_only_within_their_own_area(world):
    rows = [
        ["自治会町内会", "14104-D006-A01", "簑沢町内会", "", "14104-D006", "", "", ""],
        ["自治会町内会", "14104-D007-A01", "本牧町内会", "", "14104-D007", "", "", ""],
    ]
    preview = assert_refused_and_nothing_written(world.minosawa_2so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        3: ["親コード 14104-D007 は、あなたが場所を追加できる場所ではありません。"]
    }


def test_the_city_administrator_may_import_anywhere_in_the_city(world):
    rows = [
        ["自治会町内会", "14107-D001-A02", "森町内会", "", "14107-D001", "", "", ""],
        ["区", "14199", "新区", "", "14100", "", "", ""],
    ]
    _, (created, updated) = preview_and_commit(world.admin, csv_bytes(rows), "places.csv")
    assert (created, updated) == (2, 0)
    assert Place.objects.get(code="14199").parent == world.city


# --- All or nothing ---------------------------------------------------------------------


def test_a_failure_in_the_middle_of_writing_leaves_no_row_written(world, monkeypatch):
    preview = importers.preview(world.naka_1so, csv_bytes(GOOD_ROWS), "places.csv")
    assert preview.ok
    before = place_state()
    real_save = Place.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.code)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Place, "save", failing_save)
    with pytest.raises(RuntimeError, match="disk full"):
        importers.commit(world.naka_1so, importers.rows_from_session(preview.to_session()))
    assert len(calls) == 3  # two places were saved before the failure…
    monkeypatch.undo()
    assert place_state() == before  # …and rolled back with it
    assert not Place.objects.filter(code__in=[r[1] for r in GOOD_ROWS]).exists()


def test_a_failure_while_updating_leaves_the_earlier_updates_undone(world, monkeypatch):
    rows = [
        ["地区", "14104-D006", "第六地区", "", "14104-CP02", "", "", ""],
        ["地区", "14104-D007", "第七地区", "", "14104-CP01", "", "", ""],
    ]
    preview = importers.preview(world.naka_1so, csv_bytes(rows), "places.csv")
    before = place_state()
    real_save = Place.save

    def failing_save(self, *args, **kwargs):
        if self.code == "14104-D007":
            raise RuntimeError("boom")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Place, "save", failing_save)
    with pytest.raises(RuntimeError):
        importers.commit(world.naka_1so, importers.rows_from_session(preview.to_session()))
    monkeypatch.undo()
    assert place_state() == before


def test_commit_checks_the_rows_again_and_refuses_if_the_database_changed_since_the_preview(world):
    preview = importers.preview(world.naka_1so, csv_bytes(GOOD_ROWS), "places.csv")
    assert preview.ok
    Place.objects.create(
        kind=Kind.ASSOCIATION, code="14104-D010", name="先に登録された町内会", parent=world.d6
    )
    before = place_state()
    with pytest.raises(importers.ImportFailed, match="確認画面の後にデータが変更されました"):
        importers.commit(world.naka_1so, importers.rows_from_session(preview.to_session()))
    assert place_state() == before


def test_commit_creates_a_place_that_was_deleted_after_the_preview_instead_of_failing(world):
    association = Place.objects.create(
        kind=Kind.ASSOCIATION, code="14104-D006-A01", name="簑沢町内会", parent=world.d6
    )
    rows = [["自治会町内会", "14104-D006-A01", "簑沢町内会（改）", "", "14104-D006", "", "", ""]]
    preview = importers.preview(world.naka_1so, csv_bytes(rows), "places.csv")
    assert preview.update_count == 1
    association.delete()
    created, updated = importers.commit(world.naka_1so, importers.rows_from_session(preview.to_session()))
    assert (created, updated) == (1, 0)
    assert Place.objects.get(code="14104-D006-A01").name == "簑沢町内会（改）"


# --- The screens ------------------------------------------------------------------------


def upload(client, data: bytes, filename: str, follow=False):
    return client.post(reverse("places:import"), {"file": SimpleUploadedFile(filename, data)}, follow=follow)


def test_the_import_page_shows_each_bad_row_with_its_number_and_offers_no_import_button(world, as_user):
    client = as_user(world.naka_1so)
    rows = [GOOD_ROWS[3], ["地区", "14104-D010", "第10地区", "", "14104-CP99", "", "", ""]]
    before = place_state()
    response = upload(client, csv_bytes(rows), "places.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "1行に問題があります。ファイルを直してから、もう一度選んでください。何も書き込んでいません。" in html
    )
    assert '<td class="num">3</td>' in html
    assert "親コード 14104-CP99 が、このファイルにもつなぐにも見つかりません。" in html
    assert "取り込む</button>" not in html
    assert SESSION_IMPORT not in client.session
    assert place_state() == before


def test_the_import_page_shows_a_garbled_file_message(world, as_user):
    client = as_user(world.naka_1so)
    response = upload(client, b"\x82 \x82 \x82", "places.csv")
    assert "ファイルの文字を読み取れません（文字化け）" in response.content.decode()
    assert SESSION_IMPORT not in client.session


def test_a_good_file_is_previewed_with_an_import_button_then_imported_on_commit(world, as_user):
    client = as_user(world.naka_1so)
    before = Place.objects.count()
    response = upload(client, csv_bytes(GOOD_ROWS, encoding="cp932"), "新山下.csv")
    html = response.content.decode()
    assert "問題はありません。新規 4件、更新 0件です。" in html
    assert "取り込む</button>" in html
    assert reverse("places:import_commit") in html
    assert Place.objects.count() == before  # the preview writes nothing

    response = client.post(reverse("places:import_commit"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("places:list")
    assert "新山下.csv を取り込みました：新規 4件、更新 0件。" in response.content.decode()
    assert Place.objects.count() == before + 4
    assert_good_rows_were_written(world)
    assert SESSION_IMPORT not in client.session


def test_committing_twice_does_not_import_twice(world, as_user):
    client = as_user(world.naka_1so)
    upload(client, csv_bytes(GOOD_ROWS), "places.csv")
    client.post(reverse("places:import_commit"))
    count = Place.objects.count()
    response = client.post(reverse("places:import_commit"), follow=True)
    assert "取り込むデータがありません。もう一度ファイルを選んでください。" in response.content.decode()
    assert Place.objects.count() == count


def test_commit_without_a_previewed_file_redirects_back_with_an_error(world, as_user):
    client = as_user(world.naka_1so)
    before = place_state()
    response = client.post(reverse("places:import_commit"))
    assert response.status_code == 302
    assert response.url == reverse("places:import")
    page = client.get(response.url).content.decode()
    assert "取り込むデータがありません。もう一度ファイルを選んでください。" in page
    assert place_state() == before


def test_a_bad_file_after_a_good_one_forgets_the_good_one(world, as_user):
    client = as_user(world.naka_1so)
    upload(client, csv_bytes(GOOD_ROWS), "good.csv")
    assert SESSION_IMPORT in client.session
    upload(client, csv_bytes([["地区", "", "", "", "", "", "", ""]]), "bad.csv")
    client.post(reverse("places:import_commit"))
    assert not Place.objects.filter(code="14104-CP03").exists()


def test_commit_refuses_with_a_message_when_the_data_changed_after_the_preview(world, as_user):
    client = as_user(world.naka_1so)
    upload(client, csv_bytes(GOOD_ROWS), "places.csv")
    Place.objects.create(kind=Kind.DISTRICT, code="14104-CP03", name="先客", parent=world.naka)
    before = place_state()
    response = client.post(reverse("places:import_commit"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("places:import")
    assert (
        "確認画面の後にデータが変更されました。もう一度ファイルを確認してください。"
        in response.content.decode()
    )
    assert place_state() == before


@pytest.mark.parametrize("who", ["naka_ward", "minosawa_staff", "naka_cm", "nobody"])
def test_people_who_may_not_edit_places_cannot_reach_the_import(world, as_user, who):
    client = as_user(getattr(world, who))
    before = place_state()
    assert upload(client, csv_bytes(GOOD_ROWS), "places.csv").status_code == 404
    assert client.post(reverse("places:import_commit")).status_code == 404
    assert place_state() == before


def test_the_import_needs_a_login(world, client):
    response = upload(client, csv_bytes(GOOD_ROWS), "places.csv")
    assert response.status_code == 302
    assert not Place.objects.filter(code="14104-CP03").exists()


# --- Export, and importing the export back -------------------------------------------------


def test_the_export_holds_the_places_a_person_can_see_and_no_blocks_unless_asked(world, as_user):
    client = as_user(world.naka_1so)
    response = client.get(reverse("places:export"), {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="places.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = read_table(response.content, "places.csv")
    assert table.headers == HEADER
    codes = {r.values["コード"] for r in table.rows}
    assert codes == {"14104", "14104-CP01", "14104-CP02", "14104-D006", "14104-D007"}
    with_blocks = read_table(
        client.get(reverse("places:export"), {"format": "csv", "blocks": "1"}).content, "p.csv"
    )
    assert {r.values["コード"] for r in with_blocks.rows} == codes | {"14104-簑沢"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("who", ["naka_1so", "admin"])
def test_an_exported_file_imports_back_cleanly_and_changes_nothing(world, as_user, fmt, who):
    user = getattr(world, who)
    client = as_user(user)
    # A block whose code holds hiragana, as many of Yokohama's 町丁目 do (かもめ町, 希望が丘…).
    Place.objects.create(kind=Kind.BLOCK, code="14104-かもめ町", name="かもめ町", parent=world.naka)
    response = client.get(reverse("places:export"), {"format": fmt, "blocks": "1"})
    assert response.status_code == 200
    before = place_state()

    response = upload(client, response.content, f"places.{fmt}")
    html = response.content.decode()
    assert "問題はありません。新規 0件、更新 0件です。" in html
    assert "変更なし" in html
    response = client.post(reverse("places:import_commit"), follow=True)
    assert "を取り込みました：新規 0件、更新 0件。" in response.content.decode()
    assert place_state() == before  # not even a version raised: open edit forms stay valid
    assert_paths_are_consistent()


def test_an_edited_export_imports_back_with_only_the_edited_rows_written(world, as_user):
    client = as_user(world.naka_1so)
    table = read_table(client.get(reverse("places:export"), {"format": "csv"}).content, "places.csv")
    rows = [[r.values[h] for h in HEADER] for r in table.rows]
    for row in rows:
        if row[1] == "14104-D007":
            row[2] = "第七地区"
    rows.append(["自治会町内会", "14104-D007-A01", "本牧町内会", "", "14104-D007", "", "", ""])
    before = {code: version for code, version in Place.objects.values_list("code", "version")}

    response = upload(client, csv_bytes(rows), "edited.csv")
    assert "問題はありません。新規 1件、更新 1件です。" in response.content.decode()
    client.post(reverse("places:import_commit"))

    assert Place.objects.get(code="14104-D007").name == "第七地区"
    assert Place.objects.get(code="14104-D007-A01").parent.code == "14104-D007"
    after = {code: version for code, version in Place.objects.values_list("code", "version")}
    assert {c for c in before if after[c] != before[c]} == {"14104-D007"}


def test_a_ward_coordinator_may_not_rename_the_ward_itself_through_an_import(world):
    rows = [["区", "14104", "中区（改）", "", "14100", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["コード 14104 は、あなたが変更できない場所ですでに使われています。"]
    }


def test_a_row_repeating_a_place_outside_the_persons_view_is_refused_not_confirmed(world):
    rows = [["自治会町内会", "14107-D001-A01", "久良岐丘自治会", "", "14107-D001", "", "", ""]]
    preview = assert_refused_and_nothing_written(world.naka_1so, csv_bytes(rows), "places.csv")
    assert errors_by_row(preview) == {
        2: ["コード 14107-D001-A01 は、あなたが変更できない場所ですでに使われています。"]
    }


def test_a_row_repeating_a_visible_place_the_person_may_not_change_is_accepted_and_left_alone(world):
    # 第7地区 lies in 中区, which the 簑沢 CP's coordinator may see but not change.
    rows = [["地区", "14104-D007", "第7地区", "", "14104-CP02", "", "", ""]]
    before = place_state()
    preview, (created, updated) = preview_and_commit(world.minosawa_2so, csv_bytes(rows), "places.csv")
    assert preview.rows[0].unchanged
    assert (preview.update_count, created, updated) == (0, 0, 0)
    assert place_state() == before


def test_a_code_written_in_hiragana_is_kept_as_written_and_finds_the_existing_block(world):
    block = Place.objects.create(kind=Kind.BLOCK, code="14104-かもめ町", name="かもめ町", parent=world.naka)
    rows = [["町丁目", "14104-かもめ町", "かもめ町", "", "14104-D006", "", "", ""]]
    preview, (created, updated) = preview_and_commit(world.naka_1so, csv_bytes(rows), "places.csv")
    assert preview.rows[0].code == "14104-かもめ町"
    assert (created, updated) == (0, 1)
    assert Place.objects.get(pk=block.pk).parent == world.d6
    assert not Place.objects.filter(code="14104-カモメ町").exists()
