"""The public search reads how people write: place words in the query become the place filter
(「中区 サロン」), a typo gets 「もしかして」, nothing found offers the CP's phone, and the way back
from a listing returns to the same search (issue 12)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.conftest import place
from tests.directory.conftest import make_listing
from tsunagu.places.models import Kind


def names(response) -> set[str]:
    return {item.name for item in response.context["page"]}


def search(client, **params):
    return client.get(reverse("index"), params)


@pytest.fixture
def towns(world, listings):
    """本牧町 (two 丁目) and 幸浦 in 中区's 本牧 area, and a 桜木町 in each ward."""
    from types import SimpleNamespace

    t = SimpleNamespace()
    t.honmoku_1 = place(Kind.BLOCK, "14104-本牧町一丁目", "本牧町一丁目", world.d7)
    t.honmoku_2 = place(Kind.BLOCK, "14104-本牧町二丁目", "本牧町二丁目", world.d7)
    t.sachiura = place(Kind.BLOCK, "14104-幸浦", "幸浦", world.d7)
    t.sakuragi_naka = place(Kind.BLOCK, "14104-桜木町一丁目", "桜木町一丁目", world.d6)
    t.sakuragi_isogo = place(Kind.BLOCK, "14107-桜木町", "桜木町", world.isogo_d)
    # One listing filed at a 丁目, one filed at the district but meeting in a 丁目, one in 幸浦.
    t.at_block = make_listing(t.honmoku_2, "本牧おしゃべりサロン", kana="ほんもくおしゃべりさろん", categories=["salon"])
    t.venue_in_block = make_listing(world.d7, "みなと体操クラブ", kana="みなとたいそうくらぶ", categories=["taiso"])
    t.venue_in_block.location.block = t.honmoku_1
    t.venue_in_block.location.save()
    t.sachiura_salon = make_listing(t.sachiura, "幸浦ふれあいサロン", kana="さちうらふれあいさろん")
    t.sakuragi_naka_salon = make_listing(t.sakuragi_naka, "桜木サロン中", kana="さくらぎさろんなか")
    t.sakuragi_isogo_salon = make_listing(t.sakuragi_isogo, "桜木サロン磯子", kana="さくらぎさろんいそご")
    return t


def test_a_ward_in_the_query_becomes_the_ward_filter_and_can_be_undone(client, world, towns):
    in_naka = {"簑沢ふれあいサロン", "本牧おしゃべりサロン", "幸浦ふれあいサロン", "桜木サロン中"}
    for typed in ("中区 サロン", "中 サロン", "サロン　中区", "中区サロン", "横浜市中区 さろん", "中区のサロン"):
        response = search(client, q=typed)
        assert names(response) == in_naka, typed
        html = response.content.decode()
        assert "<strong>中区</strong> で絞り込みました" in html, typed
        undo = re.search(r'で絞り込みました — <a href="([^"]+)">外す</a>', html).group(1)
        assert parse_qs(urlsplit(undo.replace("&amp;", "&")).query)["q"] in (["サロン"], ["さろん"]), typed
    # Undone: サロン everywhere (the 磯子区 one too), and no notice.
    response = search(client, q="サロン")
    assert "桜木サロン磯子" in names(response) and "で絞り込みました" not in response.content.decode()
    assert names(search(client, q="磯子区 移動販売")) == {"久良岐丘移動販売"}
    assert names(search(client, q="中区 移動販売")) == set()


def test_a_cp_name_in_the_query_becomes_the_area_filter(client, world, towns):
    for typed in ("簑沢地域ケアプラザ 体操", "簑沢ケアプラザ 体操", "簑沢 たいそう", "簑沢CP 体操"):
        response = search(client, q=typed)
        assert names(response) == {"いきいき体操"}, typed
        assert "<strong>簑沢地域ケアプラザ（中区）</strong> で絞り込みました" in response.content.decode()
    assert names(search(client, q="本牧 体操")) == {"みなと体操クラブ"}
    # A CP area chosen in the filters and its ward in the words: the narrower one holds.
    assert names(search(client, q="中区 体操", area=world.honmoku.pk)) == {"みなと体操クラブ"}


