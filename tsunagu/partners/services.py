"""Writes to 区全体の協力先. Keyword-only, atomic, audited."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import lock_unchanged, save_if_unchanged
from tsunagu.partners import access
from tsunagu.partners.models import (
    ContactLogEntry,
    Offer,
    Partner,
    PartnerContact,
    Status,
    StatusChange,
    codes_text,
)
from tsunagu.people import policy
from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place

AUDIT_ACTIONS = {
    "partner.create": gettext_lazy("協力先を登録"),
    "partner.update": gettext_lazy("協力先を変更"),
    "partner.status": gettext_lazy("協力先の状況を変更"),
    "partner.delete": gettext_lazy("協力先を削除"),
    "partner_contact.save": gettext_lazy("協力先の担当者を登録・変更"),
    "partner_contact.delete": gettext_lazy("協力先の担当者を削除"),
    "partner_log.create": gettext_lazy("協力先との連絡を記録"),
    "partner_log.update": gettext_lazy("協力先との連絡の記録を変更"),
    "partner_log.delete": gettext_lazy("協力先との連絡の記録を削除"),
}
AUDITED = ["offer", "offers", "area", "note"]
LOG_FIELDS = ["date", "place", "our_people", "their_people", "summary", "agreed"]
# The kinds a ward-wide partner usually is; any organisation of the ward or the city may be one.
PARTNER_KINDS = (OrganisationKind.TAXI, OrganisationKind.SUPERMARKET, OrganisationKind.SHOP, OrganisationKind.NPO,
                 OrganisationKind.OTHER)


def can_write_partners(user, ward: Place | None) -> bool:
    return ward is not None and ward.kind == Kind.WARD and policy.can_at(user, access.WRITE, ward)


def can_log_at(user, partner: Partner, place: Place | None) -> bool:
    """A contact is logged at the partner's ward or a place inside it where the writer writes."""
    return (place is not None and place.path.startswith(partner.place.path)
            and policy.can_at(user, access.WRITE, place))


def candidates(ward: Place):
    """Organisations that may become this ward's partner: placed at the ward or at its city."""
    return Organisation.objects.filter(place__in=[ward.pk, *([ward.parent_id] if ward.parent_id else [])],
                                       is_active=True)


def _offers(values) -> str:
    values = set(values or [])
    unknown = values - set(Offer.values)
    if unknown:
        raise ValidationError(_("選べない値があります：%(v)s") % {"v": "、".join(sorted(unknown))})
    return codes_text([v for v in Offer.values if v in values])


def _not_future(day: Date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("日付が未来になっています。実際の日を入れてください。"))


def _state(partner: Partner) -> dict:
    data = audit.snapshot(partner, AUDITED)
    data["offers"] = partner.offer_labels
    return data


@transaction.atomic
def partner_create(*, user, ward: Place, organisation: Organisation | None = None, new_name: str = "",
                   new_kind: str = OrganisationKind.TAXI, status: str = Status.NOT_CONTACTED, on: Date | None = None,
                   offer: str = "", offers=(), area: str = "", note: str = "") -> Partner:
    """Put an organisation on the ward's board; with new_name instead, register the company first
    (placed at the ward): a taxi company met at the 考える会 is not in Tsunagu yet."""
    if not can_write_partners(user, ward):
        raise PermissionDenied
    on = on or timezone.localdate()
    _not_future(on)
    if organisation is None:
        name = (new_name or "").strip()
        if not name:
            raise ValidationError(_("団体を選ぶか、新しい団体の名前を書いてください。"))
        organisation = Organisation.objects.create(name=name, kind=new_kind, place=ward)
    elif not candidates(ward).filter(pk=organisation.pk).exists():
        raise ValidationError(_("区か市に登録された団体だけが区全体の協力先になれます。"))
    if Partner.objects.filter(organisation=organisation, place=ward).exists():
        raise ValidationError(_("「%(name)s」はすでにこの区の協力先です。") % {"name": organisation.name})
    partner = Partner.objects.create(organisation=organisation, place=ward, status=status, status_since=on,
                                     offer=offer, offers=_offers(offers), area=area, note=note)
    StatusChange.objects.create(partner=partner, status=status, on=on, by=user, by_name=str(user),
                                note=_("登録"))
    audit.record(actor=user, action="partner.create", target=partner, place=ward,
                 changes={"団体": [None, organisation.name], "状況": [None, partner.get_status_display()],
                          **audit.diff({}, _state(partner))})
    return partner


@transaction.atomic
def partner_update(*, user, partner: Partner, seen_version: int | None, offer: str = "", offers=(), area: str = "",
                   note: str = "") -> Partner:
    """What the partner offers; refused with EditConflict if someone saved since seen_version."""
    if not can_write_partners(user, partner.place):
        raise PermissionDenied
    before = _state(Partner.objects.get(pk=partner.pk))
    partner.offer, partner.offers, partner.area, partner.note = offer, _offers(offers), area, note
    save_if_unchanged(partner, seen_version)
    audit.record(actor=user, action="partner.update", target=partner, place=partner.place,
                 changes=audit.diff(before, _state(partner)))
    return partner


