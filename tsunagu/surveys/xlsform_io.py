"""A survey's questions as an XLSForm Form (xlsform.py) and back: the export of a questionnaire and
the creation of a new survey from an uploaded XLSForm (all or nothing).

Our skip logic is one condition on one earlier choice question (is / is not / includes one
choice); XLSForm's ``relevant`` says it as ``selected(${q}, 'c')`` (is, includes) and
``not(selected(${q}, 'c'))`` (is not). A relevant naming several choices keeps the first (said in
the notes). A scale is our 5-point scale: an XLSForm likert list of another length comes in as a
single choice. Notes (説明文) join the survey's opening text.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.surveys import services, xlsform
from tsunagu.surveys.models import SCALE_POINTS, Choice, Condition, GridRow, Kind, Question, Survey
from tsunagu.surveys.xlsform import Form, Item

_KINDS = {Kind.SINGLE: xlsform.SINGLE, Kind.MULTIPLE: xlsform.MULTIPLE, Kind.SCALE: xlsform.SCALE,
          Kind.NUMBER: xlsform.NUMBER, Kind.DATE: xlsform.DATE, Kind.SHORT: xlsform.SHORT, Kind.LONG: xlsform.LONG,
          Kind.GRID: xlsform.GRID}
_BACK = {v: k for k, v in _KINDS.items()}


def _name(text: str, fallback: str) -> str:
    return text if xlsform.NAME.match(text or "") else fallback


def form_of(survey: Survey) -> Form:
    questions = list(survey.questions.prefetch_related("choices", "rows"))
    names = {q.pk: _name(q.key, f"q{q.order}") for q in questions}
    form = Form(title=survey.title, form_id=f"tsunagu_{survey.pk}", version=str(survey.version))
    if survey.intro:
        form.items.append(Item(name="intro", kind=xlsform.NOTE, label=survey.intro))
    for question in questions:
        item = Item(name=names[question.pk], kind=_KINDS[question.kind], label=question.text, hint=question.help,
                    required=question.required)
        if question.kind == Kind.SCALE:
            ends = {1: question.scale_low, SCALE_POINTS[-1]: question.scale_high}
            item.choices = [(str(p), f"{p} {ends[p]}".strip() if ends.get(p) else str(p)) for p in SCALE_POINTS]
        else:
            item.choices = [(_name(c.key, f"c{c.order}"), c.label) for c in question.choices.all()]
        item.rows = [(_name(r.key, f"{item.name}_r{r.order}"), r.label) for r in question.rows.all()]
        if question.kind == Kind.NUMBER:
            item.decimals = True
        if question.has_condition and question.show_if_question_id in names:
            choice = question.show_if_choice
            item.show_if = (names[question.show_if_question_id], [_name(choice.key, f"c{choice.order}")])
            item.show_if_not = question.show_if == Condition.IS_NOT
        form.items.append(item)
    return form


@transaction.atomic
def survey_from_form(form: Form, *, user, place, title: str = "") -> tuple[Survey, list[str]]:
    """A new draft survey with the form's questions; returns it and what was left out, in Japanese."""
    notes = list(form.notes)
    intro = "\n".join(i.label for i in form.items if i.kind == xlsform.NOTE)
    survey = services.create_survey(user=user, place=place, title=(title or form.title or _("取り込んだアンケート"))[:200],
                                    intro=intro)
    by_name: dict[str, Question] = {}
    choices_by: dict[str, dict[str, Choice]] = {}
    for order, item in enumerate((i for i in form.items if i.kind != xlsform.NOTE), start=1):
        kind = _BACK[item.kind]
        if kind == Kind.SCALE and len(item.choices) != len(SCALE_POINTS):
            kind = Kind.SINGLE
            notes.append(_("「%(label)s」は5段階ではないため「ひとつ選ぶ」にしました。") % {"label": item.label})
        question = Question.objects.create(
            survey=survey, order=order, kind=kind, text=item.label[:500], help=item.hint[:500],
            required=item.required, name=item.name[:60],
            scale_low=_scale_end(item.choices[0][1]) if kind == Kind.SCALE else "",
            scale_high=_scale_end(item.choices[-1][1]) if kind == Kind.SCALE else "")
        if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.GRID):
            made = [Choice(question=question, order=n, label=label[:200], name=value[:60])
                    for n, (value, label) in enumerate(item.choices, start=1)]
            Choice.objects.bulk_create(made)
            choices_by[item.name] = {c.name: c for c in question.choices.all()}
        if kind == Kind.GRID:
            GridRow.objects.bulk_create([GridRow(question=question, order=n, label=label[:200], name=name[:60])
                                         for n, (name, label) in enumerate(item.rows, start=1)])
        by_name[item.name] = question
        if item.show_if:
            _condition(question, item, by_name, choices_by, notes)
    return survey, notes


def _scale_end(label: str) -> str:
    # 「1 楽」 → 「楽」: our scale writes the number itself.
    head, _sep, rest = label.partition(" ")
    return (rest if head.isdigit() and rest else label if not label.isdigit() else "")[:60]


def _condition(question: Question, item: Item, by_name, choices_by, notes: list[str]) -> None:
    target_name, values = item.show_if
    target = by_name.get(target_name)
    choice = choices_by.get(target_name, {}).get(values[0]) if values else None
    if target is None or target.kind not in (Kind.SINGLE, Kind.MULTIPLE) or choice is None:
        notes.append(_("「%(label)s」の表示条件は、前のひとつ選ぶ・いくつでも選ぶ質問の選択肢ではないため外しました。")
                     % {"label": item.label})
        return
    if len(values) > 1:
        notes.append(_("「%(label)s」の表示条件は、最初の選択肢「%(choice)s」だけにしました。")
                     % {"label": item.label, "choice": choice.label})
    question.show_if_question, question.show_if_choice = target, choice
    question.show_if = (Condition.IS_NOT if item.show_if_not
                        else Condition.INCLUDES if target.kind == Kind.MULTIPLE else Condition.IS)
    question.save(update_fields=["show_if_question", "show_if_choice", "show_if"])
