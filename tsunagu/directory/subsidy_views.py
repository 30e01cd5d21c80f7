"""A listing's 助成金 (grants) and 状態の記録 (its status through time), on its staff page.

Both are written by those who edit the listing (directory.edit); grants are read by the staff
who read records (directory.view_subsidies), the status history by everyone who sees the listing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.directory import services
from tsunagu.directory.forms import StatusChangeForm, SubsidyForm
from tsunagu.directory.models import Listing, Subsidy
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404


def _editable(user, pk: int) -> Listing:
    return one_or_404(Listing.objects.changeable_by(user).select_related("place"), pk)


def _back(listing: Listing, anchor: str):
    return redirect(f"{listing.get_absolute_url()}#{anchor}")


def _subsidy_page(request, listing: Listing, subsidy: Subsidy | None):
    form = SubsidyForm(request.POST or None, instance=subsidy, listing=listing)
    current = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = services.subsidy_save(user=request.user, listing=listing, fields=fields,
                                          subsidy=subsidy, seen_version=form.cleaned_data.get("version"))
        except EditConflict as exc:
            current = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("助成金「%(name)s」を保存しました。") % {"name": saved.name})
            return _back(listing, "subsidies")
    return render(request, "directory/subsidy_form.html",
                  {"form": form, "listing": listing, "subsidy": subsidy, "current": current})


@login_required
def subsidy_create(request, pk: int):
    return _subsidy_page(request, _editable(request.user, pk), None)


@login_required
def subsidy_edit(request, pk: int, subsidy_pk: int):
    listing = _editable(request.user, pk)
    return _subsidy_page(request, listing, one_or_404(listing.subsidies.all(), subsidy_pk))


@login_required
def subsidy_delete(request, pk: int, subsidy_pk: int):
    listing = _editable(request.user, pk)
    subsidy = one_or_404(listing.subsidies.all(), subsidy_pk)
    if request.method == "POST":
        services.subsidy_delete(user=request.user, subsidy=subsidy)
        messages.success(request, _("助成金「%(name)s」を削除しました。") % {"name": subsidy.name})
        return _back(listing, "subsidies")
    return render(request, "directory/subsidy_delete.html", {"listing": listing, "subsidy": subsidy})


@login_required
def status_add(request, pk: int):
    listing = _editable(request.user, pk)
    form = StatusChangeForm(request.POST or None, initial={"date": timezone.localdate(), "status": listing.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.status_change_add(user=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("状態の記録を追加しました。"))
            return _back(listing, "status-history")
    return render(request, "directory/status_form.html", {"form": form, "listing": listing})


@login_required
def status_delete(request, pk: int, change_pk: int):
    listing = _editable(request.user, pk)
    change = one_or_404(listing.status_changes.all(), change_pk)
    error = ""
    if request.method == "POST":
        try:
            services.status_change_delete(user=request.user, change=change)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("状態の記録を削除しました。"))
            return _back(listing, "status-history")
    return render(request, "directory/status_delete.html", {"listing": listing, "change": change, "error": error})
