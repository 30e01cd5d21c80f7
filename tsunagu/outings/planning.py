"""The dispatch plan of one outing day in one direction: from who rides, where from and in which
cars to a dispatch.Problem, and from a dispatch.Plan back to what a coordinator reads — each car's
pickup order, the time at each stop, each rider's time on board, distance and fare, and each
rider's share of it.

This module is plain data in and out (Trip → Built → Layout), so that it is tested without a
database; tsunagu/outings/plan_services.py reads the outing's records into a Trip and keeps plans.

Directions
    行き (to): riders are picked up at their pickup points and dropped at the destination, where
    they must arrive inside [arrive-by − earlier, arrive-by + later].
    帰り (back): riders board at the destination inside [leave-at − earlier, leave-at + later] and
    are taken home.

Open routes. A car's route starts at its first stop and ends at its last: its start and end are
two "anywhere" nodes at zero distance and zero minutes from every stop, rather than the company's
garage. The fare a group pays is metered from the first boarding to the last alighting (the way to
the first pickup is the company's, or a flat 迎車料金 that does not depend on the order), so only
the legs between stops are worth minimising; a garage would also need an address the coordinator
rarely knows and would pull the plan toward whichever rider lives near it.

Distances offline: straight line × a detour factor (roads are not straight; 1.3 is the usual
city figure), minutes = that distance ÷ an average speed for the area (15 km/h in a ward centre,
faster in the suburbs) for a leg's first 2 km, and at the main roads' speed (30 km/h) beyond. Where a city runs an OSRM-compatible server, settings.TSUNAGU_ROUTING_URL
names it and its table service gives road minutes and kilometres instead; if it does not answer,
the plan falls back to straight lines and says so.

Time: minutes from 00:00 of the day, so that 9:30 is 570.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import time
from decimal import Decimal

from django.utils.translation import gettext as _

from tsunagu.outings import dispatch, fares

log = logging.getLogger(__name__)

TO, BACK = "to", "back"
DAY_MINUTES = 24 * 60
# A rider's share of a stop at the destination, where riders get out (or in) side by side
# rather than one after another as at their doors.
DESTINATION_SHARE = 0.5
EARTH_KM = 6371.0088
# A leg's first kilometres (by road) go at the area's speed — side streets, lights, finding the
# door; the rest of a longer one at the main roads' speed. One town speed for every km made a
# 10 km run from 中区 to 南部市場 take 40 minutes, where a taxi takes 20–25.
TOWN_KM = 2.0


@dataclass(frozen=True)
class Rules:
    """What a coordinator may set per outing day (and direction); defaults in from_settings()."""

    max_ride: float = 30          # minutes on board at most, for everyone (a rider's own limit may be tighter)
    stop_minutes: float = 2       # boarding at a door
    assisted_stop_minutes: float = 5  # boarding with a wheelchair or help
    earlier: float = 15           # minutes before arrive-by / leave-at still in the window
    later: float = 0              # minutes after it
    detour: float = 1.3           # road distance ÷ straight distance
    speed_kmh: float = 15         # average speed in the area, for the first TOWN_KM of a leg
    main_road_kmh: float = 30     # beyond them: a longer way takes the main roads
    max_route_minutes: float = 60  # a car's route, first stop to last

    @classmethod
    def defaults(cls, direction: str, *, speed_kmh: float | None = None, detour: float | None = None) -> Rules:
        """行き: arrive up to 15 minutes early, never late. 帰り: leave at the time or up to 15
        minutes after it (people are still at the till), never before."""
        rules = cls() if direction == TO else cls(earlier=0, later=15)
        if speed_kmh:
            rules = replace(rules, speed_kmh=speed_kmh)
        if detour:
            rules = replace(rules, detour=detour)
        return rules

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None, direction: str = TO) -> Rules:
        base = cls.defaults(direction)
        if not data:
            return base
        known = {k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__ and v is not None}
        return replace(base, **known)


@dataclass(frozen=True)
class Rider:
    """One participant as the plan sees them."""

    key: str                       # the participant's pk, as text
    name: str
    lat: float
    lng: float
    wheelchair: bool = False
    assisted: bool = False         # help boarding, a walking aid: a longer stop
    companions: int = 0            # people riding with them (a carer, family): seats, no own request
    max_ride: float | None = None  # a tighter limit than the day's
    front_seat: bool = False
    address: str = ""
    needs: tuple[str, ...] = ()    # 「車いす」「杖・歩行器」… as the screens and papers print them
    discount: bool = False         # holds a disability certificate: their share is discounted
    tickets: int = 0               # 福祉タクシー利用券 they use per ride
    straight_km: float = 0.0       # filled in by build(): home ↔ destination, straight


@dataclass(frozen=True)
class Car:
    """One car booked for the day."""

    key: str
    name: str                      # 「1号車（みなとタクシー）」
    seats: int                     # passenger seats (the driver's not counted)
    wheelchair_spaces: int = 0


@dataclass
class Trip:
    direction: str                 # TO or BACK
    destination: tuple[float, float]
    destination_name: str
    at: float                      # arrive-by (TO) or leave-at (BACK), minutes from 00:00
    riders: list[Rider]
    cars: list[Car]
    rules: Rules = field(default_factory=Rules)
    together: list[tuple[str, ...]] = field(default_factory=list)  # rider keys that ride in one car, boarding together
    apart: list[tuple[str, str]] = field(default_factory=list)     # rider keys that must not share a car


@dataclass
class Group:
    """The riders of one dispatch.Request: one rider, or several who must ride together."""

    riders: list[Rider]

    @property
    def key(self) -> str:
        return "+".join(r.key for r in self.riders)

    @property
    def name(self) -> str:
        return "・".join(r.name for r in self.riders)

    @property
    def wheelchair(self) -> bool:
        return any(r.wheelchair for r in self.riders)

    @property
    def people(self) -> int:
        return sum(1 + r.companions for r in self.riders)


@dataclass(frozen=True)
class NodeInfo:
    kind: str            # "start" | "end" | "pickup" | "dropoff"
    request: int | None  # the request it belongs to
    lat: float | None = None
    lng: float | None = None


@dataclass
class Built:
    """A trip turned into a dispatch.Problem, with what is needed to read the answer back."""

    trip: Trip
    problem: dispatch.Problem
    groups: list[Group]
    nodes: list[NodeInfo]
    notes: list[str] = field(default_factory=list)   # said above the plan (a fallback, a contradiction)
    routing: str = "straight"                        # "straight" | "road"

    def names(self) -> dispatch.Names:
        """For dispatch.validate(names=…): cars as 「1号車（みなとタクシー）」, requests as 「山田さん」."""
        return dispatch.Names(vehicles=[c.name for c in self.trip.cars],
                              requests=[_("%(name)sさん") % {"name": g.name} for g in self.groups])

    def request_of_key(self) -> dict[str, int]:
        return {g.key: i for i, g in enumerate(self.groups)}


# --- distances --------------------------------------------------------------------------------


def straight_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lng1), (lat2, lng2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


Matrices = tuple[list[list[float]], list[list[float]]]  # (minutes, km)


def leg_minutes(km: float, rules: Rules) -> float:
    town = min(km, TOWN_KM)
    return town / rules.speed_kmh * 60 + max(0.0, km - town) / max(rules.main_road_kmh, rules.speed_kmh) * 60


def straight_matrices(points: Sequence[tuple[float, float]], rules: Rules) -> Matrices:
    km = [[straight_km(a, b) * rules.detour for b in points] for a in points]
    minutes = [[leg_minutes(d, rules) for d in row] for row in km]
    return minutes, km


class RoutingError(Exception):
    pass


def road_matrices(points: Sequence[tuple[float, float]], url: str, timeout: float = 5.0) -> Matrices:
    """Minutes and kilometres by road from an OSRM-compatible table service (OSRM's
    /table/v1/driving/lng,lat;… with annotations=duration,distance)."""
    coordinates = ";".join(f"{lng:.6f},{lat:.6f}" for lat, lng in points)
    address = f"{url.rstrip('/')}/table/v1/driving/{coordinates}?annotations=duration,distance"
    try:
        with urllib.request.urlopen(address, timeout=timeout) as response:  # noqa: S310 (the operator's own setting)
            data = json.loads(response.read(5_000_000))
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise RoutingError(str(exc)) from exc
    durations, distances = data.get("durations"), data.get("distances")
    n = len(points)
    if data.get("code") != "Ok" or not _square(durations, n) or not _square(distances, n):
        raise RoutingError(f"unexpected answer: {data.get('code')!r}")
    return ([[float(s) / 60 for s in row] for row in durations], [[float(m) / 1000 for m in row] for row in distances])


def _square(matrix, n: int) -> bool:
    return (isinstance(matrix, list) and len(matrix) == n
            and all(isinstance(row, list) and len(row) == n and all(isinstance(v, (int, float)) for v in row)
                    for row in matrix))


# --- building the problem ---------------------------------------------------------------------


def groups_of(trip: Trip, notes: list[str]) -> list[Group]:
    """Riders who must ride together become one group (boarding where the first of them does);
    everyone else rides as themselves."""
    by_key = {r.key: r for r in trip.riders}
    taken: dict[str, int] = {}
    groups: list[Group] = []
    for keys in trip.together:
        members = [by_key[k] for k in dict.fromkeys(keys) if k in by_key]
        already = {taken[m.key] for m in members if m.key in taken}
        if already:  # chains (A with B, B with C) end up as one group
            index = min(already)
            for other in sorted(already - {index}, reverse=True):
                groups[index].riders += [r for r in groups[other].riders if r not in groups[index].riders]
                groups[other].riders = []
            groups[index].riders += [m for m in members if m not in groups[index].riders]
        else:
            index = len(groups)
            groups.append(Group(members))
        for m in groups[index].riders:
            taken[m.key] = index
    groups = [g for g in groups if len(g.riders) > 0]
    for g in groups:
        if len({(r.lat, r.lng) for r in g.riders}) > 1:
            notes.append(_("%(names)sさんは一緒に乗るため、%(first)sさんの乗る場所でそろって乗ります。") % {
                "names": g.name, "first": g.riders[0].name})
    grouped = {r.key for g in groups for r in g.riders}
    groups += [Group([r]) for r in trip.riders if r.key not in grouped]
    return groups


def build(trip: Trip, *, routing_url: str = "", matrices: Callable | None = None) -> Built:
    """The dispatch.Problem of a trip. Node 0 is every car's start and node 1 its end ("anywhere",
    zero from everything: open routes); then for each group a pickup and a drop-off node."""
    rules = trip.rules
    notes: list[str] = []
    dest = trip.destination
    riders = [replace(r, straight_km=straight_km((r.lat, r.lng), dest)) for r in trip.riders]
    trip = replace(trip, riders=riders)
    groups = groups_of(trip, notes)

    infos = [NodeInfo("start", None), NodeInfo("end", None)]
    nodes = [dispatch.Node(0, 0, 0, DAY_MINUTES, (0, 0)), dispatch.Node(1, 0, 0, DAY_MINUTES, (0, 0))]
    low, high = max(0.0, trip.at - rules.earlier), min(float(DAY_MINUTES), trip.at + rules.later)
    requests = []
    accessible = frozenset(i for i, c in enumerate(trip.cars) if c.wheelchair_spaces > 0)
    for index, group in enumerate(groups):
        home = (group.riders[0].lat, group.riders[0].lng)
        door = sum(rules.assisted_stop_minutes if (r.wheelchair or r.assisted) else rules.stop_minutes
                   for r in group.riders)
        at_destination = door * DESTINATION_SHARE
        wheelchairs = sum(1 for r in group.riders if r.wheelchair)
        seats = sum((0 if r.wheelchair else 1) + r.companions for r in group.riders)
        load = (seats, wheelchairs)
        minus = (-seats, -wheelchairs)
        if trip.direction == TO:
            pickup = (home, door, 0.0, high)
            dropoff = (dest, at_destination, low, high)
        else:
            pickup = (dest, at_destination, low, high)
            dropoff = (home, door, low, float(DAY_MINUTES))
        p, d = len(nodes), len(nodes) + 1
        (pp, ps, pe, pl), (dp, ds, de, dl) = pickup, dropoff
        nodes.append(dispatch.Node(p, ps, pe, pl, load))
        nodes.append(dispatch.Node(d, ds, de, dl, minus))
        infos += [NodeInfo("pickup", index, *pp), NodeInfo("dropoff", index, *dp)]
        limits = [rules.max_ride] + [r.max_ride for r in group.riders if r.max_ride]
        requests.append(dispatch.Request(pickup=p, dropoff=d, max_ride=float(min(limits)), key=group.key,
                                         vehicles=accessible if group.wheelchair else None))
        if group.wheelchair and not accessible:
            notes.append(_("%(name)sさんは車いすですが、車いす対応の車が手配されていません。") % {"name": group.name})

    # Say plainly when the cars cannot hold everyone at once (the plan then shows which rules break).
    wheelchairs = sum(1 for g in groups for r in g.riders if r.wheelchair)
    spaces = sum(c.wheelchair_spaces for c in trip.cars)
    if accessible and wheelchairs > spaces:
        notes.append(_("車いすの方が%(n)s人に対し、車いすのまま乗れる席は%(m)s台分です。車いす対応の車を増やしてください。")
                     % {"n": wheelchairs, "m": spaces})
    seated = sum((0 if r.wheelchair else 1) + r.companions for g in groups for r in g.riders)
    seats = sum(c.seats for c in trip.cars)
    if trip.cars and seated > seats:
        notes.append(_("座席が要る人が%(n)s人に対し、座席は%(m)s席です。車を増やしてください。") % {"n": seated, "m": seats})
    points = [(i.lat, i.lng) for i in infos[2:]]
    travel, distance, routing = _matrices(points, rules, routing_url, matrices, notes)
    # The two anywhere-nodes in front: zero to and from everything.
    size = len(infos)
    full_t = [[0.0] * size for _ in range(size)]
    full_d = [[0.0] * size for _ in range(size)]
    for a in range(2, size):
        for b in range(2, size):
            full_t[a][b] = travel[a - 2][b - 2]
            full_d[a][b] = distance[a - 2][b - 2]

    vehicles = [dispatch.Vehicle(capacity=(c.seats, c.wheelchair_spaces), start=0, end=1,
                                 max_duration=rules.max_route_minutes, key=c.key) for c in trip.cars]
    index_of = {r.key: i for i, g in enumerate(groups) for r in g.riders}
    apart = []
    for a, b in trip.apart:
        if a in index_of and b in index_of:
            if index_of[a] == index_of[b]:
                notes.append(_("%(name)sさんは「一緒に乗る」と「別の車に乗る」の両方に入っています。一緒に乗ります。")
                             % {"name": groups[index_of[a]].name})
            else:
                apart.append(tuple(sorted((index_of[a], index_of[b]))))
    problem = dispatch.Problem(nodes=nodes, travel=full_t, distance=full_d, requests=requests, vehicles=vehicles,
                               apart=sorted(set(apart)))
    return Built(trip, problem, groups, infos, notes, routing)


def _matrices(points, rules: Rules, url: str, matrices: Callable | None, notes: list[str]):
    """Road figures when a routing server is set and answers; straight lines otherwise. Points at
    the same place (everyone's drop-off at the destination) are asked for once."""
    unique = list(dict.fromkeys(points))
    where = [unique.index(p) for p in points]
    if matrices is not None:
        t, d = matrices(unique)
        routing = "road"
    elif url:
        try:
            t, d = road_matrices(unique, url)
            routing = "road"
        except RoutingError as exc:
            log.warning("routing service %s failed: %s", url, exc)
            notes.append(_("道路の所要時間を経路サーバーから取得できなかったため、直線距離から見積もりました。"))
            t, d = straight_matrices(unique, rules)
            routing = "straight"
    else:
        t, d = straight_matrices(unique, rules)
        routing = "straight"
    n = len(points)
    return ([[t[where[a]][where[b]] for b in range(n)] for a in range(n)],
            [[d[where[a]][where[b]] for b in range(n)] for a in range(n)], routing)


# --- a plan, as a coordinator reads it ----------------------------------------------------------

EQUAL, BY_DISTANCE, BY_TIME = "equal", "distance", "time"
# One colour a car, told apart also by people who see red and green alike (Okabe–Ito, then darker
# tones); static/css/outings-plan.css has the same list as .s0 … .s9.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c564b", "#6a3d9a",
           "#b15928")
