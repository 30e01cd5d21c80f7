"""A listing with few fields filled still looks finished: no empty heading or label on its public
page, its staff page or in the booklet; one message about its freshness; and, without a phone of
its own, the care plaza of its area as the number to call, said as such (issue 12, item 5)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.directory import booklet, contacts
from tsunagu.directory.models import Listing, Visibility

PUBLIC = "https://tsunagu.example.jp"
CP_PHONE = "045-000-5555"
COUNCIL_PHONE = "045-000-7777"


def text_of(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment).strip()


def empty_labels(html: str) -> list[str]:
    """Every label (dt, heading) whose text is empty or whose dd is empty: what looks unfinished."""
    found = []
    for tag in ("dt", "dd", "h1", "h2", "h3", "h4"):
        for match in re.finditer(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S):
            if not text_of(match.group(1)):
                found.append(match.group(0))
    return found


@pytest.fixture
def thin(world):
    """Only a name and a place: what an import of a short list leaves."""
    world.minosawa_cp.phone = CP_PHONE
    world.minosawa_cp.save()
    world.naka_council.phone = COUNCIL_PHONE
    world.naka_council.save()
    return Listing.objects.create(name="ひだまりの会", place=world.d6, visibility=Visibility.PUBLIC)


def test_a_thin_listings_public_page_has_no_empty_label_and_names_the_care_plaza_to_call(client, world, thin):
    html = client.get(reverse("public:listing", args=[thin.pk])).content.decode()
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert empty_labels(main) == []
    assert "この活動の電話番号は載っていません" in main and "簑沢地域ケアプラザ" in main
    assert f'href="tel:{CP_PHONE}"' in main
    # One message about freshness, not two.
    assert len(re.findall(r'class="[^"]*freshness-note', main)) == 1
    assert "まだ確認されていません" in main


def test_one_freshness_message_for_a_stale_listing_and_a_quiet_one_for_a_fresh_one(client, world, thin):
    Listing.objects.filter(pk=thin.pk).update(confirmed_at=timezone.now() - timedelta(days=400))
    html = client.get(reverse("public:listing", args=[thin.pk])).content.decode()
    assert len(re.findall(r'class="[^"]*freshness-note', html)) == 1 and "1年以上たっています" in html
    Listing.objects.filter(pk=thin.pk).update(confirmed_at=timezone.now() - timedelta(days=10))
    html = client.get(reverse("public:listing", args=[thin.pk])).content.decode()
    assert len(re.findall(r'class="[^"]*freshness-note', html)) == 1 and "に確認しました" in html
    assert "1年以上" not in html


def test_a_listing_with_its_own_phone_needs_no_stand_in(client, world, thin):
    Listing.objects.filter(pk=thin.pk).update(public_phone="045-111-2222", organiser_name="ひだまりの会")
    html = client.get(reverse("public:listing", args=[thin.pk])).content.decode()
    assert "045-111-2222" in html and CP_PHONE not in html and "この活動の電話番号は載っていません" not in html


def test_without_a_care_plaza_phone_the_ward_council_stands_in_and_with_nobody_no_row(client, world, thin):
    world.minosawa_cp.phone = ""
    world.minosawa_cp.save()
    assert contacts.stand_in(thin).phone == COUNCIL_PHONE
    world.naka_council.phone = ""
    world.naka_council.save()
    assert contacts.stand_in(thin) is None
    html = client.get(reverse("public:listing", args=[thin.pk])).content.decode()
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert "問い合わせ</dt>" not in main and empty_labels(main) == []


def test_the_nearest_care_plaza_stands_in_not_another_areas(world, thin):
    world.honmoku_cp.phone = "045-000-9999"
    world.honmoku_cp.save()
    other = Listing.objects.create(name="本牧の会", place=world.d7, visibility=Visibility.PUBLIC)
    stand_ins = contacts.StandIns()
    assert stand_ins.for_listing(thin).phone == CP_PHONE
    assert stand_ins.for_listing(other).phone == "045-000-9999"


def test_a_thin_listings_staff_page_has_no_empty_label(world, as_user, thin):
    html = as_user(world.naka_1so).get(reverse("directory:detail", args=[thin.pk])).content.decode()
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert empty_labels(main) == []
    assert "未入力" in main and CP_PHONE in main
    assert main.count("まだ確認されていません") == 1 and "1年以上確認していません" not in main


def test_a_thin_entry_in_the_booklet_prints_no_empty_label_and_the_care_plaza(world, thin, settings):
    settings.TSUNAGU_PUBLIC_URL = PUBLIC
    context = booklet.booklet_context(place=world.naka, base_url=PUBLIC)
    html, _css = booklet._document(context, mode="single", front=True, back=True, blocks=context["blocks"])
    entry = re.search(rf'<article class="entry" id="e{thin.pk}".*?</article>', html, re.S).group(0)
    assert empty_labels(entry) == []
    # No categories: the marks line carries only the district, and is not there at all without one.
    assert text_of(re.search(r'<p class="entry-marks">(.*?)</p>', entry, re.S).group(1)) == "第6地区"
    ward_level = Listing.objects.create(name="区全体の会", place=world.naka, visibility=Visibility.PUBLIC)
    context = booklet.booklet_context(place=world.naka, base_url=PUBLIC)
    html, _css = booklet._document(context, mode="single", front=True, back=True, blocks=context["blocks"])
    assert 'class="entry-marks"' not in re.search(rf'<article class="entry" id="e{ward_level.pk}".*?</article>', html,
                                                  re.S).group(0)
    for fact in re.findall(r'<p class="fact">(.*?)</p>', entry, re.S):
        label = re.match(r"\s*<b[^>]*>([^<]*)</b>", fact)
        assert label and text_of(fact[label.end():]), fact  # every label has its text
    assert "電話は地域の窓口へ：簑沢地域ケアプラザ" in entry and f"TEL {CP_PHONE}" in entry
    assert "日時" not in text_of(entry) and "会場" not in text_of(entry)
