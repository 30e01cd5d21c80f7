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

        from tsunagu import attachments
        from tsunagu.memos.models import Memo

        # Photos and documents of the work (添付ファイル): seen by the memo's readers, added and
        # removed by its writers; a memo is never public, so neither are its files.
        attachments.register(Memo, visible=lambda user: Memo.objects.visible_to(user).live(),
                             changeable=lambda user: Memo.objects.changeable_by(user).live())
