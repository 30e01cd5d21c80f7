"""Issue 13: the liaison meeting (連絡会) becomes one kind of event. Each recorded
liaison.LiaisonMeeting (a ward, a date, a name and a note) becomes an Event of the default kind
連絡会 at the ward, held on that date, its note as the event's content, by whom and when it was
recorded kept. Backwards, the ward-level 連絡会 events become meetings again (liaison 0002 is undone
first, so the table is there)."""

from django.db import migrations

LIAISON = "連絡会"


def _kind(apps):
    EventKind = apps.get_model("events", "EventKind")
    kind, _created = EventKind.objects.get_or_create(ward=None, name=LIAISON, defaults={"order": 10})
    return kind


def forward(apps, schema_editor):
    LiaisonMeeting = apps.get_model("liaison", "LiaisonMeeting")
    Event = apps.get_model("events", "Event")
    Session = apps.get_model("events", "Session")
    kind = _kind(apps)
    for meeting in LiaisonMeeting.objects.order_by("pk").iterator():
        event = Event.objects.create(place_id=meeting.ward_id, kind=kind, title=meeting.title,
                                     description=meeting.note, starts_on=meeting.date, ends_on=meeting.date,
                                     created_by_id=meeting.created_by_id)
        # auto_now_add stamped today: keep when the meeting was first recorded.
        Event.objects.filter(pk=event.pk).update(created_at=meeting.created_at)
        Session.objects.create(event=event, date=meeting.date)


def backward(apps, schema_editor):
    LiaisonMeeting = apps.get_model("liaison", "LiaisonMeeting")
    Event = apps.get_model("events", "Event")
    events = Event.objects.filter(kind=_kind(apps), place__kind="ward", starts_on__isnull=False)
    for event in events.order_by("pk").iterator():
        meeting = LiaisonMeeting.objects.create(ward_id=event.place_id, date=event.starts_on, title=event.title[:100],
                                                note=event.description, created_by_id=event.created_by_id)
        LiaisonMeeting.objects.filter(pk=meeting.pk).update(created_at=event.created_at)
    events.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_default_kinds"),
        ("liaison", "0001_liaison_meetings"),
    ]
    operations = [migrations.RunPython(forward, backward)]
