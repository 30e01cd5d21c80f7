"""お出かけ支援's screens: the outings (list, page, form, delete), their participants (staff-only,
every view of them in 操作の記録), the cars asked of companies for each day, the record after the
day, the year's summary, and the ward's taxi companies and tariffs. The dispatch plan's screens
are beside these (the plan engineer's), built on the same models."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.directory.models import Listing
from tsunagu.lib.concurrency import EditConflict, rebased
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment
from tsunagu.outings import access, services, summary
from tsunagu.outings.forms import (
    BookingForm,
    CompanyForm,
    ContactFormSet,
    DayFormSet,
    FareFormSet,
    LocationForm,
    OutingForm,
    PairForm,
    ParticipantForm,
    RecordForm,
    TariffForm,
    VehicleFormSet,
)
from tsunagu.outings.models import (
    OUTING_PLACE_KINDS,
    BookingStatus,
    Outing,
    OutingDay,
    Status,
    Tariff,
    TaxiCompany,
)
from tsunagu.people import policy
from tsunagu.places import addresses
from tsunagu.places.models import Kind, Place

# --- Helpers -------------------------------------------------------------------------------------


def _outing(user, pk) -> Outing:
    return one_or_404(Outing.objects.visible_to(user).select_related("place", "group", "destination"), pk)


def _changeable_outing(user, pk) -> Outing:
    return one_or_404(Outing.objects.changeable_by(user).select_related("place"), pk)


def _staff_outing(user, pk) -> Outing:
    """The outing, for a page with participants' personal data: 404 for anyone who may not see it."""
    outing = _outing(user, pk)
    if not services.can_see_participants(user, outing):
        raise Http404
    return outing


def _wards(user, action=access.TAXIS_VIEW):
    return policy.places_where(user, action).filter(kind=Kind.WARD).defer("boundary").order_by("path")


def _ward_of(place: Place) -> Place:
    return place if place.kind == Kind.WARD else (place.ancestor_of_kind(Kind.WARD) or place)


def _companies(user, ward: Place | None = None):
    companies = TaxiCompany.objects.visible_to(user).select_related("place", "partner")
    if ward is not None:
        companies = companies.filter(Q(place=ward) | Q(place__path__in=_above(ward)))
    return companies


def _above(place: Place) -> list[str]:
    parts = [p for p in place.path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts))]


def _chosen_ward(request, wards: list[Place]) -> Place:
    """The ward asked for (?ward=, or the form's), or the only one there is; 404 for any other."""
    asked = request.GET.get("ward") or request.POST.get("ward")
    if asked:
        for ward in wards:
            if str(ward.pk) == asked:
                return ward
        raise Http404
    if len(wards) == 1:
        return wards[0]
    raise Http404



# --- Outings -------------------------------------------------------------------------------------


@login_required
def outing_list(request):
    user = request.user
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404
    outings = (Outing.objects.visible_to(user).select_related("place")
               .annotate(n_participants=Count("participants", distinct=True))
               .prefetch_related("days"))
    status = request.GET.get("status", "")
    if status in Status.values:
        outings = outings.filter(status=status)
    return render(request, "outings/outing_list.html", {
        "outings": outings[:200], "statuses": Status.choices, "status": status,
        "can_create": services_places(user).exists(),
        "can_see_taxis": policy.can_anywhere(user, access.TAXIS_VIEW),
    })


def services_places(user):
    return policy.places_where(user, access.WRITE).filter(kind__in=OUTING_PLACE_KINDS).defer("boundary")


def _listings(user, places):
    wards = {_ward_of(p).path for p in places[:50]}
    q = Q(pk__in=[])
    for path in wards:
        q |= Q(place__path__startswith=path)
    return Listing.objects.filter(q)


@login_required
def outing_create(request):
    return _outing_form(request, None)


@login_required
def outing_edit(request, pk: int):
    return _outing_form(request, _changeable_outing(request.user, pk))


