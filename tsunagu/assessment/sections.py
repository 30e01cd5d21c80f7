"""Further sections of the assessment page and its A4 report, drawn after the gaps and before the
coordinator's reading: what other capabilities know of the area. Today the surveys held there
(tsunagu/surveys/assessment_section.py: tallies under the small-cell rule, never a name or a free
text). The assessment sits above the capabilities in the layers, so it names them here.

Each section's context is computed for a place and a reader; the reader is None when the report
is printed for the area as a whole, and a section then shows only what is fit for the liaison
meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tsunagu.surveys import assessment_section as surveys


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # (place, user) -> dict for the template, read there as section.<name>
    stylesheet: str = ""  # under static/: linked on the page and given to the PDF


SECTIONS = [
    Section("surveys", _("アンケートの結果"), "surveys/_assessment_section.html", surveys.context,
            stylesheet="css/survey-results.css"),
]


def for_area(place, user) -> list[dict]:
    return [{"key": s.key, "title": s.title, "template": s.template, "stylesheet": s.stylesheet,
             **s.context(place, user)} for s in SECTIONS]
