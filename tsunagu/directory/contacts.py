"""Whom to call when a public search finds nothing: the community care plaza (地域ケアプラザ).

A resident whose search found nothing is better served by a person than by a blank page. The
CP of the place searched (the CP area chosen or named, or the area holding the 町 named) is
offered first; for a ward, the ward's CPs; for the whole city, the city's general contact (the
city office or council registered at the top of the places tree).
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place


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
