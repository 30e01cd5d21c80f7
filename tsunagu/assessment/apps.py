from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "tsunagu.assessment"
    verbose_name = _("地域アセスメント")

    def ready(self) -> None:
        from tsunagu.assessment import access
        from tsunagu.people import policy

        policy.declare(*access.ACTIONS)
