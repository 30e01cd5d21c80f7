"""Import of listings (地域資源) from .xlsx or CSV, as Tsunagu imports everything: look first, then
write all or nothing (compare tsunagu/people/place_importers.py).

    table = read(data, "サロン一覧.xlsx")            # whole-file problems: SpreadsheetError
                                                     # (the pages: load_table() in the jobs, never in the request)
    mapping = remembered_mapping(table.headers) or guess_mapping(table.headers)
    plan = analyse(user=user, table=table, mapping=mapping)          # writes nothing
    result = commit(user=user, table=table, mapping=mapping, visibility="draft")

Steps
    1. Column mapping: each header is matched to a target (TARGETS: name, ward, address, ...)
       by its words; the person corrects it and it is remembered by the file's header set
       (ImportMapping), so the same spreadsheet next month maps itself.
    2. analyse(): every row becomes a RowPlan, either usable (new, or a duplicate of an existing
       listing or of an earlier row) or with its errors in Japanese. Notes explain what was kept
       differently (a schedule that could not be read stays in 日時の補足, never dropped).
    3. commit(): analyses again against the database of now and writes the usable rows in one
       transaction: new listings in bulk (location, listing, schedules, categories, the first
       ListingVersion with how="import"), duplicates updated through services.listing_update only
       when asked; then search.rebuild_index(). Rows with errors are written only when the person
       agreed to leave them out (skip_errors); otherwise nothing is.

Where a row belongs: a 場所コード column names the place outright; otherwise the ward comes from
the 区 column or the ward's name in the address, then the 町丁目 in the address (a BLOCK place
under that ward) gives its district or CP area; failing that the ward itself. A row may only
be written where the person may edit listings (access.EDIT).

Long work runs as the "listing-import" job (params "step": "preview" or "commit").
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import jaconv
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.cell import get_column_letter

from tsunagu.directory import access, search, services
from tsunagu.directory.models import (
    Category,
    Eligibility,
    ImportMapping,
    Intensity,
    Listing,
    ListingVersion,
    Location,
    Schedule,
    Status,
    Visibility,
)
from tsunagu.directory.schedules import matches_weekday, weekday_codes
from tsunagu.lib.bulk import copy_create
from tsunagu.lib.japanese import normalize
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import (
    LEVEL,
    Grid,
    SpreadsheetError,
    Table,
    decode_csv,
    distinct_values,
    read_grid,
    table_from_grid,
)
from tsunagu.people import policy
from tsunagu.places.models import Kind, Place

JOB_KIND = "listing-import"
# Rows written per bulk insert; a test lowers it to fail between two batches.
BATCH = 500
IGNORE = ""


# --- Targets: what a column can go into ----------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    # Several columns may feed one text target (参加費_小学生, 参加費_大人 → 費用); they are joined.
    multi: bool = False
    staff_only: bool = False


TARGETS = [
    Target("name", gettext_lazy("名称")),
    Target("name_kana", gettext_lazy("フリガナ")),
    Target("organiser", gettext_lazy("運営団体")),
    Target("description", gettext_lazy("内容"), multi=True),
    Target("categories", gettext_lazy("分類"), multi=True),
    Target("status", gettext_lazy("状態")),
    Target("status_reason", gettext_lazy("状態の理由")),
    Target("place_code", gettext_lazy("場所コード")),
    Target("ward", gettext_lazy("区")),
    Target("location_name", gettext_lazy("会場名")),
    Target("postal_code", gettext_lazy("郵便番号")),
    Target("address", gettext_lazy("住所"), multi=True),
    Target("latitude", gettext_lazy("緯度")),
    Target("longitude", gettext_lazy("経度")),
    Target("latlng", gettext_lazy("緯度・経度（1つの欄）")),
    Target("schedule", gettext_lazy("日時"), multi=True),
    Target("weekday", gettext_lazy("曜日")),
    Target("time", gettext_lazy("時間")),
    Target("opens_at", gettext_lazy("開始時刻")),
    Target("closes_at", gettext_lazy("終了時刻")),
    Target("schedule_note", gettext_lazy("日時の補足"), multi=True),
    Target("cost", gettext_lazy("費用"), multi=True),
    Target("is_free", gettext_lazy("無料")),
    Target("eligibility", gettext_lazy("対象")),
    Target("minimum_age", gettext_lazy("対象年齢")),
    Target("eligibility_note", gettext_lazy("対象の補足"), multi=True),
    Target("capacity", gettext_lazy("定員")),
    Target("application", gettext_lazy("申込み"), multi=True),
    Target("public_contact_name", gettext_lazy("問合せ先")),
    Target("public_phone", gettext_lazy("電話")),
    Target("public_email", gettext_lazy("メール")),
    Target("website", gettext_lazy("ウェブサイト")),
    Target("transportation", gettext_lazy("交通"), multi=True),
    Target("accessibility", gettext_lazy("バリアフリー"), multi=True),
    Target("has_pickup", gettext_lazy("送迎")),
    Target("wheelchair", gettext_lazy("車いす")),
    Target("intensity", gettext_lazy("運動の強さ")),
    Target("staff_contact", gettext_lazy("連絡先（職員のみ）"), multi=True, staff_only=True),
    Target("internal_note", gettext_lazy("内部メモ"), multi=True, staff_only=True),
    Target("confirmed_at", gettext_lazy("確認日")),
]
TARGET_BY_KEY = {t.key: t for t in TARGETS}
PLACE_TARGETS = ("place_code", "ward", "address")

# Header words → targets, tried in this order; the first pattern that matches a header wins,
# and a single-valued target goes to the first column that claims it (then the next candidate).
# Exact target labels (our own export) are matched before any of these.
_GUESSES: list[tuple[str, tuple[str, ...]]] = [
    (r"確認日|最終確認|確認年月日|更新日|調査日|時点", ("confirmed_at",)),
    (r"^id$|^no\.?$|^番号$|登録日|タイムスタンプ|公開範囲|^地域$|自治体名|データセット|ライセンス|取得元|"
     r"全国地方公共団体コード|都道府県|画像|新規登録|法人番号|追加情報", (IGNORE,)),
    (r"カナ|ふりがな|フリガナ|よみがな|読み", ("name_kana",)),
    (r"運営|主催|実施主体|実施団体", ("organiser",)),
    (r"場所コード", ("place_code",)),
    (r"緯度.*経度|経度.*緯度|位置", ("latlng",)),
    (r"緯度", ("latitude",)),
    (r"経度", ("longitude",)),
    (r"郵便", ("postal_code",)),
    (r"方書|建物|会場|施設名", ("location_name",)),
    (r"区名|^区$|市区町村|行政区", ("ward",)),
    (r"住所|所在地", ("address",)),
    (r"職員のみ|代表者連絡|個人連絡", ("staff_contact",)),
    (r"内部メモ", ("internal_note",)),
    (r"電話|tel|ファックス", ("public_phone",)),
    (r"メール|mail", ("public_email",)),
    (r"url|ホームページ|ウェブ|サイト|web", ("website",)),
    (r"参加費|費用|料金|会費|参加料|利用料", ("cost",)),
    (r"予約|申込|申し込み", ("application",)),
    (r"定休|休み|特記|補足", ("schedule_note",)),
    (r"開始時", ("opens_at",)),
    (r"終了時", ("closes_at",)),
    (r"曜日.*時間|時間.*曜日|提供の条件", ("schedule",)),
    (r"曜日", ("weekday",)),
    (r"時間|時刻", ("time",)),
    (r"日時|開催日|頻度|日程|開催|回数", ("schedule",)),
    (r"定員", ("capacity",)),
    (r"対象年齢|年齢", ("minimum_age",)),
    (r"対象|参加条件", ("eligibility_note",)),
    (r"問合せ|問い合わせ|連絡先", ("public_contact_name",)),
    (r"状態の理由|休止の理由", ("status_reason",)),
    (r"状態|活動状況", ("status",)),
    (r"分類|種別|カテゴリ|種類", ("categories",)),
    (r"送迎", ("has_pickup",)),
    (r"車いす|車椅子", ("wheelchair",)),
    (r"バリアフリー", ("accessibility",)),
    (r"交通|最寄|アクセス|駅", ("transportation",)),
    (r"強さ|強度", ("intensity",)),
    (r"無料", ("is_free",)),
    (r"内容|説明|概要|紹介|メッセージ|備考|目的", ("description",)),
    (r"名称|活動名|事業名|店舗名|サロン名|グループ名|団体名|名前", ("name", "organiser")),
]
_GUESS_PATTERNS = [(re.compile(p, re.IGNORECASE), targets) for p, targets in _GUESSES]


def header_label(header: str) -> str:
    """A header as a person reads it: 「04-1　店舗住所・区名＜公開＞」 → 「店舗住所・区名」."""
    text = unicodedata.normalize("NFKC", header or "").strip()
    text = re.sub(r"^[0-9]+(?:-[0-9]+[a-z]?)?[a-z]?[\s.)]+", "", text)
    text = re.sub(r"<[^>]*>$|【任意】|【必須】", "", text).strip()
    return text or header


def header_key(headers: Iterable[str]) -> str:
    """The key a remembered mapping is filed under: the file's set of non-empty headers."""
    names = sorted({unicodedata.normalize("NFKC", h).strip() for h in headers if h and h.strip()})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


# Under a group heading, a bare 「名称」「氏名」 names what the group is about.
_GROUP_NAMES = {"location_name", "organiser", "public_contact_name"}


def _match(header: str) -> tuple[float, tuple[str, ...]] | None:
    """(priority, targets) of the first guess that fits one heading; None when none does."""
    label = normalize(header_label(header))
    exact = {normalize(str(t.label)): t.key for t in TARGETS}
    if label in exact:
        return -1, (exact[label],)
    for priority, (pattern, targets) in enumerate(_GUESS_PATTERNS):
        if pattern.search(label):
            return priority, targets
    return None


def _match_levels(header: str) -> tuple[float, tuple[str, ...]] | None:
    """A heading of a two-row header is known by its lower part (「連絡先 › 電話」 is a phone), unless
    that is a bare name under a group heading that says whose (「会場 › 名称」 is the venue's)."""
    levels = [part for part in header.split(LEVEL) if part.strip()]
    if len(levels) < 2:
        return _match(header)
    lower, upper = _match(levels[-1]), _match(LEVEL.join(levels[:-1]))
    if lower is None:
        return upper
    if lower[1][0] == "name" and upper is not None and upper[1][0] in _GROUP_NAMES:
        return upper[0], upper[1][:1]
    return lower


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each header's most likely target, or "" (not imported)."""
    candidates: list[tuple[float, int, str, str]] = []  # (priority, column, header, target)
    for column, header in enumerate(headers):
        if not header:
            continue
        found = _match_levels(header)
        if found is not None:
            priority, targets = found
            candidates += [(priority + k / 10, column, header, t) for k, t in enumerate(targets)]
    mapping = {h: IGNORE for h in headers if h}
    taken: set[str] = set()
    decided: set[str] = set()
    for _priority, _column, header, target in sorted(candidates):
        if header in decided:
            continue
        if target and not TARGET_BY_KEY[target].multi and target in taken:
            continue
        mapping[header] = target
        decided.add(header)
        taken.add(target)
    return mapping


