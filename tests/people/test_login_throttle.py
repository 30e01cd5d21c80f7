"""Issue 11: a lock by account name alone let anyone lock any account, and let one address try a
password on every account unnoticed. An account is locked for the address that failed, and an
address failing across many accounts is throttled (tsunagu/people/lockout.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tsunagu.people.models import User

WRONG = "wrong-password-xyz-1"
ATTACKER, OFFICE, OTHER = "203.0.113.7", "198.51.100.20", "192.0.2.55"


def login(username: str, password: str, address: str, client: Client | None = None, **headers):
    client = client or Client()
    response = client.post(reverse("login"), {"username": username, "password": password},
                           REMOTE_ADDR=address, **headers)
    return client, response


def logged_in(client: Client, user: User) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("naka-chiku", WRONG, ATTACKER)
    _client, refused = login("naka-chiku", PASSWORD, ATTACKER)
    assert refused.status_code == 429
    client, response = login("naka-chiku", PASSWORD, OFFICE)
    assert response.status_code == 302 and logged_in(client, world.naka_chiku)


def test_an_address_spraying_one_password_across_accounts_is_throttled(world, settings):
    settings.TSUNAGU_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    accounts = list(User.objects.exclude(username="naka-1so").order_by("username").values_list("username", flat=True))
    assert len(accounts) >= 8
    for username in accounts[:7]:
        _client, response = login(username, "Spring2026!", ATTACKER)
        assert response.status_code == 200  # each account once: no account near its own limit
    # The eighth failure from that address locks the address …
    assert login(accounts[7], "Spring2026!", ATTACKER)[1].status_code == 429
    # … against every account, even with its right password …
    client, refused = login("naka-1so", PASSWORD, ATTACKER)
    assert refused.status_code == 429 and not logged_in(client, world.naka_1so)
    page = refused.content.decode()
    assert "この接続元" in page and "どのアカウントでも" in page
    # … while the same account from another address logs in.
    client, response = login("naka-1so", PASSWORD, OFFICE)
    assert response.status_code == 302 and logged_in(client, world.naka_1so)


def test_an_office_behind_one_address_survives_a_few_peoples_mistakes(world):
    # Three people in one office each mistype twice: below the address's limit, and each
    # account below its own; all three then log in.
    people = ["naka-1so", "naka-ward", "naka-chiku"]
    for username in people:
        for _ in range(2):
            login(username, WRONG, OFFICE)
    for username in people:
        client, response = login(username, PASSWORD, OFFICE)
        assert response.status_code == 302, username


def test_the_lockout_page_says_what_happened_and_when_to_try_again(world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login("naka-chiku", WRONG, ATTACKER)
    before = timezone.localtime()
    _client, response = login("naka-chiku", WRONG, ATTACKER)
    after = timezone.localtime()
    assert response.status_code == 429
    page = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "パスワードを続けて間違えたため" in page and "この接続元からこのアカウント" in page
    assert f"{minutes}分後" in page
    assert any(f"{(moment + timedelta(minutes=minutes)):%H:%M}ごろ" in page for moment in (before, after))
    assert "どのアカウントでも" not in page


def test_a_forged_forwarded_for_header_does_not_change_the_address_without_a_proxy(world, settings):
    settings.TSUNAGU_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        login("naka-chiku", WRONG, ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    _client, refused = login("naka-chiku", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert refused.status_code == 429


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(world, settings):
    settings.TSUNAGU_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    # The attacker writes addresses of their own into the header; nginx appends the real one.
    for n in range(settings.AXES_FAILURE_LIMIT):
        login("naka-chiku", WRONG, proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {ATTACKER}")
    _client, refused = login("naka-chiku", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    assert refused.status_code == 429
    # Everyone comes in from the proxy's address, but another client is another address.
    client, response = login("naka-chiku", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OTHER)
    assert response.status_code == 302 and logged_in(client, world.naka_chiku)


@pytest.mark.parametrize(("count", "header", "expected"), [
    (0, "10.0.0.1", "127.0.0.1"), (1, "10.0.0.1", "10.0.0.1"), (1, "6.6.6.6, 10.0.0.1", "10.0.0.1"),
    (2, "6.6.6.6, 10.0.0.1, 172.16.0.2", "10.0.0.1"), (1, "", "127.0.0.1"), (1, "not-an-address", "127.0.0.1"),
])
def test_client_address(rf, settings, count, header, expected):
    from tsunagu.lib.clients import client_address

    settings.TSUNAGU_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected
