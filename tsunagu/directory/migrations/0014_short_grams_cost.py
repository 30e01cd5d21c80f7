"""Tell PostgreSQL's planner what tsunagu_short_grams() costs.

A PL/pgSQL function is priced at 100 operator costs unless it says otherwise, as if it were 100
comparisons. This one walks every character of a listing's search_text: about 0.1 ms a row.
Right after a load (an import, the demo), the GIN index's new entries wait in its pending list
until a vacuum, and the planner adds those pages to the index's price. At 1,000 listings it then
found reading every public listing and running the function on each cheaper: 体操's narrow fetch
took 80–145 ms instead of 4–7 by the index. After a vacuum it chose the index at either price.
At 1,000 operator costs it chooses the index in both states (tests/directory/test_search.py
checks the plan at 1,000 listings, as loaded and vacuumed). The function and its index are
unchanged.

CREATE OR REPLACE FUNCTION sets every property it does not name back to its default: a later
migration that redefines the function must say COST 1000 again.
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
