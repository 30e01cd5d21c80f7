"""地域支援計画: the support plan of one district (地区), written together by the 区社協's district
officer and the CP's 2層Co — the district's situation and issues, its goals for a few 年度 and
the directions of the work (青葉区, domain.md).

A district sits in a CP area, or directly under the ward; a plan of such a ward-level district
names the CP area it is written with (partner_area), whose 2層Co may then edit it too. Every
save keeps a full version (PlanVersion), so the history reads old → new and any version can be
restored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.district_plans import access
from tsunagu.lib import fiscal
from tsunagu.lib.morphology import with_every_word
from tsunagu.people import policy
from tsunagu.places.models import Kind


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", _("作成中")
    ADOPTED = "adopted", _("策定済み")
    REVIEWING = "reviewing", _("見直し中")
    ENDED = "ended", _("終了")


def districts_for_plans(user):
    """Districts where this user may start a plan."""
    return policy.places_where(user, access.WRITE).filter(kind=Kind.DISTRICT)


class DistrictPlanQuerySet(models.QuerySet):
    """By the district, or by the partner CP area a plan of a ward-level district names."""

    def visible_to(self, user) -> DistrictPlanQuerySet:
        return self.filter(policy.within(user, access.VIEW, "district__path")
                           | policy.within(user, access.VIEW, "partner_area__path"))

    def visible_under(self, user, place) -> DistrictPlanQuerySet:
        """visible_to(user) of the plans of a district, or with a partner CP area, under the place
        (policy.visible_under)."""
        under = self.filter(models.Q(district__path__startswith=place.path)
                            | models.Q(partner_area__path__startswith=place.path))
        return policy.visible_under(user, place, under, access.VIEW)

    def changeable_by(self, user) -> DistrictPlanQuerySet:
        return self.filter(policy.within(user, access.WRITE, "district__path")
                           | policy.within(user, access.WRITE, "partner_area__path"))

    def search(self, query: str) -> DistrictPlanQuerySet:
        """Every word of the query, in any of its spellings (lib/morphology.py: normalised forms and
        readings), in the plan's text."""
        return with_every_word(self, query)

    def covering(self, fiscal_year: int) -> DistrictPlanQuerySet:
        return self.filter(start_year__lte=fiscal_year, end_year__gte=fiscal_year)


class DistrictPlan(models.Model):
    district = models.ForeignKey("places.Place", verbose_name=_("地区"), on_delete=models.PROTECT,
                                 related_name="district_plans")
    partner_area = models.ForeignKey(
        "places.Place", verbose_name=_("一緒に作るCPエリア"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="partner_district_plans",
        help_text=_("区に直接属する地区の計画で、一緒に作るケアプラザのエリア。そのエリアの2層Coも編集できます。"))
    start_year = models.PositiveSmallIntegerField(_("開始年度"))
    end_year = models.PositiveSmallIntegerField(_("終了年度"))
    status = models.CharField(_("状態"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFTING)
    current_state = models.TextField(_("地区の現状・課題"), blank=True)
    # Several goals, in the order the plan lists them.
    goals = models.JSONField(_("目標"), default=list, blank=True)
    directions = models.TextField(_("取組の方向性"), blank=True)
    partners = models.TextField(_("連携する団体・関係者"), blank=True)
    partner_organisations = models.ManyToManyField("people.Organisation", verbose_name=_("関係団体（登録済み）"),
                                                   blank=True, related_name="district_plans")
    note = models.TextField(_("備考"), blank=True)
    search_text = models.TextField(editable=False, default="")
    # Raised on every save through a service; a form that saw an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DistrictPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("地域支援計画")
        verbose_name_plural = _("地域支援計画")
        ordering = ["district__path", "-start_year"]
        indexes = [models.Index(fields=["district", "start_year"])]

    def __str__(self) -> str:
        return f"{self.district.name} {self.period_label}"

    @property
    def period_label(self) -> str:
        """令和8年度〜令和10年度 (one year: 令和8年度); in English FY2026–FY2028."""
        from tsunagu.lib import dates

        start = dates.fiscal_year_name(self.start_year)
        if self.end_year == self.start_year:
            return start
        return f"{start}{'–' if dates.english() else '〜'}{dates.fiscal_year_name(self.end_year)}"

    @property
    def period_label_full(self) -> str:
        """令和8年度〜令和10年度（2026〜2028年度）, as the plan's page and print head it; FY2026–FY2028."""
        from tsunagu.lib import dates

        if dates.english():
            return self.period_label
        years = str(self.start_year) if self.end_year == self.start_year else f"{self.start_year}〜{self.end_year}"
        return f"{self.period_label}（{years}年度）"

    @property
    def period_dates(self):
        """First and last day of the plan's period."""
        return fiscal.fiscal_year_range(self.start_year)[0], fiscal.fiscal_year_range(self.end_year)[1]


    def can_be_written_by(self, user) -> bool:
        return policy.can_at(user, access.WRITE, self.district) or policy.can_at(user, access.WRITE, self.partner_area)

class PlanVersion(models.Model):
    """A full copy of a plan after each change: history shows old → new, restore goes back."""

    plan = models.ForeignKey(DistrictPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    how = models.CharField(max_length=40, blank=True)
    data = models.JSONField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def restored_from(self) -> int | None:
        return int(self.how.removeprefix("restore:")) if self.how.startswith("restore:") else None
