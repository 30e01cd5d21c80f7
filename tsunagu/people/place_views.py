from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.models import AuditEntry
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.spreadsheets import attachment, write_csv, write_xlsx
from tsunagu.lib.uploads import refuse_too_large
from tsunagu.people import access, policy, reach
from tsunagu.people import place_importers as importers
from tsunagu.people import place_services as services
from tsunagu.people.place_forms import PlaceForm, PlaceImportForm, PlaceMoveForm
from tsunagu.places import maps
from tsunagu.places.models import Kind, Place

SESSION_IMPORT = "places_import"


def _roots(user) -> list[Place]:
    return list(Place.objects.filter(path__in=policy.prefixes(user, access.VIEW)))


@login_required
def place_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    places = None
    if query or kind:
        places = reach.places(request.user).search(query).select_related("parent")
        if kind in Kind.values:
            places = places.filter(kind=kind)
        places = places[:200]
    return render(
        request,
        "places/place_list.html",
        {"roots": _roots(request.user), "places": places, "query": query, "kind": kind, "kinds": Kind.choices,
         "can_import": policy.can_anywhere(request.user, access.EDIT_PLACES)},
    )


@login_required
def place_detail(request, pk: int):
    place = reach.get_place(request.user, pk)
    visible = reach.places(request.user)
    children = visible.filter(parent=place).exclude(kind=Kind.BLOCK).annotate(n_children=Count("children"))
    blocks = visible.filter(parent=place, kind=Kind.BLOCK)
    under = visible.under(place, include_self=False)
    counts = {row["kind"]: row["n"] for row in under.values("kind").annotate(n=Count("pk"))}
    organisations = place.organisations.order_by("kind", "name_kana")
    visible_ids = set(visible.filter(pk__in=[a.pk for a in place.ancestors()]).values_list("pk", flat=True))
    place_map = maps.place_map(place, visible)
    return render(
        request,
        "places/place_detail.html",
        {
            "place": place,
            "ancestors": [(a, a.pk in visible_ids) for a in place.ancestors()],
            "children": children,
            "blocks": blocks,
            "counts": [(label, counts.get(value, 0)) for value, label in Kind.choices if value in counts],
            "organisations": organisations,
            "map": place_map,
            "history": AuditEntry.objects.about(place)[:20] if reach.can(request.user, access.EDIT_PLACES, place) else [],
            "can_add_child": reach.can(request.user, access.EDIT_PLACES, place) and place.kind != Kind.BLOCK,
            "can_change": reach.can_change_place(request.user, place),
            "can_add_organisation": reach.can(request.user, access.EDIT_ORGANISATIONS, place),
        },
    )


@login_required
def place_create(request, parent_pk: int):
    parent = reach.get_place(request.user, parent_pk, access.EDIT_PLACES)
    form = PlaceForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            place = services.place_create(user=request.user, parent=parent, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(name)s」を登録しました。") % {"name": place.name})
            return redirect("places:detail", pk=place.pk)
    return render(request, "places/place_form.html", {"form": form, "parent": parent})


@login_required
def place_edit(request, pk: int):
    place = reach.get_changeable_place(request.user, pk)
    form = PlaceForm(request.POST or None, instance=place)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.place_update(
                user=request.user, place=place, seen_version=form.cleaned_data.get("version"), **data
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": place.name})
            return redirect("places:detail", pk=place.pk)
    return render(request, "places/place_form.html", {"form": form, "place": place, "conflict": conflict})


@login_required
def place_move(request, pk: int):
    place = reach.get_changeable_place(request.user, pk)
    form = PlaceMoveForm(request.POST or None, user=request.user, place=place)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_update(
                user=request.user,
                place=place,
                seen_version=form.cleaned_data.get("version"),
                parent=form.cleaned_data["parent"],
            )
        except (ValidationError, EditConflict) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を移動しました。") % {"name": place.name})
            return redirect("places:detail", pk=place.pk)
    return render(request, "places/place_move.html", {"form": form, "place": place})


@login_required
def place_import(request):
    if not policy.can_anywhere(request.user, access.EDIT_PLACES):
        raise Http404
    form = PlaceImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and not refuse_too_large(request, form) and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = importers.preview(request.user, upload.read(), upload.name)
        if preview.ok:
            request.session[SESSION_IMPORT] = {"filename": upload.name, "rows": preview.to_session()}
        else:
            request.session.pop(SESSION_IMPORT, None)
    return render(request, "places/place_import.html", {"form": form, "preview": preview})


@login_required
@require_POST
def place_import_commit(request):
    if not policy.can_anywhere(request.user, access.EDIT_PLACES):
        raise Http404
    pending = request.session.get(SESSION_IMPORT)
    if not pending:
        messages.error(request, _("取り込むデータがありません。もう一度ファイルを選んでください。"))
        return redirect("places:import")
    try:
        created, updated = importers.commit(request.user, importers.rows_from_session(pending["rows"]))
    except importers.ImportFailed as exc:
        messages.error(request, str(exc))
        return redirect("places:import")
    request.session.pop(SESSION_IMPORT, None)
    messages.success(
        request,
        _("%(filename)s を取り込みました：新規 %(created)s件、更新 %(updated)s件。")
        % {"filename": pending["filename"], "created": created, "updated": updated},
    )
    return redirect("places:list")


@login_required
def place_export(request):
    fmt = request.GET.get("format", "xlsx")
    places = reach.places(request.user).exclude(kind=Kind.BLOCK)
    if request.GET.get("blocks"):
        places = reach.places(request.user)
    headers, rows = importers.export_rows(places)
    if fmt == "csv":
        return attachment(write_csv(headers, rows), "places.csv")
    return attachment(write_xlsx(headers, rows, title="場所"), "places.xlsx")
