"""Further sections of the assessment report: survey results that belong to the area, and
whatever later capabilities add.

Surveys (tsunagu/surveys) sit beside assessment in the capabilities layer, so neither imports
the other. The surveys app registers its section from its AppConfig.ready():

    sections.register("surveys", title=_("アンケートの結果"), template="surveys/_assessment_section.html",
                      context=lambda place, user: {"surveys": Survey.objects.visible_to(user).under(place)})

and the assessment page and its A4 report draw every registered section in order, after the
gaps and before the coordinator's reading. ``user`` is None when the report is printed for the
area as a whole (a section must then show only what is fit for the liaison meeting: tallies
with the small-cell rule, never names)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # (place, user) -> dict for the template
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(key: str, *, title, template: str, context: Callable, order: int = 100) -> None:
    _SECTIONS[key] = Section(key, title, template, context, order)


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def for_area(place, user) -> list[dict]:
    return [{"key": s.key, "title": s.title, "template": s.template, **s.context(place, user)}
            for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))]
