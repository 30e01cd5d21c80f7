from django.db import migrations


def seed(apps, schema_editor):
    from tsunagu.directory.taxonomy import seed as seed_taxonomy

    seed_taxonomy(apps.get_model("directory", "Category"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
