"""What 区の一覧・連絡会 declares. Data only — people/policy.py evaluates it. The ward view opens
for those who read the records of every CP area of the ward (liaison.views); the meeting's record
is kept by those who write records at the ward itself (the 1層Co who runs it)."""

from __future__ import annotations

from tsunagu.people.policy import CITY, OWN, WARD, Action

VIEW = Action("liaison.view", "区の一覧・連絡会資料・記録の検索",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
KEEP = Action("liaison.keep", "連絡会の記録をつける",
              dict(city_admin=CITY, ward_coordinator=WARD))

ACTIONS = (VIEW, KEEP)
