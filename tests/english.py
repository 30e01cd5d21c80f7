"""A page as someone who picked English in the footer sees it (the records apps' English tests)."""

from __future__ import annotations

from django.conf import settings


def english_page(client, url, params=None) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    return html
