"""Benchmark Japanese search over many listings on SQLite and PostgreSQL (see bench/README.md).

    .venv/bin/python bench/search.py --listings 100000 --out bench/results/search.json
    .venv/bin/python bench/search.py --listings 100000 --postgres auto --out bench/results/search.json

For each database the script runs itself in a child process (settings read DATABASE_URL once),
migrates an empty database, loads generated listings the way a bulk import would (bulk_create,
then search.rebuild_index(recompute=True)) and times each case server-side over --requests
runs after a warm-up, in milliseconds.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 54342
PG_DIR = f"/tmp/tsunagu-bench-pg-{PG_PORT}"
BENCH_DB = "tsunagu_search_bench"

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


def generate(count: int, seed: int = 20261127) -> dict:
    """Places, organisations, locations and ``count`` listings, made with bulk_create."""
    from tsunagu.directory.models import Category, Eligibility, Listing, Location, Status, Visibility
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
    for cp, town, kana in cps:
        orgs[cp.pk] = Organisation.objects.create(kind=OrganisationKind.CARE_PLAZA, name=cp.name,
                                                  name_kana=cp.name_kana, place=cp)
    for district, town, kana in districts:
        orgs[district.pk] = Organisation.objects.create(kind=OrganisationKind.DISTRICT_COUNCIL,
                                                        name=f"{district.name}社会福祉協議会", place=district)
    locations = Location.objects.bulk_create(
        [Location(name=f"{town}{hall}", address=f"横浜市{rng.choice(WARDS)}{town}{rng.randint(1, 5)}丁目")
         for _, town, _ in districts for hall in ("町内会館", "地区センター", "公園")]
    )
    categories = {c.code: c for c in Category.objects.all()}
    statuses = [Status.ACTIVE] * 17 + [Status.PAUSED, Status.PLANNED, Status.ENDED]
    visibilities = [Visibility.PUBLIC] * 17 + [Visibility.STAFF, Visibility.DRAFT, Visibility.DRAFT]
    listings, kinds = [], []
    for _ in range(count):
        code, name_t, kana_t, sentences = rng.choice(KINDS)
        district, town, town_kana = rng.choice(districts)
        nick = rng.choice(NICKNAMES)
        shop, shop_kana = rng.choice(SHOPS)
        fill = {"t": town, "tk": town_kana, "n": nick, "nk": nick, "s": shop, "sk": shop_kana}
        day = rng.choice(DAYS)
        hour = rng.choice([9, 10, 13, 14])
        description = (f"毎週{day}曜日の{hour}時から。" + "".join(rng.sample(sentences, k=rng.randint(1, len(sentences))))
                       + "".join(rng.sample(COMMON, k=rng.randint(0, 3))))
        use_org = rng.random() < 0.6
        listings.append(Listing(
            name=name_t.format(**fill), name_kana=kana_t.format(**fill), description=description,
            place=district, organisation=orgs[district.pk] if use_org else None,
            organiser_name="" if use_org else f"{town}{rng.choice(['有志の会', 'ボランティア', '町内会'])}",
            location=rng.choice(locations) if rng.random() < 0.8 else None,
            status=rng.choice(statuses), visibility=rng.choice(visibilities),
            eligibility=rng.choice(Eligibility.values), is_free=rng.random() < 0.4,
            schedule_note=f"毎週{day}曜 {hour}:00〜", search_text="",
        ))
        kinds.append(code)
    started = time.perf_counter()
    created = Listing.objects.bulk_create(listings, batch_size=2000)
    Through = Listing.categories.through
    links = []
    for listing, code in zip(created, kinds, strict=True):
        links.append(Through(listing_id=listing.pk, category_id=categories[code].pk))
        if rng.random() < 0.2:
            links.append(Through(listing_id=listing.pk, category_id=categories[rng.choice(KINDS)[0]].pk))
    Through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    return {"wards": wards, "categories": categories, "bulk_create_s": time.perf_counter() - started}


# --- Timing ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn, requests: int, warmup: int = 5) -> dict:
    for _ in range(warmup):
        fn()
    times, result = [], None
    for _ in range(requests):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2), "mean_ms": round(statistics.fmean(times), 2), "n": requests,
            "result": result}


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


def worker(args) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tsunagu.directory.models import Listing
    from tsunagu.directory.search import rebuild_index, search

    settings.DEBUG = False  # no query log
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    data = generate(args.listings)
    started = time.perf_counter()
    rebuild_index(recompute=True)
    rebuild_s = time.perf_counter() - started
    ward = data["wards"][3]  # 中区
    taiso = data["categories"]["taiso"]

    def first_20(query, base=None):
        def run():
            return len(list(search(base if base is not None else Listing.objects.public(), query)[:20]))
        return run

    def with_count(query):
        def run():
            qs = search(Listing.objects.public(), query)
            return qs.count(), len(list(qs[:20]))
        return run

    cases = {
        "baseline: Listing pk=1": lambda: Listing.objects.filter(pk=1).first() is not None,
        "3+ いきいき": first_20("いきいき"),
        "3+ 移動販売": first_20("移動販売"),
        "3+ たいそう (reading)": first_20("たいそう"),
        "3+ 健康麻雀 ひまわり (2 words)": first_20("健康麻雀 ひまわり"),
        "3+ miss 存在しない": first_20("存在しない"),
        "2 体操": first_20("体操"),
        "2 買物": first_20("買物"),
        "2 野毛 (rare)": first_20("野毛"),
        "2 麻雀 + 2 本牧": first_20("麻雀 本牧"),
        "1 湯 (miss)": first_20("湯"),
        "1 体": first_20("体"),
        "filter: ward + category": lambda: len(list(
            Listing.objects.public().under(ward).filter(categories=taiso)[:20])),
        "filter + 2 体操 in ward": first_20("体操", Listing.objects.public().under(ward)),
        "count+20: 体操": with_count("体操"),
        "count+20: いきいき": with_count("いきいき"),
    }
    results = {}
    for name, fn in cases.items():
        results[name] = timed(fn, args.requests)
        print(f"  {connection.vendor:10} {name:34} p50 {results[name]['p50_ms']:7.2f}  "
              f"p95 {results[name]['p95_ms']:7.2f}  ({results[name]['result']})", file=sys.stderr)

    url = public_page_url()
    if url:
        from django.test import Client

        settings.ALLOWED_HOSTS = ["testserver"]
        client = Client()
        ward_q = {"ward": ward.pk}
        pages = {
            "page baseline: /about/": ("/about/", {}),
            f"page {url} (no query)": (url, {}),
            f"page {url}?q=いきいき": (url, {"q": "いきいき"}),
            f"page {url}?q=移動販売": (url, {"q": "移動販売"}),
            f"page {url}?q=体操": (url, {"q": "体操"}),
            f"page {url}?q=買物": (url, {"q": "買物"}),
            f"page {url}?q=体操&ward": (url, {"q": "体操", **ward_q}),
            f"page {url}?ward&category": (url, {**ward_q, "category": taiso.pk}),
        }
        for name, (path, params) in pages.items():
            def get(path=path, params=params):
                response = client.get(path, params)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
                return len(response.content)
            results[name] = timed(get, args.requests)
            print(f"  {connection.vendor:10} {name:34} p50 {results[name]['p50_ms']:7.2f}  "
                  f"p95 {results[name]['p95_ms']:7.2f}", file=sys.stderr)

    return {
        "vendor": connection.vendor,
        "server_version": _server_version(connection),
        "listings": Listing.objects.count(),
        "public_listings": Listing.objects.public().count(),
        "setup_seconds": {"migrate": round(migrate_s, 1), "bulk_create": round(data["bulk_create_s"], 1),
                          "recompute_and_rebuild_index": round(rebuild_s, 1)},
        "cases": results,
        "public_page": url,
    }


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


# --- Driver ---------------------------------------------------------------------------------


def run_child(db_url: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="tsunagu.settings",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    cmd = [sys.executable, __file__, "--worker", out_path, "--listings", str(args.listings),
           "--requests", str(args.requests)]
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)
    result = json.loads(Path(out_path).read_text())
    os.unlink(out_path)
    return result


def postgres_database(url: str) -> tuple[str, callable]:
    """A fresh database for the benchmark on the server of ``url``, and a function dropping it."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f"CREATE DATABASE \"{BENCH_DB}\" ENCODING 'UTF8' TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')

    return urlunsplit(parts._replace(path=f"/{BENCH_DB}")), drop


def table(results: dict) -> str:
    names = []
    for result in results.values():
        names += [n for n in result["cases"] if n not in names]
    header = f"{'case':36}" + "".join(f"{db + ' p50':>14}{db + ' p95':>14}" for db in results)
    lines = [header, "-" * len(header)]
    for name in names:
        row = f"{name:36}"
        for result in results.values():
            case = result["cases"].get(name)
            row += f"{case['p50_ms']:14.2f}{case['p95_ms']:14.2f}" if case else f"{'-':>14}{'-':>14}"
        lines.append(row)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed runs per case (after 5 warm-up runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.json")
    parser.add_argument("--postgres", metavar="URL|auto",
                        help="also run on PostgreSQL: a server URL (a scratch database is created on it and "
                             f"dropped after), or 'auto' to start scripts/pg-test-server on port {PG_PORT}")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--worker", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        Path(args.worker).write_text(json.dumps(worker(args), ensure_ascii=False))
        return

    results = {}
    if not args.no_sqlite:
        tmp = tempfile.mkdtemp(prefix="tsunagu-search-bench-")
        try:
            print(f"SQLite: {args.listings} listings in {tmp}", file=sys.stderr)
            results["sqlite"] = run_child(f"sqlite:///{tmp}/bench.sqlite3", args)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.postgres:
        started_server = args.postgres == "auto"
        env = dict(os.environ, TSUNAGU_TEST_PG_PORT=str(PG_PORT), TSUNAGU_TEST_PG_DIR=PG_DIR)
        server = ROOT / "scripts" / "pg-test-server"
        try:
            url = args.postgres
            if started_server:
                url = subprocess.run([server, "start"], env=env, check=True, capture_output=True,
                                     text=True).stdout.strip()
                if not url:
                    sys.exit("PostgreSQL is not installed here")
            db_url, drop = postgres_database(url)
            print(f"PostgreSQL: {args.listings} listings in {BENCH_DB}", file=sys.stderr)
            try:
                results["postgresql"] = run_child(db_url, args)
            finally:
                drop()
        finally:
            if started_server:
                subprocess.run([server, "stop"], env=env, check=False)

    report = {"command": " ".join([".venv/bin/python", "bench/search.py", *sys.argv[1:]]),
              "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
