"""SQL tests the listing QuerySet uses to steer the database's plan (models.ListingQuerySet.within,
in_categories). Apart from search.py, which reads the models, so that the models need not import it."""

from __future__ import annotations

from django.db.models import BooleanField, Expression


class WalkIn(Expression):
    """``+<column> IN (ids)``: the same test as ``column__in=ids``, written so that it cannot choose
    SQLite's plan (the unary plus hides the column from the planner). Used where another index
    should drive: the reading-order walk, or a place filter in a narrow fetch."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column, ids):
        super().__init__()
        self.column, self.ids = column, [int(i) for i in ids]

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if not self.ids:
            return "1 = 0", ()
        plus = "+" if connection.vendor == "sqlite" else ""
        return f"{plus}{column} IN ({', '.join(['%s'] * len(self.ids))})", (*params, *self.ids)


class InCategories(Expression):
    """The listing is filed under one of these categories, tested row by row on the (listing,
    category) index. For a query that a place or the words drive: a large category's 20,000
    listing ids are then not gathered first. PostgreSQL would turn a plain EXISTS into a hash
    semi-join that does gather them; ``OFFSET 0`` keeps it a per-row lookup.

    ``each_row=False`` leaves PostgreSQL its choice: for every listing of a ward (a place's whole
    list, ranked), hashing the category's ids once is quicker than 5,000 lookups (13 ms against
    17 ms, p95 15 against 23 at 100,000 listings), and it still looks up each row of a small area.
    SQLite tests an EXISTS row by row either way."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk, category_ids, each_row: bool = True):
        super().__init__()
        self.pk, self.category_ids, self.each_row = pk, [int(c) for c in category_ids], each_row

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        if not self.category_ids:
            return "1 = 0", ()
        # The query is the listings' own (ListingQuerySet.in_categories): its model names the table.
        table = connection.ops.quote_name(compiler.query.model.categories.through._meta.db_table)
        offset = " OFFSET 0" if connection.vendor == "postgresql" and self.each_row else ""
        marks = ", ".join(["%s"] * len(self.category_ids))
        return (f"EXISTS (SELECT 1 FROM {table} c WHERE c.listing_id = {pk} AND c.category_id IN ({marks}){offset})",
                (*params, *self.category_ids))


class HappensBetween(Expression):
    """The listing has a date between two days (UpcomingDate), tested row by row on the
    (listing, day) index — for 「きょう」「今週」. 「今週」 holds most listings: gathering their ids
    first (PostgreSQL's hash semi-join, SQLite's list) cost more than testing the 20 rows a page
    walks in reading order. ``OFFSET 0`` keeps PostgreSQL from flattening the EXISTS."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk, first, last, *, table: str):
        # The dates' table is given by the caller: this module sits below models.py.
        super().__init__()
        self.pk, self.first, self.last, self.table = pk, first, last, table

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        table = connection.ops.quote_name(self.table)
        offset = " OFFSET 0" if connection.vendor == "postgresql" else ""
        return (f"EXISTS (SELECT 1 FROM {table} u WHERE u.listing_id = {pk} AND u.day >= %s AND u.day <= %s{offset})",
                (*params, self.first, self.last))
