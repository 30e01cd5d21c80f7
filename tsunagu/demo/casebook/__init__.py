"""The casebook's own cases as demo content (issue 13, "Must show"): plain, typed data, no models.

Thirteen of the casebook's eighteen cases (../shared/seed/, docs: /work/shared/docs/domain.md) are
work people do together. This package tells each of them again in the demo's year, 令和8年度, with
the Yokohama demo's own wards, CPs, organisations, listings and accounts (yokohama.py,
listings.py), so that a coordinator of the ward finds it:

- 鶴見区, 金沢区, 港南区, 保土ケ谷区, 緑区, 都筑区, 南区, 栄区, 港北区: events (events.py) — exchange
  meetings, workshops, trainings, 協議体, briefings — with organisers, sessions, agenda and who
  reports, participants (organisations, listings, accounts) invited → answered → attended, head
  counts by kind, minutes per agenda item with decisions, follow-ups (some done, some open, due
  this week or overdue) and a review;
- 泉区, 緑区, 旭区, 西区: the monthly liaison meetings (liaison.py);
- 旭区: three teams of 2層Co running three networks, and the networks' meetings (teams.py);
- 磯子区: the 久良岐丘 mobile-sales project, milestones and the shared log (projects.py);
- 南区, 栄区, 都筑区: ward-wide partners with status history and contact logs (partners.py);
- 港北区: two ibasho's status through COVID and their grants (grants.py).

shapes.py has the types; cast.py the demo's CPs and accounts by role; dates are `Day` offsets from
a reference date (the loader's today) or fixed dates for history (shapes.py says why).

Loading (issue 13's models are on the colleagues' branches, not yet merged): casebook_load.py
maps each shape onto them — see its docstring. tests/demo/test_casebook_content.py checks every
name here against the demo as load_demo builds it, the dates' coherence, and that every case of
the issue is present.
"""

from __future__ import annotations

from datetime import date

from tsunagu.demo.casebook import events, grants, liaison, partners, projects, teams
from tsunagu.demo.casebook.cast import co1
from tsunagu.demo.casebook.shapes import Case

# When this was written; the offsets are chosen so that with it every event lies in 令和8年度.
WRITTEN_FOR = date(2026, 12, 7)

CASES: tuple[Case, ...] = (
    Case("鶴見区", "区域でのボランティア団体交流会（5会場をオンラインで）", co1("鶴見区"), events=events.TSURUMI),
    Case("金沢区", "生活支援ボランティアグループ同士のつながりづくり（11団体の交流会）", co1("金沢区"),
         events=events.KANAZAWA),
    Case("港南区", "「旅のことばカード」を活用した研修会", co1("港南区"), events=events.KONAN),
    Case("保土ケ谷区", "地区社協を対象とした見守りの仕組みづくり研修会", co1("保土ケ谷区"), events=events.HODOGAYA),
    Case("緑区", "ケアマネジャーとの合同研修・オンラインサロン・毎月の連絡会", co1("緑区"),
         events=events.MIDORI + liaison.MIDORI),
    Case("都筑区", "高齢者等の移動支援を考える会（タクシー会社と）", co1("都筑区"), events=events.TSUZUKI,
         partners=partners.TSUZUKI),
    Case("旭区", "3つの班と3つの連絡会（食事サービス・サロン・ちょこっとVo）", co1("旭区"),
         events=teams.EVENTS + liaison.ASAHI, teams=teams.TEAMS),
    Case("磯子区", "久良岐丘自治会の移動販売導入に向けた取組", co1("磯子区"), projects=projects.PROJECTS,
         added_accounts=projects.ADDED_ACCOUNTS),
    Case("南区", "タクシー会社と連携した地域活動への支援（7社に打診、2社が協力）", co1("南区"), events=events.MINAMI,
         partners=partners.MINAMI, added=partners.ADDED_MINAMI),
    Case("栄区", "移動販売サポートボランティア情報交換会（19会場）", co1("栄区"), events=events.SAKAE,
         partners=partners.SAKAE, added=partners.ADDED_SAKAE),
    Case("港北区", "コロナ禍でも「みんなの居場所」でつながり続けるために", co1("港北区"), events=events.KOHOKU,
         listings=grants.LISTINGS),
    Case("泉区", "一人ひとりが主体的に参加できる生活支援Co連絡会", co1("泉区"), events=liaison.IZUMI),
    Case("西区", "取組メモを共有する連絡会", co1("西区"), events=liaison.NISHI),
)

CASES_BY_WARD = {case.ward: case for case in CASES}


def all_events():
    return [event for case in CASES for event in case.events]
