"""Writes of the liaison app: recording a liaison meeting and taking a mistaken one out.
Keyword-only, atomic and audited, as the other records apps' services are."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.liaison.models import LiaisonMeeting, can_keep_meetings
from tsunagu.places.models import Kind, Place

AUDIT_LABELS = {
    "liaison_meeting.create": gettext_lazy("連絡会を記録"),
    "liaison_meeting.delete": gettext_lazy("連絡会の記録を削除"),
}


@transaction.atomic
def meeting_create(*, user, ward: Place, date: date, title: str, note: str = "") -> LiaisonMeeting:
    if ward.kind != Kind.WARD or not can_keep_meetings(user, ward):
        raise PermissionDenied
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("会の名前を書いてください。"))
    if LiaisonMeeting.objects.filter(ward=ward, date=date, title=title).exists():
        raise ValidationError(_("%(date)sの「%(title)s」はもう記録されています。") % {
            "date": f"{date:%Y-%m-%d}", "title": title})
    meeting = LiaisonMeeting.objects.create(ward=ward, date=date, title=title, note=(note or "").strip(),
                                            created_by=user if getattr(user, "pk", None) else None)
    audit.record(actor=user, action="liaison_meeting.create", target=meeting, place=ward,
                 changes={"開催日": [None, f"{date:%Y-%m-%d}"], "会の名前": [None, title]})
    return meeting


@transaction.atomic
def meeting_delete(*, user, meeting: LiaisonMeeting) -> None:
    if not can_keep_meetings(user, meeting.ward):
        raise PermissionDenied
    audit.record(actor=user, action="liaison_meeting.delete", target=meeting, place=meeting.ward,
                 changes={"開催日": [f"{meeting.date:%Y-%m-%d}", None], "会の名前": [meeting.title, None]})
    meeting.delete()
