"""Invitations waiting for an answer, for "my to-do" (lib/todo.py)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.lib.todo import ToDo


def unanswered_for(user, until: date):
    from tsunagu.events.models import Event, Participant

    if not getattr(user, "is_authenticated", False):
        return []
    visible = Event.objects.visible_to(user)
    rows = (Participant.objects.unanswered().filter(account=user, event__in=visible.values("pk"))
            .exclude(event__ends_on__lt=date.today())
            .exclude(event__starts_on__gt=until).select_related("event"))
    return [
        ToDo(kind=_("催しの案内"), title=_("出欠を回答: %(title)s") % {"title": p.event.title},
             due=p.event.starts_on, url=reverse("events:answer", args=[p.event_id]),
             context=p.event.title, key=f"events.invitation:{p.pk}")
        for p in rows
    ]
