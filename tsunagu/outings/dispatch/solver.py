"""The planner: cheapest feasible insertion, then remove-and-reinsert (ALNS) until the time is up.

Each passenger is inserted where the extra distance is least among the positions that keep every
rule. Positions are filtered cheaply first (seats on the way, each stop's window against the
earliest/latest times of the route without them, the shortest possible time on board), and only
the survivors, cheapest first, get the full eight-step schedule (timing.route_times), which also
checks everybody else's time on board and the car's working time. The first survivor that passes
is the best position in that car.

The search then repeatedly takes a few passengers out (at random, the most expensive ones, or a
group of related ones: close in place and time) and puts them back (greedy or regret insertion,
with a little noise), keeping the result by simulated annealing. Every route kept has passed the
schedule check; :func:`validate` is run on the result all the same.
"""

from __future__ import annotations

import math
import random
import time

from .model import Plan, Problem
from .timing import Compiled, route_cost, route_times

BIG = 1e5  # the price of a passenger left out, per passenger (any plan serving more is better)


class State:
    """Routes (with depots), which car carries whom, and each route's cached look-ahead."""

    def __init__(self, search: Search, routes=None):
        self.s = search
        self.routes = routes or [[v.start, v.end] for v in search.problem.vehicles]
        self.car = [-1] * len(search.problem.requests)
        for vi, seq in enumerate(self.routes):
            for node in seq[1:-1]:
                r = search.c.req_of[node]
                if r >= 0:
                    self.car[r] = vi
        self.costs = [route_cost(search.c, seq) for seq in self.routes]
        self.info = [None] * len(self.routes)
        self.sigs = [None] * len(self.routes)

    def copy(self) -> State:
        st = State.__new__(State)
        st.s = self.s
        st.routes = [list(r) for r in self.routes]
        st.car = list(self.car)
        st.costs = list(self.costs)
        st.info = list(self.info)
        st.sigs = list(self.sigs)
        return st

    def signature(self, vi):
        sig = self.sigs[vi]
        if sig is None:
            sig = self.sigs[vi] = tuple(self.routes[vi])
        return sig

    def cost(self) -> float:
        return sum(self.costs) + BIG * self.car.count(-1)

    def touched(self, vi):
        self.costs[vi] = route_cost(self.s.c, self.routes[vi])
        self.info[vi] = None
        self.sigs[vi] = None


