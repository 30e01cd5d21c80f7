"""Calendar subscriptions (購読): a person's private address for the ward's events, for calendar
applications that cannot log in (models.CalendarFeed says why only a hash is kept).

One active address per person and ward: making a new one stops the old (a lost phone, an address
pasted where it should not be). What the address serves is decided at each read, as the person
is then: an account switched off, or no longer reading the ward's events, gets nothing (404).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.audit import services as audit
from tsunagu.events.models import CalendarFeed

# A calendar application reads every few minutes to hours; the last read is written at most this
# often (a write per poll would be most of the feature's database work).
READ_MARK_EVERY = timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, user, ward) -> tuple[CalendarFeed, str]:
    """A new address (returned once, as the token) for ``ward``; the person's earlier one stops."""
    now = timezone.now()
    CalendarFeed.objects.active().filter(user=user, ward=ward).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, ward=ward, token_hash=_hash(token), hint=token[-4:])
    audit.record(actor=user, action="calendar_feed.create", target=feed, place=ward, changes={})
    return feed, token


@transaction.atomic
def feed_revoke(*, user, feed: CalendarFeed) -> None:
    if feed.user_id != user.pk:
        raise PermissionError
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="calendar_feed.revoke", target=feed, place=feed.ward, changes={})


def feed_for(token: str) -> CalendarFeed | None:
    """The active feed of this address whose person may still read its ward's events, else None."""
    if not token or len(token) > 100:
        return None
    feed = (CalendarFeed.objects.active().select_related("user", "ward")
            .filter(token_hash=_hash(token), user__is_active=True).first())
    return feed if feed is not None and feed.ward_id in {w.pk for w in calendar_wards(feed.user)} else None


def calendar_wards(user) -> list:
    """The wards whose calendar this person reads (the calendar page's choice of wards)."""
    from tsunagu.events.forms import CalendarForm

    return CalendarForm(user=user).wards


def mark_read(feed: CalendarFeed) -> None:
    now = timezone.now()
    if feed.last_read_at is None or now - feed.last_read_at >= READ_MARK_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
