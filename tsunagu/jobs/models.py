"""Long work (a 10,000-row import, a 1,000-entry booklet) runs in a worker process (`manage.py
worker`, Django's task framework with the database backend). A Job row is what the person's page
polls: how far it got, then the result or the error; a Worker row says which worker processes
are alive, so that work whose worker died shows as cut off (中断) at once."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A worker on another host is taken for dead once its heartbeat (Worker.seen_at, written every
# few seconds by a thread of the worker) is this old. A worker on this host is checked directly:
# its process either exists (with the same start time) or not.
WORKER_SILENT = timedelta(seconds=int(getattr(settings, "TSUNAGU_WORKER_SILENT_SECONDS", 30)))


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), telling a process apart from a
    later one given the same pid; None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()
    if fields and fields[0] in ("Z", "X"):  # a zombie is dead for us
        return None
    return fields[19] if len(fields) > 19 else ""


def _host() -> str:
    return socket.gethostname()[:40]


def this_worker() -> str:
    """This process's name as a worker: host, pid and start time (pids are reused); at most 60
    characters, so that it also serves as the task framework's worker id."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_ticks(pid) or ''}"


def process_alive(name: str) -> bool | None:
    """Whether the worker process called ``name`` is alive — True/False when it ran on this host,
    None when it ran elsewhere (then only its heartbeat can tell)."""
    host, _sep, rest = name.partition(":")
    pid, _sep, ticks = rest.partition(":")
    if host != _host() or not pid.isdigit():
        return None
    if os.path.isdir("/proc/self"):
        found = _start_ticks(int(pid))
        return found is not None and (not ticks or not found or found == ticks)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Worker(models.Model):
    """A worker process; its heartbeat thread writes seen_at every few seconds."""

    name = models.CharField(max_length=100, primary_key=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


def worker_alive(name: str) -> bool:
    if not name:
        return False
    alive = process_alive(name)
    if alive is not None:
        return alive
    return Worker.objects.filter(name=name, seen_at__gte=timezone.now() - WORKER_SILENT).exists()


class JobQuerySet(models.QuerySet):
    def of(self, user) -> JobQuerySet:
        """A person sees the jobs they started; nobody else's (a booklet may carry staff-only data)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("処理中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")
        INTERRUPTED = "interrupted", _("中断")

    kind = models.CharField(max_length=40)
    title = models.CharField(_("処理"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    # What the work produced: a file to download and/or a page to go on to.
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Which run this is (a retry starts the next) and the worker process running it.
    attempt = models.PositiveIntegerField(default=1)
    worker = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("処理")
        verbose_name_plural = _("処理")
        indexes = [models.Index(fields=["state"], name="jobs_job_state_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("jobs:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def interrupted(self) -> bool:
        """Cut off: marked so, or running in a worker process that is gone. Its work's
        transaction never committed, so nothing of it was written."""
        if self.state == self.State.INTERRUPTED:
            return True
        if self.state != self.State.RUNNING:
            return False
        if "_alive" not in self.__dict__:
            self.__dict__["_alive"] = worker_alive(self.worker)
        return not self.__dict__["_alive"]

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED) or self.interrupted
