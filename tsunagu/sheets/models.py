"""取組共有シート: one sheet per CP area per 年度 (青葉区's practice in the casebook).

A sheet has five sections — 目指す地域の姿, 現状認識・課題, 具体的な取組計画 (with its plan items),
振り返り 上半期 and 振り返り 年度末 — each with its own text, status and version, so that two people
editing different sections never conflict while two editing the same one are stopped
(tsunagu.lib.concurrency). Plan items carry a pillar and a goal; their half-year and year-end
reviews are written inside the review sections. Every change is kept as a SheetChange
(who, when, old → new, and the full state after it), which is also the common ancestor a
conflict screen compares both texts with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label
from tsunagu.lib.morphology import with_every_word
from tsunagu.lib.programme import Pillar
from tsunagu.people import policy
from tsunagu.sheets import access


class SectionKey(models.TextChoices):
    VISION = "vision", _("目指す地域の姿")
    CURRENT = "current", _("現状認識・課題")
    PLAN = "plan", _("具体的な取組計画")
    REVIEW_HALF = "review_half", _("振り返り（上半期）")
    REVIEW_YEAR = "review_year", _("振り返り（年度末）")


SECTION_ORDER = [key.value for key in SectionKey]
# The review sections also hold each plan item's review of that period, in this PlanItem field.
REVIEW_FIELDS = {SectionKey.REVIEW_HALF: "review_half", SectionKey.REVIEW_YEAR: "review_year"}


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未着手")
    DRAFTING = "drafting", _("作成中")
    SUBMITTED = "submitted", _("提出済")
    CONFIRMED = "confirmed", _("確認済")


class SheetQuerySet(models.QuerySet):
    def visible_to(self, user) -> SheetQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> SheetQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def visible_under(self, user, place) -> SheetQuerySet:
        """visible_to(user) of the sheets under the place (policy.visible_under)."""
        return policy.visible_under(user, place, self.under(place), access.VIEW)

    def of_year(self, fiscal_year: int) -> SheetQuerySet:
        return self.filter(fiscal_year=fiscal_year)

    def under(self, place) -> SheetQuerySet:
        return self.filter(place__path__startswith=place.path)

    def search(self, query: str) -> SheetQuerySet:
        """Every word of the query, in any of its spellings (lib/morphology.py: normalised forms and
        readings), in the sheet's text."""
        return with_every_word(self, query)


class Sheet(models.Model):
    place = models.ForeignKey("places.Place", verbose_name=_("CPエリア"), on_delete=models.PROTECT,
                              related_name="sheets")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    # The 2層Co who writes it, when a CP wants the name on the sheet; the sheet belongs to the CP.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記入者"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    carried_from = models.ForeignKey("self", verbose_name=_("引き継ぎ元"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="carried_to")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組共有シート")
        verbose_name_plural = _("取組共有シート")
        ordering = ["-fiscal_year", "place__path"]
        constraints = [models.UniqueConstraint(fields=["place", "fiscal_year"], name="unique_sheet_per_year")]

    def __str__(self) -> str:
        return f"{self.place.name} {fiscal_year_label(self.fiscal_year)}"

    def can_be_written_by(self, user) -> bool:
        return policy.can_at(user, access.WRITE, self.place)

    def can_be_reviewed_by(self, user) -> bool:
        """Comments and 確認済 are the 1層Co's: those who write records across the sheet's whole ward
        (and the city's administrators), not the CP's own 2層Co."""
        ward = policy.ward_path(self.place)
        return any(ward.startswith(p) for p in policy.prefixes(user, access.WRITE))

    def section(self, key: str) -> Section:
        return next(s for s in self.sections.all() if s.key == key)


class Section(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("欄"), max_length=16, choices=SectionKey.choices)
    text = models.TextField(_("内容"), blank=True)
    status = models.CharField(_("状態"), max_length=16, choices=SectionStatus.choices,
                              default=SectionStatus.NOT_STARTED)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("シートの欄")
        verbose_name_plural = _("シートの欄")
        constraints = [models.UniqueConstraint(fields=["sheet", "key"], name="unique_section_per_sheet")]

    def __str__(self) -> str:
        return f"{self.sheet} {self.get_key_display()}"

    @property
    def order(self) -> int:
        return SECTION_ORDER.index(self.key)

    @property
    def review_field(self) -> str | None:
        return REVIEW_FIELDS.get(self.key)


class PlanItemQuerySet(models.QuerySet):
    def for_memo_at(self, place, day) -> PlanItemQuerySet:
        """The plan items a memo at this place on this day may serve: those of its CP area's sheet
        for that 年度 (none for a place outside any CP area)."""
        from tsunagu.places.models import Kind

        area = place.ancestor_of_kind(Kind.CP_AREA) if place is not None and day is not None else None
        if area is None:
            return self.none()
        return self.filter(sheet__place=area, sheet__fiscal_year=fiscal_year(day)).order_by("order", "pk")


class PlanItem(models.Model):
    """One line of 具体的な取組計画: what the CP will do this year, under which pillar, to what end."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="plan_items")
    order = models.PositiveSmallIntegerField(_("順番"), default=0)
    title = models.CharField(_("取組"), max_length=200)
    pillar = models.CharField(_("柱"), max_length=20, choices=Pillar.choices)
    goal = models.TextField(_("目標"), blank=True)
    review_half = models.TextField(_("上半期の振り返り"), blank=True)
    review_year = models.TextField(_("年度末の振り返り"), blank=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組計画の項目")
        verbose_name_plural = _("取組計画の項目")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class SectionComment(models.Model):
    """The 1層Co's comment on a section, answered in the text and then marked 対応済."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    text = models.TextField(_("コメント"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("対応済"), default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("コメント")
        verbose_name_plural = _("コメント")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class SheetChangeQuerySet(models.QuerySet):
    def made(self, section_key: str, version: int | None, plan_item: PlanItem | None = None) -> SheetChange | None:
        """The change that gave a section (or, with plan_item, a plan item) this version: the state
        a form opened at that version was based on."""
        if version is None:
            return None
        return (self.filter(section_key=section_key, version=version, plan_item=plan_item)
                .order_by("-pk").first())


class SheetChange(models.Model):
    """One change to a section or a plan item, with the state after it.

    `version` is the section's (or, with plan_item set, the item's) version the change produced:
    the state a form was based on is the change whose version is the form's seen version.
    """

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="changes")
    section_key = models.CharField(max_length=16, choices=SectionKey.choices)
    plan_item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    # The item's title when it changed: still readable after the item is removed.
    subject = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField()
    how = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)

    objects = SheetChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["sheet", "section_key", "version"])]

    def __str__(self) -> str:
        return f"{self.sheet} {self.section_key} v{self.version} {self.how}"
