from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tsunagu.partners"
    verbose_name = _("区全体の協力先")

    def ready(self) -> None:
        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.partners import access
        from tsunagu.partners.services import AUDIT_ACTIONS
        from tsunagu.people import policy

        policy.declare(*access.ACTIONS)
        ACTION_LABELS.update(AUDIT_ACTIONS)
