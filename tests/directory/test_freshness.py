"""Freshness: leaders confirm or propose through their link, staff decide, requests go out in bulk,
and what residents and leaders send reaches the responsible staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tsunagu.directory import freshness, services
from tsunagu.directory.models import LeaderLink, Listing, Proposal, Status

EDITORS = ["admin", "naka_1so", "minosawa_2so", "minosawa_staff"]
NOT_EDITORS = ["naka_ward", "naka_cm", "isogo_1so", "byobugaura_2so", "nobody"]


def token(listing) -> str:
    return LeaderLink.objects.get_or_create(listing=listing)[0].token


def leader_post(client, target, **changes):
    current = freshness.proposable_values(target)
    data = {
        **{k: v for k, v in current.items() if k in freshness.PROPOSABLE},
        "submitted_by": "山﨑 花子",
        "message": "",
        **changes,
    }
    return client.post(reverse("leader:page", args=[token(target)]), data)


@pytest.fixture
def emails(world):
    world.minosawa_2so.email = "minosawa-2so@example.jp"
    world.minosawa_2so.save()
    world.isogo_1so.email = "isogo-1so@example.jp"
    world.isogo_1so.save()
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Mail goes out when the transaction commits; a test runs inside one, so this runs the
    callbacks at the end of the block: `with committed(): client.post(...)`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- the leader's page -------------------------------------------------------------------------


def test_the_leaders_page_shows_what_is_on_file_without_logging_in(client, listings):
    response = client.get(reverse("leader:page", args=[token(listings.salon)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "簑沢ふれあいサロン" in html and "毎月第2・第4木曜 10:00〜12:00" in html
    assert "この内容で合っています" in html


def test_an_unknown_or_guessed_token_is_a_404(client, listings):
    token(listings.salon)
    for bad in ["x", "a" * 32, token(listings.salon)[:-1] + "?"]:
        assert client.get(reverse("leader:page", args=[bad])).status_code == 404
        assert client.post(reverse("leader:confirm", args=[bad])).status_code == 404


def test_the_leader_confirms_and_the_listing_is_fresh_again(client, listings):
    Listing.objects.filter(pk=listings.salon.pk).update(confirmed_at=timezone.now() - timedelta(days=500))
    response = client.post(reverse("leader:confirm", args=[token(listings.salon)]), {"name": "髙橋"})
    assert response.status_code == 302
    salon = Listing.objects.get(pk=listings.salon.pk)
    assert not salon.is_stale and salon.confirmed_by == "髙橋" and "代表者" in salon.confirmed_how
    assert salon.versions.first().how == "confirm"
    assert LeaderLink.objects.get(listing=salon).last_used_at is not None


def test_a_proposal_keeps_only_what_changed_and_waits_for_staff(client, emails, listings, committed):
    with committed():
        response = leader_post(
            client, listings.salon, cost="1回200円", schedule_note="毎月第2木曜 13時〜15時"
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.OPEN and proposal.submitted_by == "山﨑 花子"
    assert set(proposal.changes) == {"cost", "schedule_note"}
    assert proposal.changes["cost"][1] == "1回200円"
    # Nothing on the listing changes until staff decide.
    assert Listing.objects.get(pk=listings.salon.pk).cost == listings.salon.cost
    assert [m.to for m in mail.outbox] == [["minosawa-2so@example.jp"]]
    assert "簑沢ふれあいサロン" in mail.outbox[0].body


def test_a_proposal_without_any_change_is_refused_with_a_reason(client, listings):
    response = leader_post(client, listings.salon)
    assert response.status_code == 200
    assert "変更した点が見つかりませんでした" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_leaders_link_cannot_touch_another_listing(client, listings):
    other = listings.taiso
    before = Listing.objects.get(pk=other.pk)
    # Whatever is posted to the salon's link, including the other listing's id, lands on the salon.
    leader_post(client, listings.salon, name="乗っ取り", pk=other.pk, listing=other.pk, id=other.pk)
    client.post(reverse("leader:confirm", args=[token(listings.salon)]), {"listing": other.pk})
    assert set(Proposal.objects.values_list("listing_id", flat=True)) == {listings.salon.pk}
    after = Listing.objects.get(pk=other.pk)
    assert (after.name, after.confirmed_at, after.version) == (
        before.name,
        before.confirmed_at,
        before.version,
    )
    assert reverse("leader:page", args=[token(other)]) != reverse("leader:page", args=[token(listings.salon)])


# --- staff deciding ------------------------------------------------------------------------------


@pytest.fixture
def proposal(client, listings):
    leader_post(
        client,
        listings.salon,
        cost="1回200円",
        location_name="簑沢会館 2階",
        status=Status.PAUSED,
        status_reason="会館の改修のため",
    )
    return Proposal.objects.get()


@pytest.mark.parametrize("role", EDITORS)
def test_editors_of_the_area_see_and_open_proposals(world, as_user, proposal, role):
    client = as_user(getattr(world, role))
    assert "簑沢ふれあいサロン" in client.get(reverse("directory:proposals")).content.decode()
    html = client.get(reverse("directory:proposal", args=[proposal.pk])).content.decode()
    assert "1回200円" in html and "簑沢会館 2階" in html


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_others_get_404_for_proposals(world, as_user, proposal, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:proposal", args=[proposal.pk])).status_code == 404
    assert (
        client.post(
            reverse("directory:proposal_decide", args=[proposal.pk]),
            {"decision": "approve", "fields": ["cost"]},
        ).status_code
        == 404
    )
    assert Proposal.objects.get().state == Proposal.State.OPEN


def test_anonymous_visitors_are_sent_to_log_in_for_staff_pages(client, proposal):
    for url in [
        reverse("directory:proposals"),
        reverse("directory:proposal", args=[proposal.pk]),
        reverse("directory:stale"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_approving_applies_only_the_chosen_fields_as_a_new_version(world, as_user, proposal, listings):
    client = as_user(world.minosawa_2so)
    versions_before = listings.salon.versions.count()
    response = client.post(
        reverse("directory:proposal_decide", args=[proposal.pk]),
        {"decision": "approve", "fields": ["cost", "location_name", "status", "status_reason"]},
    )
    assert response.status_code == 302
    salon = Listing.objects.select_related("location").get(pk=listings.salon.pk)
    assert salon.cost == "1回200円" and salon.location.name == "簑沢会館 2階"
    assert salon.status == Status.PAUSED and salon.status_reason == "会館の改修のため" and salon.status_date
    assert salon.confirmed_by == "山﨑 花子"
    assert salon.versions.count() > versions_before
    assert salon.versions.filter(how=f"proposal:{proposal.pk}").exists()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED and proposal.decided_by == world.minosawa_2so


def test_an_unticked_field_is_not_applied(world, as_user, proposal, listings):
    as_user(world.minosawa_2so).post(
        reverse("directory:proposal_decide", args=[proposal.pk]), {"decision": "approve", "fields": ["cost"]}
    )
    salon = Listing.objects.select_related("location").get(pk=listings.salon.pk)
    assert (
        salon.cost == "1回200円" and salon.status == Status.ACTIVE and salon.location.name != "簑沢会館 2階"
    )


def test_rejecting_changes_nothing_and_a_decided_proposal_cannot_be_decided_again(
    world, as_user, proposal, listings
):
    client = as_user(world.minosawa_2so)
    client.post(reverse("directory:proposal_decide", args=[proposal.pk]), {"decision": "reject"})
    assert Proposal.objects.get().state == Proposal.State.REJECTED
    assert Listing.objects.get(pk=listings.salon.pk).cost == listings.salon.cost
    response = client.post(
        reverse("directory:proposal_decide", args=[proposal.pk]),
        {"decision": "approve", "fields": ["cost"]},
        follow=True,
    )
    assert "すでに処理されています" in response.content.decode()
    assert Listing.objects.get(pk=listings.salon.pk).cost == listings.salon.cost


def test_an_approved_change_can_be_undone_from_the_history(world, as_user, proposal, listings):
    client = as_user(world.minosawa_2so)
    number_before = (
        services.listing_confirm(listing=listings.salon, by="テスト", how="電話").versions.first().number
    )
    client.post(
        reverse("directory:proposal_decide", args=[proposal.pk]), {"decision": "approve", "fields": ["cost"]}
    )
    client.post(reverse("directory:restore", args=[listings.salon.pk, number_before]))
    assert Listing.objects.get(pk=listings.salon.pk).cost == listings.salon.cost


# --- reports reach the responsible staff ------------------------------------------------------------


def test_a_residents_report_is_mailed_to_the_areas_coordinator(client, emails, listings, committed):
    with committed():
        client.post(
            reverse("public:report", args=[listings.salon.pk]),
            {"kind": "ended", "message": "先月で終わりました"},
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["minosawa-2so@example.jp"] and "先月で終わりました" in mail.outbox[0].body


def test_the_named_responsible_person_comes_first(client, world, emails, listings, committed):
    world.naka_1so.email = "naka-1so@example.jp"
    world.naka_1so.save()
    Listing.objects.filter(pk=listings.salon.pk).update(responsible=world.naka_1so)
    with committed():
        client.post(reverse("public:report", args=[listings.salon.pk]), {"kind": "outdated"})
    assert mail.outbox[0].to == ["naka-1so@example.jp"]


def test_without_an_area_coordinator_the_wards_coordinator_is_told(client, emails, listings, committed):
    # 磯子区's listing sits in 屛風ヶ浦's area, whose 2層Co has no e-mail: nobody there to tell by mail,
    # so the responsible people are that 2層Co (no address) — the ward's 1層Co only when the area has none.
    assert freshness.responsible_staff(listings.isogo) == [emails.byobugaura_2so]
    emails.byobugaura_2so.memberships.update(is_active=False)
    assert freshness.responsible_staff(listings.isogo) == [emails.isogo_1so]
    with committed():
        client.post(reverse("public:report", args=[listings.isogo.pk]), {"kind": "wrong"})
    assert mail.outbox[0].to == ["isogo-1so@example.jp"]


# --- asking in bulk ----------------------------------------------------------------------------------


@pytest.fixture
def stale(listings, world):
    old = timezone.now() - timedelta(days=400)
    Listing.objects.filter(pk__in=[listings.salon.pk, listings.taiso.pk, listings.isogo.pk]).update(
        confirmed_at=old
    )
    Listing.objects.filter(pk=listings.salon.pk).update(public_email="salon@example.jp")
    return listings


@pytest.mark.parametrize("role", EDITORS)
def test_editors_see_their_stale_listings(world, as_user, stale, role):
    html = as_user(getattr(world, role)).get(reverse("directory:stale")).content.decode()
    assert "簑沢ふれあいサロン" in html and "salon@example.jp" in html
    assert ("久良岐丘移動販売" in html) == (role == "admin")  # another ward: only the city's admin


@pytest.mark.parametrize("role", ["naka_ward", "naka_cm", "nobody"])
def test_readers_and_outsiders_get_404_for_the_stale_list(world, as_user, stale, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:stale")).status_code == 404
    assert client.post(reverse("directory:stale_send"), {"ids": [stale.salon.pk]}).status_code == 404
    assert not mail.outbox


def test_requests_are_mailed_with_the_leaders_link_and_the_rest_is_left_to_print(world, as_user, stale):
    client = as_user(world.minosawa_2so)
    response = client.post(
        reverse("directory:stale_send"), {"ids": [stale.salon.pk, stale.taiso.pk]}, follow=True
    )
    html = response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["salon@example.jp"]
    assert reverse("leader:page", args=[token(stale.salon)]) in mail.outbox[0].body
    assert "1件の確認のお願いをメールで送りました" in html and "いきいき体操" in html and "印刷" in html


def test_ids_of_another_wards_listings_are_ignored(world, as_user, stale):
    Listing.objects.filter(pk=stale.isogo.pk).update(public_email="isogo@example.jp")
    as_user(world.minosawa_2so).post(reverse("directory:stale_send"), {"ids": [stale.isogo.pk]})
    assert not mail.outbox


def test_links_in_mail_use_the_configured_public_address_else_the_requests(client, emails, listings, committed,
                                                                            settings):
    settings.TSUNAGU_PUBLIC_URL = ""
    with committed():
        client.post(reverse("public:report", args=[listings.salon.pk]), {"kind": "outdated"})
    assert f"http://testserver/directory/{listings.salon.pk}/" in mail.outbox[-1].body
    settings.TSUNAGU_PUBLIC_URL = "https://tsunagu.city.example/"
    # Another listing: a second report about the same one that day is not mailed.
    with committed():
        client.post(reverse("public:report", args=[listings.taiso.pk]), {"kind": "outdated"})
    assert len(mail.outbox) == 2
    assert f"https://tsunagu.city.example/directory/{listings.taiso.pk}/" in mail.outbox[-1].body
