"""Imports of a survey: answers from .xlsx / CSV (a tally sheet someone kept in Excel, a Google
Form's download), and a questionnaire from XLSForm. As every import in Tsunagu: the file is kept
(bounded: settings.TSUNAGU_UPLOAD_MAX_MB, the lib/spreadsheets limits on rows, columns and cell
length), read in background work (tsunagu/jobs, kind "survey-import"), shown as a preview, then
written all or nothing.

Answers: each column is matched to a question by its heading — the question's 項目名 (q1, age),
its text (「ふだんの買い物に困っていますか」), and for a grid 「質問 › 行」 or the row's label; a
column 「地域」「自治会」「地区」 gives the response's area (a place under the survey's, by name), 「名前」
「氏名」 the respondent's name (staff-only), 「番号」 the paper's number. Columns that match nothing
are listed and left out. A choice is read by its label or 項目名; several choices of a
multiple-choice question are separated by 、 , ; or a line break; a scale is 1–5; a number within
the question's bounds; a date as 2026-04-01, 2026/4/1 or 2026年4月1日. Every problem is given per
row, in Japanese, and any problem stops the commit (fix the file and send it again).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.lib.spreadsheets import LEVEL, Limits, SpreadsheetError, Table, read_table, too_large
from tsunagu.places.models import Place
from tsunagu.surveys import services, xlsform, xlsform_io
from tsunagu.surveys.models import SCALE_POINTS, Kind, Question, Survey, Via
from tsunagu.surveys.services import Given

JOB_KIND = "survey-import"
MAX_TEXT = 2000
AREA_HEADINGS = ("地域", "自治会", "町内会", "地区", "エリア")
NAME_HEADINGS = ("名前", "氏名", "回答者")
REF_HEADINGS = ("番号", "用紙番号", "no", "no.", "id")
SEPARATORS = re.compile(r"[、,，;；\n]+")


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


# --- The stored file ------------------------------------------------------------------------------


def store_upload(upload, filename: str) -> str:
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return default_storage.save(f"imports/{uuid.uuid4().hex}{suffix}", upload)


def load_upload(path: str) -> bytes:
    limits = Limits.from_settings()
    if default_storage.size(path) > limits.bytes:
        raise too_large(limits)
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def forget_upload(path: str | None) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


# --- Matching columns to questions ---------------------------------------------------------------


@dataclass
class Column:
    header: str
    question: Question | None = None
    row_id: int | None = None
    role: str = ""  # "answer", "area", "name", "ref"


def match_columns(survey: Survey, headers: list[str]) -> list[Column]:
    questions = list(survey.questions.prefetch_related("choices", "rows"))
    by_key: dict[str, tuple[Question, int | None]] = {}
    for q in questions:
        if q.kind == Kind.GRID:
            for row in q.rows.all():
                for name in (f"{q.text}{LEVEL}{row.label}", f"{q.key}_{row.key}", f"{q.text}[{row.label}]",
                             f"{q.text}【{row.label}】", row.label):
                    by_key.setdefault(_key(name), (q, row.pk))
        else:
            for name in (q.key, q.text):
                by_key.setdefault(_key(name), (q, None))
    columns = []
    for header in headers:
        if not header:
            continue
        column = Column(header=header)
        found = by_key.get(_key(header))
        if found:
            column.question, column.row_id, column.role = found[0], found[1], "answer"
        elif _key(header) in {_key(h) for h in AREA_HEADINGS}:
            column.role = "area"
        elif _key(header) in {_key(h) for h in NAME_HEADINGS}:
            column.role = "name"
        elif _key(header) in REF_HEADINGS:
            column.role = "ref"
        columns.append(column)
    return columns


# --- Reading values --------------------------------------------------------------------------------


def _choice(question: Question, text: str):
    wanted = _key(text)
    for choice in question.choices.all():
        if wanted in (_key(choice.label), _key(choice.key)):
            return choice
    return None


def parse_date(text: str) -> date | None:
    text = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def read_value(question: Question, text: str, given: Given, row_id: int | None) -> str | None:
    """Put the cell's value into given; the problem in Japanese, or None."""
    choices_shown = "、".join(c.label for c in question.choices.all()[:8])
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.GRID):
        parts = [p.strip() for p in SEPARATORS.split(text) if p.strip()] if question.kind == Kind.MULTIPLE else [text]
        chosen = []
        for part in parts:
            choice = _choice(question, part)
            if choice is None:
                return _("「%(value)s」は選択肢にありません（選択肢：%(choices)s）") % {"value": part[:40], "choices": choices_shown}
            chosen.append(choice.pk)
        if row_id is not None:
            given.rows[row_id] = chosen
        else:
            given.choices = chosen
        return None
    if question.kind == Kind.SCALE:
        value = unicodedata.normalize("NFKC", text).strip()
        if value.isdigit() and int(value) in SCALE_POINTS:
            given.number = Decimal(value)
            return None
        return _("「%(value)s」は 1〜5 の数字ではありません") % {"value": text[:40]}
    if question.kind == Kind.NUMBER:
        try:
            number = Decimal(unicodedata.normalize("NFKC", text).replace(",", "").strip())
        except InvalidOperation:
            return _("「%(value)s」は数として読めません") % {"value": text[:40]}
        if (question.number_min is not None and number < question.number_min) or (
                question.number_max is not None and number > question.number_max):
            return _("%(value)s は範囲（%(low)s〜%(high)s）の外です") % {
                "value": number, "low": question.number_min if question.number_min is not None else "",
                "high": question.number_max if question.number_max is not None else ""}
        given.number = number
        return None
    if question.kind == Kind.DATE:
        day = parse_date(text)
        if day is None:
            return _("「%(value)s」は日付として読めません（例：2026-04-01、2026/4/1）") % {"value": text[:40]}
        given.date = day
        return None
    if len(text) > MAX_TEXT:
        return _("文が長すぎます（最大 %(n)s 文字）") % {"n": MAX_TEXT}
    given.text = text
    return None


