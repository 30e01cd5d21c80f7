"""Cordeau's dial-a-ride benchmark format (the "a" instances: Cordeau, Operations Research 2006).

First line: K vehicles, 2n nodes, T max route duration, Q capacity, L max ride time. Then one line
per node: id x y service load early late. Node 0 is the depot (start and end), 1..n the pickups,
n+1..2n the drop-offs (n+i ends request i). Travel time = distance = Euclidean, not rounded.
Some copies add the end depot as node 2n+1; it is used as the end when present.
"""

from __future__ import annotations

from math import hypot
from pathlib import Path

from .model import Node, Problem, Request, Vehicle


def read_cordeau(path) -> Problem:
    lines = [ln.split() for ln in Path(path).read_text().splitlines() if ln.strip()]
    head = lines[0]
    k, two_n = int(head[0]), int(head[1])
    max_duration, capacity, max_ride = float(head[2]), int(head[3]), float(head[4])
    n = two_n // 2
    rows = [r for r in lines[1:] if len(r) >= 7]
    coords, nodes = [], []
    for r in rows:
        node_id = int(r[0])
        coords.append((float(r[1]), float(r[2])))
        nodes.append(Node(node_id, float(r[3]), float(r[5]), float(r[6]), (int(r[4]),)))
    if [nd.id for nd in nodes] != list(range(len(nodes))):
        raise ValueError("nodes must be numbered 0, 1, 2, … in order")
    dist = [[hypot(a[0] - b[0], a[1] - b[1]) for b in coords] for a in coords]
    end = 2 * n + 1 if len(nodes) > 2 * n + 1 else 0
    requests = [Request(pickup=i, dropoff=n + i, max_ride=max_ride, key=str(i)) for i in range(1, n + 1)]
    vehicles = [Vehicle(capacity=(capacity,), start=0, end=end, max_duration=max_duration, key=str(v + 1)) for v in range(k)]
    return Problem(nodes=nodes, travel=dist, distance=dist, requests=requests, vehicles=vehicles)
