"""Benchmark 区の一覧 (the ward view) for a ward of 20 CP areas and 5,000 memos, on SQLite and PostgreSQL.

    .venv/bin/python bench/ward_view.py                                  # SQLite, and PostgreSQL if installed
    .venv/bin/python bench/ward_view.py --memos 1000 --requests 10 --postgres none --out /tmp/ward_view.json

For each database the script runs itself in a child process (settings read DATABASE_URL once),
migrates an empty database and generates one ward: --areas CP areas (three districts of two
associations each), a 1層Co, a 2層Co per area, this 年度's 取組共有シート for every area (vision,
current state and plan written, three plan items each, a comment from the 1層Co), --memos memos
spread over this 年度 up to today (several authors, one to three pillars, functions, kinds and
stages, 40 % linked to a plan item, written on their day), a district plan per area, a hearing
round with a sheet per area (half submitted) and a liaison meeting two weeks ago.

Then, through Django's test client as the ward's 1層Co, it times each case --requests times after
3 warm-ups (server time in ms: the whole request, middleware, view and template): the ward view
for the whole 年度 (every memo in the period; the target case), the default view (since the last
meeting), the 年度 as a 2層Co, beside a trivial query and a trivial page (/about/) in the same
run; then the pack's .xlsx and PDF (fewer runs: they are downloads, not pages). One untimed request
of the target case is recorded with its queries (how many, time in the database). Target: the
ward view p95 < 300 ms. Results: bench/results/ward_view.json.
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
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import search as search_bench  # noqa: E402  (bench/search.py: timing helpers, the throwaway PostgreSQL)

PG_PORT = 54348
BENCH_DB = "tsunagu_ward_view_bench"
TARGET_MS = 300.0
TARGETED = {"ward view"}

TOWNS = ["簑沢", "本牧", "山手", "根岸", "元町", "野毛", "石川町", "竹之丸", "大和町", "麦田", "北方", "千代崎",
         "間門", "和田山", "新山下", "錦町", "本郷町", "豆口台", "小港", "寿町", "日ノ出町", "不老町", "新港", "北仲"]
TITLES = ["{d}サロン定例会に参加", "{d}の体操教室を見学", "{d}自治会長と打ち合わせ", "{d}で買い物支援の相談",
          "民生委員定例会（{d}）", "{d}の見守り活動の情報交換", "ボランティア交流会（{d}）", "{d}地区社協との話し合い",
          "移動販売の立ち寄り先を下見（{d}）", "{d}の子ども食堂を訪問", "包括と個別ケースの共有", "{d}の居場所づくり検討会"]
CONTENTS = ["参加者は12名。季節の歌と体操のあと、お茶を飲みながら近況を話した。",
            "会場の候補を三つ見て回った。階段のない集会所がよいという声が多い。",
            "坂の上の地区では買い物に困っている人が増えているとのこと。移動販売の可能性を話した。",
            "たいそうの会の代表から、参加者が減っているので声かけを手伝ってほしいと相談があった。",
            "見守りの担い手が高齢化している。若い世代に声をかける方法を一緒に考えることにした。",
            "子ども食堂のボランティアに高齢の方が加わり、世代をこえた交流が生まれている。"]
REACTIONS = ["「続けてほしい」という声があった。", "役員の負担が心配との意見。", "前向きに検討してくれることになった。", ""]
NEXT = ["次回の定例会で報告する。", "包括と一緒に訪問する。", "地区社協に相談する。", ""]


def worker(args) -> dict:
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: nothing collected here
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    media = tempfile.mkdtemp(prefix="tsunagu-ward-view-media-")  # the PDF jobs' files, removed at the end
    settings.MEDIA_ROOT = media
    try:
        return _timed(args)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _timed(args) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup = {"migrate": round(time.perf_counter() - started, 1)}
    started = time.perf_counter()
    data = generate(args.areas, args.memos)
    setup["generate"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        # Autovacuum gathers statistics within a minute or so of a load like this one; without them
        # the planner takes the ward's 200 places for one row and walks the memos place by place
        # (a nested loop ten times slower). Measure the database as it runs, not as it was loaded.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  {connection.vendor}: {data['memos']} memos in {args.areas} CP areas ready ({setup})", file=sys.stderr)

    from django.test import Client
    from django.urls import reverse

    from tsunagu.jobs.models import Job
    from tsunagu.memos.models import Memo

    settings.ALLOWED_HOSTS = ["testserver"]
    coordinator, area_coordinator = Client(), Client()
    coordinator.force_login(data["coordinator"])
    area_coordinator.force_login(data["area_coordinator"])
    ward_url = reverse("liaison:ward", args=[data["ward"].pk])
    year = {"period": "year"}

    def page(client, path, params=None):
        def get():
            response = client.get(path, params or {})
            if response.status_code != 200:
                raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
            return len(response.content)
        return get

    def made_as_a_job(client, path):
        def post():
            response = client.post(path, {"query": "period=year"})
            job = Job.objects.order_by("-pk").first()
            if response.status_code != 302 or job.state != Job.State.DONE:
                raise RuntimeError(f"{path}: HTTP {response.status_code}, job {job.state} {job.error}")
            return job.result.get("pages")
        return post

    first_pk = Memo.objects.order_by("pk").values_list("pk", flat=True).first()
    cases = {
        "baseline: Memo pk": ("baseline", lambda: Memo.objects.filter(pk=first_pk).first() is not None, args.requests),
        "page baseline: /about/": ("baseline", page(coordinator, "/about/"), args.requests),
        "ward view: 年度 (every memo in the period), 1層Co": ("ward view", page(coordinator, ward_url, year), args.requests),
        "ward view: default (since the last meeting), 1層Co": ("ward view", page(coordinator, ward_url), args.requests),
        "ward view: 年度, 2層Co": ("ward view", page(area_coordinator, ward_url, year), args.requests),
        "pack .xlsx: 年度": ("pack", page(coordinator, reverse("liaison:pack_xlsx", args=[data["ward"].pk]), year),
                            max(args.requests // 5, 3)),
        # The PDF is a job; here it runs at once (the immediate task backend), so the request lasts as long as it.
        "pack PDF (the job): 年度": ("pack", made_as_a_job(coordinator, reverse("liaison:pack_pdf",
                                                                             args=[data["ward"].pk])),
                                     args.pdf_requests),
        "記録をさがす: たいそう": ("search", page(coordinator, reverse("liaison:search"), {"q": "たいそう"}),
                              args.requests),
    }
    results = {}
    for name, (kind, fn, requests) in cases.items():
        timing = timed(fn, requests, warmup=1 if kind == "pack" else 3)
        target = TARGET_MS if kind in TARGETED else None
        results[name] = {"kind": kind, **timing, "target_p95_ms": target,
                         "met": None if target is None else timing["p95_ms"] < target}
        mark = {True: "ok", False: "MISSED", None: ""}[results[name]["met"]]
        print(f"  {connection.vendor:10} {name:52} p50 {timing['p50_ms']:8.1f}  p95 {timing['p95_ms']:8.1f}  "
              f"(CPU p95 {timing['cpu_p95_ms']:7.1f})  {mark}", file=sys.stderr)
    from django.utils import timezone

    from tsunagu.liaison import rollup

    today = timezone.localdate()
    summary = rollup.ward_summary(user=data["coordinator"], ward=data["ward"], period=rollup.period_for("year", today=today),
                                  meeting=rollup.last_meeting(data["ward"], today))
    last_job = Job.objects.order_by("-pk").first()
    pdf_stats = {**last_job.result, "bytes": last_job.result_file.size} if last_job else {}
    return {
        "vendor": connection.vendor,
        "server_version": search_bench._server_version(connection),
        "areas": args.areas,
        "memos": data["memos"],
        "memos_in_period": summary.total_memos,
        "new_since_meeting": summary.news_count,
        "period": summary.period.label,
        "pack_pdf": pdf_stats,
        "setup_seconds": setup,
        "cases": results,
        "ward_view_queries": search_bench.slowest_queries(coordinator, ward_url, year),
    }


def timed(fn, requests: int, warmup: int) -> dict:
    """search_bench.timed's wall-clock p50/p95, and beside it the CPU time this process spent
    (on SQLite that includes the database's work): on a machine shared with other work the wall
    clock also counts the time spent waiting for a core, the CPU time does not."""
    for _ in range(warmup):
        fn()
    wall, cpu, result = [], [], None
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    p = search_bench.percentile
    return {"p50_ms": round(p(wall, 50), 1), "p95_ms": round(p(wall, 95), 1), "max_ms": round(max(wall), 1),
            "cpu_p50_ms": round(p(cpu, 50), 1), "cpu_p95_ms": round(p(cpu, 95), 1), "n": requests, "result": result}


def generate(areas_n: int, memos_n: int, seed: int = 20261201) -> dict:
    from django.utils import timezone

    from tsunagu.district_plans import services as plan_services
    from tsunagu.hearings import services as hearing_services
    from tsunagu.hearings.models import SheetStatus
    from tsunagu.hearings.services import KANAGAWA_ITEMS, ItemInput
    from tsunagu.liaison import services as liaison_services
    from tsunagu.lib.fiscal import fiscal_year
    from tsunagu.lib.japanese import search_text
    from tsunagu.lib.programme import CoordinatorFunction, Pillar
    from tsunagu.memos.models import Memo, MemoKind, Stage, codes_text
    from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
    from tsunagu.places.models import Kind, Place
    from tsunagu.sheets import services as sheet_services
    from tsunagu.sheets.models import SectionKey

    rng = random.Random(seed)
    today = timezone.localdate()
    fy = fiscal_year(today)
    first_day = date(fy, 4, 1)
    city = Place.objects.create(kind=Kind.CITY, code="14100", name="横浜市")
    ward = Place.objects.create(kind=Kind.WARD, code="14104", name="中区", parent=city)
    council = Organisation.objects.create(kind=OrganisationKind.WARD_COUNCIL, name="中区社会福祉協議会", place=ward)
    coordinator = User.objects.create_user(username="bench-1so", password="bench-password-1", display_name="区社協 1層Co")
    Membership.objects.create(user=coordinator, organisation=council, role=Role.WARD_COORDINATOR)

    areas, places_of, people = [], {}, {}
    for n in range(areas_n):
        town = TOWNS[n % len(TOWNS)] + ("" if n < len(TOWNS) else str(n))
        area = Place.objects.create(kind=Kind.CP_AREA, code=f"14104-CP{n + 1:02}", name=f"{town}地域ケアプラザ",
                                    parent=ward)
        cp = Organisation.objects.create(kind=OrganisationKind.CARE_PLAZA, name=area.name, place=area)
        users = []
        for k in range(2):
            user = User.objects.create_user(username=f"bench-cp{n + 1:02}-{k}", password="bench-password-1",
                                            display_name=f"{town}の2層Co{k + 1}")
            Membership.objects.create(user=user, organisation=cp, role=Role.AREA_COORDINATOR)
            users.append(user)
        inside = [area]
        for d in range(3):
            district = Place.objects.create(kind=Kind.DISTRICT, code=f"14104-D{n + 1:02}{d + 1}",
                                            name=f"{town}第{d + 1}地区", parent=area)
            inside.append(district)
            for a in range(2):
                inside.append(Place.objects.create(kind=Kind.ASSOCIATION, code=f"14104-D{n + 1:02}{d + 1}-A{a + 1}",
                                                   name=f"{town}第{d + 1}地区第{a + 1}自治会", parent=district))
        areas.append(area)
        places_of[area.pk], people[area.pk] = inside, users

    # This 年度's sheets, written by each CP's first 2層Co; a comment from the 1層Co on each.
    items_of = {}
    for area in areas:
        writer = people[area.pk][0]
        sheet = sheet_services.sheet_create(user=writer, place=area, fiscal_year=fy)
        for key, text, status in ((SectionKey.VISION, f"{area.name}の圏域で、誰もが気軽に集える地域", "submitted"),
                                  (SectionKey.CURRENT, "坂が多く、買い物や通院に困る高齢者が増えている。", "drafting"),
                                  (SectionKey.PLAN, "三つの柱で取り組む。", rng.choice(["drafting", "submitted"]))):
            section = sheet.section(key)
            sheet_services.section_update(user=writer, section=section, seen_version=section.version, text=text,
                                          status=status)
        items_of[area.pk] = [
            sheet_services.plan_item_create(user=writer, sheet=sheet, title=title, pillar=pillar, goal=goal)
            for title, pillar, goal in (("サロンの立ち上げ支援", Pillar.GATHERING, "新しいサロンを1か所"),
                                        ("買い物の足の確保", Pillar.DAILY_SUPPORT, "移動販売の立ち寄り先を2か所"),
                                        ("見守りの輪づくり", Pillar.WATCHING, "民生委員と自治会の情報交換の場"))]
        sheet_services.comment_add(user=coordinator, section=sheet.section(SectionKey.VISION), text="住民の言葉で書けています")

    kinds = list(MemoKind.objects.filter(ward__isnull=True))
    stages = list(Stage.objects.filter(ward__isnull=True))
    pillars, functions = list(Pillar.values), list(CoordinatorFunction.values)
    span = max((today - first_day).days, 0)
    memos = []
    for n in range(memos_n):
        area = areas[n % len(areas)]
        place = rng.choice(places_of[area.pk])
        author = rng.choice(people[area.pk])
        day = first_day + timedelta(days=rng.randint(0, span))
        title = rng.choice(TITLES).format(d=place.name.replace("地域ケアプラザ", ""))
        content, reaction, next_step = rng.choice(CONTENTS), rng.choice(REACTIONS), rng.choice(NEXT)
        chosen_pillars = sorted(rng.sample(pillars, rng.choice([1, 1, 1, 2, 3])), key=pillars.index)
        chosen_functions = sorted(rng.sample(functions, rng.choice([0, 1, 1, 2])), key=functions.index)
        kind = rng.choice(kinds) if rng.random() > 0.1 else None
        stage = rng.choice(stages) if rng.random() > 0.2 else None
        memos.append(Memo(date=day, author=author, author_name=str(author), place=place, title=title,
                          pillars=codes_text(chosen_pillars), functions=codes_text(chosen_functions), kind=kind,
                          stage=stage, content=content, reaction=reaction, next_step=next_step,
                          search_text=search_text(title, place.name, str(author), content, reaction, next_step)))
    Memo.objects.bulk_create(memos, batch_size=500)
    # Written on their day (bulk_create stamps them all "now"), so that "new since the meeting" is
    # the last two weeks' memos, not all of them.
    created = list(Memo.objects.only("pk", "date", "place_id"))
    for memo in created:
        memo.created_at = timezone.make_aware(datetime.combine(memo.date, clock(17, rng.randint(0, 59))))
    Memo.objects.bulk_update(created, ["created_at"], batch_size=500)
    # 40 % of the memos serve one of their own CP's plan items.
    area_of = {place.pk: area_pk for area_pk, inside in places_of.items() for place in inside}
    through = Memo.plan_items.through
    through.objects.bulk_create([through(memo_id=m.pk, planitem_id=rng.choice(items_of[area_of[m.place_id]]).pk)
                                 for m in created if rng.random() < 0.4], batch_size=500)

    liaison_services.meeting_create(user=coordinator, ward=ward, date=today - timedelta(days=14), title="生活支援Co連絡会")
    for area in areas:
        plan_services.plan_create(user=coordinator, district=places_of[area.pk][1], data={
            "start_year": fy, "end_year": fy + 2, "status": "drafting",
            "current_state": "坂が多く、買い物に困る高齢者が増えている。", "goals": ["歩いて行ける居場所を増やす"],
            "directions": "地区社協と一緒にサロンの立ち上げを支える。", "partners": "地区社協、民生委員",
            "partner_organisations": [], "partner_area_id": None, "note": ""})
    item_set = hearing_services.hearing_set_create(
        user=coordinator, ward=ward, name="2層Coヒアリング",
        items=[ItemInput(title=str(title), prompt=str(prompt)) for title, prompt in KANAGAWA_ITEMS])
    hearing = hearing_services.hearing_round_open(user=coordinator, item_set=item_set, name="上半期ヒアリング",
                                                  starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30),
                                                  areas=areas)
    items = hearing.asked_items()
    for n, sheet in enumerate(hearing.sheets.select_related("area")):
        if n % 2:
            continue
        hearing_services.sheet_save(user=coordinator, sheet=sheet, seen_version=sheet.version,
                                    status=SheetStatus.SUBMITTED,
                                    answers={i.pk: f"{sheet.area.name}の{i.title}について：{rng.choice(CONTENTS)}"
                                             for i in items})
    return {"ward": ward, "coordinator": coordinator, "area_coordinator": people[areas[0].pk][0],
            "memos": Memo.objects.count()}


# --- Driver ---------------------------------------------------------------------------------


def run_child(db_url: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="tsunagu.settings",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env["TSUNAGU_DEBUG"] = "1"  # the test client needs no collected static files
    # The pack runs at once in the request (as a worker would run it): set before Django loads its
    # task backends, which a settings change after set-up would not reach.
    env["TSUNAGU_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    cmd = [sys.executable, __file__, "--worker", out_path, "--areas", str(args.areas), "--memos", str(args.memos),
           "--requests", str(args.requests), "--pdf-requests", str(args.pdf_requests)]
    try:
        subprocess.run(cmd, env=env, cwd=ROOT, check=True)
        return json.loads(Path(out_path).read_text())
    finally:
        os.unlink(out_path)


def table(results: dict) -> str:
    names = []
    for result in results.values():
        names += [n for n in result["cases"] if n not in names]
    header = f"{'case':54}" + "".join(f"{db + ' p50':>14}{db + ' p95':>14}{'CPU p95':>9}" for db in results) + \
        "  target  met"
    lines = [header, "-" * len(header)]
    for name in names:
        row, met, target = f"{name:54}", [], None
        for result in results.values():
            case = result["cases"].get(name)
            row += (f"{case['p50_ms']:14.1f}{case['p95_ms']:14.1f}{case['cpu_p95_ms']:9.1f}" if case
                    else f"{'-':>14}{'-':>14}{'-':>9}")
            if case and case["target_p95_ms"] is not None:
                target = case["target_p95_ms"]
                met.append(case["met"])
        row += f"{'—':>8}  —" if target is None else f"{'<' + str(int(target)):>8}  " + ("yes" if all(met) else "NO")
        lines.append(row)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=20)
    parser.add_argument("--memos", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30, help="timed runs per page case (after 3 warm-ups)")
    parser.add_argument("--pdf-requests", type=int, default=3, help="timed runs of the pack's PDF")
    parser.add_argument("--postgres", default="auto", metavar="URL|auto|none",
                        help="a server URL (a scratch database is made on it and dropped after), 'auto' to start "
                             "scripts/pg-test-server on --pg-port, or 'none' for SQLite only")
    parser.add_argument("--pg-port", type=int, default=PG_PORT)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "ward_view.json")
    parser.add_argument("--worker", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        Path(args.worker).write_text(json.dumps(worker(args), ensure_ascii=False))
        return 0

    results, skipped = {}, {}
    if not args.no_sqlite:
        tmp = tempfile.mkdtemp(prefix="tsunagu-ward-view-bench-")
        try:
            print(f"SQLite: {args.memos} memos, {args.areas} CP areas", file=sys.stderr)
            results["sqlite"] = run_child(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args)
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
                print(f"PostgreSQL: {args.memos} memos, {args.areas} CP areas", file=sys.stderr)
                try:
                    results["postgresql"] = run_child(db_url, args)
                finally:
                    search_bench.drop_database(url, BENCH_DB)
        finally:
            if started_server:
                search_bench.stop_postgres(args.pg_port)

    report = {"command": " ".join([".venv/bin/python", "bench/ward_view.py", *sys.argv[1:]]),
              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "load_average_at_end": list(os.getloadavg()), "target_p95_ms": TARGET_MS, "results": results,
              "skipped": skipped}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")
    # A missed target is a finding for the summary, not a failure of the step (as bench/search.py).
    return 0


if __name__ == "__main__":
    sys.exit(main())
