"""Recording a ward's liaison meeting: an event (tsunagu/events) of the kind 連絡会 held at the
ward. The demo and the tests record meetings through here; people do it on the event screens."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.events import services as events
from tsunagu.events.models import Event, EventKind
from tsunagu.liaison.models import can_keep_meetings, meetings_of
from tsunagu.places.models import Kind, Place

# Entries of 操作の記録 written before liaison meetings became events still read in words.
AUDIT_LABELS = {
    "liaison_meeting.create": gettext_lazy("連絡会を記録"),
    "liaison_meeting.delete": gettext_lazy("連絡会の記録を削除"),
}


def meeting_create(*, user, ward: Place, date: date, title: str, note: str = "") -> Event:
    if ward.kind != Kind.WARD or not can_keep_meetings(user, ward):
        raise PermissionDenied
    title = " ".join((title or "").split())
    if title and meetings_of(ward).filter(starts_on=date, title=title).exists():
        raise ValidationError(_("%(date)sの「%(title)s」はもう記録されています。") % {
            "date": f"{date:%Y-%m-%d}", "title": title})
    return events.event_create(user=user, place=ward, kind=EventKind.objects.liaison_kind(), title=title,
                               description=note, sessions=[events.SessionData(date=date)])
