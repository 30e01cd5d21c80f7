"""区全体の協力先: companies and shops that serve many CP areas (南区: seven taxi companies consulted,
two cooperate; 栄区: supermarkets with 19 mobile-sales sites; 都筑区: taxi companies at the 考える会).

A partner is a people.Organisation seen from one ward: the organisation itself is placed at the
ward or the city (a chain serves several wards), and each ward keeps its own record of it — how far
cooperation has come (with every change kept, dated), what it offers, whom to call, what was said.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tsunagu.partners import access
from tsunagu.people import policy


class Status(models.TextChoices):
    NOT_CONTACTED = "not_contacted", _("未接触")
    CONSULTING = "consulting", _("打診中")
    COOPERATING = "cooperating", _("協力中")
    DECLINED = "declined", _("見送り")


class Offer(models.TextChoices):
    """What a partner offers, as tags a coordinator searches by."""

    TRANSPORT = "transport", _("送迎")
    MOBILE_SALES = "mobile_sales", _("移動販売")
    DELIVERY = "delivery", _("配達")
    SHOPPING = "shopping", _("買物支援")
    WATCH = "watch", _("見守り")
    TRAINING = "training", _("研修の受講")
    VENUE = "venue", _("場所の提供")
    OTHER = "other", _("その他")


def codes_text(codes) -> str:
    return "," + ",".join(codes) + "," if codes else ""


def codes_of(text: str) -> list[str]:
    return [c for c in (text or "").split(",") if c]


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartnerQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> PartnerQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def in_ward(self, ward) -> PartnerQuerySet:
        return self.filter(place=ward)

    def visible_in_ward(self, user, ward) -> PartnerQuerySet:
        """visible_to(user).in_ward(ward) (policy.visible_under)."""
        return policy.visible_under(user, ward, self.in_ward(ward), access.VIEW)

    def offering(self, code: str) -> PartnerQuerySet:
        return self.filter(offers__contains=f",{code},")

    def counts_by_kind(self):
        """(organisation kind, status, number of partners): one grouped query, for the ward view."""
        return self.values_list("organisation__kind", "status").annotate(n=Count("pk")).order_by()

    def counts(self) -> dict[str, int]:
        """How many partners are at each status, and how many were ever approached (打診した:
        everyone past 未接触 — 南区's "seven companies consulted")."""
        rows = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        counts = {s: rows.get(s, 0) for s in Status.values}
        counts["approached"] = sum(n for s, n in counts.items() if s != Status.NOT_CONTACTED)
        counts["total"] = sum(rows.values())
        return counts


class Partner(models.Model):
    organisation = models.ForeignKey("people.Organisation", verbose_name=_("団体"), on_delete=models.PROTECT,
                                     related_name="partner_records")
    # The ward whose partner this is (the organisation itself may be placed at the city).
    place = models.ForeignKey("places.Place", verbose_name=_("区"), on_delete=models.PROTECT, related_name="partners")
    status = models.CharField(_("協力の状況"), max_length=20, choices=Status.choices, default=Status.NOT_CONTACTED)
    status_since = models.DateField(_("この状況になった日"))
    offer = models.TextField(_("提供できること"), blank=True)
    offers = models.CharField(_("提供できること（分類）"), max_length=200, blank=True, default="")
    area = models.CharField(_("対応できる地域"), max_length=200, blank=True,
                            help_text=_("例：区内全域、南部の3地区"))
    note = models.TextField(_("メモ"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("区全体の協力先")
        verbose_name_plural = _("区全体の協力先")
        ordering = ["organisation__name_kana", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "place"], name="one_partner_per_ward")]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def offer_list(self) -> list[str]:
        return codes_of(self.offers)

    @property
    def offer_labels(self) -> list[str]:
        return [str(Offer(c).label) for c in self.offer_list if c in Offer.values]


class StatusChange(models.Model):
    """One step of the pipeline, never overwritten: 打診中 on 9/1, 協力中 on 10/15 …"""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("協力の状況"), max_length=20, choices=Status.choices)
    previous = models.CharField(_("前の状況"), max_length=20, choices=Status.choices, blank=True)
    on = models.DateField(_("日付"))
    note = models.CharField(_("理由・経緯"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_status_display()}"


class PartnerContact(models.Model):
    """Whom this ward talks to at the partner (the 営業所's 担当, the store manager). Staff-only."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("氏名"), max_length=100)
    title = models.CharField(_("所属・役職"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    note = models.CharField(_("メモ"), max_length=300, blank=True, help_text=_("例：平日午前がつながりやすい"))

    class Meta:
        verbose_name = _("協力先の担当者")
        verbose_name_plural = _("協力先の担当者")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ContactLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> ContactLogQuerySet:
        return self.filter(policy.within(user, access.CONTACTS))

    def changeable_by(self, user) -> ContactLogQuerySet:
        return self.filter(policy.within(user, access.WRITE))


class ContactLogEntry(models.Model):
    """A dated talk with the partner: who talked with whom, what was said and agreed. Filed where the
    writer works (the ward, or a 2層Co's CP area), so that each writes their own. Staff-only."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="log")
    place = models.ForeignKey("places.Place", verbose_name=_("記録する地域"), on_delete=models.PROTECT,
                              related_name="+")
    date = models.DateField(_("日付"))
    our_people = models.CharField(_("こちらの出席者"), max_length=200, blank=True)
    their_people = models.CharField(_("先方"), max_length=200, blank=True,
                                    help_text=_("話した相手（担当者の名前など）"))
    summary = models.TextField(_("話したこと"))
    agreed = models.TextField(_("決まったこと・約束"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("連絡の記録")
        verbose_name_plural = _("連絡の記録")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.partner}"

