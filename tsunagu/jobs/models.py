"""Long work (a 10,000-row import, a 1,000-entry booklet) runs beside the request that asked for
it. A Job row is what the person's page polls: how far it got, then the result or the error."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A running job writes its progress at least this often; one silent for longer was cut off
# (the server restarted) and is shown as interrupted, so the person knows to start it again.
HEARTBEAT = timedelta(minutes=5)


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

    kind = models.CharField(max_length=40)
    title = models.CharField(_("処理"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    # What the work produced: a file to download and/or a page to go on to.
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("処理")
        verbose_name_plural = _("処理")

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
        return self.state in (self.State.QUEUED, self.State.RUNNING) and self.updated_at < timezone.now() - HEARTBEAT

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED) or self.interrupted
