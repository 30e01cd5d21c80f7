"""Search that understands how people write Japanese (issue 12): the stored search text gains
the normalised forms and readings of the record's own words (lib/morphology.py), so that 買物
finds 買い物 and しょうぎ finds 将棋 in what was written before. The next save recomputes the
whole column as the app's services write it."""

from django.db import migrations

from tsunagu.lib.morphology import with_forms


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    DistrictPlan = apps.get_model("district_plans", "DistrictPlan")
    for row in DistrictPlan.objects.using(db).iterator(chunk_size=500):
        value = with_forms(row.search_text, row.current_state, *(row.goals or []), row.directions, row.partners, row.note)
        if value != row.search_text:
            DistrictPlan.objects.using(db).filter(pk=row.pk).update(search_text=value)


class Migration(migrations.Migration):
    dependencies = [("district_plans", "0001_district_plans")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
