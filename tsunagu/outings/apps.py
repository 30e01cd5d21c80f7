from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutingsConfig(AppConfig):
    name = "tsunagu.outings"
    verbose_name = _("お出かけ支援")

    def ready(self) -> None:
        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.outings import access
        from tsunagu.outings.plan_services import AUDIT_ACTIONS as PLAN_AUDIT_ACTIONS
        from tsunagu.outings.services import AUDIT_ACTIONS
        from tsunagu.people import policy

        policy.declare(*access.ACTIONS)
        ACTION_LABELS.update(AUDIT_ACTIONS)
        ACTION_LABELS.update(PLAN_AUDIT_ACTIONS)
