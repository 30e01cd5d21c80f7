"""Benchmark the pages of working together (issue 13) over a year of city-wide events, projects and follow-ups.

    .venv/bin/python bench/together.py                                   # SQLite, and PostgreSQL if installed
    .venv/bin/python bench/together.py --events 500 --requests 10 --postgres none   # a quick try

Issue 13's sizes: 18 wards, 144 CP areas (8 a ward, two districts each), 5,000 events, 20,000
participants, 10,000 follow-ups. For each database the script runs itself in a child process
(settings read DATABASE_URL once), migrates an empty database and generates, with bulk_create:

- the places tree, a 区社協 and a 区役所 per ward (two 1層Co and a ward-office account each), a CP
  per area (two 2層Co and a 地域交流Co each), a 地区社協 per district, three ward-wide partners
  (taxi, supermarket, shop) per ward, six listings (groups) per district;
- --events events of every default kind over the year (300 days back to 65 ahead): a monthly
  liaison meeting per ward, the rest at the ward (a quarter), a CP area or a district; one session
  each or a series of two to four; one to three organisers; two agenda items each;
- --participants named participants (organisations, listings and accounts of the ward; invited,
  answered, attended or absent for the past ones) and head counts by kind for the past events;
- minutes for every agenda item of the past events; --followups follow-ups (owners spread over
  the ward's coordinators, due 1–8 weeks after the event, mostly done when long past, open
  around today);
- per ward six ward-level projects and one per CP area, each with members, five milestones
  across the year and a dozen shared-log entries (a tenth sensitive);
- a grant with application/report deadlines around today for a fifth of the listings;
- --memos memos (default 0: the ward view's memo load is bench/ward_view.py's business).

Then, through Django's test client, as a ward's 1層Co and as a 2層Co of one of its CP areas, it
times each page --requests times after 3 warm-ups, the cases in turns (each round runs every
case once, so a burst of other work on the machine lands on all alike), beside /about/ measured
in the same rounds: わたしのやること (/todo/), 区の一覧 (liaison:ward, default and 年度), the events list
of the ward (upcoming and past) and its calendar for this month. One untimed request of each page
is recorded with its queries (how many, time in the database, the slowest). Target: p95 ≤ 150 ms.
Results: bench/results/together.json (and the table on stdout).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import search as search_bench  # noqa: E402  (bench/search.py: timing helpers, the throwaway PostgreSQL)

PG_PORT = 54349
BENCH_DB = "tsunagu_together_bench"
TARGET_MS = 150.0
# The ward measured: 港北区 (the ninth), a ward the casebook names; any ward holds the same share.
WARD_INDEX = 8

TOWNS = ["菊名", "大倉山", "綱島", "日吉", "新羽", "師岡", "篠原", "樽町", "岸根", "鳥山", "小机", "大豆戸",
         "高田", "新吉田", "北新横浜", "太尾", "富士塚", "錦が丘", "仲手原", "下田", "箕輪", "綱島東", "大曽根", "新横浜"]
EVENT_TITLES = {
    "連絡会": ["生活支援Co連絡会（{m}月）"],
    None: ["{t}ボランティア交流会", "{t}サロン代表者の集い", "認知症サポーター養成講座（{t}）", "{t}見守り研修",
           "移動販売の説明会（{t}）", "{t}協議体", "ケアマネジャーとの合同研修", "{t}地区社協との意見交換会",
           "買い物支援を考えるワークショップ", "{t}居場所づくり講座", "高齢者等の移動支援を考える会", "{t}体操リーダー研修"],
}
AGENDA = ["各CPからの報告", "今年度の取組について", "意見交換", "次回の予定", "アンケート結果の共有", "事例紹介"]
FOLLOWUPS = ["議事録を参加団体に送る", "会場の予約をする", "アンケートを集計する", "自治会長に結果を伝える",
             "次回の案内を作る", "チラシを配る", "包括と訪問日程を調整する", "見学先に連絡する", "報告書をまとめる"]
MILESTONES = ["アンケート", "見学", "説明会", "プレ実施", "出発式"]
PROJECTS = ["{t}の移動販売を呼ぶ", "{t}に居場所をつくる", "{t}見守りネットワーク", "買い物支援のしくみづくり（{t}）",
            "{t}配食サービスの立ち上げ"]
LOG = ["自治会長と現地を見た。坂が急で歩いて買い物に行けない人が多い。", "販売車の停車場所の候補を二つ決めた。",
       "試行の初日、18人が買い物に来た。", "民生委員から、最近見かけない方がいると相談があった。",
       "アンケートの回収率は62％。", "店舗側から、週1回なら続けられるとの返事。"]
HEADS = ["住民", "民生委員", "ボランティア", "自治会役員"]


def worker(args) -> dict:
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: nothing collected here
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log
    return _timed(args)


def _timed(args) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup = {"migrate": round(time.perf_counter() - started, 1)}
    started = time.perf_counter()
    data = generate(args)
    setup["generate"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        # Autovacuum would gather statistics within a minute of a load like this; measure the
        # database as it runs, not as it was loaded (see bench/ward_view.py).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  {connection.vendor}: {data['counts']} ready ({setup})", file=sys.stderr)

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    ward = data["ward"]
    coordinator, area_coordinator = Client(), Client()
    coordinator.force_login(data["coordinator"])
    area_coordinator.force_login(data["area_coordinator"])
    today = timezone.localdate()
    ward_url = reverse("liaison:ward", args=[ward.pk])
    events_url, calendar_url = reverse("events:list"), reverse("events:calendar")
    month = {"ward": ward.pk, "month": f"{today:%Y-%m}"}

    def page(client, path, params=None):
        def get():
            response = client.get(path, params or {})
            if response.status_code != 200:
                raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
            return len(response.content)
        return get

    pages = {  # name → (client, path, params)
        "page baseline: /about/": (coordinator, "/about/", None),
        "/todo/, 1層Co": (coordinator, "/todo/", None),
        "/todo/, 2層Co": (area_coordinator, "/todo/", None),
        "ward view: default (since the last meeting), 1層Co": (coordinator, ward_url, None),
        "ward view: 年度, 1層Co": (coordinator, ward_url, {"period": "year"}),
        "ward view: default, 2層Co": (area_coordinator, ward_url, None),
        "events list: the ward, upcoming, 1層Co": (coordinator, events_url, {"place": ward.pk}),
        "events list: the ward, past, 1層Co": (coordinator, events_url, {"place": ward.pk, "when": "past"}),
        "events list: the ward, upcoming, 2層Co": (area_coordinator, events_url, {"place": ward.pk}),
        "calendar: the ward, this month, 1層Co": (coordinator, calendar_url, month),
        "calendar: the ward, this month, 2層Co": (area_coordinator, calendar_url, month),
    }
    timings = timed_together({name: page(*spec) for name, spec in pages.items()}, args.requests, warmup=3)
    results = {}
    for name, timing in timings.items():
        kind = "baseline" if name.startswith("page baseline") else "page"
        target = None if kind == "baseline" else TARGET_MS
        results[name] = {"kind": kind, **timing, "target_p95_ms": target,
                         "met": None if target is None else timing["p95_ms"] <= target,
                         "queries": search_bench.slowest_queries(pages[name][0], pages[name][1], pages[name][2] or {})}
        mark = {True: "ok", False: "MISSED", None: ""}[results[name]["met"]]
        print(f"  {connection.vendor:10} {name:50} p50 {timing['p50_ms']:7.1f}  p95 {timing['p95_ms']:7.1f}  "
              f"(CPU p95 {timing['cpu_p95_ms']:6.1f})  {results[name]['queries']['queries']:3} queries  {mark}", file=sys.stderr)
    return {"vendor": connection.vendor, "server_version": search_bench._server_version(connection),
            "ward": ward.name, "counts": data["counts"], "in_the_ward": data["in_the_ward"],
            "todo_items": data["todo_items"], "setup_seconds": setup, "cases": results}


def timed_together(fns: dict, requests: int, warmup: int) -> dict:
    """bench/search.py's rounds (every case once a round, so a burst of other work lands on all
    alike), with the process's CPU time beside the wall clock as bench/ward_view.py does: on a
    machine shared with other work the wall clock also counts the time spent waiting for a core,
    the CPU time does not (on SQLite it includes the database's work; on PostgreSQL the server's
    is not in it)."""
    # As a server process readies itself (tsunagu/wsgi.py): what is loaded by now, the generated
    # rows' objects included, is set aside from the garbage collector's full walks.
    from tsunagu.lib.serving import ready_to_serve

    ready_to_serve()
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    wall: dict = {name: [] for name in fns}
    cpu: dict = {name: [] for name in fns}
    results: dict = {}
    for _ in range(requests):
        for name, fn in fns.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            results[name] = fn()
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
    p = search_bench.percentile
    return {name: {"p50_ms": round(p(wall[name], 50), 1), "p95_ms": round(p(wall[name], 95), 1),
                   "max_ms": round(max(wall[name]), 1), "cpu_p50_ms": round(p(cpu[name], 50), 1),
                   "cpu_p95_ms": round(p(cpu[name], 95), 1), "n": requests, "result": results[name]}
            for name in fns}


def generate(args, seed: int = 20261207) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from tsunagu.directory.models import Listing, Subsidy
    from tsunagu.events.models import (
        AgendaItem,
        Answer,
        Attendance,
        Event,
        EventKind,
        FollowUp,
        FollowUpStatus,
        HeadCount,
        Minutes,
        Participant,
        Session,
    )
    from tsunagu.lib import todo
    from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
    from tsunagu.places.models import Kind, Place
    from tsunagu.projects.models import (
        Comment,
        LogEntry,
        MemberRole,
        Milestone,
        MilestoneStatus,
        Project,
        ProjectMember,
    )

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    first_day, last_day = today - timedelta(days=300), today + timedelta(days=65)

    # --- Places, organisations, accounts ------------------------------------------------------
    city = Place.objects.create(kind=Kind.CITY, code="14100", name="横浜市")
    wards, cps_of, districts_of = [], {}, {}
    for w, ward_name in enumerate(search_bench.WARDS):
        code = f"141{w + 1:02d}"
        ward = Place.objects.create(kind=Kind.WARD, code=code, name=ward_name, parent=city)
        wards.append(ward)
        cps_of[ward.pk] = []
        for c in range(8):
            town = TOWNS[(w * 8 + c) % len(TOWNS)]
            cp = Place.objects.create(kind=Kind.CP_AREA, code=f"{code}-CP{c:02d}", name=f"{town}地域ケアプラザ", parent=ward)
            cps_of[ward.pk].append(cp)
            districts_of[cp.pk] = [Place.objects.create(kind=Kind.DISTRICT, code=f"{code}-CP{c:02d}-D{d}",
                                                        name=f"{town}第{d + 1}地区", parent=cp) for d in range(2)]
    org_rows = []
    for ward in wards:
        org_rows += [Organisation(kind=OrganisationKind.WARD_COUNCIL, name=f"{ward.name}社会福祉協議会", place=ward),
                     Organisation(kind=OrganisationKind.WARD_OFFICE, name=f"{ward.name}役所", place=ward),
                     Organisation(kind=OrganisationKind.TAXI, name=f"{ward.name}交通", place=ward),
                     Organisation(kind=OrganisationKind.SUPERMARKET, name=f"スーパー{ward.name[:-1]}店", place=ward),
                     Organisation(kind=OrganisationKind.SHOP, name=f"{ward.name[:-1]}米店", place=ward)]
        for cp in cps_of[ward.pk]:
            org_rows.append(Organisation(kind=OrganisationKind.CARE_PLAZA, name=cp.name, place=cp))
            org_rows += [Organisation(kind=OrganisationKind.DISTRICT_COUNCIL, name=f"{d.name}社会福祉協議会", place=d)
                         for d in districts_of[cp.pk]]
    orgs = Organisation.objects.bulk_create(org_rows, batch_size=500)
    org_at: dict = {}
    for org in orgs:
        org_at.setdefault(org.place_id, []).append(org)

    password = make_password("bench-password-1")  # one hash: 486 accounts' PBKDF2 would take minutes here
    user_rows, member_rows = [], []
    for w, ward in enumerate(wards):
        council, office = org_at[ward.pk][0], org_at[ward.pk][1]
        for k, (org, role) in enumerate([(council, Role.WARD_COORDINATOR), (council, Role.WARD_COORDINATOR),
                                         (office, Role.WARD_OFFICE)]):
            user_rows.append((User(username=f"w{w:02d}-{k}", password=password, display_name=f"{ward.name}の職員{k + 1}"),
                              org, role))
        for c, cp in enumerate(cps_of[ward.pk]):
            for k, role in enumerate([Role.AREA_COORDINATOR, Role.AREA_COORDINATOR, Role.CP_STAFF]):
                user_rows.append((User(username=f"w{w:02d}-cp{c}-{k}", password=password,
                                       display_name=f"{cp.name[:-6]}の{'2層Co' if k < 2 else '地域交流Co'}{k + 1}"),
                                  org_at[cp.pk][0], role))
    users = User.objects.bulk_create([u for u, _, _ in user_rows], batch_size=500)
    Membership.objects.bulk_create([Membership(user=u, organisation=org, role=role)
                                    for u, (_, org, role) in zip(users, user_rows, strict=True)], batch_size=500)
    people_of: dict = {}  # place pk (ward or CP) → its accounts
    for u, (_, org, _role) in zip(users, user_rows, strict=True):
        people_of.setdefault(org.place_id, []).append(u)

    listing_rows = []
    for ward in wards:
        for cp in cps_of[ward.pk]:
            for d in districts_of[cp.pk]:
                listing_rows += [Listing(name=f"{d.name}{name}", place=d, organiser_name=f"{d.name}有志の会",
                                         description="毎週の活動です。", status="active", visibility="public",
                                         responsible=rng.choice(people_of[cp.pk]))
                                 for name in ("サロン", "体操の会", "見守り隊", "会食会", "囲碁クラブ", "買物支援")]
    listings = Listing.objects.bulk_create(listing_rows, batch_size=1000)
    listings_at: dict = {}
    for listing in listings:
        listings_at.setdefault(listing.place_id, []).append(listing)
    Subsidy.objects.bulk_create([
        Subsidy(listing=listing, name="みんなの助成金", funder="区社会福祉協議会", amount=rng.choice([50000, 100000, 200000]),
                state=rng.choice([Subsidy.State.PLANNED, Subsidy.State.GRANTED]),
                application_deadline=today + timedelta(days=rng.randint(-30, 120)),
                report_deadline=today + timedelta(days=rng.randint(-30, 200)),
                responsible=rng.choice([listing.responsible, None]))
        for listing in listings if rng.random() < 0.2], batch_size=1000)

    # --- Events: a monthly liaison meeting per ward, the rest anywhere in the ward ------------
    kinds = list(EventKind.objects.filter(ward__isnull=True))
    liaison = EventKind.objects.liaison().first()
    others = [k for k in kinds if k != liaison]
    plans = []  # (event, session dates, ward)
    for ward in wards:
        for m in range(12):
            day = first_day + timedelta(days=30 * m + rng.randint(0, 6))
            plans.append((Event(place=ward, kind=liaison, title=f"生活支援Co連絡会（{day.month}月）", venue_text=f"{ward.name}役所 会議室",
                                audience="1層・2層生活支援コーディネーター"), [day], ward))
    span = (last_day - first_day).days
    while len(plans) < args.events:
        ward = rng.choice(wards)
        cp = rng.choice(cps_of[ward.pk])
        place = rng.choices([ward, cp, rng.choice(districts_of[cp.pk])], weights=[25, 60, 15])[0]
        day = first_day + timedelta(days=rng.randint(0, span))
        days = [day] if rng.random() < 0.9 else [day + timedelta(weeks=k) for k in range(rng.randint(2, 4))]
        title = rng.choice(EVENT_TITLES[None]).format(t=place.name.replace("地域ケアプラザ", ""))
        plans.append((Event(place=place, kind=rng.choice(others), title=title, venue_text=f"{cp.name} 多目的ホール",
                            audience="地域の皆さん", description="参加無料。申込みは各CPへ。"), days, ward))
    for event, days, _ward in plans:
        event.starts_on, event.ends_on = days[0], days[-1]
        event.created_by = rng.choice(people_of[_ward.pk])
    events = Event.objects.bulk_create([e for e, _, _ in plans], batch_size=500)
    Session.objects.bulk_create([Session(event=e, date=d, starts_at=clock(rng.choice([10, 13, 14])))
                                 for e, (_, days, _) in zip(events, plans, strict=True) for d in days], batch_size=2000)
    Organisers = Event.organisers.through
    organiser_rows = []
    for event, (_, _, ward) in zip(events, plans, strict=True):
        cands = org_at[ward.pk][:2] + [org_at[cp.pk][0] for cp in cps_of[ward.pk]]
        organiser_rows += [Organisers(event_id=event.pk, organisation_id=o.pk)
                           for o in rng.sample(cands, rng.randint(1, 3))]
    Organisers.objects.bulk_create(organiser_rows, batch_size=2000)
    agenda = AgendaItem.objects.bulk_create(
        [AgendaItem(event=e, order=k, title=t, presenter=rng.choice(people_of[w.pk] + [None]))
         for e, (_, _, w) in zip(events, plans, strict=True) for k, t in enumerate(rng.sample(AGENDA, 2))],
        batch_size=2000)
    agenda_of: dict = {}
    for item in agenda:
        agenda_of.setdefault(item.event_id, []).append(item)

    # Participants: organisations, listings and accounts of the event's ward, four an event on average.
    participant_rows, head_rows = [], []
    per_event = args.participants / len(events)
    for event, (_, _, ward) in zip(events, plans, strict=True):
        past = event.ends_on < today
        cps = cps_of[ward.pk]
        pool = ([("organisation", o) for cp in cps for o in org_at[cp.pk]] + [("organisation", o) for o in org_at[ward.pk]]
                + [("listing", li) for cp in rng.sample(cps, 2) for d in districts_of[cp.pk] for li in listings_at[d.pk]]
                + [("account", u) for place in [ward, *cps] for u in people_of[place.pk]])
        n = int(per_event) + (1 if rng.random() < per_event - int(per_event) else 0)
        for what, obj in rng.sample(pool, n):
            invited = rng.random() < 0.8
            answer = rng.choice([Answer.YES, Answer.YES, Answer.NO, Answer.NONE]) if invited else Answer.NONE
            attendance = Attendance.UNKNOWN
            if past:
                attendance = Attendance.ATTENDED if answer != Answer.NO and rng.random() < 0.85 else Attendance.ABSENT
            participant_rows.append(Participant(event=event, **{what: obj}, invited_at=now if invited else None,
                                                answer=answer, answered_at=now if answer else None,
                                                attendance=attendance))
        if past:
            head_rows += [HeadCount(event=event, label=label, number=rng.randint(2, 40))
                          for label in rng.sample(HEADS, rng.randint(1, 3))]
    Participant.objects.bulk_create(participant_rows, batch_size=2000)
    HeadCount.objects.bulk_create(head_rows, batch_size=2000)
    past_events = [(e, w) for e, (_, _, w) in zip(events, plans, strict=True) if e.ends_on < today]
    Minutes.objects.bulk_create([Minutes(event=e, agenda_item=item, notes="各CPから活動の報告があった。",
                                         decisions="次回までに各CPで候補を挙げる。", updated_by_name="区社協")
                                 for e, _ in past_events for item in agenda_of[e.pk]], batch_size=2000)

    # Follow-ups from the meetings held, owned by the ward's coordinators, due 1–8 weeks after.
    followup_rows = []
    while len(followup_rows) < args.followups:
        event, ward = rng.choice(past_events)
        cp = rng.choice(cps_of[ward.pk])
        owner = rng.choice(people_of[ward.pk] + people_of[cp.pk])
        due = event.ends_on + timedelta(days=rng.randint(7, 56))
        if due < today - timedelta(days=21):
            status = FollowUpStatus.DONE if rng.random() < 0.9 else FollowUpStatus.TODO
        else:
            status = rng.choice([FollowUpStatus.TODO, FollowUpStatus.TODO, FollowUpStatus.DOING, FollowUpStatus.DONE])
        followup_rows.append(FollowUp(event=event, agenda_item=rng.choice(agenda_of[event.pk]),
                                      what=rng.choice(FOLLOWUPS), owner=owner, due=due if rng.random() < 0.9 else None,
                                      status=status, done_at=now if status == FollowUpStatus.DONE else None,
                                      done_by_name=str(owner) if status == FollowUpStatus.DONE else ""))
    FollowUp.objects.bulk_create(followup_rows, batch_size=2000)

    # --- Projects ------------------------------------------------------------------------------
    project_plans = []
    for ward in wards:
        for k in range(6):
            project_plans.append((Project(title=PROJECTS[k % len(PROJECTS)].format(t=ward.name) + ("" if k < 5 else "（第2期）"),
                                          purpose="坂の上の地域で買い物に困る人を減らす。", place=ward), ward, ward))
        for cp in cps_of[ward.pk]:
            project_plans.append((Project(title=rng.choice(PROJECTS).format(t=cp.name[:-6]),
                                          purpose="歩いて行ける居場所を増やす。", place=cp), ward, cp))
    projects = Project.objects.bulk_create([p for p, _, _ in project_plans], batch_size=500)
    member_rows, milestone_rows, log_rows = [], [], []
    for project, (_, ward, place) in zip(projects, project_plans, strict=True):
        cands = people_of[ward.pk] + (people_of[place.pk] if place != ward else
                                      [u for cp in rng.sample(cps_of[ward.pk], 2) for u in people_of[cp.pk]])
        members = rng.sample(cands, min(len(cands), rng.randint(3, 5)))
        member_rows += [ProjectMember(project=project, user=u, role=MemberRole.LEAD if i == 0 else MemberRole.MEMBER)
                        for i, u in enumerate(members)]
        start = first_day + timedelta(days=rng.randint(0, 120))
        for i, title in enumerate(MILESTONES):
            planned = start + timedelta(days=50 * i + rng.randint(0, 20))
            done = planned < today and rng.random() < 0.8
            milestone_rows.append(Milestone(project=project, title=title, planned_on=planned,
                                            done_on=planned if done else None,
                                            status=MilestoneStatus.DONE if done else MilestoneStatus.PLANNED,
                                            owner=rng.choice(members + [None])))
        for _ in range(12):
            author = rng.choice(members)
            log_rows.append(LogEntry(project=project, date=first_day + timedelta(days=rng.randint(0, 300)), author=author,
                                     author_name=str(author), body=rng.choice(LOG), sensitive=rng.random() < 0.1))
    ProjectMember.objects.bulk_create(member_rows, batch_size=2000)
    Milestone.objects.bulk_create(milestone_rows, batch_size=2000)
    entries = LogEntry.objects.bulk_create(log_rows, batch_size=2000)
    Comment.objects.bulk_create([Comment(entry=e, author=e.author, author_name=e.author_name, body="確認しました。")
                                 for e in entries if rng.random() < 0.3], batch_size=2000)

    if args.memos:
        _memos(args.memos, rng, wards, cps_of, districts_of, people_of, today)

    ward = wards[WARD_INDEX]
    coordinator = people_of[ward.pk][0]
    area_coordinator = people_of[cps_of[ward.pk][0].pk][0]
    until = today + timedelta(days=366)
    counts = {"wards": len(wards), "cp_areas": sum(len(c) for c in cps_of.values()), "events": Event.objects.count(),
              "sessions": Session.objects.count(), "participants": Participant.objects.count(),
              "head_counts": HeadCount.objects.count(), "minutes": Minutes.objects.count(),
              "followups": FollowUp.objects.count(), "followups_open": FollowUp.objects.open().count(),
              "projects": Project.objects.count(), "milestones": Milestone.objects.count(),
              "log_entries": LogEntry.objects.count(), "subsidies": Subsidy.objects.count(),
              "accounts": User.objects.count(), "listings": Listing.objects.count()}
    in_the_ward = {"events": Event.objects.under(ward).count(),
                   "events_this_month": Event.objects.under(ward).in_period(today.replace(day=1), today + timedelta(31)).count()}
    todo_items = {"1層Co": len(todo.items_for(coordinator, until)), "2層Co": len(todo.items_for(area_coordinator, until))}
    return {"ward": ward, "coordinator": coordinator, "area_coordinator": area_coordinator, "counts": counts,
            "in_the_ward": in_the_ward, "todo_items": todo_items}


def _memos(n, rng, wards, cps_of, districts_of, people_of, today) -> None:
    from tsunagu.memos.models import Memo

    rows = []
    for _ in range(n):
        ward = rng.choice(wards)
        cp = rng.choice(cps_of[ward.pk])
        place = rng.choice([cp, *districts_of[cp.pk]])
        author = rng.choice(people_of[cp.pk][:2])
        rows.append(Memo(date=today - timedelta(days=rng.randint(0, 300)), author=author, author_name=str(author),
                         place=place, title="サロン定例会に参加", pillars="gathering", functions="", content="参加者は12名。",
                         search_text="サロン定例会に参加 参加者は12名"))
    Memo.objects.bulk_create(rows, batch_size=1000)


# --- Driver ---------------------------------------------------------------------------------


def run_child(db_url: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="tsunagu.settings",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env["TSUNAGU_DEBUG"] = "1"  # the test client needs no collected static files
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    cmd = [sys.executable, __file__, "--worker", out_path, "--events", str(args.events), "--participants",
           str(args.participants), "--followups", str(args.followups), "--memos", str(args.memos),
           "--requests", str(args.requests)]
    try:
        subprocess.run(cmd, env=env, cwd=ROOT, check=True)
        return json.loads(Path(out_path).read_text())
    finally:
        os.unlink(out_path)


def table(results: dict) -> str:
    names = []
    for result in results.values():
        names += [n for n in result["cases"] if n not in names]
    header = f"{'case':52}" + "".join(f"{db[:6] + ' p50':>12}{db[:6] + ' p95':>12}{'CPU p95':>8}{'×about':>7}{'SQL':>4}"
                                      for db in results) + "  met"
    lines = [header, "-" * len(header)]
    for name in names:
        row, met = f"{name:52}", []
        for result in results.values():
            case = result["cases"].get(name)
            base = result["cases"]["page baseline: /about/"]["p95_ms"]
            row += (f"{case['p50_ms']:12.1f}{case['p95_ms']:12.1f}{case['cpu_p95_ms']:8.1f}{case['p95_ms'] / base:7.1f}"
                    f"{case['queries']['queries']:4}" if case else " " * 43)
            if case and case["met"] is not None:
                met.append(case["met"])
        row += "  " + ("—" if not met else "yes" if all(met) else "NO")
        lines.append(row)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--participants", type=int, default=20000, help="named participants (head counts besides)")
    parser.add_argument("--followups", type=int, default=10000)
    parser.add_argument("--memos", type=int, default=0, help="memos spread over the city (default none)")
    parser.add_argument("--requests", type=int, default=30, help="timed rounds (after 3 warm-ups)")
    parser.add_argument("--postgres", default="auto", metavar="URL|auto|none",
                        help="a server URL (a scratch database is made on it and dropped after), 'auto' to start "
                             "scripts/pg-test-server on --pg-port, or 'none' for SQLite only")
    parser.add_argument("--pg-port", type=int, default=PG_PORT)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep-sqlite", type=Path, metavar="FILE",
                        help="generate the SQLite database in FILE and keep it (to read plans afterwards)")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "together.json")
    parser.add_argument("--worker", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        Path(args.worker).write_text(json.dumps(worker(args), ensure_ascii=False, default=str))
        return 0

    results, skipped = {}, {}
    load = {"at_start": list(os.getloadavg())}
    if not args.no_sqlite:
        tmp = tempfile.mkdtemp(prefix="tsunagu-together-bench-")
        try:
            print(f"SQLite: {args.events} events", file=sys.stderr)
            file = args.keep_sqlite or Path(tmp) / "bench.sqlite3"
            file.unlink(missing_ok=True)
            results["sqlite"] = run_child(f"sqlite:///{file}", args)
            load["after_sqlite"] = list(os.getloadavg())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.postgres != "none":
        started_server = args.postgres == "auto"
        try:
            url = search_bench.start_postgres(args.pg_port) if started_server else args.postgres
            if not url:
                skipped["postgresql"] = "PostgreSQL is not installed (apt-get install postgresql postgresql-contrib)"
            else:
                db_url = search_bench.create_database(url, BENCH_DB)
                print(f"PostgreSQL: {args.events} events", file=sys.stderr)
                try:
                    results["postgresql"] = run_child(db_url, args)
                    load["after_postgresql"] = list(os.getloadavg())
                finally:
                    search_bench.drop_database(url, BENCH_DB)
        finally:
            if started_server:
                search_bench.stop_postgres(args.pg_port)

    report = {"command": " ".join([".venv/bin/python", "bench/together.py", *sys.argv[1:]]),
              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(), "load_average": load,
              "target_p95_ms": TARGET_MS, "results": results, "skipped": skipped}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")
    # A missed target is a finding for the summary, not a failure of the step (as bench/search.py).
    return 0


if __name__ == "__main__":
    sys.exit(main())
