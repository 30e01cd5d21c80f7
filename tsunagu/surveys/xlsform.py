"""A questionnaire as XLSForm (the ODK / KoboToolbox spreadsheet that survey people already use):
export to .xlsx with its survey, choices and settings sheets, and import read and checked by pyxform.

This module maps between XLSForm and a plain description of a questionnaire (Form, Item), so that
the mapping is tested without a database; services turn a Form into the models and back.

How our questions map (both ways):

=========================  ===============================================================
ours                       XLSForm
=========================  ===============================================================
single choice              select_one <list>
multiple choice            select_multiple <list>
scale (1–5 …)              select_one <list> with appearance ``likert``
number (whole)             integer
number (with decimals)     decimal
date                       date
short text                 text
long text                  text with appearance ``multiline``
grid (rows × same choices) begin_group with appearance ``table-list``, a select_one per row
                           (all rows on the same list), end_group
a heading / explanation    note
required                   required = yes
skip logic                 relevant: ``selected(${q}, 'c')`` (one choice) or several joined by
                           ``or`` (any of them); a plain ``${q} = 'c'`` is read too
=========================  ===============================================================

What does not map (import leaves it out and says so, per row of the survey sheet): other types
(calculate, geopoint, image, audio, barcode, select_one_from_file, range, rank, …), repeats, groups
other than a grid (their questions are kept, the grouping is not), ``relevant`` expressions other
than the forms above (the question is kept, always shown), ``constraint``, ``choice_filter``,
``default``, ``calculation``, and labels in languages other than the first (``label::日本語`` is
preferred, then the plain ``label``, then the first language given).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tsunagu.lib.spreadsheets import SpreadsheetError, new_workbook, workbook_bytes

SINGLE, MULTIPLE, SCALE, NUMBER, DATE, SHORT, LONG, GRID, NOTE = (
    "single", "multiple", "scale", "number", "date", "short", "long", "grid", "note")
# pyxform lowers names; ours must be XML names: a letter or _ first, then letters, digits, _ - .
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@dataclass
class Item:
    """One question (or heading) of a questionnaire, as XLSForm sees it."""

    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    decimals: bool = False  # a number with decimals
    rows: list[tuple[str, str]] = field(default_factory=list)  # a grid's rows: (name, label)
    # Skip logic: shown only when the question named gave one of these choice values.
    show_if: tuple[str, list[str]] | None = None
    show_if_not: bool = False  # shown unless that answer was given


@dataclass
class Form:
    title: str
    form_id: str = "tsunagu_survey"
    version: str = ""
    items: list[Item] = field(default_factory=list)
    # What the import left out, in Japanese, one line each.
    notes: list[str] = field(default_factory=list)


# --- Export ----------------------------------------------------------------------------------

SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "relevant", "appearance"]


def _relevant(item: Item) -> str:
    if not item.show_if:
        return ""
    question, values = item.show_if
    expression = " or ".join(f"selected(${{{question}}}, '{v}')" for v in values)
    return f"not({expression})" if item.show_if_not else expression


def _list_name(item: Item) -> str:
    return f"{item.name}_choices"


def to_rows(form: Form) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """The survey, choices and settings sheets as rows, headers first."""
    survey = [SURVEY_COLUMNS[:]]
    choices = [["list_name", "name", "label"]]
    for item in form.items:
        required = "yes" if item.required else ""
        relevant = _relevant(item)
        if item.kind in (SINGLE, MULTIPLE, SCALE, GRID):
            for value, label in item.choices:
                choices.append([_list_name(item), value, label])
        if item.kind == GRID:
            survey.append(["begin_group", item.name, item.label, item.hint, "", relevant, "table-list"])
            for name, label in item.rows:
                survey.append([f"select_one {_list_name(item)}", name, label, "", required, "", ""])
            survey.append(["end_group", "", "", "", "", "", ""])
            continue
        kind = {
            SINGLE: f"select_one {_list_name(item)}", SCALE: f"select_one {_list_name(item)}",
            MULTIPLE: f"select_multiple {_list_name(item)}", NUMBER: "decimal" if item.decimals else "integer",
            DATE: "date", SHORT: "text", LONG: "text", NOTE: "note",
        }[item.kind]
        appearance = {SCALE: "likert", LONG: "multiline"}.get(item.kind, "")
        survey.append([kind, item.name, item.label, item.hint, "" if item.kind == NOTE else required, relevant,
                       appearance])
    settings = [["form_title", "form_id", "version", "default_language"],
                [form.title, form.form_id, form.version, "日本語"]]
    return survey, choices, settings


def export_xlsx(form: Form) -> bytes:
    """The XLSForm workbook, written through the one spreadsheet writer (no live formula)."""
    workbook = new_workbook()
    sheets = dict(zip(("survey", "choices", "settings"), to_rows(form), strict=False))
    first = True
    for title, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        for row in rows:
            sheet.append(row)
    return workbook_bytes(workbook)


# --- Import ----------------------------------------------------------------------------------

_SELECTED = re.compile(r"^\s*selected\(\s*\$\{([^}]+)\}\s*,\s*'([^']*)'\s*\)\s*$")
_EQUALS = re.compile(r"^\s*\$\{([^}]+)\}\s*=\s*'([^']*)'\s*$")


_NOT = re.compile(r"^\s*not\s*\((.*)\)\s*$")


def parse_relevant(text: str) -> tuple[str, list[str]] | None:
    """``selected(${q}, 'a') or selected(${q}, 'b')`` → ("q", ["a", "b"]); None for anything else
    (another question in the same expression, and, numbers…). See parse_condition for not(…)."""
    if not text or not text.strip():
        return None
    question, values = None, []
    for part in re.split(r"\s+or\s+", text.strip()):
        match = _SELECTED.match(part) or _EQUALS.match(part)
        if match is None or (question is not None and match.group(1) != question):
            return None
        question = match.group(1)
        values.append(match.group(2))
    return question, values


def parse_condition(text: str) -> tuple[tuple[str, list[str]] | None, bool]:
    """(parse_relevant of the expression, whether it is negated by not(…))."""
    match = _NOT.match(text or "")
    if match:
        parsed = parse_relevant(match.group(1))
        return parsed, parsed is not None
    return parse_relevant(text), False


def _label(value, languages_first=("日本語", "Japanese", "ja", "default")) -> str:
    if isinstance(value, dict):
        for key in languages_first:
            for lang, text in value.items():
                if lang == key or lang.startswith(f"{key} (") or lang.endswith(f"({key})"):
                    return str(text)
        return str(next(iter(value.values()), ""))
    return str(value or "")


def _converted(data: bytes, filename: str) -> dict:
    """pyxform's reading of the workbook (its JSON form); SpreadsheetError with pyxform's message."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        result = convert(xlsform=io.BytesIO(data), file_type=".csv" if filename.lower().endswith(".csv") else ".xlsx",
                         pretty_print=False, validate=False)
    except PyXFormError as error:
        raise SpreadsheetError(_("XLSForm として読めません：%(why)s") % {"why": str(error)[:300]}) from None
    except Exception as error:  # pyxform raises plain errors on files that are not workbooks at all
        raise SpreadsheetError(_("XLSForm として読めません（survey シートのある .xlsx を選んでください）：%(why)s")
                               % {"why": str(error)[:200]}) from None
    return result._pyxform


