"""Dial-a-ride planning for outings by taxi (issue 14): who rides in which car, in what order, when.

Pure Python, no Django: used by the outings app, ``manage.py solve_darp`` and ``bench/darp.py``.

- :func:`solve` — a plan that keeps every rule (seats, windows, each passenger's time on board,
  each car's working time, allowed cars, passengers kept apart), as short as it can find in time;
- :func:`schedule` — the start times for routes given (after a coordinator moves a passenger);
- :func:`validate` — every rule checked independently of the solver, with Japanese reasons;
- :func:`read_cordeau` — the standard dial-a-ride benchmark's file format.

A :class:`Breach`'s ``rule`` is one of seats, window, ride_time, route_length, visit (a passenger
left out, twice, split between cars or dropped before being picked up), apart, vehicle, and —
beyond the agreed list — timing (start times the car cannot keep) and cost (a stated cost that
is not the routes' distance). ``validate(problem, plan, names=Names(vehicles=…, requests=…,
clock=…))`` names cars and passengers as the caller shows them (「1号車」「山田さん」「9:05」).
"""

from .cordeau import read_cordeau
from .model import Breach, Names, Node, Plan, Problem, Request, Vehicle
from .solver import solve
from .timing import schedule
from .validator import validate

__all__ = [
    "Breach", "Names", "Node", "Plan", "Problem", "Request", "Vehicle",
    "read_cordeau", "schedule", "solve", "validate",
]
