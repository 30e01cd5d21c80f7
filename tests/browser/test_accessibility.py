"""axe-core (through axe-playwright-python) finds no WCAG 2.1 A/AA violations on the pages
each role uses, on a desktop and at a phone's width."""

from __future__ import annotations

import pytest

from tsunagu.people.models import Organisation, User
from tsunagu.places.models import Place

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def pages_for(username: str) -> list[str]:
    place = Place.objects.get(name="簑沢地域ケアプラザ")
    organisation = Organisation.objects.get(name="簑沢地域ケアプラザ")
    pages = ["/home/", "/places/", f"/places/{place.pk}/", f"/places/{place.parent_id}/",
             f"/places/{place.pk}/new/", "/organisations/", f"/organisations/{organisation.pk}/",
             f"/organisations/{organisation.pk}/edit/", "/places/import/", "/accounts/password/", "/about/"]
    if username == "naka-1so":
        person = User.objects.get(username="minosawa-2so")
        pages += ["/people/", "/people/new/", f"/people/{person.pk}/", "/audit/"]
    return pages


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_public_pages_have_no_accessibility_violations(demo, new_page, live_server, viewport):
    page = new_page(viewport=viewport)
    found = {}
    for path in ["/", "/about/", "/accounts/login/"]:
        page.goto(live_server.url + path)
        found[path] = violations(page)
    assert found == {path: [] for path in found}


@pytest.mark.parametrize("username", ["minosawa-2so", "naka-1so"])
def test_staff_pages_have_no_accessibility_violations(demo, page, live_server, log_in, username):
    log_in(page, username)
    found = {}
    for path in pages_for(username):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found[path] = violations(page)
    assert found == {path: [] for path in found}


def test_the_check_itself_catches_a_violation(page):
    # Guards against a harness that silently checks nothing.
    page.set_content('<html lang="ja"><body><main><img src="x.png"><p style="color:#ccc">薄い文字</p></main></body></html>')
    found = violations(page)
    assert any(v.startswith("image-alt") for v in found)
    assert any(v.startswith("color-contrast") for v in found)
