"""配車計画 (the dispatch plan of an outing day, 行き or 帰り): see it, make it, move riders between
cars and stops with the effect shown at once, save it; and its papers.

Who: the plan names riders and their addresses, so it is for those who may see the outing's
participants (outings.participants, audited: one 操作の記録 row each time the page or a paper is
opened; the htmx answers to moves on an open page are not counted again). Making, moving and
saving: those who may change the outing (outings.write). Anyone else gets a 404.

Moves are not saved until 保存: each move posts the routes being edited (by keys) and the drafts
before them, and the answer is the plan panel laid out and checked again (planning.lay_out →
dispatch.validate). 保存 is refused when someone saved the plan meanwhile (its version).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment
from tsunagu.outings import access, papers, planning
from tsunagu.outings import plan_services as services
from tsunagu.outings.models import Outing, OutingDay, TaxiCompany
from tsunagu.outings.plan_forms import HISTORY, DraftForm, RulesForm
from tsunagu.outings.plan_models import Direction
from tsunagu.people import policy

DIRECTIONS = {Direction.TO.value, Direction.BACK.value}


def _day(user, pk: int, direction: str = Direction.TO, *, change: bool = False) -> OutingDay:
    """The day, when the person may see its riders (and change the outing, with change)."""
    if direction not in DIRECTIONS:
        raise Http404
    outings = Outing.objects.changeable_by(user) if change else Outing.objects.visible_to(user)
    day = one_or_404(OutingDay.objects.filter(outing__in=outings).select_related("outing__place"), pk)
    if not policy.can_at(user, access.PARTICIPANTS, day.outing.place):
        raise Http404
    if direction == Direction.BACK and day.leave_at is None:
        raise Http404
    return day


def _looked(user, day: OutingDay) -> None:
    policy.record_look(user, access.PARTICIPANTS, day.outing)


def _draft(reading: services.Reading, routes) -> dict:
    return {"cars": [c.key for c in reading.trip.cars], "routes": planning.routes_to_refs(reading.built, routes)}


def _routes_of(reading: services.Reading, draft: dict | None):
    if not draft:
        return reading.stored_routes()
    cars = [[key] for key in draft.get("cars", []) if isinstance(key, str)]
    return planning.refs_to_routes(reading.built, services.align(cars, draft.get("routes"), reading.trip.cars))


def _map_data(layout: planning.Layout) -> str:
    """What static/js/plan-map.js draws: the destination, and per car its stops away from the
    destination in order (numbered as on the sheet)."""
    trip = layout.built.trip
    cars = []
    for car in layout.cars:
        stops = [[round(s.lat, 6), round(s.lng, 6), n, s.group.name, services_clock(s.minute)]
                 for n, s in enumerate((s for s in car.stops if not s.at_destination), start=1)]
        cars.append({"name": car.car.name, "colour": planning.COLOURS[car.colour], "stops": stops})
    return json.dumps({"destination": [trip.destination[0], trip.destination[1], trip.destination_name],
                       "to": trip.direction == Direction.TO, "cars": cars}, ensure_ascii=False)


def services_clock(minute: float) -> str:
    m = int(round(minute))
    return f"{m // 60}:{m % 60:02d}"


def _context(request, day, direction, plan, reading, layout, routes, *, history=(), conflict=None) -> dict:
    draft = _draft(reading, routes) if reading else None
    stored = reading.stored_routes() if reading and plan.pk else None
    can_write = policy.can_at(request.user, access.WRITE, day.outing.place)
    return {
        "day": day, "outing": day.outing, "direction": direction, "plan": plan, "reading": reading,
        "layout": layout, "people": reading.people if reading else {},
        "draft_json": json.dumps(draft, ensure_ascii=False) if draft else "",
        "history_json": json.dumps(list(history)[-HISTORY:], ensure_ascii=False), "can_undo": bool(history),
        "changed": stored is not None and [list(r) for r in routes] != stored,
        "can_write": can_write, "conflict": conflict,
        "map_json": _map_data(layout) if layout else "",
        "rules_form": RulesForm(initial=RulesForm.initial_for(plan)) if can_write else None,
        "other": Direction.BACK if direction == Direction.TO else Direction.TO,
        "has_back": day.leave_at is not None,
        "tile_url": settings.TSUNAGU_TILE_URL, "tile_attribution": settings.TSUNAGU_TILE_ATTRIBUTION,
        "companies": TaxiCompany.objects.filter(bookings__day=day).distinct().order_by("name"),
    }


@login_required
def plan_page(request, pk: int, direction: str):
    day = _day(request.user, pk, direction)
    plan = services.plan_of(day, direction)
    reading = layout = routes = None
    problem = ""
    try:
        reading = services.Reading(plan)
    except services.CannotPlan as exc:
        problem = str(exc)
    if reading is not None and plan.pk:
        routes = reading.stored_routes()
        layout = reading.lay_out(routes)
    _looked(request.user, day)
    context = _context(request, day, direction, plan, reading, layout, routes or [])
    context["problem"] = problem
    return render(request, "outings/plan.html", context)


@login_required
@require_POST
def plan_make(request, pk: int, direction: str):
    day = _day(request.user, pk, direction, change=True)
    form = RulesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("配車の決まりに直すところがあります：%(errors)s") % {
            "errors": "、".join(f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}"
                              for f, e in form.errors.items())})
        return redirect("outings:plan", pk=day.pk, direction=direction)
    try:
        _plan, layout = services.plan_make(user=request.user, day=day, direction=direction, rules=form.rules(),
                                           split=form.cleaned_data["split"],
                                           seen_version=form.cleaned_data["version"] or None)
    except services.CannotPlan as exc:
        messages.error(request, str(exc))
    except EditConflict:
        messages.error(request, _("ほかの人がこの配車計画を保存しました。保存された計画を確かめてから、もう一度作ってください。"))
    except PermissionDenied:
        raise Http404 from None
    else:
        if layout.valid:
            messages.success(request, _("配車計画を作りました。"))
        else:
            messages.error(request, _("決まりをすべて守る計画は見つかりませんでした。赤字の所を確かめてください（車を増やす、決まりをゆるめるなど）。"))
    return redirect("outings:plan", pk=day.pk, direction=direction)


@login_required
@require_POST
def plan_edit(request, pk: int, direction: str):
    """A move (another car, a stop up or down), 一つ戻す, the split rule, or 保存: the plan panel
    again, laid out and checked (the whole page without htmx)."""
    day = _day(request.user, pk, direction, change=True)
    plan = services.plan_of(day, direction)
    if not plan.pk:
        return redirect("outings:plan", pk=day.pk, direction=direction)
    form = DraftForm(request.POST)
    form.is_valid()
    reading = services.Reading(plan)
    routes = _routes_of(reading, form.cleaned_draft())
    history = form.cleaned_history()
    split = form.cleaned_data.get("split") or plan.split
    op = request.POST.get("op", "")
    conflict = None
    saved = False
    status = 200
    before = _draft(reading, routes)
    if op.startswith("move:"):
        key = op[5:]
        index = reading.built.request_of_key().get(key)
        cars = {c.key: i for i, c in enumerate(reading.trip.cars)}
        target = cars.get(request.POST.get(f"to-{key}", ""))
        if index is not None and target is not None:
            routes = planning.move_request(reading.built, routes, index, target)
    elif op.startswith(("up:", "down:")):
        step, car_key, key, kind = (op.split(":") + ["", "", ""])[:4]
        cars = {c.key: i for i, c in enumerate(reading.trip.cars)}
        index = reading.built.request_of_key().get(key)
        if car_key in cars and index is not None and kind in ("p", "d"):
            request_ = reading.built.problem.requests[index]
            node = request_.pickup if kind == "p" else request_.dropoff
            routes = planning.move_stop(reading.built, routes, cars[car_key], node, -1 if step == "up" else 1)
    elif op == "undo" and history:
        routes = _routes_of(reading, history.pop())
    elif op == "reset":
        routes, history = reading.stored_routes(), []
    elif op == "save":
        try:
            plan, _layout = services.plan_save(user=request.user, plan=plan, routes=routes, split=split,
                                               seen_version=form.cleaned_data.get("version"), reading=reading)
        except EditConflict as exc:
            conflict = exc
            status = 409
        except PermissionDenied:
            raise Http404 from None
        else:
            history = []
            saved = True
            if not request.htmx:
                messages.success(request, _("配車計画を保存しました。"))
    if op.startswith(("move:", "up:", "down:")) and _draft(reading, routes) != before:
        history.append(before)
    layout = reading.lay_out(routes, split)
    context = _context(request, day, direction, plan, reading, layout, routes, history=history, conflict=conflict)
    context["split"] = split
    context["saved"] = saved and request.htmx
    template = "outings/_plan_panel.html" if request.htmx else "outings/plan.html"
    return render(request, template, context, status=status)


# --- papers ---------------------------------------------------------------------------------------


def _reading_for_papers(day, direction) -> tuple[services.Reading, planning.Layout]:
    plan = services.plan_of(day, direction)
    if not plan.pk:
        raise Http404
    reading = services.Reading(plan)
    return reading, reading.lay_out(reading.stored_routes())


def _pdf(rendered, name: str) -> HttpResponse:
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


def _company(request, day) -> TaxiCompany | None:
    key = request.GET.get("company", "")
    if not key:
        return None
    return one_or_404(TaxiCompany.objects.filter(bookings__day=day).distinct(), key)


@login_required
def company_sheet_pdf(request, pk: int, direction: str):
    """配車表 for the taxi company: per car, pickup order, names, addresses, times, needs,
    destination and expected fare — only riders who consented are named."""
    day = _day(request.user, pk, direction)
    reading, layout = _reading_for_papers(day, direction)
    company = _company(request, day)
    _looked(request.user, day)
    rendered = papers.company_sheet_pdf(day, reading, layout, company=company)
    return _pdf(rendered, papers.filename(day, _("配車表"), direction, "pdf", company))


@login_required
def company_sheet_xlsx(request, pk: int, direction: str):
    day = _day(request.user, pk, direction)
    reading, layout = _reading_for_papers(day, direction)
    company = _company(request, day)
    _looked(request.user, day)
    return attachment(papers.company_sheet_workbook(day, reading, layout, company=company),
                      papers.filename(day, _("配車表"), direction, "xlsx", company))


@login_required
def notices_pdf(request, pk: int):
    """A large-print notice for each rider of the day: when and where the car comes, what to bring,
    whom to call."""
    day = _day(request.user, pk)
    readings = {}
    for direction in (Direction.TO, Direction.BACK):
        plan = services.plan_of(day, direction)
        if plan.pk:
            reading = services.Reading(plan)
            readings[direction] = (reading, reading.lay_out(reading.stored_routes()))
    if Direction.TO not in readings:
        raise Http404
    _looked(request.user, day)
    contact = request.GET.get("contact", "").strip()[:200]
    rendered = papers.notices_pdf(day, readings, contact=contact)
    return _pdf(rendered, papers.filename(day, _("お出かけのご案内"), "", "pdf"))


@login_required
def request_pdf(request, pk: int):
    """依頼書: the request to one taxi company for the day's cars (南区's procedure), with a reply
    box the company fills and faxes back."""
    day = _day(request.user, pk)
    company = _company(request, day)
    if company is None:
        raise Http404
    rendered = papers.request_pdf(day, company, contact=request.GET.get("contact", "").strip()[:200])
    return _pdf(rendered, papers.filename(day, _("配車依頼書"), "", "pdf", company))


@login_required
def proposal_pdf(request, pk: int):
    """提案書: the form a company fills to say what it can offer for the outing."""
    outing = one_or_404(Outing.objects.visible_to(request.user), pk)
    rendered = papers.proposal_pdf(outing)
    return _pdf(rendered, f"{_('提案書')}_{outing.title}.pdf".replace("/", "・"))


def plan_url(day: OutingDay, direction: str = Direction.TO) -> str:
    return reverse("outings:plan", args=[day.pk, direction])
