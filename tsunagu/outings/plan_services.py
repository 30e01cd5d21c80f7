"""配車計画 (the dispatch plan of an outing day): reading the day's records into a planning.Trip,
making a plan with dispatch.solve, and saving the coordinator's changes against the version they
were made on.

The solver runs in the request: a day's outing is at most a few dozen riders, and dispatch.solve
is given TSUNAGU_OUTING_SOLVE_SECONDS (2 s by default; 30 riders and 10 cars fill the budget and
return a valid plan, bench/darp.py measures the benchmark) — less than a background job's round
trip would cost the coordinator waiting for the page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import lock_unchanged
from tsunagu.outings import access, dispatch, planning
from tsunagu.outings.models import BookingStatus, DispatchPlan, OutingDay, Participant, RidePair, Tariff
from tsunagu.outings.plan_models import Direction
from tsunagu.people import policy

AUDIT_ACTIONS = {
    "dispatch_plan.make": gettext_lazy("配車計画を作成"),
    "dispatch_plan.save": gettext_lazy("配車計画を変更"),
}

USABLE = (BookingStatus.REQUESTED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED)


# --- reading the day ----------------------------------------------------------------------------


def ward_of(place):
    return place.ancestor_of_kind("ward") if place.kind != "ward" else place


def area_speed(place) -> float:
    """The average speed of the outing's ward (TSUNAGU_OUTING_AREA_SPEEDS, by ward code), else the
    default (15 km/h, a ward centre's traffic)."""
    ward = ward_of(place)
    speeds = getattr(settings, "TSUNAGU_OUTING_AREA_SPEEDS", {})
    return float(speeds.get(ward.code if ward else "", settings.TSUNAGU_OUTING_SPEED_KMH))


def default_rules(day: OutingDay, direction: str) -> planning.Rules:
    return planning.Rules.defaults(direction, speed_kmh=area_speed(day.outing.place),
                                   detour=settings.TSUNAGU_OUTING_DETOUR)


def riders_on(day: OutingDay):
    """The participants going on the day (not those already marked as not having come)."""
    return (Participant.objects.filter(attendances__day=day).exclude(attendances__day=day, attendances__came=False)
            .select_related("block").order_by("name_kana", "name", "pk"))


def cars_on(day: OutingDay) -> list[planning.Car]:
    """Each car asked for the day (a booking of 2 is two cars), numbered 1号車, 2号車 … in the order
    of the bookings; declined or cancelled bookings bring none."""
    cars = []
    bookings = day.bookings.filter(status__in=USABLE).select_related("company", "vehicle").order_by("pk")
    for booking in bookings:
        kind = booking.vehicle.name if booking.vehicle_id else ""
        for i in range(booking.count):
            n = len(cars) + 1
            label = "・".join(p for p in (booking.company.name, kind) if p)
            cars.append(planning.Car(key=f"{booking.pk}.{i + 1}", name=f"{n}号車（{label}）", seats=booking.seats,
                                     wheelchair_spaces=booking.wheelchair_spaces))
    return cars


def point_of(p: Participant) -> tuple[float, float] | None:
    if p.latitude is not None and p.longitude is not None:
        return (p.latitude, p.longitude)
    if p.block_id and p.block.latitude is not None:
        return (p.block.latitude, p.block.longitude)
    return None


def minute_of(t) -> float:
    return t.hour * 60 + t.minute


class CannotPlan(Exception):
    """What is missing before a plan can be made (Japanese, for the coordinator)."""


def trip_for(day: OutingDay, direction: str, rules: planning.Rules) -> tuple[planning.Trip, dict, list[str]]:
    """The day as a planning.Trip; the participants by key; notes on riders left out."""
    outing = day.outing
    destination = outing.destination_point()
    if destination is None:
        raise CannotPlan(gettext_lazy("行き先の位置が決まっていません。お出かけの行き先を地図で選んでください。"))
    at = day.arrive_by if direction == Direction.TO else day.leave_at
    if at is None:
        raise CannotPlan(gettext_lazy("帰りの出発時刻が決まっていません。"))
    riders, people, notes = [], {}, []
    for p in riders_on(day):
        point = point_of(p)
        if point is None:
            notes.append(str(gettext_lazy("%(name)sさんは迎えの位置がないため、計画に入っていません。")) % {"name": p.name})
            continue
        people[str(p.pk)] = p
        riders.append(planning.Rider(
            key=str(p.pk), name=p.name, lat=point[0], lng=point[1], wheelchair=p.wheelchair,
            assisted=p.help_boarding or p.walking_aid, companions=1 if p.companion else 0,
            max_ride=float(p.max_ride_minutes) if p.max_ride_minutes else None, front_seat=p.front_seat,
            address=p.address, needs=tuple(p.needs_labels), discount=p.disability_certificate, tickets=p.tickets if p.ticket_holder else 0))
    together, apart = [], []
    for pair in RidePair.objects.filter(outing=outing):
        keys = (str(pair.first_id), str(pair.second_id))
        (together if pair.together else apart).append(keys)
    trip = planning.Trip(direction=direction, destination=destination, destination_name=outing.destination_label,
                         at=minute_of(at), riders=riders, cars=cars_on(day), rules=rules, together=together,
                         apart=apart)
    return trip, people, notes


def tariff_for(day: OutingDay, company=None):
    ward = ward_of(day.outing.place)
    return Tariff.objects.rules_on(day.date, ward=ward, company=company)


def plan_of(day: OutingDay, direction: str) -> DispatchPlan:
    """The saved plan, or an unsaved one with the default rules (for 帰り, the rules of 行き)."""
    plan = DispatchPlan.objects.filter(day=day, direction=direction).first()
    if plan is not None:
        return plan
    other = DispatchPlan.objects.filter(day=day).exclude(direction=direction).first()
    rules = default_rules(day, direction)
    if other is not None:
        kept = planning.Rules.from_dict(other.rules, other.direction)
        rules = planning.Rules(**{**kept.as_dict(), "earlier": rules.earlier, "later": rules.later})
    return DispatchPlan(day=day, direction=direction, rules=rules.as_dict(), version=0)


def rules_of(plan: DispatchPlan) -> planning.Rules:
    return planning.Rules.from_dict(plan.rules, plan.direction)


class Reading:
    """A plan read on today's data: the built problem, the routes, the laid-out figures."""

    def __init__(self, plan: DispatchPlan, *, rules: planning.Rules | None = None):
        self.plan = plan
        self.rules = rules or rules_of(plan)
        self.trip, self.people, left_out = trip_for(plan.day, plan.direction, self.rules)
        self.built = planning.build(self.trip, routing_url=settings.TSUNAGU_ROUTING_URL)
        self.built.notes[:0] = left_out
        self.tariff = tariff_for(plan.day)

    def stored_routes(self) -> list[list[int]]:
        return planning.refs_to_routes(self.built, align(self.plan.cars, self.plan.routes, self.trip.cars))

    def lay_out(self, routes, split: str | None = None) -> planning.Layout:
        plan = planning.scheduled(self.built, routes)
        return planning.lay_out(self.built, plan, tariff=self.tariff, split=split or self.plan.split)


def align(stored_cars, refs, cars: list[planning.Car]) -> planning.Refs:
    """Stored routes put on today's cars by key: a car booked since gets an empty route, a car
    cancelled since gives its riders back as unassigned."""
    by_key = {}
    for (key, *_name), route in zip(stored_cars or [], refs or [], strict=False):
        by_key[key] = route
    return [by_key.get(c.key, []) for c in cars]


# --- writing ------------------------------------------------------------------------------------


def _check(user, day: OutingDay) -> None:
    if not policy.can_at(user, access.WRITE, day.outing.place):
        raise PermissionDenied


def _store(plan: DispatchPlan, reading: Reading, layout: planning.Layout, user) -> None:
    plan.routes = planning.routes_to_refs(reading.built, layout.plan.routes)
    plan.cars = [[c.key, c.name] for c in reading.trip.cars]
    plan.times = [[round(t, 2) for t in ts] for ts in layout.plan.start_times]
    plan.rules = reading.rules.as_dict()
    plan.split = layout.split
    plan.distance_km = round(sum(c.km for c in layout.cars), 3)
    plan.fare_total = layout.total
    plan.alone_total = layout.alone_total
    plan.breaches = [b.message for b in layout.breaches]
    plan.routing = reading.built.routing
    plan.updated_by = user
    plan.updated_by_name = str(user)


def _save_versioned(plan: DispatchPlan, seen_version: int | None) -> None:
    if plan.pk:
        current = lock_unchanged(plan, seen_version)
        plan.version = current.version + 1
    else:
        plan.version = 1
    plan.save()


def plan_make(*, user, day: OutingDay, direction: str, rules: planning.Rules, split: str,
              seen_version: int | None) -> tuple[DispatchPlan, planning.Layout]:
    """Solve the day in one direction with these rules and keep the plan (replacing the one the
    coordinator saw, at seen_version)."""
    _check(user, day)
    plan = plan_of(day, direction)
    plan.rules = rules.as_dict()
    plan.split = split
    reading = Reading(plan, rules=rules)
    started = time.perf_counter()
    solved = dispatch.solve(reading.built.problem, seconds=settings.TSUNAGU_OUTING_SOLVE_SECONDS)
    seconds = time.perf_counter() - started
    layout = planning.lay_out(reading.built, solved, tariff=reading.tariff, split=split)
    with transaction.atomic():
        _store(plan, reading, layout, user)
        plan.solved_seconds = round(seconds, 3)
        _save_versioned(plan, seen_version)
        audit.record(actor=user, action="dispatch_plan.make", target=plan, place=day.outing.place,
                     changes={"cars": len(reading.trip.cars), "riders": len(reading.trip.riders),
                              "valid": layout.valid})
    return plan, layout


def plan_save(*, user, plan: DispatchPlan, routes: list[list[int]], split: str, seen_version: int | None,
              reading: Reading | None = None) -> tuple[DispatchPlan, planning.Layout]:
    """Keep the coordinator's moves (routes on reading's problem) unless the plan changed since."""
    _check(user, plan.day)
    reading = reading or Reading(plan)
    layout = reading.lay_out(routes, split)
    with transaction.atomic():
        _store(plan, reading, layout, user)
        _save_versioned(plan, seen_version)
        audit.record(actor=user, action="dispatch_plan.save", target=plan, place=plan.day.outing.place,
                     changes={"valid": layout.valid, "fare_total": layout.total})
    return plan, layout
