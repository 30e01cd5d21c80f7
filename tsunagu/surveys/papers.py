"""A survey's papers on A4, through tsunagu/lib/pdf.py (BIZ UDPGothic, no fetching):

- the questionnaire (調査票) in large type for residents in their 70s–80s: a square to tick for each
  choice, lines to write on, 令和 for the date asked and for the deadline, the skip logic written
  out (「問2で「はい」と答えた方」) as on every paper survey; a box for the paper's number, which
  the person typing it in enters so that the paper can be found again;
- the links (one slip a link: the group's name, the address and its QR code) to hand out.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from tsunagu.lib import dates
from tsunagu.lib.pdf import Rendered, qr_src, render_pdf
from tsunagu.surveys.answering import condition_text, prefetched, scale_label
from tsunagu.surveys.models import SCALE_POINTS, Survey

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "survey-papers.css"
# Lines to write on for a long answer (a short one gets one).
LONG_LINES = 4


def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def questionnaire_context(survey: Survey) -> dict:
    questions = []
    for q in prefetched(survey):
        questions.append({
            "q": q, "condition": condition_text(q), "choices": list(q.choices.all()), "rows": list(q.rows.all()),
            "scale": [scale_label(q, p) for p in SCALE_POINTS], "lines": range(LONG_LINES),
        })
    return {"survey": survey, "questions": questions, "closes_on": dates.document_date(survey.closes_on),
            "today": timezone.localdate()}


def questionnaire_pdf(survey: Survey) -> Rendered:
    html = render_to_string("surveys/paper_pdf.html", questionnaire_context(survey))
    return render_pdf(html, stylesheets=[_css()])


def links_pdf(survey: Survey, *, base_url: str) -> Rendered:
    slips = []
    for link in survey.links.filter(active=True).select_related("area"):
        url = base_url.rstrip("/") + link.get_absolute_url()
        slips.append({"link": link, "url": url, "qr": qr_src(url)})
    html = render_to_string("surveys/links_pdf.html", {
        "survey": survey, "slips": slips, "closes_on": dates.document_date(survey.closes_on)})
    return render_pdf(html, stylesheets=[_css()])


def filename(survey: Survey, what: str) -> str:
    """調査票_〇〇アンケート.pdf: what the office files it under."""
    return f"{what}_{survey.title}.pdf".replace("/", "／")
