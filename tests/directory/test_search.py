"""search(): Japanese substring search over listings, the same answers on SQLite and PostgreSQL.

On SQLite 3+ character words go through an FTS5 trigram table and 1–2 character words through
its vocabulary; on PostgreSQL through pg_trgm and a 1–2 character GIN index. Each test here holds
on both databases; the last ones check the SQLite triggers and PostgreSQL indexes themselves.
"""

from __future__ import annotations

from importlib import import_module

import jaconv
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tsunagu.directory import search as search_module
from tsunagu.directory.models import Category, Listing, SynonymGroup, Visibility
from tsunagu.directory.search import rebuild_index, search, words
from tsunagu.lib.japanese import normalize

pytestmark = pytest.mark.django_db


def make(world, name, name_kana="", description="", place=None, **kw):
    return Listing.objects.create(name=name, name_kana=name_kana, description=description,
                                  place=place or world.d6, visibility=Visibility.PUBLIC, **kw)


def names(queryset) -> list[str]:
    return [listing.name for listing in queryset]


@pytest.fixture(autouse=True)
def no_synonyms(db):
    """The tests below are about spellings; the synonym list (loaded by a migration) would widen
    いきいき to ふれあい. The synonym tests make their own groups."""
    SynonymGroup.objects.all().delete()


@pytest.fixture
def listings(world):
    taiso = make(world, "いきいき体操", "いきいきたいそう", "椅子に座ってできる体操です。", organisation=world.d6_council)
    make(world, "お買物ツアー", "おかいものつあー", "バスでスーパーへ行きます。", place=world.d7)
    make(world, "移動販売（さくらストア）", "いどうはんばい", "野菜・パン・日用品を積んだ車が来ます。",
         place=world.isogo_d)
    make(world, "仙川", "せんがわ", "川沿いを歩く会。")
    make(world, "ふれあいサロン", "ふれあいさろん", "お茶とおしゃべり。健康麻雀もあります。")
    taiso.categories.add(Category.objects.get(code="taiso"))
    return taiso


@pytest.mark.parametrize("query", ["たいそう", "タイソウ", "ﾀｲｿｳ", "タイソウ", "イキイキ"])
def test_a_reading_in_any_kana_or_width_finds_the_listing(listings, query):
    assert names(search(Listing.objects.all(), query)) == ["いきいき体操"]


def test_the_reading_finds_a_listing_whose_name_is_in_kanji(listings):
    assert names(search(Listing.objects.all(), "せんがわ")) == ["仙川"]
    assert names(search(Listing.objects.all(), "センガワ")) == ["仙川"]


@pytest.mark.parametrize("query, expected", [("体操", ["いきいき体操"]), ("買物", ["お買物ツアー"]),
                                             ("麻雀", ["ふれあいサロン"]), ("川", ["仙川"])])
def test_one_and_two_character_words_find_listings(listings, query, expected):
    assert names(search(Listing.objects.all(), query)) == expected


def test_three_or_more_characters_find_listings(listings):
    assert names(search(Listing.objects.all(), "移動販売")) == ["移動販売（さくらストア）"]
    assert names(search(Listing.objects.all(), "さくらストア")) == ["移動販売（さくらストア）"]


def test_a_word_found_only_in_the_description(listings):
    assert names(search(Listing.objects.all(), "日用品")) == ["移動販売（さくらストア）"]
    assert names(search(Listing.objects.all(), "パン")) == ["移動販売（さくらストア）"]


def test_the_organisation_is_searched_too(listings):
    assert names(search(Listing.objects.all(), "第6地区社会福祉協議会")) == ["いきいき体操"]


def test_a_word_at_the_very_end_of_the_text_is_found(world):
    # The last characters of search_text begin no trigram of their own; the index pads them.
    make(world, "ラジオ", "らじお", "朝の体操")
    assert Listing.objects.get().search_text.endswith("タイソウ")  # the description's reading comes last
    for query in ("体操", "操", "の体操", "ソウ"):
        assert names(search(Listing.objects.all(), query)) == ["ラジオ"], query


