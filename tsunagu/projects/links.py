"""What a project links to, kind by kind: memos, listings and events today; surveys join by
adding a ManyToManyField on Project and one LinkKind here (the form, the detail page, the service
and the export all read LINK_KINDS).

Each kind says which of the linked objects a person may see (the kind's own visible_to), which it
offers for ticking (those near the project's place), and how one is named and found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tsunagu.directory.models import Listing
from tsunagu.events.models import Event
from tsunagu.memos.models import Memo
from tsunagu.places.models import Kind


@dataclass(frozen=True)
class LinkKind:
    field: str  # the ManyToManyField on Project
    label: str
    visible: Callable[[object], QuerySet]  # user → what they may see of this kind
    near: Callable[[QuerySet, object], QuerySet]  # (visible, place) → what to offer for the project's place
    url: Callable[[object], str]
    name: Callable[[object], str] = str
    limit: int = 60  # the choices offered on a phone: the newest, the linked ones always

    def linked(self, project, user) -> QuerySet:
        return getattr(project, self.field).filter(pk__in=self.visible(user).values("pk"))


def area_of(place):
    """Where to look for things to link: the CP area around a district or association (a memo about
    久良岐丘 may be filed at 屛風ヶ浦's CP area), else the place itself."""
    if place.kind in (Kind.DISTRICT, Kind.ASSOCIATION):
        return place.ancestor_of_kind(Kind.CP_AREA) or place
    return place


LINK_KINDS: list[LinkKind] = [
    LinkKind(
        field="memos", label=_("取組メモ"),
        visible=lambda user: Memo.objects.live().visible_to(user),
        near=lambda qs, place: qs.under(area_of(place)).order_by("-date", "-pk"),
        url=lambda memo: reverse("memos:detail", args=[memo.pk]),
        name=lambda memo: f"{memo.date:%Y-%m-%d} {memo.title}",
    ),
    LinkKind(
        field="listings", label=_("地域資源"),
        visible=lambda user: Listing.objects.visible_to(user),
        near=lambda qs, place: qs.under(area_of(place)).order_by("name"),
        url=lambda listing: reverse("directory:detail", args=[listing.pk]),
    ),
    LinkKind(
        field="events", label=_("催し"),
        visible=lambda user: Event.objects.visible_to(user),
        near=lambda qs, place: qs.under(area_of(place)).order_by("-starts_on", "-pk"),
        url=lambda event: event.get_absolute_url(),
        name=lambda event: f"{event.starts_on:%Y-%m-%d} {event.title}",
    ),
]
