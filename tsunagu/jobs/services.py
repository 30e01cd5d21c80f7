"""Starting long work and reporting its progress.

    job = job_start(user=request.user, kind="booklet", title="冊子（中区）", params={...})
    return redirect(job)                       # the page that shows its progress

The work itself is a function registered for the kind:

    @register("booklet")
    def make_booklet(job: Job, progress: Progress) -> None:
        for i, entry in enumerate(entries):
            progress(i, len(entries), "ページを組んでいます")
        progress.attach("booklet.pdf", pdf_bytes)  # or progress.go_to(url), progress.keep(dict)

job_start enqueues a task of Django's task framework (django-tasks, with the database backend:
settings.TASKS) in the same transaction as the Job row, so work asked for just before a restart
runs after it. A worker process runs it (`manage.py worker`; `make run` starts one beside the
web server, production runs it as its own service, docs/deploy.md). The test suite uses the
immediate backend: the work runs at once inside job_start.

All or nothing: work that writes to the database does so in one transaction and records its
outcome in that same transaction with progress.finish() (the import: tsunagu.directory.importers).
Work that only reads (a booklet, a preview) is marked done by the runner after it returns. So a
failure, or a worker killed mid-way, leaves nothing written — and the page can say so. A job
whose worker process is gone shows as 中断 at once (Job.interrupted) and is started again with
one click (retry), under the next attempt number: a late finish of an earlier attempt is refused
and rolls its work back, so the work is written once.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import task

from tsunagu.jobs.models import Job, Worker, this_worker, worker_alive

log = logging.getLogger(__name__)
_REGISTRY: dict[str, Callable] = {}
# Progress is written to the database at most this often (seconds): a 10,000-row import must
# not spend its time on progress updates.
WRITE_EVERY = 0.5
# A worker writes its heartbeat this often (seconds) and sweeps (dead workers' jobs, abandoned
# uploads) this often.
HEARTBEAT_EVERY = 5
SWEEP_EVERY = 600

PLAIN_FAILURE = "処理の途中で問題が起きたため、中止しました。何も変更されていません。もう一度お試しください。"


def register(kind: str):
    def decorator(fn: Callable) -> Callable:
        _REGISTRY[kind] = fn
        return fn

    return decorator


class JobFailed(Exception):
    """Raised by work to stop with a message meant for the person (in Japanese)."""


class JobSuperseded(Exception):
    """This run of the job is no longer the current one (it was retried): its work must not commit."""


class Progress:
    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0
        self.finished = False

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *, force=False) -> None:
        now = time.monotonic()
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:300]
        if self.finished:
            return
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

    def finish(self) -> None:
        """Record the job as done — call it inside the transaction that writes the work's rows, as
        its last write, so that the rows and the outcome commit together or not at all. Raises
        JobSuperseded (rolling the transaction back) when this run is no longer the job's current
        one."""
        job = self.job
        with transaction.atomic():
            changed = Job.objects.filter(pk=job.pk, attempt=job.attempt, state=Job.State.RUNNING,
                                         worker=job.worker).update(
                state=Job.State.DONE, done=job.total or job.done, total=job.total, message=job.message,
                error="", result_file=job.result_file.name or "", result_name=job.result_name,
                result_url=job.result_url, result=job.result, finished_at=timezone.now(),
                updated_at=timezone.now())
            if changed != 1:
                raise JobSuperseded(f"job {job.pk} attempt {job.attempt} is no longer running here")
        self.finished = True


def _enqueue(job: Job) -> None:
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db.backend import DatabaseBackend

    args = (job.pk, job.attempt, _REGISTRY[job.kind].__module__)
    backend = run_job.get_backend()
    if isinstance(backend, ImmediateBackend | DatabaseBackend):
        # The database queue's row commits with the Job's (and not at all if the request fails).
        run_job.enqueue(*args)
    else:
        transaction.on_commit(lambda: run_job.enqueue(*args))


def job_start(*, user, kind: str, title: str, params: dict | None = None) -> Job:
    if kind not in _REGISTRY:
        raise KeyError(f"no work registered for {kind!r}")
    job = Job.objects.create(owner=user, kind=kind, title=title[:200], params=params or {})
    _enqueue(job)
    job.refresh_from_db()
    return job


def retry(job: Job) -> bool:
    """Start a cut-off job again with the same params (its uploaded file is kept until a job ends
    well). False when the job is not cut off (still running, or done)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job.interrupted:
            return False
        changed = Job.objects.filter(pk=job.pk, attempt=job.attempt, state=job.state).update(
            state=Job.State.QUEUED, attempt=job.attempt + 1, worker="", done=0, total=0, message="", error="",
            result={}, result_url="", result_name="", result_file="", finished_at=None, updated_at=timezone.now())
        if not changed:
            return False
        job.refresh_from_db()
        _enqueue(job)
    return True


