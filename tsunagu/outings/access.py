"""What お出かけ支援 (outings by taxi) declares. Data only — people/policy.py evaluates it.

An outing (中区's お買物ツアー, a サービスB group's transport) is organised where an event would be:
the 1層Co and 区役所 at the ward, district officers in their districts, a 2層Co and a CP's staff in
their CP area. Participants' personal data (name, phone, address, needs) is staff-only like the
rest of the outing, but declared apart and audited: every list or paper showing it leaves an
`access.look` entry, so that opening the outing itself to more readers one day cannot open it.

Taxi companies and tariffs are the ward's (companies are ward-wide partners): every staff role in
the ward reads them; those who write at the ward itself (1層Co, 区役所, the city) change them."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("outings.view", "お出かけ支援（外出の企画・配車・実績）を見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=OWN, cp_staff=OWN))
WRITE = Action("outings.write", "お出かけ支援を作る・直す・削除する、当日の記録をつける",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))
# Names, addresses, phones and needs of the riders. Same reach as VIEW today, declared apart so
# that widening VIEW cannot widen this, and audited.
PARTICIPANTS = Action("outings.participants", "参加者の氏名・住所・電話・配慮を見る（職員のみ・記録に残る）",
                      dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                           area_coordinator=OWN, cp_staff=OWN),
                      audited=True)
TAXIS_VIEW = Action("outings.taxis", "タクシー会社・運賃を見る",
                    dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                         area_coordinator=WARD, cp_staff=WARD))
TAXIS_WRITE = Action("outings.taxis_write", "タクシー会社・車両・運賃を登録・変更する",
                     dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD))

ACTIONS = (VIEW, WRITE, PARTICIPANTS, TAXIS_VIEW, TAXIS_WRITE)
