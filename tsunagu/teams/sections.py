"""The team page's further sections: its meetings, follow-ups and projects.

Events and projects are capabilities above teams in the layers, so the team page cannot import
them. Each registers a section from its AppConfig.ready():

    sections.register("events", title=_("会議・催し"), template="events/_team_events.html",
                      context=lambda team, user: {"events": Event.objects.visible_to(user).filter(team=team)})

and the team page (teams/views.py team_detail) draws every registered section in order, after the
members and purpose and before the memos. Nothing is registered on main yet: the page then says
where meetings and follow-ups will appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # (team, user) -> dict for the template
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(key: str, *, title, template: str, context: Callable, order: int = 100) -> None:
    _SECTIONS[key] = Section(key, title, template, context, order)


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def for_team(team, user) -> list[dict]:
    """Each registered section with what it shows for this team and reader."""
    return [{"key": s.key, "title": s.title, "template": s.template, **s.context(team, user)}
            for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))]