def _outing_form(request, outing: Outing | None):
    user = request.user
    places = services_places(user).order_by("path")
    if not places.exists():
        raise Http404
    initial = {"version": outing.version} if outing else {"place": request.GET.get("place")}
    form = OutingForm(request.POST or None, instance=outing, initial=initial, places=places,
                      listings=_listings(user, list(places)))
    day_initial = [{"date": d.date, "arrive_by": d.arrive_by, "leave_at": d.leave_at, "note": d.note}
                   for d in outing.days.all()] if outing else []
    # Initial rows only to show: posted rows are all checked, whatever the management form says.
    days = DayFormSet(request.POST or None, initial=None if request.method == "POST" else day_initial, prefix="days")
    conflict = None
    if request.method == "POST" and form.is_valid() and days.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if fields.get("destination_latitude") is None and fields.get("destination_address"):
            # No point given: the 町丁目 the address names (a listing's venue is read at plan time).
            found = addresses.resolve(fields["destination_address"])
            if found.point is not None:
                fields["destination_latitude"] = found.point.latitude
                fields["destination_longitude"] = found.point.longitude
        rows = [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in days.forms
                if f.cleaned_data.get("date") and not f.cleaned_data.get("DELETE")]
        try:
            if not rows:
                raise ValidationError(_("日付を1日以上入れてください。"))
            if outing is None:
                saved = services.outing_create(user=user, days=rows, **fields)
            else:
                saved = services.outing_update(user=user, outing=outing, seen_version=form.cleaned_data["version"],
                                               days=rows, **fields)
        except EditConflict as e:
            conflict = e.current
            form = rebased(OutingForm, request.POST, conflict.version, instance=outing, places=places,
                            listings=_listings(user, list(places)))
            form.add_error(None, str(e))
        except PermissionDenied:
            form.add_error("place", _("この地域には登録できません。"))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("「%(title)s」を保存しました。") % {"title": saved.title})
            return redirect("outings:detail", saved.pk)
    return render(request, "outings/outing_form.html", {"form": form, "days": days, "outing": outing,
                                                        "conflict": conflict})


@login_required
def outing_detail(request, pk: int):
    user = request.user
    outing = _outing(user, pk)
    staff = services.can_see_participants(user, outing)
    days = list(outing.days.prefetch_related("bookings__company", "bookings__vehicle", "bookings__steps", "fares")
                .annotate(n_riders=Count("attendances", distinct=True),
                          n_came=Count("attendances", filter=Q(attendances__came=True), distinct=True)))
    for day in days:
        day.room = day.capacity()
    counts = outing.participants.aggregate(
        total=Count("pk"), wheelchair=Count("pk", filter=Q(wheelchair=True)),
        no_consent=Count("pk", filter=Q(consent_on__isnull=True)))
    return render(request, "outings/outing_detail.html", {
        "outing": outing, "days": days, "counts": counts, "staff": staff,
        "can_write": policy.can_at(user, access.WRITE, outing.place),
    })


@login_required
def outing_delete(request, pk: int):
    user = request.user
    outing = _changeable_outing(user, pk)
    if request.method == "POST":
        services.outing_delete(user=user, outing=outing)
        messages.success(request, _("「%(title)s」を削除しました。参加者の記録も消えました。") % {"title": outing.title})
        return redirect("outings:list")
    return render(request, "outings/confirm_delete.html", {
        "what": outing.title, "back": reverse("outings:detail", args=[outing.pk]),
        "warning": _("参加者%(n)s人の記録、車の手配、当日の実績もいっしょに消えます。") % {"n": outing.participants.count()}})


# --- Participants (staff-only, audited) ------------------------------------------------------------


@login_required
def participant_list(request, pk: int):
    user = request.user
    outing = _staff_outing(user, pk)
    participants = list(outing.participants.prefetch_related("days").select_related("block"))
    services.looked_at_participants(user, outing)
    names = {p.pk: p.name for p in participants}
    pairs = [(names.get(pair.first_id), names.get(pair.second_id), pair) for pair in outing.pairs.all()]
    return render(request, "outings/participants.html", {
        "outing": outing, "participants": participants, "pairs": pairs,
        "days": list(outing.days.all()),
        "no_consent": [p for p in participants if not p.consented],
        "can_write": policy.can_at(user, access.WRITE, outing.place),
        "pair_form": PairForm(outing=outing),
    })


