"""区の一覧's "いっしょに取り組んだこと": 催し held per CP area and for the ward (by kind), who came
(named participants who attended, by what they are, and head counts by label), projects by stage
and their milestones (done / due / overdue), grants' deadlines, listings paused and resumed, the
催し of the next 30 days — counted through the reader's access, in a fixed number of queries, and
the same tables in the pack (.xlsx and PDF), never a sensitive log entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.directory.conftest import make_listing
from tests.events.minutes_factory import make_event
from tsunagu.directory import services as directory_services
from tsunagu.directory.models import Status, Subsidy
from tsunagu.events.models import Attendance, EventKind, HeadCount, Participant
from tsunagu.liaison import pack
from tsunagu.projects import services as project_services
from tsunagu.projects.models import ProjectStage

TODAY = timezone.localdate()
WORRY = "Cさん（90代）の家の新聞がたまっている。"


def kind(name):
    return EventKind.objects.get(ward__isnull=True, name=name)


def stage(name):
    return ProjectStage.objects.get(ward__isnull=True, name=name)


@pytest.fixture
def together(world):
    w = world
    # The ward's exchange meeting (at the ward), three CPs' named people and 住民 by head count.
    exchange = make_event(w.naka, "中区ボランティア交流会", kind_name="交流会", day=TODAY - timedelta(days=3),
                          organisers=[w.naka_council, w.minosawa_cp, w.honmoku_cp])
    Participant.objects.create(event=exchange, organisation=w.minosawa_cp, attendance=Attendance.ATTENDED)
    Participant.objects.create(event=exchange, organisation=w.honmoku_cp, attendance=Attendance.ATTENDED)
    Participant.objects.create(event=exchange, account=w.minosawa_2so, attendance=Attendance.ATTENDED)
    Participant.objects.create(event=exchange, name="民生委員 田中", attendance=Attendance.ABSENT)
    HeadCount.objects.create(event=exchange, label="住民", number=30)
    HeadCount.objects.create(event=exchange, label="民生委員", number=8)
    # 簑沢's own workshop at 第6地区, and one long ago (outside the period).
    workshop = make_event(w.d6, "認知症ワークショップ", kind_name="ワークショップ", day=TODAY - timedelta(days=5))
    HeadCount.objects.create(event=workshop, label="住民", number=12)
    make_event(w.minosawa, "昔の研修", kind_name="研修", day=TODAY - timedelta(days=500))
    # 磯子区's meeting never counts in 中区.
    make_event(w.isogo, "磯子区の交流会", kind_name="交流会", day=TODAY - timedelta(days=3))
    upcoming = make_event(w.honmoku, "本牧の説明会", kind_name="説明会", day=TODAY + timedelta(days=12))
    make_event(w.honmoku, "ずっと先の研修", kind_name="研修", day=TODAY + timedelta(days=60))

    project = project_services.project_create(user=w.naka_1so, title="本牧 移動販売", place=w.d7,
                                              stage=stage("試行"))
    project_services.milestone_save(user=w.naka_1so, project=project, title="アンケート",
                                    planned_on=TODAY - timedelta(days=20), status="done",
                                    done_on=TODAY - timedelta(days=15))
    project_services.milestone_save(user=w.naka_1so, project=project, title="説明会",
                                    planned_on=TODAY + timedelta(days=7))
    project_services.milestone_save(user=w.naka_1so, project=project, title="見学", planned_on=TODAY - timedelta(days=2))
    project_services.entry_create(user=w.naka_1so, project=project, date=TODAY, body=WORRY, sensitive=True)
    project_services.project_create(user=w.naka_1so, title="区全体の買い物支援", place=w.naka, stage=stage("準備"))

    listing = make_listing(w.minosawa, "ゆずの樹", kana="ゆずのき")
    directory_services.subsidy_save(user=w.minosawa_2so, listing=listing, fields={
        "name": "居場所継続支援金", "funder": "中区社協", "amount": 100000, "period_start": None, "period_end": None,
        "application_deadline": TODAY + timedelta(days=10), "report_deadline": None,
        "state": Subsidy.State.PLANNED})
    directory_services.status_change_add(user=w.minosawa_2so, listing=listing, status=Status.PAUSED,
                                         date=TODAY - timedelta(days=40), reason="感染拡大で休止")
    directory_services.status_change_add(user=w.minosawa_2so, listing=listing, status=Status.ACTIVE,
                                         date=TODAY - timedelta(days=4), reason="オンラインで再開")
    return w, upcoming


YEAR = {"period": "year"}


def summary_of(as_user, world, user, **params):
    response = as_user(user).get(reverse("liaison:ward", args=[world.naka.pk]), params or YEAR)
    assert response.status_code == 200
    return response, response.context["summary"]


def table(summary, key) -> dict[str, dict[str, int]]:
    t = summary.activity.table(key)
    out = {label: dict(zip(t.headers, values, strict=True)) for label, values in t.rows}
    out["計"] = dict(zip(t.headers, t.totals, strict=True))
    return out


WARD_ROW = "区全体・CPエリア外"


def test_events_held_are_counted_per_cp_and_for_the_ward_by_kind(as_user, together):
    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    events = table(summary, "events")
    assert events[WARD_ROW]["交流会"] == 1 and events[WARD_ROW]["計"] == 1
    assert events["簑沢地域ケアプラザ"]["ワークショップ"] == 1 and events["簑沢地域ケアプラザ"]["研修"] == 0
    # Not the future ones, not the one 500 days ago, not 磯子区's.
    assert events["本牧地域ケアプラザ"]["計"] == 0
    assert events["計"]["計"] == 2 and events["計"]["交流会"] == 1


def test_participants_are_the_named_who_attended_and_the_head_counts_by_label(as_user, together):
    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    people = table(summary, "participants")
    ward = people[WARD_ROW]
    assert ward["団体"] == 2 and ward["職員"] == 1 and ward["名前で記録した人"] == 0  # absent
    assert ward["住民"] == 30 and ward["民生委員"] == 8 and ward["計"] == 41
    assert people["簑沢地域ケアプラザ"]["住民"] == 12
    assert people["計"]["計"] == 53
    # The head counts' labels, the most people first.
    assert summary.activity.table("participants").columns[-2:] == ["住民", "民生委員"]


def test_projects_by_stage_and_milestones_done_due_and_overdue(as_user, together):
    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    projects = table(summary, "projects")
    assert projects["本牧地域ケアプラザ"]["試行"] == 1 and projects[WARD_ROW]["準備"] == 1
    assert projects["計"]["計"] == 2
    steps = table(summary, "milestones")["本牧地域ケアプラザ"]
    assert list(steps.values()) == [1, 1, 1]  # done in the period, due within 30 days, overdue


def test_grants_deadlines_and_listings_paused_and_resumed(as_user, together):
    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    assert list(table(summary, "grants")["簑沢地域ケアプラザ"].values()) == [1, 0]
    listings = table(summary, "listings")
    assert listings["簑沢地域ケアプラザ"] == {"休止": 1, "再開": 1}
    assert listings[WARD_ROW] == {"休止": 0, "再開": 0}


def test_the_page_shows_the_tables_and_the_next_30_days(as_user, together):
    world, upcoming = together
    response, summary = summary_of(as_user, world, world.naka_1so)
    assert [e.title for e in summary.activity.upcoming] == ["本牧の説明会"]
    html = response.content.decode()
    assert "いっしょに取り組んだこと" in html and "催し（開いた回数、種類ごと）" in html
    assert reverse("events:detail", args=[upcoming.pk]) in html and "ずっと先の研修" not in html
    assert WORRY not in html


@pytest.mark.parametrize("outsider", ["isogo_1so", "byobugaura_2so", "naka_cm", "nobody"])
def test_another_wards_staff_and_outsiders_get_404_as_before(as_user, together, outsider):
    world, _up = together
    assert as_user(getattr(world, outsider)).get(reverse("liaison:ward", args=[world.naka.pk])).status_code == 404


def test_counts_follow_the_readers_access(as_user, together):
    # events.view is the 2層Co's own CP area (and what is held above it): 簑沢's 2層Co counts the ward's
    # 交流会 and 簑沢's workshop, never 本牧's own 催し, and does not see 本牧's coming 説明会.
    world, _up = together
    make_event(world.honmoku, "本牧の研修", kind_name="研修", day=TODAY - timedelta(days=2))
    _r, by_1so = summary_of(as_user, world, world.naka_1so)
    assert table(by_1so, "events")["本牧地域ケアプラザ"]["研修"] == 1
    _r, by_2so = summary_of(as_user, world, world.minosawa_2so)
    events = table(by_2so, "events")
    assert events[WARD_ROW]["交流会"] == 1 and events["簑沢地域ケアプラザ"]["ワークショップ"] == 1
    assert events["本牧地域ケアプラザ"]["計"] == 0
    assert by_2so.activity.upcoming == []


def test_the_view_takes_the_same_number_of_queries_for_more_events_and_projects(world, as_user, together,
                                                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        summary_of(as_user, world, world.naka_1so)
    for n, place in enumerate([world.minosawa, world.honmoku, world.d6, world.naka] * 3):
        event = make_event(place, f"追加の催し{n}", kind_name="研修", day=TODAY - timedelta(days=n + 1))
        Participant.objects.create(event=event, organisation=world.minosawa_cp, attendance=Attendance.ATTENDED)
        HeadCount.objects.create(event=event, label=f"区分{n}", number=n + 1)
        project = project_services.project_create(user=world.naka_1so, title=f"追加{n}", place=place,
                                                  stage=stage("調査"))
        project_services.milestone_save(user=world.naka_1so, project=project, title="x",
                                        planned_on=TODAY + timedelta(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        _r, summary = summary_of(as_user, world, world.naka_1so)
    assert table(summary, "events")["計"]["計"] == 14


def test_the_pack_has_the_same_tables_in_blocks_of_at_most_eight_columns_and_no_sensitive_entry(as_user, together):
    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    made = pack.build(user=world.naka_1so, summary=summary)
    blocks = made.activity_blocks
    assert all(len(b.headers) <= pack.COUNT_COLUMNS_PER_BLOCK for b in blocks)
    events = [b for b in blocks if b.label.startswith("催し")]
    assert sum(b.totals[-1] for b in events if b.headers[-1] == "計") == 2
    assert len(events) == 1 or events[0].label.endswith("（1）")

    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(pack.workbook(made)))
    sheet = book["催し・プロジェクト"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "参加者（出席した人、区分ごと）" in values and "本牧の説明会" in values and 41 in values
    assert sheet.page_setup.orientation == "portrait"
    everything = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    assert WORRY not in everything

    from django.template.loader import render_to_string

    html = render_to_string("liaison/pack_pdf.html", {"pack": made, "summary": summary, "news_on_paper": 10,
                                                       "memos_on_paper": 10})
    assert "8. 催し・プロジェクト・地域資源" in html and "本牧の説明会" in html and WORRY not in html


def test_the_period_decides_what_was_held(as_user, together):
    world, _up = together
    start = TODAY - timedelta(days=4)
    _r, summary = summary_of(as_user, world, world.naka_1so, period="custom", start=f"{start:%Y-%m-%d}",
                             end=f"{TODAY:%Y-%m-%d}")
    events = table(summary, "events")
    assert events[WARD_ROW]["計"] == 1 and events["簑沢地域ケアプラザ"]["計"] == 0  # the workshop was 5 days ago
    assert table(summary, "listings")["簑沢地域ケアプラザ"] == {"休止": 0, "再開": 1}


def test_the_pack_pdf_prints_the_tables_on_a4_portrait_without_missing_glyphs(as_user, together):
    from tests.browser.conftest import SCREENSHOTS
    from tests.liaison.test_liaison_pack import pdf_text

    world, _up = together
    _r, summary = summary_of(as_user, world, world.naka_1so)
    rendered = pack.pdf(pack.build(user=world.naka_1so, summary=summary))
    assert rendered.missing_glyphs == []
    assert all(w < h for w, h in rendered.page_sizes)  # portrait throughout
    text = "".join(pdf_text(rendered.pdf).split())
    assert "8.催し・プロジェクト・地域資源" in text and "参加者（出席した人、区分ごと）" in text
    assert "本牧の説明会" in text and WORRY not in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "ward-pack-activity.pdf").write_bytes(rendered.pdf)


def test_the_partners_pipeline_counts_each_status_per_kind_of_organisation(as_user, world):
    from tsunagu.partners.models import Partner
    from tsunagu.people.models import Organisation, OrganisationKind

    for n, status in enumerate(["consulting"] * 5 + ["cooperating"] * 2 + ["not_contacted"]):
        taxi = Organisation.objects.create(kind=OrganisationKind.TAXI, name=f"タクシー{n}", place=world.naka)
        Partner.objects.create(organisation=taxi, place=world.naka, status=status, status_since=TODAY)
    _r, summary = summary_of(as_user, world, world.naka_1so)
    taxis = table(summary, "partners")[str(OrganisationKind.TAXI.label)]
    assert taxis["打診中"] == 5 and taxis["協力中"] == 2 and taxis["打診した"] == 7 and taxis["計"] == 8
