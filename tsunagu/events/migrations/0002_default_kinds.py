"""The programme's default kinds of event (issue 13). Wards add their own on top of these."""

from django.db import migrations

KINDS = ["連絡会", "交流会", "協議体", "研修", "ワークショップ", "説明会", "その他"]


def seed(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for order, name in enumerate(KINDS, start=1):
        EventKind.objects.get_or_create(ward=None, name=name, defaults={"order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("events", "EventKind").objects.filter(ward=None, name__in=KINDS, events__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
