"""Start times for given routes that keep passengers' time on board short.

The eight-step procedure of Cordeau & Laporte (2003): start every stop as early as possible; then
leave the depot as late as the forward time slack allows without passing a window (so the car
does not wait with nobody aboard); then, pickup by pickup, delay the pickup by as much as the
waiting further down the route absorbs without breaking a window or another passenger's time on
board — which moves waiting from "with passengers" to "before they board". The result is
checked, not trusted: a route is feasible only if the final times keep every rule.

Everything here works on a :class:`Compiled` copy of the problem (lists of floats indexed by
node id) because the solver calls it thousands of times a second.
"""

from __future__ import annotations

from math import inf

from .model import Plan, Problem

EPS = 1e-6


class Compiled:
    """The problem as flat lists for the hot loops."""

    def __init__(self, problem: Problem):
        nodes = sorted(problem.nodes, key=lambda n: n.id)
        size = max(n.id for n in nodes) + 1
        self.size = size
        self.E = [0.0] * size
        self.L = [inf] * size
        self.S = [0.0] * size
        self.Q = [()] * size
        for n in nodes:
            self.E[n.id] = float(n.early)
            self.L[n.id] = float(n.late)
            self.S[n.id] = float(n.service)
            self.Q[n.id] = tuple(n.load)
        self.T = [list(map(float, row)) for row in problem.travel]
        self.D = [list(map(float, row)) for row in problem.distance]
        # For a drop-off node: its pickup node and the passenger's limit; -1 / inf otherwise.
        self.pick_of = [-1] * size
        self.drop_of = [-1] * size
        self.max_ride = [inf] * size
        self.req_of = [-1] * size
        for r, req in enumerate(problem.requests):
            self.pick_of[req.dropoff] = req.pickup
            self.drop_of[req.pickup] = req.dropoff
            self.max_ride[req.dropoff] = float(req.max_ride)
            self.max_ride[req.pickup] = float(req.max_ride)
            self.req_of[req.pickup] = r
            self.req_of[req.dropoff] = r
        self.vehicles = problem.vehicles
        self.max_duration = [float(v.max_duration) for v in problem.vehicles]


