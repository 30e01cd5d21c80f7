"""The programme's default stages of a project, after 磯子's year (issue 13): preparing, surveying
the residents, a pilot, the real start, looking back. Wards add their own entries on top."""

from django.db import migrations

STAGES = ["準備", "調査", "試行", "本格実施", "振り返り"]


def seed(apps, schema_editor):
    Stage = apps.get_model("projects", "ProjectStage")
    for order, name in enumerate(STAGES, start=1):
        Stage.objects.get_or_create(ward=None, name=name, defaults={"order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("projects", "ProjectStage").objects.filter(ward=None, name__in=STAGES,
                                                             projects__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_members_milestones_shared_log")]
    operations = [migrations.RunPython(seed, unseed)]
