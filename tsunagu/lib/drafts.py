"""The server's half of static/js/drafts.js.

The browser keeps what a person types in localStorage under a key naming the account, the form
and the record ("u12:memo:new", "u12:section:34"), so a dropped connection or a closed tab loses
nothing. Only the server knows when a save went through: it then names the key here, and the
next page it shows tells drafts.js (data-drafts-clear) to forget that draft.
"""

from __future__ import annotations

SESSION_KEY = "drafts_clear"


def draft_key(user, *parts) -> str:
    return ":".join([f"u{user.pk}", *(str(p) for p in parts)])


def saved(request, key: str) -> None:
    keys = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*keys, key][-10:]


def to_clear(request) -> str:
    """The keys to forget on the page being shown, space-separated (each page shows them once)."""
    return " ".join(request.session.pop(SESSION_KEY, []))
