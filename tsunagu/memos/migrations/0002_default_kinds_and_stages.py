"""The programme's default lists: kinds of activity and stages of the community-building process
(issue 4; 西区's 取組メモ). Wards add their own entries on top of these."""

from django.db import migrations

KINDS = ["地域アセスメント", "協議体", "立ち上げ支援", "継続支援", "交流会", "研修", "個別相談", "関係機関連携", "その他"]
STAGES = ["把握", "共有", "検討", "実践", "継続・振り返り"]


def seed(apps, schema_editor):
    for model, names in (("MemoKind", KINDS), ("Stage", STAGES)):
        Model = apps.get_model("memos", model)
        for order, name in enumerate(names, start=1):
            Model.objects.get_or_create(ward=None, name=name, defaults={"order": order * 10})


def unseed(apps, schema_editor):
    for model, names in (("MemoKind", KINDS), ("Stage", STAGES)):
        apps.get_model("memos", model).objects.filter(ward=None, name__in=names, memos__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("memos", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
