"""磯子's project as the casebook tells it: 久良岐丘自治会 on the hill, 屛風ヶ浦 CP's 2層Co, the
区社協's 1層Co and a supermarket that serves the whole ward — plus a 2層Co of another CP of the
ward, the ward office (who may steer projects but is not on this team) and the 自治会長's and the
supermarket's accounts, who have no staff role at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import account, org, place
from tests.shared_rows import shareable
from tsunagu.people import services as people_services
from tsunagu.people.models import OrganisationKind, Role
from tsunagu.places.models import Kind
from tsunagu.projects import services
from tsunagu.projects.models import ProjectStage

WORRY = "Bさん（80代）が3週続けて来ていない。自治会長が様子を見に行く。"


def stage(name: str) -> ProjectStage:
    # Seeded by a migration; a transactional test (the browser's) empties every table after it.
    order = ["準備", "調査", "試行", "本格実施", "振り返り"].index(name) + 1
    return ProjectStage.objects.get_or_create(ward=None, name=name, defaults={"order": order * 10})[0]


def make_isogo(world):
    w = world
    w.isogo_office = org(OrganisationKind.WARD_OFFICE, "磯子区役所", w.isogo)
    w.isogo_ward = account("isogo-ward", w.isogo_office, Role.WARD_OFFICE)
    w.yokodai = place(Kind.CP_AREA, "14107-CP02", "洋光台地域ケアプラザ", w.isogo)
    w.yokodai_cp = org(OrganisationKind.CARE_PLAZA, "洋光台地域ケアプラザ", w.yokodai)
    w.yokodai_2so = account("yokodai-2so", w.yokodai_cp, Role.AREA_COORDINATOR)
    w.market = org(OrganisationKind.SUPERMARKET, "スーパーいそご 移動販売", w.isogo)
    w.market_staff = account("market-staff", w.market, Role.VIEWER)
    w.kuraki_chair = account("kuraki-chair", w.kuraki_org, Role.VIEWER)

    w.project = services.project_create(
        user=w.isogo_1so, title="久良岐丘自治会 移動販売の導入", place=w.kuraki,
        purpose="高台で近くにスーパーがない。住民と一緒に、続く移動販売を始める。",
        stage=stage("試行"),
        organisations=[w.kuraki_org, w.market, w.byobugaura_cp, w.isogo_council])
    for user, role in ((w.byobugaura_2so, "member"), (w.kuraki_chair, "partner"), (w.market_staff, "partner")):
        services.member_add(user=w.isogo_1so, project=w.project, member=user, role=role)
    today = timezone.localdate()
    w.survey = services.milestone_save(user=w.isogo_1so, project=w.project, title="買物アンケート",
                                       planned_on=today - timedelta(days=60), status="done",
                                       done_on=today - timedelta(days=55))
    w.launch = services.milestone_save(user=w.isogo_1so, project=w.project, title="出発式",
                                       planned_on=today + timedelta(days=3))
    w.entry = services.entry_create(user=w.byobugaura_2so, project=w.project, date=today,
                                    body="会場2か所で販売。30人ほど。野菜がよく売れた。")
    w.worry = services.entry_create(user=w.kuraki_chair, project=w.project, date=today, body=WORRY, sensitive=True)
    return w


_isogo_rows, isogo = shareable("isogo", make_isogo)


@pytest.fixture
def granted(isogo):
    """The 2層Co on the team holds the grant over 屛風ヶ浦's area, given by the ward's 1層Co."""
    w = isogo
    people_services.grant_create(granter=w.isogo_1so, user=w.byobugaura_2so, action="projects.read_sensitive",
                                 place=w.byobugaura, reason="移動販売の見守りで気になる人を共有するため",
                                 ends_on=timezone.localdate() + timedelta(days=180))
    return w
