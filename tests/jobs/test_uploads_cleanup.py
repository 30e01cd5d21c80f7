"""Abandoned uploads do not pile up in media/imports: older than a day and needed by no job that
may still run (waiting, running, or cut off and retryable) — removed; the rest kept."""

from __future__ import annotations

import os
import time

from django.core.files.storage import default_storage
from django.core.management import call_command

from tsunagu.directory import importers
from tsunagu.jobs.models import Job


def upload(hours_old: float) -> str:
    path = importers.store_upload(b"a,b\r\n1,2\r\n", "x.csv")
    table = default_storage.save(f"{path}.grid.json", importers.ContentFile(b"{}"))
    when = time.time() - hours_old * 3600
    for name in (path, table):
        os.utime(default_storage.path(name), (when, when))
    return path


def test_old_uploads_no_job_needs_are_removed_and_the_others_kept(world):
    abandoned = upload(25)
    finished = upload(25)
    cut_off = upload(25)
    waiting = upload(25)
    fresh = upload(1)
    for path, state in [(finished, Job.State.DONE), (cut_off, Job.State.INTERRUPTED), (waiting, Job.State.QUEUED)]:
        Job.objects.create(owner=world.naka_1so, kind=importers.JOB_KIND, title="x", state=state,
                           params={"step": "commit", "path": path})
    call_command("remove_abandoned_uploads", verbosity=0)
    gone = {p for p in (abandoned, finished, cut_off, waiting, fresh) if not default_storage.exists(p)}
    assert gone == {abandoned, finished}
    assert not default_storage.exists(f"{abandoned}.grid.json") and default_storage.exists(f"{cut_off}.grid.json")
