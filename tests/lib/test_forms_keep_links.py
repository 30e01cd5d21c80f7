"""Editing never drops what the form does not show (issue 12, item 8).

For every form that edits part of a relation — a check box list or a select offering a limited
choice — a record is linked to something outside that choice, an unrelated field is saved through
the view exactly as a browser posts the form, and the link must still be there
(tsunagu/lib/relations.py holds the rule)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.directory.test_export import _rich_listing
from tests.liaison.conftest import _ward_records_rows, ward_records  # noqa: F401 (fixtures)
from tests.lib.test_edit_without_version import form_of
from tsunagu.directory.models import Category, Listing
from tsunagu.district_plans.models import DistrictPlan
from tsunagu.hearings.models import HearingRound
from tsunagu.memos.models import Memo
from tsunagu.people.models import Membership, Role

pytestmark = pytest.mark.django_db


def as_posted(fields, **changes) -> dict[str, list[str]]:
    """The form's fields as the browser would post them, with some fields changed."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update({k: v if isinstance(v, list) else [v] for k, v in changes.items()})
    return data


def save_unrelated(client, url: str, **changes):
    response = client.post(url, as_posted(form_of(client, url), **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.fixture
def far_listing(world):
    # A listing of another CP area of the ward: not among a 簑沢 memo's nearby choices.
    return _rich_listing(world, "本牧えんがわ", place=world.d7)


@pytest.mark.parametrize("who", ["minosawa_2so", "naka_1so"])
def test_editing_a_memos_next_step_keeps_every_link(world, as_user, ward_records, far_listing, who):  # noqa: F811
    memo = ward_records.salon
    # The ward office and the ward's council (ward level), the city council (city level), another
    # CP's group and listing, and 磯子区's council, which neither editor can see.
    outside = [world.naka_office, world.naka_council, world.city_council, world.d7_council, world.isogo_council]
    memo.organisations.add(*outside)
    memo.listings.add(far_listing)
    client = as_user(getattr(world, who))
    save_unrelated(client, reverse("memos:edit", args=[memo.pk]), next_step="区役所に報告する")
    memo = Memo.objects.get(pk=memo.pk)
    assert memo.next_step == "区役所に報告する"
    assert set(memo.organisations.all()) == set(outside)
    assert list(memo.listings.all()) == [far_listing]
    assert list(memo.plan_items.all()) == [ward_records.item]


def test_a_memo_offers_the_wards_organisations_and_says_what_it_keeps_unseen(world, as_user, ward_records):  # noqa: F811
    memo = ward_records.salon
    memo.organisations.add(world.isogo_council)
    client = as_user(world.minosawa_2so)
    form = client.get(reverse("memos:create")).context["form"]
    offered = set(form.fields["organisations"].queryset)
    assert {world.naka_office, world.naka_council, world.minosawa_cp, world.d6_council} <= offered
    assert world.d7_council not in offered and world.isogo_council not in offered
    page = client.get(reverse("memos:edit", args=[memo.pk])).content.decode()
    assert "あなたからは見えない団体が1件" in page
    assert "中区役所（中区）" in page  # from outside the area: where it is


def test_unticking_a_link_still_removes_it(world, as_user, ward_records):  # noqa: F811
    memo = ward_records.salon
    memo.organisations.add(world.naka_office)
    client = as_user(world.minosawa_2so)
    url = reverse("memos:edit", args=[memo.pk])
    fields = [(n, v) for n, v in form_of(client, url) if not (n == "organisations" and v == str(world.naka_office.pk))]
    assert client.post(url, as_posted(fields)).status_code == 302
    assert world.naka_office not in Memo.objects.get(pk=memo.pk).organisations.all()


def test_editing_a_district_plan_keeps_its_partner_organisations(world, as_user, ward_records):  # noqa: F811
    plan = ward_records.plan
    # The ward office, and a district council elsewhere in the ward (not around 第6地区).
    plan.partner_organisations.add(world.naka_office, world.d7_council)
    save_unrelated(as_user(world.naka_chiku), reverse("district_plans:edit", args=[plan.pk]), note="次回は12月")
    plan = DistrictPlan.objects.get(pk=plan.pk)
    assert plan.note == "次回は12月"
    assert set(plan.partner_organisations.all()) == {world.naka_office, world.d7_council}


def test_editing_a_listing_keeps_an_organisation_and_a_category_it_does_not_offer(world, as_user):
    listing = _rich_listing(world, "簑沢えんがわカフェ")
    # Run by the city's council (outside a ward coordinator's reach), filed under a pillar itself.
    Listing.objects.filter(pk=listing.pk).update(organisation=world.city_council)
    pillar = Category.objects.filter(parent=None).first()
    listing.categories.add(pillar)
    before = set(listing.categories.all())
    save_unrelated(as_user(world.naka_1so), reverse("directory:edit", args=[listing.pk]), description="説明を直した")
    listing = Listing.objects.get(pk=listing.pk)
    assert listing.description == "説明を直した"
    assert listing.organisation == world.city_council
    assert set(listing.categories.all()) == before and pillar in before


def test_renaming_a_hearing_round_keeps_its_cp_areas(world, as_user, ward_records):  # noqa: F811
    hearing = ward_records.hearing
    save_unrelated(as_user(world.naka_1so), reverse("hearings:round_edit", args=[hearing.pk]), name="上半期ヒアリング（改）")
    hearing = HearingRound.objects.get(pk=hearing.pk)
    assert hearing.name == "上半期ヒアリング（改）"
    assert {s.area for s in hearing.sheets.all()} == {world.minosawa, world.honmoku}


def test_adding_a_membership_again_keeps_its_districts(world, as_user):
    # 中区社協's district officer has 第6地区; the 1層Co adds the same membership with 第7地区.
    client = as_user(world.naka_1so)
    response = client.post(reverse("people:membership_add", args=[world.naka_chiku.pk]), {
        "m-organisation": world.naka_council.pk, "m-role": Role.DISTRICT_OFFICER, "m-districts": [world.d7.pk]})
    assert response.status_code == 302
    membership = Membership.objects.get(user=world.naka_chiku, organisation=world.naka_council,
                                        role=Role.DISTRICT_OFFICER)
    assert set(membership.districts.all()) == {world.d6, world.d7}