def remembered_mapping(headers: list[str]) -> ImportMapping | None:
    return ImportMapping.objects.filter(header_key=header_key(headers)).first()


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping, in Japanese; [] when it can be used."""
    errors = []
    chosen = [t for t in mapping.values() if t]
    unknown = sorted({t for t in chosen if t not in TARGET_BY_KEY})
    if unknown:
        errors.append(_("知らない項目があります：%(keys)s") % {"keys": "、".join(unknown)})
    if "name" not in chosen:
        errors.append(_("「名称」にあたる列を選んでください。"))
    if not any(t in chosen for t in PLACE_TARGETS):
        errors.append(_("どこの資源かがわかるように、「区」「住所」「場所コード」のどれかにあたる列を選んでください。"))
    for key in dict.fromkeys(chosen):
        target = TARGET_BY_KEY.get(key)
        if target and not target.multi and chosen.count(key) > 1:
            columns = "、".join(f"「{header_label(h)}」" for h, t in mapping.items() if t == key)
            errors.append(_("「%(target)s」に2つ以上の列（%(columns)s）が選ばれています。1つにしてください。")
                          % {"target": target.label, "columns": columns})
    return errors


@transaction.atomic
def mapping_remember(*, user, headers: list[str], mapping: dict[str, str], categories: list[str]) -> ImportMapping:
    remembered, _created = ImportMapping.objects.update_or_create(
        header_key=header_key(headers),
        defaults={"headers": [h for h in headers if h], "mapping": mapping, "categories": list(categories),
                  "updated_by": user if getattr(user, "pk", None) else None},
    )
    return remembered


# --- Reading the file ------------------------------------------------------------------------


def _japanese_score(text: str) -> int:
    return sum(1 for ch in text if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")


def _check_csv_encoding(data: bytes) -> None:
    """Refuse text that only looks readable: UTF-16 (Excel's 「Unicode テキスト」) and EUC-JP
    decode as CP932 without an error, as garbage. spreadsheets.decode_csv knows UTF-8 and CP932."""
    wrong = _(
        "ファイルの文字コードが読めません（%(what)s）。Excelで「CSV UTF-8（コンマ区切り）」または .xlsx 形式で"
        "保存し直してから、もう一度お試しください。"
    )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4096].count(b"\x00") > 8:
        raise SpreadsheetError(wrong % {"what": "UTF-16"})
    if data[:4] == b"PK\x03\x04":
        raise SpreadsheetError(_("中身は Excel (.xlsx) のファイルです。ファイル名の最後を .xlsx にしてから選んでください。"))
    try:
        text, encoding = decode_csv(data)
    except SpreadsheetError as unreadable:
        try:
            data.decode("euc_jp")
        except UnicodeDecodeError:
            raise unreadable from None
        raise SpreadsheetError(wrong % {"what": "EUC-JP"}) from None
    if encoding == "cp932":
        try:
            euc = data.decode("euc_jp")
        except UnicodeDecodeError:
            return
        # Real Shift_JIS hardly ever decodes as EUC-JP; when it does and reads as far more
        # Japanese that way, the file is EUC-JP.
        if _japanese_score(euc) > 1.5 * _japanese_score(text) + 2:
            raise SpreadsheetError(wrong % {"what": "EUC-JP"})


def read_sheet(data: bytes, filename: str) -> Grid:
    """The file's rows as a Grid, or SpreadsheetError with a Japanese message for the person."""
    if not data:
        raise SpreadsheetError(_("ファイルが空です。"))
    if not filename.lower().endswith(".xlsx"):
        _check_csv_encoding(data)
    grid = read_grid(data, filename)
    if not any(grid.rows):
        raise SpreadsheetError(_("見出し行がありません。1行目に列名を入れてください。"))
    return grid


def read(data: bytes, filename: str, layout: Layout | None = None) -> Table:
    """The file as a Table (where its header is found by detect_layout unless given), or
    SpreadsheetError with a Japanese message for the person."""
    grid = read_sheet(data, filename)
    return table_of(grid, layout or detect_layout(grid))


def table_of(grid: Grid, layout: Layout) -> Table:
    table = table_from_grid(grid, layout.header_row, layout.header_rows, layout.last_row,
                            skip=_skipper(grid, layout))
    _check_table(table)
    return table


# --- Where the table is in the sheet -----------------------------------------------------------
#
# Ward lists are made to be printed: a title above the header (「令和6年度 中区 通いの場一覧」),
# headings in two rows with merged cells (「連絡先」 over 「電話」「FAX」), blank rows between
# blocks, 「【本牧地区】」 across the sheet between them, and notes under the table
# (「※ 2024年4月現在」). detect_layout finds the header and the end of the data; the person can
# correct both on the mapping page, with the first and last rows in front of them.


@dataclass(frozen=True)
class Layout:
    header_row: int = 1  # the first row of the header (1-based, as Excel numbers rows)
    header_rows: int = 1  # how many rows the header takes
    last_row: int | None = None  # the last row of data; None: to the end of the sheet

    @property
    def first_data_row(self) -> int:
        return self.header_row + self.header_rows

    def as_dict(self) -> dict:
        return {"header_row": self.header_row, "header_rows": self.header_rows, "last_row": self.last_row}

    @classmethod
    def from_dict(cls, data: dict | None) -> Layout:
        data = data or {}
        return cls(header_row=int(data.get("header_row") or 1), header_rows=int(data.get("header_rows") or 1),
                   last_row=int(data["last_row"]) if data.get("last_row") else None)


HEAD_ROWS = 30  # the header is looked for in the first rows only
_ASIDE_START = re.compile(
    r"^\s*(?:[※＊*■□◆◇●○◎▼▽☆★【〔\[<＜]|\(?注[\d)）:：]|（注|備考[:：]|出典|資料|作成|以上|(?:合|総|小)?計[\s:：]|"
    r"(?:令和|平成|R|H)?\s*[\d元]+\s*年.*現在)")


def _header_score(cells: list[str]) -> int:
    """How many of the row's different values are words of a heading (名称, 住所, 電話…)."""
    return sum(1 for value in distinct_values(cells) if len(value) <= 30 and _match(value) is not None)


def _looks_like_data(value: str) -> bool:
    text = _nfkc(value)
    return len(text) > 25 or bool(re.search(r"\d{3}", text))


def _aside(cells: list[str]) -> bool:
    """A row that is no listing: one value across the sheet (a title or a 【地区】 heading, merged
    over the columns) or a note (「※ …」)."""
    values = distinct_values(cells)
    if len(values) == 1:
        return sum(1 for c in cells if c) >= 3 or bool(_ASIDE_START.match(_nfkc(values[0])))
    return len(values) == 2 and bool(re.match(r"^(?:合|総|小)?計$", _nfkc(values[0])))


def _footer(cells: list[str]) -> bool:
    """A row under the table: an aside, or one long sentence (「この一覧は…」)."""
    values = distinct_values(cells)
    return _aside(cells) or (len(values) == 1 and (len(values[0]) >= 20 or "現在" in values[0]))


def _header_continues(grid: Grid, header_row: int, header_rows: int) -> bool:
    """Whether the row below the header's rows so far is part of it: a heading merged down into it
    (「名称」 over two rows), or headings under a group heading's blank cells without data in them."""
    below = header_row + header_rows
    if below > len(grid.rows) or below > HEAD_ROWS:
        return False
    cells = grid.rows[below - 1]
    if not any(cells) or _aside(cells):
        return False
    last = below - 1
    if any(r0 <= last and r1 >= below for r0, _c0, r1, _c1 in grid.merges):
        return True
    upper = grid.rows[last - 1]
    gaps = [i for i, value in enumerate(cells) if value and (i >= len(upper) or not upper[i])]
    return (bool(gaps) and _header_score(cells) >= 1
            and not any(_looks_like_data(v) for v in cells if v))


def detect_layout(grid: Grid) -> Layout:
    """Where the header is (the row among the first that reads most like headings, with the rows
    under it that continue it) and where the data ends (before the notes under the table)."""
    head = [(n, row) for n, row in enumerate(grid.rows[:HEAD_ROWS], start=1)
            if sum(1 for c in row if c) >= 2 and not _aside(row)]
    if not head:
        first = next((n for n, row in enumerate(grid.rows, start=1) if any(row)), 1)
        return Layout(header_row=first)
    best = max(_header_score(row) for _n, row in head)
    header_row = next(n for n, row in head if _header_score(row) == best)
    header_rows = 1
    while header_rows < 3 and _header_continues(grid, header_row, header_rows):
        header_rows += 1
    last_row = len(grid.rows)
    while last_row >= header_row + header_rows and (not any(grid.rows[last_row - 1])
                                                   or _footer(grid.rows[last_row - 1])):
        last_row -= 1
    return Layout(header_row=header_row, header_rows=header_rows,
                  last_row=last_row if last_row < len(grid.rows) else None)


def _skipper(grid: Grid, layout: Layout) -> Callable[[list[str]], bool]:
    """Rows inside the data that are no listing: an aside, or the header again (a list printed
    over several pages repeats it on each)."""
    band = [grid.rows[n - 1] for n in range(layout.header_row, layout.first_data_row) if n <= len(grid.rows)]

    def skip(cells: list[str]) -> bool:
        return _aside(cells) or cells in band

    return skip


def sheet_rows(grid: Grid, numbers: Iterable[int], width: int = 12, chars: int = 24) -> list[dict]:
    """Rows as the mapping page shows them: number and the first cells, shortened."""
    found = []
    for number in numbers:
        if 1 <= number <= len(grid.rows):
            cells = grid.rows[number - 1][:width]
            found.append({"number": number, "cells": [c if len(c) <= chars else c[: chars - 1] + "…" for c in cells]})
    return found


def sheet_view(grid: Grid, layout: Layout) -> dict:
    """What the mapping page needs to show the rows and redo the header without the file: the
    first rows (for the header and the examples), the last rows (for the end), the numbers of the
    rows with something in them, and the sheet's merges."""
    filled = [n for n, row in enumerate(grid.rows, start=1) if any(row)]
    width = max((len(r) for r in grid.rows[:HEAD_ROWS + 40]), default=0)
    return {
        "head": [row[:width] for row in grid.rows[:HEAD_ROWS + 40]],
        "tail": sheet_rows(grid, filled[-6:]),
        "filled": filled,
        "merges": [list(m) for m in grid.merges if m[0] <= HEAD_ROWS + 40],
        "layout": layout.as_dict(),
        "size": len(grid.rows),
    }


def head_grid(view: dict) -> Grid:
    """The first rows of a sheet_view as a Grid (enough to name the columns and show examples)."""
    return Grid(rows=[list(r) for r in view["head"]], encoding="",
                merges=[tuple(m) for m in view.get("merges", [])])


def mapping_view(view: dict, layout: Layout) -> dict:
    """For the mapping page, from the first reading's sheet_view and a layout: the column names,
    examples of each, about how many rows will be read, and the rows to show with what each is
    (a title above the header, the header, data, a row passed over, or a note after the data)."""
    grid = head_grid(view)
    head_end = len(grid.rows) if layout.last_row is None else min(layout.last_row, len(grid.rows))
    table = table_from_grid(grid, layout.header_row, layout.header_rows, head_end, skip=_skipper(grid, layout))
    skipped = {number for number, _text in table.skipped}
    last = layout.last_row or view["size"]
    # Rows to read: those with something in them, less the asides and repeated headers seen so far.
    filled = [n for n in view["filled"] if layout.first_data_row <= n <= last and n not in skipped]

    def role(number: int) -> str:
        if number < layout.header_row:
            return "above"
        if number < layout.first_data_row:
            return "header"
        if number > last:
            return "after"
        return "skipped" if number in skipped else "data"

    shown = list(range(1, min(max(layout.first_data_row + 5, 10), len(grid.rows)) + 1))
    tail = [row for row in view["tail"] if row["number"] > shown[-1]] if shown else view["tail"]
    rows = [dict(row, role=role(row["number"]) if any(row["cells"]) else "blank")
            for row in sheet_rows(grid, shown) + tail]
    width = max((len(r["cells"]) for r in rows), default=0)
    for row in rows:
        row["cells"] = row["cells"] + [""] * (width - len(row["cells"]))
    names = [h for h in table.headers if h]
    return {
        "headers": table.headers,
        "samples": samples(table),
        "rows": len(filled),
        "sheet_rows": rows,
        "gap": bool(tail) and tail[0]["number"] > shown[-1] + 1,
        "tail_from": tail[0]["number"] if tail else None,
        "letters": [get_column_letter(i) for i in range(1, width + 1)],
        "repeated": sorted({h for h in names if names.count(h) > 1}),
        "last_row": last,
    }


def check_layout(layout: Layout, view: dict) -> list[str]:
    """What is wrong with a chosen layout, in Japanese; [] when it can be used."""
    errors = []
    head = view["head"]
    if not (1 <= layout.header_row <= min(HEAD_ROWS, len(head))) or not any(head[layout.header_row - 1]):
        errors.append(_("見出しの行には、最初の%(n)s行のうち空でない行を選んでください。") % {"n": HEAD_ROWS})
    if not (1 <= layout.header_rows <= 3):
        errors.append(_("見出しの行数は1〜3行です。"))
    if layout.last_row is not None and layout.last_row < layout.first_data_row:
        errors.append(_("データの最後の行は、見出しより下の行にしてください。"))
    return errors


def _check_table(table: Table) -> None:
    names = [h for h in table.headers if h]
    repeated = sorted({h for h in names if names.count(h) > 1})
    if repeated:
        raise SpreadsheetError(
            _("見出し「%(names)s」が2つ以上の列にあります。列の名前を1つずつ違うものにしてから、もう一度お試しください。")
            % {"names": "」「".join(repeated)}
        )
    if not table.rows:
        raise SpreadsheetError(_("見出し行の下にデータがありません。2行目から資源を1行に1件ずつ書いてください。"))


def load_grid(path: str, filename: str) -> Grid:
    """The uploaded file's rows, read once per upload: the first reading keeps them beside the
    file, so that the previews (after changing the header or the mapping) and the commit need not
    read the workbook again. The file never changes once stored."""
    cache = f"{path}.grid.json"
    if default_storage.exists(cache):
        with default_storage.open(cache, "rb") as handle:
            stored = json.loads(handle.read().decode("utf-8"))
        return Grid(rows=stored["rows"], encoding=stored["encoding"], merges=[tuple(m) for m in stored["merges"]])
    grid = read_sheet(load_upload(path), filename)
    stored = {"rows": grid.rows, "encoding": grid.encoding, "merges": [list(m) for m in grid.merges]}
    default_storage.save(cache, ContentFile(json.dumps(stored, ensure_ascii=False).encode("utf-8")))
    return grid


def load_table(path: str, filename: str, layout: Layout | None = None) -> Table:
    grid = load_grid(path, filename)
    return table_of(grid, layout or detect_layout(grid))


def store_upload(data, filename: str) -> str:
    """Keep an uploaded file (bytes, or an UploadedFile: streamed in chunks) between the steps and
    for the jobs; returns its storage name. Abandoned ones are removed: tsunagu/jobs/uploads.py."""
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    content = ContentFile(data) if isinstance(data, bytes) else data
    return default_storage.save(f"imports/{uuid.uuid4().hex}{suffix}", content)


def upload_in_use(name: str | None) -> bool:
    """Whether a job still waiting, running or cut off (to be retried) needs this upload."""
    from tsunagu.jobs.models import Job

    if not name:
        return False
    live = Job.objects.filter(kind=JOB_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING, Job.State.INTERRUPTED])
    return any(params.get("path") == name for params in live.values_list("params", flat=True))


