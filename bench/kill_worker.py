"""Kill -9 the worker in the middle of an import's commit, restart it, retry with one click.

    .venv/bin/python bench/kill_worker.py                  # 10,000 rows on SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/kill_worker.py --rows 10000

On a fresh database of its own (a SQLite file, or a new database on DATABASE_URL's PostgreSQL
server, dropped afterwards) and a media folder of its own, in child processes as in production:

1. migrate (or start from a copy of a migrated database: the test suite passes its own); a ward, a city administrator, an N-row CSV stored as an upload, and the import's
   commit job queued (the job the preview page's button starts).
2. A worker (`manage.py worker`, its search.rebuild_index made to wait) takes the job; once every
   row is written in the import's transaction and before it commits, the worker is killed (-9).
3. Counted: listings written (must be 0); the job's page at once (中断, the retry button) before
   any worker runs again; a new worker started (it marks the job 中断).
4. The retry button POSTed; the new worker runs the job to the end: listings written, distinct
   names (must both be N), the job's state and attempt, seconds.

Prints a JSON report (tests/jobs/test_kill_worker.py runs it with 1,000 rows and checks it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SETUP = r"""
import json, sys
import django
django.setup()
from tsunagu.directory import importers
from tsunagu.jobs.services import job_start
from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place
rows = int(sys.argv[1])
city = Place.objects.create(kind=Kind.CITY, code="14100", name="横浜市")
naka = Place.objects.create(kind=Kind.WARD, code="14104", name="中区", parent=city)
council = Organisation.objects.create(kind=OrganisationKind.CITY_COUNCIL, name="横浜市社会福祉協議会", place=city)
admin = User.objects.create_user(username="admin", password="kill-worker-pass-1", display_name="admin")
Membership.objects.create(user=admin, organisation=council, role=Role.CITY_ADMIN)
lines = ["活動名,区,住所"] + [f"サロン{i:05d},中区,山下町{i}" for i in range(rows)]
path = importers.store_upload(("\r\n".join(lines) + "\r\n").encode(), "kill.csv")
job = job_start(user=admin, kind=importers.JOB_KIND, title="地域資源の取り込み：kill.csv", params={
    "step": "commit", "path": path, "filename": "kill.csv",
    "mapping": {"活動名": "name", "区": "ward", "住所": "address"}, "categories": [],
    "visibility": "draft", "update_duplicates": False, "skip_errors": False, "expected_errors": []})
print(json.dumps({"job": job.pk}))
"""

# The worker, made to stop between writing the rows and committing them: the moment to kill it.
PAUSED_WORKER = r"""
import sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from tsunagu.directory import search
flag = Path(sys.argv[1])
def rebuild_index(*args, **kwargs):
    flag.write_text("written, not committed")
    time.sleep(3600)
search.rebuild_index = rebuild_index
call_command("worker", "--no-startup-delay", "--interval", "0.2", verbosity=0)
"""

STATE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from tsunagu.directory.models import Listing
from tsunagu.jobs.models import Job
job = Job.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"listings": Listing.objects.count(),
                  "names": Listing.objects.values("name").distinct().count(),
                  "state": job.state, "attempt": job.attempt, "interrupted": job.interrupted,
                  "done": job.done, "total": job.total, "error": job.error}))
"""

PAGE = r"""
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from tsunagu.people.models import User
setup_test_environment()
client = Client()
client.force_login(User.objects.get(username="admin"))
pk = int(sys.argv[1])
wait = reverse("directory:import_wait", args=[pk])
out = {"page": client.get(wait).content.decode(), "retry_url": reverse("jobs:retry", args=[pk])}
if sys.argv[2:] == ["retry"]:
    response = client.post(out["retry_url"], {"next": wait})
    out["retry_status"], out["retry_location"] = response.status_code, response.get("Location", "")
print(json.dumps(out))
"""


