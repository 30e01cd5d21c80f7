"""The issue's proof: kill -9 the worker in the middle of an import's commit — nothing is
written; the job shows as cut off (中断) at once with a retry button; after a restart one click
runs it to the end, every row written exactly once. bench/kill_worker.py does it with real
worker processes on a database of its own (10,000 rows there; 1,000 here to keep the suite quick)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kill_worker():
    spec = importlib.util.spec_from_file_location("kill_worker", ROOT / "bench" / "kill_worker.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_worker_killed_mid_commit_writes_nothing_and_one_click_finishes_the_import(kill_worker, migrated_database):
    rows = 1000
    # On a copy of the run's freshly migrated test database (tests/conftest.py) rather than
    # migrating one more: the same tables, the same empty rows.
    report = kill_worker.run(rows, migrated=migrated_database)
    assert report["queued"] == "queued"
    # Every row was written inside the transaction when the worker was killed …
    assert report["before_kill"]["state"] == "running" and report["before_kill"]["total"] == rows
    # … and none of them committed.
    assert report["after_kill"]["listings"] == 0
    assert report["after_kill"]["state"] == "running" and report["after_kill"]["interrupted"]
    assert report["page_at_once"] == {"cut_off": True, "retry_button": True, "polling": False}
    assert report["after_restart"]["state"] == "interrupted" and report["after_restart"]["listings"] == 0
    assert report["retry"]["status"] == 302 and report["retry"]["location"].endswith("/wait/")
    after = report["after_retry"]
    assert after["state"] == "done" and after["attempt"] == 2 and after["error"] == ""
    assert after["listings"] == rows and after["names"] == rows
    assert report["worker_stopped"], report.get("worker_stderr")
