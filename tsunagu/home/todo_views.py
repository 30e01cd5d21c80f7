"""わたしのやること (my to-do): what waits for this person, from every capability.

The page asks tsunagu.lib.todo for the items and imports no capability: a follow-up from minutes,
a project's milestone or a grant's deadline reaches it because its capability registered a source.
Overdue first (marked 期限切れ), then this week, then later. An item that can be closed right here
(a follow-up) gets a small form that posts to its own capability's view and comes back here.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.lib import todo
from tsunagu.people import policy

# How far ahead the list looks: a follow-up due in the autumn is on the list from spring on, so
# that nobody learns of it the week it falls due. Undated items are always there.
HORIZON_DAYS = 366
# Items that can be closed from this page: the key's prefix → the named route that closes them
# (a POST of status=done and a note, which comes back to next). Named routes only: this module imports no capability.
CLOSE_ROUTES = {"events.followup": "events:followup_status"}


def _close_url(item: todo.ToDo) -> str:
    prefix, _sep, pk = item.key.partition(":")
    route = CLOSE_ROUTES.get(prefix)
    if not route or not pk.isdigit():
        return ""
    try:
        return reverse(route, args=[int(pk)])
    except NoReverseMatch:
        return ""


def groups(items: list[todo.ToDo], today) -> list[dict]:
    """The list in three parts (and the undated ones), each item with how it can be closed."""
    week_end = today + timedelta(days=6 - today.weekday())  # this week runs to Sunday
    parts = {"overdue": [], "week": [], "later": []}
    for item in items:
        if item.overdue(today):
            part = "overdue"
        elif item.due is not None and item.due <= week_end:
            part = "week"
        else:
            part = "later"
        parts[part].append({"item": item, "close_url": _close_url(item)})
    titles = {"overdue": _("期限切れ"), "week": _("今週まで"), "later": _("来週以降・期限なし")}
    return [{"key": key, "title": titles[key], "entries": entries} for key, entries in parts.items()]


def summary(user) -> dict:
    """For the home page: how many things wait, and how many of them are overdue."""
    today = timezone.localdate()
    items = todo.items_for(user, today + timedelta(days=HORIZON_DAYS))
    return {"count": len(items), "overdue": sum(1 for item in items if item.overdue(today)),
            "week": sum(1 for item in items if item.due is not None
                        and today <= item.due <= today + timedelta(days=6 - today.weekday()))}


@login_required
def todo_list(request):
    # Staff only: a resident's or a group leader's account has no memberships and no to-do here.
    if not policy.active_memberships(request.user):
        raise Http404
    today = timezone.localdate()
    items = todo.items_for(request.user, today + timedelta(days=HORIZON_DAYS))
    # Just marked done from here: a way back (the capability's view left where to post and what).
    undo = request.session.pop("todo_undo", None)
    return render(request, "home/todo.html", {
        "undo": undo if isinstance(undo, dict) else None, "groups": groups(items, today), "count": len(items), "today": today,
        "overdue": sum(1 for item in items if item.overdue(today)),
    })
