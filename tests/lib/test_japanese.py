"""normalize(): one form for Japanese search text, so that たいそう, タイソウ and ﾀｲｿｳ meet."""

from __future__ import annotations

import re

import jaconv
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tsunagu.lib.japanese import normalize, search_text

# Full-width katakana that have a hiragana counterpart (ァ..ヶ), the long-vowel mark and the
# iteration marks.
KATAKANA = st.text(
    alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30F6) | st.sampled_from("ーヽヾ")
)
HIRAGANA = st.text(
    alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x3096) | st.sampled_from("ーゝゞ")
)
PRINTABLE_ASCII = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E))
JAPANESE_MIX = st.text(
    alphabet=st.sampled_from(
        list("あいうえおかがきぎゃゅょっアイウエオカガキギャュョッヴゔ")
        + list("ﾀｸｼｰｶﾞﾊﾟｧ")
        + list("ＡＢＣａｂｃ０１２ABCabc 　\t\n﨑髙漢字体操・ー")
        + ["\u3099", "\u309a", "\u309b", "\u309c", "ﾞ", "ﾟ", "ゟ", "ヿ", "ワ", "わ", "ヰ", "ゐ"]
    )
)


def to_full_width(text: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(st.text())
@example("わ\u3099")  # わ + combining dakuten: no hiragana composite, but ヷ exists in katakana
@example("ゐ\u3099")
@example("ｳﾞ")
@example("Ａ　Ｂ")
def test_normalising_twice_gives_the_same_text_as_normalising_once(text):
    once = normalize(text)
    assert normalize(once) == once


@given(JAPANESE_MIX)
def test_normalising_japanese_mixtures_twice_gives_the_same_text_as_once(text):
    once = normalize(text)
    assert normalize(once) == once


@given(KATAKANA)
def test_a_katakana_word_and_its_hiragana_spelling_normalise_alike(katakana):
    assert normalize(katakana) == normalize(jaconv.kata2hira(katakana))


@given(HIRAGANA)
def test_normalised_hiragana_contains_no_hiragana_letters(hiragana):
    assert not re.search("[\u3041-\u3096]", normalize(hiragana))


@given(PRINTABLE_ASCII)
def test_full_width_ascii_normalises_like_half_width_ascii(ascii_text):
    assert normalize(to_full_width(ascii_text)) == normalize(ascii_text)


@given(KATAKANA)
def test_half_width_katakana_normalises_like_full_width_katakana(katakana):
    half = jaconv.z2h(katakana, kana=True, ascii=False, digit=False)
    assert normalize(half) == normalize(katakana)


@given(st.text())
def test_normalised_text_is_already_lower_case(text):
    out = normalize(text)
    assert out.lower() == out


@given(st.text())
def test_normalised_text_has_no_runs_of_white_space_and_no_white_space_at_the_ends(text):
    out = normalize(text)
    assert not re.search(r"\s\s", out)
    assert out == out.strip()
    assert not re.search(r"[^\S ]", out), "only the plain space remains"


@given(
    st.lists(st.text(alphabet="あかさたなABCabc漢字", min_size=1), min_size=1, max_size=5),
    st.lists(st.text(alphabet=" \t\n\r\u3000", min_size=1), min_size=4, max_size=4),
)
def test_any_white_space_between_words_becomes_one_space(words, gaps):
    spaced = gaps[0] + "".join(w + gaps[(i + 1) % 4] for i, w in enumerate(words))
    assert normalize(spaced) == normalize(" ".join(words))


@pytest.mark.parametrize("spelling", ["たいそう", "タイソウ", "ﾀｲｿｳ", " たいそう ", "\u3000タイソウ\n"])
def test_taisou_is_one_word_however_it_is_written(spelling):
    assert normalize(spelling) == "タイソウ"


def test_taxi_in_half_width_katakana_is_taxi_in_full_width_katakana():
    assert normalize("ﾀｸｼｰ") == normalize("タクシー") == "タクシー"


def test_half_width_voiced_kana_compose_into_one_letter():
    assert normalize("ｶﾞｯｺｳ") == "ガッコウ"
    assert normalize("ﾊﾟﾝ") == "パン"


def test_full_width_letters_become_half_width_lower_case():
    assert normalize("ＡＢＣ") == normalize("abc") == normalize("ABC") == "abc"
    assert normalize("１４１０４") == "14104"


def test_variant_kanji_used_in_names_survive_unchanged():
    # 﨑 (U+FA11) and 髙 (U+9AD9) are how people really write 崎 and 高 in their names; NFKC
    # must not turn them into the common forms or the search would miss the spelling typed.
    assert normalize("山﨑") == "山﨑"
    assert normalize("髙橋") == "髙橋"
    assert normalize("山﨑") != normalize("山崎")


def test_ideographic_space_and_line_breaks_collapse_to_one_space():
    assert normalize("  中区\u3000\u3000簑沢\n\t第6地区  ") == "中区 簑沢 第6地区"


@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000\n"])
def test_nothing_normalises_to_the_empty_string(empty):
    assert normalize(empty) == ""


def test_search_text_joins_the_normalised_parts_and_drops_empty_ones():
    assert (
        search_text("簑沢地域ケアプラザ", "", None, "みのさわ", "14104-CP01")
        == "簑沢地域ケアプラザ ミノサワ 14104-cp01"
    )
