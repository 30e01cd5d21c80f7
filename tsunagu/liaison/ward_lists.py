"""The ward's own lists that head the ward view's columns — its memo kinds and stages (the memo
tables), its event kinds and project stages (the activity tables) — read in one query.

Each list is the programme's defaults and the ward's own entries (for_ward), ordered as the list
is (order, pk). The four were four small queries of the ward view, each a round trip that cost
more than its rows (bench/together.py); the four tables have the same columns, so one UNION ALL
reads them, and each row comes back as its own model (Model.from_db: what the list shows — name,
order, in use — and the rest read only if asked)."""

from __future__ import annotations

from django.db.models import IntegerField, Value

from tsunagu.events.models import EventKind
from tsunagu.memos.models import MemoKind, Stage
from tsunagu.projects.models import ProjectStage

LISTS = (MemoKind, Stage, EventKind, ProjectStage)
FIELDS = ("id", "ward_id", "name", "order", "active")


def ward_lists(ward) -> dict[type, list]:
    """{MemoKind: [...], Stage: [...], EventKind: [...], ProjectStage: [...]} for the ward."""
    parts = [model.objects.for_ward(ward).order_by().annotate(which=Value(i, output_field=IntegerField()))
             .values_list("which", *FIELDS) for i, model in enumerate(LISTS)]
    found: dict[type, list] = {model: [] for model in LISTS}
    for which, *values in parts[0].union(*parts[1:], all=True):
        model = LISTS[which]
        found[model].append(model.from_db(model.objects.db, list(FIELDS), values))
    for entries in found.values():
        entries.sort(key=lambda entry: (entry.order, entry.pk))
    return found
