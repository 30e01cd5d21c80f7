"""ヒアリング: the 1層Co hears every 2層Co of the ward on the same items (神奈川区: 通いの場, 生活支援,
見守り, 移動支援・移動販売, 地域支援・地福計画, 個別相談の傾向) and compares the answers across CPs.

    HearingSet    a ward's list of items (a ward may keep several)
    HearingItem   one item: a title and what to ask
    HearingRound  one hearing: a name, dates, the set, and one sheet per CP area
    RoundItem     the items a round asks, fixed when it opens
    HearingSheet  one CP area's answers in a round, with status and version
    HearingAnswer the answer to one item

Old answers keep their meaning when a set is edited: an item a round has used is never changed
in place. Editing it retires it and adds a new item in its place, so past rounds show the
question they asked, and later rounds the new one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.hearings import access
from tsunagu.lib.morphology import matching, words_with_alternatives
from tsunagu.people import policy
from tsunagu.places.models import Kind


def wards_run_by(user):
    """Wards whose hearings (item sets, rounds) this user runs: those who write records across the
    whole ward — the 1層Co — and the city's administrators."""
    return policy.places_where(user, access.WRITE).filter(kind=Kind.WARD)


class HearingSetQuerySet(models.QuerySet):
    """Item sets: read across the ward; written only by those who write at the ward itself."""

    def visible_to(self, user) -> HearingSetQuerySet:
        return self.filter(policy.within(user, access.VIEW, "ward__path"))

    def changeable_by(self, user) -> HearingSetQuerySet:
        return self.filter(policy.within(user, access.WRITE, "ward__path"))


class HearingSet(models.Model):
    ward = models.ForeignKey("places.Place", verbose_name=_("区"), on_delete=models.PROTECT,
                             related_name="hearing_sets")
    name = models.CharField(_("項目セットの名前"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HearingSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("ヒアリング項目セット")
        verbose_name_plural = _("ヒアリング項目セット")
        ordering = ["ward__code", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def active_items(self):
        return self.items.filter(is_active=True).order_by("position", "pk")


class HearingItem(models.Model):
    item_set = models.ForeignKey(HearingSet, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("順番"), default=0)
    title = models.CharField(_("項目"), max_length=100)
    prompt = models.TextField(_("聞くこと・書き方の手引き"), blank=True)
    # False once replaced by an edited copy or taken out of the set; rounds that asked it keep it.
    is_active = models.BooleanField(default=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("ヒアリング項目")
        verbose_name_plural = _("ヒアリング項目")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class HearingRoundQuerySet(models.QuerySet):
    """Rounds: readable across the ward, or where one of its sheets is (a CP's staff read only their
    own area's); run only by those who write at the ward itself."""

    def visible_to(self, user) -> HearingRoundQuerySet:
        own_sheets = HearingSheet.objects.visible_to(user).values("round_id")
        return self.filter(policy.within(user, access.VIEW, "ward__path") | models.Q(pk__in=own_sheets))

    def changeable_by(self, user) -> HearingRoundQuerySet:
        return self.filter(policy.within(user, access.WRITE, "ward__path"))


class HearingRound(models.Model):
    ward = models.ForeignKey("places.Place", verbose_name=_("区"), on_delete=models.PROTECT,
                             related_name="hearing_rounds")
    item_set = models.ForeignKey(HearingSet, verbose_name=_("項目セット"), on_delete=models.PROTECT,
                                 related_name="rounds")
    name = models.CharField(_("ヒアリングの名前"), max_length=100, help_text=_("例：令和8年度 上半期ヒアリング"))
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    note = models.TextField(_("備考"), blank=True)
    items = models.ManyToManyField(HearingItem, through="RoundItem", related_name="rounds")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HearingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("ヒアリング")
        verbose_name_plural = _("ヒアリング")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def asked_items(self) -> list[HearingItem]:
        """The items this round asks, in its own order."""
        return [ri.item for ri in self.round_items.select_related("item").order_by("position", "pk")]


class RoundItem(models.Model):
    round = models.ForeignKey(HearingRound, on_delete=models.CASCADE, related_name="round_items")
    item = models.ForeignKey(HearingItem, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="unique_round_item")]

    def __str__(self) -> str:
        return f"{self.round} {self.item}"


class SheetStatus(models.TextChoices):
    EMPTY = "empty", _("未記入")
    IN_PROGRESS = "in_progress", _("記入中")
    SUBMITTED = "submitted", _("提出済")


class HearingSheetQuerySet(models.QuerySet):
    """One CP area's sheet of a round: read as records are read; written by the CP's 2層Co and the
    ward's 1層Co."""

    def visible_to(self, user) -> HearingSheetQuerySet:
        return self.filter(policy.within(user, access.VIEW, "area__path"))

    def visible_under(self, user, place) -> HearingSheetQuerySet:
        """visible_to(user) of the sheets of the CP areas under the place (policy.visible_under)."""
        return policy.visible_under(user, place, self.filter(area__path__startswith=place.path), access.VIEW)

    def changeable_by(self, user) -> HearingSheetQuerySet:
        return self.filter(policy.within(user, access.WRITE, "area__path"))

    def search(self, query: str) -> HearingSheetQuerySet:
        """Sheets with an answer holding every word of the query, in any of its spellings
        (lib/morphology.py)."""
        qs = self
        for alternatives in words_with_alternatives(query):
            answers = HearingAnswer.objects.filter(matching([alternatives]))
            qs = qs.filter(pk__in=answers.values("sheet_id"))
        return qs


class HearingSheet(models.Model):
    round = models.ForeignKey(HearingRound, on_delete=models.CASCADE, related_name="sheets")
    area = models.ForeignKey("places.Place", verbose_name=_("CPエリア"), on_delete=models.PROTECT,
                             related_name="hearing_sheets")
    status = models.CharField(_("状態"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.EMPTY)
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記入した人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    filled_by_name = models.CharField(_("記入した人"), max_length=150, blank=True)
    filled_at = models.DateTimeField(_("記入日時"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HearingSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("ヒアリングシート")
        verbose_name_plural = _("ヒアリングシート")
        ordering = ["round", "area__code"]
        constraints = [models.UniqueConstraint(fields=["round", "area"], name="unique_hearing_sheet")]

    def __str__(self) -> str:
        return f"{self.round.name} {self.area.name}"

    @property
    def is_submitted(self) -> bool:
        """Handed in: only then are its answers compared across CPs and read at the liaison meeting."""
        return self.status == SheetStatus.SUBMITTED

    def answers_by_item(self) -> dict[int, HearingAnswer]:
        return {a.item_id: a for a in self.answers.all()}


class HearingAnswer(models.Model):
    sheet = models.ForeignKey(HearingSheet, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(HearingItem, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("回答"), blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="unique_hearing_answer")]

    def __str__(self) -> str:
        return f"{self.sheet} {self.item}"


class SheetVersion(models.Model):
    """A full copy of a sheet after each save: the history, and the base of the conflict screen."""

    sheet = models.ForeignKey(HearingSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    data = models.JSONField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="unique_sheet_version")]

    def __str__(self) -> str:
        return f"{self.sheet} v{self.number}"
