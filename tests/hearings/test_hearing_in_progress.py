"""Hearing answers still being written (記入中) stay out of the comparison, its .xlsx and the liaison
meeting's pack, their rows saying why; the .xlsx prints on A4, fitted to the width, its header rows
on every page (issue 12, item 11)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.liaison.conftest import _ward_records_rows, ward_records  # noqa: F401 (fixtures)
from tsunagu.hearings import services
from tsunagu.hearings.models import SheetStatus
from tsunagu.liaison import pack, rollup

pytestmark = pytest.mark.django_db

HALF_WRITTEN = "書きかけの回答（まだ確認中）"


@pytest.fixture
def half_written(world, ward_records):  # noqa: F811
    """本牧's sheet saved 記入中 with an answer; 簑沢's handed in (ward_records)."""
    sheet = ward_records.hearing.sheets.get(area=world.honmoku)
    first = ward_records.hearing.asked_items()[0]
    services.sheet_save(user=world.naka_1so, sheet=sheet, seen_version=sheet.version, status=SheetStatus.IN_PROGRESS,
                        answers={first.pk: HALF_WRITTEN})
    return ward_records


def test_the_comparison_leaves_out_answers_still_being_written(world, as_user, half_written):
    page = as_user(world.naka_1so).get(reverse("hearings:compare", args=[half_written.hearing.pk])).content.decode()
    assert HALF_WRITTEN not in page
    assert "記入中：提出されるまで回答は比べません。" in page
    assert "サロンが三か所で再開" in page  # 簑沢's, handed in


def test_the_xlsx_leaves_them_out_and_prints_on_a4(world, as_user, half_written):
    response = as_user(world.naka_1so).get(reverse("hearings:compare_xlsx", args=[half_written.hearing.pk]))
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert HALF_WRITTEN not in cells and "サロンが三か所で再開" in cells
    summary = book.worksheets[0]
    rows = {r[0]: r for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert rows["本牧地域ケアプラザ"][1] == "記入中" and rows["本牧地域ケアプラザ"][4] == "（記入中）"
    for ws in book.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    # The header rows repeat on every page; the comparison (wide) is landscape, one item a page upright.
    assert summary.print_title_rows == "$1:$3" and summary.page_setup.orientation == "landscape"
    assert book.worksheets[1].print_title_rows == "$1:$2" and book.worksheets[1].page_setup.orientation == "portrait"


def test_the_liaison_pack_leaves_them_out(world, half_written):
    period = rollup.period_for("custom", today=half_written.today, start=half_written.today, end=half_written.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=half_written.meeting,
                                  links=False)
    made = pack.build(user=world.naka_1so, summary=summary)
    rows = {sheet.area.name: (sheet.get_status_display(), answers) for sheet, answers in made.hearing.rows}
    assert rows["本牧地域ケアプラザ"] == ("記入中", ["", ""])
    assert rows["簑沢地域ケアプラザ"][1] == ["サロンが三か所で再開", "民生委員と情報交換"]
    book = load_workbook(io.BytesIO(pack.workbook(made)))
    assert HALF_WRITTEN not in [c for row in book["ヒアリング"].iter_rows(values_only=True) for c in row]
