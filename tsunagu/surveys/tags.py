"""Tags on free-text answers: the coordinator reads 「ご意見」 and marks each answer with their own
words (「買い物」「移動」), then lists the answers of one tag. Whoever may change the survey
(surveys.write) tags; whoever may read it sees the tags."""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from tsunagu.surveys.models import Answer, Question, Survey, TextTag


def can_tag(user, survey: Survey) -> bool:
    return Survey.objects.changeable_by(user).filter(pk=survey.pk).exists()


def tags_of(survey: Survey) -> QuerySet[TextTag]:
    return survey.text_tags.all()


def answers_with_tags(question: Question, tag: str | None = None) -> QuerySet[Answer]:
    answers = (question.answers.exclude(text="").select_related("response")
               .prefetch_related(Prefetch("tags", queryset=TextTag.objects.order_by("name")))
               .order_by("response__created_at", "pk"))
    if tag:
        answers = answers.filter(tags__name=tag)
    return answers


def _clean(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())[:40]


@transaction.atomic
def tag_add(*, user, answer: Answer, name: str) -> TextTag | None:
    name = _clean(name)
    if not name:
        return None
    tag, _created = TextTag.objects.get_or_create(survey_id=answer.question.survey_id, name=name)
    tag.answers.add(answer)
    return tag


@transaction.atomic
def tag_remove(*, user, answer: Answer, name: str) -> None:
    tag = TextTag.objects.filter(survey_id=answer.question.survey_id, name=_clean(name)).first()
    if tag is None:
        return
    tag.answers.remove(answer)
    if not tag.answers.exists():
        tag.delete()  # a word nobody uses any more leaves the list


