"""results.py pages the public search without asking the database to rank: the order it gives
must be search.rank's, the count the capped one, and steering the planner (expressions.WalkIn,
search(steer=False), in_category(steer=False)) must never change which listings match."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.directory.conftest import make_listing
from tsunagu.directory import results as results_module
from tsunagu.directory import search as search_module
from tsunagu.directory.models import Category, Listing, Visibility
from tsunagu.directory.public_views import PublicSearchForm
from tsunagu.directory.results import READING_ORDER, result_page
from tsunagu.directory.search import driven_by_the_words, search, window_of_the_walk
from tsunagu.places.models import Place

NAMES = [
    ("さろん体操ひまわり", "さろんたいそうひまわり"), ("体操サロン", "たいそうさろん"), ("ﾀｲｿｳの会", "たいそうのかい"),
    ("ふれあい体操", "ふれあいたいそう"), ("タイソウ広場", "たいそうひろば"), ("体操教室 本牧", "たいそうきょうしつほんもく"),
    ("朝のラジオ体操", "あさのらじおたいそう"), ("買物ツアー", "かいものつあー"), ("いきいきサロン", "いきいきさろん"),
    ("大体操会", ""), ("体操", "たいそう"),
]


@pytest.fixture
def many(world):
    made = []
    for i, (name, kana) in enumerate(NAMES):
        place = [world.d6, world.minosawa, world.honmoku, world.kuraki][i % 4]
        made.append(make_listing(place, name, kana=kana, categories=["taiso"] if i % 2 else ["salon"],
                                 is_free=bool(i % 3), byday=["TU", "WE", "FR"][i % 3]))
    return made


def names(page) -> list[str]:
    return [listing.name for listing in page]


@pytest.mark.parametrize("text", ["体操", "たいそう", "タイソウ", "サロン", "さろん 体操", "い", "存在しない"])
def test_the_ranked_page_is_search_ranks_order(many, text):
    public = Listing.objects.public()
    expected = [x.name for x in search(public, text)]
    first = result_page(search(public, text, order=False), text, 1, per_page=3)
    pages = [first] + [result_page(search(public, text, order=False), text, n, per_page=3)
                       for n in range(2, first.paginator.num_pages + 1)]
    assert sum((names(p) for p in pages), []) == expected
    assert pages[0].paginator.count == len(expected) and not pages[0].paginator.capped


def test_past_the_cap_the_page_is_in_reading_order_and_says_more(many):
    public = Listing.objects.public()
    page = result_page(search(public, "体操", order=False), "体操", 1, per_page=3, cap=4)
    everything = [x.name for x in search(public, "体操", order=False).order_by("name_kana", "name", "pk")]
    assert names(page) == everything[:3]
    assert page.paginator.capped and page.paginator.count == 4
    assert names(page) != [x.name for x in search(public, "体操")][:3]  # ranked would differ here


def test_the_page_reads_its_listings_by_pk_through_fetch(many, django_assert_max_num_queries):
    def fetch(model, pks):
        return model.objects.filter(pk__in=pks).select_related("place").prefetch_related("categories")

    page = result_page(Listing.objects.public(), "", 1, per_page=5, fetch=fetch)
    assert names(page) == [x.name for x in Listing.objects.public().order_by("name_kana", "name", "pk")[:5]]
    # What the page shows of each listing comes from fetch's select_related and prefetch: no
    # query per card, and the same place and categories as the database holds.
    with django_assert_max_num_queries(0):
        shown = [(listing.pk, listing.place.name, sorted(c.code for c in listing.categories.all())) for listing in page]
    stored = [(listing.pk, listing.place.name, sorted(listing.categories.values_list("code", flat=True)))
              for listing in Listing.objects.filter(pk__in=[pk for pk, *_ in shown]).order_by("name_kana", "name", "pk")]
    assert shown == stored
    assert all(place and codes for _pk, place, codes in shown)  # every card of `many` has a place and a category


def test_within_a_place_more_than_the_cap_are_still_ranked(many):
    public = Listing.objects.public()
    page = result_page(search(public, "体操", order=False), "体操", 1, per_page=3, cap=4, sort_up_to=100)
    assert page.paginator.capped and page.paginator.count == 4
    assert names(page) == [x.name for x in search(public, "体操")][:3]


@pytest.mark.parametrize("params", [
    {"q": "体操"}, {"q": "たいそう", "ward": "naka"}, {"ward": "naka", "category": "taiso"},
    {"area": "minosawa", "q": "サロン"}, {"q": "体操", "category": "taiso", "weekday": "1"},
    {"category": "salon", "free": "on"}, {"q": "い", "ward": "isogo", "category": "taiso"},
])
def test_steering_the_planner_never_changes_what_matches(world, many, params):
    data = dict(params)
    for key in ("ward", "area"):
        if key in data:
            data[key] = getattr(world, {"naka": "naka", "isogo": "isogo", "minosawa": "minosawa"}[data[key]]).pk
    if "category" in data:
        data["category"] = Category.objects.get(code=data["category"]).pk
    form = PublicSearchForm(data)
    assert form.is_valid(), form.errors
    plain = set(form.filter(Listing.objects.public()).values_list("pk", flat=True))
    walked = set(form.filter(Listing.objects.public(), walk=True).values_list("pk", flat=True))
    assert plain == walked
    # …and both are what the filters mean, written without any steering.
    expected = Listing.objects.public()
    if "q" in data:
        expected = search(expected, data["q"], order=False)
    place = form.cleaned_data.get("area") or form.cleaned_data.get("ward")
    if place:
        expected = expected.filter(place__path__startswith=Place.objects.get(pk=place).path)
    if "category" in data:
        category = Category.objects.get(pk=form.cleaned_data["category"])
        expected = expected.filter(categories__in=[category, *category.children.all()])
    if "weekday" in data:
        expected = [x for x in expected if x.weekday_mask & (1 << int(data["weekday"]))]
    if "free" in data:
        expected = [x for x in expected if x.is_free]
    assert plain == {x.pk for x in expected}
    assert plain or params == {"q": "い", "ward": "isogo", "category": "taiso"}


def test_the_select_escapes_its_labels(world):
    from django.template import Context, Template

    world.minosawa.name = '簑沢<b>"ケアプラザ"</b>'
    world.minosawa.save()
    form = PublicSearchForm({"area": world.minosawa.pk})
    html = Template("{% load fast_forms %}{% fast_select form.area %}").render(Context({"form": form}))
    assert "<b>" not in html and "簑沢&lt;b&gt;&quot;ケアプラザ&quot;&lt;/b&gt;（中区）" in html
    assert f'<option value="{world.minosawa.pk}" selected>' in html


@pytest.mark.parametrize("data", [{}, {"free": "on", "weekday": "1", "intensity": "2"}, {"pickup": "on", "area": "x"}])
def test_the_filter_fields_render_as_the_template_loop_did(world, data):
    """fast_filters writes what the form's template loop wrote with Django's widgets."""
    import re

    from django.template import Context, Template

    if "area" in data:
        data["area"] = world.minosawa.pk
    form = PublicSearchForm(data)
    form.is_valid()
    loop = Template(
        '{% load fast_forms %}{% for field in form %}{% if field.name != "q" %}'
        '<div class="field">{% if field.widget_type == "checkbox" %}{{ field }} <label for="{{ field.id_for_label }}" '
        'class="inline-label">{{ field.label }}</label>{% elif field.widget_type == "select" %}'
        '<label for="{{ field.id_for_label }}">{{ field.label }}</label>{% fast_select field %}{% else %}'
        '<label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}{% endif %}</div>'
        '{% endif %}{% endfor %}').render(Context({"form": form}))
    fast = Template("{% load fast_forms %}{% fast_filters form %}").render(Context({"form": form}))
    assert re.sub(r">\s+<", "><", fast) == re.sub(r">\s+<", "><", loop)
    assert ("checked" in fast) == bool(data.get("free") or data.get("pickup"))


# --- SQLite's two other ways of reading the index: search.driven_by_the_words (the narrow fetch
# and the map, the index's matches joined in rowid order) and search.window_of_the_walk (a broad
# search's page, the words tested on each listing in reading order). Same listings, same order;
# on PostgreSQL neither changes anything.

TEXTS = ["アイウ体操", "あいう", "体操 川", "ab", 'a"b*', "%_()", "川", "イアイア アイ", "操体", "いい体", "たいそう",
         "体操体操", "川のアイ"]
QUERIES = ["体操", "たいそう", "アイ", "川", "体", "ab", 'a"b', "%", "_", "アイ 体操", "川 体", "存在しない"]


@pytest.fixture
def texts(world):
    """60 listings of a few texts, their reading order unlike their pks' (and free every other one)."""
    made = []
    for i in range(60):
        text = TEXTS[i % len(TEXTS)]
        made.append(Listing.objects.create(
            name=text, name_kana=f"{(i * 37) % 60:02d}", description="", place=world.d6, is_free=bool(i % 2),
            visibility=Visibility.PUBLIC))
    return made


