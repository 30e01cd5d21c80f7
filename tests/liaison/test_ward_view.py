"""区の一覧: the counts per CP area and dimension (a memo outside the period, a deleted one and another
ward's are not counted), the links from a count to exactly those memos, the sheets' statuses, the
last memo, what is new since the last liaison meeting, the periods, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.liaison.conftest import DAYS_SINCE_MEETING, on
from tests.sheets.records_factory import make_memo
from tsunagu.events.models import Event
from tsunagu.liaison import services
from tsunagu.liaison.models import meetings_of
from tsunagu.liaison.rollup import Preset, period_for, since_of
from tsunagu.lib.fiscal import wareki_fiscal_year
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.sheets.models import SectionKey


@pytest.fixture
def page(world, as_user, ward_records):
    def get(user=None, **params):
        response = as_user(user or world.naka_1so).get(reverse("liaison:ward", args=[world.naka.pk]),
                                                       params or ward_records.period)
        assert response.status_code == 200
        return response

    return get


def row_of(summary, place):
    return next(row for row in summary.rows if row.area == place)


def cells(summary, dim_key, place) -> dict[str, int]:
    dim = next(d for d in summary.dimensions if d.key == dim_key)
    for row, row_cells in dim.rows:
        if row.area == place:
            return {**{c.key: cell.n for c, cell in zip(dim.columns, row_cells, strict=False)}, "total": row_cells[-1].n}
    raise AssertionError(place)


def test_the_rows_are_the_wards_cp_areas_and_only_them(world, page):
    summary = page().context["summary"]
    assert [row.area for row in summary.rows] == [world.minosawa, world.honmoku]


def test_memos_are_counted_per_cp_and_pillar_without_the_old_the_deleted_or_isogos(world, page, ward_records):
    summary = page().context["summary"]
    # 簑沢: the salon memo (two pillars, at 第6地区 inside the CP) and the shopping memo; not the memo of
    # 400 days ago, not the deleted one.
    assert row_of(summary, world.minosawa).memo_count == 2
    assert cells(summary, "pillar", world.minosawa) == {
        Pillar.GATHERING: 1, Pillar.DAILY_SUPPORT: 1, Pillar.WATCHING: 1, "": 0, "total": 2}
    assert cells(summary, "pillar", world.honmoku) == {
        Pillar.GATHERING: 1, Pillar.DAILY_SUPPORT: 0, Pillar.WATCHING: 0, "": 0, "total": 1}
    assert summary.total_memos == 3  # 屛風ヶ浦's memo is 磯子区's


def test_functions_kinds_and_stages_count_the_memos_without_one_as_none(world, page, ward_records):
    summary = page().context["summary"]
    functions = cells(summary, "function", world.minosawa)
    assert functions[CoordinatorFunction.NETWORK] == 1 and functions[""] == 1
    kinds = cells(summary, "kind", world.minosawa)
    assert kinds[str(ward_records.kind.pk)] == 1 and kinds[""] == 1 and kinds["total"] == 2
    stages = cells(summary, "stage", world.minosawa)
    assert stages[str(ward_records.stage.pk)] == 1 and stages[""] == 1


def test_the_column_totals_add_up_the_rows(world, page):
    summary = page().context["summary"]
    pillars = next(d for d in summary.dimensions if d.key == "pillar")
    totals = {c.key: cell.n for c, cell in zip(pillars.columns, pillars.totals, strict=False)}
    assert totals[Pillar.GATHERING] == 2 and totals[Pillar.WATCHING] == 1
    assert pillars.totals[-1].n == 3


def test_a_count_links_to_the_memo_list_showing_exactly_those_memos(world, as_user, page):
    summary = page().context["summary"]
    pillars = next(d for d in summary.dimensions if d.key == "pillar")
    row, row_cells = next((r, c) for r, c in pillars.rows if r.area == world.minosawa)
    gathering = row_cells[[c.key for c in pillars.columns].index(Pillar.GATHERING)]
    assert f"place={world.minosawa.pk}" in gathering.url and "pillar=gathering" in gathering.url
    listed = as_user(world.naka_1so).get(gathering.url).context["page"]
    assert [m.title for m in listed] == ["第6地区サロン準備会"]
    # The row's total: every memo of the CP in the period.
    total = as_user(world.naka_1so).get(row_cells[-1].url).context["page"]
    assert {m.title for m in total} == {"第6地区サロン準備会", "買い物支援の相談"}


def test_zero_is_shown_as_a_dash_and_has_no_link(world, page):
    response = page()
    summary = response.context["summary"]
    honmoku = cells(summary, "pillar", world.honmoku)
    assert honmoku[Pillar.WATCHING] == 0
    pillars = next(d for d in summary.dimensions if d.key == "pillar")
    _row, row_cells = next((r, c) for r, c in pillars.rows if r.area == world.honmoku)
    assert row_cells[[c.key for c in pillars.columns].index(Pillar.WATCHING)].url is None
    assert '<span class="zero" aria-label="0">—</span>' in response.content.decode()


def test_the_sheet_statuses_and_the_last_memo_per_cp(world, page, ward_records):
    summary = page().context["summary"]
    minosawa, honmoku = row_of(summary, world.minosawa), row_of(summary, world.honmoku)
    statuses = {s.key: s.status for s in minosawa.sections}
    assert statuses[SectionKey.VISION] == "drafting" and statuses[SectionKey.CURRENT] == "not_started"
    assert list(statuses) == [k for k, _label in SectionKey.choices]
    assert honmoku.sheet_id is None
    assert minosawa.last_memo == ward_records.today
    assert honmoku.last_memo == ward_records.today - timedelta(days=5)
    html = page().content.decode()
    assert reverse("sheets:detail", args=[ward_records.sheet.pk]) + "#section-vision" in html


def test_what_is_new_since_the_meeting_is_listed_per_cp_and_linked(world, page, ward_records):
    summary = page().context["summary"]
    assert summary.meeting == ward_records.meeting
    news = row_of(summary, world.minosawa).news
    kinds = {item.kind for item in news}
    assert kinds == {"取組メモ", "取組共有シート", "コメント", "地域支援計画", "ヒアリング"}
    texts = " ".join(item.text for item in news)
    assert "第6地区サロン準備会" in texts
    # The sheet was made after the meeting (one line, not one per section), then its vision written.
    year = wareki_fiscal_year(ward_records.sheet.fiscal_year)
    assert [item.text for item in news].count(f"{year}のシートをつくりました") == 1
    assert f"{year}「目指す地域の姿」を更新" in texts
    assert "コメント" in {item.kind for item in news} and "目指す地域の姿：住民の言葉で書けています（naka-1so）" in texts
    # Written before the meeting: not new, though its day is in the period.
    assert "買い物支援の相談" not in texts
    assert "消したメモ" not in texts
    urls = {item.url for item in news}
    assert reverse("memos:detail", args=[ward_records.salon.pk]) in urls
    assert reverse("district_plans:detail", args=[ward_records.plan.pk]) in urls
    assert reverse("hearings:sheet_detail", args=[ward_records.hearing_sheet.pk]) in urls
    assert [(item.day, item.text) for item in row_of(summary, world.honmoku).news] == [
        (ward_records.honmoku.date, "本牧の交流会")]


def test_an_earlier_meeting_widens_what_is_new(world, page, ward_records):
    earlier = services.meeting_create(user=world.naka_1so, ward=world.naka,
                                      date=ward_records.today - timedelta(days=DAYS_SINCE_MEETING + 10), title="前の会")
    summary = page(meeting=earlier.pk).context["summary"]
    assert summary.meeting == earlier
    assert "買い物支援の相談" in " ".join(item.text for item in row_of(summary, world.minosawa).news)


def test_a_meeting_today_or_later_is_not_the_last_meeting(world, ward_records):
    services.meeting_create(user=world.naka_1so, ward=world.naka, date=ward_records.today, title="今日の会")
    services.meeting_create(user=world.naka_1so, ward=world.naka, date=ward_records.today + timedelta(days=30),
                            title="次の会")
    assert meetings_of(world.naka).last_before(ward_records.today) == ward_records.meeting


def test_by_default_the_period_starts_the_day_after_the_last_meeting(world, page, ward_records):
    summary = page(user=world.naka_ward, _="1").context["summary"]  # any GET without a period
    assert summary.period.preset == Preset.SINCE
    assert summary.period.start == ward_records.meeting.starts_on + timedelta(days=1)
    assert summary.period.end == ward_records.today
    # The salon memo (today) and 本牧's (5 days ago) are in it; the shopping memo (20 days ago) is not.
    assert summary.total_memos == 2


def test_without_a_meeting_the_default_is_this_fiscal_year(world, as_user, ward_records):
    meetings_of(world.naka).delete()
    summary = as_user(world.naka_1so).get(reverse("liaison:ward", args=[world.naka.pk])).context["summary"]
    assert summary.period.preset == Preset.YEAR and summary.meeting is None
    assert summary.period.start <= ward_records.today <= summary.period.end


def test_a_reversed_custom_period_is_explained_in_japanese(world, page, ward_records):
    response = page(period="custom", start=on(ward_records.today), end=on(ward_records.today - timedelta(days=3)))
    assert "「いつまで」は「いつから」より後の日にしてください。" in response.content.decode()
    assert response.context["summary"].period.preset == Preset.SINCE  # the default meanwhile


@pytest.mark.parametrize(("preset", "today", "expected"), [
    (Preset.MONTH, date(2026, 12, 5), (date(2026, 12, 1), date(2026, 12, 5))),
    (Preset.HALF, date(2027, 1, 10), (date(2026, 4, 1), date(2026, 9, 30))),
    (Preset.YEAR, date(2027, 3, 31), (date(2026, 4, 1), date(2027, 3, 31))),
    (Preset.YEAR, date(2026, 4, 1), (date(2026, 4, 1), date(2027, 3, 31))),
])
def test_the_presets(preset, today, expected):
    period = period_for(preset, today=today)
    assert (period.start, period.end) == expected


def test_half_and_year_take_the_chosen_fiscal_year():
    period = period_for(Preset.HALF, today=date(2026, 12, 1), year=2024)
    assert (period.start, period.end, period.fiscal_year) == (date(2024, 4, 1), date(2024, 9, 30), 2024)


def test_since_the_meeting_without_one_falls_back_to_the_year():
    assert period_for(Preset.SINCE, today=date(2026, 12, 1), meeting=None).preset == Preset.YEAR


# With the ward's records present, as in every other test here: the module's records are then
# built once for all its tests (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("ward_records")
def test_new_starts_the_day_after_the_meeting(world):
    meeting = Event(place=world.naka, starts_on=date(2026, 11, 20), title="x")
    since = since_of(meeting, period_for(Preset.YEAR, today=date(2026, 12, 1)))
    assert (since.date(), since.hour, since.minute) == (date(2026, 11, 21), 0, 0)


def test_the_2so_reads_every_cp_of_the_ward(world, page):
    summary = page(user=world.minosawa_2so).context["summary"]
    assert row_of(summary, world.honmoku).memo_count == 1


def test_a_memo_of_a_district_outside_the_cp_areas_gets_its_own_row(world, page, ward_records):
    from tsunagu.places.models import Kind, Place

    district = Place.objects.create(kind=Kind.DISTRICT, code="14104-D010", name="第10地区", parent=world.naka)
    make_memo(world.naka_1so, district, "第10地区の話し合い")
    summary = page().context["summary"]
    outside = summary.rows[-1]
    assert outside.area is None and outside.memo_count == 1
    assert summary.total_memos == 4


def test_the_view_takes_the_same_number_of_queries_for_more_memos(world, page, ward_records,
                                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page()
    for n in range(15):
        make_memo(world.minosawa_2so, world.d6 if n % 2 else world.minosawa, f"追加のメモ{n}", days_ago=n % 7,
                  pillars=[Pillar.WATCHING])
    with django_assert_max_num_queries(len(few.captured_queries)):
        summary = page().context["summary"]
    assert row_of(summary, world.minosawa).memo_count == 17


def test_the_page_prints_with_its_own_stylesheet(page):
    # The print rules live in a linked stylesheet (no inline <style> under the Content-Security-Policy).
    from django.contrib.staticfiles import finders

    html = page().content.decode()
    assert "/static/css/liaison.css" in html and 'class="period-form no-print"' in html
    with open(finders.find("css/liaison.css"), encoding="utf-8") as css:
        rules = css.read()
    assert "@media print" in rules
