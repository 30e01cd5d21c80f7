"""区の一覧, 連絡会の記録 and 記録をさがす read in English for a person who picked English in the
footer: the UI words are translated; CP names, memo titles and what coordinators typed stay Japanese."""

from __future__ import annotations

from django.urls import reverse

from tests.english import english_page


def test_the_ward_view_reads_in_english(world, as_user, ward_records):
    html = english_page(as_user(world.naka_1so), reverse("liaison:ward", args=[world.naka.pk]))
    for words in ("Ward overview (中区)", "Each CP area at a glance", "Memos in the period", "Memos counted",
                  "New since the last liaison meeting", "Meeting pack (Excel)", "Make the meeting pack (PDF)",
                  "Since the last meeting", "Record a liaison meeting"):
        assert words in html, words
    for words in ("区の一覧（中区）", "CPエリアごとの様子", "期間のメモ", "連絡会資料（Excel）", "前回の連絡会から"):
        assert words not in html, words
    assert "簑沢地域ケアプラザ" in html and "第6地区サロン準備会" in html  # names and titles stay as typed


def test_the_meetings_page_and_the_search_read_in_english(world, as_user, ward_records):
    client = as_user(world.naka_1so)
    html = english_page(client, reverse("liaison:meetings", args=[world.naka.pk]))
    assert "Liaison meetings (中区)" in html and "Meetings so far" in html and "これまでの連絡会" not in html
    html = english_page(client, reverse("liaison:search"), {"q": "たいそう"})
    assert "Search records" in html and "“たいそう”: 1 record found" in html and "記録をさがす" not in html
