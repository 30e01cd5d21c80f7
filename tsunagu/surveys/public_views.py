"""The public answer pages: reached by a survey's link (a token on a flyer, a QR code, a letter to
a group), no account.

The token names one link of one survey; nothing posted here can name another. These pages accept
answers and show the questions — never an answer, a count or a result. An unknown token, or a
survey still in draft, is a 404 like any page that does not exist; a closed survey or a stopped
link says so politely; a single-answer link already answered thanks the group and takes no second.
"""

from __future__ import annotations

import secrets

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tsunagu.surveys import services
from tsunagu.surveys.answering import AnswerForm
from tsunagu.surveys.models import AnswerLink, Status, Via


def _link(token: str) -> AnswerLink:
    link = get_object_or_404(AnswerLink.objects.select_related("survey", "survey__place"), token=token)
    if link.survey.status == Status.DRAFT:
        raise Http404
    return link


@never_cache
def answer_page(request, token: str):
    link = _link(token)
    survey = link.survey
    today = timezone.localdate()
    # A stopped link (an old QR code on last year's flyer) is closed like a closed survey.
    if not survey.is_accepting(today) or not link.active:
        not_yet = survey.status == Status.OPEN and survey.opens_on is not None and survey.opens_on > today
        return render(request, "surveys/public_closed.html", {"survey": survey, "link": link, "not_yet": not_yet})
    if services.link_used_up(link):
        return render(request, "surveys/public_thanks.html", {"survey": survey, "link": link, "already": True})
    form = AnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_response(survey, form.given, via=Via.LINK, link=link,
                                     respondent_name=form.cleaned_data.get("respondent_name", ""),
                                     submission_key=(request.POST.get("submission") or "")[:40] or None)
        except services.LinkUsedUp:
            pass  # the same form sent twice, or the group's answer came in a moment before: thank them
        return redirect("survey_thanks", token=token)
    return render(request, "surveys/answer.html", {
        "survey": survey, "link": link, "form": form, "accepting": True,
        # One submission per form shown: a double tap on 送信 does not make two answers.
        "submission": request.POST.get("submission") or secrets.token_urlsafe(16),
    })


@never_cache
def thanks_page(request, token: str):
    link = _link(token)
    return render(request, "surveys/public_thanks.html", {"survey": link.survey, "link": link})
