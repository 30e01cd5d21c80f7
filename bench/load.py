"""The public search page under load: gunicorn (2 workers, production settings) driven by locust.

    .venv/bin/python bench/load.py --listings 100000                         # SQLite, generated here
    .venv/bin/python bench/load.py --listings 100000 --postgres auto         # and PostgreSQL
    .venv/bin/python bench/load.py --sqlite-file F --postgres-db URL         # databases bench/search.py kept

For each database: collect the static files into a temporary STATIC_ROOT (TSUNAGU_DEBUG=0 serves
them through whitenoise's manifest), start ``gunicorn tsunagu.wsgi -w 2`` on a free loopback
port with production settings, wait until /about/ answers, run ``locust -f bench/locustfile.py
--headless`` against it for --run-time, then stop gunicorn's whole process group whatever
happened. Locust's CSV statistics become bench/results/load.json: requests/s, failures and
p50/p95/p99 per kind of request (search 3+ / 2 characters / filters only, the map's points, and
/about/ as the trivial baseline in the same run). Only 127.0.0.1 is ever contacted; every run is
bounded by --run-time plus fixed time-outs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as search_bench  # noqa: E402  (bench/search.py: data generation, the PostgreSQL helpers)

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(db_url: str, static_root: str) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tsunagu.settings", DATABASE_URL=db_url,
               TSUNAGU_DEBUG="0", TSUNAGU_SECRET_KEY=secrets.token_urlsafe(40), TSUNAGU_ALLOWED_HOSTS=HOST,
               TSUNAGU_SSL_REDIRECT="0", TSUNAGU_STATIC_ROOT=static_root, TSUNAGU_LOG_LEVEL="WARNING",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("TSUNAGU_TASKS_BACKEND", None)
    return env


def collectstatic(env: dict[str, str], work: Path) -> str | None:
    """Collect the static files with production settings; None when that worked.

    When it fails because a vendored file names a source map that is not shipped (see
    bench/settings_sourcemaps.py), collect from a copy without those comments instead, switch
    ``env`` to that settings module and return the original error, which load.json reports.
    """
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    first = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if first.returncode == 0:
        return None
    lines = first.stderr.strip().splitlines() or ["(no message)"]
    error = next((line for line in lines if "could not be found" in line), lines[-1])
    if ".map' could not be found" not in error:
        raise RuntimeError(f"collectstatic failed:\n{first.stderr[-3000:]}")
    source = work / "static-src"
    shutil.copytree(ROOT / "static", source)
    for path in [*source.rglob("*.js"), *source.rglob("*.css")]:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        kept = [line for line in text.splitlines(keepends=True)
                if not (_SOURCE_MAP.match(line) and not (path.parent / _SOURCE_MAP.match(line)["map"]).exists())]
        if len(kept) != len(text.splitlines(keepends=True)):
            path.write_text("".join(kept), encoding="utf-8", errors="surrogateescape")
    env.update(DJANGO_SETTINGS_MODULE="settings_sourcemaps", TSUNAGU_BENCH_STATIC_SRC=str(source),
               PYTHONPATH=str(Path(__file__).resolve().parent) + os.pathsep + env["PYTHONPATH"])
    subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=300)
    print(f"  collectstatic failed with production settings ({error}); collected without the dangling "
          "source-map comments (bench/settings_sourcemaps.py)", file=sys.stderr)
    return error


_SOURCE_MAP = re.compile(r"^\s*(?://|/\*)# sourceMappingURL=(?P<map>[^\s*]+)")


def wait_ready(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {proc.returncode}):\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/about/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {READY_TIMEOUT_S} s:\n{_tail(log)}")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's process group (master and workers), SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _number(value: str) -> float | None:
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return None  # locust writes "N/A" for a percentile of a name with no request


def read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "requests_per_s": _number(row["Requests/s"]), "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]), "p99_ms": _number(row["99%"]),
                "mean_ms": _number(row["Average Response Time"]), "max_ms": _number(row["Max Response Time"]),
            }
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with open(failures_csv, newline="", encoding="utf-8") as handle:
            failures = [{"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
                        for r in csv.DictReader(handle)]
    return {"requests": rows, "failures": failures}


def run_load(db_url: str, args, label: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"tsunagu-load-{label}-"))
    static_root = work / "static"
    env = server_env(db_url, str(static_root))
    proc = None
    try:
        started = time.perf_counter()
        collectstatic_error = collectstatic(env, work)
        collect_s = time.perf_counter() - started
        port = free_port()
        log = work / "gunicorn.log"
        with open(log, "wb") as log_handle:
            proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "tsunagu.wsgi", "-w", str(args.workers), "-b", f"{HOST}:{port}",
                 "--timeout", "60", "--log-level", "warning"],
                env=env, cwd=ROOT, stdout=log_handle, stderr=subprocess.STDOUT, start_new_session=True)
        wait_ready(proc, port, log)
        print(f"  {label}: gunicorn -w {args.workers} on {HOST}:{port}; locust -u {args.users} -r "
              f"{args.spawn_rate} for {args.run_time}", file=sys.stderr)
        prefix = work / "locust"
        load_before = os.getloadavg()
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(args.users),
             "-r", str(args.spawn_rate), "--run-time", args.run_time, "--host", f"http://{HOST}:{port}",
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
            env=dict(os.environ, BENCH_WAIT=args.wait), cwd=ROOT, capture_output=True, text=True,
            timeout=_seconds(args.run_time) + 120)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no statistics (exit {locust.returncode}):\n{locust.stderr[-3000:]}")
        stats = read_stats(prefix)
        total = stats["requests"].get("Aggregated", {})
        result = {
            "database": label, "gunicorn_workers": args.workers, "users": args.users, "spawn_rate": args.spawn_rate,
            "run_time": args.run_time, "wait_s": args.wait, "locust_exit": locust.returncode,
            "collectstatic_s": round(collect_s, 1), "collectstatic_error": collectstatic_error,
            "settings": env["DJANGO_SETTINGS_MODULE"], "load_average_before": list(load_before),
            "load_average_after": list(os.getloadavg()), **stats,
            "requests_per_s": total.get("requests_per_s"), "failures_total": total.get("failures"),
        }
        if total.get("failures"):
            result["gunicorn_log_tail"] = _tail(log)
        return result
    finally:
        if proc is not None:
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)


def _seconds(run_time: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(run_time[:-1]) * units[run_time[-1]] if run_time[-1] in units else int(run_time)


def table(results: dict) -> str:
    header = f"{'database':12}{'request':28}{'requests':>10}{'failures':>10}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
    lines = [header, "-" * len(header)]
    for label, result in results.items():
        for name, row in result["requests"].items():
            lines.append(f"{label:12}{name:28}{row['requests']:>10}{row['failures']:>10}"
                         f"{row['requests_per_s'] or 0:>8.1f}{row['p50_ms'] or 0:>7.0f}{row['p95_ms'] or 0:>7.0f}"
                         f"{row['p99_ms'] or 0:>7.0f}")
    return "\n".join(lines)


def _stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so that the finally blocks stop gunicorn


def main() -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000, help="how many to generate when no database is given")
    parser.add_argument("--sqlite-file", type=Path, help="a database bench/search.py --keep-sqlite made")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--postgres", metavar="URL|auto",
                        help="also on PostgreSQL: a server URL (a scratch database is made and dropped), or 'auto' "
                             "to start scripts/pg-test-server on --pg-port")
    parser.add_argument("--postgres-db", metavar="URL", help="a PostgreSQL database bench/search.py --keep-postgres made")
    parser.add_argument("--pg-port", type=int, default=search_bench.PG_PORT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", default="30s")
    parser.add_argument("--wait", default="0.5,1.5", help="each user's pause between requests, 'min,max' seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = parser.parse_args()

    results = {}
    if not args.no_sqlite:
        tmp = None
        try:
            if args.sqlite_file:
                db_file = args.sqlite_file.resolve()
            else:
                tmp = tempfile.mkdtemp(prefix="tsunagu-load-db-")
                db_file = Path(tmp) / "bench.sqlite3"
                print(f"SQLite: generating {args.listings} listings in {db_file}", file=sys.stderr)
                search_bench.prepare_database(f"sqlite:///{db_file}", args.listings)
            results["sqlite"] = run_load(f"sqlite:///{db_file}", args, "sqlite")
        finally:
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
    if args.postgres_db:
        results["postgresql"] = run_load(args.postgres_db, args, "postgresql")
    elif args.postgres:
        started_server = args.postgres == "auto"
        url = ""
        try:
            url = search_bench.start_postgres(args.pg_port) if started_server else args.postgres
            if not url:
                sys.exit("PostgreSQL is not installed here (apt-get install postgresql postgresql-contrib)")
            db_url = search_bench.create_database(url)
            try:
                print(f"PostgreSQL: generating {args.listings} listings", file=sys.stderr)
                search_bench.prepare_database(db_url, args.listings)
                results["postgresql"] = run_load(db_url, args, "postgresql")
            finally:
                search_bench.drop_database(url)
        finally:
            if started_server:
                search_bench.stop_postgres(args.pg_port)

    report = {"command": " ".join([".venv/bin/python", "bench/load.py", *sys.argv[1:]]),
              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
