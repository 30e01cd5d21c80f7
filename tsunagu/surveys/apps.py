from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tsunagu.surveys"
    verbose_name = _("アンケート")

    def ready(self) -> None:
        from tsunagu.people import policy
        from tsunagu.surveys import access

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.surveys.services import AUDIT_ACTIONS

        # The audit log's labels live in one dict; each app adds its own there.
        ACTION_LABELS.update(AUDIT_ACTIONS)
