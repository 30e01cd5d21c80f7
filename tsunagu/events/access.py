"""What 催し (events) declares. Data only — people/policy.py evaluates it.

Reading reaches a role's own part of the tree; the 2層Co and a CP's 地域交流Co reach their own CP
area, and (events/models.py EventQuerySet.visible_to) also the events held above it — the ward's
liaison meeting, a city-wide training — and those they organise or are invited to. Writing follows
who organises: the 1層Co, 区役所 and 地域交流Co at the ward, district officers in their districts, a
2層Co and a CP's staff in their CP area."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("events.view", "催しを見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=OWN, cp_staff=OWN))
WRITE = Action("events.write", "催しを作る・直す・削除する・出欠をつける",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))

ACTIONS = (VIEW, WRITE)