def load_upload(name: str) -> bytes:
    """The stored file, refused (SpreadsheetError) before reading when it is over the size limit."""
    from tsunagu.lib.spreadsheets import Limits, too_large

    limits = Limits.from_settings()
    if default_storage.size(name) > limits.bytes:
        raise too_large(limits)
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def forget_upload(name: str | None) -> None:
    for stored in (name, f"{name}.grid.json") if name else ():
        if default_storage.exists(stored):
            default_storage.delete(stored)


def samples(table: Table, per_column: int = 3) -> dict[str, list[str]]:
    """A few values of each column, for the mapping form."""
    found: dict[str, list[str]] = {h: [] for h in table.headers if h}
    for row in table.rows[:200]:
        for header, values in found.items():
            value = row.values.get(header, "")
            if value and len(values) < per_column and value not in values:
                values.append(value[:40])
    return found


# --- Values ------------------------------------------------------------------------------------

_DASHES = re.compile(r"[‐‑‒–—―−－ｰー]")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


_WIDE_DIGITS = str.maketrans({chr(wide): chr(wide - 0xFEE0) for wide in range(ord("０"), ord("９") + 1)})


def tidy(text: str) -> str:
    """A cell as it is kept: half-width kana made full-width (ﾃﾞｲｻｰﾋﾞｽ → デイサービス), full-width
    digits half-width (３００円 → 300円); letters, Japanese punctuation and the full-width space stay
    as typed (NFKC would turn （） into ()), and so do line breaks inside the cell. Search folds
    the rest (lib.japanese.normalize)."""
    value = jaconv.h2z(text or "", kana=True, ascii=False, digit=False)
    return value.translate(_WIDE_DIGITS).strip()


def loose(text: str) -> str:
    """For matching place names: normalised, and ヶ/ケ, ッ/ツ told apart by nobody (保土ケ谷区 = 保土ヶ谷区)."""
    return normalize(text).replace("ヶ", "ケ").replace("ヵ", "カ").replace("ッ", "ツ").replace(" ", "")


# Numbers whose leading 0 Excel dropped (the cell held a number, 456213344): the area code is
# known from the digits left only for these; any other is refused rather than guessed.
_LOST_ZERO = [
    (re.compile(r"45\d{7}"), "045", (3, 3, 4)),  # 横浜市
    (re.compile(r"44\d{7}"), "044", (3, 3, 4)),  # 川崎市
    (re.compile(r"3\d{8}"), "03", (2, 4, 4)),  # 東京23区
    (re.compile(r"120\d{6}"), "0120", (4, 3, 3)),  # フリーダイヤル
    (re.compile(r"800\d{7}"), "0800", (4, 3, 4)),
    (re.compile(r"[789]0\d{8}"), "0X0", (3, 4, 4)),  # 携帯 090/080/070
    (re.compile(r"50\d{8}"), "050", (3, 4, 4)),  # IP電話
]
YOKOHAMA_AREA_CODE = "045"


@dataclass
class PhoneReading:
    number: str | None = None  # hyphenated; several joined with 「／」
    repairs: list[str] = field(default_factory=list)  # what was changed, for the row's notes
    problem: str = ""  # why it could not be read, when number is None


def _groups(digits: str, sizes: tuple[int, ...]) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at:at + size])
        at += size
    return "-".join(parts)


def _format_digits(digits: str) -> str:
    if re.fullmatch(r"0[5789]0\d{8}", digits):
        return _groups(digits, (3, 4, 4))
    if digits.startswith(("0120", "0800")):
        return _groups(digits, (4, 3, len(digits) - 7))
    if len(digits) == 10 and digits[:2] in ("03", "06"):
        return _groups(digits, (2, 4, 4))
    if len(digits) == 10:
        return _groups(digits, (3, 3, 4))
    return digits


def read_phone(text: str, local_area_code: str = "") -> PhoneReading:
    """「045-123-4567」, 「０４５（１２３）４５６７」, 「045ー123ー4567」, 「045(123)4567 / 090-1234-5678」 →
    hyphenated. A number whose leading 0 was lost (456213344) gets it back where the digits say
    which area it is (横浜 045, 携帯 090, 0120…); a local number without its area code (621-3344)
    gets local_area_code when given. Anything else is refused with the reason."""
    value = _DASHES.sub("-", _nfkc(text))
    value = re.sub(r"^(tel|電話|電話番号|☎)[:：\s]*", "", value, flags=re.IGNORECASE)
    parts = [p for p in re.split(r"\s*(?:[/、,]|または|又は)\s*", value) if p.strip()]
    reading = PhoneReading()
    numbers = []
    for part in parts:
        extension = ""
        match = re.search(r"\s*(内線\s*\d+)$", part)
        if match:
            extension, part = " " + match.group(1), part[: match.start()]
        digits = re.sub(r"[-()\s]", "", part)
        if re.search(r"\D", digits):
            return PhoneReading(problem=_("数字のほかの文字が入っています"))
        if re.fullmatch(r"0\d{9,10}", digits):
            if "-" in part:
                formatted = re.sub(r"\s*-\s*", "-", part.strip().replace("(", "-").replace(")", "-")).strip("-")
                formatted = re.sub(r"-+", "-", formatted)
            else:
                formatted = _format_digits(digits)
        elif not digits.startswith("0") and len(digits) in (9, 10) and "-" not in part:
            known = next(((code, sizes) for pattern, code, sizes in _LOST_ZERO if pattern.fullmatch(digits)), None)
            if known is None:
                return PhoneReading(problem=_("先頭の0が消えています（数値として保存されたため）。市外局番がわからないため直せません。"
                                              "0から始まる番号を文字として入れ直してください"))
            formatted = _groups("0" + digits, known[1])
            reading.repairs.append(_("電話番号「%(value)s」は先頭の0が消えていたため（数値として保存されたため）、"
                                     "%(number)s としました。") % {"value": part.strip(), "number": formatted})
        elif local_area_code and re.fullmatch(r"[1-9]\d{6}", digits):
            formatted = f"{local_area_code}-{digits[:3]}-{digits[3:]}"
            reading.repairs.append(_("電話番号「%(value)s」に市外局番がなかったため、%(number)s としました。")
                                   % {"value": part.strip(), "number": formatted})
        elif len(digits) < 10:
            return PhoneReading(problem=_("けたが足りません（市外局番から10けたか11けた）"))
        else:
            return PhoneReading(problem=_("けたが多すぎます（市外局番から10けたか11けた）"))
        numbers.append(formatted + extension)
    if not numbers:
        return PhoneReading(problem=_("番号がありません"))
    reading.number = "／".join(numbers)
    return reading


def parse_phone(text: str) -> str | None:
    """read_phone's number, or None when it cannot be read."""
    return read_phone(text).number


def _dms(match: re.Match) -> float:
    degrees, minutes, seconds, hemisphere = match.groups()
    value = int(degrees) + int(minutes) / 60 + float(seconds) / 3600
    return -value if hemisphere and hemisphere in "SW" else value


def parse_latlng(text: str) -> tuple[float, float] | None:
    """「35.44, 139.63」 or 「35°23'40.0"N 139°31'48.1"E」; None if unreadable or out of range."""
    value = _nfkc(text)
    dms = list(re.finditer(r"(\d+)\s*[°度゜\u309a\u00ba]\s*(\d+)\s*['′分]\s*(\d+(?:\.\d+)?)\s*(?:[\"″]|秒)?\s*([NSEW]?)",
                           value))
    if len(dms) == 2:
        lat, lng = _dms(dms[0]), _dms(dms[1])
    else:
        numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
        if len(numbers) != 2:
            return None
        lat, lng = float(numbers[0]), float(numbers[1])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return round(lat, 7), round(lng, 7)


def parse_number(text: str, low: float, high: float) -> float | None:
    value = _nfkc(text)
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return None
    number = float(value)
    return number if low <= number <= high else None


_TRUE = {"あり", "有", "有り", "はい", "可", "○", "〇", "◯", "yes", "y", "true", "1", "する", "対応", "対応可", "可能"}
_FALSE = {"なし", "無", "無し", "いいえ", "不可", "×", "✕", "no", "n", "false", "0", "しない", "-", "非対応", "不可能"}
_TRUE = {normalize(w) for w in _TRUE}
_FALSE = {normalize(w) for w in _FALSE}


def parse_bool(text: str) -> bool | None:
    value = normalize(text)
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def parse_url(text: str) -> str | None:
    value = _nfkc(text)
    found = re.findall(r"https?://[^\s、,，）)」\]]+", value)
    if not found and re.fullmatch(r"www\.[^\s]+\.[a-z]{2,}[^\s]*", value, flags=re.IGNORECASE):
        found = ["https://" + value]
    if not found:
        return None
    url = found[0]
    try:
        URLValidator()(url)
    except ValidationError:
        return None
    return url if len(url) <= 200 else None


def parse_email(text: str) -> str | None:
    value = _nfkc(text).removeprefix("mailto:")
    try:
        EmailValidator()(value)
    except ValidationError:
        return None
    return value


