"""The audit page shows an entry of every kind the code writes. A hearing set's entry once made
it answer 500: its changes carry a field named "items", which the template's `changes.items` read
instead of the dict's method."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.hearings.conftest import ITEMS, items
from tsunagu.audit.models import AuditEntry
from tsunagu.audit.services import ACTION_LABELS
from tsunagu.hearings import services as hearing_services

SOURCE = Path(__file__).resolve().parents[2] / "tsunagu"

# Names a template lookup on a dict would take for the dict's own methods.
DICT_METHOD_NAMES = ["items", "keys", "values", "get", "pop", "copy", "update", "clear"]


def test_every_action_the_code_writes_has_a_label():
    written = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        written |= set(re.findall(r'_audit\(\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', text))
    assert written, "the scan found no audit actions: its patterns no longer match the code"
    assert "hearing_set.create" in written
    assert written - set(ACTION_LABELS) == set()


@pytest.mark.parametrize("role", ["admin", "naka_1so"])
def test_the_page_renders_an_entry_of_every_action(world, as_user, role):
    for action in ACTION_LABELS:
        AuditEntry.objects.create(
            actor=world.naka_1so, actor_name="naka-1so", action=action, place=world.naka, place_path=world.naka.path,
            target_type="tests.any", target_id=1, target_repr=f"対象 {action}",
            changes={**{name: [None, [f"{name}の値", "二つ目"]] for name in DICT_METHOD_NAMES},
                     "name": ["旧い名前", "新しい名前"], "old_style": "対になっていない値"},
        )
    response = as_user(getattr(world, role)).get(reverse("audit:list"), {"page": 1})
    assert response.status_code == 200
    page = response.content.decode()
    shown = {entry.action for entry in response.context["page"]}
    assert shown == set(ACTION_LABELS) or len(shown) == 50
    # Each change as a diff (tsunagu/lib/textdiff.py), a list one item a line.
    assert '<del class="diff">旧</del><ins class="diff">新し</ins>い名前' in page
    assert "items" in page and '<ins class="diff">itemsの値\n二つ目</ins>' in page
    assert "対になっていない値" in page


@pytest.mark.parametrize("role", ["admin", "naka_1so"])
def test_real_hearing_set_entries_render(world, as_user, role):
    item_set = hearing_services.hearing_set_create(user=world.naka_1so, ward=world.naka, name="2層Coヒアリング",
                                                   items=items(*ITEMS))
    hearing_services.hearing_set_update(user=world.naka_1so, item_set=item_set, seen_version=item_set.version,
                                        name="2層Coヒアリング（改）", items=items(*ITEMS[:3]))
    assert AuditEntry.objects.filter(action__startswith="hearing_set.").count() == 2
    response = as_user(getattr(world, role)).get(reverse("audit:list"))
    assert response.status_code == 200
    assert "2層Coヒアリング（改）" in response.content.decode()
