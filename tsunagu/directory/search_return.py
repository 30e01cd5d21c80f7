"""The way back from a listing to the search that found it.

A result card's address carries the search's query string (``?back=q%3D…%26page%3D2``); the
listing's 「検索結果にもどる」 link rebuilds the search page's address from it. Only the search
form's own fields and the page number are kept, each cut to a sane length, and the link is
always the search page's own path followed by them: what a crafted ``back`` can do is at most a
different search, never a link to another site (no open redirect) nor markup (the template
escapes it).
"""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse

PARAMETER = "back"
LONGEST_VALUE = 200


def kept(query: QueryDict, fields) -> QueryDict:
    """The search's own parameters of ``query`` (the search form's ``fields`` and the page),
    nothing else. The fields are the caller's (public_views): this module sits below it."""
    names = [*fields, "page"]
    clean = QueryDict(mutable=True)
    for name in names:
        for value in query.getlist(name)[:1]:
            if value and (name != "page" or value.isdigit()):
                clean[name] = value[:LONGEST_VALUE]
    return clean


def suffix(query: QueryDict, fields) -> str:
    """What a listing's address gets for the way back to this search ("" for the bare page)."""
    search = kept(query, fields)
    if not search:
        return ""
    carried = QueryDict(mutable=True)
    carried[PARAMETER] = search.urlencode()
    return "?" + carried.urlencode()


def carried(query: QueryDict, fields) -> str:
    """The ``back`` a listing page was opened with, to hand on (its report form): "" if none."""
    raw = query.get(PARAMETER)
    return suffix(QueryDict(raw[:2000]), fields) if raw else ""


def link(query: QueryDict, fields) -> str | None:
    """The search page's address for the ``back`` a listing page was opened with, or None."""
    raw = query.get(PARAMETER)
    if not raw:
        return None
    search = kept(QueryDict(raw[:2000]), fields)
    return reverse("index") + ("?" + search.urlencode() if search else "")
