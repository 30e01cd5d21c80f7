"""The dial-a-ride problem and its plan, as plain data (the interface agreed in issue 14).

Times are minutes from the day's origin (the caller's choice, e.g. 00:00); distances are in the
caller's unit (km, or the benchmark's). Node ids index the matrices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from math import inf


@dataclass(frozen=True)
class Node:
    """A stop: a depot, a pickup or a drop-off."""

    id: int
    service: float  # minutes spent at the stop (boarding help, a wheelchair: longer)
    early: float  # service may start from here …
    late: float  # … until here (arriving earlier means waiting)
    load: tuple[int, ...]  # per capacity dimension: + at a pickup, - at its drop-off, 0 at a depot


@dataclass(frozen=True)
class Request:
    """One passenger (or a passenger with a companion: load 2)."""

    pickup: int
    dropoff: int
    max_ride: float  # minutes from leaving the pickup to the start of service at the drop-off
    key: str = ""  # the caller's id, echoed back
    vehicles: frozenset[int] | None = None  # allowed vehicle indexes (None: any)


@dataclass(frozen=True)
class Vehicle:
    capacity: tuple[int, ...]
    start: int
    end: int
    max_duration: float = inf  # minutes from leaving start to arriving at end
    key: str = ""


@dataclass
class Problem:
    nodes: list[Node]
    travel: list[list[float]]  # minutes between node ids
    distance: list[list[float]]  # the objective's unit
    requests: list[Request]
    vehicles: list[Vehicle]
    apart: Sequence[tuple[int, int]] = ()  # request indexes that must not share a car


@dataclass
class Plan:
    routes: list[list[int]]  # per vehicle: node ids in visiting order, depots left out
    start_times: list[list[float]]  # service start at each of those nodes
    cost: float  # total distance including the depot legs


@dataclass(frozen=True)
class Breach:
    rule: str  # seats | window | ride_time | route_length | visit | apart | vehicle | timing | cost
    message: str  # Japanese, for a coordinator
    vehicle: int | None = None
    request: int | None = None


def _clock(minutes: float) -> str:
    m = int(round(minutes))
    return f"{m // 60}:{m % 60:02d}"


@dataclass(frozen=True)
class Names:
    """How the validator's messages name the cars, the passengers and the times.

    ``vehicles`` / ``requests``: a display name per index (「1号車」, 「山田さん」) or a mapping from
    ``Vehicle.key`` / ``Request.key`` to one. Without a name a car is 「n号車」 by its index and a
    passenger 「{key}さん」 (「利用者nさん」 when the key is a number or empty). ``clock`` turns minutes from the day's origin into the
    time a coordinator reads (default: the origin is 00:00, so 545 → "9:05").
    """

    vehicles: Sequence[str] | Mapping[str, str] = ()
    requests: Sequence[str] | Mapping[str, str] = ()
    clock: Callable[[float], str] = field(default=_clock)
