"""地域アセスメント's data: the city's population by place and date, as imported.

One row per (date, place, source): the city's 町丁別年齢別人口 gives the city, each ward and
each 町丁目 it could place; the ward estimates (推計人口) give the wards and the city at their own
date. Ages are kept whole (both sexes added, 0…120+) so that any band can be read later; the
bands the screens use (65+, 75+, 85+) are stored beside them so that a city's worth of 町丁目 is
summed in the database. CP areas and districts are not stored: they are the sum of their 町丁目
(the tree changes as areas are drawn; the figures do not).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CHOCHO = "chocho", _("町丁別年齢別人口（住民基本台帳）")
    ESTIMATE = "estimate", _("年齢別推計人口")


class PopulationQuerySet(models.QuerySet):
    def on(self, date, source: str = Source.CHOCHO) -> PopulationQuerySet:
        return self.filter(date=date, source=source)

    def under(self, place) -> PopulationQuerySet:
        return self.filter(place__path__startswith=place.path)

    def blocks(self) -> PopulationQuerySet:
        return self.filter(place__kind="block")

    def totals(self) -> dict:
        """The sum of the rows (suppressed ones count nothing)."""
        sums = self.filter(suppressed=False).aggregate(
            total=Sum("total"), aged_65=Sum("aged_65"), aged_75=Sum("aged_75"), aged_85=Sum("aged_85"))
        return {key: value or 0 for key, value in sums.items()}


class Population(models.Model):
    date = models.DateField(_("基準日"))
    source = models.CharField(_("出典"), max_length=10, choices=Source.choices, default=Source.CHOCHO)
    place = models.ForeignKey("places.Place", verbose_name=_("場所"), on_delete=models.CASCADE, related_name="+")
    total = models.PositiveIntegerField(_("人口"), default=0)
    male = models.PositiveIntegerField(_("男"), default=0)
    female = models.PositiveIntegerField(_("女"), default=0)
    aged_65 = models.PositiveIntegerField(_("65歳以上"), default=0)
    aged_75 = models.PositiveIntegerField(_("75歳以上"), default=0)
    aged_85 = models.PositiveIntegerField(_("85歳以上"), default=0)
    # Both sexes, index = age (the last is "120歳以上", or the estimates' "100歳以上").
    ages = models.JSONField(_("年齢別"), default=list)
    # The city publishes "X" for a 町丁目 with very few people: its figures are unknown (counted
    # only in the ward's total). Such a row says so rather than showing 0.
    suppressed = models.BooleanField(_("秘匿"), default=False)

    objects = PopulationQuerySet.as_manager()

    class Meta:
        verbose_name = _("人口")
        verbose_name_plural = _("人口")
        constraints = [models.UniqueConstraint(fields=["date", "source", "place"], name="population_once")]
        indexes = [models.Index(fields=["date", "source"], name="population_date")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.date} {self.total}"


class PopulationImport(models.Model):
    """One run of import_population: what it read and the rows it could not place, kept so that
    the figures can be held against the city's own and the gaps explained."""

    date = models.DateField(_("基準日"))
    source = models.CharField(_("出典"), max_length=10, choices=Source.choices, default=Source.CHOCHO)
    imported_at = models.DateTimeField(_("取込日時"), auto_now_add=True)
    files = models.JSONField(_("ファイル"), default=list)
    placed = models.PositiveIntegerField(_("町丁目に結び付けた行"), default=0)
    # [{"ward": "中区", "name": "…", "total": 12 or None, "reason": "…"}]
    unplaced = models.JSONField(_("結び付けられなかった行"), default=list)

    class Meta:
        verbose_name = _("人口の取込")
        verbose_name_plural = _("人口の取込")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.date} {self.source}"


class Reading(models.Model):
    """The coordinator's own reading of an area's figures (泉区's liaison meeting: what the data
    says to the people who know the place). One per place; printed on the assessment report."""

    place = models.OneToOneField("places.Place", verbose_name=_("地域"), on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("所見（読み取り）"), blank=True)
    written_by = models.CharField(_("書いた人"), max_length=150, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("所見")
        verbose_name_plural = _("所見")

    def __str__(self) -> str:
        return f"{self.place_id}"


class Cell(models.Model):
    """A 町丁目's approximate area (おおよその区域) for the choropleth: the Voronoi cell of its
    point among its ward's 町丁目, clipped to the ward's boundary (cells.py). Computed once and
    stored; rebuilt when the places change (manage.py build_cells)."""

    place = models.OneToOneField("places.Place", on_delete=models.CASCADE, related_name="+")
    geometry = models.JSONField()  # GeoJSON Polygon/MultiPolygon, coordinates rounded to ~1 m

    class Meta:
        verbose_name = _("おおよその区域")
        verbose_name_plural = _("おおよその区域")

    def __str__(self) -> str:
        return f"{self.place_id}"
