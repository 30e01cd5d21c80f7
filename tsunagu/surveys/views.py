"""Staff screens of アンケート: the list, the builder (a survey's page), links, preview, paper.

Reads go through visible_to, writes through changeable_by; anything else is a 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.surveys import access, papers, services
from tsunagu.surveys.answering import AnswerForm, condition_text, prefetched
from tsunagu.surveys.forms import (
    AddLinesForm,
    ChoiceForm,
    GroupLinksForm,
    LinkForm,
    PaperForm,
    QuestionForm,
    RowForm,
    SurveyForm,
    areas_under,
)
from tsunagu.surveys.models import AnswerLink, Choice, GridRow, Question, Survey, Via


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _mine(request, pk) -> Survey:
    return one_or_404(Survey.objects.changeable_by(request.user).select_related("place"), pk)


@login_required
def survey_list(request):
    if not policy.can_anywhere(request.user, access.VIEW):
        raise Http404
    surveys = (Survey.objects.visible_to(request.user).select_related("place")
               .annotate(n_responses=Count("responses")).order_by("-created_at", "-pk"))
    return render(request, "surveys/list.html", {
        "surveys": surveys, "can_write": policy.can_anywhere(request.user, access.WRITE)})


@login_required
def survey_create(request):
    if not policy.can_anywhere(request.user, access.WRITE):
        raise Http404
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        survey = services.create_survey(user=request.user, **data)
        messages.success(request, _("アンケートを作りました。質問を追加してください。"))
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form})


@login_required
def survey_detail(request, pk: int):
    survey = one_or_404(Survey.objects.visible_to(request.user).select_related("place", "project", "event"), pk)
    can_write = Survey.objects.changeable_by(request.user).filter(pk=survey.pk).exists()
    questions = prefetched(survey)
    for q in questions:
        q.condition = condition_text(q)
    counts = dict(survey.responses.values_list("via").annotate(n=Count("pk")).order_by())
    links = survey.links.select_related("area").annotate(n=Count("responses")) if can_write else []
    return render(request, "surveys/detail.html", {
        "survey": survey, "questions": questions, "can_write": can_write, "counts": counts,
        "total": sum(counts.values()), "links": links, "answered": bool(counts),
        "link_form": LinkForm(survey=survey), "group_form": GroupLinksForm(),
        "add_form": QuestionForm(survey=survey) if can_write else None,
    })


@login_required
def survey_edit(request, pk: int):
    survey = _mine(request, pk)
    form = SurveyForm(request.POST or None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_survey(Survey.objects.get(pk=survey.pk), user=request.user,
                                   version=form.cleaned_data["version"], **data)
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("保存しました。"))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
def survey_delete(request, pk: int):
    survey = _mine(request, pk)
    if request.method == "POST":
        try:
            services.delete_survey(survey, user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(survey)
        messages.success(request, _("アンケートを削除しました。"))
        return redirect("surveys:list")
    return render(request, "surveys/survey_delete.html", {"survey": survey})


# --- Questions ------------------------------------------------------------------------------


@login_required
@require_POST
def question_add(request, pk: int):
    survey = _mine(request, pk)
    form = QuestionForm(request.POST, survey=survey)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            question = services.add_question(survey, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("問%(n)sを追加しました。") % {"n": question.order})
            return redirect(f"{survey.get_absolute_url()}#q{question.pk}")
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey}, status=400)


def _question(request, pk: int) -> Question:
    return one_or_404(Question.objects.filter(survey__in=Survey.objects.changeable_by(request.user))
                      .select_related("survey", "survey__place"), pk)


@login_required
def question_edit(request, pk: int):
    question = _question(request, pk)
    survey = question.survey
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "choices_text", "rows_text")}
        try:
            services.update_question(Question.objects.get(pk=question.pk), version=form.cleaned_data["version"],
                                     **data)
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("保存しました。"))
            return redirect(f"{survey.get_absolute_url()}#q{question.pk}")
    return render(request, "surveys/question_form.html", {
        "form": form, "survey": survey, "question": question, "answered": question.answers.exists(),
        "choices": [(c, ChoiceForm(initial={"label": c.label, "with_text": c.with_text}, prefix=f"c{c.pk}"))
                    for c in question.choices.all()],
        "rows": [(r, RowForm(initial={"label": r.label}, prefix=f"r{r.pk}")) for r in question.rows.all()],
        "add_lines": AddLinesForm(),
    })


@login_required
@require_POST
def question_move(request, pk: int, direction: str):
    question = _question(request, pk)
    try:
        services.move_question(question, -1 if direction == "up" else 1)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(f"{question.survey.get_absolute_url()}#q{question.pk}")


@login_required
@require_POST
def question_delete(request, pk: int):
    question = _question(request, pk)
    try:
        services.delete_question(question)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("質問を削除しました。"))
    return redirect(question.survey)


# --- Choices and grid rows (on the question's page) ------------------------------------------


def _choice(request, pk: int) -> Choice:
    return one_or_404(Choice.objects.filter(question__survey__in=Survey.objects.changeable_by(request.user))
                      .select_related("question__survey"), pk)


def _row(request, pk: int) -> GridRow:
    return one_or_404(GridRow.objects.filter(question__survey__in=Survey.objects.changeable_by(request.user))
                      .select_related("question__survey"), pk)


def _back(question: Question):
    return redirect("surveys:question_edit", question.pk)


@login_required
@require_POST
def lines_add(request, pk: int, what: str):
    question = _question(request, pk)
    form = AddLinesForm(request.POST)
    if form.is_valid():
        try:
            add = services.add_rows if what == "rows" else services.add_choices
            add(question, form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return _back(question)


@login_required
@require_POST
def choice_change(request, pk: int, op: str):
    choice = _choice(request, pk)
    try:
        if op == "save":
            form = ChoiceForm(request.POST, prefix=f"c{choice.pk}")
            if form.is_valid():
                services.update_choice(choice, label=form.cleaned_data["label"],
                                       with_text=form.cleaned_data["with_text"], name=choice.name)
        elif op in ("up", "down"):
            services.move_choice(choice, -1 if op == "up" else 1)
        elif op == "delete":
            services.delete_choice(choice)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return _back(choice.question)


@login_required
@require_POST
def row_change(request, pk: int, op: str):
    row = _row(request, pk)
    try:
        if op == "save":
            form = RowForm(request.POST, prefix=f"r{row.pk}")
            if form.is_valid():
                services.update_row(row, label=form.cleaned_data["label"])
        elif op in ("up", "down"):
            services.move_row(row, -1 if op == "up" else 1)
        elif op == "delete":
            services.delete_row(row)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return _back(row.question)


# --- Preview, links ----------------------------------------------------------------------------


@login_required
def preview(request, pk: int):
    """The questionnaire as a respondent sees it; answers sent here are checked, never stored."""
    survey = one_or_404(Survey.objects.visible_to(request.user).select_related("place"), pk)
    form = AnswerForm(request.POST or None, survey=survey)
    checked = request.method == "POST" and form.is_valid()
    return render(request, "surveys/answer.html", {
        "survey": survey, "form": form, "preview": True, "checked": checked, "accepting": True})


@login_required
@require_POST
def link_add(request, pk: int):
    survey = _mine(request, pk)
    form = LinkForm(request.POST, survey=survey)
    if form.is_valid():
        services.add_link(survey, user=request.user, **form.cleaned_data)
        messages.success(request, _("回答用リンクを作りました。"))
    return redirect(f"{survey.get_absolute_url()}#links")


@login_required
@require_POST
def group_links_add(request, pk: int):
    survey = _mine(request, pk)
    form = GroupLinksForm(request.POST)
    if form.is_valid():
        areas = {a.name: a for a in areas_under(survey.place)}
        groups = []
        for line in form.cleaned_data["lines"].splitlines():
            name, _sep, area = (part.strip() for part in line.replace("，", ",").partition(","))
            if name:
                groups.append((name, areas.get(area)))
        made = services.add_group_links(survey, user=request.user, groups=groups)
        messages.success(request, _("%(n)s団体のリンクを作りました。") % {"n": len(made)})
    return redirect(f"{survey.get_absolute_url()}#links")


@login_required
@require_POST
def link_toggle(request, pk: int):
    link = one_or_404(AnswerLink.objects.filter(survey__in=Survey.objects.changeable_by(request.user)), pk)
    services.set_link_active(link, not link.active)
    return redirect(f"{link.survey.get_absolute_url()}#links")


@login_required
def links_pdf(request, pk: int):
    """One slip per link (group name, address, QR code) to hand out or post."""
    survey = _mine(request, pk)
    rendered = papers.links_pdf(survey, base_url=request.build_absolute_uri("/"))
    return _pdf(rendered.pdf, papers.filename(survey, "リンク"))


# --- Paper -------------------------------------------------------------------------------------


def _pdf(content: bytes, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def paper_pdf(request, pk: int):
    survey = one_or_404(Survey.objects.visible_to(request.user).select_related("place"), pk)
    return _pdf(papers.questionnaire_pdf(survey).pdf, papers.filename(survey, "調査票"))


@login_required
def paper_entry(request, pk: int):
    """Typing in paper answers, one paper after another: keys pick choices, Enter moves on, and
    the heading (area) stays as it was for the next paper of the same pile."""
    survey = _mine(request, pk)
    questions = prefetched(survey)
    posted = request.method == "POST"
    head = PaperForm(request.POST if posted else None, survey=survey, initial=_next_heading(request, survey))
    form = AnswerForm(request.POST if posted else None, survey=survey, questions=questions, paper=True,
                      prefix="a")
    if posted and head.is_valid() and form.is_valid():
        if not form.given:
            form.add_error(None, _("どの質問にも答えが入っていません。白紙の用紙なら、数えずに次へ進んでください。"))
        else:
            area = head.cleaned_data.get("area")
            try:
                services.record_response(survey, form.given, via=Via.PAPER, area=area, entered_by=request.user,
                                         source_ref=head.cleaned_data.get("source_ref", ""),
                                         respondent_name=head.cleaned_data.get("respondent_name", ""),
                                         submission_key=(request.POST.get("submission") or "")[:40] or None)
            except services.LinkUsedUp:  # 保存 pressed twice: the paper is in once
                return redirect("surveys:paper_entry", survey.pk)
            request.session[f"survey-paper-{survey.pk}"] = {"area": area.pk if area else None,
                                                            "ref": head.cleaned_data.get("source_ref", "")}
            messages.success(request, _("1枚入力しました。次の用紙をどうぞ。"))
            return redirect("surveys:paper_entry", survey.pk)
    last = services.last_paper_entry(survey, request.user)
    return render(request, "surveys/paper_entry.html", {
        "survey": survey, "head": head, "form": form, "last": last,
        "mine_today": survey.responses.filter(via=Via.PAPER, entered_by=request.user,
                                              created_at__date=timezone.localdate()).count(),
        "papers": survey.responses.filter(via=Via.PAPER).count(),
        "submission": secrets.token_urlsafe(16),
    })


def _next_heading(request, survey: Survey) -> dict:
    """The last paper's area again, and its number plus one (papers are typed in piles)."""
    kept = request.session.get(f"survey-paper-{survey.pk}") or {}
    ref = kept.get("ref") or ""
    if ref.isdigit():
        ref = str(int(ref) + 1).zfill(len(ref))
    return {"area": kept.get("area"), "source_ref": ref}


@login_required
@require_POST
def paper_undo(request, pk: int):
    survey = _mine(request, pk)
    undone = services.undo_last_paper_entry(survey, request.user)
    if undone is None:
        messages.error(request, _("取り消せる入力がありません。"))
    else:
        # The next paper to type in is the one undone again, with its number.
        kept = request.session.get(f"survey-paper-{survey.pk}") or {}
        ref = undone.source_ref
        kept["ref"] = str(int(ref) - 1).zfill(len(ref)) if ref.isdigit() and int(ref) > 0 else ""
        request.session[f"survey-paper-{survey.pk}"] = kept
        messages.success(request, _("直前に入力した1枚（%(ref)s）を取り消しました。")
                         % {"ref": undone.source_ref or _("番号なし")})
    return redirect("surveys:paper_entry", survey.pk)
