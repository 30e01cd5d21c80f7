"""The page that shows how far a long job got, and hands over what it made."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.jobs import services
from tsunagu.jobs.models import Job


def _job(request, pk: int) -> Job:
    return get_object_or_404(Job.objects.of(request.user), pk=pk)


@login_required
def job_detail(request, pk: int):
    job = _job(request, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk: int):
    job = _job(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)


@login_required
@require_POST
def job_retry(request, pk: int):
    """One click starts a cut-off job again with the same params; back to the page it came from."""
    job = _job(request, pk)
    if not services.retry(job):
        messages.info(request, _("この処理はやり直せません（まだ動いているか、すでに終わっています）。"))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = job.get_absolute_url()
    return redirect(back)
