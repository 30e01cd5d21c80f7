"""The liaison meeting (生活支援Co連絡会) of a ward: the 1層Co records when it met, so that the ward
view can show what is new since the last one (泉区, 緑区 and 旭区 meet monthly; 西区 shares each
2層Co's memos there)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.liaison import access
from tsunagu.people import policy
from tsunagu.places.models import Kind


def wards_visible_to(user):
    """Wards whose ward view (区の一覧) this user may open: those where they read the records of
    every CP area — the 1層Co, 区役所, district officers and 2層Co of the ward, the city's
    administrators. A CP's own staff read only their area and get none."""
    return policy.places_where(user, access.VIEW).filter(kind=Kind.WARD)


def can_keep_meetings(user, ward) -> bool:
    """The meeting's record is kept by those who write records across the whole ward (the 1層Co,
    who runs the meeting, and the city's administrators)."""
    return ward.kind == Kind.WARD and policy.can_at(user, access.KEEP, ward)


class LiaisonMeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> LiaisonMeetingQuerySet:
        return self.filter(ward__in=wards_visible_to(user).values("pk"))

    def changeable_by(self, user) -> LiaisonMeetingQuerySet:
        return self.filter(ward__in=policy.places_where(user, access.KEEP).filter(kind=Kind.WARD).values("pk"))

    def of_ward(self, ward) -> LiaisonMeetingQuerySet:
        return self.filter(ward=ward)

    def before(self, day: date) -> LiaisonMeetingQuerySet:
        return self.filter(date__lt=day)

    def last_before(self, day: date) -> LiaisonMeeting | None:
        """The most recent meeting held before that day (a meeting today is the one being prepared)."""
        return self.before(day).order_by("-date", "-pk").first()


class LiaisonMeeting(models.Model):
    ward = models.ForeignKey("places.Place", verbose_name=_("区"), on_delete=models.PROTECT,
                             related_name="liaison_meetings")
    date = models.DateField(_("開催日"))
    title = models.CharField(_("会の名前"), max_length=100)
    note = models.TextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LiaisonMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("連絡会")
        verbose_name_plural = _("連絡会")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ward", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"
