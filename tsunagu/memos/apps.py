from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemosConfig(AppConfig):
    name = "tsunagu.memos"
    verbose_name = _("取組メモ")

    def ready(self) -> None:
        from tsunagu.memos import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.memos.services import AUDIT_ACTIONS

        # The audit log's labels live in one dict; each records app adds its own there.
        ACTION_LABELS.update(AUDIT_ACTIONS)
