"""取組メモ's screens: list with filters, detail, write and edit (phone-first), delete with 元に戻す,
and the editable lists of kinds and stages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.models import AuditEntry
from tsunagu.directory.models import Listing
from tsunagu.lib import conflicts, drafts
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.memos import access, services
from tsunagu.memos import conflicts as memo_conflicts
from tsunagu.memos.forms import MemoFilterForm, MemoForm, TermForm
from tsunagu.memos.models import (
    Memo,
    MemoKind,
    Stage,
    can_edit_terms,
    can_write_memo_at,
    places_for_memos,
    term_wards,
)
from tsunagu.people import policy, reach
from tsunagu.places.models import Place
from tsunagu.sheets.models import PlanItem, Sheet
from tsunagu.teams.models import Team

TERM_MODELS = {"kind": MemoKind, "stage": Stage}


def _require_records(user) -> None:
    # Care managers and accounts without a role read none of the coordinators' records.
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _memo(user, pk, *, change: bool = False, deleted: bool = False) -> Memo:
    """A memo this user may read (or change); deleted ones only with deleted=True, for 元に戻す."""
    memos = Memo.objects.changeable_by(user) if change else Memo.objects.visible_to(user)
    memos = memos.deleted() if deleted else memos.live()
    return one_or_404(memos.select_related("place", "kind", "stage", "author", "team"), pk)


@login_required
def memo_list(request):
    user = request.user
    _require_records(user)
    form = MemoFilterForm(request.GET or None, user=user)
    memos = Memo.objects.live().visible_to(user).select_related("place", "kind", "stage")
    plan_item = None
    if form.is_valid():
        memos = form.filter(memos)
        if form.cleaned_data.get("plan_item"):
            plan_item = _visible_plan_item(user, form.cleaned_data["plan_item"])
    undo = None
    if pk := request.session.pop("memo_undo", None):
        undo = Memo.objects.deleted().changeable_by(user).filter(pk=pk).first()
    return render(request, "memos/memo_list.html", {
        "form": form, "page": Paginator(memos, 30).get_page(request.GET.get("page")), "plan_item": plan_item,
        "undo": undo, "can_write": places_for_memos(user).exists(),
        "can_edit_terms": can_edit_terms(user, None) or term_wards(user).exists(),
    })


def _visible_plan_item(user, pk: int):
    return PlanItem.objects.filter(pk=pk, sheet__in=Sheet.objects.visible_to(user)).select_related("sheet__place").first()


@login_required
def memo_detail(request, pk: int):
    memo = _memo(request.user, pk)
    can_edit = can_write_memo_at(request.user, memo.place)
    return render(request, "memos/memo_detail.html", {
        "memo": memo, "can_edit": can_edit,
        "plan_items": memo.plan_items.filter(sheet__in=Sheet.objects.visible_to(request.user)).select_related("sheet__place"),
        "organisations": memo.organisations.filter(pk__in=reach.linkable_organisations(request.user).values("pk")),
        "listings": memo.listings.filter(pk__in=Listing.objects.visible_to(request.user).values("pk")),
        "history": AuditEntry.objects.about(memo)[:20] if can_edit else [],
        "drafts_clear": drafts.to_clear(request),
    })


@login_required
def memo_create(request):
    if not places_for_memos(request.user).exists():
        raise Http404
    return _edit(request, None)


@login_required
def memo_edit(request, pk: int):
    return _edit(request, _memo(request.user, pk, change=True))


def _edit(request, memo: Memo | None):
    user = request.user
    key = drafts.draft_key(user, "memo", memo.pk if memo else "new")
    if memo is not None and request.method == "POST" and "resolve" in request.POST:
        return _resolve(request, memo, key)
    # 「このチームのメモを書く」 on a team's page opens the form with the team chosen.
    team = (Team.objects.visible_to(user).filter(pk=request.GET["team"]).first()
            if memo is None and request.GET.get("team", "").isdigit() else None)
    form = MemoForm(request.POST or None, user=user, memo=memo, initial=MemoForm.initial_for(user, memo, team=team))
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(user, memo, form, form.cleaned_data.get("version"))
        except EditConflict as exc:
            mine = memo_conflicts.state_of_form(form.cleaned_data)
            return _render_conflict(request, memo, _conflict(user, exc.current, mine=mine, base=form.base_state()))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _saved(request, saved, key)
    return render(request, "memos/memo_form.html", {
        "form": form, "memo": memo, "draft_key": key, "draft_version": form["version"].value() or 0,
    })


def _save(user, memo: Memo | None, form: MemoForm, seen: int | None) -> Memo:
    try:
        if memo is None:
            return services.memo_create(user=user, **form.service_kwargs())
        return services.memo_update(user=user, memo=memo, seen_version=seen, **form.service_kwargs())
    except PermissionDenied:
        raise Http404 from None


def _saved(request, memo: Memo, key: str):
    drafts.saved(request, key)
    messages.success(request, _("取組メモ「%(title)s」を保存しました。") % {"title": memo.title})
    return redirect("memos:detail", pk=memo.pk)


def _conflict(user, current: Memo, *, mine: dict, base: dict | None) -> conflicts.Conflict:
    """This person's input against the memo as saved now, field by field (tsunagu/memos/conflicts.py)."""
    theirs = memo_conflicts.state_of_memo(current, user)
    saved = AuditEntry.objects.about(current).first()
    return conflicts.build(
        memo_conflicts.fields(mine, theirs, base or {}), mine=mine, base=base, base_version=None,
        theirs=conflicts.Saved(theirs, current.version, saved.actor_name if saved else "", current.updated_at))


