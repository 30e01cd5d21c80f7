"""Time 地域アセスメント at a city's size (issue 15), on the database DATABASE_URL names (an empty
one: it is migrated and filled here).

    DATABASE_URL=sqlite:////tmp/a/bench.sqlite3 .venv/bin/python bench/assessment.py
    url=$(TSUNAGU_TEST_PG_PORT=55453 scripts/pg-test-server start) && DATABASE_URL=$url .venv/bin/python bench/assessment.py

Steps: the places tree (18 wards, 1,705 町丁目); the import of all 18 ward CSVs as published
(target ≤ 30 s); 10,000 directory listings at random 町丁目 (bulk, categories of the three pillars);
the indicators and the gap list for the whole city — each 町丁目's figures, the wards' sums,
resources per 1,000 people 65+, the distance from every 町丁目 to the nearest salon, meal and
shop, and the gaps for each (target ≤ 2 s); the cells built once; then the choropleth page and its
data for a ward and the city through Django's test client (target ≤ 150 ms with cached cells).
Prints one JSON with every number, the database and the load average, and writes it to
bench/results/assessment-<vendor>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
os.environ.setdefault("TSUNAGU_DEBUG", "1")


def timed(fn, runs=1):
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from tsunagu.assessment import cells, indicators, population
    from tsunagu.directory.models import Category, Listing, Location, Status, Visibility
    from tsunagu.directory.taxonomy import seed
    from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
    from tsunagu.places.models import Kind, Place
    from tsunagu.places.yokohama import load_base_data

    out = {"database": connection.vendor, "load_average_before": os.getloadavg(), "listings": args.listings}
    if not Place.objects.filter(kind=Kind.BLOCK).exists():
        load_base_data()
    _, t = timed(lambda: population.import_population(population.DATA_DIR))
    out["import_18_csvs_s"] = round(t[0], 2)

    seed(Category)
    if Listing.objects.count() < args.listings:
        rng = random.Random(15)
        blocks = list(Place.objects.filter(kind=Kind.BLOCK).exclude(latitude=None)
                      .values_list("pk", "latitude", "longitude"))
        children = list(Category.objects.exclude(parent=None))
        locations = Location.objects.bulk_create(
            [Location(name=f"会場{i}", latitude=lat + rng.uniform(-0.002, 0.002), longitude=lng + rng.uniform(-0.002, 0.002),
                      block_id=pk) for i, (pk, lat, lng) in enumerate(rng.choices(blocks, k=args.listings))],
            batch_size=1000)
        listings = Listing.objects.bulk_create(
            [Listing(name=f"資源{i}", place_id=loc.block_id, location=loc, status=Status.ACTIVE,
                     visibility=Visibility.PUBLIC) for i, loc in enumerate(locations)], batch_size=1000)
        through = Listing.categories.through
        through.objects.bulk_create([through(listing_id=item.pk, category_id=rng.choice(children).pk)
                                     for item in listings], batch_size=2000)
    city = Place.objects.get(kind=Kind.CITY)
    day = indicators.latest_date()

    def whole_city():
        found = indicators.resources()
        indexes = indicators.target_indexes(found)
        figures = indicators.blocks(city, day)
        wards = indicators.sub_areas(city, day, Kind.WARD)
        per = indicators.per_thousand_aged(city, indicators.area(city, day).aged_65, found)
        nearest = indicators.nearest_by_block(city, indexes)
        gaps = {key: len(indicators.gaps(city, day, key, 500, 100, indexes=indexes)) for key in indicators.TARGETS}
        return len(figures), len(wards), len(per), len(nearest), gaps

    result, t = timed(whole_city, runs=3)
    out["indicators_and_gaps_city_s"] = {"runs": [round(x, 3) for x in t], "best": round(min(t), 3)}
    out["indicators_counts"] = {"blocks": result[0], "wards": result[1], "categories": result[2],
                                "nearest": result[3], "gaps": result[4]}
    _, t = timed(cells.build)
    out["cells_build_once_s"] = round(t[0], 2)

    org = Organisation.objects.get_or_create(kind=OrganisationKind.CITY_COUNCIL, name="市社協", place=city)[0]
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_user("bench-admin", password="x")
    Membership.objects.get_or_create(user=user, organisation=org, role=Role.CITY_ADMIN)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    ward = Place.objects.get(kind=Kind.WARD, name="泉区")
    for label, url in [("map page (泉区)", f"/assessment/{ward.pk}/map/"),
                       ("map data (泉区)", f"/assessment/{ward.pk}/cells.json"),
                       ("map page (city)", f"/assessment/{city.pk}/map/"),
                       ("map data (city, 1,705 cells)", f"/assessment/{city.pk}/cells.json"),
                       ("(trivial page /about/)", "/about/")]:
        times = []
        for run in range(args.requests + 3):
            started = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if run >= 3:
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[label] = {"p50_ms": round(statistics.median(times), 1),
                      "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "bytes": len(response.content)}
    out["load_average_after"] = os.getloadavg()
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"assessment-{connection.vendor}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