_ERAS = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988, "昭和": 1925, "s": 1925}
_RE_ERA_DATE = re.compile(r"(令和|平成|昭和|[rhs])\s*(\d{1,2}|元)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_RE_WESTERN_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:[t\s]\d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date | None:
    """A day as ward lists write it: an Excel date cell (2024-04-01), 「2024/4/1」「2024年4月1日」,
    「R6.4.1」「令和6年4月1日」「令和元年5月1日」「H31.4.1」, or Excel's day number (45383) when the
    cell lost its date format. None when it is not one whole date."""
    value = _nfkc(text).lower().replace(" ", "")
    match = _RE_ERA_DATE.fullmatch(value)
    if match:
        era, year, month, day = match.groups()
        year = _ERAS[era] + (1 if year == "元" else int(year))
        return _safe_date(year, month, day)
    match = _RE_WESTERN_DATE.fullmatch(value)
    if match:
        return _safe_date(*match.groups())
    if re.fullmatch(r"\d{5}", value) and 20000 <= int(value) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None


def parse_postal(text: str) -> str | None:
    digits = re.sub(r"[-\s〒]", "", _DASHES.sub("-", _nfkc(text)))
    return f"{digits[:3]}-{digits[3:]}" if re.fullmatch(r"\d{7}", digits) else None


_CHOICE_WORDS: dict[tuple, dict[str, str]] = {}


def _choice(text: str, choices: type[models.Choices]) -> str | None:
    """The stored value whose code, label or label before its bracket is the text (活動中, 軽い, 2)."""
    key = (choices, translation.get_language())
    words = _CHOICE_WORDS.get(key)
    if words is None:
        words = {}
        for stored, label in choices.choices:
            label = normalize(str(label))
            for word in (normalize(str(stored)), label, label.split("(")[0].strip()):
                words.setdefault(word, stored)
        _CHOICE_WORDS[key] = words
    return words.get(normalize(text))


def kana(text: str) -> str:
    """Readings are kept in hiragana, as staff type them (ﾐﾄﾞﾘｶﾞｵｶ and ミドリガオカ → みどりがおか)."""
    return jaconv.kata2hira(_nfkc(text))


# --- Free-text schedules -----------------------------------------------------------------------
#
# 「毎週火曜 10時〜12時」「第2・第4水曜」「毎月15日」, and the wording schedules.describe() writes
# (so that an export reads back), become Schedule rows. What is not understood stays in the
# listing's schedule_note, word for word; a rule is only made when nothing in the text could
# change its meaning (偶数月の…, …を除く, 不定期).

_WD = "月火水木金土日"
_KANJI_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A bare 月 or 日 followed by a number is a month or a count (月2回), never a weekday.
_W = rf"(?:[{_WD}]曜日?|[火水木金土日]|月(?!\s*に|\s*\d+\s*回))"
_NOT_AFTER = r"(?<![\d年月毎隔今先来翌前第・])"
_T = r"(?:(午前|午後|am|pm)\s*)?(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分|(半))?)"
_RE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*[(（][月火水木金土日](?:曜日?)?[)）])?")
_RE_PERIOD = re.compile(r"[(（](?:(\d{4})年(\d{1,2})月(\d{1,2})日から)?(?:(\d{4})年(\d{1,2})月(\d{1,2})日まで)?[)）]")
_RE_TIME = re.compile(_T + r"\s*(?:〜|-|から|より)\s*(?:" + _T + r")?\s*(?:まで|迄)?", re.IGNORECASE)
_RE_UNTIL = re.compile(r"(?:〜|-)\s*" + _T + r"\s*(?:まで|迄)?", re.IGNORECASE)
# 第2・第4, 第2・4, 第１第３, 第1〜3, 最終, 第2・最終, 最後から2番目の — then the weekday(s).
_ORD_ITEM = r"(?:第\s*[1-5](?:\s*(?:〜|-)\s*(?:第\s*)?[1-5])?|最終|最後から\s*[1-5]\s*番目の|最後の)"
_RE_ORDINAL = re.compile(
    rf"(?:毎月\s*)?({_ORD_ITEM}(?:\s*[・、,と]?\s*(?:{_ORD_ITEM}|(?<=[・、,と])[1-5](?:\s*(?:〜|-)\s*[1-5])?))*)"
    rf"\s*(?:週目?)?\s*の?\s*({_W}(?:\s*[・、]?\s*{_W})*)"
)
_RE_WD_RANGE = re.compile(rf"{_NOT_AFTER}([{_WD}])(?:曜日?)?\s*(?:〜|-|から)\s*([{_WD}])(?:曜日?)?")
_RE_WD_LIST = re.compile(rf"{_NOT_AFTER}{_W}(?:\s*(?:[・、,/と]|及び)?\s*{_W})*")
_RE_EVERYDAY = re.compile(r"毎日|年中無休")
_RE_WEEKDAYS = re.compile(r"平日")
_RE_WEEKEND = re.compile(r"土日")
# 「毎月15日」 but not 「4月15日」 (a date without its year, which _RE_BLOCKER keeps out of rules).
_RE_MONTHDAY = re.compile(r"(?<![\d年第])(?:(?<=毎月)|(?<!月))(\d{1,2})日(?![間前後])|末日")
_RE_INTERVAL = re.compile(r"隔週|(\d)週(?:ごと|毎|おき)の?|隔月|(\d)か月(?:ごと|毎|おき)の?")
_RE_BLOCKER = re.compile(r"偶数|奇数|不定期|除く|以外|休み|休業|休止|未定|\d+月\d+日|祝|原則|程度|ほど|前後|など|等|随時|要相談|応相談")
# 「月2回」「週1回」: a count says how often, not on which days. It only stands beside rules that
# give exactly that many days (「第1・3水曜（月2回）」); 「毎週水曜日・日曜日月2回」 is refused.
_RE_COUNT = re.compile(r"(月|週|年)\s*に?\s*(\d+)\s*回")
_RE_FILLER = re.compile(r"[\s、。・,.／/()（）「」\[\]【】:~〜-]|毎週|毎月|曜日|曜|開催|実施|から|まで|迄|頃|ごろ|の|に|で|は|と")


def _clean_schedule_text(text: str) -> str:
    value = unicodedata.normalize("NFKC", text or "").replace("～", "〜").replace("~", "〜")
    value = _DASHES.sub("-", value)
    # 第二・四 → 第2・4; 一〜五 only where they count weeks (第…, or after a ・ in such a list).
    value = re.sub(r"(?<=[第・、〜])([一二三四五])(?=[・、〜第週\s" + _WD + r"])",
                   lambda m: str(_KANJI_NUM[m.group(1)]), value)
    return value


def _clock(ampm: str | None, hour: str, minute: str | None, minute_jp: str | None, half: str | None) -> time | None:
    h = int(hour)
    m = int(minute or minute_jp or 0) + (30 if half else 0)
    if ampm and ampm.lower() in ("午後", "pm") and h < 12:
        h += 12
    if h == 24 and m == 0:
        return None
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return time(h, m)


def parse_time(text: str) -> time | None:
    """One time of day: 「10:00」「10時30分」「午後1時」."""
    match = re.fullmatch(r"\s*" + _T + r"\s*", unicodedata.normalize("NFKC", text or ""), re.IGNORECASE)
    return _clock(*match.groups()) if match else None


@dataclass
class ScheduleParse:
    schedules: list[dict] = field(default_factory=list)
    understood: bool = True  # the whole text became schedules
    times: tuple[time | None, time | None] | None = None
    # 「祝日休み」「年末年始は休み」 read from the text (Schedule's flags), already set on its own
    # rules; kept for the rules of the row that another column gives (曜日 in one, 祝日休み in 時間).
    rests: dict = field(default_factory=dict)


def _ordinals(text: str) -> list[int]:
    numbers: list[int] = []
    for m in re.finditer(r"最後から\s*(\d)\s*番目の|最終|最後の|(\d)\s*(?:(?:〜|-)\s*(?:第\s*)?(\d))?", text):
        if m.group(1):
            found = [-int(m.group(1))]
        elif m.group(2):
            found = list(range(int(m.group(2)), int(m.group(3) or m.group(2)) + 1))
        else:
            found = [-1]
        numbers += [n for n in found if n not in numbers]
    return numbers


def _weekdays(text: str) -> list[int]:
    return [_WD.index(ch) for ch in re.sub(r"曜日?", "", text) if ch in _WD]


def _segment(text: str, bare_weekdays: bool = False) -> ScheduleParse:
    taken = [False] * len(text)

    def claim(regex) -> list[re.Match]:
        found = []
        for match in regex.finditer(text):
            if any(taken[match.start():match.end()]):
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            found.append(match)
        return found

    periods = claim(_RE_PERIOD)
    dates = claim(_RE_DATE)
    ranges = claim(_RE_TIME) + claim(_RE_UNTIL)
    ordinal_groups = claim(_RE_ORDINAL)
    wd_ranges = claim(_RE_WD_RANGE)
    everyday, weekdays_words, weekend = claim(_RE_EVERYDAY), claim(_RE_WEEKDAYS), claim(_RE_WEEKEND)
    wd_lists = [m for m in _RE_WD_LIST.finditer(text) if not any(taken[m.start():m.end()])]
    kept_lists = []
    for m in wd_lists:
        letters = _weekdays(m.group())
        # A lone 月 or 日 is a month or a day, not a weekday, unless 曜 says so (or the column is 曜日).
        if "曜" in m.group() or len(letters) >= 2 or bare_weekdays:
            for i in range(m.start(), m.end()):
                taken[i] = True
            kept_lists.append(m)
    monthdays = claim(_RE_MONTHDAY) if "毎月" in text or "隔月" in text or re.search(r"\d日[・、]", text) else []
    intervals = claim(_RE_INTERVAL)
    counts = claim(_RE_COUNT)

    result = ScheduleParse()
    leftover = "".join(ch for ch, used in zip(text, taken, strict=True) if not used)
    leftover = _RE_FILLER.sub("", leftover)
    has_rule = bool(dates or ordinal_groups or wd_ranges or everyday or weekdays_words or weekend or kept_lists
                    or monthdays)
    if _RE_BLOCKER.search(leftover) or len(ranges) > 1:
        # 「偶数月の第3土曜」「日曜日を除く」, or two opening hours: a rule made from it would be wrong.
        result.understood = False
        return result
    if ranges:
        groups = ranges[0].groups()
        if len(groups) == 10:
            opens, closes = _clock(*groups[:5]), (_clock(*groups[5:]) if groups[6] else None)
        else:
            opens, closes = None, _clock(*groups)
        if opens is None and closes is None:
            result.understood = False
            return result
        result.times = (opens, closes)
    # understood: every word of the text was used (a time-only cell is understood, with no rule).
    result.understood = not leftover
    if not has_rule:
        # 「月2回」「隔週」 alone say how often, not when.
        result.understood = result.understood and not counts and not intervals
        return result

    weekly_interval, monthly_interval = 1, 1
    for m in intervals:
        word = m.group()
        if word.startswith("隔週"):
            weekly_interval = 2
        elif word.startswith("隔月"):
            monthly_interval = 2
        elif m.group(1):
            weekly_interval = int(m.group(1))
        elif m.group(2):
            monthly_interval = int(m.group(2))

    weekly: set[int] = set()
    if everyday:
        weekly |= set(range(7))
    if weekdays_words:
        weekly = set(range(5))  # 「平日毎日」 is every weekday
    if weekend:
        weekly |= {5, 6}
    for m in wd_ranges:
        low, high = _WD.index(m.group(1)), _WD.index(m.group(2))
        weekly |= set(range(low, high + 1)) if low <= high else set(range(low, 7)) | set(range(0, high + 1))
    for m in kept_lists:
        weekly |= set(_weekdays(m.group()))

    period = {}
    for m in periods:
        if m.group(1):
            period["valid_from"] = _safe_date(m.group(1), m.group(2), m.group(3))
        if m.group(4):
            period["valid_to"] = _safe_date(m.group(4), m.group(5), m.group(6))
    if None in period.values():
        result.understood = False
        return result

    schedules: list[dict] = []
    if weekly:
        schedules.append({"freq": Schedule.Freq.WEEKLY, "interval": weekly_interval,
                          "byday": ",".join(weekday_codes[d] for d in sorted(weekly))})
    bydays = []
    for m in ordinal_groups:
        for n in _ordinals(m.group(1)):
            for d in _weekdays(m.group(2)):
                code = f"{n}{weekday_codes[d]}"
                if code not in bydays:
                    bydays.append(code)
    if bydays:
        schedules.append({"freq": Schedule.Freq.MONTHLY, "interval": monthly_interval, "byday": ",".join(bydays)})
    days = []
    for m in monthdays:
        day = -1 if m.group() == "末日" else int(m.group(1))
        if day not in days and (day == -1 or 1 <= day <= 31):
            days.append(day)
    if days:
        schedules.append({"freq": Schedule.Freq.MONTHLY, "interval": monthly_interval,
                          "bymonthday": ",".join(str(d) for d in days)})
    for m in dates:
        day = _safe_date(*m.groups())
        if day is None:
            result.understood = False
            return result
        schedules.append({"freq": Schedule.Freq.ONCE, "dtstart": day})
    for schedule in schedules:
        if schedule["freq"] != Schedule.Freq.ONCE:
            schedule.update(period)
    if counts and not all(_count_agrees(m, schedules) for m in counts):
        result.understood = False
        return result
    result.schedules = schedules
    return result