def test_every_word_must_match(listings):
    assert names(search(Listing.objects.all(), "体操 椅子")) == ["いきいき体操"]
    assert names(search(Listing.objects.all(), "体操　椅子")) == ["いきいき体操"]  # full-width space
    assert names(search(Listing.objects.all(), "体操 買物")) == []
    assert names(search(Listing.objects.all(), "たいそう つくえ")) == []  # つくえ is not in the text
    assert names(search(Listing.objects.all(), "たいそう いす")) == ["いきいき体操"]  # いす is 椅子
    assert names(search(Listing.objects.all(), "お茶 おしゃべり 麻雀")) == ["ふれあいサロン"]


def test_an_empty_query_changes_nothing(listings):
    everything = Listing.objects.order_by("pk")
    for query in ("", "   ", "　", None):
        assert list(search(everything, query)) == list(everything)


def test_nothing_found(listings):
    assert list(search(Listing.objects.all(), "存在しない言葉")) == []
    assert list(search(Listing.objects.all(), "鰻")) == []
    assert list(search(Listing.objects.all(), "zz")) == []


def test_query_syntax_is_just_text(world):
    make(world, 'サロン"ひだまり" OR (NEAR*) 50%_off', "さろん")
    for query in ['"ひだまり"', '"', "OR", "(near*)", "NEAR*", "50%", "%_", "_", "r (", '" OR "']:
        assert names(search(Listing.objects.all(), query)) == ['サロン"ひだまり" OR (NEAR*) 50%_off'], query
    for query in ["AND", "NOT", '""', "_x", "%%", "**"]:
        assert names(search(Listing.objects.all(), query)) == [], query


def test_names_beginning_with_the_query_come_first_then_by_reading(world):
    make(world, "いきいき体操", "いきいきたいそう")
    make(world, "あおば体操の会", "あおばたいそうのかい")
    make(world, "体操クラブ", "たいそうくらぶ")
    make(world, "ゆうゆう", "ゆうゆう", "体操とお茶")
    assert names(search(Listing.objects.all(), "体操")) == ["体操クラブ", "あおば体操の会", "いきいき体操", "ゆうゆう"]
    # The reading counts as a beginning too; たいそう also finds 体操 in a description (its reading).
    assert names(search(Listing.objects.all(), "たいそう")) == ["体操クラブ", "あおば体操の会", "いきいき体操", "ゆうゆう"]
    # Without ranking the queryset's own order stays.
    assert names(search(Listing.objects.order_by("-name_kana"), "体操", order=False)) == [
        "ゆうゆう", "体操クラブ", "いきいき体操", "あおば体操の会"]


def test_search_narrows_any_queryset(world, listings):
    # Staff see their own area (policy), residents the published listings.
    mine = search(Listing.objects.visible_to(world.naka_1so), "移動販売")
    assert list(mine) == []
    assert names(search(Listing.objects.visible_to(world.isogo_1so), "移動販売")) == ["移動販売（さくらストア）"]
    Listing.objects.filter(name="仙川").update(visibility=Visibility.DRAFT)
    assert list(search(Listing.objects.public(), "せんがわ")) == []
    # Filters after the search, counts and use as a subquery work as usual.
    found = search(Listing.objects.all(), "体操").filter(categories__code="taiso")
    assert names(found) == ["いきいき体操"] and found.count() == 1
    assert names(Listing.objects.filter(pk__in=search(Listing.objects.all(), "ば").values("pk")).order_by("pk")) == [
        "お買物ツアー", "移動販売（さくらストア）"]
    assert names(search(Listing.objects.filter(place__path__startswith=world.naka.path), "体操 椅子")) == ["いきいき体操"]


def test_words_are_normalised_and_redundant_ones_dropped():
    assert words(" ﾀｲｿｳ　たいそう  Ａｂ ") == ["タイソウ", "ab"]
    assert words("体操 いきいき体操") == ["イキイキ体操"]
    assert words("") == [] and words(None) == []


