"""区全体の協力先: the status and its history (every change kept, dated), the board's counts
(南区: seven companies consulted, two cooperating), what a partner offers and two people editing it
at once, the contact log, and a memo of a CP area naming a partner registered for the ward or the
city."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.conftest import org
from tests.partners.conftest import days_ago
from tests.sheets.records_factory import make_memo
from tsunagu.audit.models import AuditEntry
from tsunagu.memos.forms import MemoForm
from tsunagu.partners import services
from tsunagu.partners.models import ContactLogEntry, Offer, Partner, Status, StatusChange
from tsunagu.people import reach
from tsunagu.people.models import Organisation, OrganisationKind


def test_each_status_change_is_kept_with_its_date(world, partners):
    history = list(partners.taxi.status_changes.all())
    assert [(c.status, c.on) for c in history] == [(Status.COOPERATING, days_ago(30)), (Status.CONSULTING, days_ago(60))]
    assert history[0].previous == Status.CONSULTING and history[0].note == "意見交換会のあと申し出"
    services.partner_set_status(user=world.naka_ward, partner=partners.taxi, seen_version=partners.taxi.version,
                                status=Status.DECLINED, on=days_ago(1))
    partners.taxi.refresh_from_db()
    assert partners.taxi.status == Status.DECLINED and partners.taxi.status_since == days_ago(1)
    assert partners.taxi.status_changes.count() == 3  # nothing overwritten
    assert AuditEntry.objects.filter(action="partner.status", target_id=partners.taxi.pk).count() == 2


def test_a_status_change_dated_before_the_last_one_or_in_the_future_is_refused(world, partners):
    for day in (days_ago(31), days_ago(-1)):
        with pytest.raises(ValidationError):
            services.partner_set_status(user=world.naka_1so, partner=partners.taxi,
                                        seen_version=partners.taxi.version, status=Status.DECLINED, on=day)
    assert partners.taxi.status_changes.count() == 2


def test_the_status_form_changes_the_status(world, as_user, partners):
    url = reverse("partners:status", args=[partners.taxi.pk])
    response = as_user(world.naka_1so).post(url, {"status": "declined", "on": days_ago(0).isoformat(),
                                                  "note": "送迎の車両が足りない", "version": partners.taxi.version})
    assert response.status_code == 302
    assert StatusChange.objects.filter(partner=partners.taxi, status="declined", note="送迎の車両が足りない").exists()


def test_the_board_counts_the_pipeline_as_minami_did(world, as_user):
    # 南区: seven companies consulted (打診), two of them cooperate; one not yet approached.
    for i in range(8):
        company = org(OrganisationKind.TAXI, f"タクシー{i}", world.naka)
        partner = services.partner_create(user=world.naka_1so, ward=world.naka, organisation=company,
                                          status=Status.NOT_CONTACTED if i == 7 else Status.CONSULTING,
                                          on=days_ago(90), offers=[Offer.TRANSPORT])
        if i < 2:
            services.partner_set_status(user=world.naka_1so, partner=partner, seen_version=partner.version,
                                        status=Status.COOPERATING, on=days_ago(40))
        elif i < 4:
            services.partner_set_status(user=world.naka_1so, partner=partner, seen_version=partner.version,
                                        status=Status.DECLINED, on=days_ago(40))
    response = as_user(world.minosawa_2so).get(reverse("partners:board"), {"ward": world.naka.pk})
    counts = response.context["counts"]
    assert counts["approached"] == 7 and counts["cooperating"] == 2
    assert (counts["consulting"], counts["declined"], counts["not_contacted"]) == (3, 2, 1)
    columns = {c["status"]: len(c["partners"]) for c in response.context["columns"]}
    assert columns == {"cooperating": 2, "consulting": 3, "declined": 2, "not_contacted": 1}
    assert "打診した協力先 7社のうち、協力中 2社" in response.content.decode()
    # The taxi association beside them: the ward's count grows, the taxi companies' stays 南区's.
    association = org(OrganisationKind.OTHER, "神奈川県タクシー協会", world.city)
    services.partner_create(user=world.naka_1so, ward=world.naka, organisation=association, status=Status.COOPERATING)
    client = as_user(world.minosawa_2so)
    assert client.get(reverse("partners:board"), {"ward": world.naka.pk}).context["counts"]["approached"] == 8
    taxis = client.get(reverse("partners:board"), {"ward": world.naka.pk, "kind": "taxi"})
    assert (taxis.context["counts"]["approached"], taxis.context["counts"]["cooperating"]) == (7, 2)
    assert "タクシー会社：打診した協力先 7社のうち、協力中 2社" in taxis.content.decode()


def test_the_board_filters_by_what_partners_offer(world, as_user, partners):
    response = as_user(world.naka_1so).get(reverse("partners:board"), {"ward": world.naka.pk, "offer": "mobile_sales"})
    shown = [p for c in response.context["columns"] for p in c["partners"]]
    assert shown == [partners.chain]
    assert response.context["counts"]["total"] == 2  # the counts are the ward's, not the filter's


def test_a_partner_is_an_organisation_of_the_ward_or_the_city(world, partners):
    cp_org = world.minosawa_cp
    with pytest.raises(ValidationError):
        services.partner_create(user=world.naka_1so, ward=world.naka, organisation=cp_org)
    with pytest.raises(ValidationError):  # once per ward
        services.partner_create(user=world.naka_1so, ward=world.naka, organisation=partners.taxi_org)
    # A chain registered for the city is a partner of each ward that works with it, separately.
    isogo = services.partner_create(user=world.isogo_1so, ward=world.isogo, organisation=partners.chain_org,
                                    status=Status.CONSULTING)
    assert isogo.status == Status.CONSULTING and Partner.objects.get(pk=partners.chain.pk).status == Status.NOT_CONTACTED


def test_a_new_company_is_registered_with_the_partner(world, as_user):
    response = as_user(world.naka_ward).post(reverse("partners:create"), {
        "ward": world.naka.pk, "new_name": "中央交通", "new_kind": OrganisationKind.TAXI, "status": "consulting",
        "on": days_ago(0).isoformat(), "offers": ["transport"]})
    assert response.status_code == 302
    company = Organisation.objects.get(name="中央交通")
    assert company.place == world.naka and Partner.objects.get(organisation=company).offer_labels == ["送迎"]


def test_a_2so_cannot_change_a_ward_partner(world, partners):
    with pytest.raises(PermissionDenied):
        services.partner_set_status(user=world.minosawa_2so, partner=partners.taxi,
                                    seen_version=partners.taxi.version, status=Status.DECLINED, on=days_ago(0))


def test_two_people_changing_status_and_offer_at_once_do_not_overwrite_each_other(world, as_user, partners):
    """One opens 提供できること, the other the status form, both on the same version; the first to save
    wins and the second is shown what was saved, with their own entries kept in the form."""
    seen = partners.taxi.version
    edit = reverse("partners:edit", args=[partners.taxi.pk])
    status = reverse("partners:status", args=[partners.taxi.pk])
    first = as_user(world.naka_1so).post(edit, {"offers": ["transport", "watch"], "offer": "送迎と見守り",
                                                "version": seen})
    assert first.status_code == 302
    second = as_user(world.naka_ward).post(status, {"status": "declined", "on": days_ago(0).isoformat(),
                                                    "version": seen})
    assert second.status_code == 200 and second.context["conflict"].offer == "送迎と見守り"
    partners.taxi.refresh_from_db()
    assert partners.taxi.status == Status.COOPERATING and partners.taxi.offer == "送迎と見守り"
    # And the other way round: a status saved in between refuses a stale offer.
    services.partner_set_status(user=world.naka_1so, partner=partners.taxi, seen_version=partners.taxi.version,
                                status=Status.DECLINED, on=days_ago(0))
    stale = as_user(world.naka_ward).post(edit, {"offer": "古い画面から", "version": seen + 1})
    assert stale.status_code == 200 and stale.context["conflict"].status == Status.DECLINED
    partners.taxi.refresh_from_db()
    assert partners.taxi.offer == "送迎と見守り"
    # A form without its version is refused the same way (lib/concurrency.VersionField).
    as_user(world.naka_1so).post(edit, {"offer": "版なし"})
    partners.taxi.refresh_from_db()
    assert partners.taxi.offer == "送迎と見守り"


def test_a_2so_logs_a_talk_at_their_cp_area_not_at_the_ward(world, as_user, partners):
    client = as_user(world.minosawa_2so)
    url = reverse("partners:log_create", args=[partners.taxi.pk])
    form = client.get(url).context["form"]
    # Their CP area and the districts in it; not the ward.
    assert list(form.fields["place"].queryset) == [world.minosawa, world.d6]
    response = client.post(url, {"date": days_ago(2).isoformat(), "place": world.minosawa.pk,
                                 "our_people": "簑沢2層Co", "their_people": "山下", "summary": "送迎の日程",
                                 "agreed": "12月の食事会から"})
    assert response.status_code == 302
    assert ContactLogEntry.objects.get(summary="送迎の日程").place == world.minosawa
    with pytest.raises(PermissionDenied):
        services.log_create(user=world.minosawa_2so, partner=partners.taxi, place=world.naka, date=days_ago(1),
                            summary="区として")


def test_two_people_editing_a_log_entry_do_not_overwrite_each_other(world, as_user, partners):
    url = reverse("partners:log_edit", args=[partners.taxi.pk, partners.log.pk])
    data = {"date": days_ago(10).isoformat(), "place": world.minosawa.pk, "summary": "一人目",
            "version": partners.log.version}
    assert as_user(world.minosawa_2so).post(url, data).status_code == 302
    second = as_user(world.naka_1so).post(url, {**data, "summary": "二人目"})
    assert second.status_code == 200 and second.context["conflict"].summary == "一人目"
    assert ContactLogEntry.objects.get(pk=partners.log.pk).summary == "一人目"


def test_a_memo_of_a_cp_area_links_partners_of_the_ward_and_the_city(world, partners):
    """The class of limit fixed: reach looked only down the tree, so a memo never offered nor
    accepted an organisation placed at the city (for anyone) or at the ward (for a district officer)."""
    for user, place in ((world.minosawa_2so, world.minosawa), (world.naka_chiku, world.d6)):
        form = MemoForm(user=user, data={"place": place.pk})
        offered = set(form.fields["organisations"].queryset)
        assert {partners.taxi_org, partners.chain_org} <= offered
        memo = make_memo(user, place, "送迎の相談", organisations=[partners.taxi_org, partners.chain_org])
        assert set(memo.organisations.all()) == {partners.taxi_org, partners.chain_org}


def test_linkable_organisations_reach_up_only_to_the_ward_and_the_city(world, partners):
    other_ward_taxi = org(OrganisationKind.TAXI, "磯子タクシー", world.isogo)
    linkable = set(reach.linkable_organisations(world.naka_chiku))
    assert {partners.taxi_org, partners.chain_org, world.naka_office, world.d6_council} <= linkable
    assert other_ward_taxi not in linkable and world.d7_council not in linkable and world.minosawa_cp not in linkable
    assert partners.chain_org in set(reach.linkable_organisations(world.isogo_1so))
    assert partners.taxi_org not in set(reach.linkable_organisations(world.isogo_1so))
    assert not reach.linkable_organisations(world.nobody).exists()


def test_the_partner_page_lists_the_memos_of_the_ward_that_name_it(world, as_user, partners):
    memo = make_memo(world.minosawa_2so, world.minosawa, "みなとタクシーと送迎の相談", organisations=[partners.taxi_org])
    page = as_user(world.naka_1so).get(reverse("partners:detail", args=[partners.taxi.pk]))
    assert memo in list(page.context["memos"])


def test_removing_a_partner_keeps_the_organisation_and_the_memo_links(world, as_user, partners):
    memo = make_memo(world.minosawa_2so, world.minosawa, "送迎", organisations=[partners.taxi_org])
    assert as_user(world.naka_1so).post(reverse("partners:delete", args=[partners.taxi.pk])).status_code == 302
    assert not Partner.objects.filter(pk=partners.taxi.pk).exists()
    assert list(memo.organisations.all()) == [partners.taxi_org]


def test_contacts_are_added_edited_and_deleted_by_the_wards_writers(world, as_user, partners):
    client = as_user(world.naka_ward)
    client.post(reverse("partners:contact_create", args=[partners.taxi.pk]), {"name": "佐藤", "phone": "045-111"})
    contact = partners.taxi.contacts.get(name="佐藤")
    client.post(reverse("partners:contact_edit", args=[partners.taxi.pk, contact.pk]), {"name": "佐藤 次郎"})
    assert partners.taxi.contacts.filter(name="佐藤 次郎").exists()
    client.post(reverse("partners:contact_delete", args=[partners.taxi.pk, contact.pk]))
    assert not partners.taxi.contacts.filter(pk=contact.pk).exists()
