"""The Content-Security-Policy (issue 11): on every kind of response, with nothing that lets an
injected script run; and no template that a browser shows carries inline script or style, so
that a new one fails here before it fails in a browser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tsunagu.directory.models import Visibility

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered to PDF by WeasyPrint on the server, never shown by a browser: a CSP means nothing there.
PDF_ONLY = ("directory/booklet/", "directory/letters/", "liaison/pack_pdf.html")


def directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"{response.status_code} {response.get('Content-Type')} without a Content-Security-Policy"
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_strict(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    for name, sources in policy.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    tiles = urlsplit(settings.TSUNAGU_TILE_URL)
    assert policy["img-src"] == ["'self'", "data:", f"{tiles.scheme}://{tiles.netloc}"]


@pytest.fixture
def one_listing(world):
    from tests.directory.conftest import make_listing

    return make_listing(world.d6, "いきいき体操", kana="いきいきたいそう", visibility=Visibility.PUBLIC)


@pytest.mark.parametrize("path", [
    "/",  # the public search
    "/about/",
    "/resources/{pk}/",  # a listing's public page, with its map
    "/accounts/login/",
    "/no-such-page/",  # the site's 404
    "/home/",  # a redirect to the login form
    "/api/hsds/services",  # the open-data API's JSON
    "/api/hsds/no-such-thing",  # its JSON 404
    "/django-admin/login/",
])
def test_every_kind_of_response_carries_the_policy(client, one_listing, path):
    response = client.get(path.format(pk=one_listing.pk))
    assert response.status_code in (200, 302, 404)
    assert_strict(response)


def test_staff_pages_and_a_file_download_carry_the_policy(as_user, world, one_listing):
    client = as_user(world.admin)
    for path in ("/home/", f"/directory/{one_listing.pk}/", f"/directory/{one_listing.pk}/edit/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
    download = client.get("/places/export/?format=csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert_strict(download)


def test_a_pdf_may_be_shown_by_chromes_viewer_and_still_runs_no_script(rf):
    from django.http import HttpResponse

    from tsunagu.lib.csp import CSPMiddleware

    pdf = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    response = CSPMiddleware(lambda request: pdf)(rf.get("/plans/1/pdf/"))
    policy = directives(response)
    assert policy["object-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Only PDFs: a page keeps the strict policy.
    page = CSPMiddleware(lambda request: HttpResponse("<p>", content_type="text/html"))(rf.get("/"))
    assert_strict(page)


def test_the_tile_servers_origin_is_allowed_for_images():
    from tsunagu.settings import _origin

    assert _origin("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png") == "https://cyberjapandata.gsi.go.jp"
    assert _origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert _origin("") is None
    assert _origin("/tiles/{z}/{x}/{y}.png") is None


# --- Templates ------------------------------------------------------------------------------


def browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not name.startswith(PDF_ONLY):
            yield name, path.read_text(encoding="utf-8")


def offences(text: str) -> list[str]:
    found = []
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script\s*>", text, re.S | re.I):
        if "src=" not in attrs or body.strip():
            found.append(f"inline script: <script{attrs}>{body[:40]}")
    found += [f"event handler attribute: {m}" for m in re.findall(r"(?<![\w-])on[a-z]+\s*=", text, re.I)]
    found += [f"htmx script: {m}" for m in re.findall(r"\b(?:data-)?hx-(?:on|vars)\b[^=\s]*\s*=", text, re.I)]
    found += [f"script URL: {m}" for m in re.findall(r"(?:javascript|vbscript)\s*:", text, re.I)]
    found += [f"js: value: {m}" for m in re.findall(r"""hx-vals\s*=\s*["']\s*(?:js|javascript):""", text, re.I)]
    found += [f"inline style element: {m}" for m in re.findall(r"<style\b", text, re.I)]
    found += [f"style attribute: {m}" for m in re.findall(r"(?<![\w-])style\s*=\s*[\"']", text, re.I)]
    found += [f"unescaped output: {m}" for m in re.findall(r"\|\s*safe(?:seq)?\b|{%\s*autoescape\s+off", text)]
    return found


def test_no_template_a_browser_shows_has_inline_script_or_style():
    found = {name: hits for name, text in browser_templates() if (hits := offences(text))}
    assert not found, found


def test_no_html_written_in_python_has_inline_script_or_style():
    # Markup written out in Python for speed (result cards, filter fields, the ward's tables) reaches
    # the same pages as the templates do.
    found = {}
    for path in sorted((Path(settings.BASE_DIR) / "tsunagu").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "mark_safe" in text or "format_html" in text:
            hits = [hit for hit in offences(text) if not hit.startswith("unescaped output")]
            if hits:
                found[str(path.relative_to(settings.BASE_DIR))] = hits
    assert not found, found


def test_the_scan_finds_what_it_is_looking_for():
    # Each pattern of offences() on a line it must catch, so that none of them quietly stops matching.
    for bad in ("<script>alert(1)</script>", '<script src="/a.js">alert(1)</script>', "<script>\n</script>",
                '<button onclick="print()">', "<body onload='x()'>", '<a href="javascript:void(0)">',
                '<div hx-on:click="x()">', "<div hx-vars='a:1'>", "<style>p{}</style>",
                '<label style="display:inline">', "{{ x|safe }}", "{% autoescape off %}"):
        assert offences(bad), bad
    for fine in ('<script src="{% static \'js/a.js\' %}"></script>', "{% if on_screen %}", '<a data-print>',
                 '<button data-onclick-label="x">', "hx-vals='{\"memo\": \"1\"}'", "{{ l.url }}"):
        assert not offences(fine), fine


def test_a_pdf_template_may_keep_its_styles_but_no_script():
    # The PDF templates are left out of the style rule only; nothing there should script either.
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(PDF_ONLY):
            text = path.read_text(encoding="utf-8")
            assert "<script" not in text.lower(), name
