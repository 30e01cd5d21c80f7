"""記録をさがす: one search over memos, sheet sections and plan items, district plans and hearing
answers, with the directory's normalisation (hiragana finds katakana, half width finds full), a
snippet with the match marked, and never a record outside the person's reach."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sheets.records_factory import make_memo
from tsunagu.liaison.search import _matches, highlight, snippet
from tsunagu.lib.japanese import normalize


@pytest.fixture
def find(world, as_user, ward_records):
    def get(q: str, user=None):
        response = as_user(user or world.naka_1so).get(reverse("liaison:search"), {"q": q})
        assert response.status_code == 200
        return response

    return get


def groups(response) -> dict:
    return {g.key: g for g in response.context["groups"]}


def titles(response, key: str) -> list[str]:
    return [str(hit.title) for hit in groups(response)[key].hits]


def test_hiragana_finds_a_memo_written_in_katakana_and_marks_it(find):
    response = find("たいそう")
    memos = groups(response)["memos"]
    assert memos.total == 1
    hit = memos.hits[0]
    assert "第6地区サロン準備会" in str(hit.title)
    assert "<mark>タイソウ</mark>の会の代表" in str(hit.snippet)
    assert hit.url == reverse("memos:detail", args=[hit.url.strip("/").split("/")[-1]])
    assert "<mark>タイソウ</mark>" in response.content.decode()


def test_half_width_katakana_finds_it_too(find):
    assert groups(find("ﾀｲｿｳ"))["memos"].total == 1


def test_a_sheet_section_is_found_with_its_label_and_link(find, ward_records):
    assert groups(find("集える　つくえ"))["sections"].hits == []  # every word must be there
    # 地域 is written in kanji: its reading ちいき finds it (lib/morphology.py), and marks it.
    hits = groups(find("集える　ちいき"))["sections"].hits
    assert [str(hit.snippet) for hit in hits] == ["誰もが気軽に<mark>集える地域</mark>"]
    hits = groups(find("集える"))["sections"].hits
    assert len(hits) == 1
    assert hits[0].label == "目指す地域の姿"
    assert hits[0].url == reverse("sheets:detail", args=[ward_records.sheet.pk]) + "#section-vision"
    assert str(hits[0].snippet) == "誰もが気軽に<mark>集える</mark>地域"


def test_plan_items_district_plans_and_hearing_answers_are_found(find, ward_records):
    assert "<mark>サロン</mark>の立ち上げ支援" in titles(find("さろん"), "plan_items")
    plans = groups(find("買い物に困る"))["district_plans"]
    assert plans.total == 1 and plans.hits[0].place == "第6地区"
    answers = groups(find("三か所"))["hearing_answers"]
    assert answers.total == 1 and answers.hits[0].label == "通いの場"
    assert answers.hits[0].url == reverse("hearings:sheet_detail", args=[ward_records.hearing_sheet.pk])


def test_every_word_must_be_in_the_record(find):
    assert groups(find("サロン 準備会"))["memos"].total == 1
    assert groups(find("サロン 移動販売"))["memos"].total == 0


def test_another_wards_records_never_appear(world, find):
    # 屛風ヶ浦's memo (移動販売, ヒガシ商店) and sheet (坂の上でも買い物に困らない) are 磯子区's.
    for user in (world.naka_1so, world.naka_ward, world.minosawa_2so, world.naka_chiku):
        html = find("移動販売", user).content.decode()
        assert "屛風ヶ浦" not in html and "ヒガシ商店" not in html
        assert groups(find("坂の上", user))["sections"].total == 0
    assert groups(find("ひがし商店", world.isogo_1so))["memos"].total == 1
    assert groups(find("坂の上", world.byobugaura_2so))["sections"].total == 1


def test_cp_staff_find_only_their_own_cps_records(world, find):
    assert groups(find("交流会", world.naka_1so))["memos"].total == 1
    assert groups(find("交流会", world.minosawa_staff))["memos"].total == 0
    assert groups(find("たいそう", world.minosawa_staff))["memos"].total == 1


def test_deleted_memos_are_not_found(find):
    assert groups(find("消したメモ"))["memos"].total == 0


def test_what_a_person_typed_is_escaped_in_the_snippet(world, find):
    make_memo(world.minosawa_2so, world.minosawa, "注意", content="<script>alert(1)</script>たいそう教室")
    html = find("たいそう教室").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>たいそう教室</mark>" in html


def test_nothing_found_is_said_in_japanese(find):
    html = find("該当しないことば").content.decode()
    assert "「該当しないことば」は見つかりませんでした。" in html and "件見つかりました" not in html


def test_an_empty_search_shows_only_the_box(find):
    response = find("   ")
    assert response.context["groups"] == [] and "件見つかりました" not in response.content.decode()


def test_a_too_long_query_is_refused_with_a_japanese_message(find):
    html = find("あ" * 101).content.decode()
    assert "100 文字以下" in html or "100文字以下" in html


def test_more_memos_than_shown_link_to_the_memo_list(world, find):
    for n in range(21):
        make_memo(world.minosawa_2so, world.minosawa, f"戸別訪問{n}", pillars=[])
    memos = groups(find("戸別訪問"))["memos"]
    assert memos.total == 21 and len(memos.hits) == 20
    assert memos.more_url.startswith(reverse("memos:list") + "?q=")


# --- The highlighter ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "query", "marked"), [
    ("ﾀｲｿｳ教室", "たいそう", "<mark>ﾀｲｿｳ</mark>教室"),
    ("ｶﾞｲﾄﾞの会", "ガイド", "<mark>ｶﾞｲﾄﾞ</mark>の会"),
    ("ＡＢＣ体操", "abc", "<mark>ＡＢＣ</mark>体操"),
    ("見守り 　隊", "見守り 隊", "<mark>見守り</mark> 　<mark>隊</mark>"),
    ("ラジオ体操と体操教室", "体操", "ラジオ<mark>体操</mark>と<mark>体操</mark>教室"),
    ("たいそうの会", "たい そう", "<mark>たいそう</mark>の会"),
])
def test_matches_are_marked_on_the_original_text(text, query, marked):
    assert str(highlight(text, normalize(query).split())) == marked


def test_a_long_text_is_cut_around_the_first_match():
    text = "あ" * 100 + "サロン" + "い" * 100
    _label, cut = snippet([("内容", text)], ["サロン"])
    assert str(cut).startswith("…") and str(cut).endswith("…") and "<mark>サロン</mark>" in str(cut)
    assert len(str(cut)) < 130


KANA = "あいうえおかがきぎくぐアイウエオカガキギクグｱｲｳｴｵｶｷｸﾞﾟ体操見守ＡＢab 　"


@st.composite
def texts_and_words(draw):
    """A text of kana, kanji, widths and spaces that has something besides spaces, and a word
    cut from its normalised form: one to all of the characters of one of its space-free runs."""
    text = draw(st.text(alphabet=KANA, min_size=1, max_size=30).filter(lambda t: normalize(t).strip()))
    runs = normalize(text).split()
    run = draw(st.sampled_from(runs))
    start = draw(st.integers(0, len(run) - 1))
    return text, run[start:draw(st.integers(start + 1, len(run)))]


@settings(max_examples=200, deadline=None)
@given(texts_and_words())
def test_every_mark_covers_text_that_normalises_to_the_word(text_and_word):
    text, word = text_and_word
    spans = _matches(text, [word])
    assert spans, (text, word)
    # Marks are in order, apart (touching ones are merged), each inside the text and holding the
    # word; together they hold every occurrence of it.
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 < a2 for (_a1, b1), (a2, _b2) in zip(spans, spans[1:], strict=False))
    assert all(word in normalize(text[a:b]) for a, b in spans)
    assert sum(normalize(text[a:b]).count(word) for a, b in spans) == normalize(text).count(word)