SKIPPED_TYPES = {"calculate", "geopoint", "geotrace", "geoshape", "image", "audio", "video", "file", "barcode",
                 "range", "rank", "time", "dateTime", "acknowledge", "hidden", "start", "end", "today", "deviceid",
                 "username", "phonenumber", "email", "audit", "background-audio", "trigger", "xml-external",
                 "csv-external"}


def read_form(data: bytes, filename: str = "form.xlsx") -> Form:
    """A Form from an XLSForm file, checked by pyxform; what does not map is listed in Form.notes."""
    tree = _converted(data, filename)
    form = Form(title=_label(tree.get("title")) or tree.get("name", ""), form_id=tree.get("id_string", "") or "",
                version=str(tree.get("version", "") or ""))
    _read_children(tree.get("children", []), form, grid_ok=True)
    if not any(i.kind != NOTE for i in form.items):
        raise SpreadsheetError(_("質問が1つもありません（survey シートに type と name のある行を入れてください）。"))
    names = {i.name for i in form.items}
    for item in form.items:
        if item.show_if and item.show_if[0] not in names:
            form.notes.append(_("「%(label)s」の表示条件は、取り込まない質問を参照しているため外しました。") % {"label": item.label})
            item.show_if = None
    return form


def _choices(node: dict) -> list[tuple[str, str]]:
    return [(str(c.get("name", "")), _label(c.get("label")) or str(c.get("name", ""))) for c in node.get("choices", [])]


