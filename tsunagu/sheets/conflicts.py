"""The conflict screen: when a save is refused because someone saved first, show each field
where the two differ — theirs (saved) and yours (not saved) side by side — and let the person
keep theirs, keep theirs own, or write a merged text. Nothing typed is lost: the person's input
travels in the page until a save goes through.

The state a form was based on (the common ancestor, from SheetChange) decides the sensible
choice where only one side changed a field; where both changed, the person must choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

THEIRS, MINE, MERGED = "theirs", "mine", "merged"

# (name, label, choices: value → label, or None for free text)
Field = tuple[str, str, "dict | None"]


def clean_text(value) -> str:
    # Browsers send textareas with CRLF; what is stored has LF, so the two compare equal.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


@dataclass
class Row:
    name: str
    label: str
    choices: dict | None
    base: str | None
    theirs: str
    mine: str
    pick: str = ""
    merged: str = ""
    error: str = ""

    def __post_init__(self):
        if self.pick not in (THEIRS, MINE, MERGED) or (self.pick == MERGED and not self.is_text):
            self.pick = self.default
        if not self.merged and self.is_text:
            self.merged = "\n\n".join(t for t in (self.theirs, self.mine) if t)

    @property
    def default(self) -> str:
        if self.base is None:
            return ""
        if self.theirs == self.base:
            return MINE
        if self.mine == self.base:
            return THEIRS
        return ""

    @property
    def both_changed(self) -> bool:
        return self.default == ""

    @property
    def is_text(self) -> bool:
        return self.choices is None

    def _shown(self, value) -> str:
        return str(self.choices.get(value, value)) if self.choices else value

    @property
    def theirs_shown(self) -> str:
        return self._shown(self.theirs)

    @property
    def mine_shown(self) -> str:
        return self._shown(self.mine)

    @property
    def value(self) -> str | None:
        return {THEIRS: self.theirs, MINE: self.mine, MERGED: self.merged if self.is_text else None}.get(self.pick)


def compare(fields: list[Field], *, base: dict | None, theirs: dict, mine: dict, picks: dict | None = None,
            merged: dict | None = None) -> list[Row]:
    """The rows where theirs and mine differ."""
    rows = []
    for name, label, choices in fields:
        t, m = theirs.get(name, ""), mine.get(name, "")
        if t == m:
            continue
        b = base.get(name, "") if base is not None else None
        rows.append(Row(name=name, label=label, choices=choices, base=b, theirs=t, mine=m,
                        pick=(picks or {}).get(name, ""), merged=clean_text((merged or {}).get(name, ""))))
    return rows


def resolve(rows: list[Row], mine: dict, *, strict: bool = True) -> tuple[dict, bool]:
    """The values to save: each row's choice, the rest as the person typed them. Strict: a row
    both sides changed needs a choice (it gets an error); otherwise it keeps the person's text."""
    values = dict(mine)
    ok = True
    for row in rows:
        if row.value is not None:
            values[row.name] = row.value
        elif strict:
            row.error = _("どちらを残すか選んでください。")
            ok = False
    return values, ok


def posted(post, fields: list[Field], prefix: str) -> dict:
    return {name: clean_text(post[f"{prefix}-{name}"]) for name, _label, _choices in fields if f"{prefix}-{name}" in post}
