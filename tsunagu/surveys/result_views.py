"""集計 (results) of a survey: the page, its downloads, the free-text answers with their tags, and
the questionnaire as XLSForm. Whoever may read the survey (surveys.view: staff, scoped like
records) reads its results; a public link never leads here, and anyone else gets 404. Every count
shown or written has been through the small-cell rule (results.protect)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.lib import spreadsheets
from tsunagu.lib.lookup import one_or_404
from tsunagu.surveys import charts, exports, tags, tallies, xlsform, xlsform_io
from tsunagu.surveys.models import Kind, Survey


def _survey(request, pk) -> Survey:
    return one_or_404(Survey.objects.visible_to(request.user).select_related("place"), pk)


class BreakdownForm(forms.Form):
    """What to break the results down by: an area level, or another question's answers."""

    by = forms.ChoiceField(label=gettext_lazy("内訳"), required=False)

    def __init__(self, *args, data_: tallies.AnswerData, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("内訳なし（全体）"))]
        choices += [(f"area:{level.value}", _("地域別：%(kind)s") % {"kind": level.label}) for level in tallies.AREA_LEVELS]
        choices += [(f"q:{q.pk}", _("質問別：%(text)s") % {"text": q.text[:40]})
                    for q in data_.questions if q.kind in tallies.ROW_KINDS]
        self.fields["by"].choices = choices


def _breakdown(request, data: tallies.AnswerData) -> tuple[BreakdownForm, str, object]:
    form = BreakdownForm(request.GET or None, data_=data)
    by = form.cleaned_data.get("by", "") if form.is_valid() else ""
    if by.startswith("area:"):
        return form, "area", by.split(":", 1)[1]
    if by.startswith("q:"):
        other = next((q for q in data.questions if str(q.pk) == by[2:]), None)
        if other is not None:
            return form, "question", other
    return form, "", None


def _tables(data: tallies.AnswerData, mode: str, by) -> list[dict]:
    """Each tallied question with its table(s) and chart, as the page and the downloads show them."""
    blocks = []
    for result in tallies.overall(data):
        question = result.question
        block = {"result": result, "table": result.table, "summary": result.summary, "numbers": None}
        if mode and question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.DATE):
            if mode == "area":
                block["table"] = tallies.by_area(data, question, by)
            elif by.pk != question.pk:
                block["table"] = tallies.by_question(data, question, by)
        elif mode == "area" and question.kind == Kind.NUMBER:
            block["numbers"] = tallies.numbers_by_area(data, question, by)
        table = block["table"]
        if table is not None:
            one_row = len(table.row_labels) == 1
            block["bar"] = charts.bar_chart(table) if one_row else None
            block["stacked"] = None if one_row else charts.stacked_chart(table)
        blocks.append(block)
    return blocks


@login_required
def results(request, pk: int):
    survey = _survey(request, pk)
    data = tallies.AnswerData.load(survey)
    form, mode, by = _breakdown(request, data)
    return render(request, "surveys/results.html", {
        "survey": survey, "data": data, "form": form, "blocks": _tables(data, mode, by),
        "texts": [q for q in data.questions if q.kind in (Kind.SHORT, Kind.LONG)],
        "query": request.GET.urlencode(), "can_write": tags.can_tag(request.user, survey),
    })


@login_required
def results_export(request, pk: int):
    survey = _survey(request, pk)
    data = tallies.AnswerData.load(survey)
    _form, mode, by = _breakdown(request, data)
    tables = [b["table"] for b in _tables(data, mode, by) if b["table"] is not None]
    if request.GET.get("format") == "csv":
        return spreadsheets.attachment(exports.results_csv(tables), _("集計_%(title)s.csv") % {"title": survey.title[:40]})
    return spreadsheets.attachment(exports.results_xlsx(survey.title, tables),
                                   _("集計_%(title)s.xlsx") % {"title": survey.title[:40]})


class TagForm(forms.Form):
    tag = forms.CharField(label=gettext_lazy("タグ"), max_length=40,
                          help_text=gettext_lazy("例：買い物、移動、見守り。同じタグで絞り込めます。"))


@login_required
def texts(request, pk: int, question: int):
    """A free-text question's answers (staff only, like the survey), with the coordinator's tags."""
    survey = _survey(request, pk)
    question = one_or_404(survey.questions.filter(kind__in=[Kind.SHORT, Kind.LONG]), question)
    chosen = request.GET.get("tag", "").strip()
    answers = tags.answers_with_tags(question, tag=chosen or None)
    return render(request, "surveys/texts.html", {
        "survey": survey, "question": question, "answers": answers, "chosen": chosen,
        "all_tags": tags.tags_of(survey), "can_tag": tags.can_tag(request.user, survey), "form": TagForm(),
    })


@login_required
@require_POST
def text_tag(request, pk: int, question: int, answer: int):
    survey = _survey(request, pk)
    if not tags.can_tag(request.user, survey):
        raise Http404
    question = one_or_404(survey.questions.filter(kind__in=[Kind.SHORT, Kind.LONG]), question)
    answer = one_or_404(question.answers.all(), answer)
    if request.POST.get("remove"):
        tags.tag_remove(user=request.user, answer=answer, name=request.POST["remove"])
    else:
        form = TagForm(request.POST)
        if form.is_valid():
            tags.tag_add(user=request.user, answer=answer, name=form.cleaned_data["tag"])
    back = reverse("surveys:texts", args=[survey.pk, question.pk])
    chosen = request.POST.get("filter", "")
    return redirect(f"{back}?tag={chosen}#answer-{answer.pk}" if chosen else f"{back}#answer-{answer.pk}")


@login_required
def xlsform_export(request, pk: int):
    survey = _survey(request, pk)
    return spreadsheets.attachment(xlsform.export_xlsx(xlsform_io.form_of(survey)),
                                   f"xlsform_{survey.pk}.xlsx")
