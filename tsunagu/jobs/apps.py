from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "tsunagu.jobs"
    verbose_name = _("時間のかかる処理")
