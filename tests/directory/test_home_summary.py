"""A coordinator's home says what the directory holds in their area and what waits for them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tsunagu.directory.models import Listing, Proposal, Report


def test_the_area_coordinators_home_counts_listings_and_what_waits(world, as_user, listings):
    Listing.objects.filter(pk=listings.salon.pk).update(confirmed_at=timezone.now() - timedelta(days=400))
    Report.objects.create(listing=listings.salon, kind="outdated")
    Proposal.objects.create(listing=listings.taiso, changes={"cost": ["", "100円"]})
    response = as_user(world.minosawa_2so).get(reverse("home"))
    counts = response.context["workplaces"][0]["summaries"][0]["listings"]
    # 簑沢's area: the salon, the staff-only list, the draft and the ended meal; 体操 is in 第6地区, also in 簑沢.
    assert counts == {"total": 5, "public": 3, "staff": 1, "draft": 1, "stale": 1, "reports": 1, "proposals": 1,
                      "paused": 0, "resumed": 0}
    html = response.content.decode()
    assert "住民からの知らせ：1件" in html and "代表者からの提案：1件" in html


def test_a_viewer_sees_counts_but_nothing_to_act_on(world, as_user, listings):
    Report.objects.create(listing=listings.salon, kind="outdated")
    response = as_user(world.naka_cm).get(reverse("home"))
    counts = response.context["workplaces"][0]["summaries"][0]["listings"]
    assert counts["draft"] == 0 and counts["reports"] == 0 and counts["public"] == 3
    assert "住民からの知らせ" not in response.content.decode()
