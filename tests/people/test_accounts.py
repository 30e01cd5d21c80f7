"""Accounts through the real screens: logging in, the lockout after five wrong passwords,
unlocking, temporary passwords that must be changed, the password rules, creating and
switching off accounts, and the session settings for shared office PCs.

Logins go through a POST to the login page (not client.login), because django-axes counts
failures from the request."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tsunagu.people.models import Membership, Role, User

WRONG = "wrong-password-xyz-1"
LOCKED_TEXT = "ログインを一時停止しました"
INVALID_LOGIN_TEXT = "ログインIDまたはパスワードが違います"
TEMPORARY = "kari-pasuwado-2026"
OWN_NEW = "watashi-no-pasuwado-77"




def login(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def logged_in_as(client: Client, user: User) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


def lock(username: str) -> None:
    """Five wrong passwords from a browser of their own."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, WRONG)


def manager_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# --- Logging in --------------------------------------------------------------------------


def test_right_password_logs_in_and_opens_home(world, client):
    response = login(client, "naka-1so")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_as(client, world.naka_1so)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "中区社会福祉協議会" in text(home)


def test_login_page_is_japanese(world, client):
    page = text(client.get(reverse("login")))
    assert "職員ログイン" in page
    assert "ログインID" in page
    assert "パスワード" in page
    assert '<html lang="ja">' in page


def test_wrong_password_is_refused_in_japanese(world, client):
    response = login(client, "naka-1so", WRONG)
    assert response.status_code == 200
    assert INVALID_LOGIN_TEXT in text(response)
    assert "続けて間違えると" in text(response)
    assert not logged_in_as(client, world.naka_1so)


def test_unknown_login_id_gets_the_same_answer_as_a_wrong_password(world, client):
    response = login(client, "no-such-person", WRONG)
    assert response.status_code == 200
    assert INVALID_LOGIN_TEXT in text(response)


