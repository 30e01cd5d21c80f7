"""The dispatch planner on the standard dial-a-ride benchmark, beside VROOM and OR-Tools (issue 14).

    .venv/bin/python bench/darp.py                       # the 21 Cordeau "a" instances, 10 s each
    .venv/bin/python bench/darp.py --seconds 3 --only a2-16,a4-40

For each instance in --data (default ../shared/data/darp-cordeau; format and published optima
in its SOURCE.txt), in one process and one after the other:

- ours: tsunagu.outings.dispatch.solve with --seconds;
- plain VROOM (pyvroom: shipments, capacity, windows, no limit on time on board), its routes
  re-timed by our schedule; how many passengers it keeps aboard too long;
- OR-Tools' pickup-and-delivery model with the ride-time constraint, given the same seconds;

each plan judged by the same validator (tsunagu.outings.dispatch.validate), with its cost, the
gap to the published optimum and the seconds taken. Then a 30-passenger outing made up like a
ward's (three salons' members to a supermarket, two in wheelchairs; see ``outing``): how long
ours takes to its first valid plan, and the plan after 2 s. The load average is recorded with
every instance, since the machine is shared.

Writes bench/results/darp-<label>.json and the Markdown table bench/results/darp-issue14.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tsunagu.outings.dispatch import Node, Problem, Request, Vehicle, read_cordeau, solve, validate  # noqa: E402
from tsunagu.outings.dispatch.ortools_backend import solve_ortools  # noqa: E402
from tsunagu.outings.dispatch.vroom_backend import solve_vroom  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "darp-cordeau"
if not DEFAULT_DATA.exists():  # a worktree beside main: /work/wt-x → /work/shared
    DEFAULT_DATA = Path("/work/shared/data/darp-cordeau")


def optima(data: Path) -> dict[str, float]:
    text = (data / "SOURCE.txt").read_text()
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"\b(a\d+-\d+)\s+(\d+\.\d+)", text)}


def judge(problem, plan, seconds, optimum):
    if plan is None:
        return {"cost": None, "feasible": False, "seconds": round(seconds, 2), "breaches": {"no plan": 1}}
    breaches = validate(problem, plan)
    rules = Counter(b.rule for b in breaches)
    out = {
        "cost": round(plan.cost, 2),
        "feasible": not breaches,
        "seconds": round(seconds, 2),
        "breaches": dict(rules),
        "passengers_too_long_aboard": len({b.request for b in breaches if b.rule == "ride_time"}),
    }
    if optimum:
        out["gap_percent"] = round(100 * (plan.cost / optimum - 1), 2)
    return out


def outing(passengers: int = 30, seed: int = 14) -> Problem:
    """A ward's shopping outing: residents within ~4 km of a supermarket, to arrive 10:00–10:30.

    Straight-line distance × 1.3 (the product's default detour factor) at 18 km/h; 2 min a stop
    (5 min for a wheelchair); 30 min at most on board; taxis of 4 seats, two of them with a
    wheelchair space, starting from the company's garage 3 km away. Minutes from 0:00.
    """
    rng = random.Random(seed)
    shop = (0.0, 0.0)
    garage = (3.0, 1.0)
    points = [garage]
    nodes = [Node(0, 0.0, 8 * 60, 13 * 60, (0, 0))]
    requests = []
    for i in range(passengers):
        angle, radius = rng.uniform(0, 2 * math.pi), 4.0 * math.sqrt(rng.random())
        home = (radius * math.cos(angle), radius * math.sin(angle))
        wheelchair = i < 2
        load = (1, 1) if wheelchair else ((2, 0) if rng.random() < 0.15 else (1, 0))  # some with a companion
        service = 5.0 if wheelchair else 2.0
        pick, drop = len(points), len(points) + 1
        points += [home, shop]
        nodes.append(Node(pick, service, 9 * 60, 10 * 60 + 15, load))
        nodes.append(Node(drop, service, 10 * 60, 10 * 60 + 30, tuple(-x for x in load)))
        requests.append(Request(pick, drop, 30.0, key=f"p{i + 1}"))
    dist = [[1.3 * math.hypot(a[0] - b[0], a[1] - b[1]) for b in points] for a in points]
    travel = [[d / 18.0 * 60 for d in row] for row in dist]
    vehicles = [Vehicle((4, 1 if k < 2 else 0), 0, 0, 240.0, key=f"car{k + 1}") for k in range(9)]
    return Problem(nodes, travel, dist, requests, vehicles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seconds", type=float, default=10.0, help="for ours and for OR-Tools, per instance")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated instance names (a2-16,a4-40)")
    parser.add_argument("--no-vroom", action="store_true")
    parser.add_argument("--no-ortools", action="store_true")
    parser.add_argument("--label", default=datetime.now(UTC).strftime("%Y%m%d-%H%M"))
    parser.add_argument("--md", type=Path, default=ROOT / "bench" / "results" / "darp-issue14.md")
    args = parser.parse_args()

    best = optima(args.data)
    names = sorted((p.stem for p in args.data.glob("a*-*.txt")), key=lambda s: tuple(map(int, s[1:].split("-"))))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    started = datetime.now(UTC)
    rows = []
    for name in names:
        problem = read_cordeau(args.data / f"{name}.txt")
        row = {"instance": name, "optimum": best.get(name), "load_before": os.getloadavg()[0]}
        t = time.perf_counter()
        stats: dict = {}
        plan = solve(problem, seconds=args.seconds, seed=args.seed, stats=stats)
        row["ours"] = judge(problem, plan, time.perf_counter() - t, best.get(name))
        row["ours"]["search"] = stats
        if not args.no_vroom:
            t = time.perf_counter()
            row["vroom"] = judge(problem, solve_vroom(problem), time.perf_counter() - t, best.get(name))
        if not args.no_ortools:
            t = time.perf_counter()
            st: dict = {}
            row["ortools"] = judge(problem, solve_ortools(problem, args.seconds, stats=st), time.perf_counter() - t, best.get(name))
            row["ortools"]["search"] = st
        row["load_after"] = os.getloadavg()[0]
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)

    # The outing: time to the first valid plan, and the plan after 2 s.
    problem = outing()
    t = time.perf_counter()
    stats = {}
    plan = solve(problem, seconds=2.0, seed=args.seed, stats=stats)
    out = judge(problem, plan, time.perf_counter() - t, None)
    first = solve(problem, seconds=0.0, seed=args.seed)
    out["first_plan"] = {"seconds": round(stats.get("first_seconds", 0.0), 2), "cost": round(first.cost, 2),
                         "feasible": not validate(problem, first)}
    out["passengers"] = len(problem.requests)
    out["cars_used"] = sum(1 for r in plan.routes if r)
    out["longest_ride"] = round(max(
        times[route.index(req.dropoff)] - times[route.index(req.pickup)] - problem.nodes[req.pickup].service
        for req in problem.requests for route, times in zip(plan.routes, plan.start_times, strict=True) if req.pickup in route
    ), 1)
    out["load"] = os.getloadavg()[0]

    result = {
        "command": " ".join(sys.argv),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_end": os.getloadavg()},
        "seconds": args.seconds,
        "instances": rows,
        "outing30": out,
    }
    feas = [r for r in rows if r["ours"]["feasible"] and r["ours"].get("gap_percent") is not None]
    result["ours_feasible"] = f"{len(feas)}/{len(rows)}"
    result["ours_mean_gap_percent"] = round(sum(r["ours"]["gap_percent"] for r in feas) / len(feas), 2) if feas else None
    out_path = ROOT / "bench" / "results" / f"darp-{args.label}.json"
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    args.md.write_text(markdown(result))
    print(f"wrote {out_path} and {args.md}")


def markdown(result) -> str:
    def cell(r, key):
        if key not in r:
            return "—"
        x = r[key]
        if x["cost"] is None:
            return f"no plan ({x['seconds']} s)"
        mark = "✓" if x["feasible"] else "✗ " + ", ".join(f"{k} {v}" for k, v in sorted(x["breaches"].items()))
        gap = f" ({x['gap_percent']:+.2f} %)" if "gap_percent" in x else ""
        return f"{x['cost']:.2f}{gap} {mark}, {x['seconds']} s"

    lines = [
        f"# Dial-a-ride benchmark (Cordeau \"a\"), `{result['command']}`",
        "",
        f"{result['started']} – {result['finished']}, {result['machine']['cpus']} CPUs shared with other work; "
        f"{result['seconds']} s each for ours and OR-Tools. Cost (gap to the published optimum), "
        "✓ = every rule kept by our validator, ✗ = the breaches (ride_time: passengers aboard > 30 min; "
        "visit: left out), seconds.",
        "",
        "| instance | optimum | ours | VROOM (no ride limit) | VROOM: passengers > 30 min | OR-Tools | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["instances"]:
        vr = r.get("vroom", {})
        lines.append(
            f"| {r['instance']} | {r['optimum']} | {cell(r, 'ours')} | {cell(r, 'vroom')} | "
            f"{vr.get('passengers_too_long_aboard', '—')} | {cell(r, 'ortools')} | {r['load_before']:.1f}–{r['load_after']:.1f} |"
        )
    o = result["outing30"]
    ort = [r["ortools"] for r in result["instances"] if "ortools" in r]
    ort_ok = [x for x in ort if x["feasible"]]
    lines += [
        "",
        f"**Ours: {result['ours_feasible']} feasible, mean gap {result['ours_mean_gap_percent']} %.** "
        + (f"OR-Tools: {len(ort_ok)}/{len(ort)} feasible, mean gap over those "
           f"{sum(x['gap_percent'] for x in ort_ok) / max(1, len(ort_ok)):.2f} %." if ort else ""),
        "",
        f"30-passenger outing (bench/darp.py `outing`): first valid plan in {o['first_plan']['seconds']} s "
        f"(cost {o['first_plan']['cost']}, valid: {o['first_plan']['feasible']}); after {o['seconds']} s: cost {o['cost']}, "
        f"valid: {o['feasible']}, {o['cars_used']} cars, longest time aboard {o['longest_ride']} min; load {o['load']:.1f}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
