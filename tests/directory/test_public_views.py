"""The public directory: no login, and never a staff-only, draft or ended listing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.directory.models import Report


def names(response) -> set[str]:
    return {item.name for item in response.context["page"]}


def test_the_front_page_lists_only_published_listings(client, listings):
    response = client.get(reverse("index"))
    assert response.status_code == 200
    assert names(response) == {"いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"}


def test_staff_only_draft_and_ended_listings_answer_404_in_public(client, listings):
    for hidden in (listings.staff_only, listings.draft, listings.ended):
        assert client.get(reverse("public:listing", args=[hidden.pk])).status_code == 404
        assert names(client.get(reverse("index"), {"q": hidden.name})) == set()


def test_a_staff_only_listing_stays_hidden_from_a_logged_in_public_page(client, world, listings):
    client.force_login(world.admin)
    assert client.get(reverse("public:listing", args=[listings.staff_only.pk])).status_code == 404


def test_searching_by_reading_in_hiragana_finds_a_kanji_name(client, listings):
    assert names(client.get(reverse("index"), {"q": "たいそう"})) == {"いきいき体操"}
    assert names(client.get(reverse("index"), {"q": "ﾀｲｿｳ"})) == {"いきいき体操"}


def test_two_character_words_are_found(client, listings):
    assert names(client.get(reverse("index"), {"q": "体操"})) == {"いきいき体操"}


def test_filters_by_ward_weekday_and_free(client, world, listings):
    assert names(client.get(reverse("index"), {"ward": world.isogo.pk})) == {"久良岐丘移動販売"}
    assert names(client.get(reverse("index"), {"weekday": "1"})) == {"いきいき体操"}  # Tuesday
    assert names(client.get(reverse("index"), {"weekday": "3"})) == {"簑沢ふれあいサロン"}  # Thursday
    assert names(client.get(reverse("index"), {"free": "on"})) == {"簑沢ふれあいサロン"}


def test_the_detail_page_says_the_schedule_in_words_and_shows_next_dates(client, listings):
    html = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    assert "毎月第2・第4木曜 10:00〜12:00" in html
    assert "次は" in html


def test_a_resident_reports_an_outdated_listing(client, listings):
    response = client.post(reverse("public:report", args=[listings.salon.pk]),
                           {"kind": "outdated", "message": "会場が変わったようです"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.listing == listings.salon and report.message == "会場が変わったようです"


def test_a_report_on_a_hidden_listing_is_refused(client, listings):
    response = client.post(reverse("public:report", args=[listings.staff_only.pk]), {"kind": "outdated"})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_the_public_page_never_shows_staff_contacts(client, world, listings):
    listings.salon.staff_contact = "代表の携帯 090-0000-0000"
    listings.salon.internal_note = "内部だけのメモ"
    listings.salon.save()
    html = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    assert "090-0000-0000" not in html and "内部だけのメモ" not in html


def test_a_word_search_keeps_names_beginning_with_the_word_first(client, world, listings):
    from tests.directory.conftest import make_listing

    make_listing(world.d6, "地域のサロン体操", kana="あ")  # sorts first by reading, but does not begin with サロン
    make_listing(world.d6, "サロンひまわり", kana="ん")
    found = [item.name for item in client.get(reverse("index"), {"q": "サロン"}).context["page"]]
    assert found.index("サロンひまわり") < found.index("地域のサロン体操")


def test_each_result_says_when_it_happens(client, listings):
    html = client.get(reverse("index"), {"q": "サロン"}).content.decode()
    assert "毎月第2・第4木曜 10:00〜12:00" in html


def test_the_map_gets_every_result_of_the_same_search_and_nothing_hidden(client, world, listings):
    data = client.get(reverse("public:points")).json()
    assert {name for _id, name, _lat, _lng in data["points"]} == {"いきいき体操", "簑沢ふれあいサロン", "久良岐丘移動販売"}
    assert data["truncated"] is False
    narrowed = client.get(reverse("public:points"), {"ward": world.isogo.pk}).json()
    assert [p[1] for p in narrowed["points"]] == ["久良岐丘移動販売"]
    (pk, _name, lat, lng), scale = narrowed["points"][0], narrowed["scale"]
    # The listing's address, carrying the search for the way back (search_return.py).
    assert narrowed["url"].replace("{id}", str(pk)) == (reverse("public:listing", args=[listings.isogo.pk])
                                                        + f"?back=ward%3D{world.isogo.pk}")
    # Whole numbers in 1/scale degree, within a unit (about a metre) of the venue's point.
    location = listings.isogo.location
    assert isinstance(lat, int) and abs(lat / scale - location.latitude) < 1 / scale
    assert isinstance(lng, int) and abs(lng / scale - location.longitude) < 1 / scale


def test_the_map_is_cut_at_its_limit_and_says_so(client, world, listings, monkeypatch):
    from tsunagu.directory import public_views

    monkeypatch.setattr(public_views, "MAP_POINTS_LIMIT", 2)
    data = client.get(reverse("public:points")).json()
    assert len(data["points"]) == 2 and data["truncated"] is True


def test_the_search_page_points_its_map_at_the_same_search(client, world, listings):
    html = client.get(reverse("index"), {"ward": world.isogo.pk, "q": "移動"}).content.decode()
    assert f'data-points="{reverse("public:points")}?ward={world.isogo.pk}&amp;q=' in html


# With the module's listings present, as in its other tests: they are then built once for the module
# (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("listings")
def test_ward_outlines_are_served_for_a_map_without_tiles(client, world):
    world.naka.boundary = {"type": "Polygon", "coordinates": [[[139.6, 35.4], [139.7, 35.4], [139.7, 35.5], [139.6, 35.4]]]}
    world.naka.save()
    data = client.get(reverse("public:wards")).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["中区"]


def test_past_the_count_limit_the_page_says_more_than(client, listings, monkeypatch):
    from tsunagu.directory import public_views

    monkeypatch.setattr(public_views, "RESULTS_COUNTED", 2)
    html = client.get(reverse("index"), {"q": "い"}).content.decode()
    assert "2件以上見つかりました" in html and "条件をしぼる" in html


def test_the_filter_selects_render_like_djangos_and_keep_the_choice(client, world, listings):
    from tsunagu.directory.public_views import PublicSearchForm

    html = client.get(reverse("index"), {"ward": world.isogo.pk, "weekday": "1"}).content.decode()
    assert f'<option value="{world.isogo.pk}" selected>磯子区</option>' in html
    assert '<option value="1" selected>火曜</option>' in html
    assert f'<option value="{world.naka.pk}">中区</option>' in html
    # Same options as Django's own widget would render.
    form = PublicSearchForm({"ward": world.isogo.pk})
    for value, label in form.fields["area"].choices:
        assert f'<option value="{value}">{label}</option>' in html


def test_a_search_with_more_matches_than_counted_lists_them_in_reading_order(client, world, listings, monkeypatch):
    from tests.directory.conftest import make_listing
    from tsunagu.directory import public_views

    make_listing(world.d6, "地域のサロン体操", kana="あ")
    make_listing(world.d6, "サロンひまわり", kana="ん")
    monkeypatch.setattr(public_views, "RESULTS_COUNTED", 2)
    found = [item.name for item in client.get(reverse("index"), {"q": "サロン"}).context["page"]]
    # Ranked, サロンひまわり would come first; in reading order it is last and falls past the count.
    assert found == ["地域のサロン体操", "簑沢ふれあいサロン"]


def test_a_renamed_or_new_category_is_offered_at_once_though_the_choices_are_cached(client, listings):
    from tsunagu.directory.models import Category

    salon = Category.objects.get(code="salon")
    first = client.get(reverse("index")).content.decode()
    assert f'<option value="{salon.pk}">　サロン</option>' in first and "☕ サロン" in first
    salon.name = "ふれあいサロン"
    salon.save()
    new = Category.objects.create(parent=salon.parent, code="chaba", name="茶話会", icon="🍵", sort_order=99)
    again = client.get(reverse("index")).content.decode()
    assert f'<option value="{salon.pk}">　ふれあいサロン</option>' in again
    assert f'<option value="{new.pk}">　茶話会</option>' in again and "🍵 茶話会" in again
    new.delete()
    assert "茶話会" not in client.get(reverse("index")).content.decode()


def test_each_card_shows_its_categories_in_the_trees_order(client, listings):
    from tsunagu.directory.models import Category

    listings.salon.categories.add(Category.objects.get(code="mimamori-katsudou"), Category.objects.get(code="kaishoku"))
    html = client.get(reverse("index"), {"q": "簑沢"}).content.decode()
    card = html[html.index("簑沢ふれあいサロン</a>"):]
    card = card[:card.index("</li>")]
    assert card.index("サロン</span>") < card.index("会食</span>") < card.index("見守り活動</span>")


def test_the_category_filter_lists_each_pillar_followed_by_its_own_categories(client, listings):
    import re

    from tsunagu.directory.models import Category

    html = client.get(reverse("index")).content.decode()
    select = html[html.index('<select name="category"'):]
    options = re.findall(r'<option value="(\d+)"[^>]*>(　?)', select[:select.index("</select>")])
    parent = {c.pk: c.parent_id for c in Category.objects.all()}
    assert len(options) == len(parent)
    pillar = None
    for pk, indent in options:
        if not indent:
            pillar = int(pk)
            assert parent[pillar] is None
        else:
            assert parent[int(pk)] == pillar, f"{pk} listed under the wrong pillar"


def test_a_result_card_says_its_status_place_cost_and_pickup_and_escapes_what_staff_typed(client, world, listings):
    from tests.directory.conftest import make_listing
    from tsunagu.directory.models import Status

    paused = make_listing(world.d6, "<b>休み中</b>の会 & 友", kana="やすみちゅうのかい", status=Status.PAUSED,
                          is_free=True, has_pickup=True, categories=["salon"])
    paused.location = None
    paused.save()
    html = client.get(reverse("index"), {"q": "やすみちゅう"}).content.decode()
    card = html[html.index('<li class="result card">'):]
    card = card[:card.index("</li>")]
    # The card's address carries the search for the way back (search_return.py).
    back = "back=q%3D%25E3%2582%2584%25E3%2581%2599%25E3%2581%25BF%25E3%2581%25A1%25E3%2582%2585%25E3%2581%2586"
    assert f'<a href="/resources/{paused.pk}/?{back}">&lt;b&gt;休み中&lt;/b&gt;の会 &amp; 友</a>' in card
    assert '<span class="role-badge">☕ サロン</span>' in card
    assert '<span class="status status-paused">休止中</span>' in card
    assert '<p class="when">毎週火曜 10:00〜12:00</p>' in card
    assert f"<p>{world.d6.name}・<strong>無料</strong>・送迎あり</p>" in card  # no venue: the place alone
    nothing = client.get(reverse("index"), {"q": "存在しないことば"}).content.decode()
    assert "<li>見つかりませんでした。ことばを短くするか、条件を減らしてみてください。</li>" in nothing


def test_the_page_asks_as_many_queries_for_twenty_cards_as_for_one(client, world, listings, monkeypatch):
    """The cards are fetched with only the columns they show (public_views.CARD_FIELDS): a card
    reading any other field would ask once per card. (A search finding almost nothing also looks
    for "did you mean", tested in test_search_understanding.py; not here.)"""
    from django.db import connection

    from tsunagu.directory import public_views

    monkeypatch.setattr(public_views, "SUGGEST_UP_TO", 0)
    from django.test.utils import CaptureQueriesContext

    from tests.directory.conftest import make_listing

    def queries(params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("index"), params)
        return len(response.context["page"]), len(captured)

    make_listing(world.d6, "ひとつだけの会", kana="ひとつだけのかい")
    for i in range(25):
        make_listing(world.d6, f"多い会{i:02d}", kana=f"おおいかい{i:02d}", is_free=bool(i % 2), categories=["salon"])
    queries({"q": "会"})  # the filter choices and place names come from caches after the first page
    one_cards, one = queries({"q": "ひとつだけ"})
    many_cards, many = queries({"q": "多い会"})
    assert (one_cards, many_cards) == (1, 20)
    assert many == one, (one, many)
    html = client.get(reverse("index"), {"q": "多い会"}).content.decode()
    assert html.count('<li class="result card">') == 20 and "多い会00の会場（" in html


def test_ward_area_and_category_filters_take_what_is_under_them_from_the_cache(client, world, listings):
    from tests.conftest import place
    from tests.directory.conftest import make_listing
    from tsunagu.directory.models import Category
    from tsunagu.places.models import Kind, Place

    honmoku = make_listing(world.d7, "本牧の体操", kana="ほんもくのたいそう", categories=["taiso"])
    client.get(reverse("index"))  # the choices are cached now
    # A district made after that is under its ward and area at once (saving a place clears the cache).
    d8 = place(Kind.DISTRICT, "14104-D008", "第8地区", world.honmoku)
    late = make_listing(d8, "第8地区の体操", kana="だいはちちくのたいそう", categories=["taiso"])
    assert names(client.get(reverse("index"), {"area": world.honmoku.pk})) == {honmoku.name, late.name}
    assert {honmoku.name, late.name} <= names(client.get(reverse("index"), {"ward": world.naka.pk}))
    assert names(client.get(reverse("index"), {"ward": world.isogo.pk})) == {"久良岐丘移動販売"}
    # A category is the category and its children.
    taiso = Category.objects.get(code="taiso")
    child = Category.objects.create(parent=taiso, code="radio", name="ラジオ体操", icon="📻", sort_order=1)
    radio = make_listing(world.d7, "朝のラジオ", kana="あさのらじお", categories=["radio"])
    found = names(client.get(reverse("index"), {"category": taiso.pk, "area": world.honmoku.pk}))
    assert found == {honmoku.name, late.name, radio.name}
    assert names(client.get(reverse("index"), {"category": child.pk})) == {radio.name}
    assert Place.objects.filter(pk=d8.pk).exists()


def test_a_ward_that_is_not_offered_is_refused_in_japanese_and_nothing_is_filtered(client, world, listings):
    for params in ({"ward": world.minosawa.pk}, {"ward": 999999}, {"area": world.naka.pk}, {"category": "x"}):
        response = client.get(reverse("index"), params)
        assert response.status_code == 200 and response.context["searched"] is False
        html = response.content.decode()
        label = {"ward": "区", "area": "地域ケアプラザのエリア", "category": "分類"}[next(iter(params))]
        assert "今は選べないものがあります" in html and f"選びなおしてください： {label}</p>" in html
    assert "今は選べない" not in client.get(reverse("index"), {"ward": world.naka.pk}).content.decode()
