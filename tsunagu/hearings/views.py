"""ヒアリング: the rounds and item sets a person may read, the 1層Co's screens to define sets and
open rounds, each CP area's sheet (filled in by its 2層Co before the hearing, by the 1層Co during
it), and the answers compared across CPs — on screen, printed and as .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.hearings import access, exports, history, services
from tsunagu.hearings.forms import ItemFormSet, RoundForm, SetForm, SheetForm, item_initial
from tsunagu.hearings.models import HearingRound, HearingSet, HearingSheet, SheetStatus, wards_run_by
from tsunagu.lib import conflicts, spreadsheets
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy

SEARCH_RESULTS = 50


def _readers_only(user) -> None:
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _with_progress(rounds):
    return rounds.annotate(
        sheet_count=Count("sheets", distinct=True),
        submitted_count=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED), distinct=True))


def _round(user, pk, *, change: bool = False) -> HearingRound:
    rounds = HearingRound.objects.changeable_by(user) if change else HearingRound.objects.visible_to(user)
    return one_or_404(rounds.select_related("ward", "item_set"), pk)


def _hearing_sheet(user, pk, *, change: bool = False) -> HearingSheet:
    sheets = HearingSheet.objects.changeable_by(user) if change else HearingSheet.objects.visible_to(user)
    return one_or_404(sheets.select_related("round__ward", "area"), pk)


@login_required
def index(request):
    _readers_only(request.user)
    query = request.GET.get("q", "").strip()[:100]
    found = None
    if query:
        found = list(HearingSheet.objects.visible_to(request.user).search(query)
                     .select_related("round", "area").order_by("-round__starts_on", "area__code")[:SEARCH_RESULTS])
    can_manage = wards_run_by(request.user).exists()
    return render(request, "hearings/index.html", {
        "query": query, "found": found,
        "rounds": _with_progress(HearingRound.objects.visible_to(request.user).select_related("ward", "item_set")),
        "sets": HearingSet.objects.visible_to(request.user).select_related("ward").annotate(
            item_count=Count("items", filter=Q(items__is_active=True))),
        "can_manage": can_manage,
        # A 2層Co's own sheets still to fill in; those who run the hearings see every sheet in the rounds.
        "my_sheets": [] if can_manage else HearingSheet.objects.changeable_by(request.user)
        .exclude(status=SheetStatus.SUBMITTED).select_related("round", "area").order_by("round__ends_on")[:20],
    })


# --- Item sets -----------------------------------------------------------------------------


def _chosen_ward(request):
    wards = wards_run_by(request.user)
    pk = request.GET.get("ward")
    if pk:
        ward = wards.filter(pk=pk).first() if str(pk).isdigit() else None
        if ward is None:
            raise Http404
        return ward, wards
    return (wards.get() if wards.count() == 1 else None), wards


@login_required
def set_create(request):
    ward, wards = _chosen_ward(request)
    if not wards.exists():
        raise Http404
    if ward is None:
        return render(request, "hearings/choose_ward.html", {"wards": wards.order_by("code")})
    form = SetForm(request.POST or None, initial={"name": _("2層Coヒアリング")})
    template = [{"title": str(t), "prompt": str(p), "ORDER": n + 1} for n, (t, p) in enumerate(services.KANAGAWA_ITEMS)]
    formset = ItemFormSet(request.POST or None, prefix="items", initial=template)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            item_set = services.hearing_set_create(user=request.user, ward=ward, name=form.cleaned_data["name"],
                                                   description=form.cleaned_data["description"],
                                                   items=formset.items())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("項目セット「%(name)s」を作りました。") % {"name": item_set.name})
            return redirect("hearings:set_detail", pk=item_set.pk)
    return render(request, "hearings/set_form.html", {"form": form, "formset": formset, "ward": ward, "item_set": None})


@login_required
def set_detail(request, pk: int):
    item_set = one_or_404(HearingSet.objects.visible_to(request.user).select_related("ward"), pk)
    return render(request, "hearings/set_detail.html", {
        "item_set": item_set,
        "items": item_set.active_items(),
        "retired": item_set.items.filter(is_active=False).order_by("position", "pk"),
        "rounds": _with_progress(HearingRound.objects.visible_to(request.user).filter(item_set=item_set)),
        "can_manage": HearingSet.objects.changeable_by(request.user).filter(pk=pk).exists(),
    })


@login_required
def set_edit(request, pk: int):
    item_set = one_or_404(HearingSet.objects.changeable_by(request.user).select_related("ward"), pk)
    form = SetForm(request.POST or None, initial={"name": item_set.name, "description": item_set.description,
                                                  "version": item_set.version})
    formset = ItemFormSet(request.POST or None, prefix="items", initial=item_initial(item_set))
    conflict = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.hearing_set_update(user=request.user, item_set=item_set,
                                        seen_version=form.cleaned_data.get("version") or 0,
                                        name=form.cleaned_data["name"], description=form.cleaned_data["description"],
                                        items=formset.items())
        except EditConflict as exc:
            # A list of items does not merge field by field: show the saved list beside what was typed.
            conflict = True
            form.add_error(None, _("編集中に他の人がこの項目セットを保存しました。下の「いま保存されている項目」を確かめ、"
                                   "入力を直してからもう一度保存してください。"))
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("項目セット「%(name)s」を保存しました。") % {"name": item_set.name})
            return redirect("hearings:set_detail", pk=item_set.pk)
    return render(request, "hearings/set_form.html", {
        "form": form, "formset": formset, "ward": item_set.ward, "item_set": item_set, "conflict": conflict,
        "saved_items": item_set.active_items() if conflict else [],
        "used": HearingRound.objects.filter(item_set=item_set).exists(),
    })


# --- Rounds --------------------------------------------------------------------------------


@login_required
def round_create(request):
    sets = HearingSet.objects.changeable_by(request.user).select_related("ward")
    if not sets.exists():
        raise Http404
    pk = request.GET.get("set")
    if not pk:
        return render(request, "hearings/choose_set.html", {"sets": sets})
    item_set = sets.filter(pk=pk).first() if str(pk).isdigit() else None
    if item_set is None:
        raise Http404
    form = RoundForm(request.POST or None, ward=item_set.ward)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearing = services.hearing_round_open(user=request.user, item_set=item_set, name=data["name"],
                                                  starts_on=data["starts_on"], ends_on=data["ends_on"],
                                                  areas=data["areas"], note=data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(name)s」を始めました。CPエリアごとのシートができています。") % {"name": hearing.name})
            return redirect("hearings:round_detail", pk=hearing.pk)
    return render(request, "hearings/round_form.html", {"form": form, "item_set": item_set, "hearing": None})


@login_required
def round_detail(request, pk: int):
    hearing = _round(request.user, pk)
    sheets = list(HearingSheet.objects.visible_to(request.user).filter(round=hearing).select_related("area")
                  .order_by("area__code"))
    writable = set(HearingSheet.objects.changeable_by(request.user).filter(round=hearing)
                   .values_list("pk", flat=True))
    for sheet in sheets:
        sheet.can_edit = sheet.pk in writable
    return render(request, "hearings/round_detail.html", {
        "hearing": hearing, "sheets": sheets, "items": hearing.asked_items(),
        "submitted": sum(1 for s in sheets if s.status == SheetStatus.SUBMITTED),
        "can_manage": HearingRound.objects.changeable_by(request.user).filter(pk=pk).exists(),
    })


@login_required
def round_edit(request, pk: int):
    hearing = _round(request.user, pk, change=True)
    form = RoundForm(request.POST or None, ward=hearing.ward, hearing=hearing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hearing_round_update(user=request.user, hearing=hearing, seen_version=data.get("version") or 0,
                                          name=data["name"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                                          areas=data["areas"], note=data["note"])
        except EditConflict as exc:
            form.add_error(None, _("編集中に他の人がこのヒアリングを保存しました（名前：%(name)s、%(start)s〜%(end)s）。"
                                   "確かめてから、もう一度保存してください。") % {
                "name": exc.current.name, "start": exc.current.starts_on, "end": exc.current.ends_on})
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": hearing.name})
            return redirect("hearings:round_detail", pk=hearing.pk)
    return render(request, "hearings/round_form.html", {"form": form, "item_set": hearing.item_set,
                                                        "hearing": hearing})


def _compare_rows(user, hearing: HearingRound):
    sheets = list(HearingSheet.objects.visible_to(user).filter(round=hearing).select_related("area")
                  .prefetch_related("answers").order_by("area__code"))
    return [(sheet, sheet.answers_by_item()) for sheet in sheets]


@login_required
def compare(request, pk: int):
    hearing = _round(request.user, pk)
    items = hearing.asked_items()
    chosen = request.GET.get("item", "")
    shown = [i for i in items if str(i.pk) == chosen] or items
    # A sheet not handed in yet keeps its row (its status says so) but not its answers.
    rows = [(sheet, [(i, answers.get(i.pk) if sheet.is_submitted else None) for i in shown])
            for sheet, answers in _compare_rows(request.user, hearing)]
    return render(request, "hearings/compare.html", {
        "hearing": hearing, "items": items, "shown": shown, "rows": rows,
        "one_item": len(shown) == 1 and len(items) > 1,
    })


@login_required
def compare_xlsx(request, pk: int):
    hearing = _round(request.user, pk)
    content = exports.compare_workbook(hearing, hearing.asked_items(), _compare_rows(request.user, hearing))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return spreadsheets.attachment(content, f"hearing-{hearing.pk}-{stamp}.xlsx")


# --- Sheets --------------------------------------------------------------------------------


def _versions(sheet: HearingSheet, items) -> list:
    versions = list(sheet.versions.all()[:50])
    for version in versions:
        version.readable = history.readable(version.changes, items)
    return versions


@login_required
def sheet_detail(request, pk: int):
    sheet = _hearing_sheet(request.user, pk)
    items = sheet.round.asked_items()
    answers = sheet.answers_by_item()
    return render(request, "hearings/sheet_detail.html", {
        "sheet": sheet, "hearing": sheet.round,
        "answers": [(item, answers.get(item.pk)) for item in items],
        "can_edit": HearingSheet.objects.changeable_by(request.user).filter(pk=pk).exists(),
        "versions": _versions(sheet, items),
    })


def _sheet_conflict(sheet: HearingSheet, items, *, mine: dict, base_version: int | None,
                    theirs_version: int | None = None) -> conflicts.Conflict:
    # A sheet starts empty at version 1, with no SheetVersion for it.
    empty = {"status": SheetStatus.EMPTY, **{services.item_key(i): "" for i in items}}
    base, theirs = conflicts.from_versions(sheet.versions, base_version=base_version, theirs_version=theirs_version,
                                           first=empty)
    return conflicts.build(history.fields(items), mine=mine, theirs=theirs, base=base, base_version=base_version)


def _save_status(post) -> str:
    status = post.get("status", "")
    return status if status in (SheetStatus.IN_PROGRESS, SheetStatus.SUBMITTED) else SheetStatus.IN_PROGRESS


@login_required
def sheet_edit(request, pk: int):
    sheet = _hearing_sheet(request.user, pk, change=True)
    items = sheet.round.asked_items()
    if request.method == "POST" and request.POST.get("resolve"):
        mine, version, base_version = conflicts.posted(request.POST)
        conflict = _sheet_conflict(sheet, items, mine=mine, base_version=base_version, theirs_version=version)
        resolved = conflicts.resolve(conflict, request.POST)
        if resolved is None:
            return _render_conflict(request, sheet, conflict)
        # The choices go through the form again, as if typed.
        data = {services.item_key(i): resolved.get(services.item_key(i), "") for i in items}
        form = SheetForm({**data, "version": str(version)}, sheet=sheet, items=items)
        status = resolved.get("status") if resolved.get("status") != SheetStatus.EMPTY else SheetStatus.IN_PROGRESS
    else:
        form = SheetForm(request.POST or None, sheet=sheet, items=items)
        status = _save_status(request.POST)
    if form.is_bound and form.is_valid():
        seen = form.cleaned_data.get("version") or 0  # a form without its version cannot overwrite
        try:
            services.sheet_save(user=request.user, sheet=sheet, seen_version=seen, status=status,
                                answers=form.answers())
        except EditConflict:
            mine = {"status": status, **{services.item_key(pk): text for pk, text in form.answers().items()}}
            return _render_conflict(request, sheet, _sheet_conflict(sheet, items, mine=mine, base_version=seen))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            done = (_("%(area)sのシートを提出しました。") if status == SheetStatus.SUBMITTED
                    else _("%(area)sのシートを記入中として保存しました。"))
            messages.success(request, done % {"area": sheet.area.name})
            return redirect("hearings:sheet_detail", pk=sheet.pk)
    return render(request, "hearings/sheet_form.html", {"form": form, "sheet": sheet, "hearing": sheet.round})


def _render_conflict(request, sheet: HearingSheet, conflict: conflicts.Conflict):
    return render(request, "hearings/sheet_conflict.html", {"sheet": sheet, "hearing": sheet.round,
                                                            "conflict": conflict}, status=409)