# --- The index follows every change ---------------------------------------------------------


def test_a_renamed_listing_is_found_by_its_new_name_not_the_old(listings):
    listings.name, listings.name_kana = "のびのび運動", "のびのびうんどう"
    listings.description = "立ってする運動。"
    listings.save()
    for old in ("いきいき", "体操", "たいそう", "椅子"):
        assert list(search(Listing.objects.all(), old)) == [], old
    for new in ("のびのび", "運動", "うんどう", "ノビノビウンドウ", "立って"):
        assert names(search(Listing.objects.all(), new)) == ["のびのび運動"], new


def test_a_deleted_listing_is_no_longer_found(world, listings):
    listings.delete()
    assert list(search(Listing.objects.all(), "体操")) == []
    assert list(search(Listing.objects.all(), "いきいき")) == []
    Listing.objects.filter(name="仙川").delete()
    assert list(search(Listing.objects.all(), "せんがわ")) == []
    # and a new listing that reuses nothing of the old is found
    make(world, "いきいき体操", "いきいきたいそう")
    assert names(search(Listing.objects.all(), "体操")) == ["いきいき体操"]


def test_queryset_update_and_bulk_operations_keep_the_index(world, listings):
    # queryset.update() and bulk_update() skip save() but still write search_text in SQL.
    Listing.objects.filter(pk=listings.pk).update(search_text=normalize("らじお体操"))
    assert names(search(Listing.objects.all(), "ラジオ")) == ["いきいき体操"]
    assert list(search(Listing.objects.all(), "いきいき")) == []
    listings.search_text = normalize("ストレッチ")
    Listing.objects.bulk_update([listings], ["search_text"])
    assert names(search(Listing.objects.all(), "ストレッチ")) == ["いきいき体操"]
    assert list(search(Listing.objects.all(), "ラジオ")) == []
    # Other columns changing leave the index alone.
    Listing.objects.filter(pk=listings.pk).update(name="なにか", status="paused")
    assert names(search(Listing.objects.all(), "ストレッチ")) == ["なにか"]


def test_rebuild_index_after_a_bulk_load(world):
    Listing.objects.bulk_create([
        Listing(name="朝のラジオ体操", name_kana="あさのらじおたいそう", place=world.d6),
        Listing(name="買物バス", name_kana="かいものばす", place=world.d7),
    ])
    # bulk_create skips save(): no search_text yet, so nothing is found
    assert list(search(Listing.objects.all(), "体操")) == []
    rebuild_index(recompute=True)
    assert names(search(Listing.objects.all(), "体操")) == ["朝のラジオ体操"]
    assert names(search(Listing.objects.all(), "かいもの")) == ["買物バス"]
    assert names(search(Listing.objects.all(), "ラジオ体操")) == ["朝のラジオ体操"]
    rebuild_index()  # again: nothing changes
    assert names(search(Listing.objects.all(), "バス")) == ["買物バス"]


def test_changes_rolled_back_leave_the_index_as_it_was(listings):
    with transaction.atomic():
        listings.name = "のびのび運動"
        listings.save()
        transaction.set_rollback(True)
    assert names(search(Listing.objects.all(), "いきいき")) == ["いきいき体操"]
    assert list(search(Listing.objects.all(), "のびのび")) == []


def test_common_short_words_fall_back_to_a_scan_with_the_same_answer(listings, monkeypatch):
    expected = {q: names(search(Listing.objects.all(), q)) for q in ("体操", "い", "パン", "体操 椅子")}
    monkeypatch.setattr(search_module, "MAX_SHORT_TERMS", 0)
    for query, found in expected.items():
        assert names(search(Listing.objects.all(), query)) == found, query


# --- Properties -----------------------------------------------------------------------------

KATAKANA = st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30F6) | st.just("ー"),
                   min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=KATAKANA)
