"""What ヒアリング declares. Data only — people/policy.py evaluates it. Item sets and rounds are run
by those who write at the ward itself (the 1層Co); a CP's sheet by its 2層Co and the 1層Co."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("hearings.view", "ヒアリングを読む",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
WRITE = Action("hearings.write", "ヒアリングに書く（区全体なら項目・回の運営）",
               dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED, area_coordinator=OWN))

ACTIONS = (VIEW, WRITE)
