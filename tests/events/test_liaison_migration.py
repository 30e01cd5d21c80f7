"""Issue 13: the liaison meetings recorded before become events of the kind 連絡会 at their ward —
date, name, note, who recorded it and when — and the ward view counts from them; undone, they are
meetings again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("events", "0002_default_kinds"), ("liaison", "0001_liaison_meetings")]
AFTER = [("events", "0003_liaison_meetings_become_events"), ("liaison", "0002_meetings_are_events")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_liaison_meetings_become_events_and_back():
    try:
        old = migrate(BEFORE)
        Place, User = old.get_model("places", "Place"), old.get_model("people", "User")
        city = Place.objects.create(kind="city", code="14100", name="横浜市", path="/1/", depth=0)
        naka = Place.objects.create(kind="ward", code="14104", name="中区", parent=city, path="/1/2/", depth=1)
        Place.objects.filter(pk=city.pk).update(path=f"/{city.pk}/")
        Place.objects.filter(pk=naka.pk).update(path=f"/{city.pk}/{naka.pk}/")
        one_so = User.objects.create(username="naka-1so", display_name="中区1層")
        Meeting = old.get_model("liaison", "LiaisonMeeting")
        recorded = datetime(2026, 10, 21, 9, 0, tzinfo=UTC)
        for day, title, note in [(date(2026, 10, 20), "生活支援Co連絡会", "サロンの情報交換"),
                                 (date(2026, 11, 17), "生活支援Co連絡会（11月）", "")]:
            m = Meeting.objects.create(ward=naka, date=day, title=title, note=note, created_by=one_so)
            Meeting.objects.filter(pk=m.pk).update(created_at=recorded)

        new = migrate(AFTER)
        Event = new.get_model("events", "Event")
        events = list(Event.objects.order_by("starts_on").values_list(
            "place_id", "kind__name", "kind__ward", "title", "description", "starts_on", "ends_on", "created_by_id",
            "created_at"))
        assert events == [
            (naka.pk, "連絡会", None, "生活支援Co連絡会", "サロンの情報交換", date(2026, 10, 20), date(2026, 10, 20),
             one_so.pk, recorded),
            (naka.pk, "連絡会", None, "生活支援Co連絡会（11月）", "", date(2026, 11, 17), date(2026, 11, 17),
             one_so.pk, recorded),
        ]
        Session = new.get_model("events", "Session")
        assert sorted(Session.objects.values_list("date", flat=True)) == [date(2026, 10, 20), date(2026, 11, 17)]
        assert "liaison_liaisonmeeting" not in connection.introspection.table_names()

        back = migrate(BEFORE)
        assert sorted(back.get_model("liaison", "LiaisonMeeting").objects.values_list("date", "title", "note")) == [
            (date(2026, 10, 20), "生活支援Co連絡会", "サロンの情報交換"), (date(2026, 11, 17), "生活支援Co連絡会（11月）", "")]
        assert not back.get_model("events", "Event").objects.exists()
    finally:
        migrate(AFTER + [(app, name) for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes()])
