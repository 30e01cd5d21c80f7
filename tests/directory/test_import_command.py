"""manage.py import_listings: the same import from the command line; row errors in Japanese,
and with any of them nothing is written (CommandError: manage.py exits with status 1)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.directory.test_listing_import import SALON, TAISO, csv_bytes, xlsx_bytes
from tsunagu.directory.models import Listing, Visibility


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_listings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "サロン一覧.csv"
    path.write_bytes(csv_bytes([SALON, TAISO], encoding="cp932"))
    return path


@pytest.fixture
def bad_file(tmp_path):
    bad = list(SALON)
    bad[0], bad[2] = "", "北区"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([TAISO, bad]))
    return path


def test_a_dry_run_explains_and_writes_nothing(world, good_file):
    out, err = run(str(good_file), "--dry-run", "--user", "naka-1so")
    assert "活動名 → 名称" in out and "2行：新規 2件" in out and "何も書き込んでいません" in out
    assert err == "" and not Listing.objects.exists()


def test_an_import_writes_drafts_unless_told_to_publish(world, good_file):
    out, _err = run(str(good_file), "--user", "naka-1so")
    assert "取り込みました：新規 2件" in out
    assert set(Listing.objects.values_list("visibility", flat=True)) == {Visibility.DRAFT}
    assert Listing.objects.get(name="みのさわお茶会").versions.get().how == "import"

    Listing.objects.all().delete()
    run(str(good_file), "--user", "naka-1so", "--visibility", "public", "--category", "kodomo-shokudo")
    salon = Listing.objects.get(name="みのさわお茶会")
    assert salon.visibility == Visibility.PUBLIC
    assert sorted(salon.categories.values_list("code", flat=True)) == ["kodomo-shokudo", "salon"]


def test_row_errors_are_printed_and_stop_the_import(world, bad_file):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_listings", str(bad_file), "--user", "naka-1so", stdout=io.StringIO(), stderr=err)
    assert "1行に問題があるため、何も書き込んでいません。" in str(caught.value)
    assert "3行目（名称なし）：名称がありません。 区「北区」が見つかりません。" in err.getvalue()
    assert not Listing.objects.exists()


def test_errors_may_be_left_out_on_request(world, bad_file):
    out, err = run(str(bad_file), "--user", "naka-1so", "--skip-errors")
    assert "新規 1件" in out and "除いた行 1行" in out and "3行目" in err
    assert list(Listing.objects.values_list("name", flat=True)) == ["本牧いきいき体操"]


def test_duplicates_are_reported_and_skipped_or_updated(world, good_file):
    run(str(good_file), "--user", "naka-1so")
    out, _err = run(str(good_file), "--user", "naka-1so")
    assert "登録済みの「みのさわお茶会」" in out and "新規 0件、更新 0件、飛ばした同じ資源 2件" in out
    out, _err = run(str(good_file), "--user", "naka-1so", "--update-duplicates")
    assert "更新 2件" in out and Listing.objects.count() == 2


def test_an_outsider_gets_every_row_reported(world, good_file):
    with pytest.raises(CommandError):
        run(str(good_file), "--user", "isogo-1so")
    assert not Listing.objects.exists()


@pytest.mark.parametrize("args,words", [
    (["--user", "nobody-here"], "ログイン名 nobody-here"),
    ([], "--user で取り込む人のログイン名を指定してください"),
    (["--user", "naka-1so", "--category", "no-such"], "分類のコード no-such"),
])
def test_bad_arguments_are_explained(world, good_file, args, words):
    with pytest.raises(CommandError) as caught:
        run(str(good_file), *args)
    assert words in str(caught.value)


def test_unreadable_and_missing_files_are_explained(world, tmp_path):
    with pytest.raises(CommandError) as caught:
        run(str(tmp_path / "none.csv"), "--user", "naka-1so")
    assert "見つかりません" in str(caught.value)
    broken = tmp_path / "broken.csv"
    broken.write_bytes("活動名,住所\r\n".encode())
    with pytest.raises(CommandError) as caught:
        run(str(broken), "--user", "naka-1so")
    assert "データがありません" in str(caught.value)