@example(name="タイソウ")
@example(name="ヶ")
@example(name="ヵカ")
@example(name="ー")
def test_the_hiragana_form_of_a_katakana_name_finds_it(world, name):
    hiragana = jaconv.kata2hira(name)
    with transaction.atomic():
        listing = make(world, name)
        make(world, "べつの会", "べつのかい")
        assert listing in search(Listing.objects.all(), hiragana)
        assert listing in search(Listing.objects.all(), name)
        transaction.set_rollback(True)


# A small alphabet, so that random queries often do match.
TEXT = st.text(alphabet=list("アイウあい体操川 ab\"*%_()"), max_size=14)


@pytest.fixture
def random_listings(world):
    texts = ["アイウ体操", "あいう", "体操 川", "ab", 'a"b*', "%_()", "川", "イアイア アイ", "操体", "いい体"]
    return [make(world, text, description="川" if i % 3 == 0 else "") for i, text in enumerate(texts)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=TEXT)
@example(query="体操")
@example(query="操 体")
@example(query='"')
@example(query="アイ イア")
def test_search_finds_exactly_the_listings_containing_every_word(random_listings, query):
    per_word = search_module.alternatives_of(query)
    expected = sorted(item.pk for item in random_listings
                      if all(any(a in item.search_text for a in alternatives) for alternatives in per_word))
    assert sorted(item.pk for item in search(Listing.objects.all(), query)) == expected


# --- The database objects themselves --------------------------------------------------------


def test_the_search_indexes_exist_after_all_migrations():
    # On SQLite, Django rebuilds a table to alter it, which drops its triggers (0004 does);
    # search.after_migrate, connected in DirectoryConfig.ready(), puts them back.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'directory_listing'")
            assert {row[0] for row in cursor.fetchall()} >= set(search_module.SQLITE_TRIGGER_NAMES), (
                "the FTS triggers are missing: is search.after_migrate connected to post_migrate?")
            cursor.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s)",
                           [search_module.FTS_TABLE, search_module.VOCAB_TABLE])
            assert len(cursor.fetchall()) == 2
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'directory_listing'")
            assert {row[0] for row in cursor.fetchall()} >= {"directory_listing_search_trgm",
                                                             "directory_listing_search_grams"}
        else:
            raise AssertionError(f"no search index on {connection.vendor}")


@pytest.mark.only_on("sqlite")  # triggers
def test_triggers_lost_to_a_table_rebuild_are_put_back_and_the_index_repaired(listings):
    assert search_module.ensure_sqlite_index() is False  # nothing to do
    with connection.cursor() as cursor:
        for name in search_module.SQLITE_TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    listings.name, listings.name_kana = "のびのび運動", "のびのびうんどう"
    listings.save()
    assert list(search(Listing.objects.all(), "のびのび")) == []  # the index missed the change
    search_module.after_migrate(using=connection.alias)
    assert names(search(Listing.objects.all(), "のびのび")) == ["のびのび運動"]
    assert list(search(Listing.objects.all(), "いきいき体操")) == []
    listings.name, listings.name_kana = "ぐんぐん", "ぐんぐん"
    listings.save()
    assert names(search(Listing.objects.all(), "ぐんぐん")) == ["ぐんぐん"]
    assert list(search(Listing.objects.all(), "のびのび")) == []


@pytest.mark.only_on("sqlite")  # FTS5
def test_sqlite_uses_the_fts_table_for_short_and_long_words(listings):
    sql = str(search(Listing.objects.all(), "体操 いきいき").query)
    assert search_module.FTS_TABLE in sql and "LIKE" not in sql.split("WHERE", 1)[1]


def _grams(text: str) -> set[str]:
    """What the index must hold: every 1- and 2-character substring without a space."""
    return {text[i:i + n] for n in (1, 2) for i in range(len(text) - n + 1) if " " not in text[i:i + n]}


