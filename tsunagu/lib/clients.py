"""The address a request came from, for the login throttle and the public report form.

Behind the city's reverse proxy every request arrives from the proxy's own address; the client's
is in X-Forwarded-For, which anyone can also write. So the header is believed only as far as
settings.TSUNAGU_PROXY_COUNT says proxies of ours stand in front (docs/deploy.md): each of them
appends the address it saw, so the client is that many entries from the right, and whatever the
client wrote itself lies further left and is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TSUNAGU_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through our proxies (a health check on the machine itself)
    return _address(forwarded[-count]) or remote