def test_login_does_not_redirect_to_another_site(world, client):
    response = login(client, "naka-1so", next="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_follows_a_local_next(world, client):
    response = login(client, "naka-1so", next=reverse("people:person_list"))
    assert response["Location"] == reverse("people:person_list")


def test_logout_ends_the_session(world, client):
    login(client, "naka-1so")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not logged_in_as(client, world.naka_1so)
    assert client.get(reverse("home")).status_code == 302


# --- Lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account(world, client):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = login(client, "naka-chiku", WRONG)
        assert response.status_code == 200, attempt
        assert INVALID_LOGIN_TEXT in text(response)
    fifth = login(client, "naka-chiku", WRONG)
    assert fifth.status_code == 429
    assert LOCKED_TEXT in text(fifth)
    assert "管理者にロックの解除を依頼" in text(fifth)
    assert AccessAttempt.objects.filter(username="naka-chiku").exists()


def test_locked_account_is_refused_even_with_the_right_password(world, client):
    lock("naka-chiku")
    response = login(client, "naka-chiku", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_TEXT in text(response)
    assert not logged_in_as(client, world.naka_chiku)
    # Nor from a fresh browser: the lock is on the account, not the browser.
    other = Client()
    assert login(other, "naka-chiku", PASSWORD).status_code == 429
    assert not logged_in_as(other, world.naka_chiku)
    assert other.get(reverse("home")).status_code == 302


def test_lockout_template_is_the_project_one():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_TEMPLATE == "registration/locked_out.html"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_locked_account_does_not_lock_another(world, client):
    lock("naka-chiku")
    # Same address (the test client's 127.0.0.1), different account: a ward office behind one
    # NAT address must not be shut out by one person's mistakes.
    response = login(client, "minosawa-2so", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client, world.minosawa_2so)


def test_a_right_password_before_the_limit_starts_the_count_again(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "naka-chiku", WRONG)
    assert login(client, "naka-chiku", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "naka-chiku", WRONG).status_code == 200
    assert login(client, "naka-chiku", PASSWORD).status_code == 302


def test_person_page_shows_the_lock(world):
    lock("naka-chiku")
    admin = manager_client(world.admin)
    page = text(admin.get(reverse("people:person_detail", args=[world.naka_chiku.pk])))
    assert "ログインがロックされています" in page
    assert "ロックを解除" in page


@pytest.mark.parametrize("manager", ["admin", "naka_1so"])
def test_unlocking_lets_them_log_in_again(world, client, manager):
    lock("naka-chiku")
    admin = manager_client(getattr(world, manager))
    response = admin.post(reverse("people:person_unlock", args=[world.naka_chiku.pk]), follow=True)
    assert response.status_code == 200
    assert "ログインのロックを解除しました。" in text(response)
    assert "ログインがロックされています" not in text(response)
    assert not AccessAttempt.objects.filter(username="naka-chiku").exists()
    assert login(client, "naka-chiku", PASSWORD).status_code == 302
    assert logged_in_as(client, world.naka_chiku)


def test_outsider_cannot_unlock(world, client):
    lock("naka-chiku")
    outsider = manager_client(world.isogo_1so)
    assert outsider.post(reverse("people:person_unlock", args=[world.naka_chiku.pk])).status_code == 404
    assert AccessAttempt.objects.filter(username="naka-chiku").exists()
    assert login(client, "naka-chiku", PASSWORD).status_code == 429


@pytest.mark.parametrize("who", ["minosawa_2so", "naka_ward", "naka_chiku", "nobody"])
def test_people_without_manage_rights_cannot_unlock(world, who):
    lock("minosawa-staff")
    response = manager_client(getattr(world, who)).post(
        reverse("people:person_unlock", args=[world.minosawa_staff.pk])
    )
    assert response.status_code == 404
    assert AccessAttempt.objects.filter(username="minosawa-staff").exists()


def test_unlock_is_post_only(world):
    lock("naka-chiku")
    admin = manager_client(world.admin)
    assert admin.get(reverse("people:person_unlock", args=[world.naka_chiku.pk])).status_code == 405
    assert AccessAttempt.objects.filter(username="naka-chiku").exists()


# --- Temporary passwords -------------------------------------------------------------------


def set_temporary(manager: User, person: User, password: str = TEMPORARY):
    return manager_client(manager).post(
        reverse("people:person_password", args=[person.pk]), {"password": password}, follow=True
    )


def test_temporary_password_forces_a_change(world, client):
    response = set_temporary(world.admin, world.naka_chiku)
    assert "仮パスワードを設定しました。" in text(response)
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.must_change_password
    assert world.naka_chiku.check_password(TEMPORARY)
    assert not world.naka_chiku.check_password(PASSWORD)

    assert login(client, "naka-chiku", PASSWORD).status_code == 200  # the old one is gone
    assert login(client, "naka-chiku", TEMPORARY).status_code == 302
    change = reverse("password_change")
    for url in [
        reverse("home"),
        reverse("places:list"),
        reverse("people:organisation_list"),
        reverse("people:organisation_detail", args=[world.d6_council.pk]),
        reverse("places:detail", args=[world.d6.pk]),
        reverse("about"),
        "/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == change, url
    # Nor can they write anything before choosing a password.
    response = client.post(reverse("people:organisation_edit", args=[world.d6_council.pk]), {"name": "x"})
    assert response["Location"] == change

    page = client.get(change)
    assert page.status_code == 200
    assert "仮パスワードでログインしています。ご自分のパスワードを決めてください。" in text(page)

    response = client.post(
        change, {"old_password": TEMPORARY, "new_password1": OWN_NEW, "new_password2": OWN_NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.must_change_password is False
    assert world.naka_chiku.check_password(OWN_NEW)
    # Still logged in (the session hash was updated) and free to work.
    assert client.get(reverse("home")).status_code == 200
    assert "パスワードを変更しました" in text(client.get(reverse("password_change_done")))

    client.post(reverse("logout"))
    assert login(client, "naka-chiku", OWN_NEW).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_temporary_password_holder_may_log_out(world, client):
    set_temporary(world.admin, world.naka_chiku)
    login(client, "naka-chiku", TEMPORARY)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not logged_in_as(client, world.naka_chiku)


def test_changing_to_a_weak_password_keeps_the_temporary_state(world, client):
    set_temporary(world.admin, world.naka_chiku)
    login(client, "naka-chiku", TEMPORARY)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEMPORARY, "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    assert response.status_code == 200
    assert "このパスワードは一般的すぎます。" in text(response)
    assert "このパスワードは数字しか使われていません。" in text(response)
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.must_change_password
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_wrong_old_password_is_refused_in_japanese(world, client):
    login(client, "naka-chiku")
    response = client.post(
        reverse("password_change"), {"old_password": WRONG, "new_password1": OWN_NEW, "new_password2": OWN_NEW}
    )
    assert response.status_code == 200
    assert "元のパスワードが間違っています。" in text(response)
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.check_password(PASSWORD)


def test_a_temporary_password_also_unlocks(world, client):
    lock("naka-chiku")
    set_temporary(world.naka_1so, world.naka_chiku)
    assert login(client, "naka-chiku", TEMPORARY).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_a_ward_coordinator_sets_temporary_passwords_in_the_ward(world):
    response = set_temporary(world.naka_1so, world.minosawa_staff)
    assert "仮パスワードを設定しました。" in text(response)
    world.minosawa_staff.refresh_from_db()
    assert world.minosawa_staff.must_change_password


def test_person_page_shows_a_temporary_password(world):
    set_temporary(world.admin, world.naka_chiku)
    page = text(manager_client(world.admin).get(reverse("people:person_detail", args=[world.naka_chiku.pk])))
    assert "（仮パスワード）" in page


# --- Password rules --------------------------------------------------------------------------

WEAK = [
    pytest.param("abc-12", "このパスワードは短すぎます。最低 10 文字以上必要です。", id="short"),
    pytest.param("qwertyuiop", "このパスワードは一般的すぎます。", id="common"),
    pytest.param("password12", "このパスワードは一般的すぎます。", id="common-with-digits"),
    pytest.param("4820193756", "このパスワードは数字しか使われていません。", id="numeric"),
    pytest.param("naka-chiku-1", "このパスワードは ユーザー名 と似すぎています。", id="like-login-id"),
]


@pytest.mark.parametrize("password, message", WEAK)
def test_temporary_password_must_follow_the_rules(world, password, message):
    response = set_temporary(world.admin, world.naka_chiku, password)
    assert message in text(response)
    assert "仮パスワードを設定しました。" not in text(response)
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.check_password(PASSWORD)
    assert not world.naka_chiku.must_change_password


@pytest.mark.parametrize("password, message", WEAK)
def test_own_password_must_follow_the_rules(world, client, password, message):
    login(client, "naka-chiku")
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert message in text(response)
    world.naka_chiku.refresh_from_db()
    assert world.naka_chiku.check_password(PASSWORD)


def test_password_rules_in_settings():
    names = {v["NAME"].rsplit(".", 1)[1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names.keys() >= {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator",
                            "UserAttributeSimilarityValidator"}
    assert names["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10
    assert settings.LANGUAGE_CODE == "ja"


# --- Creating accounts -----------------------------------------------------------------------


def create_data(world, **overrides):
    data = {
        "username": "minosawa-new",
        "display_name": "新田 花子",
        "display_name_kana": "にった はなこ",
        "email": "nitta@example.jp",
        "password": TEMPORARY,
        "organisation": world.minosawa_cp.pk,
        "role": Role.CP_STAFF,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("manager", ["admin", "naka_1so"])
def test_create_account_with_membership(world, client, manager):
    response = manager_client(getattr(world, manager)).post(
        reverse("people:person_create"), create_data(world), follow=True
    )
    assert response.status_code == 200
    person = User.objects.get(username="minosawa-new")
    assert response.redirect_chain[-1][0] == reverse("people:person_detail", args=[person.pk])
    assert "新田 花子 さんのアカウントを作りました。" in text(response)
    assert person.display_name == "新田 花子"
    assert person.must_change_password
    assert person.is_active
    membership = Membership.objects.get(user=person)
    assert membership.organisation == world.minosawa_cp
    assert membership.role == Role.CP_STAFF
    assert membership.is_active
    # The newcomer logs in with the temporary password and must choose their own.
    assert login(client, "minosawa-new", TEMPORARY).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_create_a_district_officer_with_districts(world):
    response = manager_client(world.naka_1so).post(
        reverse("people:person_create"),
        create_data(world, username="naka-chiku2", organisation=world.naka_council.pk,
                    role=Role.DISTRICT_OFFICER, districts=[world.d6.pk, world.d7.pk]),
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="naka-chiku2")
    assert set(membership.districts.all()) == {world.d6, world.d7}


@pytest.mark.parametrize("username", ["naka-chiku", "NAKA-CHIKU", "Naka-Chiku"])
def test_create_refuses_a_login_id_in_use(world, username):
    before = User.objects.count()
    response = manager_client(world.naka_1so).post(reverse("people:person_create"), create_data(world, username=username))
    assert response.status_code == 200
    assert "このログインIDはすでに使われています。" in text(response)
    assert User.objects.count() == before


@pytest.mark.parametrize("username", ["ab", "名前", "has space", "semi;colon"])
def test_create_refuses_a_malformed_login_id(world, username):
    response = manager_client(world.naka_1so).post(reverse("people:person_create"), create_data(world, username=username))
    assert response.status_code == 200
    assert "ログインIDは半角英数字と . _ @ + - で3文字以上にしてください。" in text(response)
    assert not User.objects.filter(username=username).exists()


@pytest.mark.parametrize("password, message", WEAK[:4])
def test_create_refuses_a_weak_temporary_password(world, password, message):
    response = manager_client(world.naka_1so).post(
        reverse("people:person_create"), create_data(world, password=password)
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not User.objects.filter(username="minosawa-new").exists()


def test_create_shows_a_password_error_beside_the_password_field(world):
    response = manager_client(world.naka_1so).post(
        reverse("people:person_create"), create_data(world, password="abc-12")
    )
    assert "password" in response.context["form"].errors
    assert "このパスワードは短すぎます。" in str(response.context["form"].errors["password"])


def test_ward_coordinator_cannot_create_a_ward_coordinator(world):
    response = manager_client(world.naka_1so).post(
        reverse("people:person_create"),
        create_data(world, organisation=world.naka_council.pk, role=Role.WARD_COORDINATOR),
    )
    assert response.status_code == 200
    # The role is not even offered to a 1層Co, so the form refuses it as a choice.
    assert "role" in response.context["form"].errors
    assert f'value="{Role.WARD_COORDINATOR}"' not in text(response)
    assert not User.objects.filter(username="minosawa-new").exists()


def test_outsider_cannot_create_an_account_in_another_ward(world):
    response = manager_client(world.isogo_1so).post(reverse("people:person_create"), create_data(world))
    assert response.status_code == 200  # the form refuses the organisation it does not offer
    assert "正しく選択してください" in text(response)
    assert not User.objects.filter(username="minosawa-new").exists()


@pytest.mark.parametrize("who", ["minosawa_2so", "naka_ward", "naka_chiku", "naka_cm", "nobody"])
def test_only_managers_may_create_accounts(world, who):
    client = manager_client(getattr(world, who))
    assert client.get(reverse("people:person_create")).status_code == 404
    assert client.post(reverse("people:person_create"), create_data(world)).status_code == 404
    assert not User.objects.filter(username="minosawa-new").exists()


# --- Switching accounts off -----------------------------------------------------------------


def set_active(manager: User, person: User, active: bool):
    return manager_client(manager).post(
        reverse("people:person_set_active", args=[person.pk]), {"active": "1" if active else "0"}, follow=True
    )


def test_an_administrator_cannot_switch_themselves_off(world):
    response = set_active(world.admin, world.admin, False)
    assert "自分のアカウントを無効にすることはできません。" in text(response)
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_a_ward_coordinator_cannot_reach_their_own_account_to_switch_it_off(world):
    response = manager_client(world.naka_1so).post(
        reverse("people:person_set_active", args=[world.naka_1so.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    world.naka_1so.refresh_from_db()
    assert world.naka_1so.is_active


def test_switched_off_account_cannot_log_in(world, client):
    response = set_active(world.naka_1so, world.naka_chiku, False)
    assert "アカウントを無効にしました。" in text(response)
    world.naka_chiku.refresh_from_db()
    assert not world.naka_chiku.is_active
    response = login(client, "naka-chiku", PASSWORD)
    assert response.status_code == 200
    assert INVALID_LOGIN_TEXT in text(response)
    assert not logged_in_as(client, world.naka_chiku)


def test_switching_off_ends_an_open_session(world, client):
    assert login(client, "naka-chiku").status_code == 302
    assert client.get(reverse("home")).status_code == 200
    set_active(world.naka_1so, world.naka_chiku, False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_switching_back_on_lets_them_log_in(world, client):
    set_active(world.naka_1so, world.naka_chiku, False)
    response = set_active(world.naka_1so, world.naka_chiku, True)
    assert "アカウントを有効にしました。" in text(response)
    assert login(client, "naka-chiku").status_code == 302


def test_switched_off_accounts_are_kept(world):
    set_active(world.admin, world.naka_chiku, False)
    assert User.objects.filter(pk=world.naka_chiku.pk).exists()
    assert Membership.objects.filter(user=world.naka_chiku).exists()


# --- Outsiders get 404 from every POST view ---------------------------------------------------


@pytest.mark.parametrize(
    "view, data",
    [
        ("people:person_password", {"password": TEMPORARY}),
        ("people:person_unlock", {}),
        ("people:person_set_active", {"active": "0"}),
        ("people:person_edit", {"display_name": "乗っ取り", "display_name_kana": "", "email": ""}),
        ("people:membership_add", {"m-organisation": "", "m-role": Role.VIEWER}),
    ],
)
def test_outsider_gets_404_for_a_person_of_another_ward(world, view, data):
    before = User.objects.get(pk=world.naka_chiku.pk)
    response = manager_client(world.isogo_1so).post(reverse(view, args=[world.naka_chiku.pk]), data)
    assert response.status_code == 404
    after = User.objects.get(pk=world.naka_chiku.pk)
    assert after.password == before.password
    assert after.is_active and not after.must_change_password
    assert after.display_name == before.display_name
    assert Membership.objects.filter(user=after).count() == 1


def test_outsider_gets_404_ending_a_membership_of_another_ward(world):
    membership = Membership.objects.get(user=world.naka_chiku)
    response = manager_client(world.isogo_1so).post(reverse("people:membership_end", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_outsider_gets_404_for_the_person_page(world):
    client = manager_client(world.isogo_1so)
    assert client.get(reverse("people:person_detail", args=[world.naka_chiku.pk])).status_code == 404
    assert client.get(reverse("people:person_edit", args=[world.naka_chiku.pk])).status_code == 404


def test_outsider_404_looks_the_same_as_a_missing_person(world):
    client = manager_client(world.isogo_1so)
    missing = client.post(reverse("people:person_set_active", args=[999999]), {"active": "0"})
    hidden = client.post(reverse("people:person_set_active", args=[world.naka_chiku.pk]), {"active": "0"})
    assert missing.status_code == hidden.status_code == 404


def test_the_city_admin_is_out_of_a_ward_coordinators_reach(world):
    client = manager_client(world.naka_1so)
    for view, data in [
        ("people:person_password", {"password": TEMPORARY}),
        ("people:person_set_active", {"active": "0"}),
        ("people:person_unlock", {}),
    ]:
        assert client.post(reverse(view, args=[world.admin.pk]), data).status_code == 404, view
    world.admin.refresh_from_db()
    assert world.admin.is_active and world.admin.check_password(PASSWORD)


# --- Sessions on shared office PCs ------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_session_cookie_ends_with_the_browser(world, client):
    response = login(client, "naka-1so")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_use_moves_the_sessions_end_on_at_most_once_a_minute(world, client, monkeypatch):
    from django.contrib.sessions.models import Session

    from tsunagu.people import middleware

    clock = [1_900_000_000]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    login(client, "naka-1so")

    def row():
        return Session.objects.get(session_key=client.session.session_key)

    client.get(reverse("home"))
    first = row()
    assert first.get_decoded()[middleware.IdleSessionMiddleware.KEY] == clock[0]
    clock[0] += 30
    client.get(reverse("home"))
    assert row().expire_date == first.expire_date  # not written again within the minute
    clock[0] += 31
    client.get(reverse("home"))
    moved = row()
    assert moved.get_decoded()[middleware.IdleSessionMiddleware.KEY] == clock[0]
    assert moved.expire_date > first.expire_date


def test_a_session_idle_past_its_end_is_signed_out(world, client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    login(client, "naka-1so")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_visitor_who_never_signed_in_gets_no_session_row(client, db):
    from django.contrib.sessions.models import Session

    client.get("/")
    client.get("/about/")
    assert not Session.objects.exists()
