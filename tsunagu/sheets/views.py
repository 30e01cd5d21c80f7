"""取組共有シート's screens: the sheets of a 年度, one sheet with its sections, plan items and the memos
under each, one section edited at a time (with the conflict screen), plan items, comments, print
and PDF, and 前年度から引き継ぐ."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.lib import conflicts, dates, drafts
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.sheets import access, history, printing, services
from tsunagu.sheets.forms import (
    CommentForm,
    PlanItemForm,
    SectionForm,
    item_fields,
    save_kwargs,
    section_fields,
)
from tsunagu.sheets.models import (
    SECTION_ORDER,
    PlanItem,
    Section,
    SectionComment,
    SectionKey,
    Sheet,
    SheetChange,
)


def _require_records(user) -> None:
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _sheet(user, pk, *, change: bool = False) -> Sheet:
    sheets = Sheet.objects.changeable_by(user) if change else Sheet.objects.visible_to(user)
    return one_or_404(sheets.select_related("place", "author"), pk)


@login_required
def sheet_list(request):
    user = request.user
    _require_records(user)
    this_year = fiscal_year(timezone.localdate())
    year = _year(request.GET.get("year"), this_year)
    wards = list(policy.places_where(user, access.VIEW).filter(kind=Kind.WARD).order_by("code"))
    ward = next((w for w in wards if str(w.pk) == request.GET.get("ward")), wards[0] if wards else None)
    areas = policy.places_where(user, access.VIEW).filter(kind=Kind.CP_AREA).order_by("path")
    if ward is not None:
        areas = areas.filter(path__startswith=ward.path)
    areas = list(areas.defer("boundary"))
    visible = Sheet.objects.visible_to(user).filter(place__in=areas)
    this = {s.place_id: s for s in visible.of_year(year).prefetch_related("sections")}
    last_year = set(visible.of_year(year - 1).values_list("place_id", flat=True))
    rows = []
    for area in areas:
        sheet = this.get(area.pk)
        rows.append({
            "area": area, "sheet": sheet,
            "sections": sorted(sheet.sections.all(), key=lambda s: s.order) if sheet else [],
            "can_write": policy.can_at(user, access.WRITE, area),
            "can_carry": area.pk in last_year,
        })
    query = request.GET.get("q", "").strip()
    found = Sheet.objects.visible_to(user).search(query).select_related("place")[:50] if query else None
    return render(request, "sheets/sheet_list.html", {
        "rows": rows, "year": year, "years": range(this_year + 1, this_year - 5, -1), "wards": wards, "ward": ward,
        "year_label": fiscal_year_label(year), "query": query, "found": found, "section_keys": SectionKey.choices,
    })


def _area_for_new_sheet(request):
    area = one_or_404(policy.places_where(request.user, access.WRITE), request.POST.get("place"))
    if area.kind != Kind.CP_AREA:
        raise Http404
    return area, _year(request.POST.get("year"), fiscal_year(timezone.localdate()))


@login_required
@require_POST
def sheet_create(request):
    area, year = _area_for_new_sheet(request)
    return _new_sheet(request, services.sheet_create, area=area, year=year)


@login_required
@require_POST
def sheet_carry(request):
    area, year = _area_for_new_sheet(request)
    return _new_sheet(request, services.sheet_carry_over, area=area, year=year)


def _new_sheet(request, service, *, area, year):
    try:
        sheet = service(user=request.user, place=area, fiscal_year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('sheets:list')}?year={year}")
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("%(sheet)sのシートをつくりました。") % {"sheet": sheet})
    return redirect("sheets:detail", pk=sheet.pk)


@login_required
def sheet_detail(request, pk: int):
    user = request.user
    sheet = _sheet(user, pk)
    context = printing.sheet_context(user, sheet)
    context.update({
        "can_write": sheet.can_be_written_by(user),
        "can_review": sheet.can_be_reviewed_by(user),
        "comment_form": CommentForm(),
        "drafts_clear": drafts.to_clear(request),
        "next_year": Sheet.objects.visible_to(user).filter(place=sheet.place).of_year(sheet.fiscal_year + 1).first(),
        "last_year": Sheet.objects.visible_to(user).filter(place=sheet.place).of_year(sheet.fiscal_year - 1).first(),
    })
    return render(request, "sheets/sheet_detail.html", context)


@login_required
def sheet_print(request, pk: int):
    sheet = _sheet(request.user, pk)
    return render(request, "sheets/sheet_print.html", {**printing.sheet_context(request.user, sheet), "for_pdf": False})


@login_required
def sheet_pdf(request, pk: int):
    # One sheet is two or three pages (about a second): made while the person waits, not as a job.
    sheet = _sheet(request.user, pk)
    result = printing.render_sheet_pdf(user=request.user, sheet=sheet)
    response = HttpResponse(result.pdf, content_type="application/pdf")
    # 取組共有シート_簑沢地域ケアプラザ_令和8年度.pdf: what a coordinator files it under.
    name = _("取組共有シート_%(place)s_%(year)s") % {"place": sheet.place.name,
                                                  "year": dates.fiscal_year_name(sheet.fiscal_year)}
    response["Content-Disposition"] = content_disposition_header(True, f"{name.replace('/', '・')}.pdf")
    return response


# --- sections and plan items: the form, and the conflict screen when someone saved first ---------


@dataclass
class _Editing:
    """What editing a section and editing a plan item differ in; _edit does the rest."""

    sheet: Sheet
    section_key: str
    item: PlanItem | None
    title: str
    anchor: str  # where the sheet's page opens after saving
    draft_key: str
    fields: list[conflicts.Field]
    current: Callable[[], tuple[dict, int]]  # what is saved now, and its version
    save: Callable[[dict, int | None], object]  # the service call: state, the version it was based on

    def state(self, data: dict) -> dict:
        # A plan item added since a review section was saved has no review in that change: an empty one.
        return {f.name: data.get(f.name, "") for f in self.fields}

    def change(self, version: int | None) -> SheetChange | None:
        return self.sheet.changes.made(self.section_key, version, self.item)


def _conflict(e: _Editing, *, mine: dict, base_version: int | None,
              theirs_version: int | None = None) -> conflicts.Conflict:
    """mine against what is saved now — or, when the person is choosing on a conflict screen drawn
    for an older version (theirs_version), against that version: their choices refer to it."""
    theirs, version = e.current()
    if theirs_version is not None and theirs_version != version and (older := e.change(theirs_version)):
        theirs, version = older.data, theirs_version
    saved, base = e.change(version), e.change(base_version)
    return conflicts.build(
        e.fields, mine=mine, base=e.state(base.data) if base else None, base_version=base_version,
        theirs=conflicts.Saved(e.state(theirs), version, saved.actor_name if saved else "", saved.at if saved else None))


def _edit(request, e: _Editing, form, template: str, context: dict):
    """Save the form; if someone saved first, the conflict screen, and then the choices made on it
    (nothing typed is lost however often that happens: see tsunagu/lib/conflicts.py)."""
    conflict = None
    if request.method == "POST" and "resolve" in request.POST:
        mine, seen, base_version = conflicts.posted(request.POST)
        conflict = _conflict(e, mine=mine, base_version=base_version, theirs_version=seen)
        state = conflicts.resolve(conflict, request.POST)
        if state is None:
            return _render_conflict(request, e, conflict)
    elif request.method == "POST" and form.is_valid():
        state, seen = form.state(), form.cleaned_data.get("version")
    else:
        return render(request, template, context)
    try:
        e.save(state, seen)
    except EditConflict:
        return _render_conflict(request, e, _conflict(e, mine=state, base_version=seen))
    except ValidationError as exc:
        if conflict is None:
            form.add_error(None, exc)
            return render(request, template, context)
        conflict.errors = exc.messages
        return _render_conflict(request, e, conflict)
    except PermissionDenied:
        raise Http404 from None
    return _saved(request, e.sheet, e.draft_key, e.anchor)


def _saved(request, sheet: Sheet, draft_key: str, anchor: str):
    drafts.saved(request, draft_key)
    messages.success(request, _("保存しました。"))
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#{anchor}")


def _render_conflict(request, e: _Editing, conflict: conflicts.Conflict):
    return render(request, "sheets/conflict.html", {
        "sheet": e.sheet, "title": e.title, "conflict": conflict,
        "back": reverse("sheets:detail", args=[e.sheet.pk]) + f"#{e.anchor}",
    }, status=409)


def _section(sheet: Sheet, key: str) -> Section:
    section = sheet.sections.select_related("sheet__place").filter(key=key).first() if key in SECTION_ORDER else None
    if section is None:
        raise Http404
    return section


def _review_items(sheet: Sheet, section: Section) -> list[PlanItem]:
    return list(sheet.plan_items.all()) if section.review_field else []


@login_required
def section_edit(request, pk: int, key: str):
    user = request.user
    sheet = _sheet(user, pk, change=True)
    section = _section(sheet, key)
    items = _review_items(sheet, section)

    def current() -> tuple[dict, int]:
        now = _section(sheet, key)
        return services.section_state(now, items=_review_items(sheet, now)), now.version

    def save(state: dict, seen: int | None) -> None:
        services.section_update(user=user, section=_section(sheet, key), seen_version=seen, **save_kwargs(state))

    editing = _Editing(sheet=sheet, section_key=key, item=None, title=str(section.get_key_display()),
                       anchor=f"section-{key}", draft_key=drafts.draft_key(user, "section", section.pk),
                       fields=section_fields(section, items), current=current, save=save)
    form = SectionForm(request.POST or None, section=section, items=items,
                       reviewer=sheet.can_be_reviewed_by(user))
    return _edit(request, editing, form, "sheets/section_form.html", {
        "sheet": sheet, "section": section, "form": form, "items": items, "draft_key": editing.draft_key,
        "draft_version": form["version"].value() or 0, "comments": section.comments.filter(resolved=False),
    })


def _item(sheet: Sheet, item_pk: int) -> PlanItem:
    try:
        return sheet.plan_items.get(pk=item_pk)
    except PlanItem.DoesNotExist:
        raise Http404 from None


@login_required
def item_create(request, pk: int):
    user = request.user
    sheet = _sheet(user, pk, change=True)
    form = PlanItemForm(request.POST or None)
    draft_key = drafts.draft_key(user, "plan-item", sheet.pk, "new")
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_create(user=user, sheet=sheet, **form.state())
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            return _saved(request, sheet, draft_key, f"item-{item.pk}")
    return render(request, "sheets/item_form.html", {"sheet": sheet, "form": form, "item": None,
                                                     "draft_key": draft_key, "draft_version": 0})


@login_required
def item_edit(request, pk: int, item_pk: int):
    user = request.user
    sheet = _sheet(user, pk, change=True)
    item = _item(sheet, item_pk)

    def current() -> tuple[dict, int]:
        now = _item(sheet, item_pk)
        return services.item_state(now), now.version

    def save(state: dict, seen: int | None) -> None:
        services.plan_item_update(user=user, item=_item(sheet, item_pk), seen_version=seen, **state)

    editing = _Editing(sheet=sheet, section_key=SectionKey.PLAN, item=item, title=item.title, anchor=f"item-{item.pk}",
                       draft_key=drafts.draft_key(user, "plan-item", item.pk), fields=item_fields(), current=current,
                       save=save)
    form = PlanItemForm(request.POST or None, initial={**services.item_state(item), "version": item.version})
    return _edit(request, editing, form, "sheets/item_form.html", {
        "sheet": sheet, "form": form, "item": item, "draft_key": editing.draft_key,
        "draft_version": form["version"].value() or 0,
    })


@login_required
@require_POST
def item_move(request, pk: int, item_pk: int):
    sheet = _sheet(request.user, pk, change=True)
    item = _item(sheet, item_pk)
    services.plan_item_move(user=request.user, item=item, by=-1 if request.POST.get("to") == "up" else 1)
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#item-{item.pk}")


@login_required
def item_delete(request, pk: int, item_pk: int):
    sheet = _sheet(request.user, pk, change=True)
    item = _item(sheet, item_pk)
    if request.method == "POST":
        services.plan_item_delete(user=request.user, item=item)
        messages.success(request, _("「%(title)s」を計画から外しました。書いてあった内容は変更の記録に残っています。") % {
            "title": item.title})
        return redirect(reverse("sheets:detail", args=[sheet.pk]) + "#section-plan")
    memos = item.memos.live().visible_to(request.user).count()
    return render(request, "sheets/item_delete.html", {"sheet": sheet, "item": item, "memo_count": memos})


# --- comments, history -----------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request, pk: int, key: str):
    sheet = _sheet(request.user, pk)
    if not sheet.can_be_reviewed_by(request.user):
        raise Http404
    section = _section(sheet, key)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(user=request.user, section=section, text=form.cleaned_data["text"])
        messages.success(request, _("コメントを書きました。"))
    else:
        messages.error(request, _("コメントを書いてください。"))
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#section-{key}")


@login_required
@require_POST
def comment_resolve(request, pk: int, comment_pk: int):
    sheet = _sheet(request.user, pk)
    if not (sheet.can_be_written_by(request.user) or sheet.can_be_reviewed_by(request.user)):
        raise Http404
    comment = SectionComment.objects.filter(pk=comment_pk, section__sheet=sheet).select_related("section").first()
    if comment is None:
        raise Http404
    services.comment_resolve(user=request.user, comment=comment, resolved=request.POST.get("resolved", "1") == "1")
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#section-{comment.section.key}")


@login_required
def sheet_history(request, pk: int):
    sheet = _sheet(request.user, pk)
    return render(request, "sheets/sheet_history.html", {"sheet": sheet, "changes": history.changes_in_words(sheet)})
