from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tsunagu.people"
    verbose_name = _("人と団体")

    def ready(self) -> None:
        from tsunagu.people import access, policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)
