"""Forms that edit part of a relation keep what they do not show (issue 12, item 8).

A check box list offers a few of the possible links (a memo's organisations: those of its CP
area), but the record may already hold others (the ward office, a taxi company registered for the
whole ward). A save sets the relation to what was ticked, so a link that was never on the screen
disappeared with any save, even one of 次の一手 alone. Two rules close that:

- offer(): the choices always include what the record already links to and what was just ticked
  (as far as the person may see them), so a link is only ever removed by unticking it;
- keep_unseen(): links the person may not see at all (another ward's group, a listing made
  private since) are kept by the service whatever was posted; the form lists how many there are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet


def _pks(values: Iterable) -> set[int]:
    pks = set()
    for value in values or ():
        pk = value.pk if isinstance(value, Model) else value
        try:
            pks.add(int(pk))
        except (TypeError, ValueError):
            continue
    return pks


def offer(visible: QuerySet, choices: Q, *, linked: Iterable = (), chosen: Iterable = ()) -> QuerySet:
    """visible narrowed to choices, plus the linked and chosen ones among visible."""
    keep = _pks(linked) | _pks(chosen)
    return visible.filter(choices | Q(pk__in=keep)) if keep else visible.filter(choices)


def keep_unseen(chosen: Iterable, existing: QuerySet, visible: QuerySet) -> list:
    """What to store: the chosen objects and the existing links the person cannot see."""
    unseen = list(existing.exclude(pk__in=visible.values("pk")))
    chosen = list(chosen)
    seen = {o.pk for o in chosen}
    return chosen + [o for o in unseen if o.pk not in seen]


def unseen_count(existing: QuerySet, visible: QuerySet) -> int:
    return existing.exclude(pk__in=visible.values("pk")).count()
