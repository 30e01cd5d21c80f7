"""記録をさがす: one search over the coordinators' records a person may read — memos, sheet sections
and plan items, district plans and hearing answers — with the directory's normalisation
(lib/morphology.py: kana, width and case forgiven, and each word's normalised forms and readings —
買物 finds 買い物, しょうぎ finds 将棋) on each record's search_text.

Every group starts from the owning app's read (Memo.objects.visible_to, Sheet.objects.visible_to, …), so
nothing outside a person's reach can appear. Snippets are cut from the original text around
the first match, with every match marked; matching runs on the normalised text and is mapped
back to the original characters (see `_normalised_with_spans`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

import jaconv
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tsunagu.district_plans.models import DistrictPlan
from tsunagu.hearings.models import HearingSheet
from tsunagu.lib.fiscal import fiscal_year_label
from tsunagu.lib.japanese import normalize
from tsunagu.lib.morphology import matching, words_with_alternatives
from tsunagu.memos.models import Memo
from tsunagu.sheets.models import Sheet

PER_GROUP = 20
# Sheets looked through for matching sections (a sheet holds five).
SHEETS_LOOKED_AT = 40
BEFORE, AFTER = 30, 70


@dataclass
class Hit:
    title: SafeString
    place: str
    when: str
    snippet: SafeString
    url: str
    label: str = ""


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    more_url: str | None = None


def words_of(query: str) -> list[str]:
    """Every spelling of every word of the query (lib/morphology.py), normalised: what is marked in
    the snippets (みまもり marks 見守り, whose reading it is, only where the text has ミマモリ…; a
    form like 見ル守ル is in no original text and marks nothing)."""
    return list(dict.fromkeys(alt for alts in words_with_alternatives(query) for alt in alts))


# --- Matching on normalised text, marking the original -----------------------------------


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of a character with the marks that combine with it (a half-width ﾀ and its ﾞ are one
    ダ after NFKC), so that each span normalises on its own as it does inside the whole text."""
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if spans and (unicodedata.combining(ch) or ch in "\uff9e\uff9f"):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def _fold(piece: str) -> str:
    folded = unicodedata.normalize("NFKC", piece)
    return unicodedata.normalize("NFKC", jaconv.hira2kata(folded).lower())


def _normalised_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text as normalize() makes it (white space collapsed, not stripped), and for each of its
    characters the span of the original it came from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in _clusters(text):
        piece = text[start:end]
        if piece.isspace():
            if out and out[-1] == " ":
                spans[-1] = (spans[-1][0], end)
            else:
                out.append(" ")
                spans.append((start, end))
            continue
        for ch in _fold(piece):
            out.append(ch)
            spans.append((start, end))
    return "".join(out), spans


def _matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Original-text spans of every occurrence of every word, merged where they overlap."""
    folded, spans = _normalised_with_spans(text)
    found = []
    for word in words:
        at = folded.find(word)
        while at >= 0 and word:
            found.append((spans[at][0], spans[at + len(word) - 1][1]))
            at = folded.find(word, at + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, matches: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    parts, at = [], start
    for m_start, m_end in matches:
        if m_end <= start or m_start >= end:
            continue
        m_start, m_end = max(m_start, start), min(m_end, end)
        parts.append(escape(text[at:m_start]))
        parts.append(f"<mark>{escape(text[m_start:m_end])}</mark>")
        at = m_end
    parts.append(escape(text[at:end]))
    return "".join(parts)


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole text, escaped, with the matches marked (for titles)."""
    return mark_safe(_marked(text or "", _matches(text or "", words)))


def snippet(fields: list[tuple[str, str]], words: list[str]) -> tuple[str, SafeString]:
    """(label of the field, a marked excerpt) from the field holding the most of the words; the
    first non-empty field, unmarked, when none holds any (the match was in a linked name)."""
    best, best_score, best_matches = None, 0, []
    for label, text in fields:
        if not text:
            continue
        matches = _matches(text, words)
        if not matches:
            continue
        folded = normalize(text)
        score = sum(1 for w in words if w in folded)
        if score > best_score:
            best, best_score, best_matches = (label, text), score, matches
    if best is None:
        label, text = next(((lb, t) for lb, t in fields if t), ("", ""))
        cut = text[:BEFORE + AFTER]
        return label, mark_safe(escape(" ".join(cut.split())) + ("…" if len(text) > len(cut) else ""))
    label, text = best
    first = best_matches[0][0]
    start = max(first - BEFORE, 0)
    end = min(max(best_matches[0][1], first + AFTER), len(text))
    body = _marked(text, best_matches, start, end)
    return label, mark_safe(("…" if start > 0 else "") + " ".join(body.split()) + ("…" if end < len(text) else ""))


# --- The groups -----------------------------------------------------------------------------


def _containing(qs, query: str, column: str = "search_text"):
    """Rows holding every word of the query in one of its spellings, as the records' own search."""
    per_word = words_with_alternatives(query)
    return qs.filter(matching(per_word, column)) if per_word else qs


