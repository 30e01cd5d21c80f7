"""地域アセスメント's screens: an area's figures beside its ward and the city, its parts, the
resources per 1,000 people 65+, the gap list, the choropleth, the coordinator's reading, and
the A4 report for the liaison meeting. Staff pages, scoped by place (access.py)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.assessment import access, cells, indicators, report, sections, services
from tsunagu.assessment.forms import GapForm, ReadingForm
from tsunagu.assessment.models import Reading
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.places.models import Kind

AREA_KINDS = (Kind.CITY, Kind.WARD, Kind.CP_AREA, Kind.DISTRICT)


def _areas(user):
    return policy.places_where(user, access.VIEW).filter(kind__in=AREA_KINDS).defer("boundary")


def _area(user, pk):
    return one_or_404(_areas(user), pk)


def _day(request) -> date | None:
    available = indicators.dates()
    text = request.GET.get("date")
    if text:
        try:
            chosen = date.fromisoformat(text)
        except ValueError:
            chosen = None
        if chosen in available:
            return chosen
    return available[0] if available else None


@login_required
def index(request):
    if not policy.can_anywhere(request.user, access.VIEW):
        raise Http404
    areas = list(_areas(request.user).filter(kind__in=[Kind.CITY, Kind.WARD, Kind.CP_AREA]).order_by("path"))
    if len(areas) == 1:
        return redirect("assessment:area", areas[0].pk)
    return render(request, "assessment/index.html", {"areas": areas})


@login_required
def area(request, pk):
    place = _area(request.user, pk)
    day = _day(request)
    form = GapForm(request.GET if "target" in request.GET else None)
    context = {"place": place, "day": day, "dates": indicators.dates(), "form": form}
    if day is not None:
        context.update(report.context(place, day, gap_form=form, user=request.user))
    else:
        # Before any population is imported, what other capabilities know of the area (the
        # surveys held there) and the reading are still worth a page.
        context["sections"] = sections.for_area(place, request.user)
    reading = Reading.objects.filter(place=place).first()
    context["reading"] = reading
    if policy.can_at(request.user, access.WRITE, place):
        context["reading_form"] = ReadingForm(initial={"text": reading.text if reading else "",
                                                       "version": reading.version if reading else 1})
    return render(request, "assessment/area.html", context)


@login_required
@require_POST
def reading(request, pk):
    place = _area(request.user, pk)
    form = ReadingForm(request.POST)
    if form.is_valid():
        try:
            services.save_reading(request.user, place, form.cleaned_data["text"], form.cleaned_data["version"])
        except PermissionDenied:
            raise Http404 from None
        except EditConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("所見を保存しました。"))
    return redirect(reverse("assessment:area", args=[place.pk]) + "#reading")


@login_required
def map_page(request, pk):
    place = _area(request.user, pk)
    day = _day(request)
    indicator = request.GET.get("indicator") or "aging_rate"
    if indicator not in report.MAP_INDICATORS:
        indicator = "aging_rate"
    return render(request, "assessment/map.html", {
        "place": place, "day": day, "indicator": indicator, "indicators": report.MAP_INDICATORS.items(),
        "data_url": reverse("assessment:cells", args=[place.pk]) + f"?indicator={indicator}"
                    + (f"&date={day.isoformat()}" if day else ""),
    })


@login_required
def cells_data(request, pk):
    """The choropleth's data: each 町丁目's cell with the indicator's value, the class breaks
    and the resources to put on top (published listings only)."""
    place = _area(request.user, pk)
    day = _day(request)
    indicator = request.GET.get("indicator") or "aging_rate"
    if indicator not in report.MAP_INDICATORS or day is None:
        raise Http404
    cells.ensure_built()
    return JsonResponse(report.choropleth(place, day, indicator))


@login_required
def report_pdf(request, pk):
    place = _area(request.user, pk)
    day = _day(request)
    if day is None:
        raise Http404
    rendered = report.pdf(place, day, user=request.user)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=\"assessment-{place.pk}-{day.isoformat()}.pdf\""
    return response