def _blocks(outing: Outing):
    ward = _ward_of(outing.place)
    return [p.query.removeprefix(ward.name) for p in addresses.ward_towns(ward)][:3000]


@login_required
def participant_edit(request, pk: int, participant_pk: int | None = None):
    user = request.user
    outing = _staff_outing(user, pk)
    if not policy.can_at(user, access.WRITE, outing.place):
        raise Http404
    participant = one_or_404(outing.participants.all(), participant_pk) if participant_pk is not None else None
    if participant is not None and request.method == "GET":
        services.looked_at_participant(user, participant)
    initial = {"version": participant.version} if participant else {}
    form = ParticipantForm(request.POST or None, instance=participant, initial=initial, outing=outing)
    location = LocationForm(request.POST or None, prefix="location",
                            initial={"latitude": participant.latitude, "longitude": participant.longitude}
                            if participant else None)
    conflict = None
    if request.method == "POST" and form.is_valid() and location.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "block_name", "days")}
        point = _pickup_point(form, location, outing)
        if point is not None:
            data.update(point)
            try:
                with transaction.atomic():
                    services.participant_save(user=user, outing=outing, participant=participant,
                                              seen_version=form.cleaned_data["version"],
                                              days=list(form.cleaned_data["days"]), **data)
            except EditConflict as e:
                conflict = e.current
                form = rebased(ParticipantForm, request.POST, conflict.version, instance=participant, outing=outing)
                form.add_error(None, str(e))
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("%(name)sさんを保存しました。") % {"name": data["name"]})
                if "another" in request.POST:
                    return redirect("outings:participant_create", outing.pk)
                return redirect("outings:participants", outing.pk)
    return render(request, "outings/participant_form.html", {
        "outing": outing, "participant": participant, "form": form, "location_form": location,
        "blocks": _blocks(outing), "conflict": conflict,
    })


def _pickup_point(form, location, outing) -> dict | None:
    """Where the car comes: the point put on the map; else the 町丁目 typed (or read from the
    address) — its representative point. None (with the error on the form) when neither answers."""
    lat, lng = location.cleaned_data.get("latitude"), location.cleaned_data.get("longitude")
    typed = form.cleaned_data.get("block_name") or ""
    ward = _ward_of(outing.place)
    block = None
    text = typed or form.cleaned_data.get("address") or ""
    if text:
        found = addresses.resolve(text if ward.name in text else f"{ward.name}{text}")
        if found.point is None and not typed:
            found = addresses.resolve(text)
        if found.point is not None:
            name = found.point.query
            for prefix in (ward.name,):
                name = name.removeprefix(prefix)
            block = Place.objects.filter(kind=Kind.BLOCK, name=name, path__startswith=ward.path).first()
            if lat is None:
                lat, lng = found.point.latitude, found.point.longitude
        elif typed:
            form.add_error("block_name", _("この町丁目が見つかりません。候補から選んでください。"))
            return None
    if lat is None:
        form.add_error("address", _("迎えの場所がわかりません。住所か町丁目を入れるか、地図をクリックしてください。"))
        return None
    return {"latitude": lat, "longitude": lng, "block": block}


@login_required
def participant_delete(request, pk: int, participant_pk: int):
    user = request.user
    outing = _staff_outing(user, pk)
    if not policy.can_at(user, access.WRITE, outing.place):
        raise Http404
    participant = one_or_404(outing.participants.all(), participant_pk)
    if request.method == "POST":
        services.participant_delete(user=user, participant=participant)
        messages.success(request, _("%(name)sさんを参加者から削除しました。") % {"name": participant.name})
        return redirect("outings:participants", outing.pk)
    return render(request, "outings/confirm_delete.html", {
        "what": participant.name, "back": reverse("outings:participants", args=[outing.pk])})


