"""One date style a page. Screens write dates one way (2026-12-07; 12月7日 where the year goes
without saying); the city's documents — the liaison pack, the sheet and plan prints — in 和暦
(令和8年12月7日). A page that says 2026-12-07 in one place, 12/7 in another and 令和8年12月7日 in a
third makes a reader wonder whether they are different days.

Dates people typed (a memo's text) are data and are taken out first, as in the English scan."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.liaison.test_english_everywhere import Text, pages, stored_strings

STYLES = {
    "ISO 2026-12-07": re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"),
    "slashes 12/7": re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"),
    "western 2026年12月7日": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "和暦 令和8年12月7日": re.compile(r"(令和|平成|昭和)(元|\d{1,2})年\d{1,2}月\d{1,2}日"),
}


def styles_on(html: str, data: list[str]) -> dict[str, list[str]]:
    parser = Text(skip_japanese=False)
    parser.feed(html)
    parser.close()
    found: dict[str, list[str]] = {}
    for part in parser.parts:
        for text in data:
            if text in part:
                part = part.replace(text, " ")
        for name, pattern in STYLES.items():
            found.setdefault(name, []).extend(m.group(0) for m in pattern.finditer(part))
    return {name: hits for name, hits in found.items() if hits}


@pytest.mark.django_db
def test_each_page_writes_its_dates_one_way(world, client, ward_records):
    # What people typed, but not dates the records keep as text (a history entry's old date):
    # those are what the page formats, and what this test reads.
    data = [text for text in stored_strings() if not any(p.search(text) for p in STYLES.values())
            and re.search(r"[^\d\s\-/:.,T+]", text)]
    documents = {reverse("sheets:print", args=[ward_records.sheet.pk]),
                 reverse("district_plans:print", args=[ward_records.plan.pk])}
    mixed, checked = {}, 0
    for user, url, params in pages(world, ward_records):
        client.force_login(user)
        response = client.get(url, params)
        assert response.status_code == 200, url
        styles = styles_on(response.content.decode(), data)
        checked += bool(styles)
        if len(styles) > 1 or (url in documents and set(styles) - {"和暦 令和8年12月7日"}):
            mixed[url] = styles
    assert checked >= 10  # the scan saw dates on most pages
    assert mixed == {}, "\n".join(f"{url}: {styles}" for url, styles in mixed.items())


def test_the_check_tells_the_styles_apart():
    html = "<p>2026-12-07</p><p>12/7 訪問</p><p>令和8年12月7日</p><p>2026年12月7日</p><p>第1/3回</p>"
    assert set(styles_on(html, [])) == set(STYLES)
