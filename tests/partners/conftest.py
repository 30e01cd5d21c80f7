from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tests.conftest import org
from tests.shared_rows import shareable
from tsunagu.partners import services
from tsunagu.partners.models import Offer, Status
from tsunagu.people.models import OrganisationKind


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def make_partners(world):
    """中区's partners: a taxi company registered for the ward (consulted, then cooperating), a
    supermarket chain registered for the whole city, a contact person at the taxi company, and a
    talk with it logged by 簑沢's 2層Co at their CP area."""
    p = SimpleNamespace()
    p.taxi_org = org(OrganisationKind.TAXI, "みなとタクシー", world.naka)
    p.chain_org = org(OrganisationKind.SUPERMARKET, "はまスーパー", world.city)
    p.taxi = services.partner_create(user=world.naka_1so, ward=world.naka, organisation=p.taxi_org,
                                     status=Status.CONSULTING, on=days_ago(60), offers=[Offer.TRANSPORT],
                                     offer="食事会の送迎。車いす対応車1台")
    p.taxi = services.partner_set_status(user=world.naka_1so, partner=p.taxi, seen_version=p.taxi.version,
                                         status=Status.COOPERATING, on=days_ago(30), note="意見交換会のあと申し出")
    p.chain = services.partner_create(user=world.naka_1so, ward=world.naka, organisation=p.chain_org,
                                      offers=[Offer.MOBILE_SALES])
    p.contact = services.contact_save(user=world.naka_1so, partner=p.taxi, name="山下 担当", title="営業所長",
                                      phone="045-000-1234")
    p.log = services.log_create(user=world.minosawa_2so, partner=p.taxi, place=world.minosawa, date=days_ago(10),
                                their_people="山下 担当", summary="食事会の送迎の料金を相談",
                                agreed="見積もりを来週もらう")
    return p


_partners_rows, partners = shareable("partners", make_partners)
