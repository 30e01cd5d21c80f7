"""Plans for the cast of tests/conftest.py: 第6地区 (in 簑沢's CP area, naka_chiku's district),
第7地区 (in 本牧's), 第9地区 directly under 中区 with 簑沢 named as its partner CP area, 第10地区
directly under 中区 with no partner, and 磯子区's 森地区."""

from __future__ import annotations

from types import SimpleNamespace

from tests.shared_rows import shareable
from tsunagu.district_plans import services
from tsunagu.places.models import Kind, Place


def plan_data(**overrides) -> dict:
    data = {
        "start_year": 2026, "end_year": 2028, "status": "drafting",
        "current_state": "坂が多く、買い物に困る高齢者が増えている。",
        "goals": ["歩いて行ける居場所を増やす", "見守りの輪を広げる"],
        "directions": "地区社協と一緒にサロンの立ち上げを支える。",
        "partners": "地区社協、民生委員", "partner_organisations": [], "partner_area_id": None, "note": "",
    }
    data.update(overrides)
    return data


def make_plans(world):
    district9 = Place.objects.create(kind=Kind.DISTRICT, code="14104-D009", name="第9地区", parent=world.naka)
    district10 = Place.objects.create(kind=Kind.DISTRICT, code="14104-D010", name="第10地区", parent=world.naka)
    return SimpleNamespace(
        district9=district9, district10=district10,
        d6=services.plan_create(user=world.naka_chiku, district=world.d6, data=plan_data()),
        d7=services.plan_create(user=world.naka_1so, district=world.d7, data=plan_data(
            current_state="本牧の丘の上は移動販売が来ない。")),
        d9=services.plan_create(user=world.naka_1so, district=district9, data=plan_data(
            partner_area_id=world.minosawa.pk, current_state="区に直接属する地区。")),
        d10=services.plan_create(user=world.naka_1so, district=district10, data=plan_data()),
        isogo=services.plan_create(user=world.isogo_1so, district=world.isogo_d, data=plan_data(
            current_state="森地区の見守り。")),
    )


_plans_rows, plans = shareable("plans", make_plans)
