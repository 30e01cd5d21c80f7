"""操作の記録: every change to places, organisations and accounts leaves an entry, and the
entries are shown only to those who manage people where they happened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.audit.models import AuditEntry
from tsunagu.people import place_services
from tsunagu.people import services as people_services
from tsunagu.people.models import Role
from tsunagu.places.models import Kind


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("naka_1so", 200), ("isogo_1so", 200), ("naka_ward", 404), ("naka_chiku", 404),
     ("minosawa_2so", 404), ("minosawa_staff", 404), ("naka_cm", 404), ("nobody", 404)],
)
def test_only_people_managers_open_the_record(world, as_user, role, status):
    assert as_user(getattr(world, role)).get(reverse("audit:list")).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_place_change_records_who_what_and_old_and_new(world):
    place_services.place_update(user=world.naka_1so, place=world.d6, seen_version=world.d6.version, name="第六地区")
    entry = AuditEntry.objects.about(world.d6).get()
    assert entry.action == "place.update"
    assert entry.actor == world.naka_1so
    assert entry.changes == {"name": ["第6地区", "第六地区"]}
    assert entry.place_path == world.d6.path


def test_a_created_place_and_organisation_are_recorded(world):
    area = place_services.place_create(
        user=world.naka_1so, parent=world.naka, kind=Kind.CP_AREA, code="14104-CP09", name="新山下地域ケアプラザ"
    )
    organisation = people_services.organisation_create(
        user=world.naka_1so, name="新山下サロン", kind="volunteer_group", place=area,
        contacts=[{"name": "山﨑 花子", "title": "代表", "phone": "045-000-0000", "email": "", "is_public": True}],
    )
    assert AuditEntry.objects.about(area).get().action == "place.create"
    entry = AuditEntry.objects.about(organisation).get()
    assert entry.action == "organisation.create"
    assert entry.changes["contacts"] == [None, ["山﨑 花子 代表 045-000-0000 公開"]]


def test_account_changes_are_recorded(world):
    person = people_services.user_create(
        manager=world.naka_1so, username="new-2so", display_name="新しい 人", password="kari-pasuwado-2026",
        organisation=world.minosawa_cp, role=Role.AREA_COORDINATOR,
    )
    people_services.user_set_temporary_password(manager=world.naka_1so, user=person, password="mata-kari-2026-x")
    people_services.user_set_active(manager=world.naka_1so, user=person, active=False)
    actions = list(AuditEntry.objects.about(person).order_by("pk").values_list("action", flat=True))
    assert actions == ["user.create", "user.password", "user.deactivate"]
    assert "password" not in str(AuditEntry.objects.about(person).values_list("changes", flat=True))


def test_a_ward_sees_its_own_record_and_not_another_wards(world, as_user):
    place_services.place_update(user=world.naka_1so, place=world.d6, seen_version=world.d6.version, name="第六地区")
    place_services.place_update(
        user=world.isogo_1so, place=world.kuraki, seen_version=world.kuraki.version, name="久良岐丘自治会（新）"
    )
    naka = as_user(world.naka_1so).get(reverse("audit:list")).content.decode()
    assert "第六地区" in naka and "久良岐丘自治会（新）" not in naka
    admin = as_user(world.admin).get(reverse("audit:list")).content.decode()
    assert "第六地区" in admin and "久良岐丘自治会（新）" in admin


def test_editors_see_a_places_history_on_its_page_and_readers_do_not(world, as_user):
    place_services.place_update(user=world.naka_1so, place=world.d6, seen_version=world.d6.version, note="集会所は2階")
    url = reverse("places:detail", args=[world.d6.pk])
    assert "集会所は2階" in as_user(world.minosawa_2so).get(url).content.decode().split("変更の記録")[-1]
    assert "変更の記録" not in as_user(world.naka_ward).get(url).content.decode()


def test_a_failed_change_leaves_no_entry(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        place_services.place_update(user=world.byobugaura_2so, place=world.d6, seen_version=None, name="x")
    assert not AuditEntry.objects.exists()
