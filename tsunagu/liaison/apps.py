from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "tsunagu.liaison"
    verbose_name = _("区の一覧・連絡会資料")

    def ready(self) -> None:
        from tsunagu.liaison import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.liaison import pack  # noqa: F401  (registers the pack's PDF job)
        from tsunagu.liaison.services import AUDIT_LABELS

        # The audit log's labels live in one dict; each records app adds its own there.
        ACTION_LABELS.update(AUDIT_LABELS)
