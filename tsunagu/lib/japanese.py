"""Japanese text for search: one normal form, so that たいそう, タイソウ and ﾀｲｿｳ are equal.

Text is normalised once on save into its own column and queries are normalised the same way
(tech-notes.md): NFKC folds width (ＡＢＣ→ABC, ﾀｸｼｰ→タクシー), hiragana becomes katakana, Latin
letters become lower case, and runs of white space become one space.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = jaconv.hira2kata(folded).lower()
    # Again after the kana change: わ + combining dakuten has no hiragana composite, but its
    # katakana form composes to ヷ, and normalising twice must give the same text as once.
    folded = unicodedata.normalize("NFKC", folded)
    return _SPACES.sub(" ", folded).strip()


def search_text(*parts: str | None) -> str:
    """The search column's value for a record made of several fields."""
    return " ".join(p for p in (normalize(part) for part in parts) if p)
