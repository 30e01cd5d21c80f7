"""The places tree: 市 → 区 → CP area → 地区 → 自治会町内会, with 町丁目 attached.

One model with a kind and a materialised path ("/12/40/233/"), so that everything under a
place is one indexed prefix filter on SQLite and PostgreSQL alike (architecture.md). The city
is the root, so a second municipality is a second tree.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.japanese import search_text


class Kind(models.TextChoices):
    CITY = "city", _("市")
    WARD = "ward", _("区")
    CP_AREA = "cp_area", _("CPエリア")
    DISTRICT = "district", _("地区")
    ASSOCIATION = "association", _("自治会町内会")
    BLOCK = "block", _("町丁目")


# Which kinds may sit directly under which. 町丁目 hang under the smallest place that
# contains them, and may be re-attached as CP areas and districts are drawn.
ALLOWED_PARENTS: dict[str, set[str]] = {
    Kind.CITY: set(),
    Kind.WARD: {Kind.CITY},
    Kind.CP_AREA: {Kind.WARD},
    Kind.DISTRICT: {Kind.CP_AREA, Kind.WARD},
    Kind.ASSOCIATION: {Kind.DISTRICT, Kind.CP_AREA},
    Kind.BLOCK: {Kind.WARD, Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION},
}
KIND_ORDER = [k.value for k in Kind]


def normalize_code(text: str) -> str:
    """A code as typed, with width folded (１４１０４→14104), Latin letters in upper case and no
    spaces. Kana stay as they are: many 町丁目 codes hold hiragana (14104-かもめ町), and the
    search normalisation, which turns them into katakana, would make them a different code."""
    return "".join(unicodedata.normalize("NFKC", text or "").upper().split())


class PlaceQuerySet(models.QuerySet):
    def under(self, place: Place, include_self: bool = True) -> PlaceQuerySet:
        qs = self.filter(path__startswith=place.path)
        return qs if include_self else qs.exclude(pk=place.pk)

    def of_kind(self, *kinds: str) -> PlaceQuerySet:
        return self.filter(kind__in=kinds)

    def search(self, query: str) -> PlaceQuerySet:
        from tsunagu.lib.japanese import normalize

        q = normalize(query)
        return self.filter(search_text__contains=q) if q else self


class Place(models.Model):
    kind = models.CharField(_("種別"), max_length=16, choices=Kind.choices)
    code = models.CharField(
        _("コード"),
        max_length=64,
        unique=True,
        help_text=_("公的なコードがあればそれを（区は14101…）、なければ区で決めたコードを入れます。"),
    )
    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上位の場所"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("経度"), null=True, blank=True)
    boundary = models.JSONField(_("境界（GeoJSON）"), null=True, blank=True)
    note = models.TextField(_("備考"), blank=True)
    # A ward's (or CP area's) own name for its printed directory, on the booklet's cover: 瀬谷区's
    # is 「せやまるシニアプラス」. Places below use their nearest ancestor's.
    booklet_title = models.CharField(_("冊子の名前"), max_length=60, blank=True,
                                     help_text=_("地域で親しまれている冊子の名前（例：せやまるシニアプラス）。表紙に大きく印刷します。"))
    search_text = models.TextField(editable=False, default="")
    # Raised on every save through a service; a form that saw an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("場所")
        verbose_name_plural = _("場所")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.name_kana, self.code)
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        if self.pk is None:
            # The path holds the primary key, which the first insert gives.
            self.path = ""
            super().save(*args, **kwargs)
            self.path = self._expected_path()
            Place.objects.filter(pk=self.pk).update(path=self.path)
            return
        old_path = Place.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self._expected_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._rewrite_descendants(old_path)

    def _expected_path(self) -> str:
        return f"{self.parent.path if self.parent_id else '/'}{self.pk}/"

    def _rewrite_descendants(self, old_path: str) -> None:
        # A move keeps the subtree together: every descendant's path changes its prefix.
        moved = list(Place.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
        for place in moved:
            place.path = self.path + place.path[len(old_path) :]
            place.depth = place.path.count("/") - 2
        Place.objects.bulk_update(moved, ["path", "depth"], batch_size=500)

    def ancestors(self) -> list[Place]:
        """From the root down to the parent, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = Place.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def ancestor_of_kind(self, kind: str) -> Place | None:
        if self.kind == kind:
            return self
        return next((p for p in self.ancestors() if p.kind == kind), None)

    def is_within(self, other: Place) -> bool:
        return self.path.startswith(other.path)

    @property
    def root_path(self) -> str:
        return "/" + self.path.strip("/").split("/")[0] + "/"