def test_a_town_name_filters_to_its_blocks_and_the_venues_in_them(client, world, towns):
    response = search(client, q="本牧町")
    assert names(response) == {"本牧おしゃべりサロン", "みなと体操クラブ"}
    assert "<strong>本牧町（中区）</strong> で絞り込みました" in response.content.decode()
    assert names(search(client, q="本牧町1丁目")) == {"みなと体操クラブ"}
    assert names(search(client, q="本牧町二丁目 サロン")) == {"本牧おしゃべりサロン"}
    assert names(search(client, q="幸浦")) == {"幸浦ふれあいサロン"}
    assert names(search(client, q="幸浦 体操")) == set()
    # The map shows the same search.
    points = client.get(reverse("public:points"), {"q": "本牧町"}).json()["points"]
    assert {row[1] for row in points} == {"本牧おしゃべりサロン", "みなと体操クラブ"}


def test_a_town_in_two_wards_is_not_guessed_the_page_offers_the_choices(client, world, towns):
    response = search(client, q="桜木町 サロン")
    html = response.content.decode()
    assert "で絞り込みました" not in html
    assert "「桜木町」はいくつかの区にあります。どちらですか：" in html
    links = dict((label, url.replace("&amp;", "&")) for url, label in
                 re.findall(r'<a href="([^"]+)" class="choice">([^<]+)</a>', html))
    assert set(links) == {"桜木町（中区）", "桜木町（磯子区）"}
    chosen = client.get(reverse("index") + links["桜木町（磯子区）"])
    assert names(chosen) == {"桜木サロン磯子"}
    assert "<strong>桜木町（磯子区）</strong> で絞り込みました" in chosen.content.decode()
    # A ward in the words settles it too.
    assert names(search(client, q="中区 桜木町 サロン")) == {"桜木サロン中"}


def test_a_typo_is_offered_the_nearest_known_word_as_a_link(client, world, towns):
    # A typo that sounds right is no typo to the analyser: its reading finds the listings at once.
    for heard in ("体躁",):
        assert {"いきいき体操", "みなと体操クラブ"} <= names(search(client, q=heard)), heard
    for typo in ("たいそお", "体燥"):
        response = search(client, q=typo)
        assert names(response) == set()
        html = response.content.decode()
        link = re.search(r'もしかして： <a href="([^"]+)">([^<]+)</a>', html)
        assert link and link.group(2) == "体操", typo
        followed = client.get(reverse("index") + link.group(1).replace("&amp;", "&"))
        assert {"いきいき体操", "みなと体操クラブ"} <= names(followed)
    # A place word stays a place word in the suggestion; a word found needs no suggestion.
    response = search(client, q="簑沢 さろn")
    assert "もしかして" not in search(client, q="サロン").content.decode()
    link = re.search(r'もしかして： <a href="([^"]+)">', response.content.decode())
    followed = client.get(reverse("index") + link.group(1).replace("&amp;", "&"))
    assert link and names(followed) == {"簑沢ふれあいサロン", "桜木サロン中"}  # both in 簑沢's area


def test_nothing_found_offers_the_nearest_cps_phone(client, world, towns):
    for org, phone in ((world.minosawa_cp, "045-111-2222"), (world.honmoku_cp, "045-333-4444"),
                       (world.byobugaura_cp, "045-555-6666"), (world.city_council, "045-201-2060")):
        org.phone = phone
        org.save()
    call = "お近くの地域ケアプラザにお電話ください"
    # The CP of the area named: its phone alone.
    html = search(client, q="簑沢 ないもの").content.decode()
    assert call in html and '<a class="tel" href="tel:045-111-2222">☎ 045-111-2222</a>' in html
    assert "045-333-4444" not in html
    # A 町 named: the CP area holding it.
    html = search(client, q="本牧町 ないもの").content.decode()
    assert "本牧地域ケアプラザ" in html and "tel:045-333-4444" in html and "045-111-2222" not in html
    # A ward chosen: the ward's CPs.
    html = search(client, q="ないもの", ward=world.naka.pk).content.decode()
    assert "tel:045-111-2222" in html and "tel:045-333-4444" in html and "045-555-6666" not in html
    # Nowhere in particular: the city's contact.
    html = search(client, q="ないもの").content.decode()
    assert call not in html and "横浜市社会福祉協議会" in html and "tel:045-201-2060" in html
    # Something found: no phone block.
    assert "call-us" not in search(client, q="サロン").content.decode()


