from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "tsunagu.teams"
    verbose_name = _("チーム・ネットワーク")

    def ready(self) -> None:
        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.people import policy
        from tsunagu.teams import access
        from tsunagu.teams.services import AUDIT_ACTIONS

        policy.declare(*access.ACTIONS)
        ACTION_LABELS.update(AUDIT_ACTIONS)