class Search:
    def __init__(self, problem: Problem, seed: int = 0):
        self.problem = problem
        self.c = c = Compiled(problem)
        self.rng = random.Random(seed)
        self.memo = {}
        self.nreq = len(problem.requests)
        self.pick = [r.pickup for r in problem.requests]
        self.drop = [r.dropoff for r in problem.requests]
        self.apart = [set() for _ in problem.requests]
        for a, b in problem.apart:
            self.apart[a].add(b)
            self.apart[b].add(a)
        self.allowed = [
            [vi for vi in range(len(problem.vehicles)) if r.vehicles is None or vi in r.vehicles]
            for r in problem.requests
        ]
        dims = max([len(v.capacity) for v in problem.vehicles] + [1])
        self.dims = dims
        # Loads padded to the vehicles' dimensions.
        self.load = [tuple((c.Q[n] + (0,) * dims)[:dims]) if c.Q[n] else (0,) * dims for n in range(c.size)]
        self.caps = [tuple((tuple(v.capacity) + (0,) * dims)[:dims]) for v in problem.vehicles]
        # Relatedness for the related (Shaw) removal: place and time of pickup and drop-off.
        E, D = c.E, c.D
        span = max([1.0] + [c.L[n] - min(E) for n in range(c.size) if c.L[n] < math.inf])
        dmax = max(1e-9, max(max(row) for row in D))
        self.related = []
        for a in range(self.nreq):
            pa, da = self.pick[a], self.drop[a]
            row = []
            for b in range(self.nreq):
                pb, db = self.pick[b], self.drop[b]
                row.append((D[pa][pb] + D[da][db]) / dmax + (abs(E[pa] - E[pb]) + abs(E[da] - E[db])) / span)
            self.related.append(row)

    # -- route look-ahead -------------------------------------------------------------------
    def route_info(self, st: State, vi: int):
        info = st.info[vi]
        if info is not None:
            return info
        c = self.c
        E, L, S, T = c.E, c.L, c.S, c.T
        seq = st.routes[vi]
        n = len(seq)
        early = [0.0] * n
        early[0] = E[seq[0]]
        for k in range(1, n):
            a = early[k - 1] + S[seq[k - 1]] + T[seq[k - 1]][seq[k]]
            early[k] = a if a > E[seq[k]] else E[seq[k]]
        latest = [0.0] * n
        latest[n - 1] = L[seq[n - 1]]
        for k in range(n - 2, -1, -1):
            b = latest[k + 1] - S[seq[k]] - T[seq[k]][seq[k + 1]]
            latest[k] = b if b < L[seq[k]] else L[seq[k]]
        dims = self.dims
        loads = []
        cur = [0] * dims
        for node in seq:
            q = self.load[node]
            for d in range(dims):
                cur[d] += q[d]
            loads.append(tuple(cur))
        info = (early, latest, loads)
        st.info[vi] = info
        return info

    def entry(self, st: State, r: int, vi: int):
        """The positions of request ``r`` in car ``vi`` that pass the cheap tests, cheapest first,
        and (once asked for) the cheapest that passes the full check.

        Remembered by (route, request): most routes are untouched from one step of the search to
        the next, and the same passengers are tried in them again.
        """
        key = (st.signature(vi), vi, r)
        memo = self.memo
        e = memo.get(key)
        if e is None:
            if len(memo) > 400_000:
                memo.clear()
            e = memo[key] = [self._candidates(st, r, vi), False]
        return e

    def lower(self, st: State, r: int, vi: int) -> float:
        """A lower bound of the extra distance of ``r`` in car ``vi`` (inf: it cannot go there)."""
        if self.apart[r] and any(st.car[o] == vi for o in self.apart[r]):
            return math.inf
        e = self.entry(st, r, vi)
        if e[1] is not False:
            return e[1][0] if e[1] is not None else math.inf
        return e[0][0][0] if e[0] else math.inf

    def best_insertion(self, st: State, r: int, vi: int):
        """(extra distance, new route) for the cheapest position of request ``r`` in car ``vi``, or None."""
        if self.apart[r] and any(st.car[o] == vi for o in self.apart[r]):
            return None
        e = self.entry(st, r, vi)
        if e[1] is False:
            e[1] = self._verify(st, r, vi, e[0])
        return e[1]

    def _verify(self, st: State, r: int, vi: int, cands):
        c = self.c
        seq = st.routes[vi]
        p, d = self.pick[r], self.drop[r]
        for delta, i, j in cands:
            new = seq[: i + 1] + [p] + seq[i + 1 : j + 1] + [d] + seq[j + 1 :]
            _, feasible = route_times(c, new, vi)
            if feasible:
                return delta, new
        return None

    def _candidates(self, st: State, r: int, vi: int):
        c = self.c
        E, L, S, T, D = c.E, c.L, c.S, c.T, c.D
        seq = st.routes[vi]
        early, latest, loads = self.route_info(st, vi)
        q = self.load[self.pick[r]]
        cap = self.caps[vi]
        dims = self.dims
        if dims == 1:
            room = cap[0] - q[0]
            ok = [ld[0] <= room for ld in loads]
        elif dims == 2:
            room0, room1 = cap[0] - q[0], cap[1] - q[1]
            ok = [ld[0] <= room0 and ld[1] <= room1 for ld in loads]
        else:
            ok = [all(ld[d] + q[d] <= cap[d] for d in range(dims)) for ld in loads]
        p, d = self.pick[r], self.drop[r]
        Ep, Lp, Sp, Ed, Ld, Sd = E[p], L[p], S[p], E[d], L[d], S[d]
        Tp, Td, Dp, Dd = T[p], T[d], D[p], D[d]
        ride = c.max_ride[p]
        tpd = Tp[d]
        n = len(seq)
        cands = []
        for i in range(n - 1):
            if not ok[i]:
                continue
            vi_ = seq[i]
            dep_i = early[i] + S[vi_]
            if dep_i > Lp:
                break
            a = dep_i + T[vi_][p]
            if a > Lp:
                continue
            Bp = a if a > Ep else Ep
            Dep = Bp + Sp
            nxt = seq[i + 1]
            Dvi = D[vi_]
            cost_p = Dvi[p]
            a = Dep + tpd
            Bd = a if a > Ed else Ed
            if Bd <= Ld and Bd + Sd + Td[nxt] <= latest[i + 1]:
                cands.append((cost_p + Dp[d] + Dd[nxt] - Dvi[nxt], i, i))
            a = Dep + Tp[nxt]
            if a > latest[i + 1]:
                continue
            t = a if a > early[i + 1] else early[i + 1]
            lb = Tp[nxt]
            base = cost_p + Dp[nxt] - Dvi[nxt]
            for j in range(i + 1, n - 1):
                if not ok[j] or lb > ride:
                    break
                vj = seq[j]
                nj = seq[j + 1]
                sj = S[vj]
                Tvj = T[vj]
                tj = Tvj[d]
                if lb + sj + tj <= ride:
                    a = t + sj + tj
                    Bd = a if a > Ed else Ed
                    if Bd <= Ld and Bd + Sd + Td[nj] <= latest[j + 1]:
                        Dvj = D[vj]
                        cands.append((base + Dvj[d] + Dd[nj] - Dvj[nj], i, j))
                a = t + sj + Tvj[nj]
                if a > latest[j + 1]:
                    break
                t = a if a > early[j + 1] else early[j + 1]
                lb += sj + Tvj[nj]
        cands.sort()
        return cands

    # -- repair -------------------------------------------------------------------------------
    def insert(self, st: State, todo: list[int], regret: bool, noise: float):
        """Put the requests of ``todo`` back one at a time: the cheapest first (greedy), or the
        one that would cost most more in its second-best car (regret-2). Lazy: a car's exact
        best position is only checked when its lower bound could beat what is known."""
        rng = self.rng
        bonus = {r: (noise * (rng.random() - 0.5) * 2 if noise else 0.0) for r in todo}
        pending = list(todo)
        inf = math.inf
        while pending:
            pick, pick_vi, pick_score = None, -1, inf
            for r in pending:
                lbs = sorted((self.lower(st, r, vi), vi) for vi in self.allowed[r])
                v1, c1, v2 = inf, -1, inf
                for lb, vi in lbs:
                    if lb == inf or lb >= v2 or (not regret and lb >= v1):
                        break
                    res = self.best_insertion(st, r, vi)
                    if res is None:
                        continue
                    if res[0] < v1:
                        v1, c1, v2 = res[0], vi, v1
                    elif res[0] < v2:
                        v2 = res[0]
                if c1 < 0:
                    continue
                if regret:
                    score = -(min(v2, BIG) - v1) + 1e-3 * (v1 + bonus[r])
                else:
                    score = v1 + bonus[r]
                if score < pick_score:
                    pick, pick_vi, pick_score = r, c1, score
            if pick is None:
                return pending  # nobody fits anywhere
            res = self.best_insertion(st, pick, pick_vi)
            st.routes[pick_vi] = res[1]
            st.car[pick] = pick_vi
            st.touched(pick_vi)
            pending.remove(pick)
        return []

    # -- destroy ------------------------------------------------------------------------------
    def remove(self, st: State, reqs):
        touched = set()
        for r in reqs:
            vi = st.car[r]
            if vi < 0:
                continue
            seq = st.routes[vi]
            p, d = self.pick[r], self.drop[r]
            st.routes[vi] = [x for x in seq if x != p and x != d]
            st.car[r] = -1
            touched.add(vi)
        for vi in touched:
            st.touched(vi)
        return touched

    def destroy(self, st: State, how: int, q: int) -> list[int]:
        rng = self.rng
        served = [r for r in range(self.nreq) if st.car[r] >= 0]
        q = min(q, len(served))
        if q <= 0:
            return []
        if how == 0:  # random
            chosen = rng.sample(served, q)
        elif how == 1:  # worst: the passengers whose detour costs most
            D = self.c.D
            saving = []
            for r in served:
                seq = st.routes[st.car[r]]
                p, d = self.pick[r], self.drop[r]
                i, j = seq.index(p), seq.index(d)
                if j == i + 1:
                    s = D[seq[i - 1]][p] + D[p][d] + D[d][seq[j + 1]] - D[seq[i - 1]][seq[j + 1]]
                else:
                    s = (D[seq[i - 1]][p] + D[p][seq[i + 1]] - D[seq[i - 1]][seq[i + 1]]
                         + D[seq[j - 1]][d] + D[d][seq[j + 1]] - D[seq[j - 1]][seq[j + 1]])
                saving.append((s, r))
            saving.sort(reverse=True)
            chosen = []
            while len(chosen) < q:
                k = int(len(saving) * rng.random() ** 4)
                chosen.append(saving.pop(k)[1])
        else:  # related (Shaw)
            first = rng.choice(served)
            chosen = [first]
            rest = [r for r in served if r != first]
            while len(chosen) < q:
                ref = rng.choice(chosen)
                row = self.related[ref]
                rest.sort(key=lambda r: row[r])
                k = int(len(rest) * rng.random() ** 6)
                chosen.append(rest.pop(k))
        self.remove(st, chosen)
        return chosen

    # -- the whole search ----------------------------------------------------------------------
    def run(self, seconds: float, iterations: int | None = None, start: float | None = None) -> State:
        rng = self.rng
        start = start if start is not None else time.perf_counter()
        deadline = start + seconds
        order = sorted(range(self.nreq), key=lambda r: self.c.E[self.pick[r]] if self.c.E[self.pick[r]] > 0 else self.c.L[self.drop[r]])
        st = State(self)
        self.insert(st, order, regret=True, noise=0.0)
        self.stats = {"first_cost": st.cost(), "first_seconds": time.perf_counter() - start, "iterations": 0}
        best = st.copy()
        best_cost = cur_cost = st.cost()
        if self.nreq <= 1:
            return best
        t0 = max(1e-3, 0.03 * sum(st.costs) / math.log(2))
        t_end = t0 / 500
        it = 0
        qmax = max(2, min(int(0.3 * self.nreq), 25))
        while True:
            if iterations is not None:
                if it >= iterations:
                    break
                frac = it / iterations
            else:
                now = time.perf_counter()
                if now >= deadline:
                    break
                frac = (now - start) / seconds
            it += 1
            temp = t0 * (t_end / t0) ** frac
            cand = st.copy()
            q = rng.randint(min(2, qmax), qmax)
            removed = self.destroy(cand, rng.randrange(3), q)
            left = [r for r in range(self.nreq) if cand.car[r] < 0]
            rng.shuffle(left)
            noise = 0.0 if rng.random() < 0.5 else 0.1 * (sum(cand.costs) / max(1, self.nreq))
            self.insert(cand, left, regret=rng.random() < 0.5, noise=noise)
            cost = cand.cost()
            if cost < cur_cost - 1e-9 or rng.random() < math.exp(-(cost - cur_cost) / temp):
                st, cur_cost = cand, cost
                if cost < best_cost - 1e-9:
                    best, best_cost = cand.copy(), cost
                    self.stats["best_found_at"] = it
            del removed
        self.stats["iterations"] = it
        self.stats["best_found_at"] = self.stats.get("best_found_at", 0)
        return best


