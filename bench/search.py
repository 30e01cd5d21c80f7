"""Benchmark Japanese search over many listings on SQLite and PostgreSQL (see bench/README.md).

    .venv/bin/python bench/search.py --listings 100000 --out bench/results/search.json
    .venv/bin/python bench/search.py --listings 100000 --postgres auto --out bench/results/search.json

For each database the script runs itself in a child process (settings read DATABASE_URL once),
migrates an empty database, loads generated listings the way a bulk import would (bulk_create,
then search.rebuild_index(recompute=True)) and times each case server-side over --requests
runs after a warm-up (the cases in turns, so that a burst of other work hits them all alike), in milliseconds: the search as the page asks it without the template
(PublicSearchForm.filter and results.result_page: the count and the first 20), then whole requests through Django's test client (the public search page
at / and /resources/, the map's points.json for the same searches), each beside a trivial query
and a trivial page (/about/) timed in the same process, so that a slow machine shows in both.

--keep-sqlite FILE and --keep-postgres leave the generated databases behind for bench/load.py
(bench/run.py does that); --prepare-only makes a database and times nothing; --reuse times a
database kept by an earlier run instead of generating one (for trying a change quickly).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 54344
BENCH_DB = "tsunagu_search_bench"
# The target for a public search, 2-character words included, on both databases.
TARGET_MS = 50.0
# Kinds of case that the target applies to; the rest are shown for comparison.
TARGETED = {"3+", "2", "filter", "3+ page", "2 page", "filter page", "map"}


def pg_dir(port: int) -> str:
    return f"/tmp/tsunagu-bench-pg-{port}"


# --- Generated data -------------------------------------------------------------------------

TOWNS = [
    ("本牧", "ほんもく"), ("簑沢", "みのさわ"), ("山手", "やまて"), ("根岸", "ねぎし"), ("磯子", "いそご"),
    ("杉田", "すぎた"), ("洋光台", "ようこうだい"), ("港南台", "こうなんだい"), ("上大岡", "かみおおおか"),
    ("日吉", "ひよし"), ("綱島", "つなしま"), ("菊名", "きくな"), ("妙蓮寺", "みょうれんじ"), ("大倉山", "おおくらやま"),
    ("新羽", "にっぱ"), ("仲町台", "なかまちだい"), ("青葉台", "あおばだい"), ("藤が丘", "ふじがおか"),
    ("市が尾", "いちがお"), ("鶴見", "つるみ"), ("生麦", "なまむぎ"), ("戸塚", "とつか"), ("瀬谷", "せや"),
    ("三ツ境", "みつきょう"), ("二俣川", "ふたまたがわ"), ("希望が丘", "きぼうがおか"), ("鶴ヶ峰", "つるがみね"),
    ("白根", "しらね"), ("中山", "なかやま"), ("十日市場", "とおかいちば"), ("長津田", "ながつた"),
    ("金沢文庫", "かなざわぶんこ"), ("富岡", "とみおか"), ("能見台", "のうけんだい"), ("六浦", "むつうら"),
    ("保土ケ谷", "ほどがや"), ("星川", "ほしかわ"), ("和田町", "わだまち"), ("天王町", "てんのうちょう"),
    ("弘明寺", "ぐみょうじ"), ("井土ヶ谷", "いどがや"), ("蒔田", "まいた"), ("吉野町", "よしのちょう"),
    ("野毛", "のげ"), ("元町", "もとまち"), ("石川町", "いしかわちょう"), ("岸根", "きしね"),
    ("六角橋", "ろっかくばし"), ("白楽", "はくらく"), ("大口", "おおぐち"), ("子安", "こやす"),
    ("屛風ヶ浦", "びょうぶがうら"), ("久良岐", "くらき"), ("日野", "ひの"), ("笹下", "ささげ"), ("永谷", "ながや"),
    ("舞岡", "まいおか"), ("踊場", "おどりば"), ("立場", "たてば"), ("いずみ野", "いずみの"),
    ("緑園", "りょくえん"), ("阿久和", "あくわ"), ("二ツ橋", "ふたつばし"), ("寺尾", "てらお"), ("馬場", "ばば"),
    ("駒岡", "こまおか"), ("末吉", "すえよし"), ("矢向", "やこう"), ("大場", "おおば"), ("美しが丘", "うつくしがおか"),
]
NICKNAMES = ["ひまわり", "さくら", "たんぽぽ", "すみれ", "あじさい", "なでしこ", "こすもす", "ひだまり", "なごみ",
             "えがお", "ぬくもり", "やすらぎ", "ほっと", "わかば", "つばき", "もみじ", "かえで", "すずらん", "あおぞら",
             "にこにこ", "のんびり", "げんき", "ふれあい", "ゆうゆう", "まごころ"]
SHOPS = [("みなとマート", "みなとまーと"), ("丸新ストア", "まるしんすとあ"), ("八百辰", "やおたつ"),
         ("浜っ子ベーカリー", "はまっこべーかりー"), ("大岡鮮魚店", "おおおかせんぎょてん"), ("さくらストア", "さくらすとあ"),
         ("ハマの台所", "はまのだいどころ"), ("生協みどり", "せいきょうみどり")]
WARDS = ["鶴見区", "神奈川区", "西区", "中区", "南区", "保土ケ谷区", "磯子区", "金沢区", "港北区", "戸塚区", "港南区",
         "旭区", "緑区", "瀬谷区", "栄区", "泉区", "青葉区", "都筑区"]
DAYS = "月火水木金土"

# (category code, name template, kana template, description sentences); {t} town, {n} nickname,
# {s} shop — each with its reading as {tk} {nk} {sk}.
KINDS = [
    ("taiso", "{t}いきいき体操", "{tk}いきいきたいそう", ["椅子に座ってできる軽い体操です。", "ストレッチと脳トレもします。"]),
    ("taiso", "{t}元気体操クラブ", "{tk}げんきたいそうくらぶ", ["立ってする体操で足腰をきたえます。"]),
    ("taiso", "ラジオ体操（{t}公園）", "らじおたいそう{tk}こうえん", ["雨の日はお休みです。"]),
    ("taiso", "ころばん体操{n}", "ころばんたいそう{nk}", ["転倒予防の体操です。", "おもりを使います。"]),
    ("taiso", "{t}ウォーキングの会", "{tk}うぉーきんぐのかい", ["公園や川沿いを歩きます。"]),
    ("salon", "{t}ふれあいサロン", "{tk}ふれあいさろん", ["お茶とおしゃべりの会です。", "手作りのお菓子があります。"]),
    ("salon", "サロン{n}", "さろん{nk}", ["季節の行事や歌を楽しみます。"]),
    ("salon", "{t}いこいの会", "{tk}いこいのかい", ["どなたでも気軽にお越しください。"]),
    ("kaishoku", "{t}ふれあい会食会", "{tk}ふれあいかいしょくかい", ["手作りのお昼ごはんをみんなで食べます。"]),
    ("kaishoku", "みんなの食堂{n}", "みんなのしょくどう{nk}", ["子どもから高齢の方まで一緒に食事をします。"]),
    ("shumi", "{t}囲碁クラブ", "{tk}いごくらぶ", ["初心者には教えます。"]),
    ("shumi", "健康麻雀{n}", "けんこうまーじゃん{nk}", ["賭けない・飲まない・吸わない健康麻雀です。"]),
    ("shumi", "手芸サークル{n}", "しゅげいさーくる{nk}", ["編み物や小物づくりをします。"]),
    ("shumi", "カラオケ{n}", "からおけ{nk}", ["歌って声を出して元気になりましょう。"]),
    ("ninchisho-cafe", "オレンジカフェ{n}", "おれんじかふぇ{nk}", ["認知症の方とご家族、どなたでも。", "専門職に相談もできます。"]),
    ("idou-hanbai", "移動販売（{s}）{t}", "いどうはんばい{sk}{tk}", ["野菜・パン・日用品を積んだ車が来ます。", "注文もできます。"]),
    ("idou-shien", "{t}お出かけ送迎", "{tk}おでかけそうげい", ["病院や買物への送迎をボランティアが行います。"]),
    ("kaimono", "{t}買物バス", "{tk}かいものばす", ["スーパーまでバスで送迎します。"]),
    ("kaimono", "お買物ツアー（{s}）", "おかいものつあー{sk}", ["みんなでお店へ行き、帰りは荷物を運びます。"]),
    ("haishoku", "{t}配食サービス", "{tk}はいしょくさーびす", ["お弁当を届けて安否も確認します。"]),
    ("kaji", "{t}ちょこっとボランティア", "{tk}ちょこっとぼらんてぃあ", ["電球交換やごみ出しなど30分程度のお手伝い。"]),
    ("houmon-ribiyou", "訪問理美容{n}", "ほうもんりびよう{nk}", ["ご自宅でカットします。"]),
    ("fukushi-taxi", "{n}福祉タクシー", "{nk}ふくしたくしー", ["車いすのまま乗れます。"]),
    ("touyu", "灯油配達（{s}）", "とうゆはいたつ{sk}", ["冬の間、灯油を家まで届けます。"]),
    ("mimamori-katsudou", "{t}見守り隊", "{tk}みまもりたい", ["登下校と一人暮らしの方の見守りをします。"]),
    ("koekake", "{t}声かけ訪問", "{tk}こえかけほうもん", ["月に一度、ご自宅を訪ねます。"]),
    ("soudan", "{t}暮らしの相談会", "{tk}くらしのそうだんかい", ["介護や生活のことを気軽に相談できます。"]),
]
COMMON = ["初めての方も歓迎します。", "事前の申込みは不要です。", "送迎があります。", "車いすの方もどうぞ。",
          "参加費は1回100円（お茶代）です。", "駐車場はありません。", "雨天の場合は中止します。", "見学できます。",
          "会員制です。詳しくはお問い合わせください。", "マスクをお持ちください。"]


# Roughly Yokohama: a point per hall, spread around its ward's centre.
CITY_LAT, CITY_LNG = (35.33, 35.58), (139.47, 139.70)


def generate(count: int, seed: int = 20261127) -> dict:
    """Places, organisations, locations (with points) and ``count`` listings with schedules,
    made with bulk_create the way a bulk import would."""
    from tsunagu.directory.models import (
        Category,
        Eligibility,
        Intensity,
        Listing,
        Location,
        Schedule,
        Status,
        Visibility,
    )
    from tsunagu.people.models import Organisation, OrganisationKind
    from tsunagu.places.models import Kind, Place

    rng = random.Random(seed)
    city = Place.objects.create(kind=Kind.CITY, code="14100", name="横浜市", name_kana="よこはまし")
    wards, cps, districts = [], [], []
    for w, ward_name in enumerate(WARDS):
        ward_code = f"141{w + 1:02d}"
        ward = Place.objects.create(kind=Kind.WARD, code=ward_code, name=ward_name, parent=city)
        wards.append(ward)
        for c in range(8):
            town, kana = TOWNS[(w * 8 + c) % len(TOWNS)]
            cp = Place.objects.create(kind=Kind.CP_AREA, code=f"{ward_code}-CP{c:02d}", name=f"{town}地域ケアプラザ",
                                      name_kana=f"{kana}ちいきけあぷらざ", parent=ward)
            cps.append((cp, town, kana))
            for d in range(4):
                districts.append((Place.objects.create(kind=Kind.DISTRICT, code=f"{ward_code}-CP{c:02d}-D{d}",
                                                       name=f"{town}第{d + 1}地区", parent=cp), town, kana))
    orgs = {}
    for cp, _town, _kana in cps:
        orgs[cp.pk] = Organisation.objects.create(kind=OrganisationKind.CARE_PLAZA, name=cp.name,
                                                  name_kana=cp.name_kana, place=cp)
    for district, _town, _kana in districts:
        orgs[district.pk] = Organisation.objects.create(kind=OrganisationKind.DISTRICT_COUNCIL,
                                                        name=f"{district.name}社会福祉協議会", place=district)
    centres = {w: (rng.uniform(*CITY_LAT), rng.uniform(*CITY_LNG)) for w in range(len(WARDS))}
    halls = []
    for i, (_, town, _) in enumerate(districts):
        lat, lng = centres[i // 32]
        for hall in ("町内会館", "地区センター", "公園"):
            point = rng.random() < 0.9  # a few halls have no point on the map yet
            halls.append(Location(name=f"{town}{hall}", address=f"横浜市{WARDS[i // 32]}{town}{rng.randint(1, 5)}丁目",
                                  latitude=round(lat + rng.uniform(-0.02, 0.02), 6) if point else None,
                                  longitude=round(lng + rng.uniform(-0.02, 0.02), 6) if point else None))
    locations = Location.objects.bulk_create(halls)
    categories = {c.code: c for c in Category.objects.all()}
    statuses = [Status.ACTIVE] * 17 + [Status.PAUSED, Status.PLANNED, Status.ENDED]
    visibilities = [Visibility.PUBLIC] * 17 + [Visibility.STAFF, Visibility.DRAFT, Visibility.DRAFT]
    listings, kinds, when = [], [], []
    for _ in range(count):
        code, name_t, kana_t, sentences = rng.choice(KINDS)
        district, town, town_kana = rng.choice(districts)
        nick = rng.choice(NICKNAMES)
        shop, shop_kana = rng.choice(SHOPS)
        fill = {"t": town, "tk": town_kana, "n": nick, "nk": nick, "s": shop, "sk": shop_kana}
        day = rng.randrange(len(DAYS))
        hour = rng.choice([9, 10, 13, 14])
        description = (f"毎週{DAYS[day]}曜日の{hour}時から。"
                       + "".join(rng.sample(sentences, k=rng.randint(1, len(sentences))))
                       + "".join(rng.sample(COMMON, k=rng.randint(0, 3))))
        use_org = rng.random() < 0.6
        listings.append(Listing(
            name=name_t.format(**fill), name_kana=kana_t.format(**fill), description=description,
            place=district, organisation=orgs[district.pk] if use_org else None,
            organiser_name="" if use_org else f"{town}{rng.choice(['有志の会', 'ボランティア', '町内会'])}",
            location=rng.choice(locations) if rng.random() < 0.8 else None,
            status=rng.choice(statuses), visibility=rng.choice(visibilities),
            eligibility=rng.choice(Eligibility.values), is_free=rng.random() < 0.4,
            has_pickup=rng.random() < 0.15, wheelchair=rng.random() < 0.3,
            intensity=rng.choice([Intensity.LIGHT, Intensity.MODERATE]) if code == "taiso" else Intensity.NONE,
            schedule_note=f"毎週{DAYS[day]}曜 {hour}:00〜" if rng.random() < 0.3 else "", search_text="",
            # What services keep from the schedules below (one weekday each); bulk_create skips them.
            weekday_mask=1 << day,
        ))
        kinds.append(code)
        when.append((day, hour))
    started = time.perf_counter()
    created = Listing.objects.bulk_create(listings, batch_size=2000)
    Through = Listing.categories.through
    links, schedules = [], []
    codes = ["MO", "TU", "WE", "TH", "FR", "SA"]
    for listing, code, (day, hour) in zip(created, kinds, when, strict=True):
        links.append(Through(listing_id=listing.pk, category_id=categories[code].pk))
        if rng.random() < 0.2:
            links.append(Through(listing_id=listing.pk, category_id=categories[rng.choice(KINDS)[0]].pk))
        monthly = rng.random() < 0.3
        schedules.append(Schedule(
            listing_id=listing.pk, freq=Schedule.Freq.MONTHLY if monthly else Schedule.Freq.WEEKLY,
            byday=f"2{codes[day]},4{codes[day]}" if monthly else codes[day],
            opens_at=clock(hour), closes_at=clock(hour + 2)))
    Through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    Schedule.objects.bulk_create(schedules, batch_size=5000)
    return {"wards": wards, "cps": [cp for cp, _, _ in cps], "categories": categories,
            "bulk_create_s": time.perf_counter() - started}


# --- Timing ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed_together(fns: dict, requests: int, warmup: int = 5) -> dict:
    """Each case's server-side times over ``requests`` runs after ``warmup`` runs, the cases in
    turns: round r runs every case once. A burst of other work
    on the machine (this VM's neighbours) then lands on all the cases alike instead of on the
    one that happened to be running, so the cases can be compared with each other and with the
    baseline timed in the same rounds."""
    # As a server process readies itself (tsunagu/wsgi.py): what is loaded by now, the generated
    # rows' objects included, is set aside from the garbage collector's full walks.
    from tsunagu.lib.serving import ready_to_serve

    ready_to_serve()
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict = {name: [] for name in fns}
    results: dict = {}
    for _ in range(requests):
        for name, fn in fns.items():
            started = time.perf_counter()
            results[name] = fn()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: {"p50_ms": round(percentile(t, 50), 2), "p95_ms": round(percentile(t, 95), 2),
                   "max_ms": round(max(t), 2), "mean_ms": round(statistics.fmean(t), 2), "n": requests,
                   "result": results[name]} for name, t in times.items()}


def judged(kind: str, timing: dict) -> dict:
    target = TARGET_MS if kind in TARGETED else None
    return {"kind": kind, **timing, "target_p95_ms": target,
            "met": None if target is None else timing["p95_ms"] <= target}


def explain(queryset) -> str:
    """The plan of a case's query: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    from django.db import connections

    try:
        if connections[queryset.db].vendor == "postgresql":
            return queryset.explain(analyze=True, buffers=True)
        return queryset.explain()
    except Exception as exc:  # a plan is a help for reading the numbers, never a reason to stop
        return f"(no plan: {type(exc).__name__}: {exc})"


def slowest_queries(client, path: str, params: dict, top: int = 3) -> dict:
    """One untimed request with its queries recorded, and each SELECT run again with all its rows
    fetched: how many queries, their time in the database, the slowest few, and the request's
    time outside the database. (Django's query log times execute() only, and SQLite does most of
    its work while rows are fetched, so the log alone would put that time in Python.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(path, params)
        total_ms = (time.perf_counter() - started) * 1000
    timed_queries = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(query["sql"])  # the logged SQL has its parameters in place
            cursor.fetchall()
            timed_queries.append(((time.perf_counter() - started) * 1000, query["sql"]))
    timed_queries.sort(reverse=True)
    db_ms = sum(ms for ms, _ in timed_queries)
    return {"queries": len(captured.captured_queries), "db_ms": round(db_ms, 1),
            "request_ms": round(total_ms, 1), "outside_db_ms": round(max(total_ms - db_ms, 0), 1),
            "slowest": [{"ms": round(ms, 1), "sql": sql[:600]} for ms, sql in timed_queries[:top]]}


def worker(args) -> dict:
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: nothing collected here
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tsunagu.directory.models import Listing
    from tsunagu.directory.search import rebuild_index

    settings.DEBUG = False  # no query log
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    if args.reuse and Listing.objects.exists():
        from tsunagu.directory.models import Category
        from tsunagu.places.models import Kind, Place

        data = {"wards": list(Place.objects.filter(kind=Kind.WARD).order_by("pk")),
                "categories": {c.code: c for c in Category.objects.all()}}
        setup = {"migrate": round(migrate_s, 1), "reused": True}
    else:
        data = generate(args.listings)
        started = time.perf_counter()
        rebuild_index(recompute=True)
        rebuild_s = time.perf_counter() - started
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            # The recompute rewrote every row once, and autovacuum would clean up and gather
            # statistics for every table within a minute or two of a load like this, in the
            # middle of the timed requests (on a fresh 20k database the map for 体操 took 1.3 s in
            # a third of one run's requests; 28 ms at p95 once the same database had settled).
            # Measure the database as it runs, not as it was loaded.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        setup = {"migrate": round(migrate_s, 1), "bulk_create": round(data["bulk_create_s"], 1),
                 "recompute_and_rebuild_index": round(rebuild_s, 1), "vacuum": round(time.perf_counter() - started, 1)}
    print(f"  {connection.vendor}: {Listing.objects.count()} listings ready ({setup})", file=sys.stderr)
    if args.prepare_only:
        return {"vendor": connection.vendor, "listings": Listing.objects.count(), "setup_seconds": setup}

    ward = data["wards"][3]  # 中区
    taiso = data["categories"]["taiso"]

    from tsunagu.directory.models import Listing as L
    from tsunagu.directory.public_views import RESULTS_COUNTED, SORTED_WITHIN_A_PLACE, PublicSearchForm
    from tsunagu.directory.results import result_page

    def first_page(params: dict):
        """What the public page asks of the database for these parameters (public_views.search_page
        without the template): the form's filter, then results.py's narrow fetch, ranking and the
        page's 20 listings — the count included."""
        form = PublicSearchForm(params)
        assert form.is_valid(), form.errors
        page = result_page(
            form.filter(L.objects.public()), params.get("q"), 1, cap=RESULTS_COUNTED,
            sort_up_to=SORTED_WITHIN_A_PLACE if params.get("ward") else None,
            walkable=lambda: form.filter(L.objects.public(), walk=True),
        )
        return page.paginator.count, len(list(page))

    def narrow(params: dict):
        # As results.py asks it (search.driven_by_the_words: on SQLite the index's matches joined).
        from tsunagu.directory.search import driven_by_the_words

        form = PublicSearchForm(params)
        form.is_valid()
        return driven_by_the_words(form.filter(L.objects.public()).order_by()).values_list(
            "pk", "name_kana", "name")[:RESULTS_COUNTED + 1]

    wq, tq = {"ward": ward.pk}, {"category": taiso.pk}
    # (kind, parameters) — each timed as the page's first 20 with its count, the way the list shows it.
    cases = {
        "3+ いきいき": ("3+", {"q": "いきいき"}),
        "3+ 移動販売": ("3+", {"q": "移動販売"}),
        "3+ たいそう (reading)": ("3+", {"q": "たいそう"}),
        "3+ 健康麻雀 ひまわり (2 words)": ("3+", {"q": "健康麻雀 ひまわり"}),
        "3+ miss 存在しない": ("3+", {"q": "存在しない"}),
        "2 体操": ("2", {"q": "体操"}),
        "2 買物": ("2", {"q": "買物"}),
        "2 野毛 (rare)": ("2", {"q": "野毛"}),
        "2 麻雀 + 2 本牧": ("2", {"q": "麻雀 本牧"}),
        "2 体操 in ward": ("2", {"q": "体操", **wq}),
        "1 湯 (miss)": ("1", {"q": "湯"}),
        "1 体": ("1", {"q": "体"}),
        "filter: none": ("filter", {}),
        "filter: ward + category": ("filter", {**wq, **tq}),
        "filter: ward + Tuesday": ("filter", {**wq, "weekday": "1"}),
        "filter: free + pickup": ("filter", {"free": "on", "pickup": "on"}),
        "filter: category": ("filter", tq),
    }
    results, plans = {}, {}
    timings = timed_together({
        "baseline: Listing pk=1": lambda: Listing.objects.filter(pk=1).first() is not None,
        **{name: (lambda params=params: first_page(params)) for name, (_kind, params) in cases.items()},
    }, args.requests)
    results["baseline: Listing pk=1"] = judged("baseline", timings["baseline: Listing pk=1"])
    for name, (kind, params) in cases.items():
        results[name] = judged(kind, timings[name])
        plans[name] = explain(narrow(params))
        _print(connection.vendor, name, results[name])
    _print(connection.vendor, "baseline: Listing pk=1", results["baseline: Listing pk=1"])

    profiles = {}
    url = public_page_url()
    if url:
        from django.test import Client

        settings.ALLOWED_HOSTS = ["testserver"]
        client = Client()
        ward_q = {"ward": ward.pk}
        points = url + "points.json"
        pages = {
            "page baseline: /about/": ("page baseline", "/about/", {}),
            "page / (no query)": ("filter page", "/", {}),
            f"page {url} (no query)": ("filter page", url, {}),
            f"page {url}?q=いきいき": ("3+ page", url, {"q": "いきいき"}),
            f"page {url}?q=移動販売": ("3+ page", url, {"q": "移動販売"}),
            f"page {url}?q=たいそう": ("3+ page", url, {"q": "たいそう"}),
            f"page {url}?q=体操": ("2 page", url, {"q": "体操"}),
            f"page {url}?q=買物": ("2 page", url, {"q": "買物"}),
            f"page {url}?q=体操&ward": ("2 page", url, {"q": "体操", **ward_q}),
            f"page {url}?ward&category": ("filter page", url, {**ward_q, "category": taiso.pk}),
            f"page {url}?ward&weekday=火": ("filter page", url, {**ward_q, "weekday": "1"}),
            f"page {url}?free&pickup": ("filter page", url, {"free": "on", "pickup": "on"}),
            f"map {points} (no query)": ("map", points, {}),
            f"map {points}?q=いきいき": ("map", points, {"q": "いきいき"}),
            f"map {points}?q=体操": ("map", points, {"q": "体操"}),
            f"map {points}?ward&category": ("map", points, {**ward_q, "category": taiso.pk}),
        }
        def get(path, params):
            response = client.get(path, params)
            if response.status_code != 200:
                raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
            return len(response.content)

        timings = timed_together({name: (lambda path=path, params=params: get(path, params))
                                  for name, (_kind, path, params) in pages.items()}, args.requests)
        for name, (kind, path, params) in pages.items():
            results[name] = judged(kind, timings[name])
            profiles[name] = slowest_queries(client, path, params)
            _print(connection.vendor, name, results[name])

    return {
        "vendor": connection.vendor,
        "server_version": _server_version(connection),
        "listings": Listing.objects.count(),
        "public_listings": Listing.objects.public().count(),
        "setup_seconds": setup,
        "cases": results,
        "plans": plans,
        "page_queries": profiles,
        "public_page": url,
    }


def _print(vendor: str, name: str, case: dict) -> None:
    mark = {True: "ok", False: "MISSED", None: ""}[case["met"]]
    print(f"  {vendor:10} {name:40} p50 {case['p50_ms']:7.2f}  p95 {case['p95_ms']:7.2f}  {mark:6} "
          f"({case['result']})", file=sys.stderr)


def public_page_url() -> str | None:
    """The public search page, once the lead has added it."""
    from django.urls import Resolver404, resolve

    try:
        resolve("/resources/")
    except Resolver404:
        return None
    except Exception as exc:  # the URLconf itself does not import yet
        print(f"  (URLconf not usable: {type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return "/resources/"


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


# --- Driver ---------------------------------------------------------------------------------


def run_child(db_url: str, args, prepare_only: bool = False) -> dict:
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="tsunagu.settings",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env["TSUNAGU_DEBUG"] = "1"  # the test client needs no collected static files
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    cmd = [sys.executable, __file__, "--worker", out_path, "--listings", str(args.listings),
           "--requests", str(args.requests), *(["--prepare-only"] if prepare_only else []),
           *(["--reuse"] if getattr(args, "reuse", False) else [])]
    try:
        subprocess.run(cmd, env=env, cwd=ROOT, check=True)
        return json.loads(Path(out_path).read_text())
    finally:
        os.unlink(out_path)


def prepare_database(db_url: str, listings: int) -> dict:
    """Migrate the (empty) database of ``db_url`` and fill it with ``listings`` generated listings."""
    return run_child(db_url, argparse.Namespace(listings=listings, requests=0, reuse=False), prepare_only=True)


# A city's server gives PostgreSQL enough shared buffers to hold the directory (docs/deploy.md):
# 100,000 listings are 240 MB, and with the default 128 MB a walk through the reading order read a
# third of its pages from the operating system's cache again (移動販売's page 56 → 43 ms at p50).
PG_SETTINGS = "-c shared_buffers=1GB"


def start_postgres(port: int = PG_PORT) -> str:
    """A throwaway PostgreSQL (scripts/pg-test-server, C.UTF-8) on ``port``; "" when not installed."""
    env = dict(os.environ, TSUNAGU_TEST_PG_PORT=str(port), TSUNAGU_TEST_PG_DIR=pg_dir(port),
               TSUNAGU_TEST_PG_OPTIONS=PG_SETTINGS)
    return subprocess.run([ROOT / "scripts" / "pg-test-server", "start"], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def stop_postgres(port: int = PG_PORT) -> None:
    env = dict(os.environ, TSUNAGU_TEST_PG_PORT=str(port), TSUNAGU_TEST_PG_DIR=pg_dir(port))
    subprocess.run([ROOT / "scripts" / "pg-test-server", "stop"], env=env, check=False)


def _admin_url(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def database_url(url: str, name: str = BENCH_DB) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def create_database(url: str, name: str = BENCH_DB) -> str:
    """A fresh, empty database ``name`` on the server of ``url`` (C.UTF-8, which pg_trgm needs for
    Japanese); its URL."""
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 "
                     "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
    return database_url(url, name)


def drop_database(url: str, name: str = BENCH_DB) -> None:
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table(results: dict) -> str:
    names = []
    for result in results.values():
        names += [n for n in result.get("cases", {}) if n not in names]
    header = f"{'case':44}" + "".join(f"{db + ' p50':>16}{db + ' p95':>16}" for db in results) + "  target  met"
    lines = [header, "-" * len(header)]
    for name in names:
        row, met, target = f"{name:44}", [], None
        for result in results.values():
            case = result.get("cases", {}).get(name)
            row += f"{case['p50_ms']:16.2f}{case['p95_ms']:16.2f}" if case else f"{'-':>16}{'-':>16}"
            if case:
                target = case["target_p95_ms"]
                met.append(case["met"])
        if target is None:
            row += f"{'—':>8}  —"
        else:
            row += f"{'≤' + str(int(target)):>8}  " + ("yes" if all(met) else "NO")
        lines.append(row)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed runs per case (after 5 warm-up runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.json")
    parser.add_argument("--postgres", metavar="URL|auto|none",
                        help="also run on PostgreSQL: a server URL (a scratch database is created on it and "
                             "dropped after), or 'auto' to start scripts/pg-test-server on --pg-port")
    parser.add_argument("--pg-port", type=int, default=PG_PORT, help="port of the server that 'auto' starts")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep-sqlite", metavar="FILE", type=Path,
                        help="build the SQLite database at FILE and leave it there (for bench/load.py)")
    parser.add_argument("--keep-postgres", action="store_true",
                        help=f"leave the database {BENCH_DB} on the --postgres URL's server (for bench/load.py)")
    parser.add_argument("--prepare-only", action="store_true", help="make the databases, time nothing")
    parser.add_argument("--reuse", action="store_true",
                        help="time the database given by --keep-sqlite FILE / --postgres URL as it is, if it has listings")
    parser.add_argument("--worker", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        Path(args.worker).write_text(json.dumps(worker(args), ensure_ascii=False))
        return
    if args.keep_postgres and args.postgres in (None, "auto"):
        parser.error("--keep-postgres needs --postgres URL (a server that stays up after this run)")

    results = {}
    if not args.no_sqlite:
        if args.keep_sqlite:
            args.keep_sqlite.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm") if not args.reuse else ():
                Path(f"{args.keep_sqlite}{suffix}").unlink(missing_ok=True)
            db_file, tmp = args.keep_sqlite.resolve(), None
        else:
            tmp = tempfile.mkdtemp(prefix="tsunagu-search-bench-")
            db_file = Path(tmp) / "bench.sqlite3"
        try:
            print(f"SQLite: {args.listings} listings in {db_file}", file=sys.stderr)
            results["sqlite"] = run_child(f"sqlite:///{db_file}", args, prepare_only=args.prepare_only)
        finally:
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
    if args.postgres and args.postgres != "none":  # none: SQLite only, as bench/together.py takes it
        started_server = args.postgres == "auto"
        try:
            url = start_postgres(args.pg_port) if started_server else args.postgres
            if not url:
                sys.exit("PostgreSQL is not installed here (apt-get install postgresql postgresql-contrib)")
            db_url = database_url(url) if args.reuse else create_database(url)
            print(f"PostgreSQL: {args.listings} listings in {BENCH_DB}", file=sys.stderr)
            try:
                results["postgresql"] = run_child(db_url, args, prepare_only=args.prepare_only)
            finally:
                if not args.keep_postgres:
                    drop_database(url)
        finally:
            if started_server:
                stop_postgres(args.pg_port)

    report = {"command": " ".join([".venv/bin/python", "bench/search.py", *sys.argv[1:]]),
              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "load_average_at_end": list(os.getloadavg()), "target_p95_ms": TARGET_MS, "results": results}
    if args.prepare_only:
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
