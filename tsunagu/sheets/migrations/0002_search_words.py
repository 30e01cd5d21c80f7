"""Search that understands how people write Japanese (issue 12): the stored search text gains
the normalised forms and readings of the record's own words (lib/morphology.py), so that 買物
finds 買い物 and しょうぎ finds 将棋 in what was written before. The next save recomputes the
whole column as the app's services write it."""

from django.db import migrations

from tsunagu.lib.morphology import with_forms


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    PlanItem = apps.get_model("sheets", "PlanItem")
    for row in PlanItem.objects.using(db).iterator(chunk_size=500):
        value = with_forms(row.search_text, row.title, row.goal, row.review_half, row.review_year)
        if value != row.search_text:
            PlanItem.objects.using(db).filter(pk=row.pk).update(search_text=value)
    Sheet = apps.get_model("sheets", "Sheet")
    for row in Sheet.objects.using(db).prefetch_related("sections", "plan_items").iterator(chunk_size=500):
        value = with_forms(row.search_text, *(s.text for s in row.sections.all()), *(part for i in row.plan_items.all() for part in (i.title, i.goal, i.review_half, i.review_year)))
        if value != row.search_text:
            Sheet.objects.using(db).filter(pk=row.pk).update(search_text=value)


class Migration(migrations.Migration):
    dependencies = [("sheets", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
