"""The conflict screen's reasoning: two people saved the same record, field by field.

When a save is refused (tsunagu/lib/concurrency.py), three versions of each field are known:
the one the person started from (base), the one saved meanwhile (theirs) and the one just typed
(mine). A field only one of them changed needs no decision — the change is kept, whoever made
it — but the person still sees it, pre-chosen; a field both changed differently is theirs to
decide: take the saved text, keep their own, or edit a text that merges the two. Nothing typed is
lost: the typed version travels with the conflict screen (templates/includes/conflict.html) until
it is saved or consciously given up. If someone saves yet again while the person is choosing,
what they chose becomes their side of a new comparison, so it is not lost either.

Records hand in flat snapshots ({field name: JSON value}) and a list of Field descriptions:
取組共有シート (a section, a plan item), 地域支援計画 and ヒアリングシート all use this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

THEIRS, MINE, MERGED = "theirs", "mine", "merged"


def clean_text(value) -> str:
    """Text as stored: browsers post textareas with CRLF line ends; one kind of line end keeps
    versions, the history and the conflict screen from seeing changes nobody made."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(value) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # How a value reads on screen; for text fields also how a merged text becomes a value again.
    show: Callable[[Any], str] = _shown
    parse: Callable[[str], Any] | None = None  # None: not a text (a choice): no merged edit
    # A choice the person just made by the button they pressed (a hearing sheet's 記入中 / 提出済)
    # starts as theirs even when both sides changed it; they may still pick the other.
    prefer_mine: bool = False

    @property
    def mergeable(self) -> bool:
        return self.parse is not None


def text_field(name: str, label: str) -> Field:
    """A free text: shown as typed, and merged texts are stored as clean_text makes them."""
    return Field(name, str(label), parse=clean_text)


def choice_field(name: str, label: str, choices: Iterable[tuple[str, str]], *, prefer_mine: bool = False) -> Field:
    """One of a list (a status, a pillar): shown by its label, never merged."""
    labels = {value: str(text) for value, text in choices}
    return Field(name, str(label), show=lambda v: labels.get(v, _shown(v)), prefer_mine=prefer_mine)


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
    def theirs_text(self) -> str:
        return self.field.show(self.theirs)

    @property
    def mine_text(self) -> str:
        return self.field.show(self.mine)


@dataclass(frozen=True)
class Saved:
    """A saved state of a record: its snapshot, the version it is, who saved it and when."""

    data: Mapping
    version: int
    by: str = ""
    at: datetime | None = None


@dataclass
class Conflict:
    """Everything the conflict screen shows and posts back."""

    clashes: list[Clash]
    mine: dict
    theirs_version: int
    theirs_by: str = ""
    theirs_at: datetime | None = None
    base_version: int | None = None
    # A save refused for another reason after the choices were made (shown above the choices).
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

    @property
    def groups(self) -> list[dict]:
        """The screen's two parts, those to decide first; an empty part is not shown."""
        parts = [{"title": _("両方が変えた項目（選んでください）"), "note": "", "clashes": self.decisions, "decide": True},
                 {"title": _("片方だけが変えた項目"), "note": _("変えた側の内容を選んであります。違っていれば選び直してください。"),
                  "clashes": self.one_sided, "decide": False}]
        return [part for part in parts if part["clashes"]]


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


def build(fields: list[Field], *, mine: dict, theirs: Saved, base: Mapping | None,
          base_version: int | None) -> Conflict:
    """The conflict screen for mine against theirs. base None: the state the person started from
    is not known (a form posted without its version), so every difference is a decision."""
    return Conflict(clashes=find(fields, base=base or {}, theirs=theirs.data, mine=mine), mine=mine,
                    theirs_version=theirs.version, theirs_by=theirs.by, theirs_at=theirs.at,
                    base_version=base_version)


def from_versions(rows, *, base_version: int | None, theirs_version: int | None,
             first: Mapping | None = None) -> tuple[Mapping | None, Saved]:
    """Base and theirs from a record's full copies (PlanVersion, SheetVersion: number, data,
    actor_name, at). theirs_version None: the newest copy. first: the state of version 1 where no
    copy of it is kept (a hearing sheet starts empty, without one)."""
    found = {v.number: v for v in rows.filter(number__in=[n for n in (base_version, theirs_version) if n])}
    row = found.get(theirs_version) or rows.order_by("-number").first()
    theirs = (Saved(row.data, row.number, row.actor_name, row.at) if row is not None
              else Saved(first or {}, 1))
    base = found[base_version].data if base_version in found else (first if base_version == 1 else None)
    return base, theirs


def _both(theirs: str, mine: str) -> str:
    """A starting point for merging: the saved lines, then the typed lines not among them."""
    lines = theirs.splitlines()
    lines += [line for line in mine.splitlines() if line not in lines]
    return "\n".join(lines)


def posted(post: Mapping) -> tuple[dict, int, int | None]:
    """What a conflict screen posts back: the typed version, the version it was compared with and
    the one the person started from. Anything else is not a screen this site drew: 404."""
    try:
        mine = json.loads(post.get("mine") or "")
        version = int(post.get("version"))
        base_version = int(post.get("base_version") or 0) or None
    except (TypeError, ValueError):
        raise Http404 from None
    if not isinstance(mine, dict):
        raise Http404
    return mine, version, base_version


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
