"""Tiny hand-written dial-a-ride problems for the dispatch tests (no benchmark instances here).

Stops lie on a straight road: the travel time between two stops is the distance between their
positions (minutes = km), so every expected number can be worked out by hand.
"""

from __future__ import annotations

from tsunagu.outings.dispatch import Node, Problem, Request, Vehicle


def line_problem(depot, passengers, cars, *, apart=(), service=1.0):
    """``passengers``: (name, pickup position, drop-off position, early, late, max_ride[, load[, vehicles]]).

    Node 0 is the depot; passenger i has pickup node 2i+1 and drop-off node 2i+2. The window
    applies to the pickup; the drop-off may be served any time in the day.
    """
    positions = [depot]
    nodes = [Node(0, 0.0, 0.0, 600.0, (0, 0))]
    requests = []
    for i, row in enumerate(passengers):
        name, at, to, early, late, max_ride = row[:6]
        load = row[6] if len(row) > 6 else (1, 0)
        allowed = row[7] if len(row) > 7 else None
        pick, drop = 2 * i + 1, 2 * i + 2
        positions += [at, to]
        nodes.append(Node(pick, service, early, late, load))
        nodes.append(Node(drop, service, 0.0, 600.0, tuple(-x for x in load)))
        requests.append(Request(pick, drop, max_ride, key=name, vehicles=allowed))
    size = len(positions)
    travel = [[abs(positions[a] - positions[b]) for b in range(size)] for a in range(size)]
    vehicles = [Vehicle(capacity=cap, start=0, end=0, max_duration=dur, key=f"{k + 1}号車") for k, (cap, dur) in enumerate(cars)]
    return Problem(nodes=nodes, travel=travel, distance=[row[:] for row in travel], requests=requests,
                   vehicles=vehicles, apart=list(apart))


def village(**kw):
    """Three residents along the road to the supermarket at km 20; two cars of 2 seats (car 1
    also takes a wheelchair)."""
    return line_problem(
        0.0,
        [
            ("山田", 2.0, 20.0, 0.0, 60.0, 30.0),
            ("佐藤", 5.0, 20.0, 0.0, 60.0, 30.0),
            ("鈴木", 8.0, 20.0, 0.0, 60.0, 30.0),
        ],
        [((2, 1), 120.0), ((2, 0), 120.0)],
        **kw,
    )
