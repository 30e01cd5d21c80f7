"""Whom residents call when the directory has no answer of its own.

A listing that gives no phone: the community care plaza (地域ケアプラザ) of its area — the 2層Co's
office, which knows the area's activities — else the ward's council of social welfare (区社協).
Printed as such ("電話がないときは…"), never passed off as the activity's own number. One query
loads every office that can stand in (a city has about 140 plazas and 18 councils), so the public
page, the staff page and a 1,000-entry booklet all ask the same way (StandIns).

A search that finds nothing: a resident is better served by a person than by a blank page. The
CP of the place searched (the CP area chosen or named, or the area holding the 町 named) is
offered first; for a ward, the ward's CPs; for the whole city, the city's general contact (the
city office or council registered at the top of the places tree) (nearest).
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place

# Nearest first along the listing's place path; within one place, in this order.
STAND_IN_KINDS = (OrganisationKind.CARE_PLAZA, OrganisationKind.NURSING_HOME_CENTER, OrganisationKind.WARD_COUNCIL)


@dataclass(frozen=True)
class StandIn:
    name: str
    phone: str


class StandIns:
    """The offices that answer for listings without a phone, loaded once."""

    def __init__(self):
        self.by_place: dict[int, StandIn] = {}
        rank = {kind: i for i, kind in enumerate(STAND_IN_KINDS)}
        offices = (Organisation.objects.active().filter(kind__in=STAND_IN_KINDS).exclude(phone="")
                   .values_list("place_id", "kind", "name", "phone", "pk"))
        for place_id, _kind, name, phone, _pk in sorted(offices, key=lambda row: (rank[row[1]], row[4])):
            self.by_place.setdefault(place_id, StandIn(name, phone))

    def for_place(self, place) -> StandIn | None:
        """The office nearest the place, walking up its path (the place itself first)."""
        for pk in reversed(place.path.strip("/").split("/")):
            if pk and int(pk) in self.by_place:
                return self.by_place[int(pk)]
        return None

    def for_listing(self, listing) -> StandIn | None:
        """None when the listing has its own phone: then nobody stands in."""
        return None if listing.public_phone else self.for_place(listing.place)


def stand_in(listing) -> StandIn | None:
    """For one listing (its page); a booklet keeps one StandIns for all its entries."""
    return StandIns().for_listing(listing) if not listing.public_phone else None


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


@dataclass(frozen=True)
class Contacts:
    care_plazas: list[Contact]  # the CPs to call (one when the place is known)
    general: Contact | None  # the city's contact, when no CP is known


def _phones(organisations) -> list[Contact]:
    return [Contact(o.name, o.phone) for o in organisations.filter(is_active=True).exclude(phone="")
            .order_by("place__path", "name").only("name", "phone")]


def nearest(form, spot) -> Contacts:
    """The contacts for the search in ``form`` (its ward/area filters) and ``spot``, the place its
    words named (place_words.Spot), if any."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    area = (spot.area_pk if spot else None) or data.get("area")
    ward = (spot.ward_pk if spot else None) or data.get("ward")
    care_plazas = Organisation.objects.filter(kind=OrganisationKind.CARE_PLAZA)
    if area:
        found = _phones(care_plazas.filter(place_id=area))
        if found:
            return Contacts(found, None)
    if ward:
        path = Place.objects.filter(pk=ward).values_list("path", flat=True).first()
        if path:
            found = _phones(care_plazas.filter(place__path__startswith=path))
            if found:
                return Contacts(found, None)
    general = _phones(Organisation.objects.filter(
        kind__in=[OrganisationKind.CITY_OFFICE, OrganisationKind.CITY_COUNCIL], place__kind=Kind.CITY))
    return Contacts([], general[0] if general else None)