def child(code: str, env: dict, *args: str) -> dict:
    result = subprocess.run([PYTHON, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def worker(env: dict, code: str | None = None, *args: str) -> subprocess.Popen:
    command = [PYTHON, "-c", code, *args] if code else [PYTHON, "manage.py", "worker", "--no-startup-delay",
                                                          "--interval", "0.2", "-v", "0"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def fresh_database(workdir: Path, migrated: str | None = None) -> tuple[str, callable, bool]:
    """(its URL, how to drop it, whether it is migrated already). ``migrated``: a migrated SQLite
    file to copy, or on PostgreSQL a migrated database to use as the template."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = workdir / "kill.sqlite3"
        if migrated and Path(migrated).is_file():
            shutil.copyfile(migrated, path)
            return f"sqlite:///{path}", lambda: None, True
        return f"sqlite:///{path}", lambda: None, False
    import psycopg

    server, _slash, _name = url.rpartition("/")
    name = f"tsunagu_kill_{uuid.uuid4().hex[:8]}"
    copied = False
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if migrated:
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"')
                copied = True
            except psycopg.Error:  # gone or in use: migrate a new one instead
                pass
        if not copied:
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{server}/{name}", drop, copied


def job_state(url: str, job: int) -> str:
    """The job's state read straight from the database (polling without starting Django)."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as conn:
            return conn.execute("SELECT state FROM jobs_job WHERE id = ?", (job,)).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT state FROM jobs_job WHERE id = %s", (job,)).fetchone()[0]


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(what)


def run(rows: int, migrated: str | None = None) -> dict:
    report: dict = {"rows": rows}
    with tempfile.TemporaryDirectory(prefix="tsunagu-kill-") as tmp:
        workdir = Path(tmp)
        url, drop, is_migrated = fresh_database(workdir, migrated)
        env = {**os.environ, "DATABASE_URL": url, "TSUNAGU_VAR_DIR": str(workdir / "var"),
               "TSUNAGU_MEDIA_ROOT": str(workdir / "media"), "DJANGO_SETTINGS_MODULE": "tsunagu.settings",
               "PYTHONPATH": str(ROOT)}
        env.pop("TSUNAGU_TASKS_BACKEND", None)
        report["database"] = url.split(":", 1)[0]
        procs: list[subprocess.Popen] = []
        try:
            started = time.monotonic()
            if not is_migrated:
                subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True,
                               timeout=600)
            job = child(SETUP, env, str(rows))["job"]
            report["setup_seconds"] = round(time.monotonic() - started, 1)
            report["queued"] = job_state(url, job)

            flag = workdir / "written"
            started = time.monotonic()
            first = worker(env, PAUSED_WORKER, str(flag))
            procs.append(first)
            wait_for(lambda: flag.exists() or first.poll() is not None, 600, "the worker never wrote the rows")
            if first.poll() is not None:
                raise RuntimeError(first.stderr.read().decode()[-3000:])
            report["seconds_to_written"] = round(time.monotonic() - started, 1)
            report["before_kill"] = child(STATE, env, str(job))
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
            report["after_kill"] = child(STATE, env, str(job))
            page = child(PAGE, env, str(job))
            report["page_at_once"] = {"cut_off": "中断" in page["page"],
                                      "retry_button": page["retry_url"] in page["page"] and "もう一度実行する" in page["page"],
                                      "polling": "hx-trigger" in page["page"]}

            second = worker(env)
            procs.append(second)
            wait_for(lambda: job_state(url, job) == "interrupted", 60, "the restarted worker did not mark the job")
            report["after_restart"] = child(STATE, env, str(job))
            started = time.monotonic()
            clicked = child(PAGE, env, str(job), "retry")
            report["retry"] = {"status": clicked["retry_status"], "location": clicked["retry_location"]}
            wait_for(lambda: job_state(url, job) in ("done", "failed"), 600, "the retried job did not end")
            report["retry_seconds"] = round(time.monotonic() - started, 1)
            report["after_retry"] = child(STATE, env, str(job))
            second.send_signal(signal.SIGTERM)
            code = second.wait(30)
            report["worker_stopped"] = code == 0
            if code:
                report["worker_stderr"] = f"exit {code}: " + second.stderr.read().decode()[-3000:]
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            drop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    print(json.dumps(run(args.rows), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
