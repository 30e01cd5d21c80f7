"""区全体の協力先's screens: the ward's board (the pipeline by status, with counts), a partner's page
(status and its history, what it offers, contact people, the contact log, the memos that name it),
and the forms to change each, every one with a way back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.lib.concurrency import EditConflict, rebased
from tsunagu.lib.lookup import one_or_404
from tsunagu.partners import access, services
from tsunagu.partners.forms import ContactForm, LogForm, PartnerCreateForm, PartnerForm, StatusForm
from tsunagu.partners.models import ContactLogEntry, Offer, Partner, Status
from tsunagu.people import policy
from tsunagu.people.models import OrganisationKind
from tsunagu.places.models import Kind

LOG_PLACE_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT)


def _wards(user):
    return policy.places_where(user, access.VIEW).filter(kind=Kind.WARD).defer("boundary").order_by("path")


def _ward(request, user):
    """The ward asked for (?ward=), or the only one this person reads; 404 for any other."""
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404
    wards = list(_wards(user))
    if pk := request.GET.get("ward") or request.POST.get("ward"):
        for ward in wards:
            if str(ward.pk) == str(pk):
                return ward, wards
        raise Http404
    return (wards[0] if wards else None), wards


def _partner(user, pk) -> Partner:
    return one_or_404(Partner.objects.visible_to(user).select_related("organisation__place", "place"), pk)


def _changeable(user, pk) -> Partner:
    partner = _partner(user, pk)
    if not services.can_write_partners(user, partner.place):
        raise Http404
    return partner


@login_required
def board(request):
    user = request.user
    ward, wards = _ward(request, user)
    partners = Partner.objects.visible_to(user).none() if ward is None else Partner.objects.visible_to(user).in_ward(ward)
    # The kinds present in the ward; one chosen narrows the counts too (南区: of the taxi companies,
    # seven consulted and two cooperating — the taxi association beside them is counted apart).
    kinds = [(k, OrganisationKind(k).label) for k in OrganisationKind.values
             if k in set(partners.values_list("organisation__kind", flat=True))]
    kind = request.GET.get("kind", "")
    if kind in dict(kinds):
        partners = partners.filter(organisation__kind=kind)
    else:
        kind = ""
    counts = partners.counts()
    offer = request.GET.get("offer", "")
    shown = partners.offering(offer) if offer in Offer.values else partners
    shown = list(shown.select_related("organisation"))
    columns = [{"status": s, "label": label, "count": counts[s], "partners": [p for p in shown if p.status == s]}
               for s, label in [(Status.COOPERATING, Status.COOPERATING.label), (Status.CONSULTING, Status.CONSULTING.label),
                                (Status.NOT_CONTACTED, Status.NOT_CONTACTED.label), (Status.DECLINED, Status.DECLINED.label)]]
    return render(request, "partners/board.html", {
        "ward": ward, "wards": wards, "counts": counts, "columns": columns, "offers": Offer.choices,
        "kinds": kinds, "kind": kind, "kind_label": dict(kinds).get(kind, ""),
        "offer": offer if offer in Offer.values else "", "can_write": services.can_write_partners(user, ward),
    })


@login_required
def partner_create(request):
    user = request.user
    ward, _wards_ = _ward(request, user)
    if not services.can_write_partners(user, ward):
        raise Http404
    form = PartnerCreateForm(request.POST or None, ward=ward)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(user=user, ward=ward, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("「%(name)s」を協力先に加えました。") % {"name": partner})
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_create.html", {"form": form, "ward": ward})


@login_required
def partner_detail(request, pk: int):
    user = request.user
    partner = _partner(user, pk)
    staff = policy.can_at(user, access.CONTACTS, partner.place)
    # The memos of this ward that name the partner, reached through the relation (memos are a
    # capability beside this one, not below it).
    memos = (partner.organisation.memos.live().visible_to(user).filter(place__path__startswith=partner.place.path)
             .select_related("place").order_by("-date", "-pk")[:20])
    return render(request, "partners/partner_detail.html", {
        "partner": partner, "staff": staff,
        "history": partner.status_changes.all(),
        "contacts": partner.contacts.all() if staff else [],
        "log": ContactLogEntry.objects.visible_to(user).filter(partner=partner).select_related("place") if staff else [],
        "memos": memos,
        "can_write": services.can_write_partners(user, partner.place),
        "can_log": _log_places(user, partner).exists(),
    })


@login_required
def partner_edit(request, pk: int):
    user = request.user
    partner = _changeable(user, pk)
    initial = {"offers": partner.offer_list, "offer": partner.offer, "area": partner.area, "note": partner.note,
               "version": partner.version}
    form = PartnerForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("version")
        try:
            services.partner_update(user=user, partner=partner, seen_version=seen, **data)
        except EditConflict as e:
            conflict = e.current
            form = rebased(PartnerForm, request.POST, conflict.version)
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner, "conflict": conflict})



@login_required
def partner_status(request, pk: int):
    user = request.user
    partner = _changeable(user, pk)
    form = StatusForm(request.POST or None, initial={"version": partner.version, "status": partner.status})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partner_set_status(user=user, partner=partner, seen_version=data["version"],
                                        status=data["status"], on=data["on"], note=data["note"])
        except EditConflict as e:
            conflict = e.current
            form = rebased(StatusForm, request.POST, conflict.version)
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("状況を「%(status)s」にしました。") % {"status": partner.get_status_display()})
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_status.html", {"form": form, "partner": partner, "conflict": conflict})


@login_required
def partner_delete(request, pk: int):
    user = request.user
    partner = _changeable(user, pk)
    if request.method == "POST":
        ward = partner.place
        services.partner_delete(user=user, partner=partner)
        messages.success(request, _("「%(name)s」を協力先から外しました。団体の登録はそのままです。") % {"name": partner})
        return redirect(f"{reverse('partners:board')}?ward={ward.pk}")
    return render(request, "partners/partner_delete.html", {"partner": partner})


@login_required
def contact_edit(request, pk: int, contact_pk: int | None = None):
    user = request.user
    partner = _changeable(user, pk)
    contact = one_or_404(partner.contacts.all(), contact_pk) if contact_pk is not None else None
    initial = {f: getattr(contact, f) for f in ("name", "title", "phone", "email", "note")} if contact else {}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(user=user, partner=partner, contact=contact, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("保存しました。"))
            return redirect(f"{partner_url(partner)}#contacts")
    return render(request, "partners/contact_form.html", {"form": form, "partner": partner, "contact": contact})


@login_required
def contact_delete(request, pk: int, contact_pk: int):
    user = request.user
    partner = _changeable(user, pk)
    contact = one_or_404(partner.contacts.all(), contact_pk)
    if request.method == "POST":
        services.contact_delete(user=user, contact=contact)
        messages.success(request, _("「%(name)s」を削除しました。") % {"name": contact.name})
        return redirect(f"{partner_url(partner)}#contacts")
    return render(request, "partners/confirm_delete.html", {"partner": partner, "what": contact.name})


def partner_url(partner: Partner) -> str:
    return reverse("partners:detail", args=[partner.pk])


def _log_places(user, partner: Partner):
    return (policy.places_where(user, access.WRITE).filter(path__startswith=partner.place.path,
                                                          kind__in=LOG_PLACE_KINDS)
            .defer("boundary").order_by("path"))


@login_required
def log_edit(request, pk: int, entry_pk: int | None = None):
    user = request.user
    partner = _partner(user, pk)
    places = _log_places(user, partner)
    if not places.exists():
        raise Http404
    entry = None
    if entry_pk is not None:
        entry = one_or_404(ContactLogEntry.objects.changeable_by(user).filter(partner=partner), entry_pk)
    initial = ({f: getattr(entry, f) for f in ("date", "place", "our_people", "their_people", "summary", "agreed")}
               | {"version": entry.version}) if entry else {"our_people": str(user)}
    form = LogForm(request.POST or None, places=places, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("version")
        try:
            if entry is None:
                services.log_create(user=user, partner=partner, **data)
            else:
                services.log_update(user=user, entry=entry, seen_version=seen, **data)
        except EditConflict as e:
            conflict = e.current
            form = rebased(LogForm, request.POST, conflict.version, places=places)
            form.add_error(None, str(e))
        except PermissionDenied:
            form.add_error("place", _("この地域には記録できません。"))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("連絡の記録を保存しました。"))
            return redirect(f"{partner_url(partner)}#log")
    return render(request, "partners/log_form.html", {"form": form, "partner": partner, "entry": entry,
                                                      "conflict": conflict})


@login_required
def log_delete(request, pk: int, entry_pk: int):
    user = request.user
    partner = _partner(user, pk)
    entry = one_or_404(ContactLogEntry.objects.changeable_by(user).filter(partner=partner), entry_pk)
    if request.method == "POST":
        services.log_delete(user=user, entry=entry)
        messages.success(request, _("連絡の記録を削除しました。"))
        return redirect(f"{partner_url(partner)}#log")
    return render(request, "partners/confirm_delete.html", {"partner": partner, "what": f"{entry.date:%Y-%m-%d}"})
