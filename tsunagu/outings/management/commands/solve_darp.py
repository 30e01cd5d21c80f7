"""manage.py solve_darp FILE [--seconds N] [--seed S]: plan one dial-a-ride instance in Cordeau's
format and print the plan as JSON, so that anyone can check it with their own validator.

Prints ``{"cost": …, "routes": [[node ids in visiting order, depot left out], …],
"start_times": [[service start at each node], …]}``; the cost is the total Euclidean distance
including the legs from and to the depot. Only the dispatch package is used (no database).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tsunagu.outings.dispatch import read_cordeau, solve, validate


class Command(BaseCommand):
    help = "Cordeau 形式の送迎問題（dial-a-ride）を解き、計画を JSON で出力します。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--seconds", type=float, default=10.0, help="search time (default 10 s)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, file, seconds, seed, **options):
        try:
            problem = read_cordeau(file)
        except (OSError, ValueError, IndexError) as exc:
            raise CommandError(f"{file} を読めません: {exc}") from exc
        plan = solve(problem, seconds=seconds, seed=seed)
        breaches = validate(problem, plan)
        for b in breaches:  # to stderr: stdout stays the JSON
            print(f"[{b.rule}] {b.message}", file=sys.stderr)
        self.stdout.write(json.dumps({"cost": plan.cost, "routes": plan.routes, "start_times": plan.start_times}))
