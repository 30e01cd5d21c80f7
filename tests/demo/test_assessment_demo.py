"""The demo's area assessments: the population imported once, 都筑区's and 泉区's readings written,
their A4 reports printable; a second load adds nothing."""

from __future__ import annotations

import pytest

from tsunagu.assessment import indicators, report
from tsunagu.assessment.models import Population, Reading
from tsunagu.demo.assessment import load_assessment
from tsunagu.places.models import Kind, Place
from tsunagu.places.yokohama import load_base_data


@pytest.mark.django_db
def test_the_demo_imports_the_population_once_and_writes_two_readings():
    load_base_data()
    assert "読み込みました" in load_assessment()
    rows = Population.objects.count()
    assert rows > 1700
    for name in ("都筑区", "泉区"):
        ward = Place.objects.get(kind=Kind.WARD, name=name)
        assert len(Reading.objects.get(place=ward).text) > 80
    assert "読み込み済み" in load_assessment()
    assert Population.objects.count() == rows
    izumi = Place.objects.get(kind=Kind.WARD, name="泉区")
    ctx = report.context(izumi, indicators.latest_date())
    assert ctx["figures"].population == 152_797  # 泉区合計 in izumi2109.csv (男 + 女)
