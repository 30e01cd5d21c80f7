from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tsunagu.audit"
    verbose_name = _("操作の記録")
