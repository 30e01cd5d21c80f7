"""個別の許可 in a real Chromium: a 1層Co gives a 2層Co a (stand-in) sensitive action over one
district from the person's page, sees it listed as 有効, and takes it back. Screenshot to
var/screenshots/grants-person-page.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.people import sensitive
from tsunagu.people import policy
from tsunagu.people.models import Grant, User

pytestmark = [pytest.mark.browser]


def test_a_1so_gives_and_takes_back_a_grant_on_the_persons_page(demo, live_server, page, log_in, screenshot,
                                                                 monkeypatch):
    monkeypatch.setitem(policy._DECLARED, sensitive.SENSITIVE.name, sensitive.SENSITIVE)
    person = User.objects.get(username="minosawa-2so")
    district = person.memberships.get().organisation.place.children.order_by("path").first()
    log_in(page, "naka-1so")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    assert page.get_by_text("個別の許可はありません。").is_visible()

    form = page.locator("form", has=page.get_by_role("button", name="許可する"))
    form.get_by_label("許可する操作").select_option(sensitive.SENSITIVE.name)
    form.get_by_label("場所（この場所とその下すべて）").select_option(str(district.pk))
    form.get_by_label("理由").fill("見守り会議の準備のため")
    form.get_by_label("終了日（この日まで有効）").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    form.get_by_role("button", name="許可する").click()
    page.wait_for_load_state()

    assert page.get_by_text("個別の許可を付与しました。").is_visible()
    row = page.locator("tr", has_text="見守り会議の準備のため").first  # the second is in 変更の記録
    assert district.name in row.inner_text() and "有効" in row.inner_text()
    screenshot(page, "grants-person-page")

    row.get_by_role("button", name="取り消す").click()
    page.wait_for_load_state()
    assert "取り消し済み" in page.locator("tr", has_text="見守り会議の準備のため").first.inner_text()
    grant = Grant.objects.get(user=person)
    assert grant.revoked_by.username == "naka-1so"
