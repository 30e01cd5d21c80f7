from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "tsunagu.projects"
    verbose_name = _("プロジェクト")

    def ready(self) -> None:
        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.lib import todo
        from tsunagu.people import policy
        from tsunagu.projects import access
        from tsunagu.projects.services import AUDIT_ACTIONS
        from tsunagu.projects.todo import milestones_due

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)
        ACTION_LABELS.update(AUDIT_ACTIONS)
        # The members' milestones due, on "my to-do" (tsunagu/lib/todo.py).
        todo.register("projects.milestones", milestones_due)
        # The team page lists the team's projects (teams sit below projects in the layers).
        from tsunagu.projects import team_sections

        team_sections.connect()

        from tsunagu import attachments
        from tsunagu.projects.models import Project

        # Survey sheets, photos of the site visits, the briefing's flyer: seen by the project's
        # readers (members included), added and removed by those who may change it.
        attachments.register(Project)
