"""Writes to 取組共有シート."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "sheet.create": _("取組共有シートを作成"),
    "sheet.carry": _("取組共有シートを前年度から引き継ぎ"),
    "sheet.section": _("取組共有シートの欄を変更"),
    "sheet.item": _("取組計画の項目を変更"),
    "sheet.comment": _("取組共有シートにコメント"),
}
