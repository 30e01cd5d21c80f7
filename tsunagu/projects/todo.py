"""The milestones due, on their people's "my to-do" list (tsunagu/lib/todo.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.lib.todo import ToDo
from tsunagu.projects.models import Milestone


def milestones_due(user, until: date) -> Iterable[ToDo]:
    """Open milestones (予定・延期) due by until, of the projects this person is a member of: those
    named for them, and those named for nobody."""
    if not getattr(user, "is_authenticated", False):
        return []
    milestones = Milestone.objects.due_by(until).on_list_of(user).select_related("project")
    return [
        ToDo(kind=_("マイルストーン"), title=m.title, due=m.planned_on, context=m.project.title,
             url=reverse("projects:detail", args=[m.project_id]) + f"#milestone-{m.pk}",
             key=f"projects.milestone:{m.pk}")
        for m in milestones
    ]