@transaction.atomic
def partner_set_status(*, user, partner: Partner, seen_version: int | None, status: str, on: Date,
                       note: str = "") -> Partner:
    """Move the partner along the pipeline. Each change is kept with its date; none is overwritten.
    Refused with EditConflict if someone changed the partner since seen_version."""
    if not can_write_partners(user, partner.place):
        raise PermissionDenied
    if status not in Status.values:
        raise ValidationError(_("選べない状況です。"))
    _not_future(on)
    current = lock_unchanged(partner, seen_version)
    last = current.status_changes.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError(_("前の変更（%(day)s）より前の日付です。") % {"day": f"{last.on:%Y-%m-%d}"})
    if status == current.status:
        raise ValidationError(_("今と同じ状況です。"))
    StatusChange.objects.create(partner=partner, status=status, previous=current.status, on=on, note=note, by=user,
                                by_name=str(user))
    before = current.get_status_display()
    partner.status, partner.status_since, partner.version = status, on, current.version + 1
    Partner.objects.filter(pk=partner.pk).update(status=status, status_since=on, version=partner.version,
                                                 updated_at=timezone.now())
    audit.record(actor=user, action="partner.status", target=partner, place=partner.place,
                 changes={"状況": [before, partner.get_status_display()], "日付": [None, f"{on:%Y-%m-%d}"]})
    return partner


@transaction.atomic
def partner_delete(*, user, partner: Partner) -> None:
    """Take a partner off the board (a mistaken entry); the organisation itself stays."""
    if not can_write_partners(user, partner.place):
        raise PermissionDenied
    audit.record(actor=user, action="partner.delete", target=partner, place=partner.place, changes=_state(partner))
    partner.delete()


@transaction.atomic
def contact_save(*, user, partner: Partner, contact: PartnerContact | None = None, name: str, title: str = "",
                 phone: str = "", email: str = "", note: str = "") -> PartnerContact:
    if not can_write_partners(user, partner.place):
        raise PermissionDenied
    contact = contact or PartnerContact(partner=partner)
    if contact.partner_id != partner.pk:
        raise PermissionDenied
    before = audit.snapshot(contact, ["name", "title", "phone", "email", "note"]) if contact.pk else {}
    contact.name, contact.title, contact.phone, contact.email, contact.note = name, title, phone, email, note
    contact.full_clean()
    contact.save()
    audit.record(actor=user, action="partner_contact.save", target=contact, place=partner.place,
                 changes=audit.diff(before, audit.snapshot(contact, ["name", "title", "phone", "email", "note"])))
    return contact


@transaction.atomic
def contact_delete(*, user, contact: PartnerContact) -> None:
    if not can_write_partners(user, contact.partner.place):
        raise PermissionDenied
    audit.record(actor=user, action="partner_contact.delete", target=contact, place=contact.partner.place)
    contact.delete()


def _log_apply(entry: ContactLogEntry, *, date: Date, place: Place, our_people: str, their_people: str, summary: str,
               agreed: str) -> None:
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError(_("話したことを書いてください。"))
    _not_future(date)
    entry.date, entry.place, entry.our_people, entry.their_people = date, place, our_people, their_people
    entry.summary, entry.agreed = summary, agreed


@transaction.atomic
def log_create(*, user, partner: Partner, place: Place, date: Date, summary: str, our_people: str = "",
               their_people: str = "", agreed: str = "") -> ContactLogEntry:
    if not can_log_at(user, partner, place):
        raise PermissionDenied
    entry = ContactLogEntry(partner=partner, author=user, author_name=str(user))
    _log_apply(entry, date=date, place=place, our_people=our_people or str(user), their_people=their_people,
               summary=summary, agreed=agreed)
    entry.save()
    audit.record(actor=user, action="partner_log.create", target=entry, place=place,
                 changes=audit.diff({}, audit.snapshot(entry, LOG_FIELDS)))
    return entry


@transaction.atomic
def log_update(*, user, entry: ContactLogEntry, seen_version: int | None, place: Place, date: Date, summary: str,
               our_people: str = "", their_people: str = "", agreed: str = "") -> ContactLogEntry:
    if not can_log_at(user, entry.partner, entry.place) or not can_log_at(user, entry.partner, place):
        raise PermissionDenied
    before = audit.snapshot(ContactLogEntry.objects.get(pk=entry.pk), LOG_FIELDS)
    _log_apply(entry, date=date, place=place, our_people=our_people, their_people=their_people, summary=summary,
               agreed=agreed)
    save_if_unchanged(entry, seen_version)
    audit.record(actor=user, action="partner_log.update", target=entry, place=place,
                 changes=audit.diff(before, audit.snapshot(entry, LOG_FIELDS)))
    return entry


@transaction.atomic
def log_delete(*, user, entry: ContactLogEntry) -> None:
    if not can_log_at(user, entry.partner, entry.place):
        raise PermissionDenied
    audit.record(actor=user, action="partner_log.delete", target=entry, place=entry.place,
                 changes=audit.snapshot(entry, LOG_FIELDS))
    entry.delete()