@login_required
def pair_add(request, pk: int):
    user = request.user
    outing = _staff_outing(user, pk)
    if not policy.can_at(user, access.WRITE, outing.place) or request.method != "POST":
        raise Http404
    form = PairForm(request.POST, outing=outing)
    if form.is_valid():
        try:
            services.pair_save(user=user, outing=outing, **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("同乗の決まりを保存しました。"))
    else:
        messages.error(request, _("2人と決まりを選んでください。"))
    return redirect(reverse("outings:participants", args=[outing.pk]) + "#pairs")


@login_required
def pair_delete(request, pk: int, pair_pk: int):
    user = request.user
    outing = _staff_outing(user, pk)
    if not policy.can_at(user, access.WRITE, outing.place) or request.method != "POST":
        raise Http404
    one_or_404(outing.pairs.all(), pair_pk).delete()
    messages.success(request, _("同乗の決まりを外しました。"))
    return redirect(reverse("outings:participants", args=[outing.pk]) + "#pairs")


# --- Cars booked for a day ---------------------------------------------------------------------------


def _day(outing: Outing, day_pk) -> OutingDay:
    return one_or_404(outing.days.all(), day_pk)


@login_required
def booking_edit(request, pk: int, day_pk: int, booking_pk: int | None = None):
    user = request.user
    outing = _changeable_outing(user, pk)
    day = _day(outing, day_pk)
    booking = one_or_404(day.bookings.all(), booking_pk) if booking_pk is not None else None
    companies = _companies(user, _ward_of(outing.place))
    initial = {"on": timezone.localdate()}
    if booking:
        initial["version"] = booking.version
    form = BookingForm(request.POST or None, instance=booking, initial=initial, companies=companies)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.booking_save(user=user, day=day, booking=booking, seen_version=form.cleaned_data["version"],
                                  **data)
        except EditConflict as e:
            form.add_error(None, str(e))
        except PermissionDenied:
            form.add_error("company", _("この会社には依頼できません。"))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("車の手配を保存しました。"))
            return redirect(reverse("outings:detail", args=[outing.pk]) + f"#day-{day.pk}")
    return render(request, "outings/booking_form.html", {"outing": outing, "day": day, "booking": booking,
                                                         "form": form, "flow": BookingStatus})


@login_required
def booking_delete(request, pk: int, day_pk: int, booking_pk: int):
    user = request.user
    outing = _changeable_outing(user, pk)
    day = _day(outing, day_pk)
    booking = one_or_404(day.bookings.select_related("company"), booking_pk)
    back = reverse("outings:detail", args=[outing.pk]) + f"#day-{day.pk}"
    if request.method == "POST":
        services.booking_delete(user=user, booking=booking)
        messages.success(request, _("車の手配を削除しました。"))
        return redirect(back)
    return render(request, "outings/confirm_delete.html", {"what": str(booking), "back": back})


# --- After the day -------------------------------------------------------------------------------------


