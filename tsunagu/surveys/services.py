"""Writes of アンケート: the questionnaire (survey, questions, choices, grid rows, links) and answers.

Once answers have come in, the questionnaire may still be corrected (a typo in a question or a
choice) but nothing that answers point at may go: a choice or a grid row that was answered, a
question that was answered, or a question's kind. The refusals say so in Japanese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.surveys.models import (
    CHOICE_KINDS,
    Answer,
    AnswerLink,
    Choice,
    Condition,
    GridRow,
    Kind,
    Question,
    Response,
    Status,
    Survey,
    Via,
)

AUDIT_ACTIONS = {
    "survey.create": gettext_lazy("アンケートを作成"),
    "survey.update": gettext_lazy("アンケートを変更"),
    "survey.delete": gettext_lazy("アンケートを削除"),
    "survey.paper_entry": gettext_lazy("紙のアンケートを入力"),
    "survey.paper_undo": gettext_lazy("紙のアンケートの入力を取り消し"),
}


# --- The survey ------------------------------------------------------------------------------


@transaction.atomic
def create_survey(*, user, **values) -> Survey:
    survey = Survey(created_by=user, **values)
    survey.full_clean()
    survey.save()
    audit.record(actor=user, action="survey.create", target=survey, place=survey.place,
                 changes={"題名": survey.title})
    return survey


@transaction.atomic
def update_survey(survey: Survey, *, user, version: int | None, **values) -> Survey:
    for name, value in values.items():
        setattr(survey, name, value)
    survey.full_clean()
    save_if_unchanged(survey, version)
    audit.record(actor=user, action="survey.update", target=survey, place=survey.place,
                 changes={"題名": survey.title, "状態": survey.get_status_display()})
    return survey


@transaction.atomic
def delete_survey(survey: Survey, *, user) -> None:
    if survey.responses.exists():
        raise ValidationError(_("回答が入っているアンケートは削除できません。受付を締め切ってください。"))
    audit.record(actor=user, action="survey.delete", target=survey, place=survey.place,
                 changes={"題名": survey.title})
    survey.delete()


def has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


# --- Questions -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _check_condition(question: Question) -> None:
    """Skip logic may only look back: at an earlier single/multiple question of the same survey,
    and at one of its own choices."""
    if not question.show_if_question_id:
        question.show_if, question.show_if_choice = "", None
        return
    target = question.show_if_question
    if target.survey_id != question.survey_id or target.pk == question.pk:
        raise ValidationError(_("表示の条件には、同じアンケートの別の質問を選んでください。"))
    if target.kind not in (Kind.SINGLE, Kind.MULTIPLE):
        raise ValidationError(_("表示の条件にできるのは「ひとつ選ぶ」「いくつでも選ぶ」の質問だけです。"))
    if question.pk and target.order >= question.order:
        raise ValidationError(_("表示の条件には、この質問より前の質問を選んでください。"))
    if question.show_if_choice is None or question.show_if_choice.question_id != target.pk:
        raise ValidationError(_("表示の条件の選択肢は、条件にした質問の選択肢から選んでください。"))
    if not question.show_if:
        question.show_if = Condition.INCLUDES if target.kind == Kind.MULTIPLE else Condition.IS


def _next_order(rows) -> int:
    return (rows.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_question(survey: Survey, *, choices_text: str = "", rows_text: str = "", **values) -> Question:
    """A new question at the end; choices_text / rows_text: one choice / grid row a line."""
    question = Question(survey=survey, order=_next_order(survey.questions), **values)
    _check_condition(question)
    question.full_clean()
    question.save()
    if question.kind in CHOICE_KINDS:
        for n, label in enumerate(_lines(choices_text), start=1):
            Choice.objects.create(question=question, order=n, label=label[:200])
    if question.kind == Kind.GRID:
        for n, label in enumerate(_lines(rows_text), start=1):
            GridRow.objects.create(question=question, order=n, label=label[:200])
    _touch(survey)
    return question


@transaction.atomic
def update_question(question: Question, *, version: int | None, **values) -> Question:
    if "kind" in values and values["kind"] != question.kind and question.answers.exists():
        raise ValidationError(_("回答がある質問の答え方は変えられません。文言の修正はできます。"))
    for name, value in values.items():
        setattr(question, name, value)
    _check_condition(question)
    question.full_clean()
    save_if_unchanged(question, version)
    _touch(question.survey)
    return question


@transaction.atomic
def delete_question(question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("この質問にはすでに回答があるため削除できません。文言の修正はできます。"))
    survey = question.survey
    # Questions that were shown only after this one's answer are shown always from now on.
    Question.objects.filter(show_if_question=question).update(show_if_question=None, show_if_choice=None, show_if="")
    question.delete()
    _renumber(survey.questions.all())
    _touch(survey)


def _renumber(rows) -> None:
    for n, row in enumerate(rows.order_by("order", "pk"), start=1):
        if row.order != n:
            type(row).objects.filter(pk=row.pk).update(order=n)


def _swap(rows, item, step: int) -> bool:
    """Move item one place up (step -1) or down (+1) among rows; False at either end."""
    ordered = list(rows.order_by("order", "pk"))
    i = next(n for n, row in enumerate(ordered) if row.pk == item.pk)
    j = i + step
    if not 0 <= j < len(ordered):
        return False
    ordered[i], ordered[j] = ordered[j], ordered[i]
    for n, row in enumerate(ordered, start=1):
        if row.order != n:
            type(row).objects.filter(pk=row.pk).update(order=n)
            row.order = n
    return True


@transaction.atomic
def move_question(question: Question, step: int) -> None:
    survey = question.survey
    if not _swap(survey.questions.all(), question, step):
        return
    # Skip logic only looks back: a question moved above the one it depends on would never be
    # decided in time, so such a move is refused.
    for q in survey.questions.select_related("show_if_question"):
        if q.show_if_question_id and q.show_if_question.order >= q.order:
            raise ValidationError(_("「%(q)s」は「%(t)s」の答えで表示が決まるため、その前には移せません。")
                                  % {"q": q.text, "t": q.show_if_question.text})
    _touch(survey)


# --- Choices and grid rows ---------------------------------------------------------------------


@transaction.atomic
def add_choices(question: Question, text: str) -> list[Choice]:
    if question.kind not in CHOICE_KINDS:
        raise ValidationError(_("この質問には選択肢がありません。"))
    start = _next_order(question.choices)
    made = [Choice.objects.create(question=question, order=start + n, label=label[:200])
            for n, label in enumerate(_lines(text))]
    _touch(question.survey)
    return made


@transaction.atomic
def update_choice(choice: Choice, *, label: str, with_text: bool = False, name: str = "") -> Choice:
    if not label.strip():
        raise ValidationError(_("選択肢の文言を入れてください。"))
    choice.label, choice.with_text, choice.name = label.strip()[:200], with_text, name.strip()[:60]
    choice.save()
    _touch(choice.question.survey)
    return choice


@transaction.atomic
def delete_choice(choice: Choice) -> None:
    if choice.answers.exists():
        raise ValidationError(_("「%(c)s」を選んだ回答があるため、この選択肢は削除できません。文言の修正はできます。")
                              % {"c": choice.label})
    question = choice.question
    Question.objects.filter(show_if_choice=choice).update(show_if_question=None, show_if_choice=None, show_if="")
    choice.delete()
    _renumber(question.choices.all())
    _touch(question.survey)


@transaction.atomic
def move_choice(choice: Choice, step: int) -> None:
    _swap(choice.question.choices.all(), choice, step)
    _touch(choice.question.survey)


@transaction.atomic
def add_rows(question: Question, text: str) -> list[GridRow]:
    if question.kind != Kind.GRID:
        raise ValidationError(_("表の質問ではありません。"))
    start = _next_order(question.rows)
    made = [GridRow.objects.create(question=question, order=start + n, label=label[:200])
            for n, label in enumerate(_lines(text))]
    _touch(question.survey)
    return made


@transaction.atomic
def update_row(row: GridRow, *, label: str) -> GridRow:
    if not label.strip():
        raise ValidationError(_("項目の文言を入れてください。"))
    row.label = label.strip()[:200]
    row.save()
    _touch(row.question.survey)
    return row


@transaction.atomic
def delete_row(row: GridRow) -> None:
    if row.answers.exists():
        raise ValidationError(_("「%(r)s」に回答があるため、この行は削除できません。文言の修正はできます。")
                              % {"r": row.label})
    question = row.question
    row.delete()
    _renumber(question.rows.all())
    _touch(question.survey)


@transaction.atomic
def move_row(row: GridRow, step: int) -> None:
    _swap(row.question.rows.all(), row, step)
    _touch(row.question.survey)


def _touch(survey: Survey) -> None:
    # A change of questions is a change of the survey: an editor of the survey's own form who
    # saw the old version is told (VersionField), and updated_at says when it was last changed.
    Survey.objects.filter(pk=survey.pk).update(version=survey.version + 1)
    survey.version += 1


# --- Links -----------------------------------------------------------------------------------


@transaction.atomic
def add_link(survey: Survey, *, user, name: str = "", area=None, once: bool = False) -> AnswerLink:
    return AnswerLink.objects.create(survey=survey, name=name.strip()[:200], area=area, once=once, created_by=user)


@transaction.atomic
def add_group_links(survey: Survey, *, user, groups: Iterable[tuple[str, object]]) -> list[AnswerLink]:
    """One single-answer link per (group name, area): 鶴見区's questionnaire to every group."""
    return [add_link(survey, user=user, name=name, area=area, once=True) for name, area in groups]


