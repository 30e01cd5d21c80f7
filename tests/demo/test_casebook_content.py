"""The casebook's demo content (tsunagu/demo/casebook/, issue 13's first "Must show") against the
Yokohama demo as load_demo builds it: every ward, CP, place, organisation, account and listing it
names is there (or is one the content adds, and then not there yet); each case is placed where a
coordinator of its ward finds it; the dates hang together (past events have attendance and
minutes, upcoming ones don't; follow-ups come after their event, some done, some due this week,
some overdue; milestones' actual dates near the planned ones; histories in order and never in the
future); and every case the issue lists is present with what makes it that case (南区's 7 taxi
companies and 2 cooperating, 栄区's 19 sites, 旭区's three teams and networks, …).

The demo is built once for the module inside a transaction that is rolled back, and read into
plain sets and dicts; the checks then need no database."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from tsunagu.demo.casebook import CASES, CASES_BY_WARD, WRITTEN_FOR, all_events, partners
from tsunagu.demo.casebook.shapes import (
    CP,
    Account,
    Case,
    Day,
    ListingRef,
    on,
)
from tsunagu.demo.names import GIVEN, SURNAMES

# Each test only reads the module's index, but the build needs the test database to be there when
# the first test that asks for it starts (a test without the mark may run first and close it).
pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ISSUE_WARDS = {"鶴見区", "金沢区", "港南区", "保土ケ谷区", "緑区", "都筑区", "旭区", "磯子区", "南区", "栄区", "港北区"}
LIAISON_WARDS = {"泉区", "緑区", "旭区", "西区"}
# Other days the demo may be loaded on: the content is relative, so it must hold on any of them.
REFERENCES = (WRITTEN_FOR, date(2026, 11, 30), date(2027, 2, 1), date(2026, 6, 15))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's names, read from a build that is rolled back."""
    from tsunagu.demo.yokohama import DemoBuilder
    from tsunagu.directory.models import Listing
    from tsunagu.people.models import Membership, Organisation
    from tsunagu.places.models import Kind, Place

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        DemoBuilder().build()
        places = {p.pk: p for p in Place.objects.exclude(kind=Kind.BLOCK).only("kind", "name", "code", "parent_id")}

        def ward_of(place_id):
            place = places.get(place_id)
            while place is not None and place.kind != Kind.WARD:
                place = places.get(place.parent_id)
            return place.name if place else ""

        def cp_of(place_id):
            place = places.get(place_id)
            while place is not None and place.kind != Kind.CP_AREA:
                place = places.get(place.parent_id)
            return place.code if place else ""

        index = SimpleNamespace(
            wards={p.name: p.code for p in places.values() if p.kind == Kind.WARD},
            cps={p.code: p.name for p in places.values() if p.kind == Kind.CP_AREA},
            # (ward, name) → the CP code above it, for districts and associations
            districts={(ward_of(p.pk), p.name): cp_of(p.pk) for p in places.values() if p.kind == Kind.DISTRICT},
            associations={(ward_of(p.pk), p.name): cp_of(p.pk) for p in places.values()
                          if p.kind == Kind.ASSOCIATION},
            orgs={o.name: (o.kind, ward_of(o.place_id), cp_of(o.place_id))
                  for o in Organisation.objects.only("name", "kind", "place_id")},
            accounts={m.user.username: (m.role, ward_of(m.organisation.place_id), cp_of(m.organisation.place_id))
                      for m in Membership.objects.select_related("user", "organisation")},
            listings={(ward_of(lst.place_id), lst.name): (lst.status, lst.status_date)
                      for lst in Listing.objects.only("name", "place_id", "status", "status_date")},
        )
        transaction.set_rollback(True)
    return index


# --- walking the content ------------------------------------------------------------------------