def test_the_way_back_from_a_listing_returns_to_the_same_search_and_page(client, world, listings):
    for i in range(25):
        make_listing(world.d6, f"多い会{i:02d}", kana=f"おおいかい{i:02d}", categories=["salon"])
    params = {"q": "多い会", "ward": world.naka.pk, "weekday": "1", "page": "2"}
    html = search(client, **params).content.decode()
    card = re.search(r'<li class="result card"><h3><a href="([^"]+)">', html).group(1).replace("&amp;", "&")
    assert card.startswith("/resources/") and "back=" in card
    listing = client.get(card).content.decode()
    back = re.search(r'<a href="([^"]+)" class="back-to-results">', listing).group(1).replace("&amp;", "&")
    assert urlsplit(back).path == "/"
    assert {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()} == {
        "q": "多い会", "ward": str(world.naka.pk), "weekday": "1", "page": "2"}
    assert len(client.get(back).context["page"].object_list) == 5  # the same second page


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/?q=1", "q=x&next=https://evil.example",
                                  "q=%22%3E%3Cscript%3E", "page=javascript:alert(1)"])
def test_the_way_back_is_only_ever_a_search_on_this_site(client, listings, back):
    html = client.get(reverse("public:listing", args=[listings.salon.pk]), {"back": back}).content.decode()
    found = re.search(r'<a href="([^"]+)" class="back-to-results">', html)
    if found:
        url = found.group(1).replace("&amp;", "&")
        assert (url == "/" or url.startswith("/?")) and "evil" not in url and "><script" not in html
        assert set(parse_qs(urlsplit(url).query)) <= {"q"}
    else:
        assert '<a href="/">← さがす画面へ</a>' in html


def test_after_a_search_the_results_come_before_the_form_and_the_filters_say_how_many_are_on(client, world,
                                                                                          listings):
    html = search(client, q="サロン", ward=world.naka.pk, free="on").content.decode()
    assert html.index('id="results"') < html.index('class="result card"') < html.index('id="search-form"')
    assert '<h2 id="results" tabindex="-1" class="result-count">1件見つかりました</h2>' in html
    assert "<details class=\"more-filters\"><summary>条件をしぼる <span class=\"filters-on\">（2つ指定中）</span>" in html
    first = client.get(reverse("index")).content.decode()
    assert first.index('id="search-form"') < first.index('id="results"') and "tabindex" not in first


def test_a_report_sent_from_a_listing_keeps_its_way_back(client, listings):
    url = reverse("public:listing", args=[listings.salon.pk]) + "?back=q%3D%E3%82%B5%E3%83%AD%E3%83%B3%26page%3D2"
    form = re.search(r'<form method="post" action="([^"]+)">', client.get(url).content.decode()).group(1)
    response = client.post(form.replace("&amp;", "&"), {"kind": "outdated", "message": "会場が変わったようです"})
    assert response.status_code == 302 and response["Location"].startswith(f"/resources/{listings.salon.pk}/?back=")
    back = re.search(r'<a href="([^"]+)" class="back-to-results">', client.get(response["Location"]).content.decode())
    assert back and parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query) == {"q": ["サロン"], "page": ["2"]}


def test_the_vocabulary_learns_a_new_listings_words_at_once(client, world, listings):
    typo = "ウォーキソグ"
    assert "もしかして" not in search(client, q=typo).content.decode()  # the vocabulary is built now
    make_listing(world.d6, "ノルディックウォーキング教室", kana="のるでぃっくうぉーきんぐきょうしつ")
    link = re.search(r'もしかして： <a href="[^"]+">([^<]+)</a>', search(client, q=typo).content.decode())
    assert link and link.group(1) == "ウォーキング"
