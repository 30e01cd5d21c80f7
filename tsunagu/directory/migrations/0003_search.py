"""Search indexes for Listing.search_text (see tsunagu/directory/search.py).

SQLite: a contentless FTS5 trigram table fed by triggers, and an fts5vocab table over it.
PostgreSQL: pg_trgm with a GIN trigram index, and a GIN index of each text's 1–2 character
substrings for the short words pg_trgm cannot look up. Other databases get nothing (search()
then falls back to LIKE). The SQL is frozen here; search.py holds the names it queries.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # Contentless: rows are fed by the triggers below. What is indexed is search_text and two
    # spaces, so that every character of the text starts a trigram (1–2 character lookups).
    """CREATE VIRTUAL TABLE directory_listing_fts USING fts5(
  search_text, content='', tokenize='trigram case_sensitive 1')""",
    "CREATE VIRTUAL TABLE directory_listing_fts_vocab USING fts5vocab(directory_listing_fts, row)",
    """CREATE TRIGGER IF NOT EXISTS directory_listing_fts_ai AFTER INSERT ON directory_listing BEGIN
  INSERT INTO directory_listing_fts(rowid, search_text) VALUES (new.id, new.search_text || '  ');
END""",
    """CREATE TRIGGER IF NOT EXISTS directory_listing_fts_ad AFTER DELETE ON directory_listing BEGIN
  INSERT INTO directory_listing_fts(directory_listing_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text || '  ');
END""",
    """CREATE TRIGGER IF NOT EXISTS directory_listing_fts_au AFTER UPDATE OF id, search_text ON directory_listing
WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN
  INSERT INTO directory_listing_fts(directory_listing_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text || '  ');
  INSERT INTO directory_listing_fts(rowid, search_text) VALUES (new.id, new.search_text || '  ');
END""",
    # Listings that exist already.
    """INSERT INTO directory_listing_fts(rowid, search_text)
  SELECT id, search_text || '  ' FROM directory_listing""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_listing_fts_au",
    "DROP TRIGGER IF EXISTS directory_listing_fts_ad",
    "DROP TRIGGER IF EXISTS directory_listing_fts_ai",
    "DROP TABLE IF EXISTS directory_listing_fts_vocab",
    "DROP TABLE IF EXISTS directory_listing_fts",
]

POSTGRES_FORWARD = [
    # Trusted since PostgreSQL 13: the database owner may create it. Indexes Japanese only when
    # the database's LC_CTYPE is a UTF-8 locale.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX directory_listing_search_trgm ON directory_listing USING gin (search_text gin_trgm_ops)",
    # The distinct 1- and 2-character substrings of a text, spaces left out (query words never
    # hold one): 体操 is in the text exactly when it is in this array.
    """CREATE OR REPLACE FUNCTION tsunagu_short_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT substr(t, i, n) AS g
        FROM generate_series(1, 2) AS n, generate_series(1, length(t) - n + 1) AS i) AS grams
  WHERE strpos(g, ' ') = 0
$$""",
    "CREATE INDEX directory_listing_search_grams ON directory_listing USING gin (tsunagu_short_grams(search_text))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_listing_search_grams",
    "DROP FUNCTION IF EXISTS tsunagu_short_grams(text)",
    "DROP INDEX IF EXISTS directory_listing_search_trgm",
    # pg_trgm stays: other objects may use it.
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_seed_taxonomy")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