@task()
def run_job(job_id: int, attempt: int, module: str = "") -> None:
    """The task the worker runs: the registered work of one attempt of a Job."""
    run(job_id, attempt, module)


def run(pk: int, attempt: int | None = None, module: str = "") -> None:
    me = this_worker()
    claim = Job.objects.filter(pk=pk, state=Job.State.QUEUED)
    if attempt is not None:
        claim = claim.filter(attempt=attempt)
    if not claim.update(state=Job.State.RUNNING, worker=me, updated_at=timezone.now()):
        log.info("job %s attempt %s is not waiting to run; skipped", pk, attempt)
        return
    job = Job.objects.get(pk=pk)
    if job.kind not in _REGISTRY and module:
        importlib.import_module(module)  # the worker has not imported the app's work yet
    progress = Progress(job)
    try:
        _REGISTRY[job.kind](job, progress)
        if not progress.finished:
            progress.finish()
    except JobFailed as exc:
        _failed(job, str(exc))
    except JobSuperseded:
        log.warning("job %s attempt %s was retried elsewhere; its work was rolled back", job.pk, job.attempt)
    except Exception:  # the person gets a plain message; the log gets the traceback
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _failed(job, PLAIN_FAILURE)
    except BaseException:  # the worker told to stop at once (a second Ctrl-C): nothing committed
        _stopped(job)
        raise


def _failed(job: Job, error: str) -> None:
    # Only a run still marked running here: a finish that did commit stays done.
    Job.objects.filter(pk=job.pk, attempt=job.attempt, state=Job.State.RUNNING, worker=job.worker).update(
        state=Job.State.FAILED, error=error, finished_at=timezone.now(), updated_at=timezone.now())


def _stopped(job: Job) -> None:
    try:
        Job.objects.filter(pk=job.pk, attempt=job.attempt, state=Job.State.RUNNING, worker=job.worker).update(
            state=Job.State.INTERRUPTED, finished_at=timezone.now(), updated_at=timezone.now())
    except Exception:  # the process is going away; the page finds it cut off all the same
        log.exception("could not mark job %s as cut off", job.pk)


# --- Workers: heartbeat and sweeping -------------------------------------------------------------

_heartbeat_started = threading.Lock()
_heartbeat_thread: threading.Thread | None = None


def sweep() -> int:
    """Mark the running jobs of dead workers as cut off (中断); forget long-silent workers; remove
    abandoned uploads. Run when a worker starts and every SWEEP_EVERY seconds. Returns the jobs
    marked."""
    marked = 0
    for pk, attempt, worker in Job.objects.filter(state=Job.State.RUNNING).values_list("pk", "attempt", "worker"):
        if not worker_alive(worker):
            marked += Job.objects.filter(pk=pk, attempt=attempt, state=Job.State.RUNNING, worker=worker).update(
                state=Job.State.INTERRUPTED, finished_at=timezone.now(), updated_at=timezone.now())
    _fail_tasks_of_dead_workers()
    Worker.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    from tsunagu.jobs.uploads import remove_abandoned

    remove_abandoned()
    return marked


def _fail_tasks_of_dead_workers() -> None:
    """The task framework's own record of a task whose worker died stays 'running' for ever;
    mark it failed (only workers named by this_worker(): `manage.py worker` passes it as its id)."""
    from django_tasks_db.models import DBTaskResult

    for pk, worker_ids in DBTaskResult.objects.filter(status="RUNNING").values_list("pk", "worker_ids"):
        name = worker_ids[-1] if worker_ids else ""
        if name.count(":") == 2 and name.split(":")[1].isdigit() and not worker_alive(name):
            DBTaskResult.objects.filter(pk=pk, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now(), exception_class_path="tsunagu.jobs.services.WorkerDied",
                traceback=f"The worker process {name} died while running this task.")


def _beat(name: str) -> None:
    last_sweep = time.monotonic()
    while True:
        try:
            close_old_connections()
            Worker.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
            if time.monotonic() - last_sweep >= SWEEP_EVERY:
                last_sweep = time.monotonic()
                sweep()
        except Exception:  # SQLite may be busy with a long import; the next beat will do
            log.debug("heartbeat of %s skipped", name, exc_info=True)
        finally:
            connection.close()
        time.sleep(HEARTBEAT_EVERY)


def start_heartbeat() -> None:
    """Start this process's heartbeat thread (once): another host's page tells it is alive by it."""
    global _heartbeat_thread
    with _heartbeat_started:
        if _heartbeat_thread is not None and _heartbeat_thread.is_alive():
            return
        _heartbeat_thread = threading.Thread(target=_beat, args=(this_worker(),), daemon=True, name="jobs-heartbeat")
        _heartbeat_thread.start()


__all__ = ["Job", "JobFailed", "Progress", "job_start", "register", "retry", "run", "sweep", "worker_alive"]
