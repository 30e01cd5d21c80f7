"""Time 「近い順」 and 「きょう」「今週」 on a database that bench/search.py prepared (see bench/README.md).

    .venv/bin/python bench/search.py --listings 100000 --prepare-only --keep-sqlite /tmp/b/bench.sqlite3
    DATABASE_URL=sqlite:////tmp/b/bench.sqlite3 .venv/bin/python bench/nearby.py

First the daily refresh of the upcoming dates for every listing (manage.py refresh_weekdays does
the same), timed; then each case as a whole request through Django's test client, beside the
trivial page /about/, in milliseconds (p50, p95 over --requests runs after 3 warm-ups).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
os.environ.setdefault("TSUNAGU_DEBUG", "1")

# Points in the generated city (bench/search.py CITY_LAT/CITY_LNG): its middle and an edge.
MIDDLE = {"lat": "35.450", "lng": "139.600"}
EDGE = {"lat": "35.330", "lng": "139.480"}
CASES = {
    "近い順 (middle)": MIDDLE,
    "近い順 (edge)": EDGE,
    "近い順 + 体操": {**MIDDLE, "q": "体操"},
    "近い順 + サロン + 火曜": {**MIDDLE, "q": "サロン", "weekday": "1"},
    "近い順 + 今週": {**MIDDLE, "when": "week"},
    "きょう": {"when": "today"},
    "今週": {"when": "week"},
    "今週 + 体操": {"when": "week", "q": "体操"},
    "(体操, the usual order)": {"q": "体操"},
    "(the first page, no search)": {},
    "(trivial page /about/)": None,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--no-refresh", action="store_true", help="keep the upcoming dates already there")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tsunagu.directory.models import Listing, UpcomingDate
    from tsunagu.directory.services import upcoming_dates_refresh

    setup_test_environment()
    print(f"{connection.vendor}: {Listing.objects.count()} listings", file=sys.stderr)
    if not args.no_refresh or not UpcomingDate.objects.exists():
        started = time.perf_counter()
        rows = upcoming_dates_refresh()
        print(f"  daily refresh of upcoming dates: {rows} rows in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    client = Client(HTTP_HOST="127.0.0.1")
    for name, params in CASES.items():
        url, data = ("/about/", {}) if params is None else ("/resources/", params)
        times = []
        for run in range(args.requests + 3):
            started = time.perf_counter()
            response = client.get(url, data)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (name, response.status_code)
            if run >= 3:
                times.append(elapsed)
        page = response.context["page"] if params is not None else None
        found = f"{page.paginator.count}{'+' if page.paginator.capped else ''} found" if page is not None else ""
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"  {name:28} p50 {statistics.median(times):7.1f}  p95 {p95:7.1f}  ms  {found}", file=sys.stderr)


if __name__ == "__main__":
    main()
