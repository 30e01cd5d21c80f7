"""Tell PostgreSQL's planner what tsunagu_short_grams() costs.

A PL/pgSQL function is priced at 100 operator costs unless it says otherwise, as if it were a
few comparisons. This one walks every character of a listing's search_text: about 0.1 ms a row.
Priced so, at a ward's size (1,000 listings) the planner read every public listing and ran the
function on each (体操's narrow fetch: 80 ms) instead of asking the function's GIN index (4 ms).
At 1,000 operator costs the index is chosen at every size the bench measures (1k, 20k, 100k;
tests/directory/test_search.py checks the plan at 1,000). The function and its index are unchanged.
"""

from django.db import migrations

FORWARD = "ALTER FUNCTION tsunagu_short_grams(text) COST 1000"
BACKWARD = "ALTER FUNCTION tsunagu_short_grams(text) COST 100"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_merge_markers_and_status_history")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