SPLIT_RULES = ((EQUAL, "均等割"), (BY_DISTANCE, "距離按分"), (BY_TIME, "乗車時間按分"))



def is_night(tariff, minute: float) -> bool:
    """Whether the meter starts inside the tariff's night surcharge (22:00–5:00 spans midnight)."""
    start, end = getattr(tariff, "night_from", None), getattr(tariff, "night_until", None)
    if start is None or end is None:
        return False
    if isinstance(start, str):
        start, end = (time.fromisoformat(start), time.fromisoformat(end))
    m = int(minute) % DAY_MINUTES
    at = time(m // 60, m % 60)
    return start <= at < end if start <= end else (at >= start or at < end)


def meter(km: float, minute: float, tariff) -> int:
    """The metered fare of a way (with the night surcharge when it starts at night), before any
    rider's discount or tickets."""
    return fares.fare(round(km, 3), tariff, night=is_night(tariff, minute)).total


@dataclass
class Share:
    """One rider's part of their car's fare."""

    rider: Rider
    share: int       # under the split rule
    discount: int    # disability discount on the share (the tariff's percentage, to ¥10)
    tickets: int     # 利用券 used (whole tickets the share covers)
    tickets_value: int

    @property
    def to_pay(self) -> int:
        return self.share - self.discount - self.tickets_value


@dataclass
class Stop:
    node: int
    kind: str            # "pickup" | "dropoff"
    group: Group
    minute: float        # service start
    lat: float | None
    lng: float | None
    at_destination: bool


@dataclass
class Ride:
    group: Group
    boards: float        # leaves the pickup (service start + service)
    arrives: float       # reaches the drop-off
    limit: float
    km: float            # the group's own way, pickup → drop-off (for riding alone)
    shares: list[Share] = field(default_factory=list)  # per rider of the group
    alone: int = 0       # the fare of this way alone

    @property
    def minutes(self) -> float:
        return self.arrives - self.boards


@dataclass
class CarPlan:
    index: int
    car: Car
    stops: list[Stop]
    rides: list[Ride]
    km: float
    minutes: float
    fare: int
    breaches: list = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(r.group.people for r in self.rides)

    @property
    def door_stops(self) -> list[Stop]:
        """The stops away from the destination, in order: what the coordinator reorders."""
        return [s for s in self.stops if not s.at_destination]

    @property
    def destination_stops(self) -> list[Stop]:
        """Everyone getting out (行き) or in (帰り) at the destination: one line on the screen."""
        return [s for s in self.stops if s.at_destination]

    @property
    def colour(self) -> int:
        """The car's colour on the screen and the map (static/css/outings-plan.css, plan-map.js)."""
        return self.index % len(COLOURS)


@dataclass
class Layout:
    built: Built
    plan: dispatch.Plan
    cars: list[CarPlan]
    unassigned: list[Group]
    breaches: list            # every dispatch.Breach of the plan
    split: str

    @property
    def valid(self) -> bool:
        return not self.breaches

    @property
    def total(self) -> int:
        return sum(c.fare for c in self.cars)

    @property
    def alone_total(self) -> int:
        return sum(r.alone for c in self.cars for r in c.rides)

    @property
    def saved(self) -> int:
        return self.alone_total - self.total

    @property
    def general_breaches(self) -> list:
        return [b for b in self.breaches if b.vehicle is None]


def route_km(problem: dispatch.Problem, route: Sequence[int]) -> float:
    return sum(problem.distance[a][b] for a, b in zip(route, route[1:], strict=False))


def lay_out(built: Built, plan: dispatch.Plan, *, tariff=fares.CITY_2026, split: str = EQUAL) -> Layout:
    """Every figure of a plan, checked by dispatch.validate: breaches are attached to their car
    (or to the plan when they belong to none) and make the layout not valid."""
    problem = built.problem
    breaches = dispatch.validate(problem, plan, names=built.names())
    cars: list[CarPlan] = []
    seen: set[int] = set()
    for v, route in enumerate(plan.routes):
        times = plan.start_times[v] if v < len(plan.start_times) else []
        stops, rides, at = [], [], {}
        for position, node in enumerate(route):
            info = built.nodes[node]
            minute = times[position] if position < len(times) else 0.0
            at[node] = minute
            if info.request is None:
                continue
            stops.append(Stop(node, info.kind, built.groups[info.request], minute, info.lat, info.lng,
                              at_destination=(info.kind == "dropoff") == (built.trip.direction == TO)))
        for request_index, request in enumerate(problem.requests):
            if request.pickup in at and request.dropoff in at:
                seen.add(request_index)
                boards = at[request.pickup] + problem.nodes[request.pickup].service
                km = problem.distance[request.pickup][request.dropoff]
                group = built.groups[request_index]
                rides.append(Ride(group, boards, at[request.dropoff], request.max_ride, km,
                                  alone=meter(km, boards, tariff)))
        rides.sort(key=lambda r: r.boards)
        km = route_km(problem, route)
        minutes = (max(at.values()) - min(at.values())) if at else 0.0
        start = min(at.values()) if at else 0.0
        fare = meter(km, start, tariff) if route else 0
        _split(rides, fare, split, tariff)
        car_breaches = [b for b in breaches if b.vehicle == v]
        cars.append(CarPlan(v, built.trip.cars[v], stops, rides, km, minutes, fare, car_breaches))
    unassigned = [g for i, g in enumerate(built.groups) if i not in seen]
    return Layout(built, plan, cars, unassigned, breaches, split)


def _split(rides: list[Ride], fare: int, rule: str, tariff) -> None:
    """Each rider's share of the car's fare, in whole yen adding up to it (largest remainder).
    均等割: the same for everyone; 距離按分: by each one's own straight distance to the
    destination; 乗車時間按分: by each one's minutes on board."""
    riders = [(ride, r) for ride in rides for r in ride.group.riders]
    if not riders:
        return
    if rule == BY_DISTANCE:
        weights = [max(r.straight_km, 0.01) for _ride, r in riders]
    elif rule == BY_TIME:
        weights = [max(ride.minutes, 0.1) / len(ride.group.riders) for ride, _r in riders]
    else:
        weights = [1.0] * len(riders)
    total = sum(weights)
    exact = [fare * w / total for w in weights]
    shares = [math.floor(x) for x in exact]
    left = fare - sum(shares)
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)[:left]:
        shares[i] += 1
    for ride in rides:
        ride.shares = []
    for (ride, rider), share in zip(riders, shares, strict=True):
        discount = fares._round10(Decimal(share) * tariff.disability_percent / 100) if rider.discount else 0
        usable = (share - discount) // tariff.ticket_value if tariff.ticket_value else 0
        if tariff.tickets_per_ride is not None:
            usable = min(usable, tariff.tickets_per_ride)
        used = max(0, min(rider.tickets, usable))
        ride.shares.append(Share(rider, share, discount, used, used * tariff.ticket_value))


