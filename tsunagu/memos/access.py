"""What 取組メモ declares. Data only — people/policy.py evaluates it. A care manager reads the
ward's directory but not the coordinators' working notes; a district officer, who writes only
in their districts, reads the whole ward's records as the 区社協 colleague of the 1層Co."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("memos.view", "取組メモを読む",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
# Also the ward's own lists of kinds and stages, for those who write at the ward itself.
WRITE = Action("memos.write", "取組メモを書く・直す・削除する",
               dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED, area_coordinator=OWN))

ACTIONS = (VIEW, WRITE)
