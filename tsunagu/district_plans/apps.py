from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictPlansConfig(AppConfig):
    name = "tsunagu.district_plans"
    verbose_name = _("地域支援計画")

    def ready(self) -> None:
        from tsunagu.district_plans import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.district_plans.services import AUDIT_LABELS

        # 操作の記録 names each action; this app's actions are registered with the audit log here
        # rather than written into its shared table.
        ACTION_LABELS.update(AUDIT_LABELS)
