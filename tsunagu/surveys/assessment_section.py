"""The surveys' part of an area assessment (地域アセスメント): for a CP area or ward, the results of
the surveys held there or above it — a ward's survey counted over the answers from this area
only — as protected tallies (results.protect: 「5未満」), never a name or a free text: the report
goes to the liaison meeting.

tsunagu/assessment/sections.py draws it (the assessment sits above the capabilities).
"""

from __future__ import annotations

from django.db.models import Q

from tsunagu.surveys import charts, tallies
from tsunagu.surveys.models import Kind, Status, Survey

# At most this many surveys, and this many questions of each, on an A4 report.
MAX_SURVEYS = 3
MAX_QUESTIONS = 6


def surveys_for(place, user) -> list[Survey]:
    """Surveys held in the area or above it (not drafts), newest first; as the person may see them
    (user None: the area's printed report)."""
    above = [int(part) for part in place.path.strip("/").split("/") if part]
    surveys = Survey.objects.exclude(status=Status.DRAFT).filter(
        Q(place__path__startswith=place.path) | Q(place_id__in=above)).select_related("place")
    if user is not None:
        surveys = surveys.visible_to(user)
    return list(surveys.order_by("-created_at", "-pk")[:MAX_SURVEYS])


def context(place, user) -> dict:
    shown = []
    for survey in surveys_for(place, user):
        data = tallies.AnswerData.load(survey, within=place)
        blocks = []
        for result in tallies.overall(data):
            if result.question.kind not in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE) or result.table is None:
                continue
            blocks.append({"result": result, "table": result.table, "bar": charts.bar_chart(result.table)})
            if len(blocks) == MAX_QUESTIONS:
                break
        shown.append({"survey": survey, "responses": data.responses, "blocks": blocks})
    return {"survey_results": shown}
