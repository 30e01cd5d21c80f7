from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "tsunagu.attachments"
    verbose_name = _("添付ファイル")

    def ready(self) -> None:
        from tsunagu.attachments import thumbnails  # noqa: F401  (registers the thumbnail job)
        from tsunagu.attachments.services import AUDIT_ACTIONS
        from tsunagu.audit.services import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_ACTIONS)
