"""取組メモ and 取組共有シート read in English for a person who picked English in the footer; what
staff wrote (titles, texts, place names) stays as written."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Japanese UI words of these pages that must not be left once English is chosen.
LEFT_OVER = ["取組メモを書く", "保存", "くわしく書く", "つながる取組計画", "目指す地域の姿", "未着手", "作成中",
             "計画の項目を追加", "前年度から引き継ぐ", "条件をしぼる", "メモを書く", "変更の記録"]


@pytest.fixture
def english(client, world):
    client.force_login(world.naka_1so)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def ui_text(html: str) -> str:
    # The page without what people typed: the memo's and sheet's own words are in these test data.
    for own in ("第6地区サロン準備会", "会場の候補を三つ見に行った。たいそうの会の代表も参加。", "誰もが気軽に集える地域",
                "サロンの立ち上げ支援", "見守りの輪づくり", "第6地区に新しいサロンを1か所", "民生委員と自治会の情報交換の場"):
        html = html.replace(own, "")
    return html


@pytest.mark.parametrize("name, args", [
    ("memos:list", lambda r: []), ("memos:create", lambda r: []), ("memos:detail", lambda r: [r.memo.pk]),
    ("sheets:list", lambda r: []), ("sheets:detail", lambda r: [r.sheet.pk]),
    ("sheets:section_edit", lambda r: [r.sheet.pk, "review_half"]),
])
def test_the_records_pages_read_in_english(english, records, name, args):
    html = english.get(reverse(name, args=args(records))).content.decode()
    assert '<html lang="en">' in html
    text = ui_text(re.sub(r"<[^>]+>", " ", html))
    left = [word for word in LEFT_OVER if word in text]
    assert not left, f"Japanese UI words left: {left}"
