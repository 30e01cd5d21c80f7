"""Issue 11: the public 古い情報の報告 form took 30 posts in 2 seconds and mailed staff for each.
Now: a limit per address and per listing (the text typed is kept on the page), a honeypot field
that scripts fill, and one mail per listing a day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tsunagu.directory import public_views
from tsunagu.directory.models import Report

A, B = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def staff_mail(world):
    world.minosawa_2so.email = "minosawa-2so@example.jp"
    world.minosawa_2so.save()
    world.naka_1so.email = "naka-1so@example.jp"
    world.naka_1so.save()
    return world


def post(client, listing, address=A, **fields):
    data = {"kind": "outdated", "message": "先月から会場が変わりました", **fields}
    return client.post(reverse("public:report", args=[listing.pk]), data, REMOTE_ADDR=address)


def test_one_address_posting_thirty_times_gets_five_through(client, listings):
    responses = [post(client, listings.salon if n % 2 else listings.taiso) for n in range(30)]
    assert Report.objects.count() == public_views.REPORTS_PER_ADDRESS
    assert [r.status_code for r in responses[:5]] == [302] * 5
    refused = responses[5]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "いまは受け付けを休んでいます" in page and "1時間ほど" in page
    # Nothing typed is lost: the form comes back open with the text in it.
    assert "先月から会場が変わりました</textarea>" in page and "<details class=\"report no-print\" open>" in page
    # Another address is not held back by that one.
    assert post(client, listings.salon, address=B).status_code == 302


def test_one_listing_takes_a_limited_number_of_reports_an_hour_from_anywhere(client, listings):
    for n in range(public_views.REPORTS_PER_LISTING):
        assert post(client, listings.salon, address=f"10.0.{n // 200}.{n % 200 + 1}").status_code == 302
    assert post(client, listings.salon, address="10.9.9.9").status_code == 429
    assert Report.objects.filter(listing=listings.salon).count() == public_views.REPORTS_PER_LISTING
    # Reports older than the hour no longer count; other listings were never held back.
    assert post(client, listings.taiso, address="10.9.9.8").status_code == 302
    Report.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert post(client, listings.salon, address="10.9.9.7").status_code == 302


def test_a_filled_honeypot_is_thanked_and_dropped(client, listings, staff_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, listings.salon, website="http://spam.example/")
    assert response.status_code == 302
    assert Report.objects.count() == 0 and mail.outbox == []
    assert "ありがとうございます" in client.get(response["Location"]).content.decode()


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(client, listings):
    page = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    start = page.index('<div class="report-extra"')
    field = page[start:page.index("</div>", start)]
    assert 'name="website"' in field and "style=" not in field and 'tabindex="-1"' in field
    css = (Path(settings.BASE_DIR) / "static" / "css" / "tsunagu.css").read_text(encoding="utf-8")
    assert ".report-extra { display: none; }" in css


def test_staff_get_one_mail_per_listing_a_day(client, listings, staff_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, listings.salon, address="10.0.0.1", message="一通目")
        post(client, listings.salon, address="10.0.0.2", message="二通目")
        post(client, listings.salon, address="10.0.0.3", message="三通目")
    assert len(mail.outbox) == 1 and "一通目" in mail.outbox[0].body
    assert "資源のページにまとめて表示" in mail.outbox[0].body
    assert Report.objects.filter(listing=listings.salon).count() == 3  # every one kept for the page
    with django_capture_on_commit_callbacks(execute=True):
        post(client, listings.taiso, address="10.0.0.4", message="体操の件")
    assert len(mail.outbox) == 2 and "体操の件" in mail.outbox[1].body
    # The next day, the first report about the listing is mailed again.
    Report.objects.update(created_at=timezone.now() - timedelta(days=1, hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, listings.salon, address="10.0.0.5", message="翌日の知らせ")
    assert len(mail.outbox) == 3 and "翌日の知らせ" in mail.outbox[2].body


def test_a_report_without_a_kind_keeps_what_was_typed(client, listings):
    response = post(client, listings.salon, kind="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "どのような点か、選んでください" in page and "先月から会場が変わりました</textarea>" in page
    assert Report.objects.count() == 0
