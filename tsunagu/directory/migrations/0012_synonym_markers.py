"""Synonym groups in search_text (search.py, "Synonym groups in search_text"): each listing's
search_text gains the marker of every synonym group it belongs to, and the groups are marked
indexed, so that a query word of a group is one pattern instead of all its words' spellings."""

from django.db import migrations, models

from tsunagu.directory.search import reindex_synonyms


def add_markers(apps, schema_editor):
    reindex_synonyms(apps.get_model("directory", "Listing"), apps.get_model("directory", "SynonymGroup"),
                     using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_merge_issue_12")]

    operations = [
        migrations.AddField(
            model_name="synonymgroup",
            name="indexed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(add_markers, migrations.RunPython.noop),
    ]
