"""The places tree: materialised paths, moves that carry the subtree, the kinds allowed under
each kind, search, and Yokohama's base data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tsunagu.people import place_services as services
from tsunagu.places.models import ALLOWED_PARENTS, Kind, Place
from tsunagu.places.yokohama import load_base_data


def fresh(place: Place) -> Place:
    return Place.objects.get(pk=place.pk)


def assert_paths_are_consistent():
    """Every place's path is its parent's path plus its own key, and depth matches."""
    for place in Place.objects.select_related("parent"):
        expected = f"{place.parent.path if place.parent_id else '/'}{place.pk}/"
        assert place.path == expected, place.code
        assert place.depth == (place.parent.depth + 1 if place.parent_id else 0), place.code


# --- Paths and depth ------------------------------------------------------------------------


def test_the_city_is_a_root_whose_path_is_its_own_key(world):
    city = fresh(world.city)
    assert city.path == f"/{city.pk}/"
    assert city.depth == 0
    assert city.root_path == city.path


def test_each_place_path_extends_its_parents_path_and_depth_counts_the_levels(world):
    block = fresh(world.block)
    assert block.path == f"/{world.city.pk}/{world.naka.pk}/{world.minosawa.pk}/{world.d6.pk}/{block.pk}/"
    assert block.depth == 4
    assert fresh(world.naka).depth == 1
    assert fresh(world.minosawa).depth == 2
    assert block.root_path == f"/{world.city.pk}/"
    assert_paths_are_consistent()


def test_ancestors_run_from_the_root_down_to_the_parent(world):
    assert fresh(world.block).ancestors() == [world.city, world.naka, world.minosawa, world.d6]
    assert fresh(world.city).ancestors() == []


def test_ancestor_of_kind_finds_the_ward_and_the_place_itself(world):
    assert fresh(world.block).ancestor_of_kind(Kind.WARD) == world.naka
    assert fresh(world.d6).ancestor_of_kind(Kind.DISTRICT) == world.d6
    assert fresh(world.d6).ancestor_of_kind(Kind.ASSOCIATION) is None


def test_is_within_holds_for_descendants_and_self_but_not_for_a_sibling_ward(world):
    assert fresh(world.block).is_within(fresh(world.naka))
    assert fresh(world.naka).is_within(fresh(world.naka))
    assert not fresh(world.kuraki).is_within(fresh(world.naka))


def test_saving_a_place_stores_its_normalised_search_text(world):
    place = Place.objects.create(
        kind=Kind.ASSOCIATION,
        code="14104-A99",
        name="ＡＢＣ町内会",
        name_kana="えーびーしー",
        parent=world.d6,
    )
    assert fresh(place).search_text == "abc町内会 エービーシー 14104-a99"


# --- Moving a subtree ---------------------------------------------------------------------


def test_moving_a_district_by_save_rewrites_the_paths_of_everything_under_it(world):
    association = Place.objects.create(
        kind=Kind.ASSOCIATION, code="14104-D006-A01", name="簑沢町内会", parent=world.d6
    )
    d6 = fresh(world.d6)
    d6.parent = fresh(world.honmoku)
    d6.save()

    honmoku = fresh(world.honmoku)
    assert fresh(world.d6).path == f"{honmoku.path}{world.d6.pk}/"
    assert fresh(world.block).path == f"{honmoku.path}{world.d6.pk}/{world.block.pk}/"
    assert fresh(association).path == f"{honmoku.path}{world.d6.pk}/{association.pk}/"
    assert set(Place.objects.under(honmoku)) == {honmoku, world.d7, world.d6, world.block, association}
    assert set(Place.objects.under(fresh(world.minosawa))) == {world.minosawa}
    assert_paths_are_consistent()


def test_moving_a_subtree_up_a_level_changes_the_depth_of_its_descendants(world):
    d6 = fresh(world.d6)
    d6.parent = fresh(world.naka)  # a district may hang directly under its ward
    d6.save()
    assert fresh(world.d6).depth == 2
    assert fresh(world.block).depth == 3
    assert_paths_are_consistent()


def test_a_move_through_place_update_carries_the_subtree_and_raises_the_version(world):
    d6 = fresh(world.d6)
    services.place_update(user=world.naka_1so, place=d6, seen_version=d6.version, parent=fresh(world.honmoku))
    moved = fresh(world.d6)
    assert moved.parent == world.honmoku
    assert moved.version == 2
    assert fresh(world.block).is_within(fresh(world.honmoku))
    assert not fresh(world.block).is_within(fresh(world.minosawa))
    assert_paths_are_consistent()


def test_moving_a_cp_area_to_another_ward_takes_its_districts_along(world):
    minosawa = fresh(world.minosawa)
    services.place_update(user=world.admin, place=minosawa, seen_version=None, parent=fresh(world.isogo))
    isogo = fresh(world.isogo)
    assert set(Place.objects.under(isogo).filter(kind=Kind.DISTRICT)) == {world.d6, world.isogo_d}
    assert fresh(world.block).ancestor_of_kind(Kind.WARD) == world.isogo
    assert_paths_are_consistent()


def test_a_place_cannot_be_moved_under_itself(world):
    d6 = fresh(world.d6)
    with pytest.raises(ValidationError) as caught:
        services.place_update(user=world.naka_1so, place=d6, seen_version=None, parent=d6)
    assert "場所を自分自身の下に移すことはできません。" in caught.value.messages
    assert fresh(world.d6).parent == world.minosawa


def test_a_place_cannot_be_moved_under_its_own_descendant(world):
    d6 = fresh(world.d6)
    with pytest.raises(ValidationError) as caught:
        services.place_update(user=world.naka_1so, place=d6, seen_version=None, parent=fresh(world.block))
    assert "場所を自分自身の下に移すことはできません。" in caught.value.messages
    assert fresh(world.d6).path.startswith(fresh(world.minosawa).path)
    assert_paths_are_consistent()


# --- Which kind may sit under which -----------------------------------------------------------


def test_the_allowed_parents_only_ever_point_to_a_higher_kind():
    order = [k.value for k in Kind]
    for kind, parents in ALLOWED_PARENTS.items():
        assert all(order.index(p) < order.index(kind) for p in parents), kind


def test_place_create_refuses_a_kind_that_may_not_sit_under_the_parent(world):
    with pytest.raises(ValidationError) as caught:
        services.place_create(
            user=world.naka_1so,
            parent=fresh(world.naka),
            kind=Kind.ASSOCIATION,
            code="14104-A50",
            name="区直下の自治会",
        )
    assert caught.value.messages == ["自治会町内会は区の下には置けません。"]
    assert not Place.objects.filter(code="14104-A50").exists()


def test_place_create_accepts_a_kind_that_may_sit_under_the_parent(world):
    place = services.place_create(
        user=world.naka_1so,
        parent=fresh(world.d6),
        kind=Kind.ASSOCIATION,
        code="14104-D006-A02",
        name="新しい町内会",
    )
    assert fresh(place).path == f"{fresh(world.d6).path}{place.pk}/"


def test_place_update_refuses_to_move_a_district_under_a_district(world):
    d6 = fresh(world.d6)
    with pytest.raises(ValidationError) as caught:
        services.place_update(user=world.naka_1so, place=d6, seen_version=None, parent=fresh(world.d7))
    assert caught.value.messages == ["地区は地区の下には置けません。"]
    assert fresh(world.d6).parent == world.minosawa


def test_place_update_refuses_to_make_a_ward_a_root(world):
    with pytest.raises(PermissionDenied):
        services.place_update(user=world.admin, place=fresh(world.naka), seen_version=None, parent=None)
    assert fresh(world.naka).parent == world.city


def test_check_parent_requires_a_parent_for_every_kind_but_the_city():
    services.check_parent(Kind.CITY, None)
    with pytest.raises(ValidationError, match="区には上位の場所が必要です"):
        services.check_parent(Kind.WARD, None)


def test_a_ward_coordinator_cannot_move_a_place_into_another_ward(world):
    with pytest.raises(PermissionDenied):
        services.place_update(
            user=world.naka_1so, place=fresh(world.d6), seen_version=None, parent=fresh(world.byobugaura)
        )
    assert fresh(world.d6).parent == world.minosawa


def test_a_ward_coordinator_cannot_add_places_in_another_ward(world):
    with pytest.raises(PermissionDenied):
        services.place_create(
            user=world.naka_1so,
            parent=fresh(world.isogo_d),
            kind=Kind.ASSOCIATION,
            code="14107-A99",
            name="よその自治会",
        )
    assert not Place.objects.filter(code="14107-A99").exists()


# --- Queries ------------------------------------------------------------------------------


def test_under_selects_a_place_and_its_descendants_only(world):
    minosawa = fresh(world.minosawa)
    assert set(Place.objects.under(minosawa)) == {world.minosawa, world.d6, world.block}
    assert set(Place.objects.under(minosawa, include_self=False)) == {world.d6, world.block}


def test_under_does_not_confuse_keys_that_share_leading_digits(world):
    # /…/900/ must not match /…/9001/: paths end in a slash, so a prefix stops at a whole key.
    short = Place(pk=900, kind=Kind.DISTRICT, code="14104-X900", name="地区900", parent=world.naka)
    short.save()
    long = Place(pk=9001, kind=Kind.DISTRICT, code="14104-X9001", name="地区9001", parent=world.naka)
    long.save()
    assert fresh(long).path.startswith(fresh(short).path.rstrip("/"))
    assert set(Place.objects.under(fresh(short))) == {short}
    assert set(Place.objects.under(fresh(long))) == {long}


def test_of_kind_filters_by_kind(world):
    assert set(Place.objects.of_kind(Kind.CP_AREA)) == {world.minosawa, world.honmoku, world.byobugaura}


@pytest.mark.parametrize("query", ["けあぷらざ", "ケアプラザ", "ｹｱﾌﾟﾗｻﾞ"])
def test_search_finds_a_place_whatever_the_kana_script_or_width_of_the_query(world, query):
    assert set(Place.objects.search(query)) == {world.minosawa, world.honmoku, world.byobugaura}


@pytest.mark.parametrize("query", ["みのさわ", "ミノサワ", "ﾐﾉｻﾜ", " みのさわ\u3000"])
def test_search_matches_the_reading_written_in_hiragana_with_a_katakana_query_and_back(world, query):
    minosawa = fresh(world.minosawa)
    minosawa.name_kana = "みのさわ"
    minosawa.save()
    assert list(Place.objects.search(query)) == [world.minosawa]


def test_search_matches_codes_in_either_case_and_width(world):
    assert list(Place.objects.search("１４１０４－ｃｐ０１")) == [world.minosawa]


def test_an_empty_search_leaves_the_queryset_as_it_was(world):
    assert Place.objects.search("  ").count() == Place.objects.count()


def test_search_within_a_subtree_stays_within_it(world):
    found = Place.objects.under(fresh(world.naka)).search("ケアプラザ")
    assert set(found) == {world.minosawa, world.honmoku}


# --- Yokohama base data -------------------------------------------------------------------


@pytest.fixture
def yokohama(db):
    return load_base_data()


def test_the_base_data_holds_the_city_and_its_eighteen_wards_with_their_official_codes(yokohama):
    assert yokohama["wards"] == 18
    city = Place.objects.get(code="14100")
    assert city.kind == Kind.CITY and city.name == "横浜市" and city.parent is None
    wards = Place.objects.filter(kind=Kind.WARD)
    assert sorted(wards.values_list("code", flat=True)) == [str(code) for code in range(14101, 14119)]
    assert all(w.parent_id == city.pk for w in wards)
    assert {"中区", "磯子区", "保土ケ谷区", "青葉区"} <= set(wards.values_list("name", flat=True))
    assert wards.get(code="14104").name == "中区"


def test_the_base_data_holds_1705_blocks_each_under_its_ward(yokohama):
    assert yokohama["blocks"] == 1705
    assert yokohama["new_blocks"] == 1705
    blocks = Place.objects.filter(kind=Kind.BLOCK).select_related("parent")
    assert blocks.count() == 1705
    assert all(b.parent.kind == Kind.WARD and b.code.startswith(b.parent.code + "-") for b in blocks)
    # A handful of 町丁目 have no point in the source data; they are kept, without a position.
    unplaced = [b for b in blocks if b.latitude is None]
    assert len(unplaced) < 10
    assert all(b.longitude is None for b in unplaced)
    assert all(
        35.1 < b.latitude < 35.7 and 139.4 < b.longitude < 139.8 for b in blocks if b.latitude is not None
    )
    assert set(Place.objects.under(Place.objects.get(code="14100")).filter(kind=Kind.BLOCK)) == set(blocks)
    assert_paths_are_consistent()


def test_blocks_from_the_base_data_are_searchable_by_name(yokohama):
    assert Place.objects.search("かもめ町").filter(kind=Kind.BLOCK).exists()
    assert Place.objects.search("カモメ町").filter(kind=Kind.BLOCK).exists()


def test_every_ward_has_a_geojson_boundary_and_a_point_inside_yokohama(yokohama):
    for ward in Place.objects.filter(kind=Kind.WARD):
        assert ward.boundary["type"] in {"Polygon", "MultiPolygon"}, ward.name
        assert ward.boundary["coordinates"], ward.name
        assert 35.3 < ward.latitude < 35.6 and 139.4 < ward.longitude < 139.8, ward.name


def test_loading_the_base_data_twice_changes_nothing(yokohama):
    before = list(Place.objects.order_by("pk").values_list("pk", "code", "path", "depth", "parent_id"))
    again = load_base_data()
    after = list(Place.objects.order_by("pk").values_list("pk", "code", "path", "depth", "parent_id"))
    assert again == {"wards": 18, "blocks": 1705, "new_blocks": 0}
    assert after == before


def test_reloading_the_base_data_leaves_re_attached_blocks_where_staff_put_them(yokohama):
    naka = Place.objects.get(code="14104")
    cp = Place.objects.create(kind=Kind.CP_AREA, code="14104-CP01", name="簑沢地域ケアプラザ", parent=naka)
    block = Place.objects.filter(parent=naka, kind=Kind.BLOCK).first()
    block.parent = cp
    block.save()
    load_base_data()
    assert fresh(block).parent == cp
    assert Place.objects.filter(kind=Kind.BLOCK).count() == 1705
    assert_paths_are_consistent()


def test_the_base_data_fills_in_a_tree_that_already_holds_the_city_and_a_ward(world):
    result = load_base_data()
    assert result["wards"] == 18
    assert Place.objects.filter(code="14104").count() == 1
    assert fresh(world.naka).boundary is not None
    assert fresh(world.minosawa).parent == world.naka  # the ward's own subtree is untouched
    # 簑沢 is also in the base data under the same code: it is kept where the ward put it.
    assert Place.objects.filter(kind=Kind.BLOCK).count() == 1705
    assert fresh(world.block).parent == world.d6
    assert_paths_are_consistent()
