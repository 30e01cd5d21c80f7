"""The booklet's own title, its 50音 name index, the issuing office's phone on the back cover and
large print for residents by default (issue 12, item 5)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.directory.conftest import make_listing
from tests.directory.test_booklet import PUBLIC, make, page_texts, pdf_of
from tsunagu.audit.models import AuditEntry
from tsunagu.directory import booklet, gojuon
from tsunagu.places.models import Place


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.TSUNAGU_PUBLIC_URL = PUBLIC


def test_readings_fall_into_rows_in_dictionary_order():
    names = [("わかば会", "わかばかい"), ("あおぞらサロン", "あおぞらさろん"), ("がんばろう会", "がんばろうかい"),
             ("かがやき体操", "かがやきたいそう"), ("ゆうやけ食堂", "ユウヤケショクドウ"), ("ABC体操", ""),
             ("いきいき体操", ""), ("体操クラブ", ""), ("ぽかぽか", "")]
    rows = gojuon.rows(names, lambda item: gojuon.reading(*item))
    assert [(row, [(letter, [n for n, _k in items]) for letter, items in letters]) for row, letters in rows] == [
        ("あ行", [("あ", ["あおぞらサロン"]), ("い", ["いきいき体操"])]),
        # Voiced letters sort with their plain ones: かがやき before がんばろう (カカ… < カン…).
        ("か行", [("か", ["かがやき体操", "がんばろう会"])]),
        # Without フリガナ, kanji are read for the order: 体操 → タイソウ.
        ("た行", [("た", ["体操クラブ"])]),
        ("は行", [("ほ", ["ぽかぽか"])]),
        ("や行", [("ゆ", ["ゆうやけ食堂"])]),
        ("わ行", [("わ", ["わかば会"])]),
        ("英数字など", [("", ["ABC体操"])]),
    ]


def test_the_name_index_lists_every_entry_in_50on_order_with_its_page(world, listings, as_user):
    make_listing(world.d6, "わかば会", kana="わかばかい", categories=["salon"])
    make_listing(world.d6, "かがやき体操", kana="かがやきたいそう", categories=["taiso"])
    make_listing(world.d6, "体操クラブ", categories=["taiso"])  # no フリガナ
    pages = page_texts(pdf_of(make(as_user(world.naka_1so), world.naka)))
    start = next(i for i, page in enumerate(pages) if "名前のさくいん（50音順）" in page)
    index = "".join(pages[start:]).replace("\n", "")
    index = index[:index.index("地区・町丁目別さくいん")]
    found = re.findall(r"([^、（）\s]+?)（(\d+)）", index)
    # あ行 いきいき体操, か行 かがやき体操, た行 体操クラブ, ま行 簑沢ふれあいサロン, わ行 わかば会.
    assert [re.sub(r"^.*行[あかさたなはまやらわいみ]?", "", name) for name, _page in found] == [
        "いきいき体操", "かがやき体操", "体操クラブ", "簑沢ふれあいサロン", "わかば会"]
    for name, number in found:
        assert re.sub(r"^.*行[あかさたなはまやらわいみ]?", "", name) in pages[int(number) - 1]
    assert index.index("あ行") < index.index("か行") < index.index("た行") < index.index("わ行")
    # The contents send the reader to the indexes.
    assert re.search(r"さくいん（名前の50音順・地区と町丁目別）\D*" + str(start + 1), pages[2].replace("\n", " "))


def test_the_wards_own_title_goes_on_the_cover_and_is_kept_for_next_time(world, listings, as_user):
    client = as_user(world.naka_1so)
    data = pdf_of(make(client, world.naka, title="なかまるシニアプラス", remember_title="on",
                       issuer="中区社会福祉協議会", issuer_phone="045-681-6664"))
    pages = page_texts(data)
    assert "なかまるシニアプラス" in pages[0] and "中区" in pages[0]
    # The issuing office and its phone on the back cover.
    assert "中区社会福祉協議会" in pages[-1] and "045-681-6664" in pages[-1]
    world.naka.refresh_from_db()
    assert world.naka.booklet_title == "なかまるシニアプラス"
    assert AuditEntry.objects.filter(action="place.update", place_path=world.naka.path).exists()
    # Next time, and for a CP area in the ward, the form and the cover use it.
    form = client.get(reverse("directory:booklet"), {"place": world.minosawa.pk}).context["form"]
    assert form.initial["title"] == "なかまるシニアプラス"
    assert booklet.booklet_title(world.minosawa) == "なかまるシニアプラス"
    assert "なかまるシニアプラス" in page_texts(pdf_of(make(client, world.minosawa)))[0]


def test_only_those_who_edit_the_areas_listings_may_name_its_booklet(world, listings, as_user):
    response = as_user(world.naka_cm).post(reverse("directory:booklet"), {
        "place": world.naka.pk, "title": "勝手な名前", "remember_title": "on"})
    assert response.status_code == 200 and "登録できるのは" in response.content.decode()
    assert Place.objects.get(pk=world.naka.pk).booklet_title == ""


def test_the_title_can_be_set_on_the_places_edit_screen_too(world, as_user):
    client = as_user(world.admin)
    form = client.get(reverse("places:edit", args=[world.naka.pk])).context["form"]
    assert "booklet_title" in form.fields
    district_form = client.get(reverse("places:edit", args=[world.d6.pk])).context["form"]
    assert "booklet_title" not in district_form.fields


def test_the_residents_edition_is_large_print_by_default_with_the_offices_phone(world, listings, as_user):
    world.naka_council.phone = "045-681-6664"
    world.naka_council.save()
    response = as_user(world.naka_1so).get(reverse("directory:booklet"))
    html = response.content.decode()
    assert re.search(r'<input type="checkbox" name="large"[^>]*checked', html)
    assert response.context["form"].initial["issuer_phone"] == "045-681-6664"
