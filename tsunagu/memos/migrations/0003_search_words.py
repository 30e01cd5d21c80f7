"""Search that understands how people write Japanese (issue 12): the stored search text gains
the normalised forms and readings of the record's own words (lib/morphology.py), so that 買物
finds 買い物 and しょうぎ finds 将棋 in what was written before. The next save recomputes the
whole column as the app's services write it."""

from django.db import migrations

from tsunagu.lib.morphology import with_forms


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    Memo = apps.get_model("memos", "Memo")
    for row in Memo.objects.using(db).iterator(chunk_size=500):
        value = with_forms(row.search_text, row.title, row.purpose, row.content, row.reaction, row.next_step)
        if value != row.search_text:
            Memo.objects.using(db).filter(pk=row.pk).update(search_text=value)


class Migration(migrations.Migration):
    dependencies = [("memos", "0002_default_kinds_and_stages")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
