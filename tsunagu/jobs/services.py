"""Starting long work and reporting its progress.

    job = job_start(user=request.user, kind="booklet", title="冊子（中区）", params={...})
    return redirect(job)                       # the page that shows its progress

The work itself is a function registered for the kind:

    @register("booklet")
    def make_booklet(job: Job, progress: Progress) -> None:
        for i, entry in enumerate(entries):
            progress(i, len(entries), "ページを組んでいます")
        progress.attach("booklet.pdf", pdf_bytes)  # or progress.go_to(url), progress.keep(dict)

It runs in a thread of the web process once the request's transaction has committed, so one
command (`make run`, or gunicorn in production) is the whole system: no broker, no worker to
forget. The price: a restart cuts running jobs off; they then show as interrupted
(Job.interrupted) and the person starts them again. Work must therefore be all-or-nothing
(an import commits in one transaction at its end), so that a cut-off job leaves nothing behind.

With settings.TSUNAGU_JOBS_INLINE (the test suite) the work runs at once inside job_start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from tsunagu.jobs.models import Job

log = logging.getLogger(__name__)
_REGISTRY: dict[str, Callable] = {}
# Progress is written to the database at most this often (seconds): a 10,000-row import must
# not spend its time on progress updates.
WRITE_EVERY = 0.5


def register(kind: str):
    def decorator(fn: Callable) -> Callable:
        _REGISTRY[kind] = fn
        return fn

    return decorator


class JobFailed(Exception):
    """Raised by work to stop with a message meant for the person (in Japanese)."""


class Progress:
    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *, force=False) -> None:
        import time

        now = time.monotonic()
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:300]
        if force or now - self._last >= WRITE_EVERY:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total,
                                                      message=self.job.message, updated_at=timezone.now())

    def attach(self, name: str, content: bytes) -> None:
        self.job.result_name = name
        self.job.result_file.save(name, ContentFile(content), save=False)

    def go_to(self, url: str) -> None:
        self.job.result_url = url

    def keep(self, data: dict) -> None:
        self.job.result = data


def job_start(*, user, kind: str, title: str, params: dict | None = None) -> Job:
    if kind not in _REGISTRY:
        raise KeyError(f"no work registered for {kind!r}")
    job = Job.objects.create(owner=user, kind=kind, title=title[:200], params=params or {})
    if getattr(settings, "TSUNAGU_JOBS_INLINE", False):
        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True,
                                                        name=f"job-{job.pk}").start())
    return job


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connections.close_all()


def run(pk: int) -> None:
    job = Job.objects.get(pk=pk)
    Job.objects.filter(pk=pk).update(state=Job.State.RUNNING, updated_at=timezone.now())
    job.state = Job.State.RUNNING
    progress = Progress(job)
    try:
        _REGISTRY[job.kind](job, progress)
    except JobFailed as exc:
        job.state, job.error = Job.State.FAILED, str(exc)
    except Exception:  # the person gets a plain message; the log gets the traceback
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.state = Job.State.FAILED
        job.error = "処理の途中で問題が起きたため、中止しました。何も変更されていません。もう一度お試しください。"
    else:
        job.state = Job.State.DONE
    job.finished_at = timezone.now()
    job.save()
