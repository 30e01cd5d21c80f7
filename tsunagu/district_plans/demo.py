"""The demo's 地域支援計画, drawn from the casebook's 青葉区 case (district officers and 2層Co writing
plans together, the 1層Co sitting in) and 中区's 第6地区 (the お買物ツアー district). Run after the
demo's places, organisations and accounts exist (tsunagu/demo/yokohama.py):

    from tsunagu.district_plans.demo import build_demo_plans
    build_demo_plans()

Plans are written through the services, so each has its versions (a first draft by the district
officer, additions by the 2層Co, adoption) and audit entries, as if typed over the year.
"""

from __future__ import annotations

from tsunagu.district_plans import services
from tsunagu.district_plans.models import DistrictPlan, PlanStatus
from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place

FISCAL_YEAR = 2026  # 令和8年度, the demo's year (tsunagu/demo/listings.py REFERENCE_DATE)

# (current situation, goals, directions, partners) — the 2層Co's additions follow in SECOND.
FIRST = [
    ("坂の多い住宅地で、一人暮らしの高齢者が増えている。コロナ禍で休んでいたサロンの一部がまだ再開していない。\n"
     "地区社協の役員が高齢になり、担い手が固定している。",
     ["歩いて行ける通いの場を増やす", "担い手を広げ、活動を次の世代につなぐ"],
     "地区社協の定例会で地域の課題を話し合う時間をとる。再開できていないサロンの代表者を個別に訪ねる。",
     "地区社協、民生委員児童委員協議会、自治会町内会"),
    ("駅に近い地区と丘の上の地区で暮らしの事情が大きく違う。丘の上では買い物と通院の足に困る声が多い。",
     ["買い物に行ける手段をつくる", "見守りの輪を自治会ごとに広げる"],
     "移動販売の試行を自治会と相談する。ふれあい活動員の集まりを再開し、気になる人の情報を共有する。",
     "地区社協、自治会町内会、移動販売の事業者"),
]
SECOND = [
    ("CPとしては、フレイルが進んでから相談に来る人が増えていると感じている。",
     "元気づくりステーションの立ち上げを包括と一緒に支える。"),
    ("包括への相談では、買い物の困りごとが上位にある。",
     "タクシー会社・スーパーとの連携の可能性を探る。"),
]


def _officer_of(district: Place) -> User | None:
    membership = (Membership.objects.active().filter(role=Role.DISTRICT_OFFICER, districts=district)
                  .select_related("user").first())
    return membership.user if membership else None


def _coordinator_of(area: Place) -> User | None:
    membership = (Membership.objects.active().filter(role=Role.AREA_COORDINATOR, organisation__place=area)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def _plan(district: Place, n: int) -> DistrictPlan | None:
    officer, area = _officer_of(district), district.ancestor_of_kind(Kind.CP_AREA)
    coordinator = _coordinator_of(area) if area else None
    if officer is None or coordinator is None or district.district_plans.exists():
        return None
    state, goals, directions, partners = FIRST[n % len(FIRST)]
    council = Organisation.objects.filter(kind=OrganisationKind.DISTRICT_COUNCIL, place=district).first()
    data = {"start_year": FISCAL_YEAR, "end_year": FISCAL_YEAR + 2, "status": PlanStatus.DRAFTING,
            "current_state": state, "goals": goals, "directions": directions, "partners": partners,
            "partner_organisations": [council.pk] if council else [], "partner_area_id": None, "note": ""}
    plan = services.plan_create(user=officer, district=district, data=data)
    more_state, more_direction = SECOND[n % len(SECOND)]
    data = {**data, "current_state": f"{state}\n{more_state}", "directions": f"{directions}\n{more_direction}",
            "goals": [*goals, "区社協とCPが同じ方向を向いて地域を支える"]}
    plan = services.plan_update(user=coordinator, plan=plan, seen_version=plan.version, data=data)
    if n % 2 == 0:
        data = {**data, "status": PlanStatus.ADOPTED, "note": "地区社協の総会で共有した。"}
        plan = services.plan_update(user=officer, plan=plan, seen_version=plan.version, data=data)
    return plan


def build_demo_plans(wards: tuple[str, ...] = ("青葉区", "中区")) -> int:
    """Plans for the district officers' districts of some wards; the number written."""
    written = 0
    for ward in Place.objects.filter(kind=Kind.WARD, name__in=wards).order_by("code"):
        districts = Place.objects.filter(kind=Kind.DISTRICT, path__startswith=ward.path,
                                         officer_memberships__isnull=False).distinct().order_by("code")
        for n, district in enumerate(districts):
            written += _plan(district, n) is not None
    return written
