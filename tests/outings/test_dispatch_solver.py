"""The dispatch planner and the start times it gives: tiny problems worked out by hand, and the
benchmark's smallest instance (a2-16, the tests' own copy) through manage.py solve_darp."""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from tests.outings.dispatch_cases import line_problem, village
from tsunagu.outings.dispatch import read_cordeau, schedule, solve, validate
from tsunagu.outings.management.commands.solve_darp import Command as SolveDarp

A2_16 = Path(__file__).parent / "data" / "a2-16.txt"


def ride(problem, plan, r):
    req = problem.requests[r]
    for route, times in zip(plan.routes, plan.start_times, strict=True):
        if req.pickup in route:
            p, d = route.index(req.pickup), route.index(req.dropoff)
            return times[d] - times[p] - problem.nodes[req.pickup].service


def test_the_schedule_waits_before_the_pickup_not_with_the_passenger_aboard():
    # The clinic opens at 0:50: leaving 山田's door as early as possible would have her sit in
    # the car 45 minutes (limit 20); the schedule picks her up later instead.
    problem = line_problem(0.0, [("山田", 2.0, 5.0, 0.0, 100.0, 20.0)], [((2, 0), 200.0)])
    problem.nodes[2] = replace(problem.nodes[2], early=50.0, late=60.0)
    plan = schedule(problem, [[1, 2]])
    assert plan.start_times == [[46.0, 50.0]]  # pickup 0:46, 1 min boarding, 3 km → 0:50
    assert ride(problem, plan, 0) == 3.0
    assert validate(problem, plan) == []


def test_the_schedule_delays_a_later_pickup_to_shorten_an_earlier_rider():
    # 佐藤 boards at km 5 and stays aboard while the car fetches 山田 (window from 0:40) at km 6.
    problem = line_problem(0.0, [("佐藤", 5.0, 10.0, 0.0, 200.0, 15.0), ("山田", 6.0, 10.0, 40.0, 200.0, 15.0)], [((2, 0), 300.0)])
    plan = schedule(problem, [[1, 3, 2, 4]])
    assert validate(problem, plan) == []
    # 佐藤 is picked up at 0:38, not at 0:05 as early as the car could: 1 km to 山田, her minute
    # of boarding, 4 km → 6 min aboard instead of 40.
    assert plan.start_times[0][:2] == [38.0, 40.0]
    assert ride(problem, plan, 0) == 1 + 1 + 4


def test_the_solver_keeps_every_rule_and_shares_cars():
    problem = village()
    plan = solve(problem, seconds=0.5, seed=1)
    assert validate(problem, plan) == []
    # One car is shortest: 山田 and 佐藤 to the supermarket, back 12 km for 鈴木 — 64 km instead
    # of 80 with two cars — and nobody is aboard more than 30 min.
    assert plan.cost == 64.0 and plan.routes[1] == [] or plan.routes[0] == [] and plan.cost == 64.0


def test_the_solver_respects_allowed_cars_and_passengers_kept_apart():
    problem = village(apart=[(0, 1)])
    problem.requests[2] = replace(problem.requests[2], vehicles=frozenset({1}))
    plan = solve(problem, seconds=0.5, seed=1)
    assert validate(problem, plan) == []
    cars = {r: next(v for v, route in enumerate(plan.routes) if problem.requests[r].pickup in route) for r in range(3)}
    assert cars[0] != cars[1] and cars[2] == 1


def test_the_same_seed_gives_the_same_plan():
    problem = read_cordeau(A2_16)
    one = solve(problem, seconds=60, seed=3, iterations=30)
    two = solve(problem, seconds=60, seed=3, iterations=30)
    assert one == two and validate(problem, one) == []


def test_a_passenger_no_car_can_take_is_shown_with_the_breach():
    # 田中 needs a wheelchair space and no car has one: the plan shows her where she costs least,
    # and the validator says why she cannot go.
    problem = line_problem(0.0, [("山田", 2.0, 20.0, 0.0, 60.0, 30.0), ("田中", 3.0, 20.0, 0.0, 60.0, 30.0, (1, 1))], [((3, 0), 200.0)])
    plan = solve(problem, seconds=0.2)
    assert [b.rule for b in validate(problem, plan)] == ["seats"]


def test_solve_darp_prints_a_plan_anyone_can_check():
    out = StringIO()
    call_command(SolveDarp(), str(A2_16), seconds=1, stdout=out)
    result = json.loads(out.getvalue())
    problem = read_cordeau(A2_16)
    assert sorted(result) == ["cost", "routes", "start_times"]
    served = sorted(n for route in result["routes"] for n in route)
    assert served == list(range(1, 33))  # every pickup and drop-off once, the depot left out
    from tsunagu.outings.dispatch import Plan
    plan = Plan(result["routes"], result["start_times"], result["cost"])
    assert validate(problem, plan) == []
    assert 294.25 - 1e-2 <= result["cost"] <= 294.25 * 1.05  # the published optimum, within 5 %


def far_neighbour():
    # 山田 at km 2 and 佐藤 at km 40, both to the supermarket at km 20, 30 min at most aboard:
    # the tour 0→2→40→20→0 (80 km) keeps 山田 in the car 59 minutes.
    return line_problem(0.0, [("山田", 2.0, 20.0, 0.0, 100.0, 30.0), ("佐藤", 40.0, 20.0, 0.0, 100.0, 30.0)],
                        [((3, 0), 300.0), ((3, 0), 300.0)])


def test_plain_vroom_keeps_a_passenger_aboard_too_long_and_the_validator_says_so():
    from tsunagu.outings.dispatch.vroom_backend import solve_vroom

    problem = far_neighbour()
    plan = solve_vroom(problem)
    # On a straight road 0→2→20→40→20→0 is as short (80 km) and keeps the rule; VROOM, which
    # does not know it, may give either: the validator must name 山田 exactly when she is
    # aboard more than 30 minutes.
    assert plan.cost == 80.0
    too_long = [r for r in range(2) if ride(problem, plan, r) > 30.0]
    assert [(b.rule, b.request) for b in validate(problem, plan)] == [("ride_time", r) for r in too_long]


def test_ours_and_ortools_keep_the_time_aboard():
    from tsunagu.outings.dispatch.ortools_backend import solve_ortools

    problem = far_neighbour()
    for plan in (solve(problem, seconds=0.3), solve_ortools(problem, 0.3)):
        assert validate(problem, plan) == []
        assert ride(problem, plan, 0) <= 30.0 and plan.cost == 80.0


def test_an_outing_without_passengers_or_windows_is_planned():
    problem = line_problem(0.0, [], [((4, 0), 100.0)])
    assert solve(problem, seconds=0.1) == schedule(problem, [[]])
    assert schedule(problem, [[]]).cost == 0.0
    # No windows at all (late = inf) and no duration limit: OR-Tools still gets a horizon.
    from tsunagu.outings.dispatch.ortools_backend import solve_ortools

    problem = line_problem(0.0, [("山田", 2.0, 20.0, 0.0, float("inf"), 30.0)], [((2, 0), float("inf"))])
    problem.nodes[0] = replace(problem.nodes[0], late=float("inf"))
    problem.nodes[2] = replace(problem.nodes[2], late=float("inf"))
    for plan in (solve(problem, seconds=0.3), solve_ortools(problem, 0.3)):
        assert validate(problem, plan) == [] and plan.cost == 40.0
