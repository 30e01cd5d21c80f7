"""VROOM (pyvroom) on the same problem, without the limit on time on board (VROOM has none).

Used by bench/darp.py as the "plain VROOM" column: shipments (pickup → drop-off in one car),
capacities, time windows, allowed cars (as skills). VROOM works in integer seconds; times here are
scaled by :data:`SCALE` and travel rounded up so that its windows hold with the real times. Its
routes are re-timed by our schedule (which shortens time on board where waiting allows) and then
judged by the same validator as ours.
"""

from __future__ import annotations

import math

from .model import Plan, Problem
from .timing import Compiled, schedule

SCALE = 100


def solve_vroom(problem: Problem, exploration_level: int = 5, threads: int = 1) -> Plan:
    import vroom

    c = Compiled(problem)
    size = c.size
    durations = [[int(math.ceil(c.T[a][b] * SCALE - 1e-9)) for b in range(size)] for a in range(size)]
    costs = [[int(round(c.D[a][b] * SCALE)) for b in range(size)] for a in range(size)]
    inp = vroom.Input()
    inp.set_durations_matrix(profile="car", matrix_input=durations)
    inp.set_costs_matrix(profile="car", matrix_input=costs)

    def window(node):
        lo = int(math.ceil(c.E[node] * SCALE - 1e-9))
        hi = int(math.floor(c.L[node] * SCALE + 1e-9)) if c.L[node] < math.inf else 10**9
        return [vroom.TimeWindow(lo, hi)]

    for vi, v in enumerate(problem.vehicles):
        inp.add_vehicle(vroom.Vehicle(
            id=vi + 1, start=v.start, end=v.end, profile="car", capacity=list(v.capacity),
            skills={vi + 1}, time_window=vroom.TimeWindow(window(v.start)[0].start, window(v.end)[0].end),
        ))
    every = {vi + 1 for vi in range(len(problem.vehicles))}
    dims = len(problem.vehicles[0].capacity)
    for ri, req in enumerate(problem.requests):
        load = list((c.Q[req.pickup] + (0,) * dims)[:dims])
        # VROOM's skills: a job needs all its skills in the car. "Allowed cars" becomes one skill
        # per car, and a request allowed in several cars is left to any (a limit of this baseline).
        skills = {next(iter(req.vehicles)) + 1} if req.vehicles is not None and len(req.vehicles) == 1 else set()
        inp.add_shipment(
            vroom.ShipmentStep(id=2 * ri + 1, location=req.pickup, default_service=int(math.ceil(c.S[req.pickup] * SCALE)),
                               time_windows=window(req.pickup)),
            vroom.ShipmentStep(id=2 * ri + 2, location=req.dropoff, default_service=int(math.ceil(c.S[req.dropoff] * SCALE)),
                               time_windows=window(req.dropoff)),
            amount=vroom.Amount(load), skills=skills,
        )
    del every
    sol = inp.solve(exploration_level=exploration_level, nb_threads=threads)
    df = sol.routes
    routes = [[] for _ in problem.vehicles]
    for row in df.itertuples():
        if row.type in ("pickup", "delivery"):
            ri = (int(row.id) - 1) // 2
            req = problem.requests[ri]
            routes[int(row.vehicle_id) - 1].append(req.pickup if row.type == "pickup" else req.dropoff)
    # Passengers VROOM left out stay out: the validator names them.
    return schedule(problem, routes, _compiled=c)
