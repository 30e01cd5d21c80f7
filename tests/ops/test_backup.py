"""A backup restores to the same data, on whichever database the suite runs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tsunagu.people.models import Organisation
from tsunagu.places.models import Kind, Place


def snapshot() -> str:
    out = io.StringIO()
    call_command("dumpdata", "places", "people", "auth", "axes", "--indent", "0", "--natural-foreign", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_data(world, tmp_path):
    before = snapshot()
    assert "簑沢地域ケアプラザ" in before

    call_command("backup", str(tmp_path / "tsunagu.backup"))

    # Everything after the backup is lost by the restore, as it should be.
    Place.objects.filter(kind=Kind.BLOCK).delete()
    Organisation.objects.filter(name="久良岐丘自治会").update(name="書き換えた名前")
    Place.objects.create(kind=Kind.CP_AREA, code="14104-CP99", name="あとから足したCP", parent=world.naka)
    assert snapshot() != before

    call_command("restore", str(tmp_path / "tsunagu.backup"), "--yes")

    assert snapshot() == before
    assert Organisation.objects.filter(name="久良岐丘自治会").exists()
    assert not Place.objects.filter(code="14104-CP99").exists()


@pytest.mark.django_db
def test_restore_of_a_missing_file_says_so(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nothing.backup"), "--yes")
