"""The demo's district plans (青葉区, 中区) and hearings (神奈川区, 中区), built on the Yokohama demo
through the services: plans with their versions, a round with sheets submitted, in progress and
not started — and each read by the demo's own accounts as the policy allows."""

from __future__ import annotations

import pytest

from tsunagu.district_plans.demo import build_demo_plans
from tsunagu.district_plans.models import DistrictPlan, PlanStatus
from tsunagu.hearings.demo import build_demo_hearings
from tsunagu.hearings.models import HearingRound, SheetStatus
from tsunagu.people import policy
from tsunagu.people.models import User


@pytest.fixture
def demo(db):
    # The whole Yokohama demo takes about ten seconds here: one test checks everything built on it.
    from tsunagu.demo.yokohama import DemoBuilder

    DemoBuilder().build()
    return {"plans": build_demo_plans(), "sheets": build_demo_hearings()}


def test_the_demo_records(demo):
    _plans_written_by_officer_and_cp_together(demo)
    _a_hearing_round_in_kanagawa()
    assert build_demo_plans() == 0 and build_demo_hearings() == 0  # building twice adds nothing


def _plans_written_by_officer_and_cp_together(demo):
    assert demo["plans"] == DistrictPlan.objects.count() >= 4
    plans = DistrictPlan.objects.select_related("district")
    assert {p.district.ancestor_of_kind("ward").name for p in plans} == {"青葉区", "中区"}
    plan = DistrictPlan.objects.order_by("pk").first()
    versions = list(plan.versions.order_by("number"))
    assert versions[0].actor.memberships.get().role == "district_officer"
    assert versions[1].actor.memberships.get().role == "area_coordinator"
    assert {p.status for p in DistrictPlan.objects.all()} == {PlanStatus.DRAFTING, PlanStatus.ADOPTED}
    # The 中区 officer reads and writes their districts' plans; 磯子区's 1層Co sees none of them.
    officer = User.objects.get(username="naka-chiku")
    assert policy.district_plans(officer, policy.WRITE_DISTRICT_PLANS).exists()
    assert not policy.district_plans(User.objects.get(username="isogo-1so")).exists()


def _a_hearing_round_in_kanagawa():
    hearing = HearingRound.objects.get(ward__name="神奈川区")
    assert [i.title for i in hearing.asked_items()] == ["通いの場", "生活支援", "見守り", "移動支援・移動販売",
                                                        "地域支援・地福計画", "個別相談の傾向"]
    statuses = {s.status for s in hearing.sheets.all()}
    assert statuses == {SheetStatus.SUBMITTED, SheetStatus.IN_PROGRESS, SheetStatus.EMPTY}
    assert hearing.sheets.count() == 9
    sheet = hearing.sheets.filter(status=SheetStatus.SUBMITTED).first()
    assert sheet.answers.exclude(text="").count() == 6
    assert policy.hearing_sheets(User.objects.get(username="kanagawa-ward")).filter(round=hearing).count() == 9
    assert not policy.hearing_rounds(User.objects.get(username="naka-1so")).filter(pk=hearing.pk).exists()

