"""`make run` is one command: `manage.py serve` starts the web server and a worker, Ctrl-C stops
both, and neither outlives it — not even when it is killed with -9."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if fields[0] not in ("Z", "X"):
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):  # gone before the open, or between open and read
        return False


def wait(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    return predicate()


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/about/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def env(tmp_path_factory, migrated_database):
    tmp = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'serve.sqlite3'}", "TSUNAGU_VAR_DIR": str(tmp),
           "TSUNAGU_MEDIA_ROOT": str(tmp / "media"), "DJANGO_SETTINGS_MODULE": "tsunagu.settings"}
    if migrated_database and migrated_database.endswith("-sqlite"):
        # A copy of the SQLite run's migrated test database (tests/conftest.py): what migrate makes.
        shutil.copyfile(migrated_database, tmp / "serve.sqlite3")
    else:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True,
                       timeout=300)
    return env


@pytest.mark.parametrize("how", ["ctrl-c", "kill -9"])
def test_serve_runs_the_web_server_and_a_worker_and_takes_them_down_with_it(env, how):
    port = free_port()
    serve = subprocess.Popen([sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--grace", "5"],
                             env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes: set[int] = set()
    try:
        assert wait(lambda: answers(port), 60), "the web server did not answer"
        processes = descendants(serve.pid)
        commands = {pid: open(f"/proc/{pid}/cmdline").read().replace("\0", " ") for pid in processes}
        assert any(" worker" in c for c in commands.values()) and any(" runserver" in c for c in commands.values())
        # runserver reloads: its server is a grandchild, which must go too
        assert len(processes) >= 3, commands
        serve.send_signal(signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
        serve.wait(30)
        assert wait(lambda: not any(alive(p) for p in processes), 30), \
            [commands[p] for p in processes if alive(p)]
        assert not answers(port)
    finally:
        if serve.poll() is None:
            serve.kill()
        for pid in processes | descendants(serve.pid):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