# --- routes kept by keys, and the coordinator's moves -----------------------------------------

Refs = list[list[list[str]]]  # per car: [[group key, "p" | "d"], …]


def routes_to_refs(built: Built, routes: Sequence[Sequence[int]]) -> Refs:
    refs = []
    for route in routes:
        car = []
        for node in route:
            info = built.nodes[node]
            if info.request is not None:
                car.append([built.groups[info.request].key, "p" if info.kind == "pickup" else "d"])
        refs.append(car)
    return refs


def refs_to_routes(built: Built, refs: Refs | None) -> list[list[int]]:
    """Stored routes on today's problem: stops of riders no longer in the trip are dropped (those
    added since are left unassigned, and validate names them); cars no longer booked lose theirs."""
    index = built.request_of_key()
    routes: list[list[int]] = [[] for _ in built.trip.cars]
    placed: set[tuple[int, str]] = set()
    for v, car in enumerate((refs or [])[: len(routes)]):
        for item in car:
            if not (isinstance(item, (list, tuple)) and len(item) == 2):
                continue
            key, kind = item
            if key in index and kind in ("p", "d") and (index[key], kind) not in placed:
                request = built.problem.requests[index[key]]
                routes[v].append(request.pickup if kind == "p" else request.dropoff)
                placed.add((index[key], kind))
    # A request with only one of its two stops placed (a hand-edited form) is taken out whole.
    for v, route in enumerate(routes):
        routes[v] = [n for n in route
                     if (built.nodes[n].request, "p") in placed and (built.nodes[n].request, "d") in placed]
    return routes


