"""50音順: the order and the rows (あ行, か行 …) of a name index, by the names' readings.

A listing's reading is its フリガナ (name_kana). Where none was typed, the reading is made from
the name: kana as they are, kanji read by SudachiPy (the morphological analyser the search uses;
a guess, good for ordinary words — 体操 → タイソウ — and marked as a guess by the caller's
choice to use it only for ordering). What still does not start with kana (ＡＢＣ体操, 123) goes
in a last row, 「英数字など」, so nothing is left out of the index.
"""

from __future__ import annotations

import functools
import unicodedata

import jaconv

ROWS = [
    ("あ行", "アイウエオヴ"),
    ("か行", "カキクケコ"),
    ("さ行", "サシスセソ"),
    ("た行", "タチツテト"),
    ("な行", "ナニヌネノ"),
    ("は行", "ハヒフヘホ"),
    ("ま行", "マミムメモ"),
    ("や行", "ヤユヨ"),
    ("ら行", "ラリルレロ"),
    ("わ行", "ワヲン"),
]
OTHER_ROW = "英数字など"
_SMALL = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_ROW_OF = {letter: label for label, letters in ROWS for letter in letters}


def _katakana(text: str) -> str:
    return jaconv.hira2kata(unicodedata.normalize("NFKC", text or "").strip())


def _is_kana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


@functools.lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary

    return Dictionary(dict="core").create()


@functools.lru_cache(maxsize=4096)
def _guessed(name: str) -> str:
    try:
        from sudachipy import SplitMode

        morphemes = _tokenizer().tokenize(name, SplitMode.C)
    except Exception:  # no dictionary installed: the name stays as it is, in the last row
        return _katakana(name)
    return _katakana("".join(m.reading_form() if m.reading_form() else m.surface() for m in morphemes))


def reading(name: str, kana: str = "") -> str:
    """The reading in katakana: the typed フリガナ, else the name's own kana or a guess from it."""
    typed = _katakana(kana)
    if typed:
        return typed
    own = _katakana(name)
    if own[:1].isascii():  # ＡＢＣ体操, 123サロン: looked for under their letters, not a reading
        return own
    if own and _is_kana(own[0]) and all(_is_kana(ch) or not ch.isalpha() for ch in own):
        return own
    return _guessed(name)


def fold(text: str) -> str:
    """Dictionary order's first pass: voiced and small kana as their plain letters (ガ → カ, ッ → ツ)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in "\u3099\u309a")
    return unicodedata.normalize("NFC", plain).translate(_SMALL)


def row_of(text: str) -> str:
    """あ行 … わ行 for the first letter of a reading; 英数字など otherwise."""
    first = fold(text[:1])
    return _ROW_OF.get(first, OTHER_ROW)


def sort_key(text: str) -> tuple:
    """50音順: plain letters first, then voiced before unvoiced left as they are (カ < ガ)."""
    return (fold(text), text)


def rows(items, reading_of) -> list[tuple[str, list[tuple[str, list]]]]:
    """Items in 50音順, grouped into rows and, within a row, by first letter:
    [("あ行", [("あ", [...]), ("い", [...])]), …]; rows without items left out, 英数字など last
    (its items under one letter, "")."""
    grouped: dict[str, dict[str, list]] = {}
    for item in sorted(items, key=lambda item: sort_key(reading_of(item))):
        text = reading_of(item)
        row = row_of(text)
        # Shown in hiragana, as the rows are named (あ行 い …): what older readers look for.
        letter = jaconv.kata2hira(fold(text[:1])) if row != OTHER_ROW else ""
        grouped.setdefault(row, {}).setdefault(letter, []).append(item)
    order = [label for label, _letters in ROWS] + [OTHER_ROW]
    return [(label, list(grouped[label].items())) for label in order if label in grouped]
