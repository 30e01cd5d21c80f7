"""区の一覧 (the ward view), 連絡会資料 (its .xlsx and PDF), the record of liaison meetings, and
記録をさがす (one search over the coordinators' records)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.jobs.services import job_start
from tsunagu.liaison import access, pack, rollup, search, services
from tsunagu.liaison.forms import MeetingForm, PeriodForm, SearchForm
from tsunagu.liaison.models import LiaisonMeeting, can_keep_meetings, wards_visible_to
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment
from tsunagu.people import policy
from tsunagu.places.models import Place


def _ward(user, pk) -> Place:
    return one_or_404(wards_visible_to(user).defer("boundary"), pk)


@login_required
def index(request):
    """Straight to the ward for a person who reads one; a choice for the city's administrators."""
    if request.GET.get("ward"):
        return redirect("liaison:ward", ward=_ward(request.user, request.GET["ward"]).pk)
    wards = list(wards_visible_to(request.user).defer("boundary").order_by("code"))
    if not wards:
        raise Http404
    if len(wards) == 1:
        return redirect("liaison:ward", ward=wards[0].pk)
    return render(request, "liaison/choose_ward.html", {"wards": wards})


def _summary(request, ward_pk: int, *, links: bool = True):
    user = request.user
    ward = _ward(user, ward_pk)
    form = PeriodForm(request.GET or None, ward=ward, today=timezone.localdate())
    period, meeting = form.choice()
    return ward, form, rollup.ward_summary(user=user, ward=ward, period=period, meeting=meeting, links=links)


@login_required
def ward_view(request, ward: int):
    ward, form, summary = _summary(request, ward)
    return render(request, "liaison/ward_view.html", {
        "ward": ward, "form": form, "summary": summary,
        "query": request.GET.urlencode(),
        "wards": list(wards_visible_to(request.user).defer("boundary").order_by("code")),
        "can_keep_meetings": can_keep_meetings(request.user, ward),
    })


@login_required
def pack_xlsx(request, ward: int):
    _ward, _form, summary = _summary(request, ward, links=False)
    made = pack.build(user=request.user, summary=summary)
    return attachment(pack.workbook(made), pack.filename(made, "xlsx"))


@login_required
@require_POST
def pack_pdf(request, ward: int):
    """The PDF is a job (pack.JOB_KIND): its page shows the progress and then the download."""
    ward = _ward(request.user, ward)
    query = request.POST.get("query", "")
    job = job_start(user=request.user, kind=pack.JOB_KIND, title=_("連絡会資料（%(ward)s）のPDF") % {"ward": ward.name},
                    params=pack.job_params(ward, query))
    return redirect(job)


@login_required
def meetings(request, ward: int):
    user = request.user
    ward = _ward(user, ward)
    can_keep = can_keep_meetings(user, ward)
    if request.method == "POST" and not can_keep:
        raise Http404
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate(), "title": _("生活支援Co連絡会")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=user, ward=ward, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("%(meeting)sを記録しました。") % {"meeting": meeting})
            return redirect("liaison:meetings", ward=ward.pk)
    return render(request, "liaison/meeting_list.html", {
        "ward": ward, "form": form if can_keep else None, "can_keep": can_keep,
        "meetings": LiaisonMeeting.objects.of_ward(ward).select_related("created_by")[:100],
        "today": timezone.localdate(),
    })


@login_required
def meeting_delete(request, pk: int):
    meeting = one_or_404(LiaisonMeeting.objects.changeable_by(request.user).select_related("ward"), pk)
    if request.method == "POST":
        ward = meeting.ward
        try:
            services.meeting_delete(user=request.user, meeting=meeting)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("%(meeting)sの記録を削除しました。") % {"meeting": meeting})
        return redirect("liaison:meetings", ward=ward.pk)
    return render(request, "liaison/meeting_delete.html", {"meeting": meeting})


@login_required
def records_search(request):
    if not policy.can_anywhere(request.user, access.VIEW):
        raise Http404
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = search.search_records(request.user, query) if query else []
    return render(request, "liaison/search.html", {
        "form": form, "query": query, "groups": groups, "found": sum(g.total for g in groups),
    })
