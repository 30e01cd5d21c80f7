"""Importing the city's 町丁別年齢別人口 as published: all 18 ward CSVs, the city's totals held
against a figure computed here from the raw files by another path (csv module, own sums), the
rows that could not be placed listed with why, and area_summary printing what was imported."""

from __future__ import annotations

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tsunagu.assessment import indicators, population
from tsunagu.assessment.models import Population, PopulationImport, Source
from tsunagu.places.models import Kind, Place
from tsunagu.places.yokohama import load_base_data

DAY = date(2021, 9, 30)
CSV_DIR = population.DATA_DIR / "chocho_2021-09"


def raw_city_totals() -> dict[str, int]:
    """From the files alone: each ward's 「…区合計」 lines, 総数 and the 65+/75+ columns by header name."""
    totals = {"population": 0, "aged_65": 0, "aged_75": 0, "wards": 0}
    for path in sorted(CSV_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for line in reader:
                if not line["町名"].endswith("区合計"):
                    continue
                totals["population"] += int(line["総数"])
                for age in range(65, 121):
                    column = "120歳以上" if age == 120 else f"{age}歳"
                    value = int(line[column])
                    totals["aged_65"] += value
                    if age >= 75:
                        totals["aged_75"] += value
                totals["wards"] += line["性別"] == "男"
    return totals


@pytest.fixture
def imported(db):
    load_base_data()
    call_command("import_population", str(population.DATA_DIR), stdout=StringIO())
    return PopulationImport.objects.get(source=Source.CHOCHO)


def _all_18_wards_import_and_the_city_total_matches_the_raw_files(imported):
    raw = raw_city_totals()
    assert raw["wards"] == 18
    city = Population.objects.get(place__kind=Kind.CITY, date=DAY, source=Source.CHOCHO)
    assert (city.total, city.aged_65, city.aged_75) == (raw["population"], raw["aged_65"], raw["aged_75"])
    assert 3_700_000 < city.total < 3_800_000  # Yokohama: 3.76 million
    assert Population.objects.filter(place__kind=Kind.WARD, date=DAY).count() == 18
    assert len(imported.files) == 18


def _blocks_never_double_count_a_town_and_its_chome(imported):
    """Every ward: what was placed on 町丁目 plus what was reported unplaced with a number is the
    ward's total less the suppressed (X) 町丁目, whose people only the total counts."""
    for ward in Place.objects.filter(kind=Kind.WARD):
        ward_total = Population.objects.get(place=ward, date=DAY).total
        placed = Population.objects.on(DAY).under(ward).blocks().totals()["total"]
        reported = sum(r["total"] or 0 for r in imported.unplaced if r["ward"] == ward.name and "差として" not in r["reason"])
        assert 0 <= ward_total - (placed + reported) < 1000, ward.name
    # 中区 has 丁目 lines under its 町 lines (「 # 万代町１丁目」): counted once, not twice.
    naka = Place.objects.get(kind=Kind.WARD, name="中区")
    assert Population.objects.on(DAY).under(naka).blocks().totals()["total"] < Population.objects.get(place=naka, date=DAY).total


def _full_width_chome_rows_land_on_kanji_numeral_blocks(imported):
    # 「 # 保土ケ谷町１丁目」 (a うち数 line under 保土ケ谷町) → the block 保土ケ谷町一丁目.
    block = Place.objects.get(kind=Kind.BLOCK, name="保土ケ谷町一丁目")
    assert Population.objects.get(place=block, date=DAY).total == 841 + 770
    # 「二俣川１丁目」 is written with a full-width digit in 旭区's file, as its own 町 line.
    assert Population.objects.filter(place__name="二俣川一丁目", date=DAY, suppressed=False).exists()


def _suppressed_rows_are_marked_and_reported(imported):
    row = Population.objects.get(place__name="大池町", date=DAY)
    assert row.suppressed and row.total == 0
    reasons = {(r["ward"], r["name"]): r["reason"] for r in imported.unplaced}
    assert "秘匿" in reasons[("旭区", "大池町")]


def _unplaced_rows_say_which_and_why(imported):
    assert imported.unplaced, "expected some (suppressed 町丁目, people with no 丁 recorded)"
    assert all(r["ward"] and r["name"] and r["reason"] for r in imported.unplaced)
    # 山王町 (南区): its 町 line counts more than its 丁目 lines — people whose register names no 丁.
    sanno = [r for r in imported.unplaced if (r["ward"], r["name"]) == ("南区", "山王町")]
    assert sanno and "丁の記載がない" in sanno[0]["reason"] and sanno[0]["total"] > 0
    assert imported.placed > 1600
    # The other side: 小字 points of the places tree (蒔田町三度台) that the city counts in 蒔田町.
    sandodai = [r for r in imported.unplaced if r["name"] == "蒔田町三度台"]
    assert sandodai and "蒔田町" in sandodai[0]["reason"] and sandodai[0]["kind"] == "place"


def _area_summary_json_prints_the_city_and_each_ward(imported):
    out = StringIO()
    call_command("area_summary", "--date", "2021-09-30", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["date"] == "2021-09-30"
    assert [a["name"] for a in data["areas"]][0] == "横浜市"
    assert len(data["areas"]) == 19
    city = data["areas"][0]
    raw = raw_city_totals()
    assert city["population"] == raw["population"]
    assert city["aging_rate"] == round(raw["aged_65"] * 100 / raw["population"], 1)
    assert set(city) >= {"population", "aged_65", "aged_75", "aging_rate"}


def test_import_all_18_ward_csvs_as_published(imported):
    """One import (the places tree takes seconds to load on a loaded machine), every check on it."""
    _all_18_wards_import_and_the_city_total_matches_the_raw_files(imported)
    _blocks_never_double_count_a_town_and_its_chome(imported)
    _full_width_chome_rows_land_on_kanji_numeral_blocks(imported)
    _suppressed_rows_are_marked_and_reported(imported)
    _unplaced_rows_say_which_and_why(imported)
    _area_summary_json_prints_the_city_and_each_ward(imported)
    _ward_estimates_json_are_read_at_their_own_date(imported)


def test_a_later_date_is_imported_beside_and_a_date_again_replaces(imported, tmp_path):
    later = tmp_path / "2203"
    later.mkdir()
    text = (CSV_DIR / "sakae2109.csv").read_text(encoding="utf-8")
    (later / "sakae2203.csv").write_text(text, encoding="utf-8")
    call_command("import_population", str(later), stdout=StringIO())
    assert Population.objects.filter(date=date(2022, 3, 31), place__kind=Kind.WARD).count() == 1
    assert Population.objects.filter(date=DAY, place__kind=Kind.WARD).count() == 18
    call_command("import_population", str(later), stdout=StringIO())
    assert Population.objects.filter(date=date(2022, 3, 31), place__kind=Kind.WARD).count() == 1
    ward = Place.objects.get(name="栄区")
    change = indicators.change(ward, DAY, date(2022, 3, 31))
    assert change["population"]["change"] == 0


def _ward_estimates_json_are_read_at_their_own_date(imported):
    city = Population.objects.get(place__kind=Kind.CITY, source=Source.ESTIMATE)
    assert city.date == date(2022, 1, 1)
    assert city.total == 3_772_029
    assert Population.objects.filter(source=Source.ESTIMATE, place__kind=Kind.WARD).count() == 18


def test_names_fold_widths_and_numerals():
    assert population.name_key(" # 保土ケ谷町１２丁目") == population.name_key("保土ヶ谷町十二丁目")
    assert population.number("１，２３４") == 1234
    assert population.number("  X ") is None


def test_the_about_page_credits_the_citys_population_data_as_its_licence_asks(client):
    from pathlib import Path

    from tsunagu.assessment import population

    credits = (Path(population.DATA_DIR) / "CREDITS.md").read_text(encoding="utf-8")
    line = next(row for row in credits.splitlines() if row.startswith("出典："))
    page = client.get("/about/").content.decode()
    assert line.removesuffix("。") in page and "CC BY 4.0" in page
