"""助成金 and 状態の記録 of a listing (issue 13 item 5, 港北: grants and a continuity fund kept two
居場所 alive through COVID; paused, then resumed online). Who reaches each page over the role
matrix, the deadlines on the owner's to-do list, and the status history kept in step with the
listing's own status and counted per place."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.directory.conftest import make_listing
from tests.records_access import ROLES, assert_sent_to_log_in, route_names
from tsunagu.audit.models import AuditEntry
from tsunagu.directory import services
from tsunagu.directory.models import Listing, Status, StatusChange, Subsidy
from tsunagu.lib import todo

# The listing is filed at 簑沢's CP area: those who edit there write its grants and its status.
WRITE = {"admin", "naka_1so", "minosawa_2so", "minosawa_staff"}
SEE_SUBSIDIES = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
TODAY = timezone.localdate()


@pytest.fixture
def yuzu(world):
    listing = make_listing(world.minosawa, "ゆずの樹", kana="ゆずのき")
    # Its first version through the services (the history starts from what it was).
    services.listing_update(user=world.minosawa_2so, listing=listing, seen_version=None,
                            fields={"description": "空き家を活用した常設の居場所"})
    assert listing.status_changes.count() == 1
    return listing


@pytest.fixture
def fund(world, yuzu):
    return services.subsidy_save(user=world.minosawa_2so, listing=yuzu, fields={
        "name": "みんなの助成金 コロナ特例 居場所継続支援金", "funder": "港北区社会福祉協議会", "amount": 300000,
        "period_start": date(2021, 4, 1), "period_end": date(2022, 3, 31),
        "application_deadline": TODAY + timedelta(days=10), "report_deadline": TODAY + timedelta(days=200),
        "state": Subsidy.State.PLANNED})


@pytest.fixture
def step(world, yuzu):
    return services.status_change_add(user=world.minosawa_2so, listing=yuzu, status=Status.PAUSED,
                                      date=date(2020, 4, 7), reason="緊急事態宣言で休止")


ROUTES = {
    "directory:subsidy_create": lambda t: {"pk": t["listing"].pk},
    "directory:subsidy_edit": lambda t: {"pk": t["listing"].pk, "subsidy_pk": t["fund"].pk},
    "directory:subsidy_delete": lambda t: {"pk": t["listing"].pk, "subsidy_pk": t["fund"].pk},
    "directory:status_add": lambda t: {"pk": t["listing"].pk},
    "directory:status_delete": lambda t: {"pk": t["listing"].pk, "change_pk": t["step"].pk},
}


@pytest.fixture
def things(yuzu, fund, step):
    return {"listing": yuzu, "fund": fund, "step": step}


def test_every_new_route_is_in_the_matrix():
    names = {f"directory:{n}" for n in route_names("directory") if n.startswith(("subsidy", "status"))}
    assert names == set(ROUTES)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_the_page_or_gets_404(world, as_user, things, route, role):
    response = as_user(getattr(world, role)).get(reverse(route, kwargs=ROUTES[route](things)))
    assert response.status_code == (200 if role in WRITE else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, things, route):
    assert_sent_to_log_in(client.get(reverse(route, kwargs=ROUTES[route](things))))


@pytest.mark.parametrize("role", ROLES)
def test_grants_show_on_the_listing_page_to_staff_who_read_records(world, as_user, things, role):
    response = as_user(getattr(world, role)).get(reverse("directory:detail", args=[things["listing"].pk]))
    if response.status_code == 404:
        # The district officer reads listings in their district only (directory.view ASSIGNED).
        assert role in {"naka_chiku", "isogo_1so", "byobugaura_2so", "nobody"}
        return
    page = response.content.decode()
    assert ("居場所継続支援金" in page) == (role in SEE_SUBSIDIES)
    assert "緊急事態宣言で休止" in page  # the status history is for everyone who sees the listing
    assert (reverse("directory:subsidy_create", args=[things["listing"].pk]) in page) == (role in WRITE)


def test_a_grant_is_written_from_a_phone_form_and_audited(world, as_user, yuzu):
    url = reverse("directory:subsidy_create", args=[yuzu.pk])
    response = as_user(world.naka_1so).post(url, {
        "name": "オンライン導入サポートモデル事業", "funder": "港北区社協", "state": "granted", "amount": "50000",
        "period_start": "2020-10-01", "period_end": "2021-03-31", "report_deadline": "2021-04-30"})
    assert response.status_code == 302
    subsidy = yuzu.subsidies.get()
    assert subsidy.amount == 50000 and subsidy.amount_text == "50,000円"
    assert AuditEntry.objects.filter(action="subsidy.create", target_id=subsidy.pk, place=world.minosawa).exists()


def test_a_grant_form_says_what_is_wrong_in_japanese(world, as_user, yuzu):
    response = as_user(world.naka_1so).post(reverse("directory:subsidy_create", args=[yuzu.pk]), {
        "name": "", "state": "planned", "period_start": "2021-04-01", "period_end": "2021-03-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "このフィールドは必須です" in page or "入力してください" in page
    assert not yuzu.subsidies.exists()


def test_a_stale_grant_form_is_refused_not_overwritten(world, as_user, fund, yuzu):
    url = reverse("directory:subsidy_edit", args=[yuzu.pk, fund.pk])
    data = {"name": fund.name, "state": "applied", "version": fund.version}
    assert as_user(world.minosawa_2so).post(url, data).status_code == 302
    response = as_user(world.naka_1so).post(url, {**data, "state": "declined"})
    assert "ほかの人がこの記録を保存しました" in response.content.decode() or "他の人がこの記録を保存しました" in response.content.decode()
    fund.refresh_from_db()
    assert fund.state == Subsidy.State.APPLIED


def test_deleting_a_grant_asks_first(world, as_user, fund, yuzu):
    url = reverse("directory:subsidy_delete", args=[yuzu.pk, fund.pk])
    assert "削除しますか" in as_user(world.minosawa_2so).get(url).content.decode()
    assert Subsidy.objects.filter(pk=fund.pk).exists()
    as_user(world.minosawa_2so).post(url)
    assert not Subsidy.objects.filter(pk=fund.pk).exists()
    assert AuditEntry.objects.filter(action="subsidy.delete", target_id=fund.pk).exists()


# --- Deadlines on "my to-do" ----------------------------------------------------------------------------


def _keys(user, until=TODAY + timedelta(days=30)):
    return [t.key for t in todo.items_for(user, until) if t.key.startswith("directory.subsidy")]


def test_an_application_deadline_is_on_the_lists_of_those_who_edit_the_listing(world, fund):
    key = f"directory.subsidy:{fund.pk}:apply"
    for user in (world.minosawa_2so, world.naka_1so, world.minosawa_staff):
        assert _keys(user) == [key]
    # Not the city's administrators (all the city's deadlines would bury the rest), nor readers,
    # nor another ward.
    for user in (world.admin, world.naka_ward, world.naka_cm, world.isogo_1so, world.byobugaura_2so, world.nobody):
        assert _keys(user) == []
    item = next(t for t in todo.items_for(world.minosawa_2so, TODAY + timedelta(days=30)) if t.key == key)
    assert item.due == fund.application_deadline and item.context == "ゆずの樹" and "申請" in item.title
    assert item.url == reverse("directory:subsidy_edit", args=[fund.listing_id, fund.pk])


def test_a_named_owner_alone_has_the_deadline(world, fund):
    services.subsidy_save(user=world.naka_1so, listing=fund.listing, subsidy=fund, seen_version=fund.version,
                          fields={"responsible": world.minosawa_2so})
    assert _keys(world.minosawa_2so) == [f"directory.subsidy:{fund.pk}:apply"]
    assert _keys(world.naka_1so) == [] and _keys(world.minosawa_staff) == []


def test_the_listings_responsible_person_owns_an_unnamed_grants_deadline(world, fund):
    Listing.objects.filter(pk=fund.listing_id).update(responsible=world.minosawa_staff)
    assert _keys(world.minosawa_staff) == [f"directory.subsidy:{fund.pk}:apply"]
    assert _keys(world.minosawa_2so) == []


def test_the_deadline_leaves_when_applied_and_the_report_comes_when_granted(world, fund):
    assert _keys(world.minosawa_2so, TODAY + timedelta(days=5)) == []  # not yet due by then
    services.subsidy_save(user=world.minosawa_2so, listing=fund.listing, subsidy=fund, seen_version=fund.version,
                          fields={"state": Subsidy.State.APPLIED})
    assert _keys(world.minosawa_2so) == []
    fund.refresh_from_db()
    services.subsidy_save(user=world.minosawa_2so, listing=fund.listing, subsidy=fund, seen_version=fund.version,
                          fields={"state": Subsidy.State.GRANTED})
    assert _keys(world.minosawa_2so) == []  # the report is due in 200 days
    assert _keys(world.minosawa_2so, TODAY + timedelta(days=365)) == [f"directory.subsidy:{fund.pk}:report"]
    fund.refresh_from_db()
    services.subsidy_save(user=world.minosawa_2so, listing=fund.listing, subsidy=fund, seen_version=fund.version,
                          fields={"state": Subsidy.State.REPORTED})
    assert _keys(world.minosawa_2so, TODAY + timedelta(days=365)) == []


def test_an_overdue_deadline_stays_on_the_list(world, fund):
    Subsidy.objects.filter(pk=fund.pk).update(application_deadline=TODAY - timedelta(days=3))
    item = next(t for t in todo.items_for(world.minosawa_2so, TODAY) if t.key.startswith("directory.subsidy"))
    assert item.overdue(TODAY)


# --- 状態の記録 ---------------------------------------------------------------------------------------------


def _steps(listing):
    return [(c.date, c.label, c.reason) for c in listing.status_changes.order_by("date", "pk")]


def test_paused_during_covid_and_resumed_online_is_visible_and_the_listing_follows(world, as_user, yuzu):
    first = yuzu.status_changes.get()
    client = as_user(world.minosawa_2so)
    client.post(reverse("directory:status_add", args=[yuzu.pk]),
                {"status": "paused", "date": "2020-04-07", "reason": "緊急事態宣言で休止"})
    yuzu.refresh_from_db()
    assert yuzu.status == Status.ACTIVE  # a past step does not replace today's status
    client.post(reverse("directory:status_add", args=[yuzu.pk]),
                {"status": "active", "date": "2020-10-01", "reason": "オンラインで再開"})
    assert _steps(yuzu) == [(date(2020, 4, 7), "休止中", "緊急事態宣言で休止"), (date(2020, 10, 1), "再開", "オンラインで再開"),
                            (first.date, "活動中", "")]
    page = client.get(reverse("directory:detail", args=[yuzu.pk])).content.decode()
    assert "緊急事態宣言で休止" in page and "オンラインで再開" in page and "再開" in page
    # Today's step: paused again. The listing's own status (public page, search) follows.
    client.post(reverse("directory:status_add", args=[yuzu.pk]),
                {"status": "paused", "date": TODAY.isoformat(), "reason": "会場の改修"})
    yuzu.refresh_from_db()
    assert (yuzu.status, yuzu.status_reason, yuzu.status_date) == (Status.PAUSED, "会場の改修", TODAY)
    assert yuzu.versions.first().how == "status"
    assert AuditEntry.objects.filter(action="listing_status.add", target_id=yuzu.pk).count() == 3


def test_changing_the_status_on_the_edit_form_writes_the_history(world, yuzu):
    services.listing_update(user=world.naka_1so, listing=yuzu, seen_version=None,
                            fields={"status": Status.PAUSED, "status_reason": "担い手の入院", "status_date": TODAY})
    latest = yuzu.status_changes.first()
    assert (latest.status, latest.reason, latest.date, latest.previous) == (Status.PAUSED, "担い手の入院", TODAY,
                                                                             Status.ACTIVE)
    # Correcting the reason corrects that step; it is not a new one.
    services.listing_update(user=world.naka_1so, listing=yuzu, seen_version=None,
                            fields={"status_reason": "担い手の入院（春に再開予定）"})
    assert yuzu.status_changes.count() == 2 and yuzu.status_changes.first().reason == "担い手の入院（春に再開予定）"
    # A restore of the earlier version is a change of status like any other.
    services.listing_restore(user=world.naka_1so, listing=yuzu, number=1)
    assert yuzu.status_changes.first().is_resumption


def test_deleting_a_step_asks_first_and_the_listing_follows_the_latest(world, as_user, yuzu):
    services.listing_update(user=world.naka_1so, listing=yuzu, seen_version=None,
                            fields={"status": Status.PAUSED, "status_reason": "まちがい", "status_date": TODAY})
    wrong = yuzu.status_changes.first()
    url = reverse("directory:status_delete", args=[yuzu.pk, wrong.pk])
    assert "削除しますか" in as_user(world.minosawa_2so).get(url).content.decode()
    as_user(world.minosawa_2so).post(url)
    yuzu.refresh_from_db()
    assert yuzu.status == Status.ACTIVE and yuzu.status_changes.count() == 1
    # The last step cannot go: the page says why.
    only = yuzu.status_changes.get()
    page = as_user(world.minosawa_2so).post(reverse("directory:status_delete", args=[yuzu.pk, only.pk])).content.decode()
    assert "1件だけのときは削除できません" in page and yuzu.status_changes.count() == 1


def test_paused_and_resumed_are_counted_per_place_in_a_period(world):
    minosawa_listings = [make_listing(world.minosawa, f"居場所{i}") for i in range(3)]
    honmoku_listing = make_listing(world.honmoku, "本牧の居場所")
    for listing in [*minosawa_listings, honmoku_listing]:
        services.status_history_fill([listing.pk])
    for listing in minosawa_listings[:2] + [honmoku_listing]:
        services.status_change_add(user=world.naka_1so, listing=listing, status=Status.PAUSED, date=date(2020, 4, 7))
    services.status_change_add(user=world.naka_1so, listing=minosawa_listings[0], status=Status.ACTIVE,
                               date=date(2020, 10, 1), reason="オンラインで再開")
    services.status_change_add(user=world.naka_1so, listing=honmoku_listing, status=Status.ACTIVE,
                               date=date(2021, 6, 1))
    fy2020 = (date(2020, 4, 1), date(2021, 3, 31))
    counts = StatusChange.objects.counts_by_place([world.minosawa, world.honmoku, world.naka], *fy2020)
    assert counts[world.minosawa.pk] == {"paused": 2, "resumed": 1}
    assert counts[world.honmoku.pk] == {"paused": 1, "resumed": 0}
    assert counts[world.naka.pk] == {"paused": 3, "resumed": 1}
    fy2021 = (date(2021, 4, 1), date(2022, 3, 31))
    assert StatusChange.objects.counts_by_place([world.naka], *fy2021)[world.naka.pk] == {"paused": 0, "resumed": 1}
    # Another ward's staff count nothing of 中区.
    isogo_view = StatusChange.objects.visible_to(world.isogo_1so).counts_by_place([world.naka], *fy2020)
    assert isogo_view[world.naka.pk] == {"paused": 0, "resumed": 0}


def test_the_home_page_counts_this_years_pauses_and_resumptions(world, as_user, yuzu):
    services.listing_update(user=world.naka_1so, listing=yuzu, seen_version=None,
                            fields={"status": Status.PAUSED, "status_reason": "感染拡大", "status_date": TODAY})
    page = as_user(world.minosawa_2so).get(reverse("home")).content.decode()
    assert "今年度の休止：1件・再開：0件" in page


def test_the_kohoku_demo_tells_the_covid_story_and_leaves_a_deadline_ahead(world):
    from tests.conftest import place
    from tsunagu.demo.listings import kohoku_history
    from tsunagu.places.models import Kind

    kohoku = place(Kind.WARD, "14109", "港北区", world.city)
    yuzu = make_listing(kohoku, "みんなの居場所 ゆずの樹", status_date=date(2021, 10, 1),
                        status_reason="令和3年10月に再開しました")
    kohoku_history()
    assert [c.label for c in yuzu.status_changes.order_by("date")] == ["活動中", "休止中", "再開", "休止中", "再開"]
    counts = StatusChange.objects.counts_by_place([kohoku], date(2020, 4, 1), date(2022, 3, 31))[kohoku.pk]
    assert counts == {"paused": 1, "resumed": 1}  # one listing paused (twice) and resumed (twice)
    assert yuzu.subsidies.filter(name__contains="居場所継続支援金").count() == 2
    ahead = yuzu.subsidies.get(state=Subsidy.State.PLANNED)
    assert ahead.application_deadline > TODAY


def test_only_someone_who_may_edit_the_listing_can_be_named_owner(world, as_user, yuzu):
    url = reverse("directory:subsidy_create", args=[yuzu.pk])
    response = as_user(world.naka_1so).post(url, {"name": "助成", "state": "planned", "responsible": world.naka_ward.pk})
    assert "締切を受け取れません" in response.content.decode() and not yuzu.subsidies.exists()
    as_user(world.naka_1so).post(url, {"name": "助成", "state": "planned", "responsible": world.minosawa_2so.pk})
    assert yuzu.subsidies.get().responsible == world.minosawa_2so
