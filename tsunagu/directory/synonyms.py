"""検索の言いかえ: the synonym list the public search widens words with (search.py), edited by
the city's administrators as one list, a group of words per line (ふれあい・いきいき).

Saving replaces the whole list; two administrators editing at once are told, not overwritten:
the form carries a fingerprint of the list it started from and is refused if the list changed.
"""

from __future__ import annotations

import hashlib
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.directory import search
from tsunagu.directory.models import SynonymGroup
from tsunagu.jobs.services import job_start, register
from tsunagu.lib.japanese import normalize

# Between the words of a group: 「・」「、」「,」 or spaces.
_SEPARATORS = re.compile(r"[・、,，/／\s]+")
MAX_GROUPS = 200
MAX_WORDS = 12
MAX_WORD_LENGTH = 30
# The background work that writes the groups' markers into every listing's search_text.
JOB_KIND = "synonym-index"


def current() -> list[list[str]]:
    return [list(group.words) for group in SynonymGroup.objects.all()]


def as_text(groups: list[list[str]]) -> str:
    return "\n".join("・".join(words) for words in groups)


def fingerprint(groups: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps(groups, ensure_ascii=False).encode()).hexdigest()[:16]


def parse(text: str) -> list[list[str]]:
    """One group per line; words in a line separated by ・, 、, commas or spaces. A line of one
    word means nothing and is refused, as is a word in two groups (which group would it widen?)."""
    groups: list[list[str]] = []
    seen: dict[str, int] = {}
    errors: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        words = list(dict.fromkeys(w for w in _SEPARATORS.split(line.strip()) if w))
        if not words:
            continue
        if len(words) < 2:
            errors.append(_("%(n)d行目：言いかえには2つ以上の語が必要です（「・」で区切ります）。") % {"n": number})
            continue
        if len(words) > MAX_WORDS:
            errors.append(_("%(n)d行目：1行の語は%(max)d個までです。") % {"n": number, "max": MAX_WORDS})
            continue
        for word in words:
            if len(word) > MAX_WORD_LENGTH:
                errors.append(_("%(n)d行目：「%(word)s」が長すぎます（%(max)d文字まで）。")
                              % {"n": number, "word": word[:40], "max": MAX_WORD_LENGTH})
            key = normalize(word)
            if key in seen and seen[key] != number:
                errors.append(_("%(n)d行目：「%(word)s」は%(other)d行目にもあります。1つの語は1つの行にだけ書けます。")
                              % {"n": number, "word": word, "other": seen[key]})
            seen[key] = number
        groups.append(words)
    if len(groups) > MAX_GROUPS:
        errors.append(_("言いかえは%(max)d行までです。") % {"max": MAX_GROUPS})
    if errors:
        raise ValidationError(errors)
    return groups


class SynonymsForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("言いかえの一覧"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy("1行に1組。同じ意味で検索したい語を「・」で区切って書きます（例：ふれあい・いきいき）。"
                               "ひらがな・カタカナ・送りがなの違いは書かなくても見つかります。"))
    # The fingerprint of the list the form started from (rendered by the template itself, so
    # that after a refusal it is the list's fingerprint as it is now).
    started_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_text(self):
        return parse(self.cleaned_data.get("text") or "")


class ListChanged(Exception):
    """Someone else saved the list since this form was opened."""


@transaction.atomic
def synonyms_save(*, user, groups: list[list[str]], started_from: str) -> None:
    # Locking every row keeps two saves from both passing the check (on SQLite the write lock does).
    before = [list(g.words) for g in SynonymGroup.objects.select_for_update().order_by("position", "pk")]
    if fingerprint(before) != started_from:
        raise ListChanged
    if before == groups:
        return
    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.bulk_create(SynonymGroup(words=words, position=i) for i, words in enumerate(groups))
    first = SynonymGroup.objects.order_by("position", "pk").first()
    audit.record(actor=user, action="synonyms.update", target=first or SynonymGroup(pk=0, words=[]),
                 changes={"言いかえ": [as_text(before), as_text(groups)]})
    # The new groups are not indexed: the search spells their words out until this work has
    # written their markers into every listing (search.py, "Synonym groups in search_text").
    job_start(user=user, kind=JOB_KIND, title=_("検索の言いかえを地域資源に反映"))


@register(JOB_KIND)
def _reindex(job, progress) -> None:
    with transaction.atomic():
        search.reindex_synonyms(progress=progress)
        progress.finish()
