"""History and conflict screens show what changed (tsunagu/lib/textdiff.py): removed and added words
or lines marked, unchanged stretches folded, and every piece of text escaped before it is marked."""

from __future__ import annotations

import html

from django.template import Context, Template
from django.utils.html import strip_tags
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.lib.textdiff import DELETED, EQUAL, INSERTED, inline, segments, sides


def test_an_added_phrase_is_marked_inside_the_text():
    assert inline("誰もが気軽に集える地域", "誰もが気軽に集える、坂の上でも買い物に困らない地域") == (
        '誰もが気軽に集える<ins class="diff">、坂の上でも買い物に困らない</ins>地域')


def test_a_rewritten_phrase_is_one_removal_and_one_addition_not_a_scatter_of_characters():
    assert segments("会場の鍵は自治会長が管理している。", "会場の鍵は町内会館の管理人が持っている。") == [
        (EQUAL, "会場の鍵は"), (DELETED, "自治会長が管理し"), (INSERTED, "町内会館の管理人が持っ"), (EQUAL, "ている。")]


def test_latin_words_change_whole():
    assert segments("Zoom meeting", "Teams meeting") == [(DELETED, "Zoom"), (INSERTED, "Teams"), (EQUAL, " meeting")]


def test_long_unchanged_stretches_are_folded_around_the_change():
    old = "\n".join(f"{n}行目の文" for n in range(1, 21))
    new = old.replace("10行目の文", "10行目を直した文")
    shown = inline(old, new)
    assert shown.count("⋯") == 2
    assert "9行目の文" in shown and "11行目の文" in shown  # a line of context each side
    assert "1行目の文" not in shown.replace("11行目", "").replace("10行目", "") and "20行目の文" not in shown
    assert '10行目<del class="diff">の</del><ins class="diff">を直した</ins>文' in shown


def test_lists_compare_item_by_item():
    # A memo's links in its history: one organisation removed, one added.
    assert inline(["中区役所", "第6地区社会福祉協議会"], ["第6地区社会福祉協議会", "中区社会福祉協議会"]) == (
        '<del class="diff">中区役所\n</del>第6地区社会福祉協議会<ins class="diff">\n中区社会福祉協議会</ins>')


def test_markup_in_the_text_is_escaped_before_it_is_marked():
    old, new = "<b>サロン</b>", '<img src=x onerror="alert(1)">サロン'
    theirs, mine = sides(old, new)
    for shown in (inline(old, new), theirs, mine):
        assert "<img" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in mine


def test_the_template_tag_shows_a_dash_for_nothing_and_the_diff_otherwise():
    template = Template("{% load textdiff %}[{% textdiff a b %}]")
    assert template.render(Context({"a": "", "b": None})) == "[—]"
    assert template.render(Context({"a": "作成中", "b": "確認済"})) == (
        '[<span class="textdiff"><del class="diff">作成中</del><ins class="diff">確認済</ins></span>]')


@given(st.text(alphabet="あいう<>&\"' \nab", max_size=30), st.text(alphabet="あいう<>&\"' \nab", max_size=30))
def test_both_sides_give_back_the_two_texts(old, new):
    theirs, mine = sides(old, new)
    assert html.unescape(strip_tags(theirs)) == old
    assert html.unescape(strip_tags(mine)) == new
