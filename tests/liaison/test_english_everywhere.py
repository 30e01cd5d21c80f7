"""The English interface leaves no Japanese of its own: every page a coordinator, ward staff or an
administrator opens, read in English, shows Japanese only where it prints what people typed or
the city's names (places, organisations, memo titles). Kinds and stages of the programme's
default lists, 年度, dates and statuses are words of the interface and read in English.

How: each page's visible text and labels (aria-label, title, placeholder, alt) with every string
stored in the database taken out — except the programme's default kinds and stages, which are
vocabulary — must hold no Japanese character. A new template string left untranslated, a
choice label without an English msgid, or a Japanese date format fails here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.english import english_page

# Kana and kanji. (Full-width punctuation left around English words — （）：｜ — is a lesser
# blemish, not checked here.)
JAPANESE = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
# Attributes a person reads or hears.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-label"}


# Inline elements do not break a text: a search hit's <mark> sits inside a memo's title.
INLINE = {"a", "mark", "span", "strong", "em", "b", "i", "small", "abbr", "time", "bdi", "wbr"}
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}


class Text(HTMLParser):
    """The texts a person reads or hears, each block's text joined; nothing inside script or style,
    aria-hidden, or an element marked as Japanese (lang="ja": the language switch's 日本語)."""

    def __init__(self, *, skip_japanese: bool = True):
        super().__init__()
        self.skip_japanese = skip_japanese
        self.parts: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    @property
    def hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def flush(self):
        text = "".join(self.current).strip()
        if text:
            self.parts.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in INLINE:
            self.flush()
        hidden = (tag in ("script", "style", "template") or attrs.get("aria-hidden") == "true"
                  or (self.skip_japanese and (attrs.get("lang") or "").startswith("ja")))
        if not self.hidden and not hidden:
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.flush()
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n][0] == tag:
                del self.stack[n:]
                break

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def close(self):
        super().close()
        self.flush()


def stored_strings() -> list[str]:
    """Every string the database holds (what people typed and the city's names), longest first,
    but the programme's default kinds and stages: those are vocabulary and must be translated."""
    from tsunagu.events.models import EventKind
    from tsunagu.memos.models import MemoKind, Stage

    found: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        queryset = model.objects.all()
        if model in (MemoKind, Stage, EventKind):
            queryset = queryset.filter(ward__isnull=False)
        for row in queryset.values_list(*fields):
            for value in row:
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and len(text) >= 2:
                        found.add(text)
                        found.update(line for line in text.splitlines() if len(line) >= 2)
    return sorted(found, key=len, reverse=True)


def japanese_left(html: str, data: list[str]) -> list[str]:
    parser = Text()
    parser.feed(html)
    parser.close()
    left = []
    for part in parser.parts:
        if not JAPANESE.search(part):
            continue
        for text in data:
            if text in part:
                part = part.replace(text, " ")
                if not JAPANESE.search(part):
                    break
        if JAPANESE.search(part):
            left.append(part)
    return left


def pages(world, records) -> list[tuple[object, str, dict]]:
    naka, sheet, memo, plan = world.naka.pk, records.sheet.pk, records.salon.pk, records.plan.pk
    hearing, hearing_sheet = records.hearing.pk, records.hearing_sheet.pk
    coordinator, one_so, admin = world.minosawa_2so, world.naka_1so, world.admin
    return [
        (coordinator, reverse("home"), {}),
        (coordinator, reverse("memos:list"), {}),
        (coordinator, reverse("memos:detail", args=[memo]), {}),
        (coordinator, reverse("memos:create"), {}),
        (coordinator, reverse("memos:edit", args=[memo]), {}),
        (one_so, reverse("memos:terms"), {}),
        (coordinator, reverse("sheets:list"), {}),
        (coordinator, reverse("sheets:detail", args=[sheet]), {}),
        (coordinator, reverse("sheets:print", args=[sheet]), {}),
        (coordinator, reverse("sheets:history", args=[sheet]), {}),
        (coordinator, reverse("sheets:section_edit", args=[sheet, "vision"]), {}),
        (coordinator, reverse("district_plans:list"), {}),
        (coordinator, reverse("district_plans:detail", args=[plan]), {}),
        (world.naka_chiku, reverse("district_plans:edit", args=[plan]), {}),
        (coordinator, reverse("district_plans:print", args=[plan]), {}),
        (one_so, reverse("hearings:index"), {}),
        (one_so, reverse("hearings:round_detail", args=[hearing]), {}),
        (one_so, reverse("hearings:compare", args=[hearing]), {}),
        (coordinator, reverse("hearings:sheet_detail", args=[hearing_sheet]), {}),
        (one_so, reverse("liaison:ward", args=[naka]), {}),
        (one_so, reverse("liaison:ward", args=[naka]), {"period": "year"}),
        (one_so, reverse("liaison:meetings", args=[naka]), {}),
        (one_so, reverse("liaison:search"), {"q": "サロン"}),
        (one_so, reverse("directory:list"), {}),
        (admin, reverse("places:list"), {}),
        (admin, reverse("people:organisation_list"), {}),
        (admin, reverse("people:person_list"), {}),
        (one_so, reverse("events:list"), {"when": "past"}),
        (one_so, reverse("events:detail", args=[records.meeting.pk]), {}),
        (one_so, reverse("events:edit", args=[records.meeting.pk]), {}),
        (one_so, reverse("events:participants", args=[records.meeting.pk]), {}),
        (one_so, reverse("events:calendar"), {"month": f"{records.meeting.starts_on:%Y-%m}"}),
        (one_so, reverse("events:kinds"), {}),
        (coordinator, reverse("events:create"), {}),
    ]


@pytest.mark.django_db
def test_english_pages_show_no_japanese_but_what_people_typed(world, client, ward_records):
    data = stored_strings()
    found = {}
    for user, url, params in pages(world, ward_records):
        client.force_login(user)
        left = japanese_left(english_page(client, url, params), data)
        if left:
            found[f"{url}?{params}" if params else url] = sorted(set(left))
    assert found == {}


def test_the_scan_sees_an_untranslated_word_and_lets_data_through():
    html = ('<main><h1>Memos</h1><p>第6地区サロン準備会</p><p aria-label="期間">Period</p>'
            '<script>const a = "日本語";</script><p>Kind: 協議体</p></main>')
    assert japanese_left(html, ["第6地区サロン準備会"]) == ["期間", "Kind: 協議体"]