def set_link_active(link: AnswerLink, active: bool) -> None:
    AnswerLink.objects.filter(pk=link.pk).update(active=active)
    link.active = active


def link_used_up(link: AnswerLink) -> bool:
    return link.once and link.responses.exists()


# --- Answers ---------------------------------------------------------------------------------


@dataclass
class Given:
    """What a respondent gave for one question (or one grid row)."""

    choices: list[int] = field(default_factory=list)
    number: Decimal | None = None
    date: date | None = None
    text: str = ""
    rows: dict[int, list[int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.choices or self.number is not None or self.date or self.text.strip() or self.rows)


class LinkUsedUp(Exception):
    """The single-answer link has already been answered."""


@transaction.atomic
def record_response(survey: Survey, values: dict[int, Given], *, via: str, link: AnswerLink | None = None,
                    area=None, respondent_name: str = "", entered_by=None, source_ref: str = "",
                    submission_key: str | None = None) -> Response:
    """Store one response: the given answers of the questions shown (the caller has applied the
    skip logic, answering.clean does). For a single-answer link, the link row is locked so that two
    submissions at the same moment make one answer, not two."""
    if link is not None:
        link = AnswerLink.objects.select_for_update().get(pk=link.pk)
        if link_used_up(link):
            raise LinkUsedUp
        area = area or link.area
    if submission_key and Response.objects.filter(submission_key=submission_key).exists():
        raise LinkUsedUp
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, via=via, link=link, area=area, respondent_name=respondent_name.strip()[:100],
                entered_by=entered_by, source_ref=source_ref[:100], submission_key=submission_key or None)
    except IntegrityError as exc:  # the same form sent twice at the same moment
        raise LinkUsedUp from exc
    questions = {q.pk: q for q in survey.questions.all()}
    through = Answer.choices.through
    links = []
    for question_id, given in values.items():
        question = questions.get(question_id)
        if question is None or given.empty:
            continue
        if question.kind == Kind.GRID:
            for row_id, chosen in given.rows.items():
                answer = Answer.objects.create(response=response, question=question, row_id=row_id)
                links.extend(through(answer_id=answer.pk, choice_id=c) for c in chosen)
            continue
        answer = Answer.objects.create(response=response, question=question, number=given.number,
                                       date=given.date, text=given.text.strip())
        links.extend(through(answer_id=answer.pk, choice_id=c) for c in given.choices)
    through.objects.bulk_create(links)
    if via == Via.PAPER and entered_by is not None:
        audit.record(actor=entered_by, action="survey.paper_entry", target=survey, place=survey.place,
                     changes={"回答": response.pk, "用紙番号": response.source_ref})
    return response


