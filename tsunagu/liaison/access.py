"""What 区の一覧・連絡会資料 declares. Data only — people/policy.py evaluates it. The ward view opens
for those who read the records of every CP area of the ward (liaison.views). The liaison meetings
themselves are events (tsunagu/events/access.py): recorded by those who write events at the ward."""

from __future__ import annotations

from tsunagu.people.policy import CITY, OWN, WARD, Action

VIEW = Action("liaison.view", "区の一覧・連絡会資料・記録の検索",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))

ACTIONS = (VIEW,)
