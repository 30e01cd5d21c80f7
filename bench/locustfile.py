"""Residents using the public search, for bench/load.py (locust, headless).

    locust -f bench/locustfile.py --headless -u 20 -r 10 --run-time 30s --host http://127.0.0.1:PORT

Each simulated resident waits BENCH_WAIT seconds ("min,max", default 0.5,1.5) between requests
and mixes: word searches of 3+ characters, 2-character words (体操, 買物: the slow path on both
databases), filters only (ward, category, weekday, free), the map's points.json for such a
search, and /about/ as the trivial page measured in the same run. Requests are grouped by those
kinds in locust's statistics (``name=``). A search page counts as failed unless it answers 200
with its results list, so an error page that answers 200 is not counted as a success.
"""

from __future__ import annotations

import os
import random
import re
import urllib.request

from locust import HttpUser, between, events, task

THREE_PLUS = ["いきいき", "移動販売", "たいそう", "ふれあいサロン", "健康麻雀", "オレンジカフェ", "配食サービス", "ウォーキング"]
TWO = ["体操", "買物", "麻雀", "野毛", "灯油", "囲碁", "会食", "本牧 体操"]
# Ward and category ids as the page offers them (read once from the page when the run starts).
OPTIONS: dict[str, list[str]] = {"ward": [], "category": []}


def _wait() -> tuple[float, float]:
    low, _, high = os.environ.get("BENCH_WAIT", "0.5,1.5").partition(",")
    return float(low), float(high or low)


@events.test_start.add_listener
def read_options(environment, **_kwargs) -> None:
    with urllib.request.urlopen(environment.host.rstrip("/") + "/", timeout=30) as response:
        html = response.read().decode("utf-8")
    for field in OPTIONS:
        select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
        OPTIONS[field] = re.findall(r'<option value="(\d+)"', select.group(1)) if select else []


def _filters() -> dict[str, str]:
    params: dict[str, str] = {}
    if OPTIONS["ward"]:
        params["ward"] = random.choice(OPTIONS["ward"])
    extra = random.choice(["category", "weekday", "free"])
    if extra == "category" and OPTIONS["category"]:
        params["category"] = random.choice(OPTIONS["category"])
    elif extra == "weekday":
        params["weekday"] = str(random.randrange(6))
    else:
        params["free"] = "on"
    return params


class Resident(HttpUser):
    wait_time = between(*_wait())

    def _search(self, name: str, params: dict[str, str]) -> None:
        path = random.choice(["/", "/resources/"])
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif 'class="results"' not in response.text:
                response.failure("no results list in the page")

    @task(3)
    def search_three_plus(self) -> None:
        self._search("search: 3+ characters", {"q": random.choice(THREE_PLUS)})

    @task(3)
    def search_two(self) -> None:
        self._search("search: 2 characters", {"q": random.choice(TWO)})

    @task(2)
    def search_filters(self) -> None:
        self._search("search: filters only", _filters())

    @task(1)
    def map_points(self) -> None:
        params = random.choice([{"q": random.choice(THREE_PLUS)}, {"q": random.choice(TWO)}, _filters()])
        with self.client.get("/resources/points.json", params=params, name="map: points.json",
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "points" not in response.json():
                response.failure("no points in the answer")

    @task(1)
    def baseline(self) -> None:
        self.client.get("/about/", name="baseline: /about/")
