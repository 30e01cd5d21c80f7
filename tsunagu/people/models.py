"""Accounts, the organisations that work in places, and memberships that carry a role.

What a role or a grant lets a person do, and where, is worked out by policy.py from the actions
each capability declares (its access.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.japanese import search_text


class User(AbstractUser):
    display_name = models.CharField(_("名称"), max_length=100, blank=True)
    display_name_kana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    must_change_password = models.BooleanField(
        _("次回ログイン時にパスワード変更が必要"),
        default=False,
        help_text=_("管理者が仮パスワードを発行したときに設定されます。"),
    )

    class Meta:
        verbose_name = _("アカウント")
        verbose_name_plural = _("アカウント")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class OrganisationKind(models.TextChoices):
    CITY_COUNCIL = "city_council", _("市社協")
    CITY_OFFICE = "city_office", _("市役所")
    WARD_COUNCIL = "ward_council", _("区社協")
    WARD_OFFICE = "ward_office", _("区役所")
    CARE_PLAZA = "care_plaza", _("地域ケアプラザ（CP）")
    SUPPORT_CENTER = "support_center", _("地域包括支援センター（包括）")
    NURSING_HOME_CENTER = "nursing_home_center", _("特養併設の地域包括支援センター（特養包括）")
    DISTRICT_COUNCIL = "district_council", _("地区社協")
    ASSOCIATION = "association", _("自治会町内会")
    VOLUNTEER_GROUP = "volunteer_group", _("ボランティア団体")
    SERVICE_B = "service_b", _("サービスB団体")
    NPO = "npo", _("NPO法人")
    CARE_OFFICE = "care_office", _("居宅介護支援事業所")
    TAXI = "taxi", _("タクシー会社")
    SUPERMARKET = "supermarket", _("スーパー・移動販売")
    SHOP = "shop", _("商店・専門業者")
    OTHER = "other", _("その他")


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def search(self, query: str) -> OrganisationQuerySet:
        from tsunagu.lib.japanese import normalize

        q = normalize(query)
        return self.filter(search_text__contains=q) if q else self


class Organisation(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    kind = models.CharField(_("種別"), max_length=32, choices=OrganisationKind.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("場所"), on_delete=models.PROTECT, related_name="organisations"
    )
    postal_code = models.CharField(_("郵便番号"), max_length=10, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    note = models.TextField(_("備考"), blank=True)
    is_active = models.BooleanField(_("有効"), default=True)
    search_text = models.TextField(editable=False, default="")
    # Raised on every save through a service; a form that saw an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("団体")
        verbose_name_plural = _("団体")
        ordering = ["name_kana", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.name_kana, self.address)
        super().save(*args, **kwargs)


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("名称"), max_length=100)
    title = models.CharField(_("役職・担当"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    is_public = models.BooleanField(
        _("一般に公開してよい"), default=False, help_text=_("チェックしない場合は職員だけに表示されます。")
    )

    class Meta:
        verbose_name = _("連絡先")
        verbose_name_plural = _("連絡先")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("市の管理者")
    WARD_COORDINATOR = "ward_coordinator", _("1層生活支援コーディネーター（区社協）")
    WARD_OFFICE = "ward_office", _("区役所（包括ケア係）")
    DISTRICT_OFFICER = "district_officer", _("区社協地区担当")
    AREA_COORDINATOR = "area_coordinator", _("2層生活支援コーディネーター（CP）")
    CP_STAFF = "cp_staff", _("CP職員（地域交流Co・包括）")
    VIEWER = "viewer", _("閲覧者（ケアマネジャー・協力機関）")


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    districts = models.ManyToManyField(
        "places.Place",
        verbose_name=_("担当地区"),
        blank=True,
        related_name="officer_memberships",
        help_text=_("区社協地区担当の場合、担当する地区。"),
    )
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class GrantQuerySet(models.QuerySet):
    def active(self, today=None) -> GrantQuerySet:
        """Grants in force: not revoked, begun, not past their last day, held by an active account."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today, user__is_active=True)


class Grant(models.Model):
    """One action over one place's subtree for one person, on top of their roles: for a reason,
    given by someone allowed to give it, until a date (inclusive). Never edited: revoked, or left
    to expire; a new grant is given for a new period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("対象の職員"), on_delete=models.CASCADE, related_name="grants"
    )
    action = models.CharField(_("操作"), max_length=80)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("場所"), on_delete=models.PROTECT, related_name="grants"
    )
    reason = models.TextField(_("理由"))
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"), help_text=_("この日まで有効です。"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("許可した人"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("取り消し日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("取り消した人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("個別の許可")
        verbose_name_plural = _("個別の許可")
        ordering = ["-ends_on", "-pk"]
        indexes = [models.Index(fields=["user", "action"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="grant_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.action} @ {self.place} 〜{self.ends_on:%Y-%m-%d}"

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return self.revoked_at is None and self.starts_on <= today <= self.ends_on
