"""lib/morphology.py: the analyser both sides of every search use (SudachiPy's normalised forms and
readings), the same in every thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tsunagu.lib import morphology
from tsunagu.lib.japanese import normalize


@pytest.mark.parametrize("word, spelled", [
    ("買物", "買い物"), ("子ども食堂", "子供食堂"), ("こども食堂", "子ども食堂"), ("しょうぎ", "将棋"),
    ("みまもり", "見守り"), ("いきいき", "生き生き"), ("たいそう", "体操"),
])
def test_a_word_is_found_in_a_text_that_spells_it_otherwise(word, spelled):
    text = morphology.search_text(f"地域の{spelled}です")
    assert any(alternative in text for alternative in morphology.alternatives(word)), (word, text)


def test_the_text_keeps_its_own_normalised_words_first_and_adds_only_what_differs():
    text = morphology.search_text("いきいき体操", "ｻﾛﾝ")
    assert text.startswith(normalize("いきいき体操 ｻﾛﾝ"))
    assert morphology.search_text("サロン", "ABC 123") == normalize("サロン ABC 123")  # nothing to add
    assert "イチ" not in morphology.search_text("横浜市中区本牧町1-2")  # digits are not read aloud


def test_a_short_reading_of_a_kanji_word_is_no_alternative():
    assert morphology.alternatives("会") == ("会",)
    assert "タイソウ" in morphology.alternatives("体操")


def test_threads_each_get_a_tokenizer_and_the_same_answers():
    texts = [f"{w}の会を開きます。みまもり活動も。" for w in ("将棋", "しょうぎ", "買物", "子ども食堂")] * 25
    expected = [morphology.forms_of(t) for t in texts]
    morphology._run_extras.cache_clear()  # analyse again, concurrently
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(morphology.forms_of, texts)) == expected
