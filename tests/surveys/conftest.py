from __future__ import annotations

from types import SimpleNamespace

from tests.shared_rows import shareable
from tests.surveys.factory import build_survey


def make_cast(world):
    """A survey of the ward (中区), one of 簑沢 CP and one of 磯子区's 久良岐丘自治会."""
    c = SimpleNamespace()
    c.naka = build_survey(world.naka, user=world.naka_1so, title="中区 団体アンケート")
    c.minosawa = build_survey(world.minosawa, user=world.minosawa_2so, title="簑沢 買い物アンケート")
    c.isogo = build_survey(world.kuraki, user=world.isogo_1so, title="久良岐丘 住民アンケート")
    return c


_cast_rows, cast = shareable("cast", make_cast)