def _count_agrees(match: re.Match, schedules: list[dict]) -> bool:
    """Whether 「月N回」「週N回」 says what the rules say: N nth-weekdays or dates a month, N weekdays a week."""
    unit, n = match.group(1), int(match.group(2))
    if not schedules or any(s.get("interval", 1) != 1 for s in schedules):
        return False
    if unit == "月" and all(s["freq"] == Schedule.Freq.MONTHLY for s in schedules):
        items = [code for s in schedules for code in (s.get("byday") or s.get("bymonthday") or "").split(",") if code]
        # 「毎月第2火曜」 counts 1; a byday without its ordinal (every Tuesday of the month) counts more.
        return len(items) == n and all(re.match(r"-?\d", code) for code in items)
    if unit == "週" and all(s["freq"] == Schedule.Freq.WEEKLY for s in schedules):
        return sum(len(s.get("byday", "").split(",")) for s in schedules) == n
    return False


def _safe_date(year, month, day) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _notes_tail(text: str) -> tuple[str, str]:
    """describe() writes a schedule's notes last, after a space: 「毎週火曜 10:00〜12:00 雨天中止」.
    The longest such tail without digits or weekdays is taken as notes."""
    for match in re.finditer(r"\s+", text):
        head, tail = text[: match.start()], text[match.end():].strip()
        if not tail or re.search(rf"\d|[{_WD}]曜", tail) or _RE_BLOCKER.search(tail):
            continue
        if re.search(r"(?:曜|日|\d{1,2}:\d{2}〜?|[)）])$", head):
            return head, tail
    return text, ""


# 「祝日休み」「（祝日・年末年始は休み）」「祝祭日を除く」: the rule rests on those days (Schedule's flags).
_REST = r"(?:は|も)?\s*(?:お?休み|休業|休会|除く)"
_RE_REST_BOTH = re.compile(r"[（(]?\s*(?:祝祭?日|祝)\s*[・、及び]\s*年末年始" + _REST + r"\s*[)）]?"
                           r"|[（(]?\s*年末年始\s*[・、及び]\s*(?:祝祭?日|祝)" + _REST + r"\s*[)）]?")
_RE_REST_HOLIDAYS = re.compile(r"[（(]?\s*(?:祝祭?日|祝)(?:を)?" + _REST + r"\s*[)）]?")
_RE_REST_NEW_YEAR = re.compile(r"[（(]?\s*年末年始(?:を)?" + _REST + r"\s*[)）]?")


def rest_days(text: str) -> tuple[str, dict]:
    """The text without its 「祝日休み」 words, and the flags they set."""
    flags = {}
    if _RE_REST_BOTH.search(text):
        text = _RE_REST_BOTH.sub(" ", text)
        flags = {"closed_on_holidays": True, "closed_at_new_year": True}
    if _RE_REST_HOLIDAYS.search(text):
        text = _RE_REST_HOLIDAYS.sub(" ", text)
        flags["closed_on_holidays"] = True
    if _RE_REST_NEW_YEAR.search(text):
        text = _RE_REST_NEW_YEAR.sub(" ", text)
        flags["closed_at_new_year"] = True
    return text, flags


def parse_schedule_text(text: str, bare_weekdays: bool = False) -> ScheduleParse:
    """Schedules from a cell; ``understood`` is False when any of the text was not turned into them.
    「祝日休み」「年末年始は休み」 set the rules' rest flags, so their next dates skip those days."""
    value, rests = rest_days(_clean_schedule_text(text))
    result = ScheduleParse()
    for part in re.split(r"[/\n]", value):  # describe_all's 「／」 is "/" after NFKC
        part = part.strip()
        if not part:
            continue
        body, notes = _notes_tail(part)
        parsed = _segment(body, bare_weekdays=bare_weekdays)
        if notes and parsed.understood and len(parsed.schedules) == 1 and len(notes) <= 200:
            parsed.schedules[0]["notes"] = notes
        elif notes:
            parsed.understood = False
        if parsed.times:
            for schedule in parsed.schedules:
                _set_times(schedule, *parsed.times)
            result.times = result.times or parsed.times
        result.schedules += parsed.schedules
        result.understood = result.understood and parsed.understood
    # What is not read whole is not read at all: rules from part of the text could name wrong days.
    result.schedules = _without_repeats(result.schedules) if result.understood else []
    for schedule in result.schedules:
        if schedule["freq"] != Schedule.Freq.ONCE:
            schedule.update(rests)
    result.rests = rests
    return result


def _without_repeats(schedules: list[dict]) -> list[dict]:
    """「平日テイクアウト」「平日10:00-14:00」 on two lines are one rule: keep the one with times."""
    def rule(schedule):
        return tuple(sorted((k, str(v)) for k, v in schedule.items() if k not in ("opens_at", "closes_at")))

    timed = {rule(s) for s in schedules if s.get("opens_at") or s.get("closes_at")}
    kept, seen = [], []
    for schedule in schedules:
        if not (schedule.get("opens_at") or schedule.get("closes_at")) and rule(schedule) in timed:
            continue
        if schedule not in seen:
            seen.append(schedule)
            kept.append(schedule)
    return kept


def _set_times(schedule: dict, opens: time | None, closes: time | None) -> None:
    if opens is not None:
        schedule["opens_at"] = opens
    if closes is not None:
        schedule["closes_at"] = closes


def describe_for_export(schedules: Iterable) -> str:
    from tsunagu.directory.schedules import describe

    return "／".join(filter(None, (describe(s) for s in schedules)))


# --- Places ------------------------------------------------------------------------------------

_CHOME_KANJI = re.compile(r"([一二三四五六七八九十]+)丁目")


def _kanji_to_int(text: str) -> int:
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return (_KANJI_NUM.get(tens, 1) if tens else 1) * 10 + (_KANJI_NUM.get(ones, 0) if ones else 0)
    return _KANJI_NUM.get(text, 0)


def _block_key(name: str) -> str:
    return _CHOME_KANJI.sub(lambda m: f"{_kanji_to_int(m.group(1))}丁目", loose(name))


def _address_key(rest: str) -> str:
    """The part of an address after the ward, with 「1-2-3」「1の2」 read as 1丁目: 相生町1-2-3 → 相生町1丁目-2-3."""
    value = _CHOME_KANJI.sub(lambda m: f"{_kanji_to_int(m.group(1))}丁目", loose(_DASHES.sub("-", rest)))
    return re.sub(r"^(\D+?)(\d+)(?:-|ノ|番地?|$)", r"\1\2丁目", value, count=1)


class PlaceFinder:
    """Looks up wards, 町丁目 and place codes for rows, with what it needs loaded once."""

    def __init__(self, user):
        self.user = user
        wards = list(Place.objects.filter(kind=Kind.WARD).select_related("parent").order_by("path"))
        self.wards_by_name: dict[str, list[Place]] = {}
        for ward in wards:
            self.wards_by_name.setdefault(loose(ward.name), []).append(ward)
        self.ward_by_code = {ward.code: ward for ward in wards}
        cities = {ward.parent.name for ward in wards if ward.parent_id and ward.parent.kind == Kind.CITY}
        self.city_names = {loose(name) for name in cities}
        self.city_name = min(cities) if len(cities) == 1 else _("つなぐの地域")
        self.wards_by_pk = {ward.pk: ward for ward in wards}
        self._blocks: dict[int, dict[str, Place]] = {}
        self._places: dict[int, dict[int, Place]] = {}
        self._codes: dict[str, Place | None] = {}

    def _best(self, candidates: list[Place], address: str) -> Place:
        if len(candidates) == 1:
            return candidates[0]
        key = loose(address)
        return min(candidates, key=lambda w: (
            not policy.can_at(self.user, access.EDIT, w),
            not (w.parent_id and loose(w.parent.name) in key),
            w.path,
        ))

    def outside(self, address: str) -> str:
        """The prefecture or city an address names when it is none of ours (「東京都」「川崎市」), else ""."""
        text = re.sub(r"^〒?\s*\d{3}-?\d{4}\s*", "", _DASHES.sub("-", _nfkc(address)))
        match = re.match(r"(東京都|北海道|大阪府|京都府|[^\s\d]{2,3}県)?\s*([^\s\d]{1,5}?[市郡])?", text)
        prefecture, city = (match.group(1), match.group(2)) if match else (None, None)
        if city and loose(city) not in self.city_names and not any(loose(city).endswith(c) for c in self.city_names):
            return "".join(filter(None, [prefecture, city]))
        if prefecture and prefecture != "神奈川県" and not city:
            return prefecture
        if prefecture and prefecture != "神奈川県":
            return "".join(filter(None, [prefecture, city]))
        return ""

    def ward_named(self, text: str, address: str = "") -> Place | None:
        value = loose(text)
        if value in self.ward_by_code:
            return self.ward_by_code[value]
        candidates = self.wards_by_name.get(value) or self.wards_by_name.get(value + "区")
        if not candidates and value:
            # 「横浜市中区」 in the ward column
            candidates = next((ws for name, ws in self.wards_by_name.items() if value.endswith(name)), None)
        return self._best(candidates, address) if candidates else None

    def ward_in(self, address: str) -> tuple[Place | None, str]:
        """The ward named in an address (the earliest, then the longest name), and the rest of it."""
        key = loose(address)
        found = None
        for name, candidates in self.wards_by_name.items():
            at = key.find(name)
            if at >= 0 and (found is None or (at, -len(name)) < (found[0], -len(found[1]))):
                found = (at, name, candidates)
        if found is None:
            return None, key
        at, name, candidates = found
        return self._best(candidates, address), key[at + len(name):]

    def _ward_blocks(self, ward: Place) -> dict[str, Place]:
        if ward.pk not in self._blocks:
            under = Place.objects.filter(path__startswith=ward.path)
            self._places[ward.pk] = {p.pk: p for p in under.exclude(kind=Kind.BLOCK)}
            self._blocks[ward.pk] = {_block_key(b.name): b for b in under.filter(kind=Kind.BLOCK).order_by("-pk")}
        return self._blocks[ward.pk]

    def block_in(self, ward: Place, rest: str) -> Place | None:
        """The 町丁目 at the start of the address's rest: the longest block name it begins with."""
        blocks = self._ward_blocks(ward)
        key = _address_key(rest)
        for length in range(len(key), 0, -1):
            block = blocks.get(key[:length])
            if block is not None:
                return block
        return None

    def area_of(self, block: Place, ward: Place) -> Place:
        """Where a listing at this block belongs: its district or CP area, else the ward."""
        places = self._places.get(ward.pk, {})
        ids = [int(part) for part in block.path.strip("/").split("/")[:-1] if part]
        for pk in reversed(ids):
            place = places.get(pk)
            if place is not None and place.kind in (Kind.DISTRICT, Kind.CP_AREA, Kind.WARD):
                return place
        return ward

    def load_codes(self, codes: Iterable[str]) -> None:
        from tsunagu.places.models import normalize_code

        wanted = {normalize_code(c) for c in codes if c} - set(self._codes)
        for place in Place.objects.filter(code__in=wanted):
            self._codes[place.code] = place
        for code in wanted:
            self._codes.setdefault(code, None)

    def by_code(self, code: str) -> Place | None:
        from tsunagu.places.models import normalize_code

        code = normalize_code(code)
        if code not in self._codes:
            self.load_codes([code])
        return self._codes[code]

    def ward_of(self, place: Place) -> Place | None:
        if place.kind == Kind.WARD:
            return place
        ids = [int(part) for part in place.path.strip("/").split("/") if part]
        return next((self.wards_by_pk[pk] for pk in ids if pk in self.wards_by_pk), None)


# --- Analysis ----------------------------------------------------------------------------------


