"""Reading a survey's answers into the tallies of results.py: a few grouped queries for the whole
survey (answers, chosen choices, responses' areas), then everything is counted in memory — a
survey has hundreds or a few thousand responses.

    data = AnswerData.load(survey)
    overall(data)                          # a QuestionResult per question
    by_area(data, question, Kind.ASSOCIATION)
    by_question(data, question, other)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from tsunagu.places.models import Kind as PlaceKind
from tsunagu.places.models import Place
from tsunagu.surveys.models import SCALE_POINTS, Answer, Kind, Question, Response, Survey
from tsunagu.surveys.results import (
    Person,
    Summary,
    Table,
    by_month,
    crosstab,
    distribution,
    month_key,
    months,
    number_summary,
    scale_mean,
)

# The areas results can be broken down by, smallest first (the places tree's kinds).
AREA_LEVELS = [PlaceKind.ASSOCIATION, PlaceKind.DISTRICT, PlaceKind.CP_AREA]
TALLIED = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.DATE, Kind.NUMBER, Kind.GRID)
# Questions whose answers can make the rows of a cross-tabulation.
ROW_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE)
NO_AREA = "__none__"


@dataclass
class AnswerData:
    survey: Survey
    questions: list[Question]
    # response id → its area's path ("" when unknown)
    area_paths: dict[int, str] = field(default_factory=dict)
    # (question id, row id or None) → {response id: values}
    values: dict[tuple[int, int | None], dict[int, list]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, survey: Survey, within: Place | None = None) -> AnswerData:
        """The survey's answers; within: only the responses from that area (a ward's survey read
        for one CP area's assessment), by the response's area or its link's."""
        questions = list(survey.questions.prefetch_related("choices", "rows"))
        data = cls(survey=survey, questions=questions)
        responses = Response.objects.filter(survey=survey)
        if within is not None and not survey.place.path.startswith(within.path):
            responses = responses.filter(Q(area__path__startswith=within.path)
                                         | Q(area__isnull=True, link__area__path__startswith=within.path))
        for pk, path, link_path in responses.values_list("pk", "area__path", "link__area__path"):
            data.area_paths[pk] = path or link_path or ""
        chosen = defaultdict(list)
        through = Answer.choices.through
        for answer_id, choice_id in (through.objects.filter(answer__response__in=responses)
                                     .values_list("answer_id", "choice_id")):
            chosen[answer_id].append(choice_id)
        kinds = {q.pk: q.kind for q in questions}
        for pk, response_id, question_id, row_id, number, day, text in (
                Answer.objects.filter(response__in=responses)
                .values_list("pk", "response_id", "question_id", "row_id", "number", "date", "text")):
            kind = kinds.get(question_id)
            if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.GRID):
                value = chosen.get(pk, [])
            elif kind in (Kind.SCALE, Kind.NUMBER):
                value = [] if number is None else [int(number) if kind == Kind.SCALE else float(number)]
            elif kind == Kind.DATE:
                value = [day] if day else []
            else:
                value = [text] if text else []
            data.values[(question_id, row_id)][response_id] = value
        return data

    @property
    def responses(self) -> int:
        return len(self.area_paths)

    def answers(self, question: Question, row_id: int | None = None) -> dict[int, list]:
        return self.values.get((question.pk, row_id), {})


def columns_of(question: Question) -> list[tuple[object, str]]:
    if question.kind == Kind.SCALE:
        ends = {1: question.scale_low, SCALE_POINTS[-1]: question.scale_high}
        return [(p, f"{p}（{ends[p]}）" if ends.get(p) else str(p)) for p in SCALE_POINTS]
    return [(c.pk, c.label) for c in question.choices.all()]


@dataclass
class QuestionResult:
    question: Question
    table: Table | None = None
    summary: Summary | None = None
    mean: float | None = None
    answered: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind


