"""Every rule of a plan, checked on its own — not trusting the solver that made it.

A plan shown to a coordinator as valid has passed this: each passenger picked up and dropped off
once, by the same car, in that order; seats (and wheelchair spaces, every capacity dimension)
never exceeded; each stop served within its window and no earlier than the car can get there;
each passenger's time on board within their limit; each car's working time within its limit;
only allowed cars; passengers who must ride apart in different cars; and the cost as stated.
The messages are for a coordinator, in Japanese.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Breach, Names, Plan, Problem

EPS = 1e-6
COST_TOLERANCE = 1e-6


def _minutes(x: float) -> str:
    r = round(x)
    if abs(x - r) < 0.05:
        return f"{int(r)}分"
    return f"{x:.1f}分"


class _Namer:
    def __init__(self, problem: Problem, names: Names | None):
        self.problem = problem
        self.names = names or Names()

    def _pick(self, table, index, key, default):
        if isinstance(table, Mapping):
            return table.get(key) or default
        if index < len(table) and table[index]:
            return table[index]
        return default

    def car(self, vi: int) -> str:
        key = self.problem.vehicles[vi].key if 0 <= vi < len(self.problem.vehicles) else ""
        return self._pick(self.names.vehicles, vi, key, f"{vi + 1}号車")

    def person(self, ri: int) -> str:
        key = self.problem.requests[ri].key
        # Without names: the key as a name (「山田さん」), or a number when the key is one.
        default = f"利用者{key or ri + 1}さん" if not key or key.isdigit() else f"{key}さん"
        return self._pick(self.names.requests, ri, key, default)

    def clock(self, minutes: float) -> str:
        return self.names.clock(minutes)


def validate(problem: Problem, plan: Plan, names: Names | None = None) -> list[Breach]:
    """The plan's breaches of the rules; ``[]`` means the plan is valid."""
    nm = _Namer(problem, names)
    out: list[Breach] = []
    nodes = {n.id: n for n in problem.nodes}
    travel, distance = problem.travel, problem.distance
    role = {}  # node id → (request index, "pickup" | "dropoff")
    for ri, req in enumerate(problem.requests):
        role[req.pickup] = (ri, "pickup")
        role[req.dropoff] = (ri, "dropoff")

    def stop(node_id: int) -> str:
        if node_id in role:
            ri, kind = role[node_id]
            return f"{nm.person(ri)}の{'お迎え' if kind == 'pickup' else '降車'}"
        return f"地点{node_id}"

    if len(plan.routes) != len(problem.vehicles) or len(plan.start_times) != len(plan.routes):
        out.append(Breach("visit", f"計画の車の数（{len(plan.routes)}台）が、使える車の数（{len(problem.vehicles)}台）と合いません。"))
        return out

    seen: dict[int, list[tuple[int, int]]] = {}  # node id → [(vehicle, position)]
    recomputed = 0.0
    car_of_request: dict[int, set[int]] = {}
    for vi, (route, times) in enumerate(zip(plan.routes, plan.start_times, strict=True)):
        veh = problem.vehicles[vi]
        car = nm.car(vi)
        if len(times) != len(route):
            out.append(Breach("timing", f"{car}：停車地の数と時刻の数が合いません。", vehicle=vi))
            continue
        bad = [n for n in route if n not in nodes or n not in role]
        for n in bad:
            out.append(Breach("visit", f"{car}：地点{n}は、この計画の乗降場所ではありません。", vehicle=vi))
        if bad:
            continue
        for pos, n in enumerate(route):
            seen.setdefault(n, []).append((vi, pos))
            car_of_request.setdefault(role[n][0], set()).add(vi)
        if not route:
            continue
        seq = [veh.start, *route, veh.end]
        recomputed += sum(distance[seq[k]][seq[k + 1]] for k in range(len(seq) - 1))

        # Windows and times that the car can keep.
        depot = nodes[veh.start]
        leave = times[0] - travel[veh.start][route[0]]  # the latest it can leave the depot
        if leave < depot.early + depot.service - EPS:
            out.append(Breach("timing", f"{car}：車庫を{nm.clock(depot.early)}より前に出ないと、{stop(route[0])}の{nm.clock(times[0])}に間に合いません。", vehicle=vi))
        for pos, n in enumerate(route):
            node = nodes[n]
            b = times[pos]
            ri = role[n][0]
            if b < node.early - EPS or b > node.late + EPS:
                out.append(Breach("window", f"{car}：{stop(n)}が{nm.clock(b)}で、希望の時間帯（{nm.clock(node.early)}〜{nm.clock(node.late)}）を外れます。", vehicle=vi, request=ri))
            if pos > 0:
                p = route[pos - 1]
                ready = times[pos - 1] + nodes[p].service + travel[p][n]
                if b < ready - EPS:
                    out.append(Breach("timing", f"{car}：{stop(p)}のあと{stop(n)}に{nm.clock(b)}には着けません（早くて{nm.clock(ready)}）。", vehicle=vi, request=ri))
        end_node = nodes[veh.end]
        arrive = times[-1] + nodes[route[-1]].service + travel[route[-1]][veh.end]
        if arrive > end_node.late + EPS:
            out.append(Breach("window", f"{car}：車庫に戻るのが{nm.clock(arrive)}で、{nm.clock(end_node.late)}に間に合いません。", vehicle=vi))
        duration = arrive - max(leave, depot.early + depot.service)
        if duration > veh.max_duration + EPS:
            out.append(Breach("route_length", f"{car}：運行時間が{_minutes(duration)}で、上限の{_minutes(veh.max_duration)}を超えます。", vehicle=vi))

        # Seats (and every other capacity dimension) after each stop.
        dims = len(veh.capacity)
        load = [0] * dims
        over_reported = set()
        for n in route:
            node = nodes[n]
            for d in range(dims):
                load[d] += node.load[d] if d < len(node.load) else 0
            for d in range(dims):
                if load[d] > veh.capacity[d] and d not in over_reported:
                    over_reported.add(d)
                    what = "座席" if d == 0 else ("車いすスペース" if d == 1 else f"容量{d + 1}")
                    out.append(Breach("seats", f"{car}：{stop(n)}のあと{what}が{load[d]}人分必要で、{veh.capacity[d]}人分を超えます。", vehicle=vi, request=role[n][0]))
            for d in range(len(node.load)):
                if d >= dims and node.load[d] > 0:
                    out.append(Breach("seats", f"{car}：{stop(n)}に必要な容量{d + 1}がこの車にありません。", vehicle=vi, request=role[n][0]))

    # Each passenger once, by one car, picked up before dropped off, on time aboard.
    for ri, req in enumerate(problem.requests):
        who = nm.person(ri)
        picks, drops = seen.get(req.pickup, []), seen.get(req.dropoff, [])
        if not picks and not drops:
            out.append(Breach("visit", f"{who}がどの車にも乗っていません。", request=ri))
            continue
        if len(picks) != 1 or len(drops) != 1:
            what = "お迎え" if len(picks) != 1 else "降車"
            count = len(picks) if len(picks) != 1 else len(drops)
            out.append(Breach("visit", f"{who}の{what}が{count}回あります（1回のはずです）。", request=ri))
            continue
        (pv, pp), (dv, dp) = picks[0], drops[0]
        if pv != dv:
            out.append(Breach("visit", f"{who}が{nm.car(pv)}で乗り、{nm.car(dv)}で降りることになっています。", request=ri, vehicle=pv))
            continue
        if dp < pp:
            out.append(Breach("visit", f"{nm.car(pv)}：{who}の降車がお迎えより前になっています。", request=ri, vehicle=pv))
            continue
        if req.vehicles is not None and pv not in req.vehicles:
            out.append(Breach("vehicle", f"{nm.car(pv)}：{who}はこの車には乗れません（乗れる車：{'、'.join(nm.car(v) for v in sorted(req.vehicles)) or 'なし'}）。", request=ri, vehicle=pv))
        times = plan.start_times[pv]
        if len(times) == len(plan.routes[pv]):
            ride = times[dp] - (times[pp] + nodes[req.pickup].service)
            if ride > req.max_ride + EPS:
                out.append(Breach("ride_time", f"{nm.car(pv)}：{who}の乗車時間が{_minutes(ride)}で、上限の{_minutes(req.max_ride)}を超えます。", request=ri, vehicle=pv))

    for a, b in problem.apart:
        cars_a, cars_b = car_of_request.get(a, set()), car_of_request.get(b, set())
        for vi in sorted(cars_a & cars_b):
            out.append(Breach("apart", f"{nm.car(vi)}：{nm.person(a)}と{nm.person(b)}は別の車にする約束ですが、同じ車です。", vehicle=vi, request=a))

    if abs(recomputed - plan.cost) > COST_TOLERANCE * max(1.0, abs(recomputed)):
        out.append(Breach("cost", f"計画の距離（{plan.cost:.2f}）が、経路から計算した距離（{recomputed:.2f}）と合いません。"))
    return out
