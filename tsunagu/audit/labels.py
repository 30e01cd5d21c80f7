"""What each kind of 操作の記録 entry is called on the page. Each capability adds its own (from its
AppConfig.ready); the model reads them to label an entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "place.create": _("場所を登録"),
    "place.update": _("場所を変更"),
    "place.import": _("場所を取り込み"),
    "organisation.create": _("団体を登録"),
    "organisation.update": _("団体を変更"),
    "user.create": _("アカウントを作成"),
    "user.update": _("アカウントを変更"),
    "user.password": _("仮パスワードを設定"),
    "user.unlock": _("ロックを解除"),
    "user.activate": _("アカウントを有効化"),
    "user.deactivate": _("アカウントを無効化"),
    "membership.add": _("所属を追加"),
    "membership.end": _("所属を終了"),
    "category.create": _("分類を追加"),
    "category.update": _("分類を変更"),
    "category.delete": _("分類を削除"),
    "synonyms.update": _("検索の言いかえを変更"),
    "grant.create": _("個別の許可を付与"),
    "grant.revoke": _("個別の許可を取り消し"),
    "access.look": _("保護された記録を閲覧"),
}
