"""個別の許可: one person, one action, one place's subtree, a reason, until a date — on top of their
roles. The first sensitive capability (watch-over) is not built yet, so a test action and page
stand in for it (tests/people/sensitive.py): nobody reaches it by role; a 1層Co may grant it over
their ward; every look is written to 操作の記録."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.people import sensitive
from tsunagu.audit.models import AuditEntry
from tsunagu.memos import access as memos
from tsunagu.memos.models import Memo
from tsunagu.people import policy, services
from tsunagu.people.models import Grant


@pytest.fixture
def sensitive_page(settings, monkeypatch):
    monkeypatch.setitem(policy._DECLARED, sensitive.SENSITIVE.name, sensitive.SENSITIVE)
    settings.ROOT_URLCONF = "tests.people.sensitive"
    return sensitive.SENSITIVE


@pytest.fixture
def memo_in_d6(world):
    return Memo.objects.create(author=world.naka_chiku, author_name="naka-chiku", date=date(2026, 6, 1),
                               place=world.d6, title="見守りの気づき", content="Aさんの様子（試験）")


def look(as_user, user, memo):
    return as_user(user).get(reverse("test_sensitive", args=[memo.pk]))


def looks_at(memo) -> list[str]:
    return list(AuditEntry.objects.filter(action="access.look", target_type="memos.memo", target_id=memo.pk)
                .values_list("actor_name", flat=True))


def test_an_area_coordinator_sees_a_sensitive_record_only_while_granted_and_every_look_is_audited(
        world, as_user, sensitive_page, memo_in_d6):
    # No grant: the record does not exist as far as they can tell.
    assert look(as_user, world.minosawa_2so, memo_in_d6).status_code == 404
    assert looks_at(memo_in_d6) == []

    grant = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                  place=world.d6, reason="第6地区の見守り会議の準備", ends_on=timezone.localdate())
    response = look(as_user, world.minosawa_2so, memo_in_d6)
    assert response.status_code == 200
    assert "Aさんの様子" in response.content.decode()
    assert looks_at(memo_in_d6) == ["minosawa-2so"]
    entry = AuditEntry.objects.get(action="access.look")
    assert entry.place_path == world.d6.path and entry.changes["action"] == "test.sensitive"

    # The grant covers the district's subtree, not the rest of the CP area.
    elsewhere = Memo.objects.create(author=world.minosawa_2so, author_name="x", date=date(2026, 6, 1),
                                    place=world.minosawa, title="CP全体", content="…")
    assert look(as_user, world.minosawa_2so, elsewhere).status_code == 404

    # The day after its last day the grant has ended by itself.
    yesterday = timezone.localdate() - timedelta(days=1)
    Grant.objects.filter(pk=grant.pk).update(starts_on=yesterday - timedelta(days=7), ends_on=yesterday)
    assert look(as_user, world.minosawa_2so, memo_in_d6).status_code == 404
    assert looks_at(memo_in_d6) == ["minosawa-2so"]


def test_a_grant_not_yet_begun_or_revoked_gives_nothing(world, as_user, sensitive_page, memo_in_d6):
    tomorrow = timezone.localdate() + timedelta(days=1)
    grant = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                  place=world.d6, reason="来週から", starts_on=tomorrow, ends_on=tomorrow)
    assert look(as_user, world.minosawa_2so, memo_in_d6).status_code == 404
    Grant.objects.filter(pk=grant.pk).update(starts_on=timezone.localdate())
    assert look(as_user, world.minosawa_2so, memo_in_d6).status_code == 200
    services.grant_revoke(granter=world.naka_1so, grant=grant)
    assert look(as_user, world.minosawa_2so, memo_in_d6).status_code == 404


def test_a_grant_for_one_action_opens_no_other(world, sensitive_page):
    services.grant_create(granter=world.naka_1so, user=world.naka_cm, action=sensitive_page.name,
                          place=world.d6, reason="試験", ends_on=timezone.localdate())
    user = type(world.naka_cm).objects.get(pk=world.naka_cm.pk)
    assert policy.prefixes(user, sensitive_page) == [world.d6.path]
    assert policy.prefixes(user, memos.VIEW) == []


def test_a_persons_memberships_and_grants_are_read_once_however_many_actions_and_grants(
        world, sensitive_page, monkeypatch, django_assert_num_queries):
    other = policy.Action("test.other", "（試験用）別の操作", roles={}, grantable_by={"city_admin": policy.CITY})
    monkeypatch.setitem(policy._DECLARED, other.name, other)
    for action, where in [(sensitive_page, world.d6), (sensitive_page, world.d7), (other, world.isogo)]:
        services.grant_create(granter=world.admin, user=world.naka_cm, action=action.name, place=where,
                              reason="試験", ends_on=timezone.localdate())
    user = type(world.naka_cm).objects.get(pk=world.naka_cm.pk)
    # Memberships and grants with their places: two queries, not one more a grant (a care manager's
    # roles reach by no assigned districts, so those are not read)…
    with django_assert_num_queries(2):
        assert sorted(policy.prefixes(user, sensitive_page)) == sorted([world.d6.path, world.d7.path])
    # …and none for the next actions asked in the same request.
    with django_assert_num_queries(0):
        assert policy.prefixes(user, other) == [world.isogo.path]
        assert policy.prefixes(user, memos.VIEW) == []


def test_assigned_districts_are_read_once_and_only_for_a_role_that_reaches_by_them(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def district_reads(user, *actions):
        with CaptureQueriesContext(connection) as seen:
            found = [policy.prefixes(user, action) for action in actions]
        return found, sum("people_membership_districts" in q["sql"] for q in seen.captured_queries)

    chiku = type(world.naka_chiku).objects.get(pk=world.naka_chiku.pk)
    found, reads = district_reads(chiku, memos.VIEW, memos.WRITE)
    assert reads == 1 and found[0] and all(p.startswith(world.naka.path) for p in found[0])
    assert district_reads(chiku, memos.VIEW)[1] == 0  # kept for the rest of the request
    ward_coordinator = type(world.naka_1so).objects.get(pk=world.naka_1so.pk)
    assert district_reads(ward_coordinator, memos.VIEW, memos.WRITE)[1] == 0


def test_a_grant_on_a_switched_off_account_gives_nothing(world, sensitive_page):
    services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                          place=world.d6, reason="試験", ends_on=timezone.localdate())
    type(world.minosawa_2so).objects.filter(pk=world.minosawa_2so.pk).update(is_active=False)
    user = type(world.minosawa_2so).objects.get(pk=world.minosawa_2so.pk)
    assert policy.prefixes(user, sensitive_page) == []


# --- Who may grant ----------------------------------------------------------------------------


@pytest.mark.parametrize("granter, allowed", [
    ("admin", True), ("naka_1so", True), ("isogo_1so", False), ("naka_ward", False), ("naka_chiku", False),
    ("minosawa_2so", False), ("naka_cm", False), ("nobody", False),
])
def test_only_those_the_declaration_names_may_grant_and_only_within_their_scope(world, sensitive_page, granter,
                                                                                allowed):
    def give():
        return services.grant_create(granter=getattr(world, granter), user=world.minosawa_staff,
                                     action=sensitive_page.name, place=world.d6, reason="試験",
                                     ends_on=timezone.localdate())
    if allowed:
        assert give().place == world.d6
    else:
        with pytest.raises(PermissionDenied):
            give()
        assert not Grant.objects.exists()


def test_a_superuser_may_grant_a_grantable_action_anywhere_and_nothing_else(world, sensitive_page):
    root = type(world.admin).objects.create_superuser("root", password="x-very-long-pass-1")
    # No membership at all: being a superuser is what opens it, in either ward.
    assert policy.can_grant(root, sensitive_page, world.kuraki) and policy.can_grant(root, sensitive_page, world.d6)
    # Every action declared grantable (the capabilities' own, projects.read_sensitive, and this test's).
    assert sensitive_page in policy.grantable_actions(root)
    assert policy.grantable_actions(root) == [a for a in policy.declared() if a.grantable]
    assert not policy.can_grant(root, memos.VIEW, world.kuraki)
    grant = services.grant_create(granter=root, user=world.byobugaura_2so, action=sensitive_page.name,
                                  place=world.kuraki, reason="試験", ends_on=timezone.localdate())
    assert policy.prefixes(type(root).objects.get(pk=world.byobugaura_2so.pk), sensitive_page) == [world.kuraki.path]
    assert grant.granted_by == root


def test_an_action_not_declared_grantable_cannot_be_granted(world, sensitive_page):
    with pytest.raises(PermissionDenied):
        services.grant_create(granter=world.admin, user=world.naka_cm, action=memos.VIEW.name, place=world.naka,
                              reason="試験", ends_on=timezone.localdate())
    with pytest.raises(ValueError):
        services.grant_create(granter=world.admin, user=world.naka_cm, action="no.such_action", place=world.naka,
                              reason="試験", ends_on=timezone.localdate())
    assert not Grant.objects.exists()


@pytest.mark.parametrize("reason, ends, message", [
    ("  ", 0, "理由を書いてください"),
    ("試験", -1, "終了日が開始日より前"),
    ("試験", 400, "最長1年"),
])
def test_a_grant_needs_a_reason_and_a_sensible_period(world, sensitive_page, reason, ends, message):
    with pytest.raises(ValidationError) as caught:
        services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                              place=world.d6, reason=reason, ends_on=timezone.localdate() + timedelta(days=ends))
    assert message in " ".join(caught.value.messages)
    assert not Grant.objects.exists()


def test_granting_and_revoking_are_in_the_audit_with_the_reason(world, sensitive_page):
    grant = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                  place=world.d6, reason="見守り会議", ends_on=timezone.localdate())
    services.grant_revoke(granter=world.admin, grant=grant)
    entries = list(AuditEntry.objects.about(world.minosawa_2so).order_by("pk"))
    assert [(e.action, e.actor_name) for e in entries] == [("grant.create", "naka-1so"), ("grant.revoke", "admin")]
    assert "見守り会議" in entries[0].changes["grant"][1]
    assert entries[1].changes["grant"][1] is None


def test_a_1so_of_another_ward_cannot_revoke(world, sensitive_page):
    grant = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                  place=world.d6, reason="試験", ends_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.grant_revoke(granter=world.isogo_1so, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at is None


# --- The person's page --------------------------------------------------------------------------


def test_the_persons_page_lists_grants_with_their_state_and_offers_the_form(world, as_user, sensitive_page):
    today = timezone.localdate()
    services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                          place=world.d6, reason="いまの許可", ends_on=today)
    old = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                place=world.d7, reason="昔の許可", ends_on=today)
    Grant.objects.filter(pk=old.pk).update(starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1))
    page = as_user(world.naka_1so).get(reverse("people:person_detail", args=[world.minosawa_2so.pk])).content.decode()
    assert "いまの許可" in page and "昔の許可" in page and "期限切れ" in page and "有効" in page
    assert page.count("取り消す") == 1
    assert "（試験用）保護された記録を見る" in page and reverse("people:grant_add", args=[world.minosawa_2so.pk]) in page


def test_a_grant_is_given_and_revoked_through_the_screens(world, as_user, sensitive_page):
    client = as_user(world.naka_1so)
    url = reverse("people:grant_add", args=[world.minosawa_2so.pk])
    ends = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(url, {"g-action": sensitive_page.name, "g-place": world.d6.pk, "g-reason": "会議の準備",
                                 "g-ends_on": ends})
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.user, grant.place, grant.granted_by) == (world.minosawa_2so, world.d6, world.naka_1so)
    response = client.post(reverse("people:grant_revoke", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == world.naka_1so


def test_a_refused_grant_says_why_in_japanese_and_writes_nothing(world, as_user, sensitive_page):
    client = as_user(world.naka_1so)
    response = client.post(reverse("people:grant_add", args=[world.minosawa_2so.pk]),
                           {"g-action": sensitive_page.name, "g-place": world.d6.pk, "g-reason": "",
                            "g-ends_on": timezone.localdate().isoformat()}, follow=True)
    assert "個別の許可を付与できませんでした" in response.content.decode()
    assert not Grant.objects.exists()


@pytest.mark.parametrize("role", ["naka_ward", "naka_chiku", "minosawa_2so", "naka_cm", "isogo_1so", "nobody"])
def test_grant_screens_answer_404_to_those_who_do_not_manage_the_person(world, as_user, sensitive_page, role):
    grant = services.grant_create(granter=world.naka_1so, user=world.minosawa_2so, action=sensitive_page.name,
                                  place=world.d6, reason="試験", ends_on=timezone.localdate())
    client = as_user(getattr(world, role))
    add = client.post(reverse("people:grant_add", args=[world.minosawa_2so.pk]),
                      {"g-action": sensitive_page.name, "g-place": world.d6.pk, "g-reason": "乗っ取り",
                       "g-ends_on": timezone.localdate().isoformat()})
    revoke = client.post(reverse("people:grant_revoke", args=[grant.pk]))
    assert (add.status_code, revoke.status_code) == (404, 404)
    assert Grant.objects.count() == 1 and Grant.objects.get().revoked_at is None
