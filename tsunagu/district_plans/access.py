"""What 地域支援計画 declares. Data only — people/policy.py evaluates it. A 2層Co writes the plans
of districts inside their CP area together with the district officer."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("district_plans.view", "地域支援計画を読む",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
WRITE = Action("district_plans.write", "地域支援計画を書く",
               dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED, area_coordinator=OWN))

ACTIONS = (VIEW, WRITE)
