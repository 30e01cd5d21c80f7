"""区の一覧 (the ward view), 連絡会資料 (its .xlsx and PDF), the record of liaison meetings, and
記録をさがす (one search over the coordinators' records)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.events.models import EventKind
from tsunagu.jobs.services import job_start
from tsunagu.liaison import access, pack, rollup, search
from tsunagu.liaison.forms import PeriodForm, SearchForm
from tsunagu.liaison.models import can_keep_meetings, meetings_of, ward_ids_visible_to, wards_visible_to
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
    ward_ids_visible_to(request.user, wards)  # the menu's 区の一覧 reads them from here
    if not wards:
        raise Http404
    if len(wards) == 1:
        return redirect("liaison:ward", ward=wards[0].pk)
    return render(request, "liaison/choose_ward.html", {"wards": wards})


def _summary(request, ward: Place, *, links: bool = True):
    form = PeriodForm(request.GET or None, ward=ward, today=timezone.localdate())
    period, meeting = form.choice()
    return form, rollup.ward_summary(user=request.user, ward=ward, period=period, meeting=meeting, links=links)


@login_required
def ward_view(request, ward: int):
    # The wards this person reads, once: the ward asked for is one of them (else 404, as _ward),
    # and the page offers the others.
    wards = list(wards_visible_to(request.user).defer("boundary").order_by("code"))
    ward_ids_visible_to(request.user, wards)  # the menu's 区の一覧 reads them from here
    ward = next((w for w in wards if w.pk == ward), None)
    if ward is None:
        raise Http404
    form, summary = _summary(request, ward)
    return render(request, "liaison/ward_view.html", {
        "ward": ward, "form": form, "summary": summary,
        "query": request.GET.urlencode(),
        "wards": wards,
        "can_keep_meetings": can_keep_meetings(request.user, ward),
    })


@login_required
def pack_xlsx(request, ward: int):
    _form, summary = _summary(request, _ward(request.user, ward), links=False)
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
    """The ward's liaison meetings so far, each an event (edited on the event's own screens), with
    the way to see what is new since each one."""
    user = request.user
    ward = _ward(user, ward)
    return render(request, "liaison/meeting_list.html", {
        "ward": ward, "can_keep": can_keep_meetings(user, ward), "liaison_kind": EventKind.objects.liaison().first(),
        "meetings": meetings_of(ward).select_related("created_by").order_by("-starts_on", "-pk")[:100],
        "today": timezone.localdate(),
    })


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
