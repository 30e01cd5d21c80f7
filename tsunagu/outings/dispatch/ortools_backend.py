"""OR-Tools' pickup-and-delivery model of the same problem: the fallback and the benchmark's yardstick.

OR-Tools works in integers: times and distances are scaled by :data:`SCALE` and each leg's
travel (with the service before it) is rounded *up*, windows inwards, so any schedule OR-Tools
keeps is kept with the real (shorter) travel times too. Its plan is re-timed by our schedule and
checked by our validator like any other. The time on board is the constraint VROOM lacks:
``CumulVar(drop) - CumulVar(pickup) <= max_ride + service at the pickup``.
"""

from __future__ import annotations

import math
import time

from .model import Plan, Problem
from .timing import Compiled, route_cost, route_times

SCALE = 1000
DROP_PENALTY = 10**9


def solve_ortools(problem: Problem, seconds: float, initial: list[list[int]] | None = None,
                  stats: dict | None = None) -> Plan | None:
    """OR-Tools' best plan in ``seconds`` (guided local search), from ``initial`` routes if given.

    Its first plan comes from parallel cheapest insertion; when that finds none (it happens on
    tight windows), local cheapest insertion is tried in the time left. Passengers it cannot
    place are left out of the plan (at a high price), and the validator names them. None when
    it finds no plan at all.
    """
    from ortools.constraint_solver import routing_enums_pb2

    started = time.perf_counter()
    strategies = routing_enums_pb2.FirstSolutionStrategy
    tries = [strategies.PARALLEL_CHEAPEST_INSERTION, strategies.LOCAL_CHEAPEST_INSERTION]
    stats = stats if stats is not None else {}
    for strategy in tries:
        left = seconds - (time.perf_counter() - started)
        if left <= 0.05:
            break
        plan = _solve_once(problem, left, initial, stats, strategy)
        if plan is not None:
            stats["first_solution_strategy"] = routing_enums_pb2.FirstSolutionStrategy.Value.Name(strategy)
            return plan
        if initial is not None:
            break
    return None


def _solve_once(problem, seconds, initial, stats, strategy):
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    started = time.perf_counter()
    c = Compiled(problem)
    vehicles = problem.vehicles
    ids = sorted({v.start for v in vehicles} | {v.end for v in vehicles}
                 | {r.pickup for r in problem.requests} | {r.dropoff for r in problem.requests})
    index_of = {n: i for i, n in enumerate(ids)}
    manager = pywrapcp.RoutingIndexManager(len(ids), len(vehicles), [index_of[v.start] for v in vehicles],
                                           [index_of[v.end] for v in vehicles])
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    dist = [[int(round(c.D[a][b] * SCALE)) for b in ids] for a in ids]
    legs = [[int(math.ceil((c.S[a] + c.T[a][b]) * SCALE - 1e-9)) for b in ids] for a in ids]

    # Matrices, not Python callbacks: OR-Tools then never calls back into Python while searching.
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(dist))
    finite = [c.L[n] for n in ids if c.L[n] < math.inf]
    # Without windows: the latest start plus every stop's longest leg is more than any plan needs.
    far = max(c.E[n] for n in ids) + sum(max(row) for row in legs) / SCALE
    horizon = int((max(finite) if finite else far) * SCALE) + 1
    routing.AddDimension(routing.RegisterTransitMatrix(legs), horizon, horizon, False, "time")
    tdim = routing.GetDimensionOrDie("time")

    def window(index, node):
        lo = int(math.ceil(c.E[node] * SCALE - 1e-9))
        hi = int(math.floor(c.L[node] * SCALE + 1e-9)) if c.L[node] < math.inf else horizon
        tdim.CumulVar(index).SetRange(lo, min(hi, horizon))

    for n in ids:
        if n in {v.start for v in vehicles} | {v.end for v in vehicles}:
            continue
        window(manager.NodeToIndex(index_of[n]), n)
    for vi, v in enumerate(vehicles):
        window(routing.Start(vi), v.start)
        window(routing.End(vi), v.end)
        if v.max_duration < math.inf:
            tdim.SetSpanUpperBoundForVehicle(int(math.floor((v.max_duration + c.S[v.start]) * SCALE + 1e-9)), vi)

    dims = max(len(v.capacity) for v in vehicles)
    for d in range(dims):
        demand = [c.Q[n][d] if d < len(c.Q[n]) else 0 for n in ids]
        caps = [v.capacity[d] if d < len(v.capacity) else 0 for v in vehicles]
        routing.AddDimensionWithVehicleCapacity(routing.RegisterUnaryTransitVector(demand), 0, caps, True, f"load{d}")

    for req in problem.requests:
        p = manager.NodeToIndex(index_of[req.pickup])
        d = manager.NodeToIndex(index_of[req.dropoff])
        routing.AddPickupAndDelivery(p, d)
        # A passenger may be left out at a high price: otherwise the first-plan heuristics give up
        # on tight problems (a2-16) instead of handing the local search something to improve.
        routing.AddDisjunction([p], DROP_PENALTY)
        routing.AddDisjunction([d], DROP_PENALTY)
        solver.Add(routing.ActiveVar(p) == routing.ActiveVar(d))
        solver.Add(routing.VehicleVar(p) == routing.VehicleVar(d))
        solver.Add(tdim.CumulVar(p) <= tdim.CumulVar(d))
        limit = int(math.floor((req.max_ride + c.S[req.pickup]) * SCALE + 1e-9))
        solver.Add(tdim.CumulVar(d) - tdim.CumulVar(p) <= limit)
        if req.vehicles is not None:
            allowed = [-1, *sorted(int(v) for v in req.vehicles)]  # -1: left out
            routing.VehicleVar(p).SetValues(allowed)
            routing.VehicleVar(d).SetValues(allowed)
    for a, b in problem.apart:
        pa = manager.NodeToIndex(index_of[problem.requests[a].pickup])
        pb = manager.NodeToIndex(index_of[problem.requests[b].pickup])
        solver.Add(routing.VehicleVar(pa) != routing.VehicleVar(pb))
    for vi in range(len(vehicles)):  # leave as late and come back as early as the plan allows
        routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(routing.Start(vi)))
        routing.AddVariableMinimizedByFinalizer(tdim.CumulVar(routing.End(vi)))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = strategy
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    left = max(0.1, seconds - (time.perf_counter() - started))
    params.time_limit.FromMilliseconds(int(left * 1000))
    if initial is not None:
        # Routes are given as the model's variable indices (manager.NodeToIndex), not as node numbers:
        # they differ once cars start at different nodes (an outing's open routes).
        routing.CloseModelWithParameters(params)
        start = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(index_of[n]) for n in r] for r in initial], True)
        solution = routing.SolveFromAssignmentWithParameters(start, params) if start else routing.SolveWithParameters(params)
    else:
        solution = routing.SolveWithParameters(params)
    stats["status"] = int(routing.status())
    if solution is None:
        return None
    routes, times = [], []
    cost = 0.0
    for vi, v in enumerate(vehicles):
        index = routing.Start(vi)
        seq, ts = [], []
        index = solution.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            seq.append(ids[manager.IndexToNode(index)])
            ts.append(solution.Value(tdim.CumulVar(index)) / SCALE)
            index = solution.Value(routing.NextVar(index))
        routes.append(seq)
        full = [v.start, *seq, v.end]
        if seq:
            B, ok = route_times(c, full, vi, strict=False)
            if ok:  # our schedule keeps passengers aboard no longer than OR-Tools' own times
                ts = B[1:-1]
        times.append(ts)
        cost += route_cost(c, full)
    return Plan(routes=routes, start_times=times, cost=cost)
