"""An approved change of 日時 leaves one true schedule: the leader's text becomes the repeat rule
(replacing the old one) before it is applied, and the next dates follow the new rule on the
public page, the staff page, the open-data API and the booklet (issue 12, item 6)."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.directory import api, booklet, freshness
from tsunagu.directory import schedules as rules
from tsunagu.directory.freshness_views import _proposed_schedule_forms
from tsunagu.directory.models import LeaderLink, Listing, Proposal, Schedule

NEW_TEXT = "毎週水曜 13:30〜15:00（祝日は休み）"
OLD_TEXT = "毎月第2・第4木曜 10:00〜12:00"
MANAGEMENT = {"schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0", "schedules-MIN_NUM_FORMS": "0",
              "schedules-MAX_NUM_FORMS": "12"}
WEDNESDAY_RULE = {"schedules-0-kind": "weekly", "schedules-0-weekdays": ["WE"], "schedules-0-opens_at": "13:30",
                  "schedules-0-closes_at": "15:00", "schedules-0-closed_on_holidays": "on"}


@pytest.fixture
def proposed(client, listings):
    """The salon's leader proposes another day and time, as text."""
    assert freshness.proposable_values(listings.salon)["schedule_note"] == OLD_TEXT
    values = {**freshness.proposable_values(listings.salon), "schedule_note": NEW_TEXT, "submitted_by": "山﨑 花子",
              "message": ""}
    token = LeaderLink.objects.get_or_create(listing=listings.salon)[0].token
    assert client.post(reverse("leader:page", args=[token]), values).status_code == 302
    return Proposal.objects.get()


def decide(client, proposal, **data):
    return client.post(reverse("directory:proposal_decide", args=[proposal.pk]),
                       {"decision": "approve", "fields": ["schedule_note"], **data})


def shown_dates(html: str) -> list[tuple[int, int]]:
    """The next dates a page prints after 次は / 次の予定, as (month, day)."""
    line = re.search(r"(?:次は|次の予定)(.*?)</(?:dd|span)>", html, re.S).group(1)
    return [(int(m), int(d)) for m, d in re.findall(r"(\d{1,2})月(\d{1,2})日", line)]


def test_the_proposal_page_offers_the_rule_read_from_the_leaders_text(world, as_user, proposed):
    formset, form = _proposed_schedule_forms(proposed)
    (rule,) = formset.initial
    assert (rule["kind"], rule["weekdays"], rule["opens_at"], rule["closes_at"], rule["closed_on_holidays"]) == (
        "weekly", ["WE"], time(13, 30), time(15), True)
    assert form.initial["schedule_note"] == ""  # everything in the text became the rule
    html = as_user(world.minosawa_2so).get(reverse("directory:proposal", args=[proposed.pk])).content.decode()
    assert "提案の日時を、くり返しに直す" in html and 'name="schedules-0-kind"' in html


def test_approving_a_schedule_change_leaves_exactly_one_schedule_everywhere(world, as_user, client, proposed,
                                                                          listings, settings):
    staff = as_user(world.minosawa_2so)
    response = decide(staff, proposed, **MANAGEMENT, **WEDNESDAY_RULE, **{"proposed-schedule_note": ""})
    assert response.status_code == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode())
    salon = Listing.objects.get(pk=listings.salon.pk)
    (schedule,) = Schedule.objects.filter(listing=salon)
    assert (schedule.freq, schedule.byday, schedule.opens_at, schedule.closed_on_holidays) == (
        "WEEKLY", "WE", time(13, 30), True)
    assert salon.schedule_note == ""
    assert salon.weekday_mask == 1 << 2  # the 曜日 filter follows at once
    assert freshness.proposable_values(salon)["schedule_note"] == NEW_TEXT
    expected = [(d.month, d.day) for d, _s in rules.next_dates([schedule], timezone.localdate(), count=5)]
    assert all(d.weekday() == 2 for d, _s in rules.next_dates([schedule], timezone.localdate(), count=5))

    # The staff page.
    page = staff.get(reverse("directory:detail", args=[salon.pk])).content.decode()
    assert NEW_TEXT in page and "第4木曜" not in page.split("変更の記録")[0]
    assert shown_dates(page) == expected

    # The public page: the new text once, the old nowhere, the new rule's dates.
    client.logout()
    public = client.get(reverse("public:listing", args=[salon.pk])).content.decode()
    assert public.count(NEW_TEXT) == 1 and "第4木曜" not in public
    assert shown_dates(public) == expected

    # The open-data API: one schedule, the new rule, no second one carrying text.
    data = client.get(reverse("api:service", args=[api.row_id("service", salon.pk)])).json()
    (hsds,) = data["schedules"]
    assert (hsds["freq"], hsds["byday"], hsds["opens_at"], hsds["description"]) == (
        "WEEKLY", "WE", "13:30+09:00", NEW_TEXT)

    # The booklet.
    settings.TSUNAGU_PUBLIC_URL = "https://tsunagu.example.jp"
    context = booklet.booklet_context(place=world.naka, base_url="https://tsunagu.example.jp")
    (entry,) = [b.entry for b in context["blocks"] if b.kind == "entry" and b.entry.pk == salon.pk]
    assert entry.schedule == NEW_TEXT
    html, _css = booklet._document(context, mode="single", front=True, back=True, blocks=context["blocks"])
    assert html.count(NEW_TEXT) == 1 and "第4木曜" not in html


