"""Follow-ups on their owners' to-do lists (わたしのやること, tsunagu/lib/todo.py).

A follow-up stays on its owner's list until it is marked 完了, whatever happens to the event:
the owner sees their own follow-ups even where they could not see the event (a CP's staff given
a task at the ward's liaison meeting)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.lib.todo import ToDo


def followups_due(user, until: date) -> list[ToDo]:
    from tsunagu.events.models import FollowUp

    if not getattr(user, "is_authenticated", False):
        return []
    rows = (FollowUp.objects.open().filter(owner=user).due_by(until)
            .select_related("event", "agenda_item").order_by("due", "pk"))
    return [
        ToDo(kind=_("フォローアップ"), title=f.what, due=f.due, url=reverse("events:followup_detail", args=[f.pk]),
             context=f.event.title + (f"（{f.agenda_item.title}）" if f.agenda_item_id else ""),
             key=f"events.followup:{f.pk}")
        for f in rows
    ]


def connect() -> None:
    """Called from EventsConfig.ready(): the follow-ups' to-do source and audit labels."""
    from tsunagu.audit.services import ACTION_LABELS
    from tsunagu.events.minutes_services import AUDIT_ACTIONS
    from tsunagu.lib import todo

    ACTION_LABELS.update(AUDIT_ACTIONS)
    todo.register("events.followups", followups_due)
