"""{% event_minutes_summary event user as s %}: the minutes and follow-ups at a glance, for the
event's own page (templates/events/minutes/_on_event.html), without touching its view."""

from __future__ import annotations

from django import template
from django.utils import timezone

from tsunagu.events.models import FollowUp, FollowUpStatus, Minutes, Review

register = template.Library()


@register.simple_tag
def event_minutes_summary(event, user) -> dict:
    today = timezone.localdate()
    followups = list(FollowUp.objects.filter(event=event).select_related("owner", "organisation", "agenda_item"))
    by_status = {value: sum(1 for f in followups if f.status == value) for value in FollowUpStatus.values}
    written = Minutes.objects.filter(event=event).exclude(notes="", decisions="").count()
    return {
        "followups": followups, "total": len(followups), "today": today,
        "done": by_status[FollowUpStatus.DONE], "doing": by_status[FollowUpStatus.DOING],
        "todo": by_status[FollowUpStatus.TODO], "overdue": sum(1 for f in followups if f.overdue(today)),
        "written": written, "review": Review.objects.filter(event=event).exclude(worked="", voices="", next_time="").exists(),
    }
