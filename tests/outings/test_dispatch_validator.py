"""The dispatch plan's validator: every rule checked on its own, refused with a Japanese reason.

Each test breaks one rule of a plan that is otherwise valid, on a tiny problem along one road
(tests/outings/dispatch_cases.py), and checks that this rule — and only what follows from it —
is named, in words a coordinator reads.
"""

from __future__ import annotations

from dataclasses import replace

from tests.outings.dispatch_cases import line_problem, village
from tsunagu.outings.dispatch import Names, Plan, schedule, validate

# 山田 = nodes 1→2, 佐藤 = 3→4, 鈴木 = 5→6 (pickups at km 2, 5, 8; all to km 20).
YAMADA, SATO, SUZUKI = (1, 2), (3, 4), (5, 6)


def valid_plan(problem=None):
    problem = problem or village()
    return problem, schedule(problem, [[1, 3, 2, 4], [5, 6]])


def rules(breaches):
    return sorted({b.rule for b in breaches})


def test_a_valid_plan_has_no_breach():
    problem, plan = valid_plan()
    assert validate(problem, plan) == []
    # 0→2→5→20→20→0 and 0→8→20→0, in km.
    assert plan.cost == 2 + 3 + 15 + 0 + 20 + 8 + 12 + 20
    # Picked up at km 2 at 2:00 after 2 min; 1 min to board; 3 min to km 5 → 6:00 …
    assert plan.start_times[0] == [2.0, 6.0, 22.0, 23.0]


def test_too_many_passengers_for_the_seats_is_refused():
    problem = village()
    plan = schedule(problem, [[1, 3, 5, 2, 4, 6], []])
    breaches = validate(problem, plan)
    assert rules(breaches) == ["seats"]
    assert breaches[0].message == "1号車：鈴木さんのお迎えのあと座席が3人分必要で、2人分を超えます。"
    assert breaches[0].vehicle == 0


def test_a_wheelchair_needs_a_wheelchair_space():
    problem = line_problem(0.0, [("田中", 2.0, 20.0, 0.0, 60.0, 30.0, (1, 1))], [((4, 0), 120.0)])
    breaches = validate(problem, schedule(problem, [[1, 2]]))
    assert rules(breaches) == ["seats"]
    assert "車いすスペースが1人分必要で、0人分を超えます" in breaches[0].message


def test_a_pickup_outside_its_window_is_refused():
    problem = line_problem(0.0, [("山田", 30.0, 31.0, 0.0, 20.0, 30.0)], [((2, 0), 240.0)])
    plan = schedule(problem, [[1, 2]])  # the car cannot be at km 30 before 0:30
    breaches = validate(problem, plan)
    assert rules(breaches) == ["window"]
    assert breaches[0].message == "1号車：山田さんのお迎えが0:30で、希望の時間帯（0:00〜0:20）を外れます。"
    # The coordinator's clock: minutes from 9:00.
    nine = Names(clock=lambda m: f"{9 + int(m) // 60}時{int(m) % 60:02d}分")
    assert "9時30分で、希望の時間帯（9時00分〜9時20分）" in validate(problem, plan, names=nine)[0].message


def test_too_long_on_board_is_refused_with_the_minutes():
    # 山田 boards at km 2 and rides while the car fetches 佐藤 at km 40 and back: 2→40→20 = 58 km
    # plus 佐藤's minute of boarding → 59 min on board against 30.
    problem = line_problem(0.0, [("山田", 2.0, 20.0, 0.0, 60.0, 30.0), ("佐藤", 40.0, 20.0, 0.0, 100.0, 30.0)], [((3, 0), 300.0)])
    plan = schedule(problem, [[1, 3, 2, 4]])
    breaches = validate(problem, plan)
    assert rules(breaches) == ["ride_time"]
    assert breaches[0].message == "1号車：山田さんの乗車時間が59分で、上限の30分を超えます。"
    assert breaches[0].request == 0
    names = Names(vehicles=["2号車"], requests={"山田": "山田 花子さん"})
    assert validate(problem, plan, names=names)[0].message == "2号車：山田 花子さんの乗車時間が59分で、上限の30分を超えます。"


def test_a_car_out_too_long_is_refused():
    problem = line_problem(0.0, [("山田", 2.0, 20.0, 0.0, 60.0, 30.0)], [((2, 0), 30.0)])
    breaches = validate(problem, schedule(problem, [[1, 2]]))  # 40 km + 2 min of stops
    assert rules(breaches) == ["route_length"]
    assert breaches[0].message == "1号車：運行時間が42分で、上限の30分を超えます。"


def test_a_passenger_left_out_or_twice_or_split_is_refused():
    problem, plan = valid_plan()
    left_out = schedule(problem, [[1, 3, 2, 4], []])
    assert [(b.rule, b.message) for b in validate(problem, left_out)] == [("visit", "鈴木さんがどの車にも乗っていません。")]
    twice = Plan([[1, 3, 2, 4], [1, 5, 6, 2]], [[2, 6, 22, 23], [2, 9, 21, 22]], plan.cost)
    assert "山田さんのお迎えが2回あります（1回のはずです）。" in [b.message for b in validate(problem, twice)]
    split = schedule(problem, [[1, 3, 4], [5, 2, 6]])
    assert "山田さんが1号車で乗り、2号車で降りることになっています。" in [b.message for b in validate(problem, split)]


def test_a_drop_off_before_its_pickup_is_refused():
    problem = village()
    plan = schedule(problem, [[2, 1, 3, 4], [5, 6]])
    messages = [(b.rule, b.message) for b in validate(problem, plan)]
    assert ("visit", "1号車：山田さんの降車がお迎えより前になっています。") in messages


def test_start_times_the_car_cannot_keep_are_refused():
    problem, plan = valid_plan()
    plan.start_times[0][1] = 4.0  # km 2 → km 5 is 3 min after a minute's boarding: 6:00 at the earliest
    breaches = validate(problem, plan)
    assert rules(breaches) == ["timing"]
    assert breaches[0].message == "1号車：山田さんのお迎えのあと佐藤さんのお迎えに0:04には着けません（早くて0:06）。"


def test_a_car_the_passenger_cannot_use_is_refused():
    problem = village()
    problem.requests[2] = replace(problem.requests[2], vehicles=frozenset({0}))  # 鈴木: car 1 only
    breaches = validate(problem, schedule(problem, [[1, 3, 2, 4], [5, 6]]))
    assert rules(breaches) == ["vehicle"]
    assert breaches[0].message == "2号車：鈴木さんはこの車には乗れません（乗れる車：1号車）。"


def test_passengers_who_must_ride_apart_are_refused_in_one_car():
    problem = village(apart=[(0, 1)])
    breaches = validate(problem, schedule(problem, [[1, 3, 2, 4], [5, 6]]))
    assert rules(breaches) == ["apart"]
    assert breaches[0].message == "1号車：山田さんと佐藤さんは別の車にする約束ですが、同じ車です。"
    assert validate(problem, schedule(problem, [[1, 5, 2, 6], [3, 4]])) == []


def test_a_stated_cost_that_is_not_the_routes_distance_is_refused():
    problem, plan = valid_plan()
    plan.cost -= 1.0
    breaches = validate(problem, plan)
    assert rules(breaches) == ["cost"]
    assert "計画の距離（79.00）が、経路から計算した距離（80.00）と合いません。" == breaches[0].message


def test_times_within_the_tolerance_pass():
    problem, plan = valid_plan()
    plan.start_times[0][1] -= 5e-7
    assert validate(problem, plan) == []
    plan.start_times[0][1] -= 1e-5
    assert rules(validate(problem, plan)) == ["timing"]