# How each kind of error is said for many rows at once: 「798行すべて横浜市外の住所です」.
ERROR_KINDS = {
    "no_name": gettext_lazy("名称がありません"),
    "outside": gettext_lazy("横浜市外の住所です"),
    "no_ward": gettext_lazy("住所から区がわかりません"),
    "unknown_ward": gettext_lazy("区の名前が見つかりません"),
    "no_place": gettext_lazy("区・住所・場所コードが空欄です"),
    "unknown_code": gettext_lazy("場所コードが見つかりません"),
    "not_allowed": gettext_lazy("登録する権限のない場所です"),
    "phone": gettext_lazy("電話番号が読めません"),
    "category": gettext_lazy("分類が見つかりません"),
    "too_long": gettext_lazy("長すぎる欄があります"),
    "confirmed": gettext_lazy("確認日が読めません"),
}


@dataclass
class RowPlan:
    number: int
    name: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    place: Place | None = None
    fields: dict = field(default_factory=dict)
    location: dict | None = None
    schedules: list[dict] | None = None
    categories: list[Category] | None = None
    # For a duplicate: the existing listing (pk, name) or the earlier row of the same file.
    duplicate_of: tuple[int, str] | None = None
    duplicate_row: int | None = None
    duplicate_editable: bool = False
    dedup_keys: tuple = ()
    # What kind each error is (ERROR_KINDS), so that a file refused for one reason on every row
    # is told in one line; an error added without a kind is grouped by its own words.
    error_kinds: list[str] = field(default_factory=list)
    # The schedule text was kept as a note, not turned into rules: a person should look at it.
    schedule_check: bool = False

    def error(self, kind: str, message: str) -> None:
        self.errors.append(message)
        self.error_kinds.append(kind)

    def kinds(self) -> list[tuple[str, str]]:
        """(group key, words for the group) of each error."""
        kinds = self.error_kinds + [""] * (len(self.errors) - len(self.error_kinds))
        return [(kind, str(ERROR_KINDS[kind])) if kind in ERROR_KINDS else (message, message)
                for kind, message in zip(kinds, self.errors, strict=True)]

    @property
    def state(self) -> str:
        if self.errors:
            return "error"
        if self.duplicate_of or self.duplicate_row:
            return "duplicate"
        return "new"

    def summary(self) -> dict:
        data = {"number": self.number, "name": self.name, "state": self.state, "errors": self.errors,
                "notes": self.notes, "place": self.place.name if self.place else ""}
        if self.duplicate_of:
            data["duplicate_of"] = {"pk": self.duplicate_of[0], "name": self.duplicate_of[1],
                                    "url": reverse("directory:detail", args=[self.duplicate_of[0]]),
                                    "editable": self.duplicate_editable}
        if self.duplicate_row:
            data["duplicate_row"] = self.duplicate_row
        if self.schedule_check:
            data["schedule_check"] = True
        return data


@dataclass
class Plan:
    rows: list[RowPlan]

    def of_state(self, state: str) -> list[RowPlan]:
        return [row for row in self.rows if row.state == state]

    def error_groups(self, first: int = 5) -> list[dict]:
        """The errors grouped by kind, most rows first: how many rows and the first row numbers."""
        groups: dict[str, dict] = {}
        for row in self.of_state("error"):
            for key, words in dict(row.kinds()).items():
                group = groups.setdefault(key, {"words": words, "count": 0, "first": []})
                group["count"] += 1
                if len(group["first"]) < first:
                    group["first"].append(row.number)
        return sorted(groups.values(), key=lambda g: (-g["count"], g["first"]))

    def headline(self) -> str:
        """One sentence when every row is refused for the same reason, else ""."""
        groups = self.error_groups()
        if self.rows and len(groups) == 1 and groups[0]["count"] == len(self.rows):
            return _("%(n)s行すべて%(words)s。") % {"n": len(self.rows), "words": groups[0]["words"]}
        return ""

    def summary(self, filename: str = "", sample: int = 50, noted_limit: int = 1000, error_limit: int = 200,
                table: Table | None = None) -> dict:
        new = self.of_state("new")
        noted = [row for row in self.rows if row.notes and not row.errors]
        errors = self.of_state("error")
        checks = [row for row in self.rows if row.schedule_check and not row.errors]
        return {
            "filename": filename,
            "total": len(self.rows),
            "new": len(new),
            "duplicates": len(self.of_state("duplicate")),
            "errors": len(self.of_state("error")),
            "noted": len(noted),
            "error_rows": [row.summary() for row in errors[:error_limit]],
            "error_total": len(errors),
            "error_groups": self.error_groups(),
            "headline": self.headline(),
            "duplicate_rows": [row.summary() for row in self.of_state("duplicate")],
            "noted_rows": [row.summary() for row in noted[:noted_limit]],
            "schedule_checks": len(checks),
            "check_rows": [row.summary() for row in checks[:noted_limit]],
            "sample": [row.summary() for row in new[:sample]],
            "error_numbers": [row.number for row in errors],
            "skipped_rows": [{"number": n, "text": t} for n, t in (table.skipped if table else [])],
        }


def _limits() -> dict[str, int]:
    limits = {f.name: f.max_length for f in Listing._meta.fields if getattr(f, "max_length", None)}
    limits.update({f"location.{f.name}": f.max_length for f in Location._meta.fields if getattr(f, "max_length", None)})
    return limits


_NOTHING = {normalize(w) for w in ("なし", "無し", "無", "特になし", "-", "ー", "―", "—", "不明", "未定", "非公開")}


class _Values:
    """One row's cells grouped by target: single values as text, multi targets as (label, text) parts."""

    def __init__(self, row, labelled_columns: dict[str, list[tuple[str, str]]]):
        self.parts: dict[str, list[tuple[str, str]]] = {}
        cells = row.values
        for target, headers in labelled_columns.items():
            found = [(label, value) for header, label in headers if (value := tidy(cells.get(header, "")))]
            if found:
                self.parts[target] = found

    def one(self, target: str) -> str:
        found = self.parts.get(target)
        return found[0][1] if found else ""

    def given(self, target: str) -> str:
        """A single value where 「なし」「-」 mean nothing to record (電話、URL、位置…)."""
        value = self.one(target)
        return "" if normalize(value) in _NOTHING else value

    def joined(self, target: str, sep: str = "　", labelled: bool | None = None) -> str:
        found = self.parts.get(target, [])
        if labelled is None:
            labelled = len(found) > 1
        return sep.join(f"{label}：{value}" if labelled else value for label, value in found)


def analyse(*, user, table: Table, mapping: dict[str, str], categories: Iterable[str] = (),
            progress: Callable[[int, int], None] | None = None) -> Plan:
    """Every row of the table as a RowPlan; writes nothing."""
    columns: dict[str, list[str]] = {}
    for header in table.headers:
        target = mapping.get(header, "") if header else ""
        if target:
            columns.setdefault(target, []).append(header)
    finder = PlaceFinder(user)
    if "place_code" in columns:
        finder.load_codes(row.values.get(h, "") for row in table.rows for h in columns["place_code"])
    all_categories = list(Category.objects.all())
    category_by_word = {}
    for category in all_categories:
        category_by_word[normalize(category.name)] = category
        category_by_word[normalize(category.code)] = category
    default_categories = [c for c in all_categories if c.code in set(categories)]
    limits = _limits()
    labelled = {target: [(h, header_label(h)) for h in headers] for target, headers in columns.items()}
    plans = []
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        plans.append(_row_plan(row, _Values(row, labelled), columns, finder, category_by_word, default_categories,
                               limits, user))
        if progress and index % 200 == 0:
            progress(index, total)
    _find_duplicates(user, plans, finder)
    if progress:
        progress(total, total)
    return Plan(rows=plans)


def _row_plan(row, values: _Values, columns, finder: PlaceFinder, category_by_word, default_categories, limits,
              user) -> RowPlan:
    plan = RowPlan(number=row.number)
    fields: dict = {}
    name = re.sub(r"[\r\n\t]+", " ", values.one("name")).strip()  # 全角スペース stays as typed
    plan.name = name
    if not name:
        plan.error("no_name", _("名称がありません。"))
    fields["name"] = name
    for key, target in (("name_kana", "name_kana"), ("organiser_name", "organiser"),
                        ("public_contact_name", "public_contact_name"), ("status_reason", "status_reason")):
        if values.one(target):
            fields[key] = kana(values.one(target)) if key == "name_kana" else values.one(target)
    for key in ("description", "staff_contact", "internal_note"):
        if key in values.parts:
            fields[key] = values.joined(key, sep="\n")
    for key in ("cost", "eligibility_note", "application"):
        if key in values.parts:
            fields[key] = values.joined(key)

    _place(plan, values, finder, user)
    _contact(plan, values, fields, finder)
    _confirmed(plan, values, fields)
    _cost(values, fields)
    _choices(plan, values, fields)
    location = _location(plan, values, fields, name)
    _schedules(plan, values, fields, columns)

    if values.parts.get("categories"):
        chosen = list(default_categories)
        for _label, value in values.parts["categories"]:
            for word in re.split(r"[、,，/／;；\n]+", _nfkc(value)):
                word = word.strip()
                if not word:
                    continue
                # 「体操・運動」 is one name; 「サロン・会食」 two.
                found = [category_by_word.get(normalize(word))]
                if found[0] is None and "・" in word:
                    found = [category_by_word.get(normalize(part)) for part in word.split("・")]
                if None in found:
                    plan.error("category", _("分類「%(value)s」が見つかりません。分類の名前で書いてください（例：サロン、体操・運動）。")
                                  % {"value": word})
                    continue
                chosen += [category for category in found if category not in chosen]
        plan.categories = chosen
    elif default_categories:
        plan.categories = list(default_categories)

    for key, value in fields.items():
        limit = limits.get(key)
        if limit and isinstance(value, str) and len(value) > limit:
            plan.error("too_long", _("「%(field)s」が長すぎます（%(limit)s文字まで、いまは%(length)s文字）。")
                          % {"field": Listing._meta.get_field(key).verbose_name, "limit": limit, "length": len(value)})
    if location:
        for key, value in location.items():
            limit = limits.get(f"location.{key}")
            if limit and isinstance(value, str) and len(value) > limit:
                plan.error("too_long", _("「%(field)s」が長すぎます（%(limit)s文字まで、いまは%(length)s文字）。")
                              % {"field": Location._meta.get_field(key).verbose_name, "limit": limit,
                                 "length": len(value)})
    plan.fields = fields
    plan.location = location
    return plan


def _place(plan: RowPlan, values: _Values, finder: PlaceFinder, user) -> None:
    errors = plan.errors
    address = values.joined("address", sep="", labelled=False)
    code, ward_text = values.one("place_code"), values.one("ward")
    place = ward = block = None
    rest = loose(address)
    if code:
        place = finder.by_code(code)
        if place is None:
            plan.error("unknown_code", _("場所コード「%(code)s」が見つかりません。") % {"code": code})
            return
    if ward_text:
        ward = finder.ward_named(ward_text, address)
        if ward is None:
            plan.error("unknown_ward", _("区「%(value)s」が見つかりません。") % {"value": ward_text})
            return
        if address:
            found, after = finder.ward_in(address)
            if found is not None and found.pk == ward.pk:
                rest = after
    elif address:
        ward, rest = finder.ward_in(address)
    if place is not None:
        place_ward = finder.ward_of(place)
        if ward is not None and place_ward is not None and place_ward.pk != ward.pk:
            errors.append(_("場所コード「%(code)s」（%(place)s）は区「%(ward)s」の中にありません。")
                          % {"code": code, "place": place.name, "ward": ward.name})
            return
        ward = ward or place_ward
    elif ward is None:
        if address:
            outside = finder.outside(address)
            if outside:
                plan.error("outside", _("住所「%(address)s」は%(city)sの外（%(where)s）です。")
                           % {"address": address[:60], "city": finder.city_name, "where": outside})
            else:
                plan.error("no_ward", _("住所「%(address)s」から区がわかりません。区の列を入れるか、住所に区の名前を書いてください。")
                           % {"address": address[:60]})
        else:
            plan.error("no_place", _("どこの資源かわかりません（区・住所・場所コードが空欄です）。"))
        return
    if ward is not None and address and rest:
        block = finder.block_in(ward, rest)
    if place is None:
        place = finder.area_of(block, ward) if block is not None else ward
    if not policy.can_at(user, access.EDIT, place):
        plan.error("not_allowed", _("この場所（%(place)s）には登録する権限がありません。") % {"place": place.name})
        return
    plan.place = place
    if address and ward is not None and loose(ward.name) not in loose(address):
        # A ward column and a street address in the next: the stored address names its ward.
        address = ward.name + address
    plan.location = {"address": address, "block_id": block.pk if block else None} if address else None


