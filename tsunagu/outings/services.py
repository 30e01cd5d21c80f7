"""Writes of お出かけ支援. Every change goes through here, inside a transaction, with its audit row.

Callers have checked the person may write where the record is (views fetch through
changeable_by / can_at); these functions check again what a form cannot: a place of the right
kind, a participant of the same outing, a version not changed by someone else meanwhile."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.outings import access
from tsunagu.outings.models import (
    OUTING_PLACE_KINDS,
    Attendance,
    BookingStatus,
    BookingStep,
    CarBooking,
    CarFare,
    Outing,
    OutingDay,
    Participant,
    RidePair,
    Tariff,
    TaxiCompany,
)
from tsunagu.partners.models import Partner
from tsunagu.people import policy

AUDIT_ACTIONS = {
    "taxi_company.save": gettext_lazy("タクシー会社を登録・変更"),
    "taxi_company.delete": gettext_lazy("タクシー会社を削除"),
    "tariff.save": gettext_lazy("タクシー運賃を登録・変更"),
    "tariff.delete": gettext_lazy("タクシー運賃を削除"),
    "outing.create": gettext_lazy("お出かけを登録"),
    "outing.update": gettext_lazy("お出かけを変更"),
    "outing.delete": gettext_lazy("お出かけを削除"),
    "outing_participant.save": gettext_lazy("お出かけの参加者を登録・変更"),
    "outing_participant.delete": gettext_lazy("お出かけの参加者を削除"),
    "outing_booking.save": gettext_lazy("お出かけの車の手配を記録"),
    "outing_day.record": gettext_lazy("お出かけの当日の実績を記録"),
}

OUTING_FIELDS = ["place", "title", "group", "group_name", "destination", "destination_name", "destination_address",
                 "destination_latitude", "destination_longitude", "purpose", "organiser", "status", "note"]
PARTICIPANT_FIELDS = ["name", "name_kana", "phone", "address", "block", "latitude", "longitude", "pickup_note",
                      "wheelchair", "walking_aid", "help_boarding", "front_seat", "companion", "companion_name",
                      "ticket_holder", "tickets", "disability_certificate", "max_ride_minutes", "consent_on",
                      "consent_by", "note"]
# What the audit keeps of a participant's change: which fields changed, never their values (the
# log is read by more people than the participant list).
COMPANY_FIELDS = ["place", "partner", "name", "name_kana", "phone", "fax", "email", "request_by", "lead_days",
                  "request_hours", "note"]


def _stored(instance):
    """The row as saved, for the audit's "before": the instance itself may already carry the form's
    values (a ModelForm writes them into its instance while it validates)."""
    return type(instance).objects.get(pk=instance.pk)


def can_write_taxis(user, ward) -> bool:
    return ward is not None and policy.can_at(user, access.TAXIS_WRITE, ward)


def can_write_outing_at(user, place) -> bool:
    return place is not None and place.kind in OUTING_PLACE_KINDS and policy.can_at(user, access.WRITE, place)


def can_see_participants(user, outing: Outing) -> bool:
    return policy.can_at(user, access.PARTICIPANTS, outing.place)


def looked_at_participants(user, outing: Outing) -> None:
    """One 操作の記録 row for a page or paper showing an outing's participants (names, addresses,
    needs): who looked, when, at which outing."""
    policy.record_look(user, access.PARTICIPANTS, outing)


def looked_at_participant(user, participant: Participant) -> None:
    policy.record_look(user, access.PARTICIPANTS, participant, place=participant.outing.place)


# --- Taxi companies and tariffs ------------------------------------------------------------------


@transaction.atomic
def company_save(*, user, company: TaxiCompany | None, seen_version=None, districts=(), vehicles=None,
                 contacts=None, **fields) -> TaxiCompany:
    """Create or change a company, with its districts; vehicles/contacts are saved formsets' callbacks."""
    if not can_write_taxis(user, fields.get("place") or (company.place if company else None)):
        raise PermissionDenied
    partner: Partner | None = fields.get("partner")
    if partner is not None and partner.place_id != fields["place"].pk:
        raise ValidationError(_("協力先は同じ区のものを選んでください。"))
    before = audit.snapshot(_stored(company), COMPANY_FIELDS) if company else {}
    if company is None:
        company = TaxiCompany(**fields)
        company.save()
    else:
        for name, value in fields.items():
            setattr(company, name, value)
        save_if_unchanged(company, seen_version)
    company.districts.set(districts)
    for formset in (vehicles, contacts):
        if formset is not None:
            formset.instance = company
            formset.save()
    audit.record(actor=user, action="taxi_company.save", target=company, place=company.place,
                 changes=audit.diff(before, audit.snapshot(company, COMPANY_FIELDS)))
    return company


