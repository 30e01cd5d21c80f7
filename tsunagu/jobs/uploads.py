"""Uploaded files waiting for their work (imports/ in the media storage).

The rule: a stored upload is removed once it is older than settings.TSUNAGU_UPLOAD_KEEP_HOURS
(24 h) and no job that may still need it names it — one waiting, running, or cut off (中断, it
may be retried) within settings.TSUNAGU_UPLOAD_KEEP_INTERRUPTED_DAYS (7 days). A job that
ends well removes its own file at once. Run by every worker when it starts and every ten
minutes (tsunagu.jobs.services.sweep), and by `manage.py remove_abandoned_uploads`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"


def _needed() -> set[str]:
    from tsunagu.jobs.models import Job

    keep_days = getattr(settings, "TSUNAGU_UPLOAD_KEEP_INTERRUPTED_DAYS", 7)
    live = Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING, Job.State.INTERRUPTED],
                              updated_at__gte=timezone.now() - timedelta(days=keep_days))
    return {params.get("path") for params in live.values_list("params", flat=True) if isinstance(params, dict)}


def remove_abandoned(now: datetime | None = None) -> list[str]:
    """Remove the abandoned uploads (and what was read from them); returns their names."""
    now = now or timezone.now()
    older = now - timedelta(hours=getattr(settings, "TSUNAGU_UPLOAD_KEEP_HOURS", 24))
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    needed = _needed()
    removed = []
    for name in files:
        path = f"{FOLDER}/{name}"
        upload = path.split(".grid.json")[0].split(".table.json")[0].split(".peek.json")[0]
        if upload in needed:
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except FileNotFoundError:
            continue
        if modified < older:
            default_storage.delete(path)
            removed.append(path)
    return removed
