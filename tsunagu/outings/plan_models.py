"""配車計画: the dispatch plan of one outing day in one direction (行き / 帰り), as the coordinator
last saved it. Imported into models.py so that Django finds it; kept apart because the plan
screens (plan_views.py, plan_services.py, planning.py) are a part of their own.

The routes are kept by keys (a car's key, a rider group's key and "p"/"d" per stop, see
planning.Refs), not by the solver's node numbers, so that a plan survives a participant added or
a car cancelled: it is read back on today's data and checked again (planning.refs_to_routes), and
whatever no longer fits shows as a breach instead of silently disappearing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.outings import access
from tsunagu.people import policy


class Direction(models.TextChoices):
    TO = "to", _("行き")
    BACK = "back", _("帰り")


class Split(models.TextChoices):
    """How a car's fare is shared among its riders (the coordinator chooses per plan)."""

    EQUAL = "equal", _("均等割")
    BY_DISTANCE = "distance", _("距離按分")
    BY_TIME = "time", _("乗車時間按分")


class DispatchPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> DispatchPlanQuerySet:
        return self.filter(policy.within(user, access.VIEW, "day__outing__place__path"))

    def changeable_by(self, user) -> DispatchPlanQuerySet:
        return self.filter(policy.within(user, access.WRITE, "day__outing__place__path"))


class DispatchPlan(models.Model):
    day = models.ForeignKey("outings.OutingDay", on_delete=models.CASCADE, related_name="plans")
    direction = models.CharField(_("行き・帰り"), max_length=4, choices=Direction.choices)
    # planning.Refs: per car (in the order of `cars`), [[group key, "p" | "d"], …].
    routes = models.JSONField(default=list)
    # The cars the routes were made for: [[key, name], …] (a car cancelled since loses its route).
    cars = models.JSONField(default=list)
    # Service start at each stop, minutes from 00:00, as last computed (the screens recompute).
    times = models.JSONField(default=list)
    # planning.Rules as a dict: the rules this day's plan is made and checked with.
    rules = models.JSONField(default=dict)
    split = models.CharField(_("運賃の分け方"), max_length=10, choices=Split.choices, default=Split.EQUAL)
    distance_km = models.FloatField(_("走行距離（km）"), default=0)
    fare_total = models.PositiveIntegerField(_("見込み運賃（円）"), default=0)
    alone_total = models.PositiveIntegerField(_("乗り合わせない場合（円）"), default=0)
    # The rule breaches when it was saved (messages, Japanese); [] = valid when saved.
    breaches = models.JSONField(default=list)
    routing = models.CharField(max_length=10, default="straight")  # "straight" | "road"
    solved_seconds = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DispatchPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("配車計画")
        verbose_name_plural = _("配車計画")
        constraints = [models.UniqueConstraint(fields=["day", "direction"], name="one_plan_a_day_and_direction")]
        ordering = ["day", "direction"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_direction_display()}"

    @property
    def solved(self) -> bool:
        return bool(self.routes)

    @property
    def valid(self) -> bool:
        return self.solved and not self.breaches
