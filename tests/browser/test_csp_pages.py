"""Pages the other browser tests do not walk, opened under the Content-Security-Policy (issue 11):
the Django admin, the print pages whose styles and buttons moved into static/, and the error
pages. conftest.csp_violations fails the test on any refusal; here each page must also look
styled and its print button must still print."""

from __future__ import annotations

import pytest

from tsunagu.people.models import User
from tsunagu.places.models import Kind, Place

pytestmark = pytest.mark.browser


@pytest.fixture
def records(demo_records):
    # The demo with its records (tests/conftest.py).
    return demo_records


def max_width_in_rem(page) -> float:
    return page.evaluate("""parseFloat(getComputedStyle(document.querySelector('main.wrap')).maxWidth)
                            / parseFloat(getComputedStyle(document.documentElement).fontSize)""")


def assert_print_button_prints(page, name: str):
    # Headless Chromium's print() would wait for a dialog: count the calls instead.
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name=name).click()
    assert page.evaluate("window.__printed") == 1


def test_the_admin_works_under_the_policy(demo, page, live_server):
    User.objects.create_superuser("root", "root@example.jp", "a-long-admin-password-1")
    page.goto(f"{live_server.url}/django-admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-admin-password-1")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    # Styled: the admin's own stylesheet applied (its header is a coloured bar).
    assert page.evaluate("getComputedStyle(document.getElementById('header')).display") != "inline"
    for path in ("/django-admin/people/user/", "/django-admin/people/user/add/",
                 f"/django-admin/people/user/{User.objects.get(username='naka-1so').pk}/change/",
                 "/django-admin/places/place/?q=簑沢"):
        assert page.goto(live_server.url + path).status == 200, path
    # The change form's scripts ran (the user's groups and permissions are two-sided choosers).
    page.goto(f"{live_server.url}/django-admin/people/user/{User.objects.get(username='naka-1so').pk}/change/")
    page.locator(".selector-chooseall").first.wait_for()


def test_print_pages_are_styled_and_their_buttons_print(records, page, new_page, live_server, log_in, screenshot):
    from tsunagu.district_plans.models import DistrictPlan
    from tsunagu.hearings.models import HearingRound

    log_in(page, "naka-1so")
    naka = Place.objects.get(kind=Kind.WARD, name="中区")

    page.goto(f"{live_server.url}/liaison/wards/{naka.pk}/")
    # liaison.css, once an inline <style>: the ward's page is wider than the site's other pages.
    assert max_width_in_rem(page) == 90
    assert_print_button_prints(page, "この画面を印刷する")

    hearing = HearingRound.objects.get(ward=naka)
    page.goto(f"{live_server.url}/hearings/rounds/{hearing.pk}/compare/")
    assert max_width_in_rem(page) == 100
    assert_print_button_prints(page, "印刷する")

    # The demo's district plans are in 青葉区.
    aoba = Place.objects.get(kind=Kind.WARD, name="青葉区")
    plan = DistrictPlan.objects.filter(district__path__startswith=aoba.path).first()
    page = new_page()
    log_in(page, "aoba-1so")
    page.goto(f"{live_server.url}/plans/{plan.pk}/print/")
    # plan-print.css: the heading's green rule.
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).borderBottomStyle") == "solid"
    assert_print_button_prints(page, "印刷する")
    screenshot(page, "csp-plan-print")


def test_the_public_page_prints_and_error_pages_are_styled(demo, page, live_server):
    from tsunagu.directory.models import Listing

    listing = Listing.objects.public().filter(location__latitude__isnull=False).first()
    page.goto(f"{live_server.url}/resources/{listing.pk}/")
    assert_print_button_prints(page, "印刷する")
    assert page.goto(f"{live_server.url}/no-such-page/").status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") != "inline"
