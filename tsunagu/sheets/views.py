"""取組共有シート's screens: the sheets of a 年度, one sheet with its sections, plan items and the memos
under each, one section edited at a time (with the conflict screen), plan items, comments, print
and PDF, and 前年度から引き継ぐ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label
from tsunagu.lib.programme import Pillar
from tsunagu.memos import drafts
from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.sheets import conflicts, printing, services
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
    SectionStatus,
    Sheet,
    SheetChange,
)


def _require_records(user) -> None:
    if not policy.can_anywhere(user, policy.VIEW_RECORDS):
        raise Http404


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
def sheet_list(request):
    user = request.user
    _require_records(user)
    this_year = fiscal_year(timezone.localdate())
    year = _year(request.GET.get("year"), this_year)
    wards = list(policy.places(user, policy.VIEW_RECORDS).filter(kind=Kind.WARD).order_by("code"))
    ward = next((w for w in wards if str(w.pk) == request.GET.get("ward")), wards[0] if wards else None)
    areas = policy.sheet_places(user).order_by("path")
    if ward is not None:
        areas = areas.filter(path__startswith=ward.path)
    areas = list(areas.defer("boundary"))
    sheets = {s.place_id: s for s in policy.sheets(user).filter(fiscal_year__in=[year, year - 1], place__in=areas)
              .prefetch_related("sections")}
    this = {pk: s for pk, s in sheets.items() if s.fiscal_year == year}
    last_year = set(policy.sheets(user).filter(fiscal_year=year - 1, place__in=areas).values_list("place_id", flat=True))
    rows = []
    for area in areas:
        sheet = this.get(area.pk)
        rows.append({
            "area": area, "sheet": sheet,
            "sections": sorted(sheet.sections.all(), key=lambda s: s.order) if sheet else [],
            "can_write": policy.can_at(user, policy.WRITE_RECORDS, area),
            "can_carry": area.pk in last_year,
        })
    query = request.GET.get("q", "").strip()
    found = policy.sheets(user).search(query).select_related("place")[:50] if query else None
    return render(request, "sheets/sheet_list.html", {
        "rows": rows, "year": year, "years": range(this_year + 1, this_year - 5, -1), "wards": wards, "ward": ward,
        "year_label": fiscal_year_label(year), "query": query, "found": found, "section_keys": SectionKey.choices,
    })


def _area_for_new_sheet(request):
    area = policy.get_place(request.user, request.POST.get("place"), policy.WRITE_RECORDS)
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
    sheet = policy.get_sheet(user, pk)
    context = printing.sheet_context(user, sheet)
    context.update({
        "can_write": policy.can_write_sheet(user, sheet),
        "can_review": policy.can_review_sheet(user, sheet),
        "comment_form": CommentForm(),
        "drafts_clear": drafts.to_clear(request),
        "next_year": Sheet.objects.filter(place=sheet.place, fiscal_year=sheet.fiscal_year + 1).first(),
        "last_year": Sheet.objects.filter(place=sheet.place, fiscal_year=sheet.fiscal_year - 1).first(),
    })
    return render(request, "sheets/sheet_detail.html", context)


@login_required
def sheet_print(request, pk: int):
    sheet = policy.get_sheet(request.user, pk)
    return render(request, "sheets/sheet_print.html", {**printing.sheet_context(request.user, sheet), "for_pdf": False})


@login_required
def sheet_pdf(request, pk: int):
    # One sheet is two or three pages (about a second): made while the person waits, not as a job.
    sheet = policy.get_sheet(request.user, pk)
    result = printing.render_sheet_pdf(user=request.user, sheet=sheet)
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sheet-{sheet.place.code}-{sheet.fiscal_year}.pdf"'
    return response


# --- sections ------------------------------------------------------------------------------


def _section(sheet: Sheet, key: str) -> Section:
    section = sheet.sections.select_related("sheet__place").filter(key=key).first() if key in SECTION_ORDER else None
    if section is None:
        raise Http404
    return section


def _who_saved(sheet: Sheet, section_key: str, version: int, item: PlanItem | None = None) -> SheetChange | None:
    return SheetChange.objects.filter(sheet=sheet, section_key=section_key, version=version, plan_item=item).first()


@login_required
def section_edit(request, pk: int, key: str):
    user = request.user
    sheet = policy.get_sheet(user, pk, policy.WRITE_RECORDS)
    section = _section(sheet, key)
    items = list(sheet.plan_items.all()) if section.review_field else []
    fields = section_fields(section, items)
    draft_key = drafts.draft_key(user, "section", section.pk)

    def save(state: dict, seen: int) -> None:
        services.section_update(user=user, section=_section(sheet, key), seen_version=seen, **save_kwargs(state))

    def theirs() -> tuple[dict, int]:
        current = _section(sheet, key)
        return services.section_state(current, items=list(sheet.plan_items.all()) if section.review_field else []), \
            current.version

    flow = _ConflictFlow(request, fields=fields, save=save, theirs=theirs,
                         base=lambda v: services.base_state(sheet, section_key=key, version=v),
                         who=lambda v: _who_saved(sheet, key, v), draft_key=draft_key,
                         context={"sheet": sheet, "title": section.get_key_display(),
                                  "back": reverse("sheets:detail", args=[sheet.pk]) + f"#section-{key}"})
    if request.method == "POST" and "resolve" in request.POST:
        return flow.resolve() or _saved(request, sheet, draft_key, f"section-{key}")
    form = SectionForm(request.POST or None, section=section, items=items,
                       reviewer=policy.can_review_sheet(user, sheet))
    if request.method == "POST" and form.is_valid():
        try:
            save(form.state(), form.cleaned_data["version"])
        except EditConflict:
            return flow.conflict(mine=form.state(), base_version=form.cleaned_data["version"])
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            return _saved(request, sheet, draft_key, f"section-{key}")
    return render(request, "sheets/section_form.html", {
        "sheet": sheet, "section": section, "form": form, "items": items, "draft_key": draft_key,
        "draft_version": form["version"].value() or 0,
        "comments": section.comments.filter(resolved=False),
    })


def _saved(request, sheet: Sheet, draft_key: str, anchor: str):
    drafts.saved(request, draft_key)
    messages.success(request, _("保存しました。"))
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#{anchor}")


class _ConflictFlow:
    """The conflict screen and the choice made on it, for a section or a plan item.

    The page carries the person's input (mine-*), their choice per row (pick-*), merged texts
    (merged-*), the version they now compare with (version) and the one they started from
    (base_version). If someone saves yet again meanwhile, what the person chose so far becomes
    their side of a new comparison — so nothing typed is lost however often it happens.
    """

    def __init__(self, request, *, fields, save, theirs, base, who, draft_key, context):
        self.request, self.fields, self.save, self.theirs, self.base, self.who = request, fields, save, theirs, base, who
        self.draft_key, self.context = draft_key, context

    def conflict(self, *, mine: dict, base_version: int | None, picks=None, merged=None, rows=None):
        theirs, version = self.theirs()
        if rows is None:
            rows = conflicts.compare(self.fields, base=self.base(base_version), theirs=theirs, mine=mine, picks=picks,
                                     merged=merged)
        return render(self.request, "sheets/conflict.html", {
            **self.context, "rows": rows, "mine": [(name, mine.get(name, "")) for name, _l, _c in self.fields],
            "version": version, "base_version": base_version if base_version is not None else "",
            "saved_by": self.who(version), "draft_key": self.draft_key,
        }, status=409)

    def resolve(self):
        post = self.request.POST
        mine = conflicts.posted(post, self.fields, "mine")
        picks, merged = conflicts.posted(post, self.fields, "pick"), conflicts.posted(post, self.fields, "merged")
        version = _year_or_none(post.get("version"))
        base_version = _year_or_none(post.get("base_version"))
        theirs, current = self.theirs()
        rows = conflicts.compare(self.fields, base=self.base(base_version), theirs=self.base(version) or theirs,
                                 mine=mine, picks=picks, merged=merged)
        if current != version:
            # Saved again while this person was choosing: their choices so far are now their side.
            chosen, _ok = conflicts.resolve(rows, mine, strict=False)
            return self.conflict(mine=chosen, base_version=version)
        values, ok = conflicts.resolve(rows, mine)
        if not ok:
            return self.conflict(mine=mine, base_version=base_version, rows=rows)
        try:
            self.save(values, version)
        except EditConflict:
            return self.conflict(mine=values, base_version=version)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.conflict(mine=mine, base_version=base_version, rows=rows)
        except PermissionDenied:
            raise Http404 from None
        return None


def _year_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- plan items ------------------------------------------------------------------------------


def _item(sheet: Sheet, item_pk: int) -> PlanItem:
    try:
        return sheet.plan_items.get(pk=item_pk)
    except PlanItem.DoesNotExist:
        raise Http404 from None


@login_required
def item_create(request, pk: int):
    user = request.user
    sheet = policy.get_sheet(user, pk, policy.WRITE_RECORDS)
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
    sheet = policy.get_sheet(user, pk, policy.WRITE_RECORDS)
    item = _item(sheet, item_pk)
    draft_key = drafts.draft_key(user, "plan-item", item.pk)

    def save(state: dict, seen: int) -> None:
        services.plan_item_update(user=user, item=_item(sheet, item_pk), seen_version=seen, **state)

    def theirs() -> tuple[dict, int]:
        current = _item(sheet, item_pk)
        return services.item_state(current), current.version

    flow = _ConflictFlow(request, fields=item_fields(), save=save, theirs=theirs,
                         base=lambda v: services.base_state(sheet, section_key=SectionKey.PLAN, version=v, plan_item=item),
                         who=lambda v: _who_saved(sheet, SectionKey.PLAN, v, item), draft_key=draft_key,
                         context={"sheet": sheet, "title": item.title,
                                  "back": reverse("sheets:detail", args=[sheet.pk]) + f"#item-{item.pk}"})
    if request.method == "POST" and "resolve" in request.POST:
        return flow.resolve() or _saved(request, sheet, draft_key, f"item-{item.pk}")
    form = PlanItemForm(request.POST or None, initial={**services.item_state(item), "version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            save(form.state(), form.cleaned_data.get("version"))
        except EditConflict:
            return flow.conflict(mine=form.state(), base_version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            return _saved(request, sheet, draft_key, f"item-{item.pk}")
    return render(request, "sheets/item_form.html", {"sheet": sheet, "form": form, "item": item,
                                                     "draft_key": draft_key,
                                                     "draft_version": form["version"].value() or 0})


@login_required
@require_POST
def item_move(request, pk: int, item_pk: int):
    sheet = policy.get_sheet(request.user, pk, policy.WRITE_RECORDS)
    item = _item(sheet, item_pk)
    services.plan_item_move(user=request.user, item=item, by=-1 if request.POST.get("to") == "up" else 1)
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#item-{item.pk}")


@login_required
def item_delete(request, pk: int, item_pk: int):
    sheet = policy.get_sheet(request.user, pk, policy.WRITE_RECORDS)
    item = _item(sheet, item_pk)
    if request.method == "POST":
        services.plan_item_delete(user=request.user, item=item)
        messages.success(request, _("「%(title)s」を計画から外しました。書いてあった内容は変更の記録に残っています。") % {
            "title": item.title})
        return redirect(reverse("sheets:detail", args=[sheet.pk]) + "#section-plan")
    memos = policy.memos(request.user).for_plan_item(item).count()
    return render(request, "sheets/item_delete.html", {"sheet": sheet, "item": item, "memo_count": memos})


# --- comments, history -----------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request, pk: int, key: str):
    sheet = policy.get_sheet(request.user, pk)
    if not policy.can_review_sheet(request.user, sheet):
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
    sheet = policy.get_sheet(request.user, pk)
    if not (policy.can_write_sheet(request.user, sheet) or policy.can_review_sheet(request.user, sheet)):
        raise Http404
    comment = SectionComment.objects.filter(pk=comment_pk, section__sheet=sheet).select_related("section").first()
    if comment is None:
        raise Http404
    services.comment_resolve(user=request.user, comment=comment, resolved=request.POST.get("resolved", "1") == "1")
    return redirect(reverse("sheets:detail", args=[sheet.pk]) + f"#section-{comment.section.key}")


HOW = {"create": gettext_lazy("作成"), "carry": gettext_lazy("前年度から引き継ぎ"), "edit": gettext_lazy("編集"),
       "item_add": gettext_lazy("項目を追加"), "item_edit": gettext_lazy("項目を編集"),
       "item_move": gettext_lazy("並べ替え"), "item_remove": gettext_lazy("計画から外す")}
FIELD_LABELS = {"text": gettext_lazy("内容"), "status": gettext_lazy("状態"), "title": gettext_lazy("取組"),
                "pillar": gettext_lazy("柱"), "goal": gettext_lazy("目標"), "review_half": gettext_lazy("上半期の振り返り"),
                "review_year": gettext_lazy("年度末の振り返り"), "order": gettext_lazy("順番")}


def _readable(change: SheetChange, titles: dict[int, str]) -> list[tuple[str, list]]:
    """A change in words: field labels, and statuses and pillars by name."""
    names = {**dict(SectionStatus.choices), **dict(Pillar.choices)}
    rows = []
    for field, (old, new) in change.changes.items():
        if field.startswith("item-"):
            title = titles.get(_year_or_none(field.removeprefix("item-")), "")
            label = _("「%(title)s」の振り返り") % {"title": title} if title else _("計画の項目の振り返り")
        else:
            label = str(FIELD_LABELS.get(field, field))
        if field in ("status", "pillar"):
            old, new = str(names.get(old, old or "")), str(names.get(new, new or ""))
        rows.append((label, [old, new]))
    return rows


@login_required
def sheet_history(request, pk: int):
    sheet = policy.get_sheet(request.user, pk)
    changes = list(sheet.changes.exclude(how="create", changes={}).select_related("actor")[:300])
    titles = {item.pk: item.title for item in sheet.plan_items.all()}
    titles.update({c.plan_item_id: c.subject for c in changes if c.plan_item_id and c.plan_item_id not in titles})
    for change in changes:
        change.readable = _readable(change, titles)
        change.how_label = HOW.get(change.how, change.how)
    return render(request, "sheets/sheet_history.html", {"sheet": sheet, "changes": changes})
