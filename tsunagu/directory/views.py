"""Staff screens of the directory: list, detail, edit with schedules and map, history, restore."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.directory import access, contacts, freshness, history, importers, services
from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.forms import ListingForm, LocationForm, ScheduleForm, ScheduleFormSet, StaffFilterForm
from tsunagu.directory.models import Listing, Proposal, Report, Status
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.places.models import Kind, Place


@login_required
def listing_list(request):
    form = StaffFilterForm(request.GET or None, user=request.user)
    listings = Listing.objects.visible_to(request.user).select_related("place", "organisation", "location")
    if form.is_valid():
        listings = form.filter(listings)
    page = Paginator(listings.order_by("name_kana", "name"), 50).get_page(request.GET.get("page"))
    return render(request, "directory/listing_list.html", {
        "form": form, "page": page,
        "can_add": policy.can_anywhere(request.user, access.EDIT),
        "can_edit_taxonomy": policy.can_anywhere(request.user, access.EDIT_CATEGORIES),
        "can_edit_synonyms": policy.can_anywhere(request.user, access.EDIT_SYNONYMS),
        "stale_count": Listing.objects.changeable_by(request.user).stale().exclude(status=Status.ENDED).count()
        if policy.can_anywhere(request.user, access.EDIT) else 0,
        "open_proposals": Proposal.objects.filter(
            state=Proposal.State.OPEN, listing__in=Listing.objects.changeable_by(request.user)
        ).count(),
        "open_reports": Report.objects.filter(
            resolved_at=None, listing__in=Listing.objects.changeable_by(request.user)
        ).select_related("listing")[:20],
    })


def _listing(user, pk: int, *, change: bool = False) -> Listing:
    listings = Listing.objects.changeable_by(user) if change else Listing.objects.visible_to(user)
    return one_or_404(listings.select_related("place", "location", "organisation"), pk)


@login_required
def listing_detail(request, pk: int):
    listing = _listing(request.user, pk)
    schedules = list(listing.schedules.all())
    can_edit = policy.can_at(request.user, access.EDIT, listing.place)
    see_subsidies = policy.can_at(request.user, access.VIEW_SUBSIDIES, listing.place)
    return render(request, "directory/listing_detail.html", {
        "listing": listing,
        "schedules": schedules,
        "schedule_text": schedule_rules.describe_all(schedules, listing.schedule_note),
        "next_dates": schedule_rules.next_dates(schedules, timezone.localdate(), count=5),
        "stand_in": contacts.stand_in(listing),
        "can_edit": can_edit,
        "versions": _versions(listing) if can_edit else [],
        "reports": listing.reports.filter(resolved_at=None) if can_edit else [],
        "proposals": listing.proposals.filter(state=Proposal.State.OPEN) if can_edit else [],
        "leader_url": freshness.leader_url(listing, request.build_absolute_uri("/")) if can_edit else "",
        "status_changes": list(listing.status_changes.select_related("recorded_by")),
        "see_subsidies": see_subsidies,
        "subsidies": list(listing.subsidies.select_related("responsible")) if see_subsidies else [],
    })


def _versions(listing: Listing, limit: int = 30) -> list:
    versions = list(listing.versions.select_related("actor")[:limit])
    for version in versions:
        # The first version records everything as new; show it as the listing's creation, briefly.
        version.readable = history.readable(version.changes) if version.number > 1 else []
    return versions


def _nearest_block(place: Place | None, lat: float, lng: float) -> Place | None:
    """The 町丁目 whose representative point is nearest, within the listing's ward."""
    ward = place.ancestor_of_kind(Kind.WARD) if place else None
    if ward is None:
        return None
    blocks = Place.objects.under(ward).filter(kind=Kind.BLOCK).exclude(latitude=None)
    k = math.cos(math.radians(lat))
    return min(blocks, key=lambda b: (b.latitude - lat) ** 2 + ((b.longitude - lng) * k) ** 2, default=None)


def _location_data(form: LocationForm, place: Place | None) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "block_name"}
    block = None
    name = form.cleaned_data.get("block_name", "").strip()
    if name:
        ward = place.ancestor_of_kind(Kind.WARD) if place else None
        candidates = Place.objects.filter(kind=Kind.BLOCK, name=name)
        if ward:
            candidates = candidates.filter(path__startswith=ward.path)
        block = candidates.first()
    if data.get("latitude") is not None:
        block = block or _nearest_block(place, data["latitude"], data["longitude"])
    elif block is not None and block.latitude is not None:
        data["latitude"], data["longitude"] = block.latitude, block.longitude
    data["block_id"] = block.pk if block else None
    return data


