"""Reading the city's population files as published, and placing each row on the places tree.

The 町丁別年齢別人口 CSV (one per ward) has three kinds of rows, each as a 男 and a 女 line:

- 「栄区合計」: the ward's total — the only figure that counts everyone;
- 「保土ケ谷町」: a 町 (or a 町丁目 that is its own place: 本郷台一丁目, 柏陽);
- 「 # 保土ケ谷町１丁目」: a 丁目 *inside* the 町 above it (うち数). The 町's line already counts
  them, and people whose register gives no 丁 are only in the 町's line — so a 町 with 丁目 lines
  gives its 丁目 to their places and reports the difference as unplaced, never both (no double count).

Suppressed cells are "X" (秘匿: too few people to publish); digits may be full-width; 丁目 are
written 「１丁目」 where the places tree (位置参照情報) writes 「一丁目」. Names are compared after
folding width and ヶ/ケ (places.addresses.fold) and writing 丁目 numbers in kanji.

The ward estimates (年齢別推計人口, JSON) give each ward and the city by single age at their own date.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.assessment.models import Population, PopulationImport, Source
from tsunagu.places.addresses import fold
from tsunagu.places.models import Kind, Place
from tsunagu.places.yokohama import CITY_CODE

DATA_DIR = Path(__file__).resolve().parent / "data" / "population"
AGE_COLUMNS = 121  # 0歳 … 119歳, 120歳以上
_KANJI = "〇一二三四五六七八九"
_CHOME = re.compile(r"([0-9]+)丁目")
_STEM_DATE = re.compile(r"(\d{2})(\d{2})$")
_WAREKI = re.compile(r"令和(\d+|元)年(\d+)月(\d+)日")


def kanji_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (as the 位置参照情報 writes 丁目)."""
    if n < 10:
        return _KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI[tens]) + "十" + (_KANJI[ones] if ones else "")


def name_key(name: str) -> str:
    """A 町丁目 name as compared: 「 # 保土ケ谷町１丁目」 and 「保土ヶ谷町一丁目」 alike."""
    text = fold(name.strip().lstrip("#").strip())
    return _CHOME.sub(lambda m: kanji_numeral(int(m.group(1))) + "丁目", text)


def number(cell: str) -> int | None:
    """A cell as published: digits (full-width too, with commas) or "X" (suppressed) → None."""
    text = unicodedata.normalize("NFKC", cell or "").replace(",", "").strip()
    if text.upper() == "X":
        return None
    return int(text) if text else 0


def band(ages: list[int], start: int) -> int:
    return sum(ages[start:])


@dataclass
class Row:
    """A 町丁目 (or ward) as the file gives it: its 男 and 女 lines under one name."""

    name: str
    level: str  # "ward" | "town" | "chome"
    male: int | None = None
    female: int | None = None
    male_ages: list[int | None] = field(default_factory=list)
    female_ages: list[int | None] = field(default_factory=list)
    chome: list[Row] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return (self.male is None or self.female is None
                or None in self.male_ages or None in self.female_ages or not self.male_ages or not self.female_ages)

    @property
    def total(self) -> int | None:
        return None if self.suppressed else self.male + self.female

    @property
    def ages(self) -> list[int] | None:
        return None if self.suppressed else [a + b for a, b in zip(self.male_ages, self.female_ages, strict=True)]


