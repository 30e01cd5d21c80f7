"""Benchmark the listing import: a generated 10,000-row .xlsx through the preview and the commit.

    .venv/bin/python bench/import.py                              # SQLite, and PostgreSQL if installed
    .venv/bin/python bench/import.py --rows 2000 --postgres none --out /tmp/import.json

For each database the script runs itself in a child process (settings read DATABASE_URL once)
on an empty database: migrate, the real Yokohama wards and 町丁目 (load_base_data), a city
administrator; then it writes a spreadsheet the way a ward keeps one (活動名, ふりがな, 区, 住所 with
real 町丁目, 会場, free-text 日時 in a dozen wordings, 費用, 対象, 電話, 内容, 分類) and runs the two
"listing-import" jobs as the pages do — the preview, then the commit (which reads and checks the
file again before writing) — inline, with their progress writes. It reports seconds for each
job, the peak resident memory of the child (ru_maxrss: the whole process, Django included), and
checks that every row became a listing with its first version and is found by search.

Targets (issue 3): the import of 10,000 rows ≤ 20 s, peak ≤ 500 MB. The JSON (printed, and
written to --out) starts with the worst database's figures, so bench/run.py's summary finds them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 54347
TARGET = {"seconds": 20.0, "peak_mb": 500.0}

NICKNAMES = ["ひまわり", "さくら", "たんぽぽ", "すみれ", "あじさい", "なでしこ", "こすもす", "ひだまり", "なごみ", "えがお"]
KINDS = [("サロン", "さろん", "サロン"), ("いきいき体操", "いきいきたいそう", "体操・運動"), ("会食会", "かいしょくかい", "会食"),
         ("囲碁クラブ", "いごくらぶ", "趣味"), ("オレンジカフェ", "おれんじかふぇ", "認知症カフェ"),
         ("移動販売", "いどうはんばい", "移動販売"), ("見守りの会", "みまもりのかい", "見守り活動")]
SCHEDULES = ["毎週火曜 10時〜12時", "毎週月・木曜 13:30〜15:00", "第2・第4水曜 10:00〜11:30", "毎月15日 10時〜",
             "第1土曜日", "毎月最終金曜 14:00〜16:00", "隔週木曜", "月〜金 9:00〜17:00", "毎週水曜 雨天中止",
             "月1回（不定期）", "原則第二・第四金曜日", "12:00から19:00まで日曜日を除く"]
CHOME = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def address_of(block_name: str, rng: random.Random) -> str:
    """相生町一丁目 → 相生町1-12-3, as people write it."""
    for kanji, number in CHOME.items():
        if block_name.endswith(f"{kanji}丁目"):
            return f"{block_name[:-3]}{number}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    return f"{block_name}{rng.randint(1, 999)}-{rng.randint(1, 9)}"


def spreadsheet(rows: int, blocks: list[tuple[str, str]], seed: int = 20261201) -> bytes:
    from tsunagu.lib.spreadsheets import write_xlsx

    rng = random.Random(seed)
    header = ["活動名", "ふりがな", "区", "住所", "会場", "日時", "費用", "対象", "電話", "内容", "分類"]
    data = []
    for i in range(rows):
        ward, block = rng.choice(blocks)
        kind, kind_kana, category = rng.choice(KINDS)
        nickname = rng.choice(NICKNAMES)
        data.append([
            f"{nickname}{kind}{i + 1}", f"{nickname}{kind_kana}", ward, address_of(block, rng), f"{block}会館",
            rng.choice(SCHEDULES), rng.choice(["無料", "100円", "1回200円（お茶代）", ""]),
            rng.choice(["どなたでも", "高齢の方", "地域の方"]), f"045-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            "手作りのお菓子とお茶で、おしゃべりを楽しみます。", category,
        ])
    return write_xlsx(header, data, title="地域資源")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tsunagu.directory import importers
    from tsunagu.directory.models import Listing, ListingVersion
    from tsunagu.directory.search import search
    from tsunagu.jobs.models import Job
    from tsunagu.jobs.services import job_start
    from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
    from tsunagu.places.models import Kind, Place
    from tsunagu.places.yokohama import load_base_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_base_data()
    city = Place.objects.get(code="14100")
    council = Organisation.objects.create(kind=OrganisationKind.CITY_COUNCIL, name="横浜市社会福祉協議会", place=city)
    user = User.objects.create_user(username="bench-admin", password="bench-password-2026", display_name="計測")
    Membership.objects.create(user=user, organisation=council, role=Role.CITY_ADMIN)
    wards = {w.pk: w.name for w in Place.objects.filter(kind=Kind.WARD)}
    blocks = [(wards[b.parent_id], b.name) for b in Place.objects.filter(kind=Kind.BLOCK, parent_id__in=wards)]
    setup_s = time.perf_counter() - started

    started = time.perf_counter()
    content = spreadsheet(args.rows, blocks)
    generate_s = time.perf_counter() - started
    rss_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # What the upload page and its first-read job do, then the two jobs the mapping and preview pages start.
    started = time.perf_counter()
    path = importers.store_upload(content, "bench.xlsx")
    table = importers.load_table(path, "bench.xlsx")
    mapping = importers.guess_mapping(table.headers)
    upload_s = time.perf_counter() - started
    del table

    started = time.perf_counter()
    preview = job_start(user=user, kind=importers.JOB_KIND, title="計測：確認",
                        params={"step": "preview", "path": path, "filename": "bench.xlsx", "mapping": mapping,
                                "categories": []})
    preview_s = time.perf_counter() - started
    assert preview.state == Job.State.DONE, preview.error
    summary = preview.result

    started, cpu_started = time.perf_counter(), _cpu()
    commit = job_start(user=user, kind=importers.JOB_KIND, title="計測：取り込み",
                       params={**preview.params, "step": "commit", "visibility": "public",
                               "expected_errors": summary["error_numbers"]})
    commit_s, commit_cpu_s = time.perf_counter() - started, _cpu() - cpu_started
    assert commit.state == Job.State.DONE, commit.error
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    created = commit.result["created"]
    checks = {
        "rows": args.rows,
        "created": created,
        "every_row_imported": created == args.rows == Listing.objects.count(),
        "first_versions": ListingVersion.objects.filter(how="import", number=1).count(),
        "found_by_search": search(Listing.objects.public(), f"{NICKNAMES[0]}").count() > 0,
        "with_schedules": Listing.objects.exclude(schedules=None).count(),
        "with_block": Listing.objects.exclude(location__block=None).count(),
    }
    return {
        "import_seconds": round(commit_s, 2),
        "peak_mb": round(peak_mb, 1),
        # This process's CPU time for the import (the database server's is not in it): steadier than
        # wall-clock seconds on a machine shared with other work.
        "import_cpu_seconds_python": round(commit_cpu_s, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "preview_seconds": round(preview_s, 2),
        "upload_request_seconds": round(upload_s, 2),
        "preview_and_import_seconds": round(upload_s + preview_s + commit_s, 2),
        "rss_before_import_mb": round(rss_before_mb, 1),
        "vendor": connection.vendor,
        "file_kb": round(len(content) / 1024),
        "setup_seconds": round(setup_s, 1),
        "generate_seconds": round(generate_s, 1),
        "preview": {k: summary[k] for k in ("total", "new", "duplicates", "errors", "noted")},
        "checks": checks,
    }


def fresh_database(url: str, name: str = "tsunagu_import_bench") -> str:
    """An empty database on the server of ``url`` (C.UTF-8, which pg_trgm needs for Japanese)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 "
                     "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def run_worker(database_url: str, rows: int, media: str) -> dict:
    # Production settings (as bench/load.py uses): with DEBUG on, Django would also keep and format
    # every query, which no city's server does.
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="tsunagu.settings",
               TSUNAGU_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend", TSUNAGU_MEDIA_ROOT=media, TSUNAGU_DEBUG="0",
               TSUNAGU_SECRET_KEY=secrets.token_urlsafe(40), TSUNAGU_ALLOWED_HOSTS="127.0.0.1",
               TSUNAGU_SSL_REDIRECT="0")
    out = subprocess.run([sys.executable, __file__, "--worker", "--rows", str(rows)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(f"worker failed on {database_url}:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default="auto",
                        help=f"a DATABASE_URL, 'auto' (a throwaway server on port {PG_PORT} if PostgreSQL is "
                             "installed) or 'none'")
    parser.add_argument("--out", help="also write the JSON here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(worker(args), ensure_ascii=False))
        return

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="tsunagu-import-bench-") as tmp:
        results["sqlite"] = run_worker(f"sqlite:///{tmp}/bench.sqlite3", args.rows, f"{tmp}/media-sqlite")
        pg_url, started_pg = args.postgres, False
        env = dict(os.environ, TSUNAGU_TEST_PG_PORT=str(PG_PORT), TSUNAGU_TEST_PG_DIR=f"/tmp/tsunagu-import-bench-pg-{PG_PORT}")
        if pg_url == "auto":
            server = subprocess.run([str(ROOT / "scripts/pg-test-server"), "start"], env=env, capture_output=True,
                                    text=True)
            if server.returncode != 0:  # installed but would not start (the port taken…): say so, don't skip
                raise SystemExit(f"PostgreSQL did not start on port {PG_PORT}:\n{server.stderr[-2000:]}")
            pg_url = server.stdout.strip()
            started_pg = bool(pg_url)
        try:
            if pg_url and pg_url != "none":
                results["postgresql"] = run_worker(fresh_database(pg_url), args.rows, f"{tmp}/media-pg")
        finally:
            if started_pg:
                subprocess.run([str(ROOT / "scripts/pg-test-server"), "stop"], env=env, capture_output=True)

    worst = {"import_seconds": max(r["import_seconds"] for r in results.values()),
             "peak_mb": max(r["peak_mb"] for r in results.values())}
    report = {
        **worst,
        "rows": args.rows,
        "target": TARGET,
        "met": worst["import_seconds"] <= TARGET["seconds"] and worst["peak_mb"] <= TARGET["peak_mb"],
        "databases": results,
        "command": " ".join(["bench/import.py", *sys.argv[1:]]),
        "machine": {"platform": platform.platform(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average": round(os.getloadavg()[0], 2)},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