def _check_rests(note: str, schedules: list[dict]) -> None:
    """Refuse a note that says 祝日休み / 年末年始は休み while no repeat rule rests then: the next
    dates would contradict the text (importers reads the same words into the rules' flags)."""
    _text, rests = importers.rest_days(note or "")
    repeating = [s for s in schedules if s.get("freq")]
    if repeating and any(not any(s.get(flag) for s in repeating) for flag in rests):
        raise ValidationError({"schedule_note": _(
            "日時の補足に「祝日」「年末年始」の休みが書いてあります。次の開催日がこれと食い違わないよう、"
            "日時の欄の「祝日は休み」「年末年始は休み」にもチェックを入れてください。")})


def _edit(request, listing: Listing | None):
    user = request.user
    form = ListingForm(request.POST or None, instance=listing, user=user,
                       initial=None if listing else {"place": request.GET.get("place")})
    location_form = LocationForm(request.POST or None, instance=listing.location if listing else None,
                                 prefix="location")
    initial = [ScheduleForm.initial_from(s) for s in listing.schedules.all()] if listing else []
    formset = ScheduleFormSet(request.POST or None, initial=initial, prefix="schedules")
    conflict = None
    if request.method == "POST" and form.is_valid() and location_form.is_valid() and formset.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "categories")}
        # A row with no repetition chosen, or ticked for deletion, is not a schedule.
        schedules = [
            f.to_schedule() for f in formset.forms
            if f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")
        ]
        location = _location_data(location_form, fields.get("place"))
        try:
            _check_rests(fields.get("schedule_note", ""), schedules)
            with transaction.atomic():
                if listing is None:
                    saved = services.listing_create(user=user, fields=fields, categories=form.cleaned_data["categories"],
                                                    location=location, schedules=schedules)
                else:
                    saved = services.listing_update(user=user, listing=listing,
                                                    seen_version=form.cleaned_data.get("version"), fields=fields,
                                                    categories=form.cleaned_data["categories"], location=location,
                                                    schedules=schedules)
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": saved.name})
            return redirect("directory:detail", pk=saved.pk)
    blocks = policy.places_where(user, access.EDIT).filter(kind=Kind.BLOCK).order_by("name")
    return render(request, "directory/listing_form.html", {
        "form": form, "location_form": location_form, "formset": formset, "listing": listing,
        "conflict": conflict, "blocks": blocks.values_list("name", flat=True)[:3000],
    })


@login_required
def listing_create(request):
    if not policy.can_anywhere(request.user, access.EDIT):
        raise Http404
    return _edit(request, None)


@login_required
def listing_edit(request, pk: int):
    return _edit(request, _listing(request.user, pk, change=True))


@login_required
@require_POST
def listing_restore(request, pk: int, number: int):
    listing = _listing(request.user, pk, change=True)
    if not listing.versions.filter(number=number).exists():
        raise Http404
    services.listing_restore(user=request.user, listing=listing, number=number)
    messages.success(request, _("第%(number)s版の内容に戻しました。戻す前の内容も記録に残っています。") % {"number": number})
    return redirect("directory:detail", pk=listing.pk)


@login_required
@require_POST
def listing_confirm(request, pk: int):
    listing = _listing(request.user, pk, change=True)
    how = request.POST.get("how", "").strip()[:100] or _("職員が確認")
    services.listing_confirm(listing=listing, by=str(request.user), how=how, actor=request.user)
    messages.success(request, _("「%(name)s」を確認済みにしました。") % {"name": listing.name})
    return redirect("directory:detail", pk=listing.pk)


@login_required
@require_POST
def report_resolve(request, pk: int, report_pk: int):
    listing = _listing(request.user, pk, change=True)
    report = listing.reports.filter(pk=report_pk, resolved_at=None).first()
    if report is None:
        raise Http404
    report.resolved_at, report.resolved_by = timezone.now(), request.user
    report.save(update_fields=["resolved_at", "resolved_by"])
    messages.success(request, _("住民からの知らせを対応済みにしました。"))
    return redirect("directory:detail", pk=listing.pk)
