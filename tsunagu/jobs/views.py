"""The page that shows how far a long job got, and hands over what it made."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

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
