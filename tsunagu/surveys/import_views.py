"""Import pages: answers from .xlsx / CSV into a survey, and a new survey from an XLSForm.
upload (the file kept, bounded) → its reading as a "survey-import" job → preview → commit as a job
(all or nothing). Imports write, so they follow surveys.write; the job pages belong to their owner."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.jobs.models import Job
from tsunagu.jobs.services import job_start
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.uploads import refuse_too_large
from tsunagu.people import policy
from tsunagu.places.models import Place
from tsunagu.surveys import access, imports
from tsunagu.surveys.forms import PlaceChoiceField, places_for_surveys
from tsunagu.surveys.models import Survey


class AnswersUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("ファイル（.xlsx または .csv）"),
                           help_text=gettext_lazy("1行目に質問の文か項目名、2行目から1行に1人分。「地域」「名前」「番号」の列も読めます。"))


class XlsformUploadForm(forms.Form):
    place = PlaceChoiceField(label=gettext_lazy("地域"), queryset=Place.objects.none())
    file = forms.FileField(label=gettext_lazy("XLSForm のファイル（.xlsx）"),
                           help_text=gettext_lazy("ODK・KoboToolbox の survey / choices / settings シートのある .xlsx"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for_surveys(user)


def _start(request, form, *, what: str, params: dict, title: str):
    upload = form.cleaned_data["file"]
    allowed = (".xlsx",) if what == "xlsform" else (".xlsx", ".csv", ".txt")
    if not upload.name.lower().endswith(allowed):
        form.add_error("file", _("読み込めるのは %(ext)s のファイルだけです。") % {"ext": "、".join(allowed)})
        return None
    path = imports.store_upload(upload, upload.name)
    job = job_start(user=request.user, kind=imports.JOB_KIND, title=title % {"name": upload.name},
                    params={**params, "what": what, "step": "preview", "path": path, "filename": upload.name})
    return redirect(job)


@login_required
def answers_upload(request, pk: int):
    survey = one_or_404(Survey.objects.changeable_by(request.user), pk)
    form = AnswersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not refuse_too_large(request, form) and form.is_valid():
        started = _start(request, form, what="answers", params={"survey": survey.pk},
                         title=_("アンケートの回答の取り込み（確認）：%(name)s"))
        if started:
            return started
    return render(request, "surveys/import_upload.html", {"form": form, "survey": survey})


@login_required
def xlsform_upload(request):
    if not policy.can_anywhere(request.user, access.WRITE):
        raise Http404
    form = XlsformUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and not refuse_too_large(request, form) and form.is_valid():
        started = _start(request, form, what="xlsform", params={"place": form.cleaned_data["place"].pk},
                         title=_("XLSForm の取り込み（確認）：%(name)s"))
        if started:
            return started
    return render(request, "surveys/import_upload.html", {"form": form, "survey": None})


def _preview_job(request, pk: int) -> Job:
    job = one_or_404(Job.objects.of(request.user).filter(kind=imports.JOB_KIND), pk)
    if job.params.get("step") != "preview":
        raise Http404
    # The survey (or place) may have left the person's reach since the upload.
    if job.params["what"] == "answers":
        one_or_404(Survey.objects.changeable_by(request.user), job.params["survey"])
    elif not places_for_surveys(request.user).filter(pk=job.params["place"]).exists():
        raise Http404
    return job


@login_required
def import_preview(request, pk: int):
    job = _preview_job(request, pk)
    if job.state != Job.State.DONE:
        return redirect(job)
    survey = Survey.objects.filter(pk=job.params.get("survey")).first()
    return render(request, "surveys/import_preview.html", {"job": job, "preview": job.result, "survey": survey})


@login_required
@require_POST
def import_commit(request, pk: int):
    job = _preview_job(request, pk)
    if job.state != Job.State.DONE or job.result.get("error_count"):
        raise Http404
    commit = job_start(user=request.user, kind=imports.JOB_KIND,
                       title=_("アンケートの取り込み：%(name)s") % {"name": job.params["filename"]},
                       params={**job.params, "step": "commit", "preview_job": job.pk})
    return redirect(commit)
