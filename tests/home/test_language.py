"""Japanese first; English when a person picks it with the switch in the footer."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_pages_are_japanese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "職員ログイン" in html


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Staff login" in html
    assert "職員ログイン" not in html


def test_a_staff_home_reads_in_english(world, client):
    client.force_login(world.minosawa_2so)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "Places" in html and "Organisations" in html
    assert "場所をファイルから取り込む" not in html