def test_approving_the_text_without_turning_it_into_a_rule_is_refused(world, as_user, proposed, listings):
    staff = as_user(world.minosawa_2so)
    before = list(Schedule.objects.filter(listing=listings.salon).values_list("pk", "byday"))
    response = decide(staff, proposed)  # no rule rows posted at all (an old page, a script)
    assert response.status_code == 400
    html = response.content.decode()
    assert "文章のままでは反映できません" in html and 'name="schedules-0-kind"' in html
    # Rows left empty are refused too, with what to do.
    response = decide(staff, proposed, **MANAGEMENT, **{"proposed-schedule_note": ""})
    assert response.status_code == 400
    assert "くり返しを1つ以上入れてください" in response.content.decode()
    assert list(Schedule.objects.filter(listing=listings.salon).values_list("pk", "byday")) == before
    proposed.refresh_from_db()
    assert proposed.state == Proposal.State.OPEN
    with pytest.raises(Exception, match="文章のままでは反映できません"):
        freshness.proposal_approve(user=world.minosawa_2so, proposal=proposed, fields=["schedule_note"])


def test_a_schedule_that_is_no_rule_is_published_as_text_only_when_staff_say_so(world, as_user, proposed, listings,
                                                                               client):
    staff = as_user(world.minosawa_2so)
    response = decide(staff, proposed, **MANAGEMENT,
                      **{"proposed-text_only": "on", "proposed-schedule_note": "不定期（月に1〜2回）"})
    assert response.status_code == 302
    salon = Listing.objects.get(pk=listings.salon.pk)
    assert not salon.schedules.exists() and salon.schedule_note == "不定期（月に1〜2回）"
    public = client.get(reverse("public:listing", args=[salon.pk])).content.decode()
    assert "不定期（月に1〜2回）" in public and "次は" not in public and "第4木曜" not in public


def test_other_fields_of_the_same_proposal_still_apply_without_the_schedule(world, as_user, client, listings):
    values = {**freshness.proposable_values(listings.salon), "schedule_note": NEW_TEXT, "cost": "1回300円",
              "submitted_by": "山﨑", "message": ""}
    token = LeaderLink.objects.get_or_create(listing=listings.salon)[0].token
    client.post(reverse("leader:page", args=[token]), values)
    proposal = Proposal.objects.get()
    response = as_user(world.minosawa_2so).post(reverse("directory:proposal_decide", args=[proposal.pk]),
                                                {"decision": "approve", "fields": ["cost"]})
    assert response.status_code == 302
    salon = Listing.objects.get(pk=listings.salon.pk)
    assert salon.cost == "1回300円"
    assert [s.byday for s in salon.schedules.all()] == ["2TH,4TH"] and salon.schedule_note == ""


def test_an_approved_change_with_the_new_year_flag_skips_new_years_day(world, as_user, proposed, listings, client,
                                                                      monkeypatch):
    staff = as_user(world.minosawa_2so)
    rule = {**WEDNESDAY_RULE, "schedules-0-weekdays": ["FR"], "schedules-0-closed_at_new_year": "on"}
    assert decide(staff, proposed, **MANAGEMENT, **rule, **{"proposed-schedule_note": ""}).status_code == 302
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 28))
    public = client.get(reverse("public:listing", args=[listings.salon.pk])).content.decode()
    assert shown_dates(public)[:2] == [(1, 8), (1, 15)]
