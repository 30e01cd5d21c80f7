"""The projects a team's page shows, registered with tsunagu/teams/sections.py because teams sit
below projects in the layers and cannot ask for them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tsunagu.projects.models import Project
from tsunagu.teams import sections

SHOWN = 20


def projects(team, user) -> dict:
    visible = Project.objects.visible_to(user).filter(team=team).select_related("stage", "place")
    return {"projects": list(visible.order_by("-updated_at", "-pk")[:SHOWN])}


def connect() -> None:
    sections.register("projects", title=_("プロジェクト"), template="projects/_team_projects.html",
                      context=projects, order=20)
