"""Import of places (CP areas, districts, associations, …) from .xlsx or CSV.

Two steps, as everywhere in Tsunagu: `preview` reads the file and explains every bad row in
Japanese without writing anything; `commit` writes all rows or, if anything fails, none.
Rows may name parents that appear later in the same file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.audit import services as audit
from tsunagu.lib.japanese import normalize
from tsunagu.lib.spreadsheets import Table, read_table
from tsunagu.people import access, policy, reach
from tsunagu.people.place_services import PLACE_FIELDS
from tsunagu.places.models import ALLOWED_PARENTS, Kind, Place, normalize_code

COLUMNS = ["種別", "コード", "名称", "ふりがな", "親コード", "緯度", "経度", "備考"]

KIND_WORDS: dict[str, str] = {
    "市": Kind.CITY,
    "区": Kind.WARD,
    "cpエリア": Kind.CP_AREA,
    "cp": Kind.CP_AREA,
    "ケアプラザ": Kind.CP_AREA,
    "地域ケアプラザ": Kind.CP_AREA,
    "日常生活圏域": Kind.CP_AREA,
    "地区": Kind.DISTRICT,
    "地区社協": Kind.DISTRICT,
    "自治会町内会": Kind.ASSOCIATION,
    "自治会": Kind.ASSOCIATION,
    "町内会": Kind.ASSOCIATION,
    "町丁目": Kind.BLOCK,
    **{k.value: k.value for k in Kind},
}
KIND_WORDS = {normalize(k): v for k, v in KIND_WORDS.items()}


@dataclass
class PlaceRow:
    number: int
    kind: str
    code: str
    name: str
    name_kana: str
    parent_code: str
    latitude: float | None
    longitude: float | None
    note: str
    existing_id: int | None = None
    errors: list[str] = field(default_factory=list)
    # The row repeats what is stored (as a re-imported export does): nothing to write.
    unchanged: bool = False

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label if self.kind else ""


@dataclass
class Preview:
    rows: list[PlaceRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[PlaceRow]:
        return [r for r in self.rows if r.errors]

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.existing_id is None)

    @property
    def update_count(self) -> int:
        return sum(1 for r in self.rows if r.existing_id is not None and not r.unchanged)

    def to_session(self) -> list[dict]:
        return [asdict(r) for r in self.rows]


def _number(text: str, label: str, low: float, high: float, errors: list[str]) -> float | None:
    if not text:
        return None
    try:
        value = float(normalize(text))
    except ValueError:
        errors.append(_("%(label)s「%(value)s」が数値ではありません。") % {"label": label, "value": text})
        return None
    if not low <= value <= high:
        errors.append(_("%(label)s %(value)s が範囲外です。") % {"label": label, "value": text})
        return None
    return value


def _parse(table: Table) -> list[PlaceRow]:
    rows = []
    for raw in table.rows:
        errors: list[str] = []
        kind_text = raw.get("種別", "kind")
        kind = KIND_WORDS.get(normalize(kind_text), "")
        if not kind_text:
            errors.append(_("種別が空欄です。"))
        elif not kind:
            errors.append(_("種別「%(value)s」は場所の種別として使えません（区・CPエリア・地区・自治会町内会・町丁目）。") % {"value": kind_text})
        code = normalize_code(raw.get("コード", "code"))
        if not code:
            errors.append(_("コードが空欄です。すべての場所にコードが必要です。"))
        name = raw.get("名称", "name").strip()
        if not name:
            errors.append(_("名称が空欄です。"))
        rows.append(
            PlaceRow(
                number=raw.number,
                kind=kind,
                code=code,
                name=name,
                name_kana=raw.get("ふりがな", "フリガナ", "name_kana").strip(),
                parent_code=normalize_code(raw.get("親コード", "parent_code")),
                latitude=_number(raw.get("緯度", "latitude"), "緯度", -90, 90, errors),
                longitude=_number(raw.get("経度", "longitude"), "経度", -180, 180, errors),
                note=raw.get("備考", "note"),
                errors=errors,
            )
        )
    return rows


def _check_tree(user, rows: list[PlaceRow]) -> None:
    first_row_of: dict[str, int] = {}
    for row in rows:
        if row.code in first_row_of and row.code:
            row.errors.append(
                _("コード %(code)s がファイル内で重複しています（最初は%(row)s行目）。")
                % {"code": row.code, "row": first_row_of[row.code]}
            )
        else:
            first_row_of.setdefault(row.code, row.number)
    in_file = {r.code: r for r in rows if r.code}
    codes = set(in_file) | {r.parent_code for r in rows if r.parent_code}
    existing = {p.code: p for p in Place.objects.filter(code__in=codes).select_related("parent")}
    editable_ids = set(reach.places(user, access.EDIT_PLACES).filter(code__in=codes).values_list("pk", flat=True))
    visible_ids = set(reach.places(user, access.VIEW).filter(code__in=codes).values_list("pk", flat=True))

    for row in rows:
        if not row.code:
            continue
        current = existing.get(row.code)
        if current is not None:
            if current.pk in visible_ids and _unchanged(row, current):
                row.existing_id, row.unchanged = current.pk, True
                continue
            if current.pk not in editable_ids or not reach.can_change_place(user, current):
                row.errors.append(
                    _("コード %(code)s は、あなたが変更できない場所ですでに使われています。") % {"code": row.code}
                )
                continue
            if row.kind and current.kind != row.kind:
                row.errors.append(
                    _("コード %(code)s はすでに%(kind)sとして登録されています。場所の種別は変更できません。")
                    % {"code": row.code, "kind": Kind(current.kind).label}
                )
            row.existing_id = current.pk
        if not row.kind:
            continue
        if not row.parent_code:
            if ALLOWED_PARENTS[row.kind]:
                row.errors.append(_("親コードが空欄です。%(kind)sには上位の場所が必要です。") % {"kind": Kind(row.kind).label})
            elif row.existing_id is None and "/" not in policy.prefixes(user, access.EDIT_PLACES):
                row.errors.append(
                    _("上位の場所のない%(kind)sを新しく登録できるのは、システム管理者だけです。") % {"kind": Kind(row.kind).label}
                )
            continue
        if row.parent_code == row.code:
            row.errors.append(_("親コードがその行自身のコードになっています。"))
            continue
        parent_kind = None
        if row.parent_code in in_file:
            parent_kind = in_file[row.parent_code].kind
        elif row.parent_code in existing:
            parent = existing[row.parent_code]
            if parent.pk not in editable_ids:
                row.errors.append(
                    _("親コード %(code)s は、あなたが場所を追加できる場所ではありません。") % {"code": row.parent_code}
                )
                continue
            parent_kind = parent.kind
        else:
            row.errors.append(
                _("親コード %(code)s が、このファイルにもつなぐにも見つかりません。") % {"code": row.parent_code}
            )
            continue
        if parent_kind and parent_kind not in ALLOWED_PARENTS[row.kind]:
            row.errors.append(
                _("%(kind)sは%(parent)sの下には置けません（親コード %(code)s）。")
                % {"kind": Kind(row.kind).label, "parent": Kind(parent_kind).label, "code": row.parent_code}
            )
    _check_cycles(rows, in_file)


def _unchanged(row: PlaceRow, current: Place) -> bool:
    return (
        row.kind == current.kind
        and row.name == current.name
        and row.name_kana == current.name_kana
        and row.parent_code == (normalize_code(current.parent.code) if current.parent_id else "")
        and (row.latitude is None or (row.latitude, row.longitude) == (current.latitude, current.longitude))
        and (not row.note or row.note == current.note)
    )


def _check_cycles(rows: list[PlaceRow], in_file: dict[str, PlaceRow]) -> None:
    for row in rows:
        seen = {row.code}
        parent = in_file.get(row.parent_code)
        while parent is not None:
            if parent.code in seen:
                row.errors.append(_("親コードがファイル内で循環しています。"))
                break
            seen.add(parent.code)
            parent = in_file.get(parent.parent_code)


def preview(user, data: bytes, filename: str) -> Preview:
    from tsunagu.lib.spreadsheets import SpreadsheetError

    try:
        table = read_table(data, filename)
    except SpreadsheetError as exc:
        return Preview(rows=[], file_errors=[str(exc)])
    missing = [c for c in ("種別", "コード", "名称", "親コード") if c not in table.headers]
    if missing:
        return Preview(
            rows=[],
            file_errors=[
                _("見出し行に次の列がありません：%(columns)s。必要な列：%(expected)s。")
                % {"columns": "、".join(missing), "expected": "、".join(COLUMNS)}
            ],
        )
    if not table.rows:
        return Preview(rows=[], file_errors=[_("見出し行の下にデータがありません。")])
    rows = _parse(table)
    _check_tree(user, rows)
    return Preview(rows=rows)


class ImportFailed(Exception):
    pass


def commit(user, rows: list[PlaceRow]) -> tuple[int, int]:
    """Write every row or none: the rows are checked again against the database of now."""
    if any(not (r.kind and r.code and r.name) for r in rows):
        # Only a clean preview reaches here from the screens; a caller must not skip it.
        raise ImportFailed(_("種別・コード・名称のない行があります。先に内容を確認してください。"))
    for row in rows:
        # What the preview found may be out of date (a place deleted since): check afresh.
        row.errors, row.existing_id, row.unchanged = [], None, False
    _check_tree(user, rows)
    if any(r.errors for r in rows):
        raise ImportFailed(_("確認画面の後にデータが変更されました。もう一度ファイルを確認してください。"))
    created = updated = 0
    with transaction.atomic():
        pending = [r for r in rows if not r.unchanged]
        # Parents first: a row waits until its parent exists (in the database or this file).
        while pending:
            progressed = False
            for row in list(pending):
                parent = None
                if row.parent_code:
                    # From the database, not from a row written earlier: a move since then may
                    # have rewritten that place's path.
                    parent = Place.objects.filter(code=row.parent_code).first()
                    if parent is None:
                        continue
                if row.existing_id:
                    place = Place.objects.select_for_update().get(pk=row.existing_id)
                    updated += 1
                else:
                    place = Place(kind=row.kind, code=row.code)
                    created += 1
                before = audit.snapshot(place, PLACE_FIELDS) if place.pk else {}
                place.name, place.name_kana, place.parent = row.name, row.name_kana, parent
                if row.latitude is not None:
                    place.latitude, place.longitude = row.latitude, row.longitude
                if row.note:
                    place.note = row.note
                if place.pk:
                    place.version += 1
                place.save()
                audit.record(actor=user, action="place.import", target=place, place=place,
                             changes=audit.diff(before, audit.snapshot(place, PLACE_FIELDS)))
                pending.remove(row)
                progressed = True
            if not progressed:
                raise ImportFailed(_("上位の場所を決められない行がありました。"))
    return created, updated


def rows_from_session(data: list[dict]) -> list[PlaceRow]:
    return [PlaceRow(**d) for d in data]


def export_rows(places) -> tuple[list[str], list[list[object]]]:
    kind_label = {
        Kind.CITY: "市",
        Kind.WARD: "区",
        Kind.CP_AREA: "CPエリア",
        Kind.DISTRICT: "地区",
        Kind.ASSOCIATION: "自治会町内会",
        Kind.BLOCK: "町丁目",
    }
    rows = [
        [
            kind_label[p.kind],
            p.code,
            p.name,
            p.name_kana,
            p.parent.code if p.parent_id else "",
            p.latitude if p.latitude is not None else "",
            p.longitude if p.longitude is not None else "",
            p.note,
        ]
        for p in places.select_related("parent")
    ]
    return COLUMNS, rows
