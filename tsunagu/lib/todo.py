"""What waits for a person: "my to-do" (わたしのやること) gathers it from every capability.

Each capability that leaves something on someone's list (a follow-up from minutes, a project's
milestone, a grant's report deadline, an invitation to answer) registers a *source* in its
AppConfig.ready(). A source is a function ``(user, until) -> Iterable[ToDo]`` that reads only
what that user may see and returns what is still open and due by ``until`` (overdue included).
The to-do page and the dashboards call ``items_for``; they import no capability, so a new kind
of work joins the list by registering, not by editing the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

Source = Callable[[object, date], Iterable["ToDo"]]

_SOURCES: dict[str, Source] = {}


@dataclass(frozen=True)
class ToDo:
    kind: str  # the source's label, e.g. "フォローアップ" (translated by the source)
    title: str  # what to do, as plain text (never HTML)
    due: date | None  # None: no date (an invitation without a reply date)
    url: str  # where to do it
    context: str = ""  # where it comes from: the event's or project's name
    key: str = field(default="")  # stable id ("events.followup:12") for tests and anchors

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def register(name: str, source: Source) -> None:
    """Called from AppConfig.ready(); registering the same name twice replaces it (reloads)."""
    _SOURCES[name] = source


def items_for(user, until: date) -> list[ToDo]:
    """Everything open for ``user`` due by ``until``, the earliest first, undated last."""
    items = [item for source in _SOURCES.values() for item in source(user, until)]
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max, t.kind, t.title))
