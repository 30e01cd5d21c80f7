"""区の一覧 reads its records in a fixed number of queries, whoever asks and however many events,
participants, head counts and projects the ward holds; and the shortcut that leaves out the reader's
visibility filter where their reach covers the ward (policy.covers, the QuerySets' visible_under)
gives the same rows as the filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.events.minutes_factory import make_event
from tsunagu.events.models import Attendance, Event, HeadCount, Participant
from tsunagu.projects import services as project_services
from tsunagu.projects.models import Project

TODAY = timezone.localdate()


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def _more(world, n):
    for k, place in enumerate([world.naka, world.minosawa, world.honmoku, world.d6, world.d7]):
        event = make_event(place, f"催し{n}-{k}", kind_name="研修", day=TODAY - timedelta(days=n + k + 1))
        Participant.objects.create(event=event, organisation=world.minosawa_cp, attendance=Attendance.ATTENDED)
        Participant.objects.create(event=event, account=world.minosawa_2so, attendance=Attendance.ATTENDED)
        HeadCount.objects.create(event=event, label=f"区分{k}", number=k + 1)
        make_event(place, f"これからの催し{n}-{k}", kind_name="説明会", day=TODAY + timedelta(days=n + k + 1))
        project = project_services.project_create(user=world.naka_1so, title=f"プロジェクト{n}-{k}", place=place)
        project_services.milestone_save(user=world.naka_1so, project=project, title="説明会",
                                        planned_on=TODAY + timedelta(days=k))


# The records (memos, sheets, news, 催し, people, projects, grants, listings, partners) and the
# page's own (the session, the account, its memberships, the wards, the menu): 33 a page before
# the activity's counts were folded (bench/together.py), 34 for a 2層Co, whose ward is looked up once;
# then 30 / 31, and since the session is written once a minute, the assigned districts are read only
# for a role that reaches by them, the ward's four lists are one query (ward_lists) and the menu takes the
# wards the view read, 23 / 24.
MOST = {"naka_1so": 23, "minosawa_2so": 24}


@pytest.mark.parametrize("who", list(MOST))
def test_the_ward_view_takes_a_fixed_number_of_queries_however_many_records(world, as_user, who):
    client = as_user(getattr(world, who))
    url = reverse("liaison:ward", args=[world.naka.pk])
    _more(world, 0)
    client.get(url)  # caches warmed (the menu, the places)
    few = {p: _queries(client, url, {"period": p}) for p in ("year", "since")}
    for n in range(1, 4):
        _more(world, n)
    many = {p: _queries(client, url, {"period": p}) for p in ("year", "since")}
    assert many == few
    assert max(few.values()) <= MOST[who], few


def _same(a, b):
    return sorted(a.values_list("pk", flat=True)) == sorted(b.values_list("pk", flat=True))


def test_visible_under_gives_the_rows_of_visible_to_under_for_every_reader(world):
    _more(world, 0)
    make_event(world.isogo, "磯子区の催し", kind_name="研修", day=TODAY)
    # 簑沢's 2層Co is invited to one of 本牧's own events: visible to them through the invitation.
    invited = make_event(world.honmoku, "本牧の交流会", kind_name="交流会", day=TODAY)
    Participant.objects.create(event=invited, account=world.minosawa_2so)
    project_services.project_create(user=world.isogo_1so, title="磯子のプロジェクト", place=world.isogo)
    readers = [world.admin, world.naka_1so, world.naka_ward, world.naka_chiku, world.minosawa_2so,
               world.minosawa_staff, world.naka_cm, world.isogo_1so, world.byobugaura_2so, world.nobody]
    for user in readers:
        for place in (world.naka, world.minosawa, world.honmoku, world.isogo):
            assert _same(Event.objects.visible_under(user, place), Event.objects.visible_to(user).under(place)), (
                user, place)
            assert _same(Project.objects.visible_under(user, place), Project.objects.visible_to(user).under(place)), (
                user, place)
    assert Event.objects.visible_under(world.minosawa_2so, world.naka).filter(pk=invited.pk).exists()


def test_the_records_visible_under_a_place_are_those_the_reader_sees_there(world, ward_records):
    from django.db.models import Q

    from tsunagu.district_plans.models import DistrictPlan
    from tsunagu.hearings.models import HearingSheet
    from tsunagu.memos.models import Memo
    from tsunagu.sheets.models import Sheet

    assert Memo.objects.exists() and Sheet.objects.exists() and DistrictPlan.objects.exists()
    assert HearingSheet.objects.exists()
    readers = [world.admin, world.naka_1so, world.naka_ward, world.naka_chiku, world.minosawa_2so,
               world.minosawa_staff, world.naka_cm, world.isogo_1so, world.byobugaura_2so, world.nobody]
    for user in readers:
        for place in (world.naka, world.minosawa, world.honmoku, world.d6, world.isogo):
            under = place.path
            cases = {
                "memos": (Memo.objects.visible_under(user, place),
                          Memo.objects.visible_to(user).filter(place__path__startswith=under)),
                "sheets": (Sheet.objects.visible_under(user, place), Sheet.objects.visible_to(user).under(place)),
                "plans": (DistrictPlan.objects.visible_under(user, place), DistrictPlan.objects.visible_to(user).filter(
                    Q(district__path__startswith=under) | Q(partner_area__path__startswith=under))),
                "hearings": (HearingSheet.objects.visible_under(user, place),
                             HearingSheet.objects.visible_to(user).filter(area__path__startswith=under)),
            }
            for name, (shortcut, filtered) in cases.items():
                assert _same(shortcut, filtered), (name, user, place)
    # The shortcut is taken where the reach covers the place: the plainer query has no reach filter.
    covered = Sheet.objects.visible_under(world.naka_1so, world.naka)
    assert str(covered.query).count("LIKE") < str(Sheet.objects.visible_to(world.naka_1so).under(world.naka).query).count("LIKE")


def test_the_wards_lists_read_in_one_query_are_each_lists_own(world, django_assert_num_queries):
    from tsunagu.events.models import EventKind
    from tsunagu.liaison.ward_lists import LISTS, ward_lists
    from tsunagu.memos.models import MemoKind

    MemoKind.objects.create(ward=world.naka, name="中区の種類", order=0)
    EventKind.objects.create(ward=world.isogo, name="磯子区の種類", order=1)
    first_default = EventKind.objects.filter(ward__isnull=True).order_by("pk").first()
    EventKind.objects.filter(pk=first_default.pk).update(active=False)
    with django_assert_num_queries(1):
        found = ward_lists(world.naka)
    for model in LISTS:
        expected = list(model.objects.for_ward(world.naka))
        assert [(e.pk, e.label, e.order, e.active, type(e)) for e in found[model]] == [
            (e.pk, e.label, e.order, e.active, type(e)) for e in expected], model
    assert "中区の種類" in [e.label for e in found[MemoKind]]
    assert "磯子区の種類" not in [e.label for e in found[EventKind]]
    assert any(not e.active for e in found[EventKind])


def test_the_menu_takes_the_wards_the_ward_view_read(world, as_user):
    client = as_user(world.naka_1so)
    url = reverse("liaison:ward", args=[world.naka.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    wards_read = [q["sql"] for q in ctx.captured_queries if "'ward'" in q["sql"] and "places_place" in q["sql"]]
    assert len(wards_read) == 1, wards_read
    menu = {item["label"]: item["url"] for item in response.context["nav"]}
    assert menu["区の一覧"] == url  # one ward: straight to it, as on every other page
    home_menu = {item["label"]: item["url"] for item in client.get(reverse("home")).context["nav"]}
    assert home_menu["区の一覧"] == url


def test_listings_and_their_grants_and_changes_visible_under_a_place_are_those_the_reader_sees(world):
    from tests.directory.conftest import make_listings
    from tsunagu.directory.models import Listing, Status, StatusChange, Subsidy

    listings = make_listings(world)
    for listing in vars(listings).values():
        Subsidy.objects.create(listing=listing, name="みんなの助成金", application_deadline=TODAY)
        StatusChange.objects.create(listing=listing, status=Status.PAUSED, previous=Status.ACTIVE, date=TODAY)
    readers = [world.admin, world.naka_1so, world.naka_ward, world.naka_chiku, world.minosawa_2so,
               world.minosawa_staff, world.naka_cm, world.isogo_1so, world.byobugaura_2so, world.nobody]
    for user in readers:
        for place in (world.naka, world.minosawa, world.d6, world.isogo):
            under = place.path
            assert _same(Listing.objects.visible_under(user, place),
                         Listing.objects.visible_to(user).filter(place__path__startswith=under)), (user, place)
            assert _same(Subsidy.objects.visible_under(user, place),
                         Subsidy.objects.visible_to(user).filter(listing__place__path__startswith=under)), (user, place)
            assert _same(StatusChange.objects.filter(listing__in=Listing.objects.visible_under(user, place)),
                         StatusChange.objects.filter(listing__in=Listing.objects.visible_to(user),
                                                     listing__place__path__startswith=under)), (user, place)
    # A 1層Co edits every listing of the ward, drafts included: the plainer query is taken.
    assert Listing.objects.visible_under(world.naka_1so, world.naka).filter(pk=listings.draft.pk).exists()
    assert not Listing.objects.visible_under(world.naka_cm, world.naka).filter(pk=listings.draft.pk).exists()


def test_partners_visible_in_a_ward_are_those_the_reader_sees(world):
    from tsunagu.partners.models import Partner

    for ward in (world.naka, world.isogo):
        Partner.objects.create(organisation=world.minosawa_cp, place=ward, status_since=TODAY)
    readers = [world.admin, world.naka_1so, world.naka_ward, world.minosawa_2so, world.naka_cm, world.isogo_1so,
               world.nobody]
    for user in readers:
        for ward in (world.naka, world.isogo):
            assert _same(Partner.objects.visible_in_ward(user, ward), Partner.objects.visible_to(user).in_ward(ward)), (
                user, ward)
    assert Partner.objects.visible_in_ward(world.naka_1so, world.naka).exists()
