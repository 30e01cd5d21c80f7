"""「近い順」 and 「きょう・今週」 on the public search: from a 町丁目, a typed address or the phone's
location, the matches nearest first with the straight-line distance; and the listings that
happen today or by Sunday.

Nearest first at a city's size (100,000 listings) without GIS: the matches' coordinates are read
narrow (pk, latitude, longitude) and measured here. When there are few matches (up to the page's
cap) all are read; when there are more, only those inside a box around the point are, the box
doubling from 500 m until its inscribed circle holds a cap's worth — so every listing shown is
nearer than every one not read. The box is a range on Location's (latitude, longitude) index,
and the matches are then read by their venues (_nearest_in_boxes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory.expressions import HappensBetween
from tsunagu.directory.models import Location, UpcomingDate
from tsunagu.lib.pagination import CappedPaginator
from tsunagu.places import addresses

EARTH_RADIUS_M = 6_371_008
METRES_PER_DEGREE = 111_195  # along a meridian, on that sphere
FIRST_RADIUS_M = 500
# Past this every listing of the city is inside the box (横浜市 is about 30 km across).
LAST_RADIUS_M = 64_000
# A box is read up to this many venues or matches (a bound on the IN list; with the doubling a
# box holds about five times the cap).
BOX_ROWS = 20_000

WHEN_CHOICES = [("", gettext_lazy("指定なし")), ("today", gettext_lazy("きょう")),
                ("week", gettext_lazy("今週（日曜まで）"))]


class NearbyFields(forms.Form):
    """The public search form's 「近い順」 and 「いつ」 fields (public_views.PublicSearchForm)."""

    near = forms.CharField(label=gettext_lazy("住所・町名から近い順に"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": "本牧町二丁目、中区山下町…",
                                                         "autocomplete": "street-address"}))
    # The phone's location (static/js/near-me.js), rounded there to about 100 m.
    lat = forms.FloatField(required=False, min_value=20, max_value=46, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=122, max_value=154, widget=forms.HiddenInput)
    when = forms.ChoiceField(label=gettext_lazy("いつ"), required=False, choices=WHEN_CHOICES)

    def origin(self) -> addresses.Found:
        """The point to measure from: the phone's location, else the 町丁目 the address names."""
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lng") is not None:
            return addresses.Found(point=addresses.Point(_("現在地"), data["lat"], data["lng"]))
        if data.get("near"):
            return addresses.resolve(data["near"])
        return addresses.Found()

    def filter_when(self, listings: QuerySet) -> QuerySet:
        when = self.cleaned_data.get("when")
        if not when:
            return listings
        return happening(listings, *days_of(when, timezone.localdate()))


def days_of(when: str, today: date) -> tuple[date, date]:
    """「きょう」 is today; 「今週」 today to Sunday (weeks begin on Monday, as in the schedules)."""
    if when == "week":
        return today, today + timedelta(days=6 - today.weekday())
    return today, today


def happening(listings: QuerySet, first: date, last: date) -> QuerySet:
    """Listings with a date between first and last (UpcomingDate, kept a fortnight ahead; only
    active listings have dates there, as only they show next dates)."""
    return listings.filter(HappensBetween(F("pk"), first, last, table=UpcomingDate._meta.db_table))


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Straight-line (great-circle) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_words(metres: float) -> str:
    """「約 850 m」, 「約 1.2 km」, 「約 12 km」: as near as a straight line can say."""
    if metres < 1000:
        return _("約 %(n)s m") % {"n": max(10, int(round(metres, -1)))}
    if metres < 10_000:
        return _("約 %(n)s km") % {"n": f"{metres / 1000:.1f}"}
    return _("約 %(n)s km") % {"n": round(metres / 1000)}


@dataclass
class Nearest:
    """The matches nearest first (at most cap), each pk's distance, and how many have no point."""

    pks: list[int] = field(default_factory=list)
    distances: dict[int, float] = field(default_factory=dict)
    more: bool = False  # more matches than cap


def nearest(listings: QuerySet, latitude: float, longitude: float, *, cap: int, words: bool = False) -> Nearest:
    """The listings with a point, nearest to (latitude, longitude) first, up to ``cap``.

    ``words``: the listings are a word search. Each box would search the words again (the
    search, not the box, is then the cost: 体操 at 100,000 listings took three times longer in
    boxes), so up to BOX_ROWS matches are read and measured at once instead.
    """
    located = listings.order_by().filter(location__latitude__isnull=False, location__longitude__isnull=False)
    columns = ("pk", "location__latitude", "location__longitude")
    rows = list(located.values_list(*columns)[: cap + 1])
    more = len(rows) > cap
    complete = not more
    if more and words:
        rows = list(located.values_list(*columns)[: BOX_ROWS + 1])
        complete = len(rows) <= BOX_ROWS
    if complete:
        chosen = [(distance_m(latitude, longitude, lat, lng), pk) for pk, lat, lng in rows]
    else:
        chosen = _nearest_in_boxes(located, latitude, longitude, cap)
    chosen.sort()
    chosen = chosen[:cap]
    return Nearest(pks=[pk for _d, pk in chosen], distances={pk: d for d, pk in chosen}, more=more)


def _nearest_in_boxes(located: QuerySet, latitude: float, longitude: float, cap: int) -> list[tuple[float, int]]:
    """(distance, pk) of at least ``cap`` matches, every one nearer than any left out.

    The venues come first: a box on Location's (latitude, longitude) index, measured here; then
    the matches at the venues inside the box's circle, by Location's key (many listings share a
    venue: 100,000 listings met at 1,700 halls in bench/). Asking for the listings in the box
    directly let both databases walk every listing and look up its venue.
    """
    radius = FIRST_RADIUS_M
    while True:
        dlat = radius / METRES_PER_DEGREE
        dlng = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
        venues = Location.objects.filter(latitude__range=(latitude - dlat, latitude + dlat),
                                         longitude__range=(longitude - dlng, longitude + dlng))
        measured = {pk: distance_m(latitude, longitude, lat, lng)
                    for pk, lat, lng in venues.values_list("pk", "latitude", "longitude")[:BOX_ROWS]}
        last = radius >= LAST_RADIUS_M or len(measured) >= BOX_ROWS
        # Past the last radius every venue counts; otherwise only the circle is known to be complete.
        inside = measured if last else {pk: d for pk, d in measured.items() if d <= radius}
        rows = list(located.filter(location_id__in=list(inside)).values_list("pk", "location_id")[:BOX_ROWS]) \
            if inside else []
        if len(rows) >= cap or last or len(rows) >= BOX_ROWS:
            return [(inside[venue], pk) for pk, venue in rows]
        radius *= 2


def nearest_page(listings: QuerySet, point: addresses.Point, number, *, per_page: int = 20, cap: int,
                 fetch, words: bool = False) -> Page:
    """One page of the matches nearest first, each listing with ``distance`` (metres) and
    ``distance_text``. Matches without a point on the map are left out (the page says so)."""
    found = nearest(listings, point.latitude, point.longitude, cap=cap, words=words)
    paginator = CappedPaginator(found.pks, per_page, cap=cap)
    if found.more:
        paginator.__dict__["_counted"] = cap + 1
    page = paginator.get_page(number)
    by_pk = {obj.pk: obj for obj in fetch(listings.model, page.object_list)} if page.object_list else {}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    for item in page.object_list:
        item.distance = found.distances[item.pk]
        item.distance_text = distance_words(item.distance)
    return page