def _form(q, extra):
    form = PublicSearchForm({"q": q, **extra})
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize("extra", [{}, {"free": "on"}])
@pytest.mark.parametrize("q", QUERIES)
def test_the_window_of_the_walk_finds_what_the_walk_finds(texts, q, extra):
    walk = _form(q, extra).filter(Listing.objects.public(), walk=True).order_by(*READING_ORDER)
    everything = list(walk.values_list("pk", flat=True))
    answered = 0
    for window in (1, 7, 100):
        for start in range(0, len(everything) + 3, 3):
            pks = window_of_the_walk(walk, start, start + 3, window=window)
            if pks is not None:
                assert pks == everything[start:start + 3]
                answered += 1
    # Given some matches' keys (the narrow fetch's), a window holding none of them is not read.
    keys = list(walk.values_list("name_kana", "name", "pk"))
    for known in (keys[::2], keys[-1:], keys[:1]):
        for window in (1, 7, 100):
            pks = window_of_the_walk(walk, 0, 3, window=window, known=known)
            assert pks is None or pks == everything[:3]
    indexed = search_module.FTS_TABLE in str(walk.query)
    if connection.vendor == "sqlite" and indexed and len(everything) >= 3:
        assert window_of_the_walk(walk, 0, 3, window=1000) == everything[:3]
        assert window_of_the_walk(walk, 0, 3, window=1000, known=keys[:1]) == everything[:3]
        assert answered
        unworded = _form("", extra).filter(Listing.objects.public(), walk=True).order_by(*READING_ORDER)
        seventh = list(unworded.values_list("name_kana", "name", "pk")[6:7])
        if seventh and keys[-1] > seventh[0]:
            assert window_of_the_walk(walk, 0, 1, window=7, known=keys[-1:]) is None  # not read
    else:
        assert not answered  # PostgreSQL, or no index in the query: the walk as before


