"""The booklet's layout processes never outlive the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tsunagu.lib.pdf import Workers

PARENT = r"""
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
django.setup()
from tsunagu.lib.pdf import Workers
workers = Workers(2)
workers.__enter__()
deadline = time.time() + 60
while len(workers.pids()) < 2 and time.time() < deadline:
    time.sleep(0.1)
print(" ".join(map(str, workers.pids())), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):  # gone before the open, or between open and read
        return False


def wait_gone(pids, seconds=20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_layout_processes_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(p) for p in pids)
        time.sleep(1)  # past their start-up (the prctl is made there)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        assert wait_gone(pids) == []
    finally:
        if parent.poll() is None:
            parent.kill()


def test_the_layout_processes_are_killed_when_the_work_fails():
    with pytest.raises(RuntimeError), Workers(2) as workers:
        deadline = time.monotonic() + 60
        while len(workers.pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        pids = workers.pids()
        for _ in pids:  # both busy with a long part when the work fails
            workers._executor.submit(time.sleep, 60)
        time.sleep(0.5)
        raise RuntimeError("the booklet failed")
    assert len(pids) == 2 and wait_gone(pids, 10) == []