def _show_if(node: dict, form: Form, label: str) -> tuple[tuple[str, list[str]] | None, bool]:
    relevant = (node.get("bind") or {}).get("relevant", "")
    if not relevant:
        return None, False
    parsed, negated = parse_condition(relevant)
    if parsed is None:
        form.notes.append(_("「%(label)s」の表示条件（relevant: %(expr)s）は取り込めない形のため、常に表示します。")
                          % {"label": label, "expr": relevant[:80]})
    return parsed, negated


def _read_children(children: list[dict], form: Form, grid_ok: bool) -> None:
    for node in children:
        kind = node.get("type", "")
        name = node.get("name", "")
        label = _label(node.get("label")) or name
        appearance = (node.get("control") or {}).get("appearance", "")
        required = str((node.get("bind") or {}).get("required", "")).lower() in ("true()", "yes", "true")
        hint = _label(node.get("hint"))
        if kind == "group" and (node.get("control") or {}).get("bodyless"):
            continue  # pyxform's own meta group (instanceID)
        if kind == "group":
            # pyxform spells a table-list out as a field-list with a label row of its own (names it
            # makes up); those rows are not questions.
            made_up = ("generated_table_list_label", "reserved_name_for_field_list_labels")
            children = node.get("children", [])
            if any(str(r.get("name", "")).startswith(made_up[0]) for r in children):
                appearance = f"{appearance} table-list"
            rows = [r for r in children if not str(r.get("name", "")).startswith(made_up)]
            lists = {tuple(_choices(r)) for r in rows if r.get("type") == "select one"}
            if (grid_ok and "table-list" in appearance and rows and len(lists) == 1
                    and all(r.get("type") == "select one" for r in rows)):
                form.items.append(Item(name=name, kind=GRID, label=label, hint=hint, choices=list(next(iter(lists))),
                                       rows=[(r["name"], _label(r.get("label")) or r["name"]) for r in rows],
                                       required=any(str((r.get("bind") or {}).get("required", "")).lower()
                                                    in ("true()", "yes", "true") for r in rows)))
                form.items[-1].show_if, form.items[-1].show_if_not = _show_if(node, form, label)
            else:
                if node.get("bind", {}).get("relevant"):
                    form.notes.append(_("グループ「%(label)s」の表示条件は取り込みません（中の質問は取り込みます）。")
                                      % {"label": label})
                _read_children(rows, form, grid_ok=False)
            continue
        if kind == "repeat":
            form.notes.append(_("繰り返し（repeat）「%(label)s」は取り込みません。") % {"label": label})
            continue
        item = Item(name=name, kind="", label=label, hint=hint, required=required)
        if kind == "select one":
            item.kind = SCALE if "likert" in appearance else SINGLE
            item.choices = _choices(node)
        elif kind == "select all that apply":
            item.kind = MULTIPLE
            item.choices = _choices(node)
        elif kind == "integer":
            item.kind = NUMBER
        elif kind == "decimal":
            item.kind, item.decimals = NUMBER, True
        elif kind == "date":
            item.kind = DATE
        elif kind == "text":
            item.kind = LONG if "multiline" in appearance else SHORT
        elif kind == "note":
            item.kind, item.required = NOTE, False
        else:
            if kind not in ("start", "end", "today", "deviceid", "username", "audit"):  # metadata: silently
                form.notes.append(_("「%(label)s」（type: %(type)s）は対応していない種類のため取り込みません。")
                                  % {"label": label, "type": kind})
            continue
        if item.kind in (SINGLE, MULTIPLE, SCALE) and not item.choices:
            form.notes.append(_("「%(label)s」には選択肢がないため取り込みません。") % {"label": label})
            continue
        item.show_if, item.show_if_not = _show_if(node, form, label)
        form.items.append(item)
