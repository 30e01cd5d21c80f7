"""Every benchmark in bench/, one after the other: `make bench` runs this.

    .venv/bin/python bench/run.py                       # the issue's sizes (100,000 listings; ~10–15 min)
    .venv/bin/python bench/run.py --listings 5000 --requests 20 --load-time 10s --import-rows 1000  # ~3 min

1. bench/search.py: search function and public pages over generated listings, SQLite and
   PostgreSQL (a throwaway server on --pg-port, C.UTF-8), each beside a trivial query and page.
   The databases it generates are kept for step 2 instead of being generated again.
2. bench/load.py: the public search under load (gunicorn -w 2 with production settings, locust).
3. bench/import.py and the booklet timing (bench/booklet*.py), when they exist; otherwise the
   summary says they were skipped.
4. bench/ward_view.py: 区の一覧 for a ward of 20 CP areas and 5,000 memos, and its pack, on SQLite
   and PostgreSQL (its own throwaway server).
5. bench/together.py: わたしのやること, 区の一覧, the events list and calendar over a year of city-wide
   events, projects and follow-ups (issue 13's sizes), on SQLite and PostgreSQL (its own server).

Each step writes bench/results/<step>.json; this script adds bench/results/run.json (what ran,
how long, exit codes) and bench/results/summary.md (tables: case, p50, p95, target, met?).
A failing step is reported and the others still run; the exit code is 1 if any step failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as search_bench  # noqa: E402  (bench/search.py)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Upper bounds for each step at the sizes on a 2-core machine; a step past it is stopped.
STEP_TIMEOUT_S = {"search": 20 * 60, "load": 10 * 60, "import": 10 * 60, "booklet": 10 * 60, "ward_view": 15 * 60,
                  "together": 15 * 60}
IMPORT_TARGET = {"seconds": 20.0, "peak_mb": 500.0}
BOOKLET_TARGET = {"seconds": 30.0}


def run_step(name: str, command: list[str], log: dict) -> bool:
    print(f"\n== {name}: {' '.join(_shown(command))}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    code = _run_bounded(command, STEP_TIMEOUT_S[name])
    log[name] = {"command": " ".join(_shown(command)), "exit": code,
                 "seconds": round(time.perf_counter() - started, 1)}
    if code != 0:
        print(f"== {name} FAILED ({code})", file=sys.stderr)
    return code == 0


def _run_bounded(command: list[str], timeout: float) -> int | str:
    """Run a step; past ``timeout`` ask it to stop (SIGTERM: load.py then stops its gunicorn in its
    ``finally``), and kill it 30 s later if it has not."""
    proc = subprocess.Popen(command, cwd=ROOT)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return "timeout"
    except BaseException:
        proc.terminate()  # Ctrl-C: the step's own clean-up runs
        proc.wait(timeout=30)
        raise


def _shown(command: list[str]) -> list[str]:
    return [".venv/bin/python" if part == sys.executable else os.path.relpath(part, ROOT)
            if os.path.isabs(part) and part.startswith(str(ROOT)) else part for part in command]


def _accepts(script: Path, option: str) -> bool:
    """Whether another engineer's script takes ``option`` (asked through its --help)."""
    try:
        out = subprocess.run([sys.executable, str(script), "--help"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    except subprocess.TimeoutExpired:
        return False
    return option in out.stdout


def run_other(name: str, script: Path, out: Path, args, log: dict) -> None:
    """import.py or the booklet timing: with --out when it takes one, else its JSON from stdout."""
    command = [sys.executable, str(script)]
    if name == "import" and args.import_rows and _accepts(script, "--rows"):
        command += ["--rows", str(args.import_rows)]
    if args.no_postgres and _accepts(script, "--postgres"):
        command += ["--postgres", "none"]  # import.py's word for SQLite only
    if name == "booklet" and args.booklet_entries and _accepts(script, "--entries"):
        command += ["--entries", str(args.booklet_entries)]
    if _accepts(script, "--out"):
        run_step(name, [*command, "--out", str(out)], log)
        return
    print(f"\n== {name}: {' '.join(_shown(command))} (JSON read from its output)", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=STEP_TIMEOUT_S[name])
        code, stdout = done.returncode, done.stdout
        sys.stderr.write(done.stderr)
    except subprocess.TimeoutExpired:
        code, stdout = "timeout", ""
    log[name] = {"command": " ".join(_shown(command)), "exit": code,
                 "seconds": round(time.perf_counter() - started, 1)}
    start = stdout.find("{")
    if code == 0 and start >= 0:
        try:
            out.write_text(json.dumps(json.loads(stdout[start:]), ensure_ascii=False, indent=2) + "\n")
        except json.JSONDecodeError:
            log[name]["note"] = "its output was not JSON"


# --- Summary --------------------------------------------------------------------------------


def _load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def _ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _case_rows(results: dict, dbs: list[str], names: list[str], fields: tuple[str, ...], sign: str) -> list[str]:
    """One table row per case: its fields for each database, the target (sign and p95) and
    whether every database met it."""
    rows = []
    for name in names:
        cells, met, target = [], [], None
        for db in dbs:
            case = results[db]["cases"].get(name)
            cells += [_ms(case.get(f)) for f in fields] if case else ["—"] * len(fields)
            if case and case["target_p95_ms"] is not None:
                target = case["target_p95_ms"]
                met.append(case["met"])
        verdict = "—" if target is None else ("yes" if all(met) else "**no**")
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {'—' if target is None else f'{sign} {target:.0f}'} | "
                    f"{verdict} |")
    return rows


def search_section(report: dict | None) -> list[str]:
    if not report:
        return ["_bench/search.py wrote no results (see run.json)._", ""]
    results = report["results"]
    dbs = list(results)
    first = next(iter(results.values()))
    lines = [f"{first['listings']:,} generated listings ({first.get('public_listings', 0):,} public); "
             f"{first['cases'][next(iter(first['cases']))]['n']} timed runs per case after 5 warm-ups; "
             "server time in ms. `page …` and `map …` are whole requests through Django (middleware, "
             "view, template); the others the search as the page asks it, without the template "
             "(PublicSearchForm.filter and results.result_page: the count and the first 20). "
             + ", ".join(f"{db}: {r['server_version']}" for db, r in results.items()) + ".", ""]
    header = "| case | " + " | ".join(f"{db} p50 | {db} p95" for db in dbs) + " | target p95 | met? |"
    lines += [header, "|" + "---|" * (3 + 2 * len(dbs))]
    names = []
    for result in results.values():
        names += [n for n in result["cases"] if n not in names]
    lines += _case_rows(results, dbs, names, ("p50_ms", "p95_ms"), "≤")
    setup = "; ".join(f"{db}: " + ", ".join(f"{k} {v} s" for k, v in r["setup_seconds"].items())
                      for db, r in results.items())
    lines += ["", f"Data set-up (not timed above): {setup}.", ""]
    missed = [(db, name, case) for db, r in results.items() for name, case in r["cases"].items()
              if case["met"] is False]
    if missed:
        lines += ["Missed the target — where the time goes (one untimed request with its queries recorded; "
                  "the narrow fetch's query plans are in search.json under `plans`):", ""]
        for db, name, case in missed:
            profile = results[db].get("page_queries", {}).get(name)
            plan = results[db].get("plans", {}).get(name, "")
            if profile:
                slowest = profile["slowest"][0]["ms"] if profile["slowest"] else 0
                outside = profile.get("outside_db_ms")
                where = (f": {profile['queries']} queries, {profile['db_ms']} ms in the database (slowest {slowest} "
                         "ms)" + (f", {outside} ms outside it (Python: view, forms, template or JSON)"
                                  if outside is not None else ""))
            else:
                nodes = [line.strip() for line in plan.splitlines() if "Scan" in line or "Filter:" in line
                         or "SCAN" in line or "SEARCH" in line]
                where = ": plan " + " · ".join(f"`{node[:160]}`" for node in nodes[:3]) if nodes else ""
            lines.append(f"- {db} `{name}` p95 {case['p95_ms']:.1f} ms{where}")
        lines.append("")
    return lines


def load_section(report: dict | None) -> list[str]:
    if not report:
        return ["_bench/load.py wrote no results (see run.json)._", ""]
    lines = []
    for db, result in report["results"].items():
        settings = ("TSUNAGU_DEBUG=0, tsunagu.settings" if result["settings"] == "tsunagu.settings" else
                    f"TSUNAGU_DEBUG=0, {result['settings']}: tsunagu.settings collecting from a patched static/")
        lines += [f"**{db}**: gunicorn -w {result['gunicorn_workers']} ({settings}), locust {result['users']} users, +{result['spawn_rate']}/s, "
                  f"{result['run_time']}, each user pausing {result['wait_s']} s between requests; "
                  f"{result['requests_per_s']} requests/s in all, {result['failures_total']} failures. Load average "
                  f"{result['load_average_before'][0]:.1f} before, {result['load_average_after'][0]:.1f} after "
                  "(locust runs on the same 2 cores).", ""]
        if result.get("collectstatic_error"):
            lines += [f"⚠ `manage.py collectstatic` fails with production settings: {result['collectstatic_error']} "
                      "— the run collected from a copy without the dangling source-map comments "
                      "(bench/settings_sourcemaps.py).", ""]
        lines += ["| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | target | met? |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, row in result["requests"].items():
            lines.append(f"| {name} | {row['requests']} | {row['failures']} | {row['requests_per_s']} | "
                         f"{_ms(row['p50_ms'])} | {_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} | 0 failures | "
                         f"{'yes' if row['failures'] == 0 and row['requests'] else '**no**'} |")
        for failure in result.get("failures", []):
            lines.append(f"\nFailure: {failure['name']}: {failure['error']} ×{failure['occurrences']}")
        lines.append("")
    return lines


def _find(data, words: tuple[str, ...]):
    """The first number in ``data`` (nested) under a key containing one of ``words``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, int | float) and not isinstance(value, bool) and any(w in key.lower() for w in words):
                return key, value
        for value in data.values():
            found = _find(value, words)
            if found:
                return found
    return None


def other_section(name: str, report: dict | None, targets: dict, log: dict, script: str) -> list[str]:
    if name not in log:
        return [f"_Skipped: {script} does not exist yet._", ""]
    if not report:
        return [f"_{script} wrote no JSON results (exit {log[name]['exit']}, see run.json)._", ""]
    lines = ["| measure | value | target | met? |", "|---|---|---|---|"]
    finders = {"seconds": ("second", "elapsed", "duration", "wall", "time_s", "_s"),
               "peak_mb": ("peak", "memory", "rss", "_mb")}
    for measure, target in targets.items():
        found = _find(report, finders[measure])
        if found:
            key, value = found
            lines.append(f"| {key} | {value:.1f} | ≤ {target:.0f} | {'yes' if value <= target else '**no**'} |")
        else:
            lines.append(f"| {measure} | not found in its JSON | ≤ {target:.0f} | ? |")
    lines += ["", f"Everything it wrote: `bench/results/{name}.json`.", ""]
    return lines


def import_section(report: dict | None, log: dict) -> list[str]:
    """bench/import.py's own JSON: per database, the commit's seconds and the peak memory."""
    if not report or not isinstance(report.get("databases"), dict):
        return other_section("import", report, IMPORT_TARGET, log, "bench/import.py")
    lines = [f"{report.get('rows', '?'):,} rows; the commit (import) against ≤ {IMPORT_TARGET['seconds']:.0f} s, "
             f"the child process's peak memory against ≤ {IMPORT_TARGET['peak_mb']:.0f} MB.", "",
             "| database | preview s | import s | target s | peak MB | target MB | every row imported | met? |",
             "|---|---|---|---|---|---|---|---|"]
    for db, row in report["databases"].items():
        seconds, peak = row.get("import_seconds"), row.get("peak_mb")
        met = (seconds is not None and peak is not None and seconds <= IMPORT_TARGET["seconds"]
               and peak <= IMPORT_TARGET["peak_mb"] and row.get("checks", {}).get("every_row_imported", True))
        lines.append(f"| {db} | {_ms(row.get('preview_seconds'))} | {_ms(seconds)} | ≤ {IMPORT_TARGET['seconds']:.0f} | "
                     f"{_ms(peak)} | ≤ {IMPORT_TARGET['peak_mb']:.0f} | "
                     f"{row.get('checks', {}).get('every_row_imported', '?')} | {'yes' if met else '**no**'} |")
    lines += ["", "Everything it wrote: `bench/results/import.json`.", ""]
    return lines


def ward_view_section(report: dict | None, log: dict) -> list[str]:
    if "ward_view" not in log:
        return ["_Not run this time (--only)._", ""]
    if not report or not report.get("results"):
        return [f"_bench/ward_view.py wrote no results (exit {log['ward_view']['exit']}, see run.json)._", ""]
    results = report["results"]
    dbs = list(results)
    first = next(iter(results.values()))
    lines = [f"{first['memos']:,} memos in {first['areas']} CP areas, {first['memos_in_period']:,} of them in the 年度 "
             f"shown, {first['new_since_meeting']} things new since the last meeting; whole requests through "
             f"Django's test client as the 1層Co, server time in ms; the pack's PDF is {first['pack_pdf'].get('pages')} "
             "pages. " + ", ".join(f"{db}: {r['server_version']}" for db, r in results.items()) + ".", ""]
    lines += ["| case | " + " | ".join(f"{db} p50 | {db} p95 | {db} CPU p95" for db in dbs) + " | target p95 | met? |",
              "|" + "---|" * (3 + 3 * len(dbs))]
    lines += _case_rows(results, dbs, list(first["cases"]), ("p50_ms", "p95_ms", "cpu_p95_ms"), "<")
    for db, r in results.items():
        q = r.get("ward_view_queries") or {}
        if q:
            lines.append(f"\n{db}: the 年度 view in {q['queries']} queries, {q['db_ms']} ms in the database, "
                         f"{q['outside_db_ms']} ms outside it.")
    lines += ["", "Everything it wrote: `bench/results/ward_view.json`.", ""]
    return lines


def together_section(report: dict | None, log: dict) -> list[str]:
    if "together" not in log:
        return ["_Not run this time (--only)._", ""]
    if not report or not report.get("results"):
        return [f"_bench/together.py wrote no results (exit {log['together']['exit']}, see run.json)._", ""]
    results = report["results"]
    dbs = list(results)
    first = next(iter(results.values()))
    c = first["counts"]
    lines = [f"{c['wards']} wards, {c['cp_areas']} CP areas, {c['events']:,} events, {c['participants']:,} participants, "
             f"{c['followups']:,} follow-ups, {c['projects']} projects; {first['ward']} measured "
             f"({first['in_the_ward']['events']} events). Whole requests through Django's test client, server time "
             "in ms and this process's CPU time (p95), each case beside /about/ in the same rounds (× /about/: p95 over "
             "/about/'s p95). "
             + ", ".join(f"{db}: {r['server_version']}" for db, r in results.items()) + ".", ""]
    lines += ["| case | " + " | ".join(f"{db} p50 | {db} p95 | CPU p95 | × /about/ | queries" for db in dbs)
              + " | target p95 | met? |", "|" + "---|" * (3 + 5 * len(dbs))]
    for name in first["cases"]:
        row, met, target = f"| {name} |", [], None
        for r in results.values():
            case = r["cases"].get(name)
            if not case:
                row += " — | — | — | — | — |"
                continue
            base = r["cases"]["page baseline: /about/"]["p95_ms"]
            row += (f" {_ms(case['p50_ms'])} | {_ms(case['p95_ms'])} | {_ms(case.get('cpu_p95_ms'))} | "
                    f"{case['p95_ms'] / base:.1f} | {case['queries']['queries']} |")
            if case["target_p95_ms"] is not None:
                target = case["target_p95_ms"]
                met.append(case["met"])
        row += " — | — |" if target is None else f" ≤ {target:g} | {'yes' if all(met) else '**no**'} |"
        lines.append(row)
    load = ", ".join(f"{when.replace('_', ' ')} {values[0]:.1f}" for when, values in report.get("load_average", {}).items())
    lines += ["", f"Load average (1 min) on {report.get('cpus')} cores: {load}. Everything it wrote: "
              "`bench/results/together.json`.", ""]
    return lines


def write_summary(out_dir: Path, args, log: dict, started: str) -> Path:
    run = _load(out_dir / "run.json") or {}
    lines = [
        "# Benchmarks", "",
        f"`{run.get('command', 'make bench')}` on {started}: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {run.get('load_average_at_end', os.getloadavg()[0]):.1f} "
        "at the end. "
        f"Whole run {run.get('seconds', '?')} s. Numbers measured on a machine shared with other work are "
        "noisy: compare each case with the baseline measured in the same run.", "",
        "## Search: 3+-character, 2-character and filter-only queries (bench/search.py)", "",
        *search_section(_load(out_dir / "search.json")),
        "## The public search under load (bench/load.py)", "",
        *load_section(_load(out_dir / "load.json")),
        "## Import (bench/import.py; the target is for 10,000 rows)", "",
        *(import_section(_load(out_dir / "import.json"), log) if "import" in log
          else other_section("import", None, IMPORT_TARGET, log, "bench/import.py")),
        "## Booklet (the target is for 1,000 entries)", "",
        *other_section("booklet", _load(out_dir / "booklet.json"), BOOKLET_TARGET, log, "bench/booklet*.py"),
        "## 区の一覧: a ward of 20 CP areas and 5,000 memos (bench/ward_view.py)", "",
        *ward_view_section(_load(out_dir / "ward_view.json"), log),
        "## Working together: a year of city-wide events, projects and follow-ups (bench/together.py)", "",
        *together_section(_load(out_dir / "together.json"), log),
        "## Steps", "",
        "| step | exit | seconds |", "|---|---|---|",
        *[f"| {name} | {step['exit']} | {step['seconds']} |" for name, step in log.items()],
        *[f"| {name} | skipped: {why} | — |" for name, why in run.get("skipped", {}).items()],
        "",
    ]
    path = out_dir / "summary.md"
    path.write_text("\n".join(lines))
    return path


# --- Main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60,
                        help="timed runs per search case (60 keeps the whole run near 15 minutes)")
    parser.add_argument("--load-time", default="30s", help="locust's --run-time for each database")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--import-rows", type=int, help="rows for bench/import.py (its default: 10,000)")
    parser.add_argument("--booklet-entries", type=int, help="entries for the booklet (its default: 1,000)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--pg-port", type=int, default=search_bench.PG_PORT)
    parser.add_argument("--ward-memos", type=int, help="memos for bench/ward_view.py (its default: 5,000)")
    parser.add_argument("--together-events", type=int, help="events for bench/together.py (its default: 5,000)")
    parser.add_argument("--only", help="comma-separated steps to run: search,load,import,booklet,ward_view,together")
    parser.add_argument("--out-dir", type=Path, default=BENCH / "results")
    args = parser.parse_args()
    steps = set((args.only or "search,load,import,booklet,ward_view,together").split(","))

    out_dir = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in steps:  # a step that fails this time must not be summarised with last time's numbers
        (out_dir / f"{name}.json").unlink(missing_ok=True)
    started_at, started = time.strftime("%Y-%m-%d %H:%M"), time.perf_counter()
    log: dict = {}
    skipped: dict = {}
    work = Path(tempfile.mkdtemp(prefix="tsunagu-bench-"))
    sqlite_file = work / "bench.sqlite3"
    pg_url = db_url = ""
    try:
        if not args.no_postgres and steps & {"search", "load"}:
            pg_url = search_bench.start_postgres(args.pg_port)
            if not pg_url:
                skipped["postgresql"] = "PostgreSQL is not installed (apt-get install postgresql postgresql-contrib)"
        if "search" in steps:
            command = [sys.executable, str(BENCH / "search.py"), "--listings", str(args.listings), "--requests",
                       str(args.requests), "--keep-sqlite", str(sqlite_file), "--out", str(out_dir / "search.json")]
            if pg_url:
                command += ["--postgres", pg_url, "--keep-postgres"]
            run_step("search", command, log)
        if "load" in steps:
            command = [sys.executable, str(BENCH / "load.py"), "--listings", str(args.listings), "--run-time",
                       args.load_time, "--users", str(args.users), "--out", str(out_dir / "load.json")]
            if sqlite_file.exists():
                command += ["--sqlite-file", str(sqlite_file)]
            if pg_url:
                # The database search.py kept; if it failed before making one, load.py makes its own.
                db_url = search_bench.database_url(pg_url)
                command += ["--postgres-db", db_url] if _has_listings(db_url) else ["--postgres", pg_url]
            run_step("load", command, log)
        if pg_url:  # the import and booklet benchmarks make their own databases
            _drop_and_stop(pg_url, args.pg_port)
            pg_url = ""
        for name, pattern in [("import", "import.py"), ("booklet", "booklet*.py")]:
            scripts = sorted(BENCH.glob(pattern))
            if name not in steps:
                continue
            if not scripts:
                skipped[name] = f"bench/{pattern} does not exist yet"
                print(f"\n== {name}: skipped — bench/{pattern} does not exist yet", file=sys.stderr)
                continue
            run_other(name, scripts[0], out_dir / f"{name}.json", args, log)
        if "ward_view" in steps:
            command = [sys.executable, str(BENCH / "ward_view.py"), "--requests", str(min(args.requests, 30)),
                       "--out", str(out_dir / "ward_view.json")]
            if args.ward_memos:
                command += ["--memos", str(args.ward_memos)]
            if args.no_postgres:
                command += ["--postgres", "none"]
            run_step("ward_view", command, log)
        if "together" in steps:
            command = [sys.executable, str(BENCH / "together.py"), "--requests", str(min(args.requests, 30)),
                       "--out", str(out_dir / "together.json")]
            if args.together_events:  # participants and follow-ups in the proportion (4 and 2 an event)
                command += ["--events", str(args.together_events), "--participants", str(4 * args.together_events),
                            "--followups", str(2 * args.together_events)]
            if args.no_postgres:
                command += ["--postgres", "none"]
            run_step("together", command, log)
    finally:
        if pg_url:
            _drop_and_stop(pg_url, args.pg_port)
        shutil.rmtree(work, ignore_errors=True)

    (out_dir / "run.json").write_text(json.dumps({
        "command": " ".join(["bench/run.py", *sys.argv[1:]]), "when": started_at,
        "seconds": round(time.perf_counter() - started, 1), "load_average_at_end": round(os.getloadavg()[0], 2),
        "steps": log, "skipped": skipped,
    }, ensure_ascii=False, indent=2) + "\n")
    summary = write_summary(out_dir, args, log, started_at)
    written = sorted(p.name for p in out_dir.glob("*.json"))
    print(f"\nResults: {', '.join(str(out_dir / n) for n in written)}")
    print(f"Summary: {summary}")
    for name, why in skipped.items():
        print(f"Skipped {name}: {why}")
    return 0 if all(step["exit"] == 0 for step in log.values()) else 1


def _drop_and_stop(pg_url: str, port: int) -> None:
    try:
        search_bench.drop_database(pg_url)
    except Exception as exc:  # the server is removed next anyway
        print(f"(could not drop the benchmark database: {exc})", file=sys.stderr)
    search_bench.stop_postgres(port)


def _has_listings(db_url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(db_url) as conn:
            return conn.execute("SELECT count(*) FROM directory_listing").fetchone()[0] > 0
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(main())
