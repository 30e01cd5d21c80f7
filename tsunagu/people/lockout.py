"""Login lockout (django-axes) by account and address, and a throttle by address alone.

Locking by account name alone let anyone lock anyone out by typing wrong passwords for them, and
let one address try a password or two on every account without any one account reaching the
limit (issue 11). Now:
- an account is locked for an address after AXES_FAILURE_LIMIT wrong passwords from it (axes'
  ["username", "ip_address"]): the same account from another address still logs in;
- an address is throttled after TSUNAGU_LOGIN_ADDRESS_FAILURE_LIMIT failures in the cool-off
  time, whichever accounts they were for.
Axes has one failure limit for all its lockout parameters, and a ward office reaches us through
one NAT address, where a limit of five for the whole office would shut everyone out after one
person's bad morning; hence the address's own, higher limit, counted here.
"""

from __future__ import annotations

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return failures
        by_address = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(n=Sum("failures_since_start"))["n"] or 0
        if by_address >= settings.TSUNAGU_LOGIN_ADDRESS_FAILURE_LIMIT:
            request.tsunagu_address_throttled = True
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """The page says which lock it is and when to try again. Every try while locked counts as a
    failure and starts the wait again, so the time is from now."""
    cool_off = get_cool_off(request) or timedelta(minutes=30)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {
        "by_address": getattr(request, "tsunagu_address_throttled", False),
        "minutes": int(cool_off.total_seconds() // 60),
        "until": timezone.localtime() + cool_off,
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
