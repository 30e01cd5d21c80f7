"""The public face of the directory: no login; only published listings (Listing.objects.public())."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.directory import freshness
from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.models import Category, Intensity, Listing, Report
from tsunagu.directory.search import search
from tsunagu.places.models import Kind, Place

WEEKDAY_CHOICES = [("", gettext_lazy("指定なし"))] + [
    (str(i), label) for i, label in enumerate(["月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"])
]


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("ことばで探す"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "たいそう、サロン、買物…"}))
    ward = forms.ModelChoiceField(label=gettext_lazy("区"), required=False, empty_label=gettext_lazy("すべての区"),
                                  queryset=Place.objects.filter(kind=Kind.WARD).order_by("code"))
    area = forms.ModelChoiceField(label=gettext_lazy("地域ケアプラザのエリア"), required=False,
                                  empty_label=gettext_lazy("指定なし"),
                                  queryset=Place.objects.filter(kind=Kind.CP_AREA).order_by("path"))
    category = forms.ModelChoiceField(label=gettext_lazy("分類"), required=False, empty_label=gettext_lazy("すべて"),
                                      queryset=Category.objects.all())
    weekday = forms.ChoiceField(label=gettext_lazy("曜日"), required=False, choices=WEEKDAY_CHOICES)
    free = forms.BooleanField(label=gettext_lazy("無料のもの"), required=False)
    pickup = forms.BooleanField(label=gettext_lazy("送迎があるもの"), required=False)
    intensity = forms.TypedChoiceField(label=gettext_lazy("運動の強さ"), required=False, coerce=int, empty_value=None,
                                       choices=[("", gettext_lazy("指定なし"))] + Intensity.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = lambda p: f"{p.name}（{p.parent.name}）"
        self.fields["area"].queryset = self.fields["area"].queryset.select_related("parent")
        self.fields["category"].label_from_instance = lambda c: c.name if c.parent_id is None else f"　{c.name}"

    def filter(self, listings):
        data = self.cleaned_data
        if data.get("q"):
            listings = search(listings, data["q"])
        if data.get("area"):
            listings = listings.under(data["area"])
        elif data.get("ward"):
            listings = listings.under(data["ward"])
        if data.get("category"):
            category = data["category"]
            listings = listings.filter(categories__in=[category, *category.children.all()]).distinct()
        if data.get("weekday"):
            bit = 1 << int(data["weekday"])
            listings = listings.annotate(on_day=F("weekday_mask").bitand(bit)).filter(on_day__gt=0)
        if data.get("free"):
            listings = listings.filter(is_free=True)
        if data.get("pickup"):
            listings = listings.filter(has_pickup=True)
        if data.get("intensity") is not None:
            listings = listings.filter(intensity=data["intensity"])
        return listings


def search_page(request):
    form = PublicSearchForm(request.GET or None)
    listings = Listing.objects.public().select_related("location", "place")
    searched = bool(request.GET) and form.is_valid()
    if searched:
        listings = form.filter(listings)
    page = Paginator(listings.order_by("name_kana", "name").prefetch_related("categories"), 20).get_page(
        request.GET.get("page")
    )
    points = [
        {"name": item.name, "url": reverse("public:listing", args=[item.pk]),
         "lat": item.location.latitude, "lng": item.location.longitude}
        for item in page if item.location_id and item.location.latitude is not None
    ]
    return render(request, "directory/public_search.html", {
        "form": form, "page": page, "points": points, "searched": searched,
        "pillars": Category.objects.filter(parent=None).prefetch_related("children"),
    })


def listing_page(request, pk: int):
    try:
        listing = Listing.objects.public().select_related("location", "place", "organisation").get(pk=pk)
    except (Listing.DoesNotExist, ValueError):
        raise Http404 from None
    schedules = list(listing.schedules.all())
    return render(request, "directory/public_listing.html", {
        "listing": listing,
        "schedule_text": schedule_rules.describe_all(schedules, listing.schedule_note),
        "next_dates": schedule_rules.next_dates(schedules, timezone.localdate(), count=5),
        "report_kinds": Report.Kind.choices,
    })


@require_POST
def report(request, pk: int):
    try:
        listing = Listing.objects.public().get(pk=pk)
    except (Listing.DoesNotExist, ValueError):
        raise Http404 from None
    kind = request.POST.get("kind")
    if kind not in Report.Kind.values:
        messages.error(request, _("どのような点か、選んでください。"))
        return redirect("public:listing", pk=pk)
    report = Report.objects.create(listing=listing, kind=kind, message=request.POST.get("message", "")[:2000],
                                   contact=request.POST.get("contact", "")[:200])
    freshness.report_received(report)
    messages.success(request, _("お知らせいただき、ありがとうございます。担当の職員が確認します。"))
    return redirect("public:listing", pk=pk)
