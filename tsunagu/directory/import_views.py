"""Import and export pages: upload → column mapping → preview → done, and the export download.

The uploaded file is kept in storage between the steps (importers.store_upload, streamed, within
settings.TSUNAGU_UPLOAD_MAX_MB); its first reading (headers, samples, within the import limits),
the preview and the commit run as "listing-import" jobs, whose params carry the file, the mapping and the
choices, so each page after the mapping is addressed by its job and belongs to its owner.
Anyone who may edit listings somewhere may import; rows are then written only where they may.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory import access, exporters, importers
from tsunagu.directory.forms import StaffFilterForm
from tsunagu.directory.models import Category, Listing, Visibility
from tsunagu.jobs.models import Job
from tsunagu.jobs.services import job_start
from tsunagu.lib import spreadsheets
from tsunagu.lib.uploads import refuse_too_large
from tsunagu.people import policy

SESSION_KEY = "directory_import"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("ファイル（.xlsx または .csv）"),
                           help_text=gettext_lazy("1行目が見出し、2行目から1行に1件。CSVは UTF-8 と Shift_JIS のどちらでも読めます。"))


class LayoutForm(forms.Form):
    """Which rows are the header and where the data ends, when the guess (importers.detect_layout)
    is wrong: the page shows the rows beside it."""

    header_row = forms.TypedChoiceField(label=gettext_lazy("見出しの行"), coerce=int)
    header_rows = forms.TypedChoiceField(label=gettext_lazy("見出しの行数"), coerce=int,
                                         choices=[(1, gettext_lazy("1行")), (2, gettext_lazy("2行（上の行にまとめの見出し）")),
                                                  (3, gettext_lazy("3行"))])
    last_row = forms.IntegerField(label=gettext_lazy("データの最後の行"), min_value=1, required=False,
                                  help_text=gettext_lazy("表の下の注記（「※ 2024年4月現在」など）は読みません。空欄なら最後の行まで。"))

    def __init__(self, *args, view: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view
        choices = []
        for number, cells in enumerate(view["head"][:importers.HEAD_ROWS], start=1):
            words = "　".join(c for c in dict.fromkeys(cells) if c)
            if words:
                choices.append((number, _("%(n)s行目：%(words)s") % {"n": number, "words": words[:30]}))
        self.fields["header_row"].choices = choices

    def layout(self) -> importers.Layout:
        data = self.cleaned_data
        return importers.Layout(header_row=data["header_row"], header_rows=data["header_rows"],
                                last_row=data.get("last_row"))

    def clean(self):
        data = super().clean()
        if not self.errors:
            for error in importers.check_layout(self.layout(), self.view):
                self.add_error(None, error)
        return data


class MappingForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("すべての行に付ける分類"), queryset=Category.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("ファイルに分類の列がなくても、ここで選んだ分類を付けます（例：子ども食堂の一覧なら「子ども食堂」）。"),
    )

    def __init__(self, *args, headers: list[str], samples: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = [h for h in headers if h]
        choices = [("", _("取り込まない"))] + [(t.key, t.label) for t in importers.TARGETS]
        self.columns = []
        for index, header in enumerate(self.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(label=importers.header_label(header), choices=choices, required=False)
            self.columns.append((self[name], header, samples.get(header, [])))
        self.fields["categories"].queryset = Category.objects.exclude(parent=None).order_by("parent__sort_order",
                                                                                            "sort_order")

    def clean(self):
        data = super().clean()
        repeated = sorted({h for h in self.headers if self.headers.count(h) > 1})
        if repeated:
            self.add_error(None, _("見出し「%(names)s」が2つ以上の列にあります。見出しの行を選び直すか、列の名前を1つずつ"
                                   "違うものにしてください。") % {"names": "」「".join(repeated)})
        mapping = self.mapping()
        for error in importers.check_mapping(mapping):
            self.add_error(None, error)
        return data

    def mapping(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {h: data.get(f"column_{i}", "") or "" for i, h in enumerate(self.headers)}


class CommitForm(forms.Form):
    visibility = forms.ChoiceField(
        label=gettext_lazy("取り込んだ資源の公開範囲"), widget=forms.RadioSelect, initial=Visibility.DRAFT,
        choices=[(Visibility.DRAFT, gettext_lazy("下書き（あとで確かめてから公開する）")),
                 (Visibility.STAFF, gettext_lazy("職員のみ")), (Visibility.PUBLIC, gettext_lazy("公開"))],
    )
    update_duplicates = forms.BooleanField(
        label=gettext_lazy("すでに登録されている資源は、ファイルの内容で更新する（選ばなければ飛ばします）"), required=False)
    skip_errors = forms.BooleanField(
        label=gettext_lazy("問題のある行を除いて、残りを取り込む"), required=False)

    def __init__(self, *args, errors: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors_in_file = errors
        if not errors:
            del self.fields["skip_errors"]

    def clean(self):
        data = super().clean()
        if self.errors_in_file and not data.get("skip_errors"):
            self.add_error("skip_errors", _("問題のある行があります。ファイルを直すか、除いて取り込むことを選んでください。"))
        return data


def _require_importer(user) -> None:
    if not policy.can_anywhere(user, access.EDIT):
        raise Http404


def _job(request, pk: int, step: str) -> Job:
    _require_importer(request.user)
    job = Job.objects.of(request.user).filter(pk=pk, kind=importers.JOB_KIND).first()
    if job is None or job.params.get("step") != step:
        raise Http404
    return job


def _pending(request) -> dict | None:
    return request.session.get(SESSION_KEY)


@login_required
def import_upload(request):
    """Keeps the file (streamed to storage, never read whole here) and starts its first reading
    as a job; its page goes on to the mapping when the headers are in."""
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not refuse_too_large(request, form) and form.is_valid():
        upload = form.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
            form.add_error("file", _("読み込めるのは .xlsx と .csv のファイルだけです。"))
        else:
            previous = _pending(request)
            if previous and not importers.upload_in_use(previous.get("path")):
                importers.forget_upload(previous.get("path"))
            path = importers.store_upload(upload, upload.name)
            job = job_start(user=request.user, kind=importers.JOB_KIND,
                            title=_("地域資源の取り込み（ファイルを読む）：%(name)s") % {"name": upload.name},
                            params={"step": "peek", "path": path, "filename": upload.name})
            request.session[SESSION_KEY] = {"path": path, "filename": upload.name, "peek_job": job.pk}
            return redirect("directory:import_wait", pk=job.pk)
    return render(request, "directory/import_upload.html", {"form": form})


def _peeked(request) -> tuple[dict | None, Job | None]:
    """The pending upload with what its first reading found (headers, rows, samples)."""
    pending = _pending(request)
    if not pending or "peek_job" not in pending:
        return None, None
    job = Job.objects.of(request.user).filter(pk=pending["peek_job"], kind=importers.JOB_KIND).first()
    if job is None:
        return None, None
    if job.state != Job.State.DONE:
        return None, job
    return {**pending, **job.result}, job


@login_required
def import_mapping(request):
    _require_importer(request.user)
    pending, peek_job = _peeked(request)
    if not pending:
        if peek_job is not None and not peek_job.finished:
            return redirect("directory:import_wait", pk=peek_job.pk)
        messages.error(request, _("取り込むファイルがありません。もう一度ファイルを選んでください。"))
        return redirect("directory:import")
    sheet = pending["sheet"]
    detected = importers.Layout.from_dict(sheet["layout"])
    layout = importers.Layout.from_dict(pending["layout"]) if pending.get("layout") else detected
    relayout = request.method == "POST" and "header_row" in request.POST
    layout_form = LayoutForm(request.POST if relayout else None, view=sheet,
                             initial={**layout.as_dict(), "last_row": layout.last_row or sheet["size"]})
    if relayout and layout_form.is_valid():
        chosen = layout_form.layout()
        if chosen.last_row == sheet["size"]:
            chosen = importers.Layout(chosen.header_row, chosen.header_rows, None)
        request.session[SESSION_KEY] = {**_pending(request), "layout": chosen.as_dict()}
        return redirect("directory:import_mapping")
    shown = importers.mapping_view(sheet, layout)
    headers = shown["headers"]
    remembered = importers.remembered_mapping(headers)
    mapping = remembered.mapping if remembered else importers.guess_mapping(headers)
    initial = {f"column_{i}": mapping.get(h, "") for i, h in enumerate(h for h in headers if h)}
    initial["categories"] = Category.objects.filter(code__in=remembered.categories) if remembered else []
    form = MappingForm(None if relayout else (request.POST or None), headers=headers, samples=shown["samples"],
                       initial=initial)
    if request.method == "POST" and not relayout and form.is_valid():
        codes = [c.code for c in form.cleaned_data["categories"]]
        importers.mapping_remember(user=request.user, headers=headers, mapping=form.mapping(), categories=codes)
        job = job_start(user=request.user, kind=importers.JOB_KIND,
                        title=_("地域資源の取り込み（内容の確認）：%(name)s") % {"name": pending["filename"]},
                        params={"step": "preview", "path": pending["path"], "filename": pending["filename"],
                                "mapping": form.mapping(), "categories": codes, "layout": layout.as_dict()})
        return redirect("directory:import_wait", pk=job.pk)
    return render(request, "directory/import_mapping.html", {
        "form": form, "pending": pending, "remembered": remembered, "layout_form": layout_form, "layout": layout,
        "detected": layout == detected, "shown": shown,
    })


@login_required
def import_wait(request, pk: int):
    _require_importer(request.user)
    job = Job.objects.of(request.user).filter(pk=pk, kind=importers.JOB_KIND).first()
    if job is None:
        raise Http404
    if job.state == Job.State.DONE and job.result_url:
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = job.result_url
            return response
        return redirect(job.result_url)
    template = "directory/import_progress.html" if request.htmx else "directory/import_wait.html"
    return render(request, template, {"job": job, "has_upload": (_pending(request) or {}).get("path") == job.params.get("path")})


@login_required
def import_preview(request, pk: int):
    job = _job(request, pk, "preview")
    if job.state != Job.State.DONE:
        return redirect("directory:import_wait", pk=job.pk)
    preview = job.result
    form = CommitForm(request.POST or None, errors=preview["errors"])
    if request.method == "POST" and form.is_valid() and preview["new"] + preview["duplicates"]:
        data = form.cleaned_data
        commit = job_start(user=request.user, kind=importers.JOB_KIND,
                           title=_("地域資源の取り込み：%(name)s") % {"name": job.params["filename"]},
                           params={**job.params, "step": "commit", "visibility": data["visibility"],
                                   "update_duplicates": data["update_duplicates"],
                                   "skip_errors": data.get("skip_errors", False),
                                   "expected_errors": preview["error_numbers"], "preview_job": job.pk})
        return redirect("directory:import_wait", pk=commit.pk)
    return render(request, "directory/import_preview.html", {
        "job": job, "preview": preview, "form": form,
        "has_upload": (_pending(request) or {}).get("path") == job.params["path"],
    })


@login_required
def import_done(request, pk: int):
    job = _job(request, pk, "commit")
    if job.state != Job.State.DONE:
        return redirect("directory:import_wait", pk=job.pk)
    if (_pending(request) or {}).get("path") == job.params["path"]:
        request.session.pop(SESSION_KEY, None)
    return render(request, "directory/import_done.html", {"job": job, "result": job.result})


@login_required
def listing_export(request):
    if not policy.can_anywhere(request.user, access.VIEW):
        raise Http404
    form = StaffFilterForm(request.GET or None, user=request.user)
    listings = Listing.objects.visible_to(request.user)
    if form.is_valid():
        listings = form.filter(listings)
    content, _content_type, filename = exporters.export_file(request.user, listings, request.GET.get("format", "xlsx"))
    return spreadsheets.attachment(content, filename)
