"""Every write to 催し: in one transaction, checked against the policy, recorded in the audit log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "events.create": _("催しを登録"),
    "events.update": _("催しを修正"),
    "events.delete": _("催しを削除"),
    "events.participants": _("催しの参加者・出欠を記録"),
    "events.answer": _("催しの案内に回答"),
}
