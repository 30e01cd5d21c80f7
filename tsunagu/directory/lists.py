"""A care manager's list (リスト): listings picked from the public search to print for a client
or send as a link.

No login: the list lives in the session (this browser, while the session lasts) as listing ids
in the order the person put them. What is shown is always read again through
Listing.objects.public(): a listing made staff-only, a draft or ended after it was picked
drops out of the page, the PDF and any link sent (SharedList keeps only ids).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.models import Listing, Status

SESSION_KEY = "directory:list"
# The link made for the list as it was (list_views.list_share); forgotten when the list changes.
LINK_KEY = "directory:list-link"
# A client's list is a handful; fifty keeps the printout and the link bounded.
MAX_ITEMS = 50
# Next dates printed for each listing.
NEXT_DATES = 3


def picked(request) -> list[int]:
    ids = request.session.get(SESSION_KEY, [])
    return [pk for pk in ids if isinstance(pk, int)][:MAX_ITEMS]


def _keep(request, ids: list[int]) -> None:
    request.session[SESSION_KEY] = ids[:MAX_ITEMS]
    request.session.pop(LINK_KEY, None)


def add(request, pk: int) -> bool:
    """Put a public listing at the end of the list; False when the list is full."""
    ids = picked(request)
    if pk in ids:
        return True
    if len(ids) >= MAX_ITEMS:
        return False
    _keep(request, [*ids, pk])
    return True


def remove(request, pk: int) -> None:
    _keep(request, [i for i in picked(request) if i != pk])


def move(request, pk: int, step: int) -> None:
    """One place up (step -1) or down (+1)."""
    ids = picked(request)
    if pk not in ids:
        return
    here = ids.index(pk)
    there = min(max(here + step, 0), len(ids) - 1)
    ids[here], ids[there] = ids[there], ids[here]
    _keep(request, ids)


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(LINK_KEY, None)


@dataclass
class Item:
    listing: Listing
    schedule_text: str
    next_dates: list


def items(ids: list[int], *, today=None) -> list[Item]:
    """The listings of a list, in its order, through the public queryset only (never a
    staff-only, draft or ended listing), with what a printout needs."""
    today = today or timezone.localdate()
    found = (Listing.objects.public().filter(pk__in=ids[:MAX_ITEMS])
             .select_related("location", "place", "organisation").prefetch_related("schedules", "categories"))
    by_pk = {listing.pk: listing for listing in found}
    result = []
    for pk in ids:
        listing = by_pk.get(pk)
        if listing is None:
            continue
        schedules = list(listing.schedules.all())
        dates = (schedule_rules.next_dates(schedules, today, count=NEXT_DATES)
                 if listing.status == Status.ACTIVE else [])
        result.append(Item(listing, schedule_rules.describe_all(schedules, listing.schedule_note),
                           [day for day, _schedule in dates]))
    return result
