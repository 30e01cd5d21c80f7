from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "tsunagu.hearings"
    verbose_name = _("ヒアリング")

    def ready(self) -> None:
        from tsunagu.hearings import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.hearings.services import AUDIT_LABELS

        # The audit log's labels live in one dict; each records app adds its own there.
        ACTION_LABELS.update(AUDIT_LABELS)
