"""The conflict screen's reasoning: two people saved the same record, field by field.

When a save is refused (tsunagu/lib/concurrency.py), three versions of each field are known:
the one the person started from (base), the one saved meanwhile (theirs) and the one just typed
(mine). A field only one of them changed needs no decision — the change is kept, whoever made
it — but the person still sees it; a field both changed differently is theirs to decide: take
the saved text, keep their own, or edit a text that merges the two. Nothing typed is lost: the
typed version travels with the conflict screen until it is saved or consciously given up.

Records hand in flat snapshots ({field name: JSON value}) and a list of Field descriptions;
district plans and hearing sheets both use this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

THEIRS, MINE, MERGED = "theirs", "mine", "merged"


def clean_text(value) -> str:
    """Text as stored: browsers post textareas with CRLF line ends; one kind of line end keeps
    versions, the history and the conflict screen from seeing changes nobody made."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # How a value reads on screen; for text fields also how a merged text becomes a value again.
    show: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    parse: Callable[[str], Any] | None = None  # None: not a text (a choice): no merged edit
    # A choice the person just made by the button they pressed (a sheet's 記入中 / 提出済) starts
    # as theirs even when both sides changed it; they may still pick the other.
    prefer_mine: bool = False

    @property
    def mergeable(self) -> bool:
        return self.parse is not None


@dataclass
class Clash:
    field: Field
    base: Any
    theirs: Any
    mine: Any
    choice: str = ""
    merged_text: str = ""
    error: str = ""

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def both_changed(self) -> bool:
        return self.theirs != self.base and self.mine != self.base

    @property
    def suggested(self) -> str:
        """The choice made for the person when only one side changed the field."""
        if self.both_changed:
            return ""
        return MINE if self.mine != self.base else THEIRS

    @property
    def base_text(self) -> str:
        return self.field.show(self.base)

    @property
    def theirs_text(self) -> str:
        return self.field.show(self.theirs)

    @property
    def mine_text(self) -> str:
        return self.field.show(self.mine)


@dataclass
class Conflict:
    """Everything the conflict screen shows and posts back."""

    clashes: list[Clash]
    mine: dict
    theirs_version: int
    theirs_by: str = ""
    theirs_at: Any = None
    base_version: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def mine_json(self) -> str:
        return json.dumps(self.mine, ensure_ascii=False)

    @property
    def decisions(self) -> list[Clash]:
        return [c for c in self.clashes if c.both_changed]

    @property
    def one_sided(self) -> list[Clash]:
        return [c for c in self.clashes if not c.both_changed]


def find(fields: list[Field], *, base: Mapping, theirs: Mapping, mine: Mapping) -> list[Clash]:
    """The fields where what was typed differs from what is saved now."""
    clashes = []
    for f in fields:
        if mine.get(f.name) != theirs.get(f.name):
            clash = Clash(field=f, base=base.get(f.name), theirs=theirs.get(f.name), mine=mine.get(f.name))
            clash.choice = clash.suggested or (MINE if f.prefer_mine else "")
            clash.merged_text = _both(clash.theirs_text, clash.mine_text) if clash.both_changed else clash.mine_text
            clashes.append(clash)
    return clashes


def _both(theirs: str, mine: str) -> str:
    """A starting point for merging: the saved lines, then the typed lines not among them."""
    lines = theirs.splitlines()
    lines += [line for line in mine.splitlines() if line not in lines]
    return "\n".join(lines)


def read_mine(posted: str) -> dict | None:
    """The typed version carried by the conflict screen (None if it was tampered into nonsense)."""
    try:
        value = json.loads(posted or "")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def resolve(conflict: Conflict, post: Mapping) -> dict | None:
    """The version to save from the person's choices on the conflict screen, or None (with an
    error on each clash still undecided) when something is missing."""
    result = dict(conflict.mine)
    ok = True
    for clash in conflict.clashes:
        choice = post.get(f"choice-{clash.name}", "")
        clash.choice = choice
        clash.merged_text = post.get(f"merged-{clash.name}", clash.mine_text)
        if choice == THEIRS:
            result[clash.name] = clash.theirs
        elif choice == MINE:
            result[clash.name] = clash.mine
        elif choice == MERGED and clash.field.mergeable:
            result[clash.name] = clash.field.parse(clash.merged_text)
        else:
            clash.error = _("「%(label)s」で、残す内容を選んでください。") % {"label": clash.label}
            ok = False
    return result if ok else None