# --- Preview and commit ----------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    values: dict[int, Given] = field(default_factory=dict)
    area_id: int | None = None
    name: str = ""
    ref: str = ""
    errors: list[str] = field(default_factory=list)


def analyse(survey: Survey, table: Table) -> tuple[list[Column], list[RowResult]]:
    columns = match_columns(survey, table.headers)
    areas = {_key(p.name): p.pk for p in Place.objects.filter(path__startswith=survey.place.path)}
    results = []
    for row in table.rows:
        result = RowResult(number=row.number)
        for column in columns:
            text = row.values.get(column.header, "").strip()
            if not text:
                continue
            if column.role == "answer":
                q = column.question
                given = result.values.setdefault(q.pk, Given())
                problem = read_value(q, text, given, column.row_id)
                if problem:
                    result.errors.append(f"{column.header}：{problem}")
            elif column.role == "area":
                result.area_id = areas.get(_key(text))
                if result.area_id is None:
                    result.errors.append(_("%(col)s：「%(value)s」は %(place)s の中に見つかりません") % {
                        "col": column.header, "value": text[:40], "place": survey.place.name})
            elif column.role == "name":
                result.name = text[:100]
            elif column.role == "ref":
                result.ref = text[:100]
        results.append(result)
    return columns, results


def summary(columns: list[Column], results: list[RowResult], filename: str) -> dict:
    return {
        "filename": filename, "rows": len(results), "usable": sum(1 for r in results if not r.errors),
        "matched": [{"header": c.header, "question": c.question.text if c.question else "", "role": c.role}
                    for c in columns if c.role],
        "unmatched": [c.header for c in columns if not c.role],
        "errors": [{"row": r.number, "problems": r.errors[:5]} for r in results if r.errors][:200],
        "error_count": sum(1 for r in results if r.errors),
    }


class ImportRefused(Exception):
    pass


@transaction.atomic
def commit(survey: Survey, table: Table, *, user, filename: str, progress=None) -> int:
    """Write every row as a response (via 取込), or nothing when any row has a problem."""
    columns, results = analyse(survey, table)
    if not any(c.role == "answer" for c in columns):
        raise ImportRefused(_("質問にあたる列がありません。1行目の見出しを質問の文か項目名にしてください。"))
    if any(r.errors for r in results):
        raise ImportRefused(_("問題のある行があるため、何も取り込みませんでした。ファイルを直してから、もう一度お試しください。"))
    areas = Place.objects.in_bulk([r.area_id for r in results if r.area_id])
    for index, result in enumerate(results, start=1):
        services.record_response(survey, result.values, via=Via.IMPORT, area=areas.get(result.area_id),
                                 respondent_name=result.name, entered_by=user,
                                 source_ref=result.ref or _("%(file)s %(n)s行目") % {"file": filename[:60], "n": result.number})
        if progress is not None:
            progress(index, len(results), _("取り込んでいます"))
    return len(results)


def _job_work(job, progress) -> None:
    from tsunagu.jobs.services import JobFailed
    from tsunagu.people.models import User

    params = job.params
    user = User.objects.get(pk=job.owner_id)
    try:
        data = load_upload(params["path"])
        if params["what"] == "xlsform":
            form = xlsform.read_form(data, params["filename"])
        else:
            table = read_table(data, params["filename"])
    except (SpreadsheetError, FileNotFoundError, OSError) as exc:
        raise JobFailed(str(exc) if isinstance(exc, SpreadsheetError)
                        else _("取り込むファイルが見つかりません。もう一度ファイルを選んでください。")) from exc
    if params["what"] == "xlsform":
        place = Place.objects.get(pk=params["place"])
        if params["step"] == "preview":
            progress.keep({"title": form.title, "notes": form.notes, "filename": params["filename"],
                           "items": [{"label": i.label, "kind": i.kind, "choices": len(i.choices)} for i in form.items]})
            progress.go_to(reverse("surveys:import_preview", args=[job.pk]))
            return
        with transaction.atomic():
            survey, notes = xlsform_io.survey_from_form(form, user=user, place=place)
            progress.keep({"survey": survey.pk, "notes": notes})
            progress.go_to(survey.get_absolute_url())
            progress.finish()
        transaction.on_commit(lambda: forget_upload(params["path"]))
        return
    survey = Survey.objects.get(pk=params["survey"])
    if params["step"] == "preview":
        columns, results = analyse(survey, table)
        progress.keep(summary(columns, results, params["filename"]))
        progress.go_to(reverse("surveys:import_preview", args=[job.pk]))
        return
    try:
        with transaction.atomic():
            written = commit(survey, table, user=user, filename=params["filename"], progress=progress)
            progress.keep({"written": written})
            job.message = _("%(n)s件の回答を取り込みました。") % {"n": written}
            progress.go_to(reverse("surveys:results", args=[survey.pk]))
            progress.finish()
    except ImportRefused as exc:
        raise JobFailed(str(exc)) from exc
    transaction.on_commit(lambda: forget_upload(params["path"]))


def register_job() -> None:
    from tsunagu.jobs.services import register

    register(JOB_KIND)(_job_work)


register_job()

