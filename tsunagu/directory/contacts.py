"""Whom residents call about a listing that gives no phone of its own: the community care plaza
(地域ケアプラザ) of its area — the 2層Co's office, which knows the area's activities — else the
ward's council of social welfare (区社協). Printed as such ("電話がないときは…"), never passed
off as the activity's own number.

One query loads every office that can stand in (a city has about 140 plazas and 18 councils),
so the public page, the staff page and a 1,000-entry booklet all ask the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.people.models import Organisation, OrganisationKind

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