def _in_yokohama(place: Place | None, finder: PlaceFinder) -> bool:
    ward = finder.ward_of(place) if place is not None else None
    return bool(ward and ward.parent_id and ward.parent.name == "横浜市")


def _contact(plan: RowPlan, values: _Values, fields: dict, finder: PlaceFinder) -> None:
    errors = plan.errors
    phone = values.given("public_phone")
    if phone:
        reading = read_phone(phone, local_area_code=YOKOHAMA_AREA_CODE if _in_yokohama(plan.place, finder) else "")
        if reading.number is None:
            plan.error("phone", _("電話番号「%(value)s」が読めません（%(reason)s）。")
                       % {"value": phone[:40], "reason": reading.problem})
        else:
            fields["public_phone"] = reading.number
            plan.notes += reading.repairs
    email = values.given("public_email")
    if email:
        parsed = parse_email(email)
        if parsed is None:
            errors.append(_("メールアドレス「%(value)s」が読めません。") % {"value": email[:60]})
        else:
            fields["public_email"] = parsed
    website = values.given("website")
    if website:
        parsed = parse_url(website)
        if parsed is None and re.search(r"https?://\S{190,}", _nfkc(website)):
            errors.append(_("ウェブサイトのURLが長すぎます（200文字まで）。短いURLにしてください。"))
        elif parsed is None:
            errors.append(_("ウェブサイト「%(value)s」がURLとして読めません（https:// から書いてください）。")
                          % {"value": website[:60]})
        else:
            fields["website"] = parsed
            rest = website.replace(parsed, "").strip()
            if re.search(r"https?://", rest):
                fields["description"] = "\n".join(filter(None, [fields.get("description", ""), website]))
                plan.notes.append(_("URLが2つ以上あったため、1つ目をウェブサイトにし、全部を内容に残しました。"))


def _confirmed(plan: RowPlan, values: _Values, fields: dict) -> None:
    """確認日: the day the ward last confirmed the entry, so that freshness starts from it."""
    text = values.given("confirmed_at")
    if not text:
        return
    day = parse_date(text)
    today = timezone.localdate()
    if day is None:
        plan.error("confirmed", _("確認日「%(value)s」が読めません（例：2024/4/1、R6.4.1、令和6年4月1日）。") % {"value": text[:30]})
    elif day > today:
        plan.error("confirmed", _("確認日「%(value)s」が今日より後の日です。") % {"value": text[:30]})
    elif day.year < 1990:
        plan.error("confirmed", _("確認日「%(value)s」が古すぎます（%(day)s）。") % {"value": text[:30], "day": day.isoformat()})
    else:
        fields["confirmed_at"] = timezone.make_aware(datetime.combine(day, time(0)))
        fields["confirmed_how"] = str(_("取り込んだ一覧の確認日"))


def _cost(values: _Values, fields: dict) -> None:
    """「300」「￥300」「300円」 → 300円; 「無料」「0円」 also tick 無料; 「実費」 and other words stay as written."""
    if "cost" not in fields:
        return
    parts = []
    for label, value in values.parts.get("cost", []):
        value = re.sub(r"[¥￥]\s*(\d[\d,]*)", r"\1円", value)
        if re.fullmatch(r"\d[\d,]*", value):
            value += "円"
        parts.append((label, value))
    fields["cost"] = "　".join(f"{label}：{value}" if len(parts) > 1 else value for label, value in parts)


def _choices(plan: RowPlan, values: _Values, fields: dict) -> None:
    errors = plan.errors
    status = values.one("status")
    if status:
        chosen = _choice(status, Status)
        if chosen is None:
            errors.append(_("状態「%(value)s」は 準備中・活動中・休止中・終了 のどれかにしてください。") % {"value": status})
        else:
            fields["status"] = chosen
    eligibility = values.one("eligibility")
    if eligibility:
        chosen = _choice(eligibility, Eligibility)
        if chosen is None:
            fields["eligibility_note"] = "　".join(filter(None, [eligibility, fields.get("eligibility_note", "")]))
        else:
            fields["eligibility"] = chosen
    intensity = values.one("intensity")
    if intensity:
        chosen = _choice(intensity, Intensity)
        if chosen is None:
            errors.append(_("運動の強さ「%(value)s」が読めません（0〜3、または「軽い」「ふつう」「しっかり」）。")
                          % {"value": intensity})
        else:
            fields["intensity"] = int(chosen)
    for key in ("has_pickup", "wheelchair", "is_free"):
        value = values.one(key)
        if value:
            parsed = parse_bool(value)
            if parsed is None:
                errors.append(_("「%(field)s」の「%(value)s」が読めません（あり・なし、はい・いいえ）。")
                              % {"field": TARGET_BY_KEY[key].label, "value": value[:30]})
            else:
                fields[key] = parsed
    if "is_free" not in fields and fields.get("cost"):
        amounts = [normalize(v).replace("円", "").strip() for _label, v in values.parts.get("cost", [])]
        if amounts and all(a in ("0", "無料", "なし", "タダ") for a in amounts):
            fields["is_free"] = True
    for key, low, high in (("capacity", 1, 100000), ("minimum_age", 0, 120)):
        value = values.one(key)
        if not value:
            continue
        numbers = re.findall(r"\d+", _nfkc(value))
        if len(numbers) == 1 and low <= int(numbers[0]) <= high:
            fields[key] = int(numbers[0])
        else:
            # 「定員なし」「大人10名・子ども20名」: not one number, but worth keeping word for word.
            label = TARGET_BY_KEY[key].label
            fields["eligibility_note"] = "　".join(filter(None, [fields.get("eligibility_note", ""), f"{label}：{value}"]))
            plan.notes.append(_("%(field)s「%(value)s」は数字1つではないため、対象の補足に残しました。")
                              % {"field": label, "value": value[:30]})


def _location(plan: RowPlan, values: _Values, fields: dict, name: str) -> dict | None:
    errors = plan.errors
    location = dict(plan.location or {})
    for key, target in (("name", "location_name"), ("transportation", "transportation"),
                        ("accessibility", "accessibility")):
        if target in values.parts:
            location[key] = values.joined(target)
    postal = values.given("postal_code")
    if postal:
        parsed = parse_postal(postal)
        if parsed is None:
            errors.append(_("郵便番号「%(value)s」が読めません（7けたの数字）。") % {"value": postal})
        else:
            location["postal_code"] = parsed
    latlng = values.given("latlng")
    lat, lng = values.given("latitude"), values.given("longitude")
    if latlng:
        parsed = parse_latlng(latlng)
        if parsed is None:
            errors.append(_("緯度・経度「%(value)s」が読めません（例：35.4437, 139.6380）。") % {"value": latlng[:40]})
        else:
            location["latitude"], location["longitude"] = parsed
    elif lat or lng:
        latitude, longitude = parse_number(lat, -90, 90), parse_number(lng, -180, 180)
        if latitude is None or longitude is None:
            errors.append(_("緯度「%(lat)s」・経度「%(lng)s」が読めません。") % {"lat": lat, "lng": lng})
        else:
            location["latitude"], location["longitude"] = latitude, longitude
    if not any(v not in (None, "") for v in location.values()):
        return None
    if not location.get("name"):
        # A venue needs a name (Location.name); the listing's own is the best there is.
        location["name"] = name
    return location


def _schedules(plan: RowPlan, values: _Values, fields: dict, columns) -> None:
    schedule_text = values.joined("schedule", sep="\n", labelled=False)
    weekday_text, time_text = values.one("weekday"), values.one("time")
    opens_text, closes_text = values.one("opens_at"), values.one("closes_at")
    explicit_note = values.joined("schedule_note")
    mapped = any(t in columns for t in ("schedule", "weekday", "time", "opens_at", "closes_at"))
    if not (schedule_text or weekday_text or time_text or opens_text or closes_text):
        if explicit_note:
            fields["schedule_note"] = explicit_note
        if mapped:
            plan.schedules = []
        return
    understood = True
    parsed = parse_schedule_text(schedule_text) if schedule_text else ScheduleParse(understood=True)
    understood = parsed.understood
    schedules = parsed.schedules
    if weekday_text:
        from_column = parse_schedule_text(weekday_text, bare_weekdays=True)
        if not from_column.understood or not from_column.schedules:
            understood = False
        elif not schedule_text:
            schedules = from_column.schedules
        else:
            # 開催日「第４土曜日」 with 開催曜日「土」 says nothing new; a different weekday is a doubt.
            mentioned = {code[-2:] for s in schedules for code in s.get("byday", "").split(",") if code}
            from_days = {code[-2:] for s in from_column.schedules for code in s.get("byday", "").split(",") if code}
            if not schedules or not from_days <= mentioned:
                understood = False
        times = from_column.times
        if times and not parsed.times:
            parsed.times = times
    opens = closes = None
    if time_text:
        found = parse_schedule_text(time_text)
        if found.times and not found.schedules and found.understood:
            opens, closes = found.times
        else:
            understood = False
    if opens_text:
        opens = parse_time(opens_text)
        understood = understood and opens is not None
    if closes_text:
        closes = parse_time(closes_text)
        understood = understood and closes is not None
    if (opens or closes) and schedules:
        for schedule in schedules:
            if not schedule.get("opens_at") and not schedule.get("closes_at"):
                _set_times(schedule, opens, closes)
    # 「祝日休み」 in any of the row's schedule cells holds for all its rules.
    rests = {**parsed.rests, **(from_column.rests if weekday_text else {}), **(found.rests if time_text else {})}
    for schedule in schedules:
        if schedule["freq"] != Schedule.Freq.ONCE:
            schedule.update(rests)
    if not schedules:
        understood = False
    if not understood:
        # Part of it read is not enough: 「毎週水曜日・日曜日月2回」 would become the wrong days. The
        # text stays whole in the note and the listing is marked for a person to set its days.
        schedules = []
        plan.schedule_check = True
    elif any(s.get("interval", 1) > 1 and not s.get("dtstart") for s in schedules):
        plan.schedule_check = True
        plan.notes.append(_("隔週・隔月の日時は、始まりの日がわからないため次の開催日が出ません。取り込んだあとで始まりの日を入れてください。"))
    plan.schedules = schedules
    if plan.schedule_check:
        fields["schedule_check"] = True
    note_parts = []
    if not understood:
        raw = [part for t in ("schedule", "weekday", "time", "opens_at", "closes_at")
               for part in values.parts.get(t, [])]
        labelled = len(raw) > 1
        note_parts.append("　".join(f"{label}：{value}" if labelled else value for label, value in raw))
        shown = re.sub(r"\s+", " ", "　".join(v for _label, v in raw))
        plan.notes.append(_("日時「%(value)s」は曜日や日をそのままでは決められないため、日時の補足にそのまま残しました。"
                            "取り込んだあとで日時を確かめてください。") % {"value": shown[:50]})
    if explicit_note:
        note_parts.append(explicit_note)
    note = "　".join(p for p in note_parts if p)
    limit = Listing._meta.get_field("schedule_note").max_length
    if len(note) > limit:
        # Too long for the note: the whole text goes into 内容, so that nothing is lost.
        fields["description"] = "\n".join(filter(None, [fields.get("description", ""), "【日時】" + note]))
        note = note[: limit - 12] + "…（続きは内容欄）"
        plan.notes.append(_("日時の補足が長いため、全文を内容に入れました。"))
    if note:
        fields["schedule_note"] = note


def _name_key(name: str) -> str:
    return loose(name)


