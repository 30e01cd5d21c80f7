"""The events a team's page shows: its meetings (upcoming first, then the last ones held) and the
follow-ups still open from them, registered with tsunagu/teams/sections.py because teams sit below
events in the layers and cannot ask for them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.events.models import Event, FollowUp
from tsunagu.teams import sections

RECENT = 5


def meetings(team, user) -> dict:
    today = timezone.localdate()
    events = Event.objects.visible_to(user).filter(team=team).select_related("kind", "place")
    return {
        "upcoming": list(events.filter(ends_on__gte=today).order_by("starts_on", "pk")[:RECENT]),
        "held": list(events.filter(ends_on__lt=today).order_by("-starts_on", "-pk")[:RECENT]),
        "followups": list(FollowUp.objects.visible_to(user).open().filter(event__team=team)
                          .select_related("event", "owner").order_by("due", "pk")[:20]),
        "today": today,
    }


def connect() -> None:
    sections.register("events", title=_("会議・催しとフォローアップ"), template="events/_team_events.html",
                      context=meetings, order=10)
