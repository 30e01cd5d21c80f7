"""The dispatch plan's building and reading (tsunagu/outings/planning.py), on plain data: the
problem handed to the solver (open routes, wheelchair riders only in accessible cars, riders who
ride together merged, apart kept, windows, travel minutes), an OSRM-compatible table service at
the HTTP boundary (a tiny local server), and a plan read back (fares, shares, breaches, moves)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tsunagu.outings import dispatch, fares
from tsunagu.outings import planning as p

DEST = (35.4437, 139.6380)  # 南部市場 area, roughly


def north(km: float) -> tuple[float, float]:
    """A point km straight north of the destination."""
    return (DEST[0] + km / 111.195, DEST[1])


def rider(key, km, **kw):
    lat, lng = north(km)
    return p.Rider(key, f"利用者{key}", lat, lng, **kw)


def trip(riders, cars, direction=p.TO, **kw):
    kw.setdefault("rules", p.Rules.defaults(direction))
    return p.Trip(direction, DEST, "南部市場", 10 * 60, riders, cars, **kw)


SEDAN = p.Car("s", "1号車（みなと交通）", 4, 0)
UD = p.Car("u", "2号車（UDタクシー）", 3, 1)


def test_travel_minutes_are_straight_distance_times_detour_over_speed():
    built = p.build(trip([rider("1", 1.0)], [SEDAN], rules=p.Rules(detour=1.3, speed_kmh=15)))
    request = built.problem.requests[0]
    assert built.problem.distance[request.pickup][request.dropoff] == pytest.approx(1.3, rel=1e-3)
    assert built.problem.travel[request.pickup][request.dropoff] == pytest.approx(1.3 / 15 * 60, rel=1e-3)
    # Open routes: the start and end are zero from everything.
    assert built.problem.vehicles[0].start == 0 and built.problem.vehicles[0].end == 1
    assert all(built.problem.distance[0][n] == 0 and built.problem.travel[n][1] == 0 for n in range(4))


def test_going_there_arrives_inside_the_window_and_coming_back_boards_inside_it():
    rules = p.Rules(earlier=15, later=0)
    built = p.build(trip([rider("1", 2.0)], [SEDAN], rules=rules))
    request = built.problem.requests[0]
    drop = built.problem.nodes[request.dropoff]
    assert (drop.early, drop.late) == (585, 600)
    assert built.nodes[request.dropoff].lat == DEST[0]
    back = p.build(trip([rider("1", 2.0)], [SEDAN], direction=p.BACK, rules=p.Rules(earlier=0, later=15)))
    request = back.problem.requests[0]
    board = back.problem.nodes[request.pickup]
    assert (board.early, board.late) == (600, 615)
    assert back.nodes[request.pickup].lat == DEST[0] and back.nodes[request.dropoff].lat == north(2.0)[0]
    plan = dispatch.solve(back.problem, seconds=0.2)
    layout = p.lay_out(back, plan)
    assert layout.valid
    boarding = layout.cars[0].stops[0]
    assert boarding.kind == "pickup" and boarding.at_destination and 600 <= boarding.minute <= 615


def test_wheelchair_riders_ride_only_in_accessible_cars_and_use_its_space():
    riders = [rider("1", 1.0, wheelchair=True), rider("2", 1.2), rider("3", 1.4)]
    built = p.build(trip(riders, [SEDAN, UD]))
    request = built.problem.requests[0]
    assert request.vehicles == frozenset({1})
    assert built.problem.nodes[request.pickup].load == (0, 1)
    assert built.problem.nodes[request.pickup].service == 5  # boarding with a wheelchair takes longer
    assert built.problem.requests[1].vehicles is None
    layout = p.lay_out(built, dispatch.solve(built.problem, seconds=0.3))
    assert layout.valid
    assert [g.key for g in (r.group for r in layout.cars[1].rides)].count("1") == 1

    # No accessible car at all: said, and never a valid plan.
    alone = p.build(trip(riders, [SEDAN]))
    assert any("車いす対応の車" in n for n in alone.notes)
    assert not p.lay_out(alone, dispatch.solve(alone.problem, seconds=0.2)).valid


def test_riders_who_ride_together_are_one_request_and_apart_ones_never_share():
    riders = [rider("1", 1.0, companions=1), rider("2", 1.5, max_ride=20), rider("3", 1.1), rider("4", 1.2)]
    built = p.build(trip(riders, [SEDAN, p.Car("t", "3号車", 4, 0)], together=[("1", "2")], apart=[("3", "4")]))
    assert [g.key for g in built.groups] == ["1+2", "3", "4"]
    together = built.problem.requests[0]
    assert built.problem.nodes[together.pickup].load == (3, 0)  # two riders and a companion
    assert together.max_ride == 20  # the tighter of the two
    assert any("そろって乗ります" in n for n in built.notes)  # they live apart: one boards at the other's
    assert list(built.problem.apart) == [(1, 2)]
    layout = p.lay_out(built, dispatch.solve(built.problem, seconds=0.3))
    assert layout.valid
    car_of = {r.group.key: c.index for c in layout.cars for r in c.rides}
    assert car_of["3"] != car_of["4"]


def test_a_hand_made_plan_that_breaks_the_rules_is_not_valid_and_says_why_in_japanese():
    riders = [rider(str(i), 1 + i * 0.3) for i in range(5)]
    built = p.build(trip(riders, [SEDAN, UD]))
    everyone = [n for r in built.problem.requests for n in (r.pickup,)] + [r.dropoff for r in built.problem.requests]
    layout = p.lay_out(built, p.scheduled(built, [everyone, []]))
    assert not layout.valid
    messages = [b.message for b in layout.cars[0].breaches]
    assert any("座席" in m and "1号車（みなと交通）" in m for m in messages), messages


def test_shares_add_up_to_the_fare_under_each_split_rule():
    riders = [rider("1", 0.5), rider("2", 2.0, discount=True, tickets=2), rider("3", 1.0)]
    built = p.build(trip(riders, [SEDAN]))
    plan = dispatch.solve(built.problem, seconds=0.2)
    for split in (p.EQUAL, p.BY_DISTANCE, p.BY_TIME):
        layout = p.lay_out(built, plan, split=split)
        car = layout.cars[0]
        shares = {s.rider.key: s for r in car.rides for s in r.shares}
        assert sum(s.share for s in shares.values()) == car.fare
        assert car.fare == fares.fare(round(car.km, 3)).total
        if split == p.EQUAL:
            assert max(s.share for s in shares.values()) - min(s.share for s in shares.values()) <= 1
        if split == p.BY_DISTANCE:
            assert shares["2"].share > shares["3"].share > shares["1"].share
        # The certificate holder's share is discounted by 10 % (to ¥10) and two tickets cover ¥1,000 of it.
        two = shares["2"]
        assert two.discount == round(two.share * 0.1, -1)
        assert two.to_pay == two.share - two.discount - min(2, (two.share - two.discount) // 500) * 500
    # Riding alone costs more than sharing.
    assert layout.alone_total > layout.total


def test_the_night_surcharge_applies_when_the_meter_starts_at_night():
    assert p.is_night(fares.CITY_2026, 0) is False  # FareRules has no hours: a day tariff
    from datetime import time

    class Night:
        night_from, night_until = time(22), time(5)

    assert p.is_night(Night, 22 * 60 + 5) and p.is_night(Night, 4 * 60) and not p.is_night(Night, 5 * 60)


def test_moves_keep_a_request_whole_and_routes_survive_by_keys():
    riders = [rider(str(i), 1 + i * 0.2) for i in range(4)]
    built = p.build(trip(riders, [SEDAN, p.Car("t", "3号車", 4, 0)]))
    plan = dispatch.solve(built.problem, seconds=0.2)
    refs = p.routes_to_refs(built, plan.routes)
    assert p.refs_to_routes(built, refs) == plan.routes
    request = built.problem.requests[0]
    source = next(v for v, r in enumerate(plan.routes) if request.pickup in r)
    moved = p.move_request(built, plan.routes, 0, 1 - source)
    assert request.pickup in moved[1 - source] and request.dropoff in moved[1 - source]
    assert moved[1 - source].index(request.pickup) < moved[1 - source].index(request.dropoff)
    assert request.pickup not in moved[source]
    # A pickup cannot pass its own drop-off; another rider's stop can be passed.
    route = moved[1 - source]
    i = route.index(request.pickup)
    if route[i + 1] == request.dropoff:
        assert p.move_stop(built, moved, 1 - source, request.pickup, +1) == moved
    # A rider gone from the trip drops out of the stored routes; a rider added is left unassigned.
    fewer = p.build(trip(riders[1:] + [rider("9", 0.8)], [SEDAN, p.Car("t", "3号車", 4, 0)]))
    routes = p.refs_to_routes(fewer, refs)
    layout = p.lay_out(fewer, p.scheduled(fewer, routes))
    assert [g.key for g in layout.unassigned] == ["9"]
    assert any(b.rule == "visit" for b in layout.breaches)


class _FakeOSRM(BaseHTTPRequestHandler):
    answers: list = []

    def do_GET(self):  # noqa: N802
        self.answers.append(self.path)
        coordinates = self.path.split("/table/v1/driving/")[1].split("?")[0].split(";")
        n = len(coordinates)
        body = {"code": "Ok", "durations": [[0 if a == b else 600 for b in range(n)] for a in range(n)],
                "distances": [[0 if a == b else 4000 for b in range(n)] for a in range(n)]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), _FakeOSRM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeOSRM.answers = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_routing_server_gives_road_minutes_and_km_when_set(osrm):
    built = p.build(trip([rider("1", 1.0), rider("2", 2.0)], [SEDAN]), routing_url=osrm)
    assert built.routing == "road"
    # One question for the three distinct points (two homes, the destination), lng,lat order.
    assert len(_FakeOSRM.answers) == 1 and _FakeOSRM.answers[0].count(";") == 2
    assert f"{DEST[1]:.6f},{DEST[0]:.6f}" in _FakeOSRM.answers[0]
    r = built.problem.requests[0]
    assert built.problem.travel[r.pickup][r.dropoff] == 10 and built.problem.distance[r.pickup][r.dropoff] == 4
    # Drop-offs at the destination are the same point: zero apart.
    assert built.problem.distance[r.dropoff][built.problem.requests[1].dropoff] == 0


def test_an_unanswering_routing_server_falls_back_to_straight_lines_and_says_so():
    built = p.build(trip([rider("1", 1.0)], [SEDAN]), routing_url="http://127.0.0.1:9/")
    assert built.routing == "straight"
    assert any("直線距離" in n for n in built.notes)
    r = built.problem.requests[0]
    assert built.problem.distance[r.pickup][r.dropoff] == pytest.approx(1.3, rel=1e-3)


def test_rules_come_back_from_what_is_stored():
    rules = p.Rules.from_dict({"max_ride": "25", "unknown": 3}, p.BACK)  # rules stored before main_road_kmh existed read too
    assert rules.max_ride == 25 and rules.later == 15 and rules.earlier == 0
    assert p.Rules.from_dict(rules.as_dict(), p.BACK) == rules


def test_a_long_leg_takes_the_main_roads_after_its_first_kilometres():
    rules = p.Rules(detour=1.0, speed_kmh=15, main_road_kmh=30)
    assert p.leg_minutes(1.0, rules) == pytest.approx(4)
    assert p.leg_minutes(10.0, rules) == pytest.approx(2 / 15 * 60 + 8 / 30 * 60)  # 24 min, not 40
    built = p.build(trip([rider("1", 10.0)], [SEDAN], rules=rules))
    r = built.problem.requests[0]
    assert built.problem.travel[r.pickup][r.dropoff] == pytest.approx(24, rel=1e-3)


def test_too_few_seats_or_wheelchair_spaces_are_said_plainly():
    riders = [rider("1", 1.0, wheelchair=True), rider("2", 1.1, wheelchair=True), rider("3", 1.2, companions=1),
              rider("4", 1.3), rider("5", 1.4)]
    built = p.build(trip(riders, [UD]))
    assert any("車いすの方が2人に対し、車いすのまま乗れる席は1台分です" in n for n in built.notes)
    assert any("座席が要る人が4人に対し、座席は3席です" in n for n in built.notes)
    assert not p.lay_out(built, dispatch.solve(built.problem, seconds=0.2)).valid
