"""Links made of what people typed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def web_url(value) -> str:
    """The address if it is a web address (http or https), else "". A URLField's form refuses
    javascript: and data: addresses, but imports and the admin can still store one, and in an
    href a click would run it."""
    text = str(value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https") else ""