@login_required
def day_record(request, pk: int, day_pk: int):
    user = request.user
    outing = _changeable_outing(user, pk)
    if not services.can_see_participants(user, outing):
        raise Http404
    day = _day(outing, day_pk)
    attendances = list(day.attendances.select_related("participant").order_by("participant__name_kana"))
    if request.method == "GET":
        services.looked_at_participants(user, outing)
    companies = _companies(user, _ward_of(outing.place))
    fares_initial = [{"company": f.company_id, "car": f.car, "fare": f.fare, "tickets": f.tickets,
                      "distance_km": f.distance_km, "note": f.note} for f in day.fares.all()]
    if not fares_initial:
        n = 0
        for b in day.bookings.usable():
            for _i in range(b.count):
                n += 1
                fares_initial.append({"company": b.company_id, "car": _("%(n)s号車") % {"n": n}})
    fares = FareFormSet(request.POST or None, initial=None if request.method == "POST" else fares_initial, prefix="fares",
                        form_kwargs={"companies": companies})
    form = RecordForm(request.POST or None, initial={"went_wrong": day.went_wrong})
    if request.method == "POST" and form.is_valid() and fares.is_valid():
        came = {}
        for a in attendances:
            value = request.POST.get(f"came-{a.participant_id}", "")
            came[a.participant_id] = {"1": True, "0": False}.get(value)
        rows = [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} | {"tickets": f.cleaned_data.get("tickets") or 0}
                for f in fares.forms if f.cleaned_data.get("company") and not f.cleaned_data.get("DELETE")]
        services.day_record(user=user, day=day, came=came, fares=rows, went_wrong=form.cleaned_data["went_wrong"])
        messages.success(request, _("%(day)sの実績を記録しました。") % {"day": f"{day.date:%Y-%m-%d}"})
        return redirect(reverse("outings:detail", args=[outing.pk]) + f"#day-{day.pk}")
    return render(request, "outings/day_record.html", {"outing": outing, "day": day, "attendances": attendances,
                                                       "fares": fares, "form": form})


# --- Summary ----------------------------------------------------------------------------------------------


def _summary(request):
    user = request.user
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404
    outings = Outing.objects.visible_to(user)
    return summary.summarise(outings)


@login_required
def summary_page(request):
    result = _summary(request)
    # (title, rows, what the rows are, show the year column, show riders — not counted per company:
    # a rider is not one company's)
    tables = [(_("年度ごと"), result.by_year, _("年度"), False, True),
              (_("地域ごと"), result.by_place, _("地域"), True, True),
              (_("タクシー会社ごと"), result.by_company, _("タクシー会社"), True, False)]
    return render(request, "outings/summary.html", {"summary": result, "tables": tables})


@login_required
def summary_xlsx(request):
    result = _summary(request)
    title = _("お出かけ支援の実績")
    return attachment(summary.summary_workbook(result, title), f"{title}_{timezone.localdate():%Y%m%d}.xlsx")


# --- Taxi companies and tariffs -----------------------------------------------------------------------


@login_required
def company_list(request):
    user = request.user
    wards = list(_wards(user))
    if not wards and not policy.can_anywhere(user, access.TAXIS_VIEW):
        raise Http404
    ward = None
    if pk := request.GET.get("ward"):
        ward = next((w for w in wards if str(w.pk) == pk), None)
        if ward is None:
            raise Http404
    elif len(wards) == 1:
        ward = wards[0]
    companies = (_companies(user, ward) if ward else _companies(user)).prefetch_related("vehicles", "districts")
    today = timezone.localdate()
    tariff = Tariff.objects.in_force(today, ward=ward)
    return render(request, "outings/company_list.html", {
        "companies": companies, "ward": ward, "wards": wards, "tariff": tariff,
        "can_write": any(services.can_write_taxis(user, w) for w in ([ward] if ward else wards)),
    })


def _company(user, pk) -> TaxiCompany:
    return one_or_404(TaxiCompany.objects.visible_to(user).select_related("place", "partner__organisation"), pk)


@login_required
def company_detail(request, pk: int):
    user = request.user
    company = _company(user, pk)
    contacts = list(company.partner.contacts.all()) if company.partner_id else list(company.contacts.all())
    ward = company.place if company.place.kind == Kind.WARD else None
    today = timezone.localdate()
    return render(request, "outings/company_detail.html", {
        "company": company, "contacts": contacts, "vehicles": company.vehicles.all(),
        "districts": company.districts.all().order_by("path"),
        "tariff": Tariff.objects.in_force(today, ward=ward, company=company),
        "bookings": company.bookings.select_related("day__outing").filter(
            day__outing__in=Outing.objects.visible_to(user)).order_by("-day__date")[:20],
        "can_write": services.can_write_taxis(user, company.place),
    })


