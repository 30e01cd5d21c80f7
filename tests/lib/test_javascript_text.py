"""Text from data never reaches a page as HTML through our JavaScript (ground rule 9): no
innerHTML and its kin in static/js, and Leaflet's popups and tooltips are given DOM nodes built with
textContent — never a string, which Leaflet would insert as HTML."""

from __future__ import annotations

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[2] / "static" / "js"
HTML_SINKS = re.compile(r"\.(?:innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write\(")
LEAFLET_TEXT = re.compile(r"\.(?:bindPopup|bindTooltip|setContent)\(\s*([^,)]*)")
NODE_ARGUMENT = re.compile(r"^(?:[A-Za-z_$][\w$]*(?:\(.*)?)$")  # a variable holding a node, or a call building one


def _scripts() -> list[Path]:
    return sorted(p for p in JS.glob("*.js"))


def test_there_are_scripts_to_check():
    assert len(_scripts()) >= 5


def test_no_script_writes_html():
    found = [f"{p.name}:{n}" for p in _scripts() for n, line in enumerate(p.read_text().splitlines(), 1)
             if HTML_SINKS.search(line)]
    assert found == []


def test_popups_and_tooltips_get_nodes_not_strings():
    calls = [(p.name, m.group(1).strip()) for p in _scripts() for m in LEAFLET_TEXT.finditer(p.read_text())]
    assert calls, "the maps bind popups and tooltips"
    assert [c for c in calls if not NODE_ARGUMENT.match(c[1]) or "+" in c[1].split("(")[0]] == []