def last_paper_entry(survey: Survey, user) -> Response | None:
    return (Response.objects.filter(survey=survey, via=Via.PAPER, entered_by=user)
            .order_by("-created_at", "-pk").first())


@transaction.atomic
def undo_last_paper_entry(survey: Survey, user) -> Response | None:
    """Remove the last paper this person typed in for this survey (a slip of the keys)."""
    last = last_paper_entry(survey, user)
    if last is None:
        return None
    audit.record(actor=user, action="survey.paper_undo", target=survey, place=survey.place,
                 changes={"回答": last.pk, "用紙番号": last.source_ref})
    last.delete()
    return last


def open_survey(survey: Survey, *, user) -> Survey:
    return update_survey(survey, user=user, version=survey.version, status=Status.OPEN)


def names_for(user, survey: Survey) -> dict[int, str]:
    """The respondents' names of a survey (response id → name) for a person who may read them
    (surveys.names), the look written to 操作の記録; {} for anyone else. The one way screens and
    exports get names, so that none shows them without the audit entry."""
    from tsunagu.people import policy
    from tsunagu.surveys import access

    if not Survey.objects.names_visible_to(user).filter(pk=survey.pk).exists():
        return {}
    names = dict(survey.responses.exclude(respondent_name="").values_list("pk", "respondent_name"))
    if names:
        policy.record_look(user, access.NAMES, survey)
    return names