def question_result(data: AnswerData, question: Question) -> QuestionResult:
    answers = data.answers(question)
    title = question.text
    result = QuestionResult(question=question, answered=sum(1 for v in answers.values() if v))
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE):
        result.table = distribution(answers.values(), choices=columns_of(question),
                                    multiple=question.kind == Kind.MULTIPLE, title=title)
        if question.kind == Kind.SCALE:
            result.mean = scale_mean(v[0] for v in answers.values() if v)
    elif question.kind == Kind.NUMBER:
        result.summary = number_summary(v[0] for v in answers.values() if v)
    elif question.kind == Kind.DATE:
        result.table = by_month((v[0] if v else None for v in answers.values()), title=title)
    elif question.kind == Kind.GRID:
        result.table = grid_table(data, question)
        result.answered = len({r for row in question.rows.all() for r, v in data.answers(question, row.pk).items() if v})
    return result


def grid_table(data: AnswerData, question: Question) -> Table:
    """A grid's rows × its choices (one person answers every row: rows do not add up down)."""
    people = [Person(values=v, rows=[row.pk]) for row in question.rows.all()
              for v in data.answers(question, row.pk).values()]
    table = crosstab(people, columns=columns_of(question), rows=[(r.pk, r.label) for r in question.rows.all()],
                     multiple_rows=True, title=question.text, row_heading=_("項目"))
    return table


def overall(data: AnswerData) -> list[QuestionResult]:
    return [question_result(data, q) for q in data.questions if q.kind in TALLIED]


# --- Cross-tabulation ----------------------------------------------------------------------------


def area_rows(survey: Survey, level: str) -> list[Place]:
    """The places of a level under the survey's place (the survey's own place if it is one)."""
    return list(Place.objects.under(survey.place).of_kind(level).order_by("path"))


def _values_and_columns(data: AnswerData, question: Question):
    answers = data.answers(question)
    if question.kind == Kind.DATE:
        days = [v[0] for v in answers.values() if v]
        return {r: [month_key(v[0])] for r, v in answers.items() if v}, months(days)
    return answers, columns_of(question)


def by_area(data: AnswerData, question: Question, level: str) -> Table:
    """Rows: the areas of a level (association, district, CP area) with a row for responses whose
    area is unknown or outside them; columns: the question's choices (or months)."""
    places = area_rows(data.survey, level)
    answers, columns = _values_and_columns(data, question)

    def row_of(response_id: int) -> list:
        path = data.area_paths.get(response_id, "")
        found = [p.pk for p in places if path and path.startswith(p.path)]
        return found[:1] or [NO_AREA]

    people = [Person(values=v, rows=row_of(r)) for r, v in answers.items()]
    rows = [(p.pk, p.name) for p in places] + [(NO_AREA, _("地域がわからない回答"))]
    return crosstab(people, columns=columns, rows=rows, multiple=question.kind == Kind.MULTIPLE,
                    title=question.text, row_heading=str(PlaceKind(level).label))


def by_question(data: AnswerData, question: Question, other: Question) -> Table:
    """Rows: the answers to another question (its choices, or scale points)."""
    answers, columns = _values_and_columns(data, question)
    rows_by = data.answers(other)
    people = [Person(values=v, rows=rows_by.get(r, [])) for r, v in answers.items()]
    return crosstab(people, columns=columns, rows=columns_of(other), multiple=question.kind == Kind.MULTIPLE,
                    multiple_rows=other.kind == Kind.MULTIPLE, title=question.text, row_heading=other.text)


def numbers_by_area(data: AnswerData, question: Question, level: str) -> list[tuple[str, Summary]]:
    """A number question's summary per area (each hidden under 5 answers, like a cell)."""
    places = area_rows(data.survey, level)
    groups: dict[object, list[float]] = defaultdict(list)
    for response_id, value in data.answers(question).items():
        if not value:
            continue
        path = data.area_paths.get(response_id, "")
        key = next((p.pk for p in places if path and path.startswith(p.path)), NO_AREA)
        groups[key].append(value[0])
    labelled = [(p.pk, p.name) for p in places] + [(NO_AREA, _("地域がわからない回答"))]
    return [(label, number_summary(groups.get(key, []))) for key, label in labelled]


def texts(data: AnswerData) -> dict[int, list[tuple[int, str]]]:
    """Free-text answers per question: question id → [(response id, text)]."""
    out: dict[int, list[tuple[int, str]]] = {}
    for question in data.questions:
        if question.kind in (Kind.SHORT, Kind.LONG):
            out[question.pk] = [(r, v[0]) for r, v in sorted(data.answers(question).items()) if v]
    return out
