"""Writes to 取組メモ and its editable lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "memo.create": _("取組メモを登録"),
    "memo.update": _("取組メモを変更"),
    "memo.delete": _("取組メモを削除"),
    "memo.restore": _("取組メモを元に戻す"),
    "memo_term.create": _("メモの選択肢を追加"),
    "memo_term.update": _("メモの選択肢を変更"),
}
