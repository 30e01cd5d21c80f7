"""The demo's teams and partners (tsunagu/demo/teams_partners.py), on a small city with the
casebook's wards: 旭区's three 班 with their networks, 南区's board as the casebook counts
it, and a second load adding nothing."""

from __future__ import annotations

from tests.conftest import account, org, place
from tsunagu.demo.teams_partners import load_teams_and_partners
from tsunagu.partners.models import Partner
from tsunagu.people.models import OrganisationKind, Role
from tsunagu.places.models import Kind
from tsunagu.teams.models import Team, TeamKind


def _ward(city, code, name, romaji, cps=3):
    ward = place(Kind.WARD, code, name, city)
    account(f"{romaji}-1so", org(OrganisationKind.WARD_COUNCIL, f"{name}社会福祉協議会", ward), Role.WARD_COORDINATOR)
    for i in range(cps):
        area = place(Kind.CP_AREA, f"{code}-CP{i}", f"{name}第{i + 1}ケアプラザ", ward)
        account(f"{romaji}-cp{i}-2so", org(OrganisationKind.CARE_PLAZA, area.name, area), Role.AREA_COORDINATOR)
    return ward


def test_the_demo_holds_asahis_teams_and_minamis_pipeline(db):
    city = place(Kind.CITY, "14100", "横浜市")
    asahi = _ward(city, "14111", "旭区", "asahi")
    minami = _ward(city, "14105", "南区", "minami")
    _ward(city, "14115", "栄区", "sakae", cps=1)
    _ward(city, "14118", "都筑区", "tsuzuki", cps=1)

    assert "読み込みました" in load_teams_and_partners()
    teams = Team.objects.filter(place=asahi)
    assert teams.filter(kind=TeamKind.TEAM).count() == 4 and teams.filter(kind=TeamKind.NETWORK).count() == 3
    meals = teams.get(name="食事サービス班")
    assert meals.lead.username == "asahi-cp0-2so" and meals.members.count() == 2
    assert meals.networks.get().name == "食事サービス連絡会"
    taxis = Partner.objects.in_ward(minami).filter(organisation__kind=OrganisationKind.TAXI).counts()
    assert (taxis["approached"], taxis["cooperating"]) == (7, 2)
    before = Partner.objects.count()
    assert "読み込み済み" in load_teams_and_partners() and Partner.objects.count() == before