@login_required
def company_edit(request, pk: int | None = None):
    user = request.user
    if pk is None:
        ward = _chosen_ward(request, list(_wards(user, access.TAXIS_WRITE)))
        company = None
    else:
        company = one_or_404(TaxiCompany.objects.changeable_by(user).select_related("place"), pk)
        ward = company.place
    initial = {"version": company.version} if company else {}
    form = CompanyForm(request.POST or None, instance=company, initial=initial, ward=ward)
    vehicles = VehicleFormSet(request.POST or None, instance=company or TaxiCompany(), prefix="vehicles")
    contacts = ContactFormSet(request.POST or None, instance=company or TaxiCompany(), prefix="contacts")
    if request.method == "POST" and form.is_valid() and vehicles.is_valid() and contacts.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "districts")}
        try:
            saved = services.company_save(user=user, company=company, seen_version=form.cleaned_data["version"],
                                          place=ward, districts=form.cleaned_data["districts"],
                                          vehicles=vehicles, contacts=contacts, **data)
        except EditConflict as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": saved.name})
            return redirect("outings:company", saved.pk)
    return render(request, "outings/company_form.html", {"form": form, "vehicles": vehicles, "contacts": contacts,
                                                         "company": company, "ward": ward})


@login_required
def company_delete(request, pk: int):
    user = request.user
    company = one_or_404(TaxiCompany.objects.changeable_by(user), pk)
    back = reverse("outings:company", args=[company.pk])
    error = None
    if request.method == "POST":
        try:
            services.company_delete(user=user, company=company)
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, _("「%(name)s」を削除しました。") % {"name": company.name})
            return redirect("outings:companies")
    return render(request, "outings/confirm_delete.html", {"what": company.name, "back": back, "error": error})


@login_required
def tariff_list(request):
    user = request.user
    if not policy.can_anywhere(user, access.TAXIS_VIEW):
        raise Http404
    wards = list(_wards(user))
    tariffs = Tariff.objects.visible_to(user).select_related("place", "company")
    changeable = set(Tariff.objects.changeable_by(user).values_list("pk", flat=True))
    today = timezone.localdate()
    in_force = {w.pk: Tariff.objects.in_force(today, ward=w) for w in wards[:20]}
    return render(request, "outings/tariff_list.html", {
        "tariffs": tariffs, "changeable": changeable, "wards": wards, "in_force": in_force,
        "write_wards": list(_wards(user, access.TAXIS_WRITE)[:20]), "today": today,
    })


@login_required
def tariff_edit(request, pk: int | None = None):
    user = request.user
    if pk is None:
        ward = _chosen_ward(request, list(_wards(user, access.TAXIS_WRITE)))
        tariff = None
        base = Tariff.objects.in_force(timezone.localdate(), ward=ward)
        initial = {f: getattr(base, f) for f in services.TARIFF_FIELDS if f not in ("place", "company", "valid_from")} \
            if base else {}
    else:
        tariff = one_or_404(Tariff.objects.changeable_by(user), pk)
        ward = tariff.place
        initial = {"version": tariff.version}
    companies = _companies(user, ward).filter(place=ward) if ward else TaxiCompany.objects.none()
    form = TariffForm(request.POST or None, instance=tariff, initial=initial, companies=companies)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.tariff_save(user=user, tariff=tariff, seen_version=form.cleaned_data["version"], place=ward,
                                 **data)
        except EditConflict as e:
            form.add_error(None, str(e))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("運賃を保存しました。"))
            return redirect("outings:tariffs")
    return render(request, "outings/tariff_form.html", {"form": form, "tariff": tariff, "ward": ward})


@login_required
def tariff_delete(request, pk: int):
    user = request.user
    tariff = one_or_404(Tariff.objects.changeable_by(user), pk)
    if request.method == "POST":
        services.tariff_delete(user=user, tariff=tariff)
        messages.success(request, _("運賃「%(name)s」を削除しました。") % {"name": tariff.name})
        return redirect("outings:tariffs")
    return render(request, "outings/confirm_delete.html", {"what": str(tariff), "back": reverse("outings:tariffs")})
