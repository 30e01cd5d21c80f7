"""地域支援計画: the list by ward → CP area → district, a plan with its history and the district's
memos, writing and editing (with the conflict screen), restore, print and PDF."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.district_plans import access, history, services
from tsunagu.district_plans.forms import PlanForm, form_data, initial
from tsunagu.district_plans.models import DistrictPlan, districts_for_plans
from tsunagu.district_plans.tree import plan_tree
from tsunagu.lib import conflicts, fiscal
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.memos.models import Memo
from tsunagu.people import policy
from tsunagu.places.models import Kind

MEMOS_SHOWN = 50


def _readers_only(user) -> None:
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _plan(user, pk, *, change: bool = False) -> DistrictPlan:
    plans = DistrictPlan.objects.changeable_by(user) if change else DistrictPlan.objects.visible_to(user)
    return one_or_404(plans.select_related("district", "partner_area"), pk)


@login_required
def plan_list(request):
    _readers_only(request.user)
    query = request.GET.get("q", "").strip()[:100]
    plans = DistrictPlan.objects.visible_to(request.user).select_related("district", "partner_area")
    if query:
        plans = plans.search(query)
    return render(request, "district_plans/plan_list.html", {
        "query": query,
        "wards": plan_tree(request.user, plans, with_empty_districts=not query),
        "found": plans.count() if query else None,
        "can_create": districts_for_plans(request.user).exists(),
        "this_year": fiscal.fiscal_year(timezone.localdate()),
    })


@login_required
def plan_create(request):
    districts = districts_for_plans(request.user)
    if not districts.exists():
        raise Http404
    pk = request.GET.get("district")
    if not pk:
        return render(request, "district_plans/plan_choose_district.html", {
            "wards": plan_tree(request.user, DistrictPlan.objects.none(), with_empty_districts=True,
                               districts=districts)})
    district = districts.filter(pk=pk).first() if str(pk).isdigit() else None
    if district is None:
        raise Http404
    this_year = fiscal.fiscal_year(timezone.localdate())
    form = PlanForm(request.POST or None, user=request.user, district=district,
                    initial={"start_year": this_year, "end_year": this_year + 2})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, district=district, data=form.snapshot())
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(plan)s」を作成しました。") % {"plan": plan})
            return redirect("district_plans:detail", pk=plan.pk)
    return render(request, "district_plans/plan_form.html", {"form": form, "district": district, "plan": None})


def _versions(plan: DistrictPlan, limit: int = 50) -> list:
    versions = list(plan.versions.select_related("actor")[:limit])
    for version in versions:
        # The first version records everything as new: it reads as the plan's creation.
        version.readable = history.readable(version.changes) if version.number > 1 else []
    return versions


def _memos(user, plan: DistrictPlan):
    """The district's memos (at it or under it) dated within the plan's period, as far as this
    person may read them."""
    return (Memo.objects.live().visible_to(user).under(plan.district).in_period(*plan.period_dates)
            .select_related("place", "kind", "stage").order_by("-date", "-pk"))


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request.user, pk)
    memos = _memos(request.user, plan)
    return render(request, "district_plans/plan_detail.html", {
        "plan": plan,
        "organisations": plan.partner_organisations.all(),
        "can_edit": plan.can_be_written_by(request.user),
        "versions": _versions(plan),
        "memos": memos[:MEMOS_SHOWN],
        "memo_count": memos.count(),
        "memos_shown": MEMOS_SHOWN,
    })


def _conflict(plan: DistrictPlan, *, mine: dict, base_version: int | None,
              theirs_version: int | None = None) -> conflicts.Conflict:
    """mine against the version saved meanwhile (theirs_version: the one a conflict screen showed;
    None: the newest), field by field, with the names of places and organisations."""
    base, theirs = conflicts.from_versions(plan.versions, base_version=base_version, theirs_version=theirs_version)
    fields = history.fields(history.names_for(base or {}, theirs.data, mine))
    return conflicts.build(fields, mine=mine, theirs=theirs, base=base, base_version=base_version)


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request.user, pk, change=True)
    district = plan.district
    if request.method == "POST" and request.POST.get("resolve"):
        mine, version, base_version = conflicts.posted(request.POST)
        conflict = _conflict(plan, mine=mine, base_version=base_version, theirs_version=version)
        resolved = conflicts.resolve(conflict, request.POST)
        if resolved is None:
            return _render_conflict(request, plan, conflict)
        # The choices go through the form again, as if typed; initial: a field this person may not
        # change (the partner area) keeps the saved value.
        form = PlanForm(form_data(resolved, version), user=request.user, district=district, plan=plan,
                        initial=initial(services.snapshot(plan)))
    else:
        form = PlanForm(request.POST or None, user=request.user, district=district, plan=plan,
                        initial=initial(services.snapshot(plan)))
    if form.is_bound and form.is_valid():
        mine = form.snapshot()
        seen = form.cleaned_data.get("version") or 0  # a form without its version cannot overwrite
        try:
            services.plan_update(user=request.user, plan=plan, seen_version=seen, data=mine)
        except EditConflict:
            return _render_conflict(request, plan, _conflict(plan, mine=mine, base_version=seen))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(plan)s」を保存しました。") % {"plan": plan})
            return redirect("district_plans:detail", pk=plan.pk)
    return render(request, "district_plans/plan_form.html", {"form": form, "district": district, "plan": plan})


def _render_conflict(request, plan: DistrictPlan, conflict: conflicts.Conflict):
    return render(request, "district_plans/plan_conflict.html", {"plan": plan, "conflict": conflict}, status=409)


@login_required
@require_POST
def plan_restore(request, pk: int, number: int):
    plan = _plan(request.user, pk, change=True)
    if not plan.versions.filter(number=number).exists():
        raise Http404
    try:
        services.plan_restore(user=request.user, plan=plan, number=number)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("第%(number)s版の内容に戻しました。戻す前の内容も記録に残っています。") % {"number": number})
    return redirect("district_plans:detail", pk=plan.pk)


def _print_context(plan: DistrictPlan) -> dict:
    district = plan.district
    return {"plan": plan, "organisations": plan.partner_organisations.all(), "printed_on": timezone.localdate(),
            "ward": district.ancestor_of_kind(Kind.WARD), "area": district.ancestor_of_kind(Kind.CP_AREA)}


@login_required
def plan_print(request, pk: int):
    plan = _plan(request.user, pk)
    return render(request, "district_plans/plan_print.html", {**_print_context(plan), "on_screen": True})


@login_required
def plan_pdf(request, pk: int):
    from django.contrib.staticfiles import finders

    from tsunagu.lib.pdf import render_pdf

    plan = _plan(request.user, pk)
    html = render_to_string("district_plans/plan_print.html", _print_context(plan), request=request)
    # The print page's styles live in static/ (no inline styles under the Content-Security-Policy).
    result = render_pdf(html, stylesheets=[Path(finders.find("css/plan-print.css")).read_text(encoding="utf-8")])
    response = HttpResponse(result.pdf, content_type="application/pdf")
    # 地域支援計画_第6地区_令和8年度〜令和10年度_第2版.pdf: what a coordinator files it under.
    name = _("地域支援計画_%(district)s_%(period)s_第%(version)s版") % {
        "district": plan.district.name, "period": plan.period_label, "version": plan.version}
    response["Content-Disposition"] = content_disposition_header(False, f"{name.replace('/', '・')}.pdf")
    return response
