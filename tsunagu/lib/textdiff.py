"""What changed between two texts, as markup a page can show (issue 12, item 10).

The history and the conflict screen used to print the whole old text and the whole new one: in a
sheet's 800-character 現状認識・課題 nobody could see which words had changed. Here Python's
difflib compares line by line and, inside lines that changed, word by word (a run of Latin letters
or digits, or one Japanese character — Japanese has no spaces between words), and the result is
built as safe markup: every piece of text is escaped first, then wrapped in <del> or <ins>. Nothing
from the data can become markup (the CSP and tests/browser/test_xss.py hold the rest of the site to
the same rule).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EQUAL, DELETED, INSERTED = "=", "-", "+"
_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.S)
GAP = "⋯"
# Below this share of characters in common, changed lines are shown as replaced whole.
REWRITTEN = 0.4


def as_text(value) -> str:
    """A history value as text: lists one item a line, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value).replace("\r\n", "\n")


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _diff(a: list[str], b: list[str]):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def segments(old, new) -> list[tuple[str, str]]:
    """(kind, text) pieces that rebuild old (EQUAL and DELETED) and new (EQUAL and INSERTED)."""
    old, new = as_text(old), as_text(new)
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _diff(a, b):
        if op == "equal":
            out.append((EQUAL, "".join(a[i1:i2])))
        elif op == "delete":
            out.append((DELETED, "".join(a[i1:i2])))
        elif op == "insert":
            out.append((INSERTED, "".join(b[j1:j2])))
        else:  # lines rewritten: which words changed in them
            before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
            wa, wb = _words(before), _words(after)
            ops = _diff(wa, wb)
            kept = sum(len("".join(wa[k1:k2])) for wop, k1, k2, _l1, _l2 in ops if wop == "equal")
            if kept < REWRITTEN * max(len(before), len(after)):
                # Hardly a word in common (見守りの輪を広げる → 買物の足を確保する shares 「る」): a
                # rewrite reads better as the old text out and the new one in.
                out += [(DELETED, before), (INSERTED, after)]
                continue
            for wop, k1, k2, l1, l2 in ops:
                if wop == "equal":
                    out.append((EQUAL, "".join(wa[k1:k2])))
                    continue
                if k2 > k1:
                    out.append((DELETED, "".join(wa[k1:k2])))
                if l2 > l1:
                    out.append((INSERTED, "".join(wb[l1:l2])))
    # Neighbours of one kind as one piece: fewer, longer marks read better.
    merged: list[tuple[str, str]] = []
    for kind, text in _readable(out):
        if text and merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    return merged


SHORT = 3


def _readable(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Character by character, 自治会長が管理し → 町内会館の管理人が持っ comes out as six marks around
    「会」 and 「管理」; a reader wants one removal and one addition. A short unchanged piece between
    two changes becomes part of both, and each run of changes is shown removals first."""
    absorbed: list[tuple[str, str]] = []
    for n, (kind, text) in enumerate(parts):
        between = 0 < n < len(parts) - 1 and parts[n - 1][0] != EQUAL and parts[n + 1][0] != EQUAL
        if kind == EQUAL and between and len(text) <= SHORT and "\n" not in text:
            absorbed += [(DELETED, text), (INSERTED, text)]
        else:
            absorbed.append((kind, text))
    out: list[tuple[str, str]] = []
    removed = added = ""
    for kind, text in [*absorbed, (EQUAL, "")]:
        if kind == DELETED:
            removed += text
        elif kind == INSERTED:
            added += text
        else:
            out += [(k, t) for k, t in ((DELETED, removed), (INSERTED, added)) if t]
            removed = added = ""
            out.append((kind, text))
    return out


def _mark(kind: str, text: str) -> str:
    if kind == DELETED:
        return f'<del class="diff">{escape(text)}</del>'
    if kind == INSERTED:
        return f'<ins class="diff">{escape(text)}</ins>'
    return escape(text)


def sides(old, new) -> tuple[SafeString, SafeString]:
    """Both texts in full, the removed words marked in the first, the added ones in the second
    (the conflict screen's two columns)."""
    parts = segments(old, new)
    return (mark_safe("".join(_mark(k, t) for k, t in parts if k != INSERTED)),
            mark_safe("".join(_mark(k, t) for k, t in parts if k != DELETED)))


def _shorten(text: str, *, first: bool, last: bool, context: int) -> str:
    """An unchanged stretch cut to the lines next to a change, the rest shown as ⋯."""
    lines = text.splitlines(keepends=True)
    # A piece that starts or ends inside a changed line keeps that line and `context` more.
    keep_head = 0 if first else context + 1
    keep_tail = 0 if last else context + (0 if text.endswith("\n") else 1)
    if len(lines) <= keep_head + keep_tail + 1:
        return text
    head, tail = lines[:keep_head], lines[len(lines) - keep_tail:] if keep_tail else []
    return "".join(head) + GAP + "\n" + "".join(tail)


def inline(old, new, *, context: int = 1) -> SafeString:
    """One text with the removed words struck through and the added ones marked, and long
    unchanged stretches folded to ⋯ (the history: what changed, not both texts whole)."""
    parts = segments(old, new)
    html = []
    for n, (kind, text) in enumerate(parts):
        if kind == EQUAL:
            text = _shorten(text, first=n == 0, last=n == len(parts) - 1, context=context)
        html.append(_mark(kind, text))
    return mark_safe("".join(html))