def _walk(value):
    """Every dataclass instance inside value (tuples, dataclasses), depth first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _walk(item)


def _of_type(case: Case, kind):
    return [v for v in _walk(case) if isinstance(v, kind)]


def _organisation_names(case: Case) -> set[str]:
    names = set()
    for event in case.events:
        names |= set(event.organisers)
        names |= {p.organisation for p in event.participants if p.organisation}
        names |= {f.organisation for f in event.followups if f.organisation}
    for team in case.teams:
        names |= set(team.organisations)
    for project in case.projects:
        names |= set(project.organisations) | {m.organisation for m in project.members}
        for entry in project.log:
            names |= {entry.organisation} | {c.organisation for c in entry.comments}
    names |= {p.organisation for p in case.partners}
    names |= {a.organisation for a in case.added_accounts}
    return names


def _added_names() -> set[str]:
    return {o.name for case in CASES for o in case.added}


# --- everything named is in the demo -----------------------------------------------------------

def test_every_case_of_the_issue_and_every_liaison_ward_is_there():
    wards = {case.ward for case in CASES}
    assert ISSUE_WARDS <= wards and LIAISON_WARDS <= wards
    assert len(wards) == len(CASES), "one case per ward"
    for case in CASES:
        assert case.events or case.teams or case.projects or case.partners or case.listings, case.ward


def test_every_ward_and_cp_named_is_the_demos_with_the_demos_name(demo):
    cps = {cp for case in CASES for cp in _of_type(case, CP)}
    assert len(cps) >= 5
    for cp in cps:
        code = f"{demo.wards[cp.ward]}-CP{cp.number:02d}"
        assert demo.cps.get(code) == cp.name, (cp, demo.cps.get(code))


def test_every_account_named_exists_with_its_role_in_its_ward_and_cp(demo):
    accounts = {a for case in CASES for a in _of_type(case, Account)}
    assert {a.role for a in accounts} >= {"ward_coordinator", "ward_office", "district_officer", "area_coordinator",
                                          "cp_staff", "viewer"}
    added = {a.account for case in CASES for a in case.added_accounts}
    assert added and all(a.role == "none" for a in added)
    for account in accounts:
        if account.role == "none":
            assert account in added and account.username not in demo.accounts, account
            continue
        assert account.username in demo.accounts, account
        role, ward, cp_code = demo.accounts[account.username]
        assert (role, ward) == (account.role, account.ward), account
        if account.cp is not None:
            assert cp_code == f"{demo.wards[account.ward]}-CP{account.cp:02d}", account


def test_every_organisation_named_exists_in_the_demo_or_is_one_the_content_adds(demo):
    added = _added_names()
    assert added and not added & set(demo.orgs), "an added organisation must be new to the demo"
    for case in CASES:
        for name in _organisation_names(case):
            assert name in demo.orgs or name in added, (case.ward, name)
            if name in demo.orgs:
                _, ward, _ = demo.orgs[name]
                # Another ward's organisation in a case would be an outsider; the city's are shared.
                assert ward in (case.ward, ""), (case.ward, name, ward)
        for new in case.added:
            assert new.ward == case.ward and new.kind in {"taxi", "supermarket"}


def test_every_listing_named_exists_in_its_ward(demo):
    refs = {ref for case in CASES for ref in _of_type(case, ListingRef)}
    assert len(refs) > 40
    missing = [ref for ref in refs if (ref.ward, ref.name) not in demo.listings]
    assert not missing


def test_places_named_by_name_are_the_demos(demo):
    # District councils are named after the demo's districts; the project's association is a place.
    for case in CASES:
        for name in _organisation_names(case):
            if name.endswith("地区社会福祉協議会"):
                assert (case.ward, name.removesuffix("社会福祉協議会")) in demo.districts, name
        for project in case.projects:
            cp_code = demo.associations.get((case.ward, project.place))
            assert cp_code == f"{demo.wards[case.ward]}-CP{project.cp.number:02d}", project.place


# --- each case is where a coordinator of its ward finds it ------------------------------------

def test_each_case_lies_in_its_ward_and_its_1so_can_find_it(demo):
    for case in CASES:
        assert case.coordinator.role == "ward_coordinator" and case.coordinator.ward == case.ward
        assert demo.accounts[case.coordinator.username][:2] == ("ward_coordinator", case.ward)
        for item in [*case.events, *case.teams, *case.projects, *case.partners]:
            assert item.ward == case.ward, item.key
            place = getattr(item, "place", None)
            if isinstance(place, CP):
                assert place.ward == case.ward
        for event in case.events:
            # Organised by someone of the ward (its council, office or a CP), not from outside.
            assert any(demo.orgs.get(name, ("", ""))[1] == case.ward for name in event.organisers), event.key
            assert event.created_by.ward == case.ward


def test_event_keys_are_unique_and_every_participant_is_exactly_one_someone():
    keys = [e.key for e in all_events()] + [t.key for c in CASES for t in c.teams] + \
        [p.key for c in CASES for p in c.partners] + [p.key for c in CASES for p in c.projects]
    assert len(keys) == len(set(keys))
    for event in all_events():
        for p in event.participants:
            assert sum(bool(x) for x in (p.organisation, p.listing, p.account, p.name)) == 1, (event.key, p)
        # No one twice (the events app's unique constraints).
        whos = [p.organisation or p.listing or p.account for p in event.participants]
        assert len(whos) == len(set(whos)), event.key
        assert len({label for label, _ in event.head_counts}) == len(event.head_counts)
        for f in event.followups:
            assert f.agenda is None or 0 <= f.agenda < len(event.agenda), (event.key, f.what)


# --- dates ---------------------------------------------------------------------------------------

def test_with_the_reference_it_was_written_for_every_event_is_in_reiwa_8():
    for event in all_events():
        assert date(2026, 4, 1) <= event.first_day(WRITTEN_FOR) <= event.last_day(WRITTEN_FOR) <= date(2027, 3, 31), \
            event.key


@pytest.mark.parametrize("reference", REFERENCES)
def test_past_events_have_their_day_recorded_and_upcoming_ones_do_not(reference):
    for event in all_events():
        if event.is_past(reference):
            assert all(p.attendance in ("attended", "absent") for p in event.participants), event.key
            assert any(p.attendance == "attended" for p in event.participants), event.key
            assert all(p.answer == "yes" or p.attendance == "absent" or not p.invited for p in event.participants)
        elif event.first_day(reference) > reference:
            assert not any(p.attendance for p in event.participants), event.key
            assert not event.head_counts and event.review is None and not event.general_notes, event.key
            assert not any(a.notes or a.decisions for a in event.agenda), event.key
            assert not event.followups, f"{event.key}: a follow-up comes after the meeting"


@pytest.mark.parametrize("reference", REFERENCES)
def test_follow_ups_come_after_their_event_and_some_are_done_due_this_week_and_overdue(reference):
    states = Counter()
    for event in all_events():
        for f in event.followups:
            due = f.due.on(reference)
            assert due > event.last_day(reference), (event.key, f.what)
            assert not f.done_note or f.status == "done", f.what
            if f.status == "done":
                states["done"] += 1
            elif due < reference:
                states["overdue"] += 1
            elif due <= reference + timedelta(days=6):
                states["this week"] += 1
            else:
                states["later"] += 1
    assert all(states[s] >= 5 for s in ("done", "overdue", "this week", "later")), states


def test_every_ward_with_events_has_past_and_upcoming_ones_and_open_follow_ups():
    for case in CASES:
        if not case.events:
            continue
        past = [e for e in case.events if e.is_past(WRITTEN_FOR)]
        assert past and all(e.agenda or e.general_notes for e in past), case.ward
        assert any(f.status != "done" for e in past for f in e.followups), case.ward
        assert sum(p.attendance == "attended" for e in past for p in e.participants) >= 3, case.ward


def test_each_past_exchange_training_or_workshop_has_minutes_decisions_head_counts_and_a_review():
    for event in all_events():
        if event.is_past(WRITTEN_FOR) and event.kind in {"交流会", "研修", "ワークショップ", "協議体"}:
            assert any(a.notes for a in event.agenda), event.key
            assert event.head_counts and all(n > 0 for _, n in event.head_counts), event.key
            assert event.followups, event.key
        if event.is_past(WRITTEN_FOR) and event.kind in {"交流会", "ワークショップ"} and not event.team:
            assert event.review is not None and event.review.voices, event.key


@pytest.mark.parametrize("reference", REFERENCES)
def test_milestones_logs_and_histories_hang_together(reference):
    project = CASES_BY_WARD["磯子区"].projects[0]
    for m in project.milestones:
        planned = on(m.planned, reference)
        if m.status == "done":
            done = on(m.done, reference)
            assert done <= reference and abs((done - planned).days) <= 60, m.title
        else:
            assert m.done is None, m.title
            assert m.status != "planned" or planned >= reference, f"{m.title}: a planned milestone in the past is late"
    launch = next(on(m.done, reference) for m in project.milestones if "販売開始" in m.title)
    days = [on(e.day, reference) for e in project.log]
    assert days == sorted(days) and days[0] >= launch and days[-1] <= reference
    assert [d for d in days if d > reference - timedelta(days=42)], "entries of the last weeks"

    for case in CASES:
        for partner in case.partners:
            steps = [on(s.day, reference) for s in partner.history]
            assert steps == sorted(steps) and steps[-1] <= reference, partner.key
            assert all(on(c.day, reference) <= reference for c in partner.log), partner.key
            assert all(on(c.day, reference) >= steps[0] for c in partner.log), partner.key
        for history in case.listings:
            assert [s.day for s in history.statuses] == sorted(s.day for s in history.statuses)
            for grant in history.grants:
                if grant.period and grant.report_deadline:
                    assert on(grant.report_deadline, reference) > on(grant.period[0], reference), grant.name
                if grant.period and grant.application_deadline and grant.state != "planned":
                    assert on(grant.application_deadline, reference) < on(grant.period[0], reference) + \
                        timedelta(days=90), grant.name


# --- what makes each case that case --------------------------------------------------------------

def test_tsurumi_links_five_cp_venues_online_after_a_questionnaire():
    event = next(e for e in CASES_BY_WARD["鶴見区"].events if e.key == "tsurumi-vo-exchange")
    assert event.online_url and sum(name.endswith("地域ケアプラザ") for name in event.organisers) == 5
    assert "アンケート" in event.agenda[0].title and event.agenda[0].prepared
    assert dict(event.head_counts)["ボランティア"] == 26


def test_kanazawa_brings_eleven_groups():
    event = next(e for e in CASES_BY_WARD["金沢区"].events if e.key == "kanazawa-vo-exchange")
    groups = [p for p in event.participants if p.listing or (p.organisation and not p.organisation.endswith("ケアプラザ"))]
    assert len(groups) == 11 and all(p.attendance == "attended" for p in groups)


def test_hodogaya_reaches_every_district_council_of_the_ward(demo):
    event = next(e for e in CASES_BY_WARD["保土ケ谷区"].events if e.key == "hodogaya-mimamori-training")
    districts = {name for ward, name in demo.districts if ward == "保土ケ谷区"}
    came = {p.organisation.removesuffix("社会福祉協議会") for p in event.participants if p.attendance == "attended"}
    assert districts <= came
    assert any("マトリクス" in a.title for a in event.agenda)


def test_konan_and_midori_and_tsuzuki_hold_what_the_casebook_says():
    konan = CASES_BY_WARD["港南区"].events
    assert any("旅のことばカード" in e.title and e.kind == "ワークショップ" for e in konan)
    midori = CASES_BY_WARD["緑区"].events
    training = next(e for e in midori if e.key == "midori-cm-training")
    assert dict(training.head_counts)["ケアマネジャー"] > 0 and any(p.account and p.account.role == "viewer"
                                                               for p in training.participants)
    assert len(next(e for e in midori if e.key == "midori-online-salon").sessions) == 3
    tsuzuki = CASES_BY_WARD["都筑区"]
    assert [e.title[:3] for e in tsuzuki.events if "考える会" in e.title] == ["第2回", "第3回"]
    assert any(e.kind == "研修" and "乗務員" in e.title for e in tsuzuki.events)
    assert {p.status for p in tsuzuki.partners} >= {"cooperating", "consulting"}


def test_the_liaison_wards_meet_monthly_with_reports_minutes_and_the_next_agenda():
    for ward in LIAISON_WARDS:
        meetings = sorted((e for e in CASES_BY_WARD[ward].events if e.kind == "連絡会"),
                          key=lambda e: e.first_day(WRITTEN_FOR))
        past = [m for m in meetings if m.is_past(WRITTEN_FOR)]
        assert len(past) >= 3 and len(meetings) - len(past) >= 1, ward
        gaps = [(b.first_day(WRITTEN_FOR) - a.first_day(WRITTEN_FOR)).days for a, b in zip(meetings, meetings[1:], strict=False)]
        assert all(21 <= g <= 42 for g in gaps), (ward, gaps)
        assert all(any(a.presenter and a.presenter.role == "area_coordinator" for a in m.agenda) for m in meetings)
        assert all(m.agenda and any(a.decisions for a in m.agenda) for m in past[-1:]), ward
    # 泉区's 2層Co prepare their reports beforehand: the next meeting already holds some.
    izumi_next = next(e for e in CASES_BY_WARD["泉区"].events if not e.is_past(WRITTEN_FOR))
    assert any(a.prepared for a in izumi_next.agenda)


def test_asahi_has_three_teams_of_its_2so_running_three_networks():
    case = CASES_BY_WARD["旭区"]
    teams = [t for t in case.teams if t.kind == "team"]
    networks = [t for t in case.teams if t.kind == "network"]
    assert len(teams) == 3 and len(networks) == 3
    members = [m for t in teams for m in t.members]
    assert len(members) == len(set(members)) == 10 and all(m.role == "area_coordinator" for m in members)
    assert all(t.lead in t.members for t in teams)
    assert {n.run_by for n in networks} == {t.name for t in teams}
    assert all(n.organisations or n.listings for n in networks)
    assert {e.team for e in case.events if e.team} == {n.name for n in networks}
    assert {"食事", "サロン", "ちょこっと"} == {w for w in ("食事", "サロン", "ちょこっと") if any(w in n.name for n in networks)}


def test_isogo_project_runs_survey_to_launch_with_a_shared_log_of_four_organisations():
    project = CASES_BY_WARD["磯子区"].projects[0]
    titles = [m.title for m in project.milestones]
    order = [next(i for i, t in enumerate(titles) if word in t) for word in ("アンケート", "見学", "説明会", "プレ実施", "販売開始")]
    assert order == sorted(order)
    assert any(m.status == "planned" for m in project.milestones) and any(m.status == "postponed"
                                                                          for m in project.milestones)
    writers = {e.organisation for e in project.log} | {c.organisation for e in project.log for c in e.comments}
    assert {"屛風ヶ浦地域ケアプラザ", "磯子区社会福祉協議会", "久良岐丘自治会", "スーパーまるよし 磯子店（移動販売）"} <= writers
    assert sum(len(e.comments) for e in project.log) >= 10
    # Members with and without the grant to read 気になる人 entries (for the access tests).
    assert {m.sensitive_grant for m in project.members} == {True, False}


def test_the_log_is_written_by_the_projects_members_and_sensitive_entries_only_by_those_with_the_grant():
    project = CASES_BY_WARD["磯子区"].projects[0]
    members = {m.account: m for m in project.members}
    for entry in project.log:
        for item in (entry, *entry.comments):
            assert item.author in members, item.body
            assert members[item.author].organisation == item.organisation, item.body
            if entry.sensitive:
                assert members[item.author].sensitive_grant, item.body
    added = {a.account for a in CASES_BY_WARD["磯子区"].added_accounts}
    assert added <= set(members) and all(members[a].role == "partner" for a in added)


def test_sensitive_entries_are_few_and_name_no_one():
    project = CASES_BY_WARD["磯子区"].projects[0]
    sensitive = [e for e in project.log if e.sensitive]
    assert 1 <= len(sensitive) <= 2
    # No name the demo gives people, no 「Aさん」, no house number or phone number.
    person = re.compile("|".join(map(re.escape, SURNAMES + GIVEN)) + r"|[A-Za-zＡ-Ｚァ-ヶ]\s*(さん|様)|\d+号|\d+-\d+")
    for entry in sensitive:
        for text in [entry.body, *(c.body for c in entry.comments)]:
            assert not person.search(text), text


def test_minami_consulted_seven_taxi_companies_and_two_cooperate():
    case = CASES_BY_WARD["南区"]
    # The board's pipeline as the casebook tells it: 7 consulted, 2 cooperating.
    taxis = case.partners
    assert len(taxis) == 7 and Counter(p.status for p in taxis)["cooperating"] == 2
    assert all(p.history[0].status == "consulting" for p in taxis)
    assert {o.name for o in case.added} <= {p.organisation for p in taxis}
    briefing = next(e for e in case.events if e.kind == "説明会")
    assert not briefing.is_past(WRITTEN_FOR)
    cooperating = {p.organisation for p in taxis if p.status == "cooperating"}
    assert cooperating <= {p.organisation for p in briefing.participants}


def test_sakae_has_its_supermarket_and_all_nineteen_sites(demo):
    case = CASES_BY_WARD["栄区"]
    sites = {name for ward, name in demo.listings if ward == "栄区" and re.fullmatch(r"移動販売 .+会場", name)}
    assert len(sites) == 19
    exchange = case.events[0]
    assert {p.listing.name for p in exchange.participants if p.listing} == sites
    assert any(p.status == "cooperating" and "19" in p.offer for p in case.partners)


def test_kohoku_two_ibasho_paused_in_2020_resumed_and_kept_by_grants(demo):
    case = CASES_BY_WARD["港北区"]
    assert len(case.listings) == 2
    for history in case.listings:
        statuses = [s.status for s in history.statuses]
        assert statuses[0] == statuses[-1] == "active" and statuses[1] == "paused"
        assert history.statuses[1].day.year == 2020
        assert any(s.status == "active" and "オンライン" in s.reason for s in history.statuses[2:])
        status, status_date = demo.listings[(history.listing.ward, history.listing.name)]
        assert status == statuses[-1]
        assert any("継続支援金" in g.name for g in history.grants)
        assert any(isinstance(g.report_deadline, Day) or isinstance(g.application_deadline, Day)
                   for g in history.grants), "this year's deadlines reach the to-do list"
    yuzu = case.listings[0]
    assert demo.listings[(yuzu.listing.ward, yuzu.listing.name)][1] == yuzu.statuses[-1].day


def test_the_added_organisations_are_those_of_the_partners_module():
    assert _added_names() == {o.name for o in partners.ADDED}
