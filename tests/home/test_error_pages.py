import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_answers_404_in_japanese(client, settings):
    settings.DEBUG = False
    response = client.get("/places/999999/")
    assert response.status_code == 302  # anonymous: to the login first
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


@pytest.mark.django_db
def test_an_out_of_reach_object_looks_the_same_as_a_missing_one(world, as_user):
    client = as_user(world.minosawa_2so)
    out_of_reach = client.get(f"/places/{world.byobugaura.pk}/")
    missing = client.get("/places/999999/")
    assert out_of_reach.status_code == missing.status_code == 404

    def page(response):  # the CSRF token and the page's own address differ on every page
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return re.sub(r'name="next" type="hidden" value="[^"]+"', "", html)

    assert page(out_of_reach) == page(missing)
    assert "屛風ヶ浦" not in page(out_of_reach)


@pytest.mark.django_db
def test_a_stale_form_gets_a_plain_explanation(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.naka_1so)
    response = client.post(f"/places/{world.minosawa.pk}/edit/", {"name": "x"})
    assert response.status_code == 403
    assert "もう一度お試しください" in response.content.decode()
