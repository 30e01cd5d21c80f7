"""Fixtures for the browser tests: one Chromium for the session (Debian's, driven by
Playwright's sync API; one per xdist worker), a fresh Japanese browser context per test, and
helpers to log in through the real form and to save screenshots under var/screenshots/."""

from __future__ import annotations

import os
import re
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the live server's database calls
# from the test would otherwise be refused as "async unsafe". Must be set before Django
# makes its first query, so at import time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    # Session fixtures run before the autouse skip in tests/conftest.py, so check here too.
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the browser tests, but {CHROMIUM} is missing")
        pytest.skip("Chromium not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# What Chromium says when the Content-Security-Policy refuses something: on the console for a
# refused script, handler, style, image or connection; as a page error for a refused eval.
CSP_WORDS = re.compile(r"Content Security Policy|Refused to (?:execute|load|apply|evaluate|connect|frame|send)", re.I)


@pytest.fixture(autouse=True)
def csp_violations():
    """Every browser test fails on a Content-Security-Policy violation in any page it opened: the
    maps, htmx and Leaflet must work under the policy, and a refused inline script means some text
    reached a page as HTML (the policy stopped it, the escaping did not)."""
    seen: list[str] = []
    yield seen
    if seen:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(seen), pytrace=False)


def watch_for_csp_violations(context, seen: list[str]) -> None:
    def console(message):
        if CSP_WORDS.search(message.text):
            seen.append(f"console {message.type} on {message.page.url if message.page else '?'}: {message.text}")

    def error(web_error):
        text = str(web_error.error)
        if CSP_WORDS.search(text):
            seen.append(f"page error on {web_error.page.url if web_error.page else '?'}: {text}")

    context.on("console", console)
    context.on("weberror", error)


@pytest.fixture
def new_page(browser, csp_violations):
    """new_page(viewport=..., scale=...) opens a page in a fresh Japanese context."""
    contexts = []

    def open_page(viewport=DESKTOP, scale: float = 1):
        context = browser.new_context(locale="ja-JP", viewport=viewport, device_scale_factor=scale)
        context.set_default_timeout(15_000)
        watch_for_csp_violations(context, csp_violations)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


HTMX_IDLE = "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"


def wait_until(page, expression: str, arg=None, timeout: float = 15) -> None:
    """Wait until ``expression`` (JavaScript; a function of ``arg`` or an expression) is true on
    the page, asking every 0.1 s.

    Not page.wait_for_function: it polls with eval() inside the page, which our Content-Security-
    Policy (rightly) refuses. Only its first check, made from DevTools, is exempt, so it passed
    when the condition was already true and failed with an EvalError when it had to wait (a run
    of the browser tests without xdist, test_records_phone). page.evaluate is a DevTools call
    every time."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)


@pytest.fixture
def screenshot():
    """screenshot(page, name) saves a full-page PNG as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        # Wait for htmx to finish: Playwright hides the caret for a screenshot by giving each input
        # an inline caret-color, and an htmx swap that settles meanwhile copies the old element's
        # attributes with setAttribute, which the Content-Security-Policy (rightly) refuses: a
        # false CSP report, seen on a loaded CI machine.
        wait_until(page, HTMX_IDLE)
        # A long page on a loaded machine can take more than the 15 s a step is given; the
        # screenshot is for people to look at, its time is not what a test checks.
        page.screenshot(path=str(path), full_page=True, timeout=60_000)
        return path

    return take


@pytest.fixture
def log_in(live_server):
    """log_in(page, username, password=DEMO_PASSWORD) logs in through the form, as a person would."""
    from tsunagu.demo.yokohama import DEMO_PASSWORD

    def submit(page, username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main").get_by_role("button", name="ログイン").click()
        page.wait_for_load_state()

    return submit


@pytest.fixture(autouse=True)
def _seeded_lists(request):
    """Every browser test starts with the lists the migrations seed (tests/conftest.py SEEDED_LISTS):
    the transactional test before it in this worker emptied them with every table."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from tests.conftest import seed_memo_kinds_and_stages

        seed_memo_kinds_and_stages()
