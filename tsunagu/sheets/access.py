"""What 取組共有シート declares. Data only — people/policy.py evaluates it. Comments and 確認済
are for those who write at the sheet's ward itself (sheets.models.Sheet.can_be_reviewed_by)."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("sheets.view", "取組共有シートを読む",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
WRITE = Action("sheets.write", "取組共有シートを書く（区全体なら確認・コメント）",
               dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED, area_coordinator=OWN))

ACTIONS = (VIEW, WRITE)