def route_times(c: Compiled, seq: list[int], vehicle: int, strict: bool = True):
    """Service start times for ``seq`` (depots included at both ends) by the eight steps.

    Returns ``(B, feasible)``. With ``strict`` the work stops at the first window that cannot be
    met (``(None, False)``): the solver's use. Without, it always returns times (stops served
    late if they must be) so that a coordinator's hand-made order can be shown with its breaches.
    """
    E, Lt, S, T = c.E, c.L, c.S, c.T
    pick_of, max_ride = c.pick_of, c.max_ride
    n = len(seq)
    B = [0.0] * n
    W = [0.0] * n
    # Steps 1–2: everything as early as possible.
    B[0] = E[seq[0]]
    late = False
    prev = seq[0]
    dep = B[0] + S[prev]
    for k in range(1, n):
        v = seq[k]
        a = dep + T[prev][v]
        e = E[v]
        if a < e:
            W[k] = e - a
            a = e
        else:
            W[k] = 0.0
        if a > Lt[v] + EPS:
            if strict:
                return None, False
            late = True
        B[k] = a
        dep = a + S[v]
        prev = v
    if late:
        return B, False
    # Steps 3–5: leave the depot as late as the forward slack allows.
    total_wait = 0.0
    for k in range(1, n):
        total_wait += W[k]
    if total_wait > EPS:
        cum = 0.0
        f = Lt[seq[0]] - B[0]
        for k in range(1, n):
            cum += W[k]
            slack = Lt[seq[k]] - B[k]
            if slack < 0.0:
                slack = 0.0
            if cum + slack < f:
                f = cum + slack
        d = f if f < total_wait else total_wait
        if d > EPS:
            B[0] += d
            _forward(c, seq, B, W, 0)
    # The car's working time does not change after this (later delays are absorbed by waiting).
    last = seq[n - 2]
    arrive = B[n - 2] + S[last] + T[last][seq[n - 1]]
    if arrive - (B[0] + S[seq[0]]) > c.max_duration[vehicle] + EPS:
        return B, False
    pos = {}
    for k in range(1, n - 1):
        v = seq[k]
        pos[v] = k
    # Step 6: if every passenger's time on board is within their limit already, done.
    for k in range(1, n - 1):
        v = seq[k]
        p = pick_of[v]
        if p != -1:
            pk = pos.get(p, -1)
            if pk < 0 or pk > k:
                return B, False
            if B[k] - B[pk] - S[p] > max_ride[v] + EPS:
                break
    else:
        return B, True
    # Step 7: delay each pickup by what the waiting after it absorbs.
    suf = [0.0] * (n + 1)  # suf[k]: the waiting from position k on
    for k in range(n - 1, 0, -1):
        suf[k] = suf[k + 1] + W[k]
    for j in range(1, n - 1):
        rest = suf[j + 1]
        if rest <= EPS:
            break  # no waiting left to move
        vj = seq[j]
        if pick_of[vj] != -1:
            continue  # a drop-off
        f = inf
        cum = 0.0
        for k in range(j, n):
            vk = seq[k]
            if k > j:
                cum += W[k]
            slack = Lt[vk] - B[k]
            p = pick_of[vk]
            if p != -1:
                pk = pos.get(p, -1)
                if 0 < pk < j:
                    ride_slack = max_ride[vk] - (B[k] - B[pk] - S[p])
                    if ride_slack < slack:
                        slack = ride_slack
            if slack < 0.0:
                slack = 0.0
            if cum + slack < f:
                f = cum + slack
            if cum >= f:
                break
        d = f if f < rest else rest
        if d > EPS:
            B[j] += d
            W[j] += d
            stop = _forward(c, seq, B, W, j)
            for k in range(stop, j, -1):
                suf[k] = suf[k + 1] + W[k]
    # Step 8: the rules, on the final times.
    for k in range(1, n - 1):
        v = seq[k]
        p = pick_of[v]
        if p != -1:
            pk = pos.get(p, -1)
            if pk < 0 or pk > k:
                return B, False
            if B[k] - B[pk] - S[p] > max_ride[v] + EPS:
                return B, False
    return B, True


def _forward(c: Compiled, seq, B, W, j):
    """Recompute the times after position ``j`` once ``B[j]`` has moved later; returns the last
    position that changed (the delay stops where waiting absorbs it)."""
    E, S, T = c.E, c.S, c.T
    prev = seq[j]
    dep = B[j] + S[prev]
    n = len(seq)
    for k in range(j + 1, n):
        v = seq[k]
        a = dep + T[prev][v]
        e = E[v]
        if a < e:
            w = e - a
            a = e
        else:
            w = 0.0
        W[k] = w
        if a <= B[k]:  # absorbed: from here on nothing moves
            return k
        B[k] = a
        dep = a + S[v]
        prev = v
    return n - 1


def route_cost(c: Compiled, seq: list[int]) -> float:
    D = c.D
    return sum(D[seq[k]][seq[k + 1]] for k in range(len(seq) - 1)) if len(seq) > 2 else 0.0


def schedule(problem: Problem, routes: list[list[int]], _compiled: Compiled | None = None) -> Plan:
    """The best start times we know for the given routes (depots left out), and their cost.

    Ride-time aware (see the module's docstring). Routes that cannot keep every rule still get
    times (each stop as early as it can be served) so that :func:`validate` says what breaks.
    """
    c = _compiled or Compiled(problem)
    start_times = []
    cost = 0.0
    for vi, route in enumerate(routes):
        veh = problem.vehicles[vi]
        if not route:
            start_times.append([])
            continue
        seq = [veh.start, *route, veh.end]
        B, ok = route_times(c, seq, vi, strict=False)
        start_times.append(B[1:-1])
        cost += route_cost(c, seq)
    return Plan(routes=[list(r) for r in routes], start_times=start_times, cost=cost)
