"""助成金の締切 on "my to-do" (lib/todo.py): an application still to send by its deadline, a report
still to file by its deadline. Registered as the source ``directory.subsidy_deadlines``.

Whose list: the grant's named 担当 (Subsidy.responsible); if none, the listing's 担当職員; if
neither is named, everyone who may edit the listing except those whose reach is the whole city
(the city's administrators do not file a ward group's reports; a deadline on all their lists
would bury the rest). Always only where the person may still edit the listing: someone who moved
to another ward no longer sees the old ward's deadlines, and the 1層Co or 2層Co who may edit it
still does (the "nobody named" rule)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.directory import access
from tsunagu.directory.models import Listing, Subsidy
from tsunagu.lib.todo import ToDo
from tsunagu.people import policy


def _reaches_whole_city(user) -> bool:
    return any(prefix.count("/") <= 2 for prefix in policy.prefixes(user, access.EDIT))


def subsidy_deadlines(user, until: date) -> list[ToDo]:
    if not policy.can_anywhere(user, access.EDIT):
        return []
    subsidies = Subsidy.objects.filter(listing__in=Listing.objects.changeable_by(user)).open_deadlines(until)
    if _reaches_whole_city(user):
        subsidies = subsidies.filter(responsible=user)
    else:
        subsidies = subsidies.owned_by(user)
    items = []
    for subsidy in subsidies.select_related("listing").order_by("pk"):
        url = reverse("directory:subsidy_edit", args=[subsidy.listing_id, subsidy.pk])
        if subsidy.state == Subsidy.State.PLANNED:
            title, due, key = _("助成金の申請：%(name)s") % {"name": subsidy.name}, subsidy.application_deadline, "apply"
        else:
            title, due, key = _("助成金の報告：%(name)s") % {"name": subsidy.name}, subsidy.report_deadline, "report"
        items.append(ToDo(kind=_("助成金の締切"), title=title, due=due, url=url, context=subsidy.listing.name,
                          key=f"directory.subsidy:{subsidy.pk}:{key}"))
    return items