OWN_SHARE = 0.5  # of the time: our search; the rest OR-Tools' local search from our best plan


def solve(problem: Problem, seconds: float = 2.0, seed: int = 0, *, iterations: int | None = None,
          stats: dict | None = None) -> Plan:
    """A plan that keeps every rule, as short as we can find in about ``seconds``.

    Our insertion and remove-and-reinsert search runs for half the time; then OR-Tools' guided
    local search (its pickup-and-delivery model with the same rules, ortools_backend) starts
    from our best plan for the rest: measured on the benchmark (bench/darp.py), the two together
    beat either alone in the same time. Whichever valid plan is shorter is returned — both are
    re-timed by our schedule and checked by :func:`validate`. OR-Tools is also the fallback when
    our search leaves someone out.

    The same ``seed`` and ``iterations`` give the same plan (``iterations`` bounds our search
    instead of the clock, and OR-Tools is not used then). Passengers who fit in no car even
    alone are put where they cost least, and :func:`validate` names what their ride breaks.
    """
    from .timing import schedule
    from .validator import validate

    start = time.perf_counter()
    search = Search(problem, seed)
    own = seconds if iterations is not None else seconds * OWN_SHARE
    st = search.run(own, iterations=iterations, start=start)
    info = dict(search.stats)
    left = [r for r in range(search.nreq) if st.car[r] < 0]
    routes = [seq[1:-1] for seq in st.routes]
    plan = None
    if not left:
        plan = schedule(problem, routes, _compiled=search.c)
        info["own_cost"] = plan.cost
    remaining = seconds - (time.perf_counter() - start)
    if iterations is None and remaining > 0.2 and search.nreq > 1:
        from .ortools_backend import solve_ortools

        try:
            other = solve_ortools(problem, remaining, initial=None if left else routes)
        except ImportError:  # OR-Tools not installed: our plan alone
            other = None
        if True:
            if other is not None and not validate(problem, other) and (plan is None or other.cost < plan.cost - 1e-9):
                info["ortools_improved"] = True
                plan = other
                left = []
    if plan is None:
        for r in left:  # nobody can take them within the rules: show them, with their breaches
            vi = search.allowed[r][0] if search.allowed[r] else 0
            routes[vi] = routes[vi] + [search.pick[r], search.drop[r]]
        plan = schedule(problem, routes, _compiled=search.c)
    info["seconds"] = time.perf_counter() - start
    if stats is not None:
        stats.update(info)
    return plan
