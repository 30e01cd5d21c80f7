"""The public face of the directory: no login; only published listings (Listing.objects.public())."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.db import connections
from django.db.models import F, IntegerField, QuerySet
from django.db.models.functions import Cast
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_POST

from tsunagu.directory import contacts, freshness, lists, nearby, search_return, suggestions
from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.choices import public_choices
from tsunagu.directory.models import Intensity, Listing, Report, Schedule
from tsunagu.directory.place_words import Understood, understand
from tsunagu.directory.results import result_page
from tsunagu.directory.search import driven_by_the_words, search, synonyms_used, words_from_the_index
from tsunagu.lib.clients import client_address
from tsunagu.places.models import Kind, Place

WEEKDAY_CHOICES = [("", gettext_lazy("指定なし"))] + [
    (str(i), label) for i, label in enumerate([
        gettext_lazy("月曜"), gettext_lazy("火曜"), gettext_lazy("水曜"), gettext_lazy("木曜"), gettext_lazy("金曜"),
        gettext_lazy("土曜"), gettext_lazy("日曜"),
    ])
]


class _Offered(BaseChoiceIterator):
    """Choices that are already (pk, label) pairs (choices.py), which Django's normalize_choices
    passes through instead of walking twice a request (the field, then its widget): 140 CP areas
    made that a millisecond of every search."""

    def __init__(self, rows):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)


class PublicSearchForm(nearby.NearbyFields):
    q = forms.CharField(label=gettext_lazy("ことばで探す"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "たいそう、サロン、買物…"}))
    # Wards, CP areas and categories as their pks, checked against the cached choices (choices.py)
    # rather than looked up: the filters need only the pks of what is under each.
    ward = forms.TypedChoiceField(label=gettext_lazy("区"), required=False, coerce=int, empty_value=None)
    area = forms.TypedChoiceField(label=gettext_lazy("地域ケアプラザのエリア"), required=False, coerce=int,
                                  empty_value=None)
    category = forms.TypedChoiceField(label=gettext_lazy("分類"), required=False, coerce=int, empty_value=None)
    weekday = forms.ChoiceField(label=gettext_lazy("曜日"), required=False, choices=WEEKDAY_CHOICES)
    free = forms.BooleanField(label=gettext_lazy("無料のもの"), required=False)
    pickup = forms.BooleanField(label=gettext_lazy("送迎があるもの"), required=False)
    intensity = forms.TypedChoiceField(label=gettext_lazy("運動の強さ"), required=False, coerce=int, empty_value=None,
                                       choices=[("", gettext_lazy("指定なし"))] + Intensity.choices)
    # 「近い順」 and 「いつ」 come from nearby.NearbyFields; 「いつ」 sits beside 「曜日」.
    field_order = ["q", "ward", "area", "category", "weekday", "when"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices as plain tuples, from the cache (choices.py): model instances for 140 CP
        # areas and their wards cost more than the rest of the page.
        self.offered = offered = public_choices()
        for name, rows, empty in (("ward", offered.wards, _("すべての区")), ("area", offered.areas, _("指定なし")),
                                  ("category", offered.categories, _("すべて"))):
            self.fields[name].choices = _Offered([("", empty), *rows])
        self.understood = Understood(words="")

    def clean(self):
        data = super().clean()
        # Place words in the query (「中区 サロン」) become the place filter (place_words.py).
        self.understood = understand(data.get("q"), data.get("area") or data.get("ward"))
        return data

    def filters_on(self) -> int:
        """How many filters besides the words are set (the folded filters' summary says so)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return sum(1 for name, value in data.items() if name != "q" and value not in (None, "", False))

    def filter(self, listings, *, walk: bool = False, words: str | None = None):
        """The listings matching the form, unordered (results.py orders them).

        Which index finds them is steered here, for SQLite's planner (expressions.WalkIn): for a walk
        in reading order (``walk``) no filter drives; otherwise a place drives if given (its
        index carries the other filters), else the words, else the category.
        """
        data = self.cleaned_data
        spot = self.understood.place
        place = data.get("area") or data.get("ward")
        if spot is not None and spot.pk:
            place = spot.pk  # a ward or CP area named in the query, inside the chosen one if any
        words = self.understood.words if words is None else words  # other words: "did you mean"
        if words:
            listings = search(listings, words, order=False, steer=not (walk or place or spot))
        if place and place in self.offered.under:
            listings = listings.within(self.offered.under[place], steer=not walk)
        if spot is not None and spot.kind == "town":
            listings = listings.in_town(spot.places, spot.blocks)
        if data.get("category"):
            # The category drives only when nothing else does; row by row unless a place's whole
            # list is read (expressions.InCategories).
            other_drives = walk or bool(words) or spot is not None
            listings = listings.in_categories(self.offered.family[data["category"]],
                                              steer=not (other_drives or place), each_row=other_drives or not place)
        if data.get("weekday"):
            bit = 1 << int(data["weekday"])
            listings = listings.annotate(on_day=F("weekday_mask").bitand(bit)).filter(on_day__gt=0)
        if data.get("free"):
            listings = listings.filter(is_free=True)
        if data.get("pickup"):
            listings = listings.filter(has_pickup=True)
        if data.get("intensity") is not None:
            listings = listings.filter(intensity=data["intensity"])
        return self.filter_when(listings)


# What a listing's way back to its search keeps (search_return.py): the form's fields.
SEARCH_FIELDS = tuple(PublicSearchForm.base_fields)

# Results are counted up to this many; past it the page says 「1000件以上」 and asks to narrow down.
RESULTS_COUNTED = 1000
# The map shows at most this many points; past that the person is asked to narrow the search.
MAP_POINTS_LIMIT = 3000


def _searched(request) -> tuple[PublicSearchForm, QuerySet, bool]:
    form = PublicSearchForm(request.GET or None)
    listings = Listing.objects.public()
    searched = bool(request.GET) and form.is_valid()
    if searched:
        listings = form.filter(listings)
    return form, listings, searched


# The columns a result card needs (templatetags/result_cards.py); anything else read from a card
# would cost a query per card, which tests/directory/test_public_views.py counts.
CARD_FIELDS = ("name", "name_kana", "status", "schedule_note", "is_free", "has_pickup", "place__name", "location__name")

# With a ward or CP area chosen, all its matches are ranked (a ward holds a few thousand
# listings at most): only city-wide searches are ever read in plain reading order.
SORTED_WITHIN_A_PLACE = 8000


def search_page(request):
    form, listings, searched = _searched(request)

    def for_page(queryset):
        # What a card shows (templatetags/result_cards.py) and the reading order, nothing else:
        # a listing has 40 columns and its place another 15.
        return queryset.select_related("location", "place").only(*CARD_FIELDS)

    data = form.cleaned_data if searched else {}
    understood = form.understood
    # 「近い順」: from the phone's location or the 町丁目 an address names (nearby.py).
    origin = form.origin() if searched else None
    if origin and origin.point:
        page = nearby.nearest_page(listings, origin.point, request.GET.get("page"), cap=RESULTS_COUNTED,
                                   fetch=lambda model, pks: for_page(model.objects.filter(pk__in=pks).order_by()))
    else:
        page = result_page(
            listings, understood.words, request.GET.get("page"), cap=RESULTS_COUNTED,
            sort_up_to=SORTED_WITHIN_A_PLACE if data.get("ward") or data.get("area") or understood.place else None,
            walkable=lambda: for_page(form.filter(Listing.objects.public(), walk=True) if searched
                                      else Listing.objects.public()),
            fetch=lambda model, pks: for_page(model.objects.filter(pk__in=pks).order_by()),  # result_page orders them
        )
    offered = form.offered
    cards = list(page)
    schedules, links = _schedules_and_links([item.pk for item in cards])
    # Each card's address carries this search, for the listing's way back (search_return.py).
    url = _listing_url() + search_return.suffix(request.GET, SEARCH_FIELDS)
    for item in cards:
        item.url = url.format(item.pk)
        item.schedule_text = schedule_rules.describe_all(schedules.get(item.pk, ()), item.schedule_note)
        item.marks = offered.marks_of(links.get(item.pk, ()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/public_search.html", {
        "form": form, "page": page, "searched": searched, "query": query.urlencode(),
        "points_url": reverse("public:points") + ("?" + query.urlencode() if query else ""),
        "pillars": [] if searched else offered.pillars,
        "wards_url": reverse("public:wards"),
        # 「いきいき」の言いかえ「ふれあい」も含めています: said whenever synonyms widened the search.
        # The words as typed (understood.words are normalised), less those taken as a place.
        "widened": [w for w in synonyms_used(data.get("q")) if w.word not in understood.place_words]
        if searched and understood.words else [],
        "origin": origin,
        "choice_links": [(choice.label, "?" + _with(request, near=choice.query)) for choice in origin.choices]
        if origin else [],
        "unplaced": bool(origin and origin.point) and listings.filter(location__latitude__isnull=True).exists(),
        "picked": lists.picked(request),
        **(_understanding(request, form, page) if searched else {}),
    })


# A search that finds this many or fewer is offered the nearest known words (suggestions.py).
SUGGEST_UP_TO = 2


def _understanding(request, form, page) -> dict:
    """What the page says about how it read the query: the place taken from the words (and how
    to undo it), the choices for a word naming several places, "did you mean", and the CP to
    call when nothing is found."""
    understood = form.understood
    found = page.paginator.count

    def link(**changes) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        for name, value in changes.items():
            query[name] = value
        return "?" + query.urlencode()

    choices = [(word, [(spot.label, link(**{"area" if spot.kind == "cp_area" else "ward": spot.pk or spot.ward_pk}))
                       for spot in spots]) for word, spots in understood.ambiguous]
    suggestion = None
    if found <= SUGGEST_UP_TO and understood.words:
        suggestion = suggestions.better_words(
            understood.words, finds=lambda words: form.filter(Listing.objects.public(), words=words).exists())
    return {
        "place_word": understood.place,
        "place_undo": link(q=understood.words) if understood.place_words else "",
        "place_choices": choices,
        "suggestion": suggestion and (suggestion, link(q=" ".join([*understood.place_words, suggestion]))),
        "contacts": contacts.nearest(form, understood.place) if not found else None,
    }


def _with(request, **values) -> str:
    """The search's query string with these values instead (and from the first page)."""
    query = request.GET.copy()
    for name in ("page", "lat", "lng"):
        query.pop(name, None)
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def _schedules_and_links(pks: list[int]) -> tuple[dict[int, list[Schedule]], dict[int, list[int]]]:
    """The cards' schedules and category links, listing pk → list, in two queries: Django's
    prefetch machinery cost more than the schedules' query itself, and the marks need only the
    links' ids (the categories come from the cached tree)."""
    schedules: dict[int, list[Schedule]] = {}
    links: dict[int, list[int]] = {}
    if not pks:
        return schedules, links
    for schedule in Schedule.objects.filter(listing_id__in=pks).order_by("pk"):
        schedules.setdefault(schedule.listing_id, []).append(schedule)
    for listing_id, category_id in Listing.categories.through.objects.filter(listing_id__in=pks).values_list(
            "listing_id", "category_id"):
        links.setdefault(listing_id, []).append(category_id)
    return schedules, links


def _listing_url(mark: str = "{}") -> str:
    """A public listing's address with ``mark`` where its pk goes: one reverse for a page's 20
    cards or the map's 3,000 points, not one each."""
    return reverse("public:listing", args=[0]).replace("/0/", f"/{mark}/")


# The map's coordinates in 1/100,000 degree (about a metre): whole numbers from the database.
POINT_SCALE = 100_000


def points(request):
    """Every result of the same search as map points (the list pages; the map shows them all).

    ``{"points": [[id, name, lat, lng], …], "scale": 100000, "url": "/resources/{id}/", "truncated": …}``:
    rows rather than objects and whole-number coordinates, because writing 3,000 points' floats
    and keys as JSON took longer than finding them (13 ms against 3 for the same points); one
    address with {id} for all of them, and names as UTF-8 rather than \\u escapes.
    """
    form, listings, searched = _searched(request)

    def scaled(name):
        # A plain cast (PostgreSQL rounds, SQLite cuts: within a unit either way); Django's Round
        # goes through numeric on PostgreSQL, which took longer than the query.
        return Cast(F(f"location__{name}") * POINT_SCALE, IntegerField())

    found = (
        driven_by_the_words(listings.order_by()).filter(location__latitude__isnull=False)  # the map needs no order
        .annotate(lat=scaled("latitude"), lng=scaled("longitude"))
        .values_list("pk", "name", "lat", "lng")[: MAP_POINTS_LIMIT + 1]
    )
    # The rows as the database gives them (ints and a str): through the queryset, Django's
    # converters ran on every value of 3,000 rows, a third of the map's CPU time at 100k.
    sql, params = found.query.sql_with_params()
    with words_from_the_index() if searched and form.understood.words else nullcontext():
        with connections[found.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    response = JsonResponse({
        "points": rows[:MAP_POINTS_LIMIT],
        "scale": POINT_SCALE,
        "url": _listing_url("{id}") + search_return.suffix(request.GET, SEARCH_FIELDS),  # the way back, as the cards
        "truncated": len(rows) > MAP_POINTS_LIMIT,
    }, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response


@cache_page(60 * 60)
def wards(request):
    """The wards' outlines, drawn under the markers so that the map says where it is even when no
    tile server answers."""
    features = [
        {"type": "Feature", "properties": {"name": ward.name}, "geometry": ward.boundary}
        for ward in Place.objects.filter(kind=Kind.WARD).exclude(boundary=None).order_by("code")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _listing_page(request, listing: Listing, *, typed: dict | None = None, status: int = 200):
    schedules = list(listing.schedules.all())
    return render(request, "directory/public_listing.html", {
        "listing": listing,
        "schedule_text": schedule_rules.describe_all(schedules, listing.schedule_note),
        "next_dates": schedule_rules.next_dates(schedules, timezone.localdate(), count=5),
        "stand_in": contacts.stand_in(listing),
        "report_kinds": Report.Kind.choices,
        "typed": typed or {},
        "back_url": search_return.link(request.GET, SEARCH_FIELDS),
        "back_carried": search_return.carried(request.GET, SEARCH_FIELDS),
        "picked": lists.picked(request),
    }, status=status)


def listing_page(request, pk: int):
    try:
        listing = Listing.objects.public().select_related("location", "place", "organisation").get(pk=pk)
    except (Listing.DoesNotExist, ValueError):
        raise Http404 from None
    return _listing_page(request, listing)


# The report form is open to anyone; a script sent 30 in 2 seconds (issue 11). A resident has one
# or two things to say about a place: five reports an hour from one address, and twenty an hour
# about one listing from anywhere, leave them room and stop a flood. The address count is kept in
# the cache (per process with the default cache: a looser limit, never a tighter one); the
# listing's from the reports themselves.
REPORTS_PER_ADDRESS = 5
REPORTS_PER_LISTING = 20
REPORT_WINDOW = timedelta(hours=1)
# A field people never see (hidden by the stylesheet's class, not an inline style, which the
# content security policy forbids) and form-filling scripts fill in.
REPORT_HONEYPOT = "website"


def _report_allowed(request, listing: Listing) -> bool:
    key = f"report-address:{client_address(request)}"
    cache.add(key, 0, timeout=int(REPORT_WINDOW.total_seconds()))
    try:
        from_address = cache.incr(key)
    except ValueError:  # expired between add and incr
        from_address = 1
    if from_address > REPORTS_PER_ADDRESS:
        return False
    recent = Report.objects.filter(listing=listing, created_at__gte=timezone.now() - REPORT_WINDOW).count()
    return recent < REPORTS_PER_LISTING


@require_POST
def report(request, pk: int):
    try:
        listing = Listing.objects.public().select_related("location", "place", "organisation").get(pk=pk)
    except (Listing.DoesNotExist, ValueError):
        raise Http404 from None
    thanks = _("お知らせいただき、ありがとうございます。担当の職員が確認します。")
    # Back to the listing, still with its way back to the search (search_return.py).
    back_to_listing = reverse("public:listing", args=[pk]) + search_return.carried(request.GET, SEARCH_FIELDS)
    if request.POST.get(REPORT_HONEYPOT):
        # Answered as if received, so that the script learns nothing; nothing is kept or sent.
        messages.success(request, thanks)
        return redirect(back_to_listing)
    kind = request.POST.get("kind")
    typed = {"kind": kind, "message": request.POST.get("message", "")[:2000],
             "contact": request.POST.get("contact", "")[:200]}
    if kind not in Report.Kind.values:
        messages.error(request, _("どのような点か、選んでください。"))
        return _listing_page(request, listing, typed=typed, status=400)
    if not _report_allowed(request, listing):
        messages.error(request, _("短い間にたくさんのお知らせが届いたため、いまは受け付けを休んでいます。"
                                  "書いた内容は下に残っています。1時間ほどたってから、もう一度「知らせる」を押してください。"))
        return _listing_page(request, listing, typed=typed, status=429)
    report = Report.objects.create(listing=listing, kind=kind, message=typed["message"], contact=typed["contact"])
    freshness.report_received(report, request.build_absolute_uri("/"))
    messages.success(request, thanks)
    return redirect(back_to_listing)


def towns(request):
    """「町名からえらぶ」: the wards, then a ward's 町丁目, each a link to the search nearest first
    from it (places/addresses.py) — for those who would rather choose than type."""
    from tsunagu.places import addresses

    wards = list(Place.objects.filter(kind=Kind.WARD).order_by("code").values_list("pk", "name"))
    ward = None
    try:
        ward = Place.objects.filter(kind=Kind.WARD).get(pk=int(request.GET.get("ward", "")))
    except (Place.DoesNotExist, ValueError):
        if request.GET.get("ward"):
            raise Http404 from None
    return render(request, "directory/public_towns.html", {
        "wards": wards, "ward": ward, "points": addresses.ward_towns(ward) if ward else [],
    })
