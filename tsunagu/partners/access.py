"""What 区全体の協力先 declares. Data only — people/policy.py evaluates it.

A partner (a taxi company, a supermarket, a shop) is the ward's: its record sits at the ward, so
its status, what it offers and its contact people are changed by those who write at the ward
(1層Co, 区役所, the city). Everyone with a role in the ward reads the board — 2層Co and 地域交流Co
propose partners to their residents — and writes the contact log where they work (a 2層Co's talk
with the taxi company is filed at their CP area, a district officer's at their district).
Contact people and the contact log are staff-only: care managers and partners (viewer) reach none
of it, and another ward's staff see nothing of this ward's partners."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("partners.view", "区全体の協力先を見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=WARD))
# Declared apart from VIEW so that opening the board to more readers one day cannot open these.
CONTACTS = Action("partners.contacts", "協力先の担当者と連絡の記録を見る（職員のみ）",
                  dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                       area_coordinator=WARD, cp_staff=WARD))
WRITE = Action("partners.write", "協力先を登録・変更する、連絡の記録を書く",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))

ACTIONS = (VIEW, CONTACTS, WRITE)
