"""Writes of お出かけ支援. Every change goes through here, inside a transaction, with its audit row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

AUDIT_ACTIONS = {
    "taxi_company.save": gettext_lazy("タクシー会社を登録・変更"),
    "taxi_company.delete": gettext_lazy("タクシー会社を削除"),
    "tariff.save": gettext_lazy("タクシー運賃を登録・変更"),
    "tariff.delete": gettext_lazy("タクシー運賃を削除"),
    "outing.create": gettext_lazy("お出かけを登録"),
    "outing.update": gettext_lazy("お出かけを変更"),
    "outing.delete": gettext_lazy("お出かけを削除"),
    "outing_participant.save": gettext_lazy("お出かけの参加者を登録・変更"),
    "outing_participant.delete": gettext_lazy("お出かけの参加者を削除"),
    "outing_booking.save": gettext_lazy("お出かけの車の手配を記録"),
    "outing_day.record": gettext_lazy("お出かけの当日の実績を記録"),
}