def _find_duplicates(user, plans: list[RowPlan], finder: PlaceFinder) -> None:
    """Same normalised name at the same place, or at the same address: a duplicate."""
    usable = [p for p in plans if not p.errors and p.place is not None]
    ward_paths = {w.path for p in usable for w in [finder.ward_of(p.place)] if w}
    existing_by_key: dict[tuple, tuple[int, str]] = {}
    editable: set[int] = set()
    if ward_paths:
        from django.db.models import Q

        q = Q()
        for path in ward_paths:
            q |= Q(place__path__startswith=path)
        rows = Listing.objects.visible_to(user).filter(q).values_list("pk", "name", "place_id", "location__address",
                                                                       "place__path")
        editable_prefixes = policy.prefixes(user, access.EDIT)
        for pk, name, place_id, address, path in rows.iterator(chunk_size=2000):
            if any(path.startswith(prefix) for prefix in editable_prefixes):
                editable.add(pk)
            key = _name_key(name)
            existing_by_key.setdefault(("place", key, place_id), (pk, name))
            if address:
                existing_by_key.setdefault(("address", key, _address_only(address, finder)), (pk, name))
    first_row: dict[tuple, int] = {}
    for plan in usable:
        key = _name_key(plan.name)
        keys = [("place", key, plan.place.pk)]
        address = (plan.location or {}).get("address")
        if address:
            keys.append(("address", key, _address_only(address, finder)))
        plan.dedup_keys = tuple(keys)
        for k in keys:
            if k in existing_by_key:
                plan.duplicate_of = existing_by_key[k]
                # Found by its address, it may be a listing this person sees but may not change.
                plan.duplicate_editable = plan.duplicate_of[0] in editable
                break
        else:
            for k in keys:
                if k in first_row:
                    plan.duplicate_row = first_row[k]
                    break
        for k in keys:
            first_row.setdefault(k, plan.number)


def _address_only(address: str, finder: PlaceFinder) -> str:
    """An address without prefecture, city and ward, so that 「中区山下町1」 = 「横浜市中区山下町1」."""
    ward, rest = finder.ward_in(address)
    return re.sub(r"[\s-]", "", rest if ward is not None else loose(address))


# --- Writing -----------------------------------------------------------------------------------


class ImportRefused(Exception):
    """The import was not written; the message is for the person."""


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _snapshot(listing: Listing, location: Location | None, schedules: list[Schedule],
              categories: list[Category]) -> dict:
    """services.snapshot() from the objects in hand, without asking the database again."""
    data = {name: _plain(getattr(listing, name)) for name in services.LISTING_FIELDS}
    data["categories"] = sorted(c.code for c in categories)
    data["location"] = ({name: _plain(getattr(location, name)) for name in services.LOCATION_FIELDS}
                        if location else None)
    data["schedules"] = [{name: _plain(getattr(s, name)) for name in services.SCHEDULE_FIELDS} for s in schedules]
    return data


def _new_listing(plan: RowPlan, visibility: str) -> tuple[Listing, Location | None, list[Schedule]]:
    location = Location(**plan.location) if plan.location else None
    listing = Listing(place=plan.place, visibility=visibility, **plan.fields)
    schedules = [Schedule(**data) for data in plan.schedules or []]
    listing.weekday_mask = _weekday_mask(plan.schedules or [], schedules)
    return listing, location, schedules


_MASKS: dict[tuple, int] = {}


def _weekday_mask(data: list[dict], schedules: list[Schedule]) -> int:
    """Listing.compute_weekday_mask() for unsaved schedules. A spreadsheet repeats a few rules
    (毎月15日 walks a year of dates to find its weekdays), so each rule is worked out once a day."""
    today = timezone.localdate()
    key = (today, tuple(tuple(sorted((k, str(v)) for k, v in d.items())) for d in data))
    if key not in _MASKS:
        if len(_MASKS) > 10_000:
            _MASKS.clear()
        _MASKS[key] = sum(1 << day for day in range(7) if matches_weekday(schedules, day, today=today))
    return _MASKS[key]


def _write_new(user, plans: list[RowPlan], visibility: str, progress=None, done_before: int = 0, total: int = 0):
    actor_name = str(user) if user else ""
    through = Listing.categories.through
    for start in range(0, len(plans), BATCH):
        batch = plans[start:start + BATCH]
        built = [_new_listing(plan, visibility) for plan in batch]
        locations = [loc for _listing, loc, _s in built if loc is not None]
        copy_create(Location, locations)
        listings = []
        # The search text names the venue's 町丁目: read the batch's blocks at once, not one by one.
        blocks = Place.objects.in_bulk({loc.block_id for loc in locations if loc.block_id})
        groups = search.listing_groups()  # the synonym groups whose markers search_text carries, read once
        for listing, location, _schedules in built:
            if location is not None:
                if location.block_id:
                    location.block = blocks[location.block_id]
                listing.location = location
            listing.search_text = listing.compute_search_text(groups)
            listings.append(listing)
        copy_create(Listing, listings)
        schedules, links, versions = [], [], []
        for plan, (listing, location, listing_schedules) in zip(batch, built, strict=True):
            for schedule in listing_schedules:
                schedule.listing = listing
                schedules.append(schedule)
            categories = plan.categories or []
            links += [through(listing_id=listing.pk, category_id=c.pk) for c in categories]
            data = _snapshot(listing, location, listing_schedules, categories)
            versions.append(ListingVersion(listing=listing, number=1,
                                           actor=user if getattr(user, "pk", None) else None,
                                           actor_name=actor_name, how="import", data=data,
                                           changes=services.diff({}, data)))
        copy_create(Schedule, schedules)
        copy_create(through, links)
        copy_create(ListingVersion, versions)
        if progress:
            progress(done_before + start + len(batch), total)


def _update_existing(user, plan: RowPlan) -> None:
    listing = one_or_404(Listing.objects.changeable_by(user).select_related("place", "location"), plan.duplicate_of[0])
    fields = {k: v for k, v in plan.fields.items() if v not in ("", None)}
    fields["place"] = listing.place  # the file may say 中区 where staff had placed it in a district
    confirmed = {k: fields.pop(k) for k in ("confirmed_at", "confirmed_how") if k in fields}
    if confirmed and listing.confirmed_at and listing.confirmed_at >= confirmed["confirmed_at"]:
        confirmed = {}  # a later confirmation (by staff, or the leader's link) is kept
    location = {k: v for k, v in (plan.location or {}).items() if v not in ("", None)} if plan.location else None
    services.listing_update(user=user, listing=listing, seen_version=None, fields=fields,
                            categories=plan.categories, location=location,
                            schedules=plan.schedules if plan.schedules else None, how="import")
    if confirmed:
        Listing.objects.filter(pk=listing.pk).update(**confirmed, confirmed_by="")


def commit(*, user, table: Table, mapping: dict[str, str], categories: Iterable[str] = (),
           visibility: str = Visibility.DRAFT, update_duplicates: bool = False, skip_errors: bool = False,
           expected_errors: Iterable[int] | None = None, progress: Callable | None = None,
           on_written: Callable[[dict], None] | None = None) -> dict:
    """Analyse again and write every usable row, or nothing. Returns counts and the reported rows.
    on_written(result) is called inside the writing transaction, after the rows: a job records
    its outcome there (Progress.finish), so that rows and outcome commit together or not at all."""
    if visibility not in (Visibility.DRAFT, Visibility.PUBLIC, Visibility.STAFF):
        raise ImportRefused(_("公開範囲の指定が正しくありません。"))
    mapping_errors = check_mapping(mapping)
    if mapping_errors:
        raise ImportRefused(" ".join(mapping_errors))
    total = len(table.rows)

    def analysing(done, _total):
        if progress:
            progress(done // 2, total, _("内容を確かめています"))

    plan = analyse(user=user, table=table, mapping=mapping, categories=categories, progress=analysing)
    errors = plan.of_state("error")
    if errors and not skip_errors:
        raise ImportRefused(_("%(n)s行に問題があるため、何も取り込んでいません。") % {"n": len(errors)})
    if expected_errors is not None and {r.number for r in errors} - set(expected_errors):
        raise ImportRefused(_("確認画面のあとで、取り込めない行が増えました（ほかの人の変更など）。"
                              "何も取り込んでいません。もう一度内容を確認してください。"))
    new = plan.of_state("new")
    duplicates = [r for r in plan.of_state("duplicate") if r.duplicate_of and r.duplicate_editable]
    to_update = duplicates if update_duplicates else []

    def writing(done, _total):
        if progress:
            progress(total // 2 + done * (total - total // 2) // max(len(new) + len(to_update), 1), total,
                     _("書き込んでいます"))

    updated_numbers = {r.number for r in to_update}
    result = {
        "total": total,
        "created": len(new),
        "updated": len(to_update),
        "skipped_duplicates": len(plan.of_state("duplicate")) - len(to_update),
        "skipped_errors": len(errors),
        "visibility": visibility,
        "error_rows": [r.summary() for r in errors[:200]],
        "error_total": len(errors),
        "error_groups": plan.error_groups(),
        "duplicate_rows": [dict(r.summary(), updated=r.number in updated_numbers) for r in plan.of_state("duplicate")],
        "schedule_checks": sum(1 for r in new + to_update if r.schedule_check),
        "noted": sum(1 for r in plan.rows if r.notes and not r.errors),
    }
    with transaction.atomic():
        last_before = Listing.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _write_new(user, new, visibility, progress=writing, total=len(new) + len(to_update))
        # The new listings' dates for the public 「きょう」「今週」 filters (updated rows get theirs
        # through services.listing_update).
        services.upcoming_dates_refresh(listing_ids=Listing.objects.filter(pk__gt=last_before).values_list(
            "pk", flat=True))
        for index, row in enumerate(to_update):
            _update_existing(user, row)
            writing(len(new) + index + 1, 0)
        if new:
            # bulk_create skipped Listing.save(); the triggers indexed each row, and a rebuild keeps
            # SQLite's FTS table compact and PostgreSQL's planner statistics current (search.py).
            search.rebuild_index()
        if on_written:
            on_written(result)
    return result


# --- The job -----------------------------------------------------------------------------------


def _job_work(job, progress) -> None:
    from tsunagu.jobs.services import JobFailed
    from tsunagu.people.models import User

    params = job.params
    user = User.objects.get(pk=job.owner_id)
    if params["step"] == "peek":
        progress(0, 0, _("ファイルを読んでいます"), force=True)
    try:
        grid = load_grid(params["path"], params["filename"])
        layout = Layout.from_dict(params["layout"]) if params.get("layout") else detect_layout(grid)
        table = table_of(grid, layout)
    except (SpreadsheetError, FileNotFoundError, OSError) as exc:
        raise JobFailed(str(exc) if isinstance(exc, SpreadsheetError)
                        else _("取り込むファイルが見つかりません。もう一度ファイルを選んでください。")) from exc
    if params["step"] == "peek":
        progress.keep({"encoding": grid.encoding, "sheet": sheet_view(grid, layout)})
        progress.go_to(reverse("directory:import_mapping"))
        return
    if params["step"] == "preview":
        def reading(done, total):
            progress(done, total, _("内容を確かめています"))

        plan = analyse(user=user, table=table, mapping=params["mapping"], categories=params.get("categories", []),
                       progress=reading)
        progress.keep(plan.summary(filename=params["filename"], table=table))
        progress.go_to(reverse("directory:import_preview", args=[job.pk]))
        return

    def written(result):
        # Inside the import's transaction: the rows and the job's 完了 commit together.
        progress.keep({**result, "filename": params["filename"]})
        job.message = _("新しく%(created)s件、更新%(updated)s件。") % result
        progress.go_to(reverse("directory:import_done", args=[job.pk]))
        progress.finish()
        # The file is kept until the job has ended well (a cut-off job is retried with it).
        transaction.on_commit(lambda: forget_upload(params["path"]))

    try:
        commit(user=user, table=table, mapping=params["mapping"], categories=params.get("categories", []),
               visibility=params.get("visibility", Visibility.DRAFT),
               update_duplicates=params.get("update_duplicates", False),
               skip_errors=params.get("skip_errors", False),
               expected_errors=params.get("expected_errors"), progress=progress, on_written=written)
    except ImportRefused as exc:
        raise JobFailed(str(exc)) from exc


def register_job() -> None:
    from tsunagu.jobs.services import register

    register(JOB_KIND)(_job_work)


register_job()