@pytest.mark.only_on("postgresql")  # its own SQL function
@pytest.mark.parametrize("text", ["アイ 体操", "体操体操 体操", " 前後 ", "囲", "", "  ", "𠮷野家 髙﨑 ｶﾞ", "a b  cd"])
def test_postgresql_short_grams_match_the_text(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsunagu_short_grams(%s)", [text])
        assert set(cursor.fetchone()[0]) == _grams(text)
    assert _grams("アイ 体操") == {"ア", "イ", "体", "操", "アイ", "体操"}


def _seqscan() -> tuple[str, str] | None:
    """PostgreSQL's two settings that words_from_the_index() changes (and the others it changes
    with them — plain index scans, the price of an operator, JIT — checked to follow them)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        seqscan = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
        cursor.execute("SHOW cpu_operator_cost")
        cost = float(cursor.fetchone()[0])
        cursor.execute("SHOW enable_indexscan")
        indexscan = cursor.fetchone()[0]
        cursor.execute("SELECT setting, reset_val FROM pg_settings WHERE name = 'jit'")
        jit, server_jit = cursor.fetchone()
        if indexscan != seqscan:
            return "indexscan", indexscan
        if jit != ("off" if seqscan == "off" else server_jit):  # JIT off inside (search.planner_settings)
            return "jit", jit
        return (seqscan, workers) if cost == (0.025 if seqscan == "off" else 0.0025) else ("cost", str(cost))


def _nothing_is_sent_on_sqlite(words_from_the_index) -> None:
    """SQLite has no planner settings to steer: the block sends no SQL of its own (no SET, no
    savepoint) and leaves the connection's transaction state as it found it."""
    from django.test.utils import CaptureQueriesContext

    state = (connection.in_atomic_block, list(connection.savepoint_ids), connection.get_autocommit())
    with CaptureQueriesContext(connection) as sent:
        with words_from_the_index():
            inside = (connection.in_atomic_block, list(connection.savepoint_ids), connection.get_autocommit())
            Listing.objects.exists()
    assert len(sent.captured_queries) == 1 and "directory_listing" in sent.captured_queries[0]["sql"]  # ours only
    assert inside == state == (connection.in_atomic_block, list(connection.savepoint_ids), connection.get_autocommit())


def test_word_searches_cut_at_a_limit_are_told_to_use_the_index_and_nothing_else_is(listings):
    from django.db import DatabaseError

    from tsunagu.directory.search import words_from_the_index

    before, public = _seqscan(), Listing.objects.public().count()
    with words_from_the_index():
        found = {item.name for item in search(Listing.objects.public(), "たいそう")[:1001]}
        inside = _seqscan()
    assert found == {"いきいき体操"}
    if connection.vendor == "postgresql":
        assert before[0] == "on" and before[1] != "0"
        assert (inside, _seqscan()) == (("off", "0"), before)
    else:
        _nothing_is_sent_on_sqlite(words_from_the_index)
    # A query that fails inside leaves the setting as it was for the rest of the transaction.
    with pytest.raises(DatabaseError), words_from_the_index():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    assert _seqscan() == before
    assert Listing.objects.public().count() == public  # and the test's transaction goes on


WARD_LIST = ["いきいき体操", "ふれあいサロン", "お買物ツアー", "食事会", "散歩の会", "健康麻雀", "移動販売", "囲碁・将棋"]


@pytest.mark.only_on("postgresql")  # the planner's choice between its own indexes
@pytest.mark.parametrize("word, kind", [("体操", "いきいき体操"), ("たいそう", "いきいき体操"), ("買物", "お買物ツアー")])
def test_a_short_word_is_looked_up_in_the_grams_index_not_tested_row_by_row(world, word, kind):
    """tsunagu_short_grams() walks every character of a listing's text (~0.1 ms a row). At
    PL/pgSQL's default price (100), right after a ward's list was loaded — its GIN entries still
    in the index's pending list — the narrow fetch read every public listing and ran the function
    on each: 80–145 ms at 1,000 listings, where the index took 4–7 (migration 0014 prices it).
    Checked as loaded (bulk_create, as an import writes) and after the pending list is merged,
    as a vacuum leaves it."""
    from tsunagu.directory.search import rebuild_index, words_from_the_index

    Listing.objects.bulk_create([
        Listing(name=f"{WARD_LIST[i % len(WARD_LIST)]} {i}", place=world.d6, description="月に2回、地域の皆さんと。",
                visibility=Visibility.PUBLIC if i % 6 else Visibility.STAFF) for i in range(1000)])
    rebuild_index(recompute=True)  # as a bulk load does: search_text, then ANALYZE
    fetch = search(Listing.objects.public(), word, order=False).order_by().values_list("pk", "name")[:1001]
    sql, params = fetch.query.sql_with_params()
    for state in ("as loaded", "merged"):
        if state == "merged":
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list('directory_listing_search_grams'::regclass), "
                               "gin_clean_pending_list('directory_listing_search_trgm'::regclass)")
        with words_from_the_index(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        uses = [line for line in plan if "tsunagu_short_grams" in line]
        assert uses, plan  # the word is short: its grams are what the index is asked for
        assert not [line for line in uses if line.strip().startswith("Filter:")], (state, "\n".join(plan))
    assert {name for _pk, name in fetch} == {f"{kind} {i}" for i in range(1000)
                                             if WARD_LIST[i % len(WARD_LIST)] == kind and i % 6}


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_settings_end_with_the_block_of_their_own(world):
    """A request's search runs in autocommit: words_from_the_index opens a transaction of its own,
    and the settings end with it (no reset is sent)."""
    from django.db import transaction

    from tsunagu.directory.search import words_from_the_index

    before = _seqscan()
    assert not transaction.get_connection().in_atomic_block
    with words_from_the_index():
        inside = _seqscan()
    after = _seqscan()
    if connection.vendor == "postgresql":
        assert (inside, after) == (("off", "0"), before) and before[0] == "on"
    else:
        _nothing_is_sent_on_sqlite(words_from_the_index)
        assert not transaction.get_connection().in_atomic_block


# --- How people write Japanese (issue 12): spellings, readings, synonyms, addresses ----------


@pytest.fixture
def written(world):
    """Listings that write the same words differently, in their names and in their descriptions."""
    return {
        "kaimono": make(world, "買い物支援の会", "かいものしえんのかい", "週に一度、スーパーまで付き添います。"),
        "kaimono2": make(world, "ひまわり", "ひまわり", "買物バスで商店街へ。"),
        "kodomo": make(world, "子ども食堂あおぞら", "こどもしょくどうあおぞら", ""),
        "kodomo2": make(world, "にこにこ", "にこにこ", "こども食堂を月2回ひらいています。"),
        "shogi": make(world, "将棋の会", "しょうぎのかい", ""),
        "shogi2": make(world, "ゆうゆう", "ゆうゆう", "しょうぎ・囲碁・おしゃべり"),
        "mimamori": make(world, "みまもり隊", "みまもりたい", ""),
        "mimamori2": make(world, "あんしん", "あんしん", "一人暮らしの方を見守ります。"),
        "ikiiki": make(world, "生き生きサロン", "いきいきさろん", ""),
        "ikiiki2": make(world, "さくら", "さくら", "いきいきと体を動かしましょう。"),
    }


def found(query) -> set[str]:
    return set(names(search(Listing.objects.all(), query)))


@pytest.mark.parametrize("spellings, expected", [
    # 表記ゆれ and okurigana: 買い物 / 買物, 子ども / 子供 / こども
    (("買い物", "買物", "かいもの"), {"買い物支援の会", "ひまわり"}),
    (("子ども食堂", "子供食堂", "こども食堂"), {"子ども食堂あおぞら", "にこにこ"}),
    # kanji ↔ kana both ways, in names and in descriptions
    (("将棋", "しょうぎ"), {"将棋の会", "ゆうゆう"}),
    (("見守り", "みまもり"), {"みまもり隊", "あんしん"}),
    (("生き生き", "いきいき"), {"生き生きサロン", "さくら"}),
])
def test_every_spelling_of_a_word_finds_every_spelling_in_the_text(written, spellings, expected):
    for spelling in spellings:
        assert found(spelling) == expected, spelling


def test_an_okurigana_variant_inside_a_longer_query_word_still_finds(written):
    assert found("買物支援") == {"買い物支援の会"}
    assert found("子供食堂 にこにこ") == {"にこにこ"}


def test_a_reading_typed_for_a_word_the_dictionary_reads_otherwise_still_finds_it(world):
    # The dictionary takes たいそう for 大層 (its normalised form); the reading タイソウ of 体操 finds it.
    make(world, "ラジオ", "らじお", "朝のたいそう")
    make(world, "体操クラブ", "", "")
    assert found("体操") == {"ラジオ", "体操クラブ"}
    assert found("たいそう") == {"ラジオ", "体操クラブ"}


def test_a_short_reading_of_a_kanji_word_does_not_find_its_homophones(world):
    make(world, "介護の相談", "かいごのそうだん", "")
    make(world, "老人会", "ろうじんかい", "")
    assert found("会") == {"老人会"}  # 会 read カイ is not looked for: 介護 (カイゴ) would match


def test_the_address_and_the_block_are_searched(world):
    from tsunagu.directory.models import Location

    hall = Location.objects.create(name="地区センター", address="横浜市中区本牧町2-351", block=world.block)
    make(world, "カラオケの会", "からおけのかい", "", location=hall)
    make(world, "手芸の会", "しゅげいのかい", "")
    assert found("本牧町") == {"カラオケの会"}
    assert found("ほんもくちょう") == {"カラオケの会"}
    assert found("簑沢") == {"カラオケの会"}  # the 町丁目 the venue is in
    assert found("本牧町 カラオケ") == {"カラオケの会"}


def test_synonyms_widen_a_word_and_say_so(world):
    from tsunagu.directory.search import Widened, synonyms_used

    SynonymGroup.objects.create(words=["ふれあい", "いきいき"])
    SynonymGroup.objects.create(words=["サロン", "居場所", "通いの場"])
    make(world, "ふれあいの会", "ふれあいのかい", "")
    make(world, "生き生き体操", "いきいきたいそう", "")
    make(world, "通いの場さくら", "かよいのばさくら", "")
    make(world, "将棋の会", "しょうぎのかい", "")
    assert found("いきいき") == {"ふれあいの会", "生き生き体操"}
    assert found("生き生き") == {"ふれあいの会", "生き生き体操"}  # any spelling of a group's word
    assert found("ふれあい") == {"ふれあいの会", "生き生き体操"}
    assert found("サロン") == {"通いの場さくら"}
    assert found("いきいき 体操") == {"生き生き体操"}  # every word must still match
    assert synonyms_used("いきいき 将棋") == [Widened("いきいき", ("ふれあい",))]
    assert synonyms_used("生き生き") == [Widened("生き生き", ("ふれあい",))]
    assert synonyms_used("サロン") == [Widened("サロン", ("居場所", "通いの場"))]
    assert synonyms_used("将棋") == []


def test_synonym_markers_answer_exactly_as_the_spelled_out_words(world, written):
    """A group's marker (search.py, "Synonym groups in search_text") finds exactly what spelling
    out every word of the group finds, and is used only once the background work indexed it."""
    from tsunagu.directory.search import alternatives_of, group_marker, reindex_synonyms

    SynonymGroup.objects.create(words=["ふれあい", "いきいき"], position=0)
    SynonymGroup.objects.create(words=["買い物支援", "移動販売", "移動スーパー", "買い物代行"], position=1)
    SynonymGroup.objects.create(words=["見守り", "安否確認", "声かけ"], position=2)
    SynonymGroup.objects.create(words=["子ども食堂", "地域食堂"], position=3)
    make(world, "ふれあいの会", "ふれあいのかい", "")
    make(world, "移動スーパーとくし丸", "いどうすーぱーとくしまる", "")
    make(world, "声かけ訪問", "こえかけほうもん", "安否確認もします。")
    make(world, "地域食堂ひだまり", "ちいきしょくどうひだまり", "")
    Listing.objects.filter(name="さくら").update(search_text="さくら")  # written before the groups
    queries = ("いきいき", "生き生き", "イキイキ", "ふれあい", "移動販売", "買物", "買い物支援", "みまもり",
               "見守り 声かけ", "こども食堂", "子供食堂 にこにこ", "地域食堂", "将棋", "い", "いきいき サロン")
    spelled = {q: found(q) for q in queries}
    assert spelled["いきいき"] == {"ふれあいの会", "生き生きサロン"}  # さくら's stored text has no いきいき
    assert spelled["移動販売"] == {"移動スーパーとくし丸", "買い物支援の会"}

    # Migration 0012 writes the markers of the listings there are (the same work as after an edit).
    from types import SimpleNamespace

    from django.apps import apps

    import_module("tsunagu.directory.migrations.0012_synonym_markers").add_markers(
        apps, SimpleNamespace(connection=connection))
    assert set(SynonymGroup.objects.values_list("indexed", flat=True)) == {True}
    marker = group_marker(("ふれあい", "いきいき"))
    assert normalize(marker) == marker and len(marker) == 9
    if connection.vendor == "postgresql":  # pg_trgm indexes it (it makes trigrams of letters only)
        with connection.cursor() as cursor:
            cursor.execute("SELECT array_length(show_trgm(%s), 1)", [marker])
            assert cursor.fetchone()[0] >= 8
    assert Listing.objects.get(name="ふれあいの会").search_text.endswith(" " + marker)
    assert alternatives_of("移動販売") == [(group_marker(("買い物支援", "移動販売", "移動スーパー", "買い物代行")),)]
    assert {q: found(q) for q in queries} == spelled
    # A listing saved afterwards carries its groups' markers itself.
    make(world, "いきいき広場", "いきいきひろば", "")
    assert Listing.objects.get(name="いきいき広場").search_text.endswith(" " + marker)
    assert found("ふれあい") == spelled["ふれあい"] | {"いきいき広場"}
    # Reindexing again changes nothing; a listing that leaves its group loses the marker.
    assert reindex_synonyms() == 0
    listing = Listing.objects.get(name="ふれあいの会")
    listing.name, listing.name_kana = "おしゃべりの会", "おしゃべりのかい"
    listing.save()
    assert marker not in Listing.objects.get(pk=listing.pk).search_text
    assert "おしゃべりの会" not in found("いきいき")


def test_a_group_not_yet_indexed_is_spelled_out(world):
    """Until the background work has written a new group's markers, its words are searched as
    they are written: an edit of the list shows at once."""
    from tsunagu.directory.search import alternatives_of

    make(world, "おしゃべり広場", "おしゃべりひろば", "")
    SynonymGroup.objects.create(words=["たまりば", "広場"])
    assert not SynonymGroup.objects.get().indexed
    assert "広場" in alternatives_of("たまりば")[0]
    assert found("たまりば") == {"おしゃべり広場"}


def test_the_default_synonyms_are_loaded_by_the_migration():
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module("tsunagu.directory.migrations.0010_search_words")
    migration.load_defaults(apps, SimpleNamespace(connection=connection))  # emptied by no_synonyms
    assert [g.words for g in SynonymGroup.objects.all()] == migration.DEFAULT_GROUPS
    assert ["ふれあい", "いきいき"] in migration.DEFAULT_GROUPS
    assert any("移動販売" in g and "買い物支援" in g for g in migration.DEFAULT_GROUPS)


def test_the_index_answers_as_a_scan_with_several_spellings(written, monkeypatch):
    queries = ("買い物", "しょうぎ", "子供食堂 にこにこ", "見守り", "い", "生き生き")
    expected = {q: found(q) for q in queries}
    monkeypatch.setattr(search_module, "MAX_SHORT_TERMS", 0)  # every short spelling: a scan
    assert {q: found(q) for q in queries} == expected