def search_records(user, query: str) -> list[Group]:
    words = words_of(query)
    if not words:
        return []
    return [_memos(user, query, words), _sections(user, query, words), _plan_items(user, query, words),
            _district_plans(user, query, words), _hearing_answers(user, query, words)]


def _memos(user, query: str, words: list[str]) -> Group:

    group = Group("memos", _("取組メモ"))
    memos = Memo.objects.live().visible_to(user).search(query)
    group.total = memos.count()
    fields = {name: str(Memo._meta.get_field(name).verbose_name) for name in ("content", "purpose", "reaction",
                                                                                "next_step")}
    for memo in memos.select_related("place").order_by("-date", "-pk")[:PER_GROUP]:
        label, text = snippet([(fields[n], getattr(memo, n)) for n in fields], words)
        group.hits.append(Hit(title=highlight(memo.title, words), place=memo.place.name, when=f"{memo.date:%Y-%m-%d}",
                              snippet=text, url=reverse("memos:detail", args=[memo.pk]), label=label))
    if group.total > PER_GROUP:
        group.more_url = f"{reverse('memos:list')}?{urlencode({'q': query})}"
    return group


def _sections(user, query: str, words: list[str]) -> Group:
    group = Group("sections", _("取組共有シートの欄"))
    sheets = _containing(Sheet.objects.visible_to(user), query).select_related("place").prefetch_related("sections")
    for sheet in sheets.order_by("-fiscal_year", "place__code")[:SHEETS_LOOKED_AT]:
        scored = []
        for section in sorted(sheet.sections.all(), key=lambda s: s.order):
            folded = normalize(section.text)
            score = sum(1 for w in words if w in folded)
            if score:
                scored.append((score, section))
        if not scored:
            continue
        top = max(score for score, _s in scored)
        for score, section in scored:
            if score < top:
                continue
            group.total += 1
            if len(group.hits) >= PER_GROUP:
                continue
            _label, text = snippet([("", section.text)], words)
            group.hits.append(Hit(
                title=mark_safe(escape(f"{sheet.place.name} {fiscal_year_label(sheet.fiscal_year)}")),
                place=sheet.place.name, when=fiscal_year_label(sheet.fiscal_year), snippet=text,
                url=reverse("sheets:detail", args=[sheet.pk]) + f"#section-{section.key}",
                label=str(section.get_key_display())))
    return group


def _plan_items(user, query: str, words: list[str]) -> Group:
    from tsunagu.sheets.models import PlanItem

    group = Group("plan_items", _("取組計画の項目"))
    items = _containing(PlanItem.objects.filter(sheet__in=Sheet.objects.visible_to(user).values("pk")), query)
    group.total = items.count()
    names = {n: str(PlanItem._meta.get_field(n).verbose_name) for n in ("goal", "review_half", "review_year")}
    for item in items.select_related("sheet__place").order_by("-sheet__fiscal_year", "sheet__place__code",
                                                                "order")[:PER_GROUP]:
        label, text = snippet([(names[n], getattr(item, n)) for n in names], words)
        group.hits.append(Hit(title=highlight(item.title, words), place=item.sheet.place.name,
                              when=fiscal_year_label(item.sheet.fiscal_year), snippet=text,
                              url=reverse("sheets:detail", args=[item.sheet_id]) + f"#item-{item.pk}", label=label))
    return group


def _district_plans(user, query: str, words: list[str]) -> Group:

    group = Group("district_plans", _("地域支援計画"))
    plans = DistrictPlan.objects.visible_to(user).search(query)
    group.total = plans.count()

    def name(n):
        return str(DistrictPlan._meta.get_field(n).verbose_name)

    for plan in plans.select_related("district").order_by("district__code", "-start_year")[:PER_GROUP]:
        label, text = snippet([(name("current_state"), plan.current_state), (name("goals"), "\n".join(plan.goals or [])),
                               (name("directions"), plan.directions), (name("partners"), plan.partners),
                               (name("note"), plan.note)], words)
        group.hits.append(Hit(title=highlight(str(plan), words), place=plan.district.name, when=plan.period_label,
                              snippet=text, url=reverse("district_plans:detail", args=[plan.pk]), label=label))
    return group


def _hearing_answers(user, query: str, words: list[str]) -> Group:
    from tsunagu.hearings.models import HearingAnswer

    group = Group("hearing_answers", _("ヒアリングの回答"))
    answers = _containing(HearingAnswer.objects.filter(sheet__in=HearingSheet.objects.visible_to(user).values("pk")),
                          query)
    group.total = answers.count()
    for answer in (answers.select_related("sheet__round", "sheet__area", "item")
                   .order_by("-sheet__round__starts_on", "sheet__area__code", "item__position")[:PER_GROUP]):
        _label, text = snippet([("", answer.text)], words)
        group.hits.append(Hit(title=mark_safe(escape(f"{answer.sheet.round.name}：{answer.item.title}")),
                              place=answer.sheet.area.name, when=f"{answer.sheet.round.starts_on:%Y-%m-%d}",
                              snippet=text, url=reverse("hearings:sheet_detail", args=[answer.sheet_id]),
                              label=answer.item.title))
    return group
