"""Answering a questionnaire: the form built from its questions, and the skip logic.

One form for every way in — the public page, the preview, staff typing in a paper — so that
what is accepted is the same everywhere. Skip logic is decided here, on the server: a question
whose condition does not hold is not required and its answer, if one was sent, is dropped. The
page's small script (static/js/survey-answer.js) only hides such questions as the person answers;
without it, every question is shown with its condition written beside it, as on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.surveys.models import SCALE_POINTS, Condition, Kind, Question, Survey
from tsunagu.surveys.services import Given

OTHER = "_text"


def prefetched(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices", "rows")
                .select_related("show_if_question", "show_if_choice"))


def is_shown(question: Question, chosen: dict[int, set[int]], shown: dict[int, bool]) -> bool:
    """Whether the question is asked, given the choices picked so far (question id → choice ids)
    and whether each earlier question was asked. A question that depends on one not asked is
    not asked either."""
    if not question.has_condition:
        return True
    target = question.show_if_question_id
    if not shown.get(target, True):
        return False
    picked = chosen.get(target, set())
    if question.show_if == Condition.IS_NOT:
        return question.show_if_choice_id not in picked
    return question.show_if_choice_id in picked


def condition_text(question: Question) -> str:
    """The condition in words, for paper and for a page without its script:
    「問2で「はい」と答えた方」."""
    if not question.has_condition:
        return ""
    values = {"n": question.show_if_question.order, "c": question.show_if_choice.label}
    if question.show_if == Condition.IS_NOT:
        return _("問%(n)sで「%(c)s」以外を答えた方") % values
    if question.show_if == Condition.INCLUDES:
        return _("問%(n)sで「%(c)s」を選んだ方") % values
    return _("問%(n)sで「%(c)s」と答えた方") % values


def scale_label(question: Question, point: int) -> str:
    if point == 1 and question.scale_low:
        return f"1（{question.scale_low}）"
    if point == 5 and question.scale_high:
        return f"5（{question.scale_high}）"
    return str(point)


def _field_name(question: Question, row=None) -> str:
    return f"q{question.pk}" if row is None else f"q{question.pk}_r{row.pk}"


@dataclass
class Item:
    """One question as the page shows it: its bound fields (a grid: one per row)."""

    question: Question
    field: forms.BoundField | None = None
    other: forms.BoundField | None = None
    rows: list[tuple] = dc_field(default_factory=list)
    condition: str = ""

    @property
    def errors(self):
        found = list(self.field.errors) if self.field is not None else []
        for _row, bound in self.rows:
            found.extend(e for e in bound.errors if e not in found)
        return found


class AnswerForm(forms.Form):
    """The questions of a survey as form fields. Every field is optional to Django; required is
    checked in clean() for the questions that are asked (skip logic)."""

    def __init__(self, *args, survey: Survey, questions: list[Question] | None = None, paper: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        # A paper is typed in as it was filled in: a question left blank is 無回答, not an error.
        self.paper = paper
        self.questions = questions if questions is not None else prefetched(survey)
        for q in self.questions:
            self._add_fields(q)
        if not survey.anonymous and not paper:
            self.fields["respondent_name"] = forms.CharField(
                label=_("お名前"), required=False, max_length=100,
                help_text=_("お名前は担当の職員だけが見ます。書かなくても答えられます。"))

    def _add_fields(self, q: Question) -> None:
        name, label = _field_name(q), q.text
        choices = [(str(c.pk), c.label) for c in q.choices.all()]
        if q.kind == Kind.SINGLE:
            self.fields[name] = forms.ChoiceField(label=label, required=False, choices=choices,
                                                  widget=forms.RadioSelect)
        elif q.kind == Kind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(label=label, required=False, choices=choices,
                                                          widget=forms.CheckboxSelectMultiple)
        elif q.kind == Kind.SCALE:
            self.fields[name] = forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                                  choices=[(str(p), scale_label(q, p)) for p in SCALE_POINTS])
        elif q.kind == Kind.NUMBER:
            self.fields[name] = forms.DecimalField(
                label=label, required=False, max_digits=12, decimal_places=2,
                min_value=q.number_min, max_value=q.number_max,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "class": "number"}))
        elif q.kind == Kind.DATE:
            # ISO on screen forms (the browser's date picker); 和暦 only on paper.
            self.fields[name] = forms.DateField(label=label, required=False,
                                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        elif q.kind == Kind.SHORT:
            self.fields[name] = forms.CharField(label=label, required=False, max_length=500)
        elif q.kind == Kind.LONG:
            self.fields[name] = forms.CharField(label=label, required=False, max_length=5000,
                                                widget=forms.Textarea(attrs={"rows": 4}))
        elif q.kind == Kind.GRID:
            for row in q.rows.all():
                self.fields[_field_name(q, row)] = forms.ChoiceField(
                    label=row.label, required=False, choices=choices, widget=forms.RadioSelect)
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE) and any(c.with_text for c in q.choices.all()):
            self.fields[name + OTHER] = forms.CharField(label=_("その他の内容"), required=False, max_length=500)

    def items(self) -> list[Item]:
        found = []
        for q in self.questions:
            name = _field_name(q)
            item = Item(question=q, condition=condition_text(q))
            if q.kind == Kind.GRID:
                item.rows = [(row, self[_field_name(q, row)]) for row in q.rows.all()]
            else:
                item.field = self[name]
            if name + OTHER in self.fields:
                item.other = self[name + OTHER]
            found.append(item)
        return found

    def clean(self):
        data = super().clean()
        chosen: dict[int, set[int]] = {}
        shown: dict[int, bool] = {}
        self.given: dict[int, Given] = {}
        for q in self.questions:
            asked = shown[q.pk] = is_shown(q, chosen, shown)
            given = self._given(q, data)
            if not asked:
                continue
            chosen[q.pk] = set(given.choices)
            if q.required and not self.paper and self._missing(q, given):
                self._require(q)
            if not given.empty:
                self.given[q.pk] = given
        return data

    def _given(self, q: Question, data: dict) -> Given:
        name = _field_name(q)
        value = data.get(name)
        given = Given()
        if q.kind == Kind.SINGLE:
            given.choices = [int(value)] if value else []
        elif q.kind == Kind.MULTIPLE:
            given.choices = [int(v) for v in value or []]
        elif q.kind == Kind.SCALE:
            given.number = Decimal(value) if value else None
        elif q.kind == Kind.NUMBER:
            given.number = value
        elif q.kind == Kind.DATE:
            given.date = value
        elif q.kind in (Kind.SHORT, Kind.LONG):
            given.text = value or ""
        elif q.kind == Kind.GRID:
            given.rows = {row.pk: [int(data[_field_name(q, row)])] for row in q.rows.all()
                          if data.get(_field_name(q, row))}
        other = data.get(name + OTHER) or ""
        if other and any(c.with_text and c.pk in given.choices for c in q.choices.all()):
            given.text = other
        return given

    def _missing(self, q: Question, given: Given) -> bool:
        if q.kind == Kind.GRID:
            return len(given.rows) < len(q.rows.all())
        return given.empty

    def _require(self, q: Question) -> None:
        if q.kind == Kind.GRID:
            for row in q.rows.all():
                if not self.cleaned_data.get(_field_name(q, row)):
                    self.add_error(_field_name(q, row), _("この行を選んでください。"))
            return
        message = (_("選んでください。") if q.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE)
                   else _("入力してください。"))
        self.add_error(_field_name(q), message)


REQUIRED_MARK = gettext_lazy("必須")