def _resolve(request, memo: Memo, key: str):
    """The choices made on the conflict screen, checked by the memo's form as if typed, then saved
    against the version the screen showed (someone saving yet again meets a new screen)."""
    user = request.user
    mine, seen, _base = conflicts.posted(request.POST)
    current = Memo.objects.get(pk=memo.pk)
    conflict = _conflict(user, current, mine=mine, base=None)
    if seen != current.version:
        conflict.errors = [str(EditConflict(current))]
        return _render_conflict(request, memo, conflict)
    chosen = conflicts.resolve(conflict, request.POST)
    if chosen is None:
        return _render_conflict(request, memo, conflict)
    form = MemoForm(memo_conflicts.form_data(chosen, seen), user=user, memo=memo)
    if not form.is_valid():
        conflict.errors = memo_conflicts.errors_of(form)
        return _render_conflict(request, memo, conflict)
    try:
        saved = _save(user, memo, form, seen)
    except EditConflict as exc:
        return _render_conflict(request, memo, _conflict(user, exc.current, mine=chosen, base=None))
    except ValidationError as exc:
        conflict.errors = exc.messages
        return _render_conflict(request, memo, conflict)
    return _saved(request, saved, key)


def _render_conflict(request, memo: Memo, conflict: conflicts.Conflict):
    return render(request, "memos/memo_conflict.html", {"memo": memo, "conflict": conflict}, status=409)


@login_required
def memo_links(request):
    """The plan items, groups and listings to tick for the chosen place and date (htmx)."""
    if not places_for_memos(request.user).exists():
        raise Http404
    memo = None
    if request.GET.get("memo"):
        memo = _memo(request.user, request.GET["memo"], change=True)
    form = MemoForm(request.GET, user=request.user, memo=memo)
    return render(request, "memos/_memo_links.html", {"form": form})


@login_required
def memo_delete(request, pk: int):
    memo = _memo(request.user, pk, change=True)
    if request.method == "POST":
        services.memo_delete(user=request.user, memo=memo)
        request.session["memo_undo"] = memo.pk
        messages.success(request, _("取組メモ「%(title)s」を削除しました。") % {"title": memo.title})
        return redirect("memos:list")
    return render(request, "memos/memo_delete.html", {"memo": memo})


@login_required
@require_POST
def memo_restore(request, pk: int):
    memo = _memo(request.user, pk, change=True, deleted=True)
    services.memo_restore(user=request.user, memo=memo)
    messages.success(request, _("取組メモ「%(title)s」を元に戻しました。") % {"title": memo.title})
    return redirect("memos:detail", pk=memo.pk)


@login_required
def memo_trash(request):
    if not places_for_memos(request.user).exists():
        raise Http404
    memos = Memo.objects.deleted().changeable_by(request.user).select_related("place", "deleted_by")
    return render(request, "memos/memo_trash.html", {"memos": memos.order_by("-deleted_at")[:100]})


# --- the editable lists ----------------------------------------------------------------------


def _term_lists(ward: Place | None, editable: bool) -> dict:
    return {"ward": ward, "editable": editable, "kinds": MemoKind.objects.filter(ward=ward),
            "stages": Stage.objects.filter(ward=ward)}


@login_required
def term_list(request):
    user = request.user
    defaults_editable = can_edit_terms(user, None)
    wards = list(term_wards(user).order_by("code"))
    if not defaults_editable and not wards:
        raise Http404
    chosen = next((w for w in wards if str(w.pk) == request.GET.get("ward")), wards[0] if wards else None)
    # A ward's 1層Co sees the shared defaults too (read only): their own entries come after them.
    lists = [_term_lists(None, defaults_editable)]
    if chosen is not None:
        lists.append(_term_lists(chosen, True))
    return render(request, "memos/term_list.html", {"lists": lists, "wards": wards, "chosen": chosen})


def _term_model(name: str):
    try:
        return TERM_MODELS[name]
    except KeyError:
        raise Http404 from None


@login_required
def term_create(request, model: str):
    Model = _term_model(model)
    ward = None
    if pk := request.GET.get("ward") or request.POST.get("ward"):
        ward = term_wards(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
        if ward is None:
            raise Http404
    if not can_edit_terms(request.user, ward):
        raise Http404
    return _term_form(request, Model, None, ward)


@login_required
def term_edit(request, model: str, pk: int):
    Model = _term_model(model)
    term = one_or_404(Model.objects.select_related("ward"), pk)
    if not can_edit_terms(request.user, term.ward):
        raise Http404
    return _term_form(request, Model, term, term.ward)


def _term_form(request, Model, term, ward):
    initial = {"name": term.name, "order": term.order, "active": term.active} if term else None
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_save(user=request.user, model=Model, term=term, ward=ward, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("memos:terms") + (f"?ward={ward.pk}" if ward else ""))
    return render(request, "memos/term_form.html", {
        "form": form, "term": term, "ward": ward, "model_label": Model._meta.verbose_name,
    })

