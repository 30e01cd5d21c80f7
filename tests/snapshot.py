"""Expensive data built once per test process, then put back for each test that asks for it.

The browser tests need the whole Yokohama demo in committed rows (the live server reads them from
another thread), so they run as transactional tests, and the database is emptied after each. The
demo takes seconds to build (20–100 s a test on the 2-core machine under load); copying its
rows back takes a small part of that. `Snapshot.build(fn)` empties Django's tables, runs fn, keeps every table's rows and
rolls the build back; `restore()` empties the tables and writes the kept rows in (COPY on
PostgreSQL, INSERT on SQLite; PostgreSQL's sequences are set past the restored ids). Each test gets
the same rows, whatever the tests before it wrote: nothing is shared between tests but the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _empty(cursor, tables: list[str]) -> None:
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in tables)} CASCADE")
    else:  # SQLite: foreign keys are checked at commit, so any order works (and the FTS triggers run)
        for table in tables:
            cursor.execute(f"DELETE FROM {qn(table)}")


@dataclass
class Snapshot:
    tables: list[str] = field(default_factory=list)
    rows: dict[str, object] = field(default_factory=dict)
    result: object = None

    @classmethod
    def build(cls, fn) -> Snapshot:
        """Run fn on empty tables and keep what it wrote; the database is left as it was."""
        snapshot = cls(tables=_tables())
        qn = connection.ops.quote_name
        with transaction.atomic():
            with connection.cursor() as cursor:
                _empty(cursor, snapshot.tables)
            snapshot.result = fn()
            # The lists data migrations seed (memo kinds, event kinds, project stages) are rows of
            # the emptied tables too: put back what fn did not, so that a restore brings them with
            # it and its sequences are set past them (else the next kind added gets id 1 again).
            # After fn, not before: fn may restore another snapshot, and PostgreSQL refuses to
            # TRUNCATE a table with rows inserted earlier in the same transaction.
            from tests.conftest import seed_memo_kinds_and_stages

            seed_memo_kinds_and_stages()
            with connection.cursor() as cursor:
                for table in snapshot.tables:
                    if connection.vendor == "postgresql":
                        data = bytearray()
                        with cursor.cursor.copy(f"COPY {qn(table)} TO STDOUT") as copy:
                            for chunk in copy:
                                data += chunk
                        snapshot.rows[table] = bytes(data)
                    else:
                        cursor.execute(f"SELECT * FROM {qn(table)}")
                        columns = [c[0] for c in cursor.description]
                        # Django's SQLite converters hand back dates and times; put back their
                        # stored text (str() is the form Django writes: 2026-12-06 20:35:00.123456).
                        rows = [tuple(str(v) if isinstance(v, date | time) else v for v in row)
                                for row in cursor.fetchall()]
                        snapshot.rows[table] = (columns, rows)
            transaction.set_rollback(True)
        return snapshot

    def restore(self) -> None:
        """Every Django table holds exactly the kept rows (committed: the live server sees them)."""
        qn = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            _empty(cursor, self.tables)
            for table in self.tables:
                if connection.vendor == "postgresql":
                    if self.rows[table]:
                        with cursor.cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                            copy.write(self.rows[table])
                else:
                    columns, rows = self.rows[table]
                    if rows:
                        cursor.executemany(
                            f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
                            f"VALUES ({', '.join(['%s'] * len(columns))})", rows)
            if connection.vendor == "postgresql":
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cursor.execute(sql)
