"""Plans laid out as coordinators look for them: ward → CP area → district, each district with its
plans (newest first), and — when asked — the districts that have none yet (青葉区's point: only
some districts had a plan; the list shows which do not)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tsunagu.district_plans import access
from tsunagu.district_plans.models import districts_for_plans
from tsunagu.people import policy
from tsunagu.places.models import Kind, Place


@dataclass
class DistrictRow:
    district: Place
    plans: list = field(default_factory=list)
    can_create: bool = False


@dataclass
class AreaGroup:
    area: Place | None  # None: districts directly under the ward
    districts: list[DistrictRow] = field(default_factory=list)


@dataclass
class WardGroup:
    ward: Place
    areas: list[AreaGroup] = field(default_factory=list)

    @property
    def plan_count(self) -> int:
        return sum(len(d.plans) for a in self.areas for d in a.districts)

    @property
    def district_count(self) -> int:
        return sum(len(a.districts) for a in self.areas)


def _ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def plan_tree(user, plans: QuerySet, *, with_empty_districts: bool,
              districts: QuerySet[Place] | None = None) -> list[WardGroup]:
    plans = list(plans.order_by("district__path", "-start_year", "-pk"))
    if districts is None:
        districts = (policy.places_where(user, access.VIEW).filter(kind=Kind.DISTRICT)
                     if with_empty_districts else Place.objects.none())
    rows: dict[int, DistrictRow] = {d.pk: DistrictRow(d) for d in districts}
    for plan in plans:
        rows.setdefault(plan.district_id, DistrictRow(plan.district)).plans.append(plan)
    writable = set(districts_for_plans(user).filter(pk__in=list(rows)).values_list("pk", flat=True))
    above = Place.objects.in_bulk({i for row in rows.values() for i in _ids(row.district.path)[:-1]})
    wards: dict[int, WardGroup] = {}
    areas: dict[tuple[int, int | None], AreaGroup] = {}
    # Codes (14104-CP01, 14104-D006) give the order people know; paths hold creation order.
    for row in sorted(rows.values(), key=lambda r: r.district.code):
        row.can_create = row.district.pk in writable
        chain = [above[i] for i in _ids(row.district.path)[:-1] if i in above]
        ward = next((p for p in chain if p.kind == Kind.WARD), None)
        if ward is None:
            continue
        area = next((p for p in chain if p.kind == Kind.CP_AREA), None)
        group = wards.setdefault(ward.pk, WardGroup(ward))
        key = (ward.pk, area.pk if area else None)
        if key not in areas:
            areas[key] = AreaGroup(area)
            group.areas.append(areas[key])
        areas[key].districts.append(row)
    for group in wards.values():
        # Districts directly under the ward come after the CP areas.
        group.areas.sort(key=lambda a: (a.area is None, a.area.code if a.area else ""))
    return sorted(wards.values(), key=lambda w: w.ward.code)
