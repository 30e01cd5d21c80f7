"""What プロジェクト declares. Data only — people/policy.py evaluates it.

A project (磯子: bringing mobile sales to a hilltop 自治会) is run by a team that crosses
organisations: the 2層Co, the 1層Co, the ward office, the 自治会 and the supermarket. Staff read
and run projects by their place, as they do memos; the team's members — whatever their role, even
an account with none, such as the 自治会長's — reach their own project and its shared log, and
nothing else. The log's 「気になる人」 entries are for members who also hold the grant."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, MEMBERS_ONLY, MEMBERS_TOO, OWN, WARD, Action

VIEW = Action("projects.view", "プロジェクトと共有ログを見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN),
              members=MEMBERS_TOO)
# Setting a project up and steering it (members, milestones, links) is staff work, by place.
WRITE = Action("projects.write", "プロジェクトを立ち上げる・直す（メンバー・マイルストーン・つながり）",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))
# The shared log is the team's own: only its members write entries and comment.
LOG = Action("projects.log", "共有ログに書く・コメントする", {}, members=MEMBERS_TOO)
# A resident someone worries about: members who also hold an individual grant, every read recorded.
READ_SENSITIVE = Action("projects.read_sensitive", "共有ログの「気になる人」の記録を読む", {},
                        grantable_by=dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD),
                        audited=True, members=MEMBERS_ONLY)

ACTIONS = (VIEW, WRITE, LOG, READ_SENSITIVE)
