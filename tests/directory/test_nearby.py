"""「近い順」 (an address or 町丁目 → a point, nearest first with the straight-line distance),
「きょう」「今週」 from the listings' real next dates in Asia/Tokyo, and the directions links."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.directory.conftest import make_listing
from tsunagu.directory import nearby, services
from tsunagu.directory.models import Listing, Location, Status
from tsunagu.places.addresses import fold, kanji_number, resolve
from tsunagu.places.models import Kind, Place

# 本牧町二丁目's point in the 位置参照情報 (places/data/town_points), and its neighbours.
HONMOKU_2 = (35.428216, 139.660457)


@pytest.fixture
def towns(world):
    nishi = Place.objects.create(kind=Kind.WARD, code="14103", name="西区", parent=world.city,
                                 latitude=35.4535, longitude=139.6180)
    Place.objects.filter(pk=world.naka.pk).update(latitude=35.4233, longitude=139.6490)

    def block(ward, name, lat, lng):
        return Place.objects.create(kind=Kind.BLOCK, code=f"{ward.code}-{name}", name=name, parent=ward,
                                    latitude=lat, longitude=lng)

    block(world.naka, "本牧町一丁目", 35.429496, 139.658658)
    block(world.naka, "本牧町二丁目", *HONMOKU_2)
    block(world.naka, "山下町", 35.446005, 139.656952)
    block(world.naka, "桜木町一丁目", 35.4510, 139.6300)
    block(nishi, "桜木町一丁目", 35.4560, 139.6259)
    block(nishi, "日吉本町一丁目", 35.5531, 139.6440)  # not in 西区 in life; a longer name holding 本町
    block(world.naka, "本町一丁目", 35.4490, 139.6380)
    block(world.naka, "鶴ケ峰二丁目", 35.475339, 139.549581)
    return nishi


def put(listing: Listing, lat: float | None, lng: float | None) -> Listing:
    Location.objects.filter(pk=listing.location_id).update(latitude=lat, longitude=lng)
    return listing


# --- addresses → 町丁目 -------------------------------------------------------------------------


def test_kanji_and_digits_read_as_the_same_chome():
    assert [kanji_number(t) for t in ("一", "二", "十", "十二", "二十", "12")] == [1, 2, 10, 12, 20, 12]
    assert fold("鶴ヶ峰　２") == fold("鶴ケ峰2") == "鶴ケ峰2"


@pytest.mark.parametrize("typed, label", [
    ("本牧町二丁目", "本牧町二丁目（中区）"),
    ("本牧町2-3-4", "本牧町二丁目（中区）"),
    ("横浜市中区本牧町２丁目３番４号", "本牧町二丁目（中区）"),
    ("神奈川県横浜市中区本牧町1-2", "本牧町一丁目（中区）"),
    ("本牧町", "本牧町（中区）"),  # no 丁目: the middle of its 丁目
    ("本牧町9-1", "本牧町（中区）"),  # a 丁目 the town does not have
    ("中区山下町279", "山下町（中区）"),
    ("日吉本町1-2-3", "日吉本町一丁目（西区）"),  # the longest name, not 本町
    ("鶴ヶ峰2", "鶴ケ峰二丁目（中区）"),  # ヶ and ケ alike
    ("西区桜木町1丁目", "桜木町一丁目（西区）"),  # the ward named decides
    ("中区", "中区"),
])
def test_an_address_resolves_to_its_town_point(towns, typed, label):
    found = resolve(typed)
    assert found.point is not None and found.point.label == label


def test_the_same_town_in_two_wards_is_offered_as_a_choice(towns):
    found = resolve("桜木町1-1")
    assert found.point is None
    assert sorted(choice.label for choice in found.choices) == ["桜木町一丁目（中区）", "桜木町一丁目（西区）"]


def test_the_beginning_of_a_town_name_finds_it_or_offers_the_towns_it_begins(towns):
    assert resolve("本牧").point.label == "本牧町（中区）"  # the only town beginning so
    assert sorted(c.label for c in resolve("桜木").choices) == ["桜木町一丁目（中区）", "桜木町一丁目（西区）"]
    assert resolve("存在しない町").point is None and resolve("存在しない町").choices == []


def test_the_middle_of_a_town_without_a_chome_is_between_its_chome(towns):
    point = resolve("本牧町").point
    assert 35.428216 < point.latitude < 35.429496 and 139.658658 < point.longitude < 139.660457


# --- nearest first -------------------------------------------------------------------------------


def test_distances_are_straight_lines_in_metres_and_said_plainly():
    # One minute of latitude is one nautical mile (1,852 m).
    assert nearby.distance_m(35.0, 139.0, 35.0 + 1 / 60, 139.0) == pytest.approx(1853, abs=3)
    assert [nearby.distance_words(m) for m in (4, 853, 999, 1234, 12_345)] == [
        "約 10 m", "約 850 m", "約 1000 m", "約 1.2 km", "約 12 km"]


def test_the_search_from_an_address_lists_the_nearest_first_with_the_distance(client, world, listings, towns):
    put(listings.taiso, 35.4300, 139.6600)  # ~200 m from 本牧町二丁目
    put(listings.salon, 35.4400, 139.6600)  # ~1.3 km
    put(listings.isogo, 35.3900, 139.6200)  # ~5.6 km
    response = client.get(reverse("index"), {"near": "本牧町2-3"})
    page = response.context["page"]
    assert [item.name for item in page] == ["いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"]
    assert [item.distance_text for item in page] == ["約 200 m", "約 1.3 km", "約 5.6 km"]
    html = response.content.decode()
    assert "本牧町二丁目（中区）から近い順" in html and "直線" in html and "約 1.3 km" in html


def test_nearest_first_keeps_the_words_and_filters(client, world, listings, towns):
    put(listings.taiso, 35.4300, 139.6600)
    put(listings.salon, 35.4400, 139.6600)
    assert [i.name for i in client.get(reverse("index"), {"near": "本牧町2", "free": "on"}).context["page"]] == [
        "簑沢ふれあいサロン"]
    assert [i.name for i in client.get(reverse("index"), {"near": "本牧町2", "q": "たいそう"}).context["page"]] == [
        "いきいき体操"]


def test_the_phones_location_is_used_and_listings_without_a_point_are_said_to_be_left_out(client, listings):
    put(listings.taiso, 35.4300, 139.6600)
    put(listings.isogo, None, None)
    response = client.get(reverse("index"), {"lat": "35.440", "lng": "139.660"})
    names = [item.name for item in response.context["page"]]
    assert names == ["いきいき体操", "簑沢ふれあいサロン"]  # the salon's venue is at the fixture's 35.42, 139.63
    html = response.content.decode()
    assert "現在地から近い順" in html and "近い順の一覧に入っていません" in html


def test_an_ambiguous_or_unknown_town_asks_instead_of_guessing(client, listings, towns):
    html = client.get(reverse("index"), {"near": "桜木町1-1", "q": "サロン"}).content.decode()
    assert "どちらですか" in html and "桜木町一丁目（西区）" in html
    assert "q=%E3%82%B5%E3%83%AD%E3%83%B3" in html  # the choice keeps the words
    html = client.get(reverse("index"), {"near": "ありえない町"}).content.decode()
    assert "町名が見つかりませんでした" in html
    # Nothing to measure from: the usual order, every match.
    assert len(client.get(reverse("index"), {"near": "ありえない町"}).context["page"]) == 3


def test_the_box_finds_exactly_the_nearest_when_there_are_more_matches_than_the_cap(world):
    rng = random.Random(12)
    origin = (35.44, 139.64)
    for index in range(60):
        listing = make_listing(world.d6, f"活動{index}", kana=f"かつどう{index:02d}")
        # Some within metres, most spread over the city, a few far outside any first box.
        spread = 0.002 if index < 8 else 0.15 if index < 55 else 0.6
        put(listing, origin[0] + rng.uniform(-spread, spread), origin[1] + rng.uniform(-spread, spread))
    listings = Listing.objects.public()
    expected = sorted(((nearby.distance_m(*origin, lat, lng), pk) for pk, lat, lng in
                       listings.values_list("pk", "location__latitude", "location__longitude")))
    for cap in (5, 20, 59):
        for words in (False, True):  # in boxes, or all matches read at once (a word search)
            found = nearby.nearest(listings, *origin, cap=cap, words=words)
            assert found.more
            assert found.pks == [pk for _d, pk in expected[:cap]]


def test_towns_can_be_chosen_from_a_list_by_ward(client, world, towns):
    html = client.get(reverse("public:towns")).content.decode()
    assert "中区" in html and "西区" in html
    html = client.get(reverse("public:towns"), {"ward": world.naka.pk}).content.decode()
    assert "本牧町二丁目" in html and "near=%E4%B8%AD%E5%8C%BA%E6%9C%AC%E7%89%A7%E7%94%BA" in html
    assert client.get(reverse("public:towns"), {"ward": world.d6.pk}).status_code == 404  # not a ward


# --- きょう・今週 ---------------------------------------------------------------------------------


def at_tokyo(monkeypatch, utc: datetime) -> date:
    """Freeze the clock at this UTC instant; returns the date in Tokyo then."""
    monkeypatch.setattr(timezone, "now", lambda: utc)
    return timezone.localdate()


@pytest.fixture
def week(world, listings):
    """A Monday class, a Sunday class, the salon (第2・第4木曜) and a paused Monday class."""
    monday = make_listing(world.d6, "月曜の体操", kana="げつようのたいそう", byday="MO")
    sunday = make_listing(world.d6, "日曜の朝市", kana="にちようのあさいち", byday="SU")
    paused = make_listing(world.d6, "休止中の月曜会", kana="きゅうしちゅう", byday="MO", status=Status.PAUSED)
    return monday, sunday, paused


def when(client, value) -> set[str]:
    return {item.name for item in client.get(reverse("index"), {"when": value}).context["page"]}


def test_today_and_this_week_follow_tokyo_not_utc(client, monkeypatch, week):
    # 2026-12-06 15:30 UTC is Monday 7 December 00:30 in Tokyo (Sunday still in UTC).
    today = at_tokyo(monkeypatch, datetime(2026, 12, 6, 15, 30, tzinfo=UTC))
    assert today == date(2026, 12, 7)
    services.upcoming_dates_refresh()
    assert when(client, "today") == {"月曜の体操"}  # not the Sunday market, not the paused class
    # Monday 7 to Sunday 13: the Tuesday class, the salon's second Thursday (10th), Wednesday, Sunday.
    assert when(client, "week") == {"月曜の体操", "日曜の朝市", "いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"}


def test_this_week_ends_on_sunday(client, monkeypatch, week):
    # Sunday 13 December, 10:00 in Tokyo: this week is today only.
    at_tokyo(monkeypatch, datetime(2026, 12, 13, 1, 0, tzinfo=UTC))
    services.upcoming_dates_refresh()
    assert when(client, "today") == when(client, "week") == {"日曜の朝市"}


def test_this_week_reads_real_dates_not_weekdays(client, monkeypatch, week, listings):
    # Monday 14 to Sunday 20 December: the salon meets on Thursdays, but its 4th Thursday is the 24th.
    at_tokyo(monkeypatch, datetime(2026, 12, 14, 1, 0, tzinfo=UTC))
    services.upcoming_dates_refresh()
    assert listings.salon.weekday_mask & (1 << 3)
    assert "簑沢ふれあいサロン" not in when(client, "week")
    assert "いきいき体操" in when(client, "week")
    # The next week holds the 24th.
    at_tokyo(monkeypatch, datetime(2026, 12, 21, 1, 0, tzinfo=UTC))
    services.upcoming_dates_refresh()
    assert "簑沢ふれあいサロン" in when(client, "week")


def test_dates_follow_a_schedule_changed_through_the_service(client, monkeypatch, world, week):
    at_tokyo(monkeypatch, datetime(2026, 12, 7, 1, 0, tzinfo=UTC))  # Monday
    services.upcoming_dates_refresh()
    monday = week[0]
    services.listing_update(user=world.admin, listing=monday, seen_version=None, fields={},
                            schedules=[{"freq": "WEEKLY", "byday": "FR"}])
    assert "月曜の体操" not in when(client, "today")
    assert "月曜の体操" in when(client, "week")


def test_the_daily_refresh_moves_the_fortnight_on(monkeypatch, week):
    from django.core.management import call_command

    from tsunagu.directory.models import UpcomingDate

    at_tokyo(monkeypatch, datetime(2026, 12, 7, 1, 0, tzinfo=UTC))
    call_command("refresh_weekdays", stdout=open("/dev/null", "w"))
    days = set(UpcomingDate.objects.filter(listing=week[0]).values_list("day", flat=True))
    assert days == {date(2026, 12, 7), date(2026, 12, 14)}


def test_when_and_near_combine(client, monkeypatch, listings, week, towns):
    at_tokyo(monkeypatch, datetime(2026, 12, 7, 1, 0, tzinfo=UTC))
    services.upcoming_dates_refresh()
    put(week[0], 35.4300, 139.6600)
    page = client.get(reverse("index"), {"when": "today", "near": "本牧町二丁目"}).context["page"]
    assert [(item.name, item.distance_text) for item in page] == [("月曜の体操", "約 200 m")]


# --- directions -----------------------------------------------------------------------------------


def test_the_listing_page_links_to_directions_not_an_embedded_map(client, listings):
    put(listings.salon, 35.428216, 139.660457)
    html = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    assert 'href="https://maps.gsi.go.jp/#17/35.428216/139.660457/"' in html
    assert 'href="geo:35.428216,139.660457?q=35.428216,139.660457(' in html
    put(listings.salon, None, None)
    html = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    assert "maps.gsi.go.jp" not in html and "geo:" not in html
