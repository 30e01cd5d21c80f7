"""A taxi fare, as the meter and the driver would reckon it, from a distance and a tariff.

Worked with 横浜市's tariff since 2026-03-16 (Tariff rows carry the numbers; the defaults below are
the same): ¥500 for the first 1.0 km, ¥100 for each further 214 m or part of it, 20 % more from
22:00 to 5:00, 10 % off for holders of a disability certificate, and 福祉タクシー利用券 at ¥500 each.

How it is rounded, step by step (the choices are ours; each is said where it is made):

1. The distance is taken to the whole metre (half up) first, so that 1.214 km is exactly 1214 m and
   not 1213.9999… in floating point.
2. The meter: the first fare covers up to and including the first distance (1000 m → ¥500); every
   step entered after it counts whole — 1 m into a 214 m step adds ¥100 — so 1214 m → ¥600 and
   1215 m → ¥700. The meter fare is always a whole number of yen.
3. The night surcharge is a percentage of the meter fare, rounded half up to ¥10 (meters show ¥10
   units; with the city's ¥100 steps and 20 % it is always exact already).
4. The disability discount is a percentage of the fare after the surcharge, rounded half up to
   ¥10, so that the fare the rider owes ends in 0 as Japanese meters show it (10 % of ¥2,880 is
   ¥288 → ¥290 off → ¥2,590).
5. 利用券 are used after the discount, as many as the rider brings but never more than the fare
   covers whole (no change is given for a ticket, so a ticket that would be only partly used is
   kept), and not more than the tariff's limit per ride if it has one. The rest is paid in cash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class FareRules:
    """The numbers of a tariff (a Tariff row has the same attribute names)."""

    first_metres: int = 1000
    first_fare: int = 500
    step_metres: int = 214
    step_fare: int = 100
    night_percent: int = 20
    disability_percent: int = 10
    ticket_value: int = 500
    tickets_per_ride: int | None = None


CITY_2026 = FareRules()


@dataclass(frozen=True)
class Fare:
    metres: int
    meter: int        # what the meter shows before any surcharge
    surcharge: int    # night surcharge added
    discount: int     # disability discount taken off
    total: int        # meter + surcharge − discount: the fare owed
    tickets: int      # 利用券 used
    tickets_value: int
    to_pay: int       # left to pay in cash after the tickets


def _round10(amount: Decimal) -> int:
    return int((amount / 10).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 10)


def metres_of(distance_km) -> int:
    return int(Decimal(str(distance_km)).scaleb(3).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def meter_fare(metres: int, tariff=CITY_2026) -> int:
    beyond = max(0, metres - tariff.first_metres)
    steps = math.ceil(beyond / tariff.step_metres)
    return tariff.first_fare + steps * tariff.step_fare


def fare(distance_km, tariff=CITY_2026, night: bool = False, disability: bool = False, tickets: int = 0) -> Fare:
    """The fare for one ride of distance_km under tariff (a Tariff or FareRules)."""
    if Decimal(str(distance_km)) < 0:
        raise ValueError("distance must not be negative")
    metres = metres_of(distance_km)
    meter = meter_fare(metres, tariff)
    surcharge = _round10(Decimal(meter) * tariff.night_percent / 100) if night else 0
    discount = _round10(Decimal(meter + surcharge) * tariff.disability_percent / 100) if disability else 0
    total = meter + surcharge - discount
    usable = total // tariff.ticket_value if tariff.ticket_value else 0
    if tariff.tickets_per_ride is not None:
        usable = min(usable, tariff.tickets_per_ride)
    used = max(0, min(int(tickets), usable))
    value = used * tariff.ticket_value
    return Fare(metres=metres, meter=meter, surcharge=surcharge, discount=discount, total=total,
                tickets=used, tickets_value=value, to_pay=total - value)
