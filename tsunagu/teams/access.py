"""What チーム・ネットワーク declares. Data only — people/policy.py evaluates it.

Teams are ward work (旭区: 13 2層Co in three 班, each running a network of groups), so everyone
with a role in the ward reads the ward's teams, CP staff too: 地域交流Co co-organise. Writing follows
the place of the team, as for memos: the ward's 1層Co and 区役所 at the ward, a district officer in
their districts, a CP's 2層Co and 地域交流Co in their CP area. A team's lead also edits it
(TeamQuerySet.changeable_by)."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("teams.view", "チーム・ネットワークを見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=WARD))
WRITE = Action("teams.write", "チーム・ネットワークを作る・直す・削除する",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))

ACTIONS = (VIEW, WRITE)