@transaction.atomic
def company_delete(*, user, company: TaxiCompany) -> None:
    if not can_write_taxis(user, company.place):
        raise PermissionDenied
    if company.bookings.exists() or company.fares.exists():
        raise ValidationError(_("この会社には車の手配や運賃の記録があるため削除できません。メモに「取引終了」などと書いてください。"))
    audit.record(actor=user, action="taxi_company.delete", target=company, place=company.place)
    company.delete()


TARIFF_FIELDS = ["place", "company", "name", "valid_from", "first_metres", "first_fare", "step_metres", "step_fare",
                 "night_percent", "night_from", "night_until", "disability_percent", "ticket_value", "tickets_per_ride",
                 "note"]


@transaction.atomic
def tariff_save(*, user, tariff: Tariff | None, seen_version=None, **fields) -> Tariff:
    place = fields.get("place")
    company = fields.get("company")
    if company is not None:
        place = fields["place"] = company.place
    if place is None:
        if not (user.is_superuser or policy.holds_role(user, "city_admin")):
            raise PermissionDenied
    elif not can_write_taxis(user, place):
        raise PermissionDenied
    before = audit.snapshot(_stored(tariff), TARIFF_FIELDS) if tariff else {}
    if tariff is None:
        tariff = Tariff.objects.create(**fields)
    else:
        for name, value in fields.items():
            setattr(tariff, name, value)
        save_if_unchanged(tariff, seen_version)
    audit.record(actor=user, action="tariff.save", target=tariff, place=place,
                 changes=audit.diff(before, audit.snapshot(tariff, TARIFF_FIELDS)))
    return tariff


@transaction.atomic
def tariff_delete(*, user, tariff: Tariff) -> None:
    if not Tariff.objects.changeable_by(user).filter(pk=tariff.pk).exists():
        raise PermissionDenied
    audit.record(actor=user, action="tariff.delete", target=tariff, place=tariff.place)
    tariff.delete()


# --- Outings -------------------------------------------------------------------------------------


def _check_days(days: list[dict]) -> None:
    dates = [d["date"] for d in days]
    if len(dates) != len(set(dates)):
        raise ValidationError(_("同じ日付が2回入っています。"))
    for d in days:
        if d.get("leave_at") and d["leave_at"] <= d["arrive_by"]:
            raise ValidationError(_("%(day)s：帰りの出発は、着く時刻より後にしてください。") % {"day": d["date"]})


@transaction.atomic
def outing_create(*, user, days: list[dict], **fields) -> Outing:
    if not can_write_outing_at(user, fields.get("place")):
        raise PermissionDenied
    _check_days(days)
    outing = Outing.objects.create(created_by=user, **fields)
    for d in days:
        OutingDay.objects.create(outing=outing, **d)
    audit.record(actor=user, action="outing.create", target=outing, place=outing.place)
    return outing


@transaction.atomic
def outing_update(*, user, outing: Outing, seen_version, days: list[dict] | None = None, **fields) -> Outing:
    """Change the outing; days given replace the list (matched by date: a day kept keeps its
    participants, bookings and record; a day dropped loses them)."""
    place = fields.get("place", outing.place)
    if not (can_write_outing_at(user, place) and policy.can_at(user, access.WRITE, outing.place)):
        raise PermissionDenied
    before = audit.snapshot(_stored(outing), OUTING_FIELDS)
    for name, value in fields.items():
        setattr(outing, name, value)
    save_if_unchanged(outing, seen_version)
    if days is not None:
        _check_days(days)
        kept = {d.date: d for d in outing.days.all()}
        for d in days:
            day = kept.pop(d["date"], None) or OutingDay(outing=outing)
            for name, value in d.items():
                setattr(day, name, value)
            day.save()
        for day in kept.values():
            if day.bookings.exists() or day.fares.exists():
                raise ValidationError(_("%(day)s には車の手配か運賃の記録があるので外せません。先にそちらを消してください。")
                                      % {"day": day.date})
            day.delete()
    audit.record(actor=user, action="outing.update", target=outing, place=outing.place,
                 changes=audit.diff(before, audit.snapshot(outing, OUTING_FIELDS)))
    return outing


@transaction.atomic
def outing_delete(*, user, outing: Outing) -> None:
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    audit.record(actor=user, action="outing.delete", target=outing, place=outing.place,
                 changes={"参加者": outing.participants.count()})
    outing.delete()


# --- Participants ----------------------------------------------------------------------------------


