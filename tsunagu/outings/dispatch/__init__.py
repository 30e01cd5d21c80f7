"""Dial-a-ride planning for outings by taxi (issue 14): who rides in which car, in what order, when.

Pure Python, no Django: used by the outings app, ``manage.py solve_darp`` and ``bench/darp.py``.

- :func:`solve` — a plan that keeps every rule (seats, windows, each passenger's time on board,
  each car's working time, allowed cars, passengers kept apart), as short as it can find in time;
- :func:`schedule` — the start times for routes given (after a coordinator moves a passenger);
- :func:`validate` — every rule checked independently of the solver, with Japanese reasons;
- :func:`read_cordeau` — the standard dial-a-ride benchmark's file format.
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
