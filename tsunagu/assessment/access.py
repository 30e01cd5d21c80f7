"""What 地域アセスメント declares. Data only — people/policy.py evaluates it.

Population figures are public statistics, but the assessment pages (gaps, the map with the
directory on top, the coordinator's reading, the report for the liaison meeting) are staff pages
scoped by place like the directory: the city sees the city, ward staff their ward, a 2層Co and a
CP's staff their own CP area. Writing the reading follows who prepares the meeting."""

from __future__ import annotations

from tsunagu.people.policy import CITY, OWN, WARD, Action

VIEW = Action("assessment.view", "地域アセスメント（人口・指標・空白地域・報告書）を見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=OWN, cp_staff=OWN))
WRITE = Action("assessment.write", "地域アセスメントの所見（読み取り）を書く",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, area_coordinator=OWN))

ACTIONS = (VIEW, WRITE)
