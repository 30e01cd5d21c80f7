from __future__ import annotations

from types import SimpleNamespace

from tests.shared_rows import shareable
from tests.sheets.records_factory import make_memo
from tsunagu.lib.programme import Pillar
from tsunagu.teams import services
from tsunagu.teams.models import TeamKind


def make_teams(world):
    """中区's 食事サービス班 (a ward-level team led by 簑沢's 2層Co, as 旭区's 班 are led by 2層Co), the
    network of meal services it runs, a memo of 簑沢 filed under the team, and 磯子区's own team."""
    t = SimpleNamespace()
    t.meals = services.team_create(user=world.naka_1so, place=world.naka, name="食事サービス班",
                                   purpose="食事会の連絡会を企画・運営する", lead=world.minosawa_2so,
                                   members=[world.naka_1so])
    t.network = services.team_create(user=world.naka_1so, kind=TeamKind.NETWORK, place=world.naka,
                                     name="食事サービス連絡会", run_by=t.meals, organisations=[world.d6_council])
    t.memo = make_memo(world.minosawa_2so, world.minosawa, "食事会代表者アンケートを配布",
                       pillars=[Pillar.GATHERING], team=t.meals, days_ago=3)
    t.isogo = services.team_create(user=world.isogo_1so, place=world.isogo, name="サロン班")
    return t


_teams_rows, teams = shareable("teams", make_teams)