def scheduled(built: Built, routes: Sequence[Sequence[int]]) -> dispatch.Plan:
    return dispatch.schedule(built.problem, [list(r) for r in routes])


def _score(built: Built, routes) -> tuple[int, float]:
    plan = scheduled(built, routes)
    return len(dispatch.validate(built.problem, plan)), plan.cost


def move_request(built: Built, routes: Sequence[Sequence[int]], request: int, vehicle: int) -> list[list[int]]:
    """The routes with a request (its pickup and drop-off) moved to another car, at the places in
    that car's route that break fewest rules and then cost least."""
    req = built.problem.requests[request]
    routes = [[n for n in r if n not in (req.pickup, req.dropoff)] for r in routes]
    target = routes[vehicle]
    best, best_score = None, None
    for i in range(len(target) + 1):
        for j in range(i, len(target) + 1):
            candidate = target[:i] + [req.pickup] + target[i:j] + [req.dropoff] + target[j:]
            trial = [*routes[:vehicle], candidate, *routes[vehicle + 1:]]
            score = _score(built, trial)
            if best_score is None or score < best_score:
                best, best_score = candidate, score
    routes[vehicle] = best
    return routes


def move_stop(built: Built, routes: Sequence[Sequence[int]], vehicle: int, node: int, step: int) -> list[list[int]]:
    """One stop a place earlier (step −1) or later (+1) in its car; unchanged where that would put
    a drop-off before its pickup or leave the route."""
    routes = [list(r) for r in routes]
    route = routes[vehicle]
    if node not in route:
        return routes
    i = route.index(node)
    j = i + step
    if not 0 <= j < len(route) or not can_swap(built, route[min(i, j)], route[max(i, j)]):
        return routes
    route[i], route[j] = route[j], route[i]
    return routes


def can_swap(built: Built, first: int, second: int) -> bool:
    """Whether two neighbouring stops may trade places: not a request's own pickup and drop-off."""
    return built.nodes[first].request != built.nodes[second].request