@pytest.mark.parametrize("extra", [{}, {"free": "on"}])
@pytest.mark.parametrize("q", QUERIES)
def test_a_fetch_driven_by_the_words_finds_the_same_listings(texts, q, extra):
    listings = _form(q, extra).filter(Listing.objects.public()).order_by()
    driven = driven_by_the_words(listings)
    everything = set(listings.values_list("pk", flat=True))
    assert set(driven.values_list("pk", flat=True)) == everything
    for limit in (1, 5):
        cut = list(driven.values_list("pk", flat=True)[:limit])
        assert len(cut) == len(set(cut)) == min(limit, len(everything)) and set(cut) <= everything
    # The map's form of it: a join to the venue beside the index's.
    placed = driven.filter(location__isnull=True)
    assert set(placed.values_list("pk", flat=True)) == everything  # texts have no venue
    joined = f"+{search_module.FTS_TABLE}.rowid" in str(driven.query)
    assert joined == (connection.vendor == "sqlite" and search_module.FTS_TABLE in str(listings.query))


def test_a_fetch_with_a_place_or_two_searches_is_left_as_it_is(world, texts):
    in_place = _form("体操", {"ward": world.naka.pk}).filter(Listing.objects.public())
    assert driven_by_the_words(in_place).query is in_place.query  # the place drives (search(steer=False))
    twice = search(search(Listing.objects.public(), "体操", order=False), "アイ", order=False)
    assert driven_by_the_words(twice).query is twice.query
    assert set(twice.values_list("pk", flat=True)) == {x.pk for x in texts if "体操" in x.name and "アイ" in x.name}


@pytest.mark.parametrize("q", ["体操", "アイ", "川"])
def test_past_the_cap_every_page_is_the_walks_whichever_way_it_is_read(texts, q, monkeypatch):
    form = _form(q, {})
    everything = [x.pk for x in form.filter(Listing.objects.public()).order_by(*READING_ORDER)]

    def pages():
        found = []
        for number in range(1, 4):
            page = result_page(form.filter(Listing.objects.public()), q, number, per_page=3, cap=9,
                               walkable=lambda: form.filter(Listing.objects.public(), walk=True))
            assert page.paginator.capped and page.number == number
            found += [x.pk for x in page]
        return found

    assert len(everything) > 9
    assert pages() == everything[:9]
    monkeypatch.setattr(results_module, "window_of_the_walk", lambda *args, **kwargs: None)
    assert pages() == everything[:9]
