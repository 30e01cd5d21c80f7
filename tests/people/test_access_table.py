"""The role × action table in docs/access.md is what the declarations say, and the declarations
say what the roles could do before each capability declared its own actions."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

from tsunagu.people import policy
from tsunagu.people.management.commands.access_table import markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_docs_access_md_is_the_generated_table():
    assert DOC.read_text(encoding="utf-8") == markdown(), "run: manage.py access_table > docs/access.md"


def test_the_command_prints_the_table(capsys):
    call_command("access_table")
    assert capsys.readouterr().out == markdown()


def test_every_capability_declares_its_actions():
    names = {a.name for a in policy.declared()}
    for capability in ["places", "organisations", "people", "directory", "memos", "sheets", "district_plans",
                       "hearings", "liaison"]:
        assert any(n.startswith(capability + ".") for n in names), capability


def test_the_table_shows_each_roles_scope_for_an_action():
    row = next(line for line in markdown().splitlines() if line.startswith("| `memos.write` |"))
    # 市の管理者 city, 1層Co ward, 区役所 none, 地区担当 assigned, 2層Co own, CP職員 none, 閲覧者 none.
    assert row.split(" | ")[2:9] == ["市全体", "区", "—", "担当地区", "自所属の地域", "—", "—"]
