"""The demo's outings (tsunagu/demo/outings.py) on a small city with the casebook's wards: 中区's
three-day お買物ツアー with 14 riders (two in wheelchairs, each at a 町丁目 of the district), two
companies with interview notes and recorded days; 南区's seven partner companies with a request in
progress; 都筑区's サービスB transport — each findable by its ward's coordinators; a second load adds
nothing."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import org, place
from tests.partners.test_demo_teams_partners import _ward
from tsunagu.demo.outings import load_outings
from tsunagu.demo.teams_partners import load_teams_and_partners
from tsunagu.outings.models import BookingStatus, Outing, TaxiCompany
from tsunagu.outings.summary import summarise
from tsunagu.people.models import OrganisationKind, User
from tsunagu.places.models import Kind


def test_the_demo_outings_of_naka_minami_and_tsuzuki(db, client):
    city = place(Kind.CITY, "14100", "横浜市")
    naka = _ward(city, "14104", "中区", "naka", cps=1)
    d6 = place(Kind.DISTRICT, "14104-D006", "第6地区", naka.children.get())
    for i in range(4):
        place(Kind.BLOCK, f"14104-B{i}", f"簑沢{'一二三四'[i]}丁目", d6, latitude=35.42 + i / 1000, longitude=139.63)
    minami = _ward(city, "14105", "南区", "minami")
    place(Kind.BLOCK, "14105-B1", "六ツ川一丁目", minami.children.order_by("path").first(), latitude=35.42,
          longitude=139.6)
    tsuzuki = _ward(city, "14118", "都筑区", "tsuzuki", cps=1)
    area = tsuzuki.children.get()
    org(OrganisationKind.SERVICE_B, "第1ケアプラザお助け隊（サービスB）", area)
    place(Kind.BLOCK, "14118-B1", "茅ケ崎中央", area, latitude=35.54, longitude=139.57)
    load_teams_and_partners()

    assert "読み込みました" in load_outings()
    tour = Outing.objects.get(place=d6)
    riders = list(tour.participants.all())
    assert len(riders) >= 12 and sum(p.wheelchair for p in riders) == 2
    assert all(p.block and p.block.path.startswith(d6.path) and p.address.startswith("中区簑沢") for p in riders)
    assert tour.days.count() == 3 and all(d.recorded_at for d in tour.days.all())
    naka_companies = TaxiCompany.objects.filter(place=naka)
    assert naka_companies.count() == 2 and all("取材" in c.note for c in naka_companies)
    assert summarise(Outing.objects.filter(pk=tour.pk)).by_year[0].fare > 0

    minami_companies = TaxiCompany.objects.filter(place=minami)
    assert minami_companies.count() == 7 and minami_companies.filter(partner__isnull=False).count() == 7
    assert minami_companies.filter(vehicles__isnull=False).distinct().count() == 2
    request = Outing.objects.get(place__path__startswith=minami.path).days.get().bookings.get()
    assert request.status == BookingStatus.ACCEPTED and request.steps.count() == 2

    service_b = Outing.objects.get(place__path__startswith=tsuzuki.path)
    assert "サービスB" in service_b.group_name

    # Findable by the wards' coordinators (and the 2層Co of 第6地区's CP area).
    for username, title in [("naka-1so", "ふれあいサロン お買物ツアー"), ("naka-cp0-2so", "ふれあいサロン お買物ツアー"),
                            ("minami-1so", "食事会への送迎"), ("tsuzuki-1so", "サービスB")]:
        client.force_login(User.objects.get(username=username))
        assert title in client.get(reverse("outings:list")).content.decode(), username
    assert "ふれあいサロン お買物ツアー" not in client.get(reverse("outings:list")).content.decode()

    before = TaxiCompany.objects.count()
    assert "読み込み済み" in load_outings() and TaxiCompany.objects.count() == before
