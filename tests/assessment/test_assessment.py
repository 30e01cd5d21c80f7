"""Indicators, the grid index, gaps, the map data, the reading and the report — and who may see
them (staff scoped by place; an outsider gets 404)."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest
from django.urls import reverse

from tsunagu.assessment import cells, indicators, report
from tsunagu.assessment.models import Population, Reading, Source
from tsunagu.directory.models import Category, Listing, Location, Visibility
from tsunagu.directory.taxonomy import seed
from tsunagu.places.models import Kind, Place

DAY = date(2021, 9, 30)


def ages(total: int, old: int, very_old: int) -> list[int]:
    """A 121-long age list: `total` people, of whom `old` are 75–84 and `very_old` 85+."""
    out = [0] * 121
    out[40] = total - old - very_old
    out[80] = old
    out[90] = very_old
    return out


def population(place, total, old, very_old, day=DAY, suppressed=False):
    a = ages(total, old, very_old)
    return Population.objects.create(place=place, date=day, source=Source.CHOCHO, total=total, male=total // 2,
                                     female=total - total // 2, ages=a, aged_65=old + very_old,
                                     aged_75=old + very_old, aged_85=very_old, suppressed=suppressed)


@pytest.fixture
def area(world):
    """簑沢 (中区) with two more 町丁目, figures for each, the ward and the city; one salon near 簑沢."""
    seed(Category)
    w = world
    w.naka.boundary = {"type": "Polygon", "coordinates": [[[139.62, 35.41], [139.66, 35.41], [139.66, 35.44],
                                                            [139.62, 35.44], [139.62, 35.41]]]}
    w.naka.save()
    w.block2 = Place.objects.create(kind=Kind.BLOCK, code="14104-X2", name="本牧一丁目", parent=w.d7,
                                    latitude=35.4200, longitude=139.6500)
    w.block3 = Place.objects.create(kind=Kind.BLOCK, code="14104-X3", name="本牧二丁目", parent=w.d7,
                                    latitude=35.4300, longitude=139.6550)
    population(w.block, 1000, 200, 50)
    population(w.block2, 2000, 300, 100)
    population(w.block3, 500, 0, 0, suppressed=True)
    population(w.naka, 150000, 20000, 5000)
    population(w.city, 3700000, 500000, 120000)
    venue = Location.objects.create(name="簑沢会館", latitude=35.4250, longitude=139.6352)
    salon = Listing.objects.create(name="簑沢サロン", place=w.d6, location=venue, visibility=Visibility.PUBLIC)
    salon.categories.add(Category.objects.get(code="salon"))
    draft = Listing.objects.create(name="下書きのサロン", place=w.d7, visibility=Visibility.DRAFT)
    draft.categories.add(Category.objects.get(code="salon"))
    return w


def test_figures_rates_and_sums_of_blocks(area):
    cp = indicators.area(area.minosawa, DAY)
    assert (cp.population, cp.aged_75, cp.aged_85) == (1000, 250, 50)
    assert cp.aging_rate == 25.0 and cp.late_elderly_rate == 25.0
    ward = indicators.area(area.naka, DAY)
    assert ward.population == 150000  # the ward's own published total, not the sum of its blocks
    parts = {f.name: f for f in indicators.sub_areas(area.naka, DAY, Kind.CP_AREA)}
    assert parts["本牧地域ケアプラザ"].population == 2000  # the suppressed block counts nothing


def test_change_between_two_dates(area):
    population(area.block, 1100, 260, 60, day=date(2022, 9, 30))
    change = indicators.change(area.block, DAY, date(2022, 9, 30))
    assert change["population"]["change"] == 100
    assert change["aged_75"]["change"] == 70


def test_per_thousand_aged_counts_running_non_draft_listings(area):
    rows = {r["code"]: r for r in indicators.per_thousand_aged(area.minosawa, 250)}
    assert rows["salon"]["count"] == 1 and rows["salon"]["per_thousand"] == 4.0
    assert rows["kouryu"]["count"] == 1 and rows["kouryu"]["is_pillar"]
    assert indicators.per_thousand_aged(area.honmoku, 400)[0]["count"] == 0  # the draft is not counted


def test_grid_index_agrees_with_brute_force():
    rng = random.Random(7)
    points = [(35.3 + rng.random() * 0.3, 139.45 + rng.random() * 0.3) for _ in range(400)]
    index = indicators.GridIndex(points)
    kx = indicators._M_PER_DEG_LAT * math.cos(math.radians(35.45))
    for _ in range(200):
        lat, lng = 35.3 + rng.random() * 0.3, 139.45 + rng.random() * 0.3
        brute = min(math.hypot((lng - b) * kx, (lat - a) * indicators._M_PER_DEG_LAT) for a, b in points)
        found = index.nearest(lat, lng)
        assert found is not None and abs(found - brute) <= 1
    assert indicators.GridIndex([]).nearest(35.4, 139.6) is None


def test_gaps_list_blocks_with_many_75_and_nothing_near(area):
    gaps = indicators.gaps(area.naka, DAY, "salon", within=500, min_aged_75=100)
    assert [g.block.name for g in gaps] == ["本牧一丁目"]  # 簑沢 has its salon 20 m away
    assert gaps[0].block.aged_75 == 400 and gaps[0].distance > 500
    assert indicators.gaps(area.naka, DAY, "salon", within=5000, min_aged_75=100) == []
    assert indicators.gaps(area.naka, DAY, "salon", within=500, min_aged_75=1000) == []


def test_cells_are_built_once_and_the_choropleth_has_legend_date_and_resources(area):
    assert cells.build() == 3
    data = report.choropleth(area.naka, DAY, "aging_rate")
    assert {f["properties"]["name"] for f in data["features"]} == {"簑沢", "本牧一丁目", "本牧二丁目"}
    suppressed = next(f for f in data["features"] if f["properties"]["name"] == "本牧二丁目")
    assert suppressed["properties"]["value"] is None
    assert data["date"] == "2021-09-30" and data["legend"] and data["resources"] == [[35.425, 139.6352, "salon"]]


ROLES_THAT_SEE_MINOSAWA = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"]


@pytest.mark.parametrize("role", ROLES_THAT_SEE_MINOSAWA)
def test_staff_of_the_place_see_the_assessment(area, as_user, role):
    client = as_user(getattr(area, role))
    response = client.get(reverse("assessment:area", args=[area.minosawa.pk]))
    assert response.status_code == 200
    assert "簑沢地域ケアプラザ" in response.content.decode()
    assert client.get(reverse("assessment:cells", args=[area.minosawa.pk])).status_code == 200
    assert client.get(reverse("assessment:map", args=[area.minosawa.pk])).status_code == 200


@pytest.mark.parametrize("role", ["isogo_1so", "byobugaura_2so", "naka_cm", "nobody"])
def test_outsiders_get_404(area, as_user, role):
    client = as_user(getattr(area, role))
    for name in ("area", "map", "cells", "report", "reading"):
        url = reverse(f"assessment:{name}", args=[area.minosawa.pk])
        response = client.post(url, {"text": "x", "version": 1}) if name == "reading" else client.get(url)
        assert response.status_code == 404, (role, name)
    assert not Reading.objects.exists()


def test_a_cp_area_coordinator_does_not_see_the_neighbouring_area(area, as_user):
    client = as_user(area.minosawa_2so)
    assert client.get(reverse("assessment:area", args=[area.honmoku.pk])).status_code == 404
    assert client.get(reverse("assessment:area", args=[area.naka.pk])).status_code == 404


def test_the_reading_is_written_by_the_coordinator_and_not_overwritten_silently(area, as_user):
    client = as_user(area.minosawa_2so)
    url = reverse("assessment:reading", args=[area.minosawa.pk])
    client.post(url, {"text": "坂の上の町丁目で75歳以上が多い。", "version": 1})
    reading = Reading.objects.get(place=area.minosawa)
    assert reading.text == "坂の上の町丁目で75歳以上が多い。" and reading.version == 1
    client.post(url, {"text": "二度目", "version": 1})
    client.post(url, {"text": "古い画面から", "version": 1})
    assert Reading.objects.get(place=area.minosawa).text == "二度目"
    # CP staff read it but may not write it.
    staff = as_user(area.minosawa_staff)
    assert staff.post(url, {"text": "x", "version": 2}).status_code == 404


def test_menu_links_to_the_assessment(area, as_user):
    page = as_user(area.naka_1so).get(reverse("home")).content.decode()
    assert reverse("assessment:index") in page


def test_the_a4_report_prints_figures_map_gaps_and_the_reading(area, as_user):
    cells.build()
    Reading.objects.create(place=area.naka, text="坂の上の町丁目に75歳以上が多い。", written_by="中区 1層Co")
    rendered = report.pdf(area.naka, DAY)
    assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 1
    assert not rendered.missing_glyphs
    response = as_user(area.naka_1so).get(reverse("assessment:report", args=[area.naka.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