def read_ward_csv(text: str) -> list[Row]:
    """The rows of one ward's file, 丁目 lines hung under their 町. The first row is the ward."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    first_age = header.index("総数") + 1
    rows: list[Row] = []
    by_name: dict[tuple[str, str], Row] = {}
    for cells in reader:
        if len(cells) < first_age + AGE_COLUMNS or cells[2].strip() not in ("男", "女"):
            continue  # the footnote (「#はうち数を表しています…」) and blank lines
        raw = cells[0].strip()
        name = raw.lstrip("#").strip()
        first = not rows or (rows[0].level == "ward" and rows[0].name == name)
        level = "chome" if raw.startswith("#") else ("ward" if first and name.endswith("合計") else "town")
        row = by_name.get((level, name))
        if row is None:
            row = by_name[(level, name)] = Row(name=name, level=level)
            if level == "chome":
                town = next((r for r in reversed(rows) if r.level == "town"), None)
                if town is not None:
                    town.chome.append(row)
            rows.append(row)
        count = number(cells[first_age - 1])
        ages = [number(c) for c in cells[first_age:first_age + AGE_COLUMNS]]
        if cells[2].strip() == "男":
            row.male, row.male_ages = count, ages
        else:
            row.female, row.female_ages = count, ages
    return rows


@dataclass
class Result:
    date: date
    files: list[str] = field(default_factory=list)
    placed: int = 0
    unplaced: list[dict] = field(default_factory=list)
    wards: int = 0


def date_from_stem(stem: str) -> date | None:
    """aoba2109 → 2021-09-30 (the city's files are as of the end of the month named)."""
    import calendar

    match = _STEM_DATE.search(stem)
    if not match:
        return None
    year, month = 2000 + int(match.group(1)), int(match.group(2))
    return date(year, month, calendar.monthrange(year, month)[1])


def date_from_wareki(text: str) -> date | None:
    match = _WAREKI.search(text or "")
    if not match:
        return None
    era_year = 1 if match.group(1) == "元" else int(match.group(1))
    return date(2018 + era_year, int(match.group(2)), int(match.group(3)))


class _Index:
    """The places a ward's rows may land on: its 町丁目 by compared name."""

    def __init__(self, city: Place):
        self.city = city
        self.wards = {w.name: w for w in Place.objects.filter(kind=Kind.WARD, path__startswith=city.path)}
        self.blocks: dict[str, dict[str, int]] = {}
        self.names: dict[str, list[str]] = {}
        rows = Place.objects.filter(kind=Kind.BLOCK, path__startswith=city.path).values_list("pk", "name", "path")
        ward_paths = [(w.path, w.name) for w in self.wards.values()]
        for pk, name, path in rows:
            ward = next((n for p, n in ward_paths if path.startswith(p)), None)
            if ward:
                self.blocks.setdefault(ward, {})[name_key(name)] = pk
                self.names.setdefault(ward, []).append(name)

    def block(self, ward: str, name: str) -> int | None:
        return self.blocks.get(ward, {}).get(name_key(name))

    def why_not(self, ward: str, name: str) -> str:
        key = name_key(name)
        parts = [n for n in self.names.get(ward, []) if fold(n).startswith(key)]
        if parts:
            return _("場所の一覧ではこの町が小字などに分かれています（%(parts)s）。町の人口をどこに割り振るか決められません。") % {
                "parts": "・".join(sorted(parts)[:3]) + ("…" if len(parts) > 3 else "")}
        return _("場所の一覧（町丁目の代表点）にこの名前の町丁目がありません。")


def _figure(place_id: int, row_date: date, source: str, *, male, female, ages, suppressed=False) -> Population:
    ages = ages or []
    return Population(
        place_id=place_id, date=row_date, source=source, suppressed=suppressed,
        male=male or 0, female=female or 0, total=(male or 0) + (female or 0), ages=ages,
        aged_65=band(ages, 65), aged_75=band(ages, 75), aged_85=band(ages, 85),
    )


def _place_ward(rows: list[Row], ward_name: str, index: _Index, row_date: date, result: Result) -> list[Population]:
    figures: dict[int, Population] = {}

    def put(place_id: int, row: Row) -> None:
        if place_id in figures:  # two names folding to one place: add them up, say so
            old = figures[place_id]
            if row.suppressed or old.suppressed:
                old.suppressed = True
                return
            ages = [a + b for a, b in zip(old.ages, row.ages, strict=True)]
            figures[place_id] = _figure(place_id, row_date, Source.CHOCHO, male=old.male + row.male,
                                        female=old.female + row.female, ages=ages)
            return
        figures[place_id] = _figure(place_id, row_date, Source.CHOCHO, male=row.male, female=row.female,
                                    ages=row.ages, suppressed=row.suppressed)
        result.placed += 1

    def unplaced(row: Row, reason: str, total=None) -> None:
        result.unplaced.append({"ward": ward_name, "name": row.name, "total": total if total is not None else row.total,
                                "reason": reason})

    for row in rows:
        if row.level != "town":
            continue
        placed_chome = [(c, index.block(ward_name, c.name)) for c in row.chome]
        placed_chome = [(c, pk) for c, pk in placed_chome if pk]
        for chome in row.chome:
            if not index.block(ward_name, chome.name):
                unplaced(chome, index.why_not(ward_name, chome.name) + _("（人数は町の行に含まれ、差として下に出ます）"))
        town_pk = index.block(ward_name, row.name)
        if placed_chome:
            for chome, pk in placed_chome:
                put(pk, chome)
            known = sum(c.total or 0 for c, _pk in placed_chome)
            hidden = any(c.suppressed for c, _pk in placed_chome)
            if row.total is None:
                unplaced(row, _("町の人数が秘匿（X）のため、丁目の行との差が分かりません。"))
            elif row.total - known > 0:
                reason = _("住民票に丁の記載がない人（町の計から丁目の計を引いた差）。")
                if hidden:
                    reason += _("秘匿（X）の丁目の人数を含みます。")
                unplaced(row, reason, total=row.total - known)
        elif town_pk:
            put(town_pk, row)
            if row.suppressed:
                unplaced(row, _("人数が少ないため市が秘匿（X）しています。区の合計にだけ含まれます。"))
        else:
            unplaced(row, index.why_not(ward_name, row.name))
    return list(figures.values())


def _places_without_rows(index: _Index, figures: list[Population], result: Result) -> None:
    """The other side of the join: 町丁目 of the places tree that no row reached (小字 points
    such as 蒔田町三度台, whose 町 has its own point and row), listed so that a blank cell on the
    map is explained."""
    reached = {f.place_id for f in figures}
    named = {}
    for ward, blocks in index.blocks.items():
        for pk in blocks.values():
            named[pk] = ward
    names = dict(Place.objects.filter(pk__in=[pk for pk in named if pk not in reached]).values_list("pk", "name"))
    for pk, name in sorted(names.items(), key=lambda item: (named[item[0]], item[1])):
        ward = named[pk]
        town = next((n for n in index.names.get(ward, []) if n != name and name.startswith(n)
                     and index.block(ward, n) in reached), None)
        reason = (_("市の表では町「%(town)s」にまとめて数えられています（小字ごとの人口はありません）。") % {"town": town}
                  if town else _("市の表にこの町丁目の行がありません。"))
        result.unplaced.append({"ward": ward, "name": name, "total": None, "reason": reason, "kind": "place"})


def read_directory(directory: Path) -> tuple[list[Path], list[Path]]:
    csvs = sorted(p for p in directory.rglob("*.csv"))
    jsons = sorted(p for p in directory.rglob("*.json"))
    return csvs, jsons


@transaction.atomic
def import_chocho(paths: list[Path], row_date: date | None = None) -> Result:
    """Import the 町丁別 CSVs (all of one date) — all or nothing; a date imported again replaces
    what that date held. The city's row is the sum of the wards' 合計 lines."""
    row_date = row_date or date_from_stem(paths[0].stem)
    if row_date is None:
        raise ValueError(_("基準日が分かりません。--date で指定してください。"))
    city = Place.objects.get(code=CITY_CODE)
    index = _Index(city)
    result = Result(date=row_date)
    figures: list[Population] = []
    city_ages = [0] * AGE_COLUMNS
    city_male = city_female = 0
    for path in paths:
        rows = read_ward_csv(path.read_text(encoding="utf-8-sig"))
        if not rows or rows[0].level != "ward":
            raise ValueError(_("%(file)s: 区の合計の行がありません。") % {"file": path.name})
        ward_name = rows[0].name.removesuffix("合計")
        ward = index.wards.get(ward_name)
        if ward is None:
            raise ValueError(_("%(file)s: 区「%(ward)s」が場所の一覧にありません。") % {"file": path.name, "ward": ward_name})
        head = rows[0]
        figures.append(_figure(ward.pk, row_date, Source.CHOCHO, male=head.male, female=head.female, ages=head.ages))
        city_male += head.male
        city_female += head.female
        city_ages = [a + b for a, b in zip(city_ages, head.ages, strict=True)]
        figures.extend(_place_ward(rows, ward_name, index, row_date, result))
        result.files.append(path.name)
        result.wards += 1
    _places_without_rows(index, figures, result)
    if result.wards == len(index.wards):
        figures.append(_figure(city.pk, row_date, Source.CHOCHO, male=city_male, female=city_female, ages=city_ages))
    Population.objects.filter(date=row_date, source=Source.CHOCHO).delete()
    Population.objects.bulk_create(figures, batch_size=500)
    PopulationImport.objects.create(date=row_date, source=Source.CHOCHO, files=result.files,
                                    placed=result.placed, unplaced=result.unplaced)
    return result


@transaction.atomic
def import_estimates(paths: list[Path]) -> Result | None:
    """The ward estimates (one JSON per ward and one for the city), at the date written in them."""
    city = Place.objects.get(code=CITY_CODE)
    places = {p.name: p for p in Place.objects.filter(kind__in=[Kind.WARD, Kind.CITY], path__startswith=city.path)}
    figures = []
    result = None
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        row_date = date_from_wareki(data.get("kijunbi", ""))
        place = places.get(data.get("shiku", ""))
        if row_date is None or place is None:
            continue
        result = result or Result(date=row_date)
        ages = [0] * 101
        male = female = 0
        for label, total, m, f in data["kakusai_betsu"]:
            if label == "総数":
                male, female = number(m), number(f)
            elif label.isdigit():
                ages[min(int(label), 100)] += number(total)
        figures.append(_figure(place.pk, row_date, Source.ESTIMATE, male=male, female=female, ages=ages))
        result.files.append(path.name)
        result.placed += 1
    if result:
        Population.objects.filter(date=result.date, source=Source.ESTIMATE).delete()
        Population.objects.bulk_create(figures)
        PopulationImport.objects.create(date=result.date, source=Source.ESTIMATE, files=result.files,
                                        placed=result.placed)
    return result


def import_population(directory: Path, row_date: date | None = None) -> tuple[Result | None, Result | None]:
    csvs, jsons = read_directory(Path(directory))
    chocho = import_chocho(csvs, row_date) if csvs else None
    estimates = import_estimates(jsons) if jsons else None
    return chocho, estimates
