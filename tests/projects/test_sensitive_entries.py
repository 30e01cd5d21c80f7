"""「気になる人」: an entry about a resident someone worries about is for the team's members who also
hold the individual grant — nobody else, not in the log, not in the export — and every read of it
is written to 操作の記録."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.projects.conftest import WORRY
from tsunagu.audit.models import AuditEntry
from tsunagu.people import services as people_services
from tsunagu.projects.models import LogEntry

pytestmark = pytest.mark.django_db


def looks(entry) -> list[str]:
    return list(AuditEntry.objects.filter(action="access.look", target_type="projects.logentry", target_id=entry.pk)
                .values_list("actor_name", flat=True))


def entry_url(w):
    return reverse("projects:entry_detail", args=[w.project.pk, w.worry.pk])


@pytest.mark.parametrize("who", [
    "kuraki_chair",   # a member (who wrote it) without the grant
    "isogo_1so",      # a member, the lead, without the grant
    "yokodai_2so",    # a 2層Co of another CP of the ward: reads the project, not this
    "naka_1so",       # another ward's staff
    "isogo_ward",     # may steer the project, but is not on the team
])
def test_without_membership_and_grant_the_entry_does_not_exist(granted, as_user, who):
    client = as_user(getattr(granted, who))
    assert client.get(entry_url(granted)).status_code == 404
    assert client.get(reverse("projects:entry_edit", args=[granted.project.pk, granted.worry.pk])).status_code == 404
    detail = client.get(reverse("projects:detail", args=[granted.project.pk]))
    assert WORRY not in detail.content.decode()
    assert looks(granted.worry) == []


def test_a_grant_without_membership_opens_nothing(granted, as_user):
    # The ward office holds the grant over the whole CP area but is not on the team.
    people_services.grant_create(granter=granted.isogo_1so, user=granted.isogo_ward, action="projects.read_sensitive",
                                 place=granted.byobugaura, reason="確認のため", ends_on=granted.worry.date)
    assert as_user(granted.isogo_ward).get(entry_url(granted)).status_code == 404


def test_a_member_with_the_grant_reads_it_and_each_read_is_audited(granted, as_user):
    client = as_user(granted.byobugaura_2so)
    response = client.get(entry_url(granted))
    assert response.status_code == 200
    assert WORRY in response.content.decode()
    assert looks(granted.worry) == ["byobugaura-2so"]
    # The project's page shows it in the log: another read, another row.
    detail = client.get(reverse("projects:detail", args=[granted.project.pk]))
    assert WORRY in detail.content.decode()
    assert looks(granted.worry) == ["byobugaura-2so", "byobugaura-2so"]
    row = AuditEntry.objects.filter(action="access.look").first()
    assert row.changes["action"] == "projects.read_sensitive" and row.place_path == granted.kuraki.path
    # The plain entries are not audited as sensitive reads.
    assert looks(granted.entry) == []


def test_never_in_the_export_even_for_a_member_with_the_grant(granted, as_user):
    response = as_user(granted.byobugaura_2so).get(reverse("projects:export", args=[granted.project.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("野菜がよく売れた" in c for c in cells)
    assert not any("Bさん" in c for c in cells)
    assert LogEntry.objects.shareable().filter(pk=granted.worry.pk).exists() is False


def test_the_audit_log_never_keeps_a_sensitive_text(granted):
    from tsunagu.projects import services

    services.entry_update(user=granted.byobugaura_2so, entry=granted.worry, seen_version=granted.worry.version,
                          date=granted.worry.date, body=WORRY + "民生委員にも伝えた。", sensitive=True)
    for entry in AuditEntry.objects.filter(target_type="projects.logentry", target_id=granted.worry.pk):
        assert "Bさん" not in str(entry.changes) and "Bさん" not in entry.target_repr