@transaction.atomic
def participant_save(*, user, outing: Outing, participant: Participant | None, seen_version=None,
                     days: list[OutingDay] | None = None, **fields) -> Participant:
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    if fields.get("consent_on") and not fields.get("consent_by"):
        fields["consent_by"] = str(user)
    if not fields.get("consent_on"):
        fields["consent_by"] = ""
    if not fields.get("ticket_holder"):
        fields["tickets"] = 0
    before = audit.snapshot(_stored(participant), PARTICIPANT_FIELDS) if participant else {}
    if participant is None:
        participant = Participant.objects.create(outing=outing, **fields)
    else:
        for name, value in fields.items():
            setattr(participant, name, value)
        save_if_unchanged(participant, seen_version)
    if days is not None:
        if any(d.outing_id != outing.pk for d in days):
            raise ValidationError(_("この外出の日付を選んでください。"))
        participant.attendances.exclude(day__in=days).delete()
        for day in days:
            Attendance.objects.get_or_create(participant=participant, day=day)
    changed = sorted(audit.diff(before, audit.snapshot(participant, PARTICIPANT_FIELDS)))
    audit.record(actor=user, action="outing_participant.save", target=outing, place=outing.place,
                 changes={"参加者": participant.pk, "変更した項目": changed})
    return participant


@transaction.atomic
def participant_delete(*, user, participant: Participant) -> None:
    outing = participant.outing
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    audit.record(actor=user, action="outing_participant.delete", target=outing, place=outing.place,
                 changes={"参加者": participant.pk})
    participant.delete()


@transaction.atomic
def pair_save(*, user, outing: Outing, first: Participant, second: Participant, together: bool,
              note: str = "") -> RidePair:
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    if first.pk == second.pk:
        raise ValidationError(_("違う2人を選んでください。"))
    if first.outing_id != outing.pk or second.outing_id != outing.pk:
        raise ValidationError(_("この外出の参加者を選んでください。"))
    first, second = sorted([first, second], key=lambda p: p.pk)
    pair, _created = RidePair.objects.update_or_create(outing=outing, first=first, second=second,
                                                       defaults={"together": together, "note": note})
    return pair


# --- Cars booked for a day -----------------------------------------------------------------------


@transaction.atomic
def booking_save(*, user, day: OutingDay, booking: CarBooking | None, seen_version=None, on: date | None = None,
                 **fields) -> CarBooking:
    """Ask a company for cars, or move the request on (依頼中 → 受付済 → 確定, or 断られた); every
    change of status is kept as a step with its date, who recorded it and the company's answer."""
    outing = day.outing
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    company = fields.get("company") or booking.company
    if not TaxiCompany.objects.visible_to(user).filter(pk=company.pk).exists():
        raise PermissionDenied
    vehicle = fields.get("vehicle")
    if vehicle is not None and vehicle.company_id != company.pk:
        raise ValidationError(_("車種はその会社のものを選んでください。"))
    if vehicle is not None and fields.get("count", 1) > vehicle.count:
        raise ValidationError(_("%(company)sの%(vehicle)sは%(n)s台までです。")
                              % {"company": company, "vehicle": vehicle.name, "n": vehicle.count})
    on = on or timezone.localdate()
    previous = _stored(booking).status if booking else ""
    if booking is None:
        booking = CarBooking.objects.create(day=day, requested_on=on, requested_by=str(user), **fields)
    else:
        for name, value in fields.items():
            setattr(booking, name, value)
        save_if_unchanged(booking, seen_version)
    if booking.status != previous:
        BookingStep.objects.create(booking=booking, status=booking.status, on=on, by_name=str(user),
                                   note=(booking.answer or "")[:300])
    audit.record(actor=user, action="outing_booking.save", target=booking, place=outing.place,
                 changes={"状況": [previous, booking.status]})
    return booking


@transaction.atomic
def booking_delete(*, user, booking: CarBooking) -> None:
    if not policy.can_at(user, access.WRITE, booking.day.outing.place):
        raise PermissionDenied
    audit.record(actor=user, action="outing_booking.save", target=booking, place=booking.day.outing.place,
                 changes={"削除": True})
    booking.delete()


# --- After the day ---------------------------------------------------------------------------------


@transaction.atomic
def day_record(*, user, day: OutingDay, came: dict[int, bool | None], fares: list[dict], went_wrong: str) -> OutingDay:
    """Who came (participant pk → came), what each car cost, what went wrong. The fares given replace
    the day's list."""
    outing = day.outing
    if not policy.can_at(user, access.WRITE, outing.place):
        raise PermissionDenied
    for attendance in day.attendances.all():
        if attendance.participant_id in came:
            attendance.came = came[attendance.participant_id]
            attendance.save(update_fields=["came"])
    visible = set(TaxiCompany.objects.visible_to(user).values_list("pk", flat=True))
    day.fares.all().delete()
    for row in fares:
        if row["company"].pk not in visible:
            raise PermissionDenied
        CarFare.objects.create(day=day, **row)
    day.went_wrong = went_wrong
    day.recorded_at = timezone.now()
    day.recorded_by_name = str(user)
    day.save(update_fields=["went_wrong", "recorded_at", "recorded_by_name"])
    audit.record(actor=user, action="outing_day.record", target=outing, place=outing.place,
                 changes={"日付": day.date.isoformat(), "参加": sum(1 for v in came.values() if v),
                          "運賃": sum(r["fare"] for r in fares)})
    return day


BOOKING_FLOW = [BookingStatus.REQUESTED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED]
