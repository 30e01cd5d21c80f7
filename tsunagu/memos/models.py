"""取組メモ: what a coordinator did, written right after the visit (西区's practice).

A memo is filed under the programme's pillars and the coordinator's functions (several of each),
a kind and a stage of the community-building process (editable lists), a place in the tree
(CP area, district or association) and the plan items of the CP's 取組共有シート it serves.

Pillars and functions are fixed vocabularies stored as ",code,code," so that "memos under
見守り・つながり" is one `contains` filter on SQLite and PostgreSQL alike, and counting per pillar
for the ward view is a conditional Count (Memo.pillar_q).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.fiscal import fiscal_year, fiscal_year_range
from tsunagu.lib.morphology import with_every_word
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos import access
from tsunagu.people import policy
from tsunagu.people.models import Role
from tsunagu.places.models import Kind


class TermQuerySet(models.QuerySet):
    def for_ward(self, ward) -> TermQuerySet:
        """The programme's defaults and the ward's own terms (ward None: the defaults only)."""
        q = Q(ward__isnull=True)
        if ward is not None:
            q |= Q(ward=ward)
        return self.filter(q)

    def for_wards(self, wards) -> TermQuerySet:
        return self.filter(Q(ward__isnull=True) | Q(ward__in=list(wards)))

    def active(self) -> TermQuerySet:
        return self.filter(active=True)


# The programme's default entries (seeded by migration 0002), as words of the interface: a person
# who reads English reads them in English. A ward's own entries, and a default an administrator
# renamed, are shown as typed.
DEFAULT_TERM_LABELS = {
    "地域アセスメント": _("地域アセスメント"), "協議体": _("協議体"), "立ち上げ支援": _("立ち上げ支援"),
    "継続支援": _("継続支援"), "交流会": _("交流会"), "研修": _("研修"), "個別相談": _("個別相談"),
    "関係機関連携": _("関係機関連携"), "その他": _("その他"),
    "把握": _("把握"), "共有": _("共有"), "検討": _("検討"), "実践": _("実践"), "継続・振り返り": _("継続・振り返り"),
}


class Term(models.Model):
    """An entry of an editable list. Without a ward it is one of the programme's defaults (seeded,
    edited by city administrators); with a ward, an entry that ward's 1層Co added for its CPs."""

    ward = models.ForeignKey("places.Place", verbose_name=_("区"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", help_text=_("空欄は全区共通の項目です。"))
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)
    active = models.BooleanField(_("使う"), default=True, help_text=_("外すと新しいメモでは選べなくなります。書いたメモはそのままです。"))

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name to show: a default of the programme in the reader's language, else as typed."""
        if self.ward_id is None and self.name in DEFAULT_TERM_LABELS:
            return str(DEFAULT_TERM_LABELS[self.name])
        return self.name


class MemoKind(Term):
    class Meta(Term.Meta):
        verbose_name = _("取組の種類")
        verbose_name_plural = _("取組の種類")


class Stage(Term):
    class Meta(Term.Meta):
        verbose_name = _("地域づくりの段階")
        verbose_name_plural = _("地域づくりの段階")


def codes_text(codes) -> str:
    """",a,b," for a set of codes, in the vocabulary's order."""
    return "," + ",".join(codes) + "," if codes else ""


def codes_of(text: str) -> list[str]:
    return [c for c in (text or "").split(",") if c]


# A memo is filed at the smallest place its activity concerns, from the CP area down.
MEMO_PLACE_KINDS = (Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION)


def places_for_memos(user):
    """Where this user may file a memo."""
    return policy.places_where(user, access.WRITE).filter(kind__in=MEMO_PLACE_KINDS)


def can_write_memo_at(user, place) -> bool:
    return place is not None and place.kind in MEMO_PLACE_KINDS and policy.can_at(user, access.WRITE, place)


def can_edit_terms(user, ward) -> bool:
    """The lists of kinds and stages: a ward's own entries are its 1層Co's (those who write records
    across the whole ward); the programme's defaults, shared by every ward, the city's."""
    if ward is None:
        return policy.holds_role(user, Role.CITY_ADMIN)
    return ward.kind == Kind.WARD and policy.can_at(user, access.WRITE, ward)


def term_wards(user):
    """Wards whose own lists this user may edit."""
    return policy.places_where(user, access.WRITE).filter(kind=Kind.WARD)


class MemoQuerySet(models.QuerySet):
    """visible_to / changeable_by narrow by place only; live() and deleted() say which memos."""

    def visible_to(self, user) -> MemoQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> MemoQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def visible_under(self, user, place) -> MemoQuerySet:
        """visible_to(user) of the memos under the place (policy.visible_under)."""
        return policy.visible_under(user, place, self.filter(place__path__startswith=place.path), access.VIEW)

    def live(self) -> MemoQuerySet:
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> MemoQuerySet:
        return self.filter(deleted_at__isnull=False)

    def in_period(self, start: date | None, end: date | None) -> MemoQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def in_fiscal_year(self, fy: int) -> MemoQuerySet:
        return self.in_period(*fiscal_year_range(fy))

    def under(self, place) -> MemoQuerySet:
        # place_id IN (places under it), as the directory does: the places table is small.
        from tsunagu.places.models import Place

        return self.filter(place__in=Place.objects.filter(path__startswith=place.path).values("pk"))

    def with_pillar(self, pillar: str) -> MemoQuerySet:
        return self.filter(Memo.pillar_q(pillar))

    def with_function(self, function: str) -> MemoQuerySet:
        return self.filter(Memo.function_q(function))

    def for_plan_item(self, item) -> MemoQuerySet:
        return self.filter(pk__in=Memo.plan_items.through.objects.filter(planitem=item).values("memo_id"))

    def search(self, query: str) -> MemoQuerySet:
        """Every word of the query, in any of its spellings (lib/morphology.py: normalised forms and
        readings), in the memo's text."""
        return with_every_word(self, query)


class Memo(models.Model):
    date = models.DateField(_("日付"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記入者"), null=True, on_delete=models.SET_NULL,
                               related_name="+")
    # The author's name as it was, for when the account is gone (coordinators change jobs).
    author_name = models.CharField(_("記入者名"), max_length=150, blank=True)
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT, related_name="memos",
                              help_text=_("CPエリア・地区・自治会町内会のうち、いちばん近いもの"))
    title = models.CharField(_("何をしたか（ひとことで）"), max_length=200)
    pillars = models.CharField(_("柱"), max_length=100, blank=True, default="")
    functions = models.CharField(_("コーディネーターの機能"), max_length=100, blank=True, default="")
    kind = models.ForeignKey(MemoKind, verbose_name=_("取組の種類"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="memos")
    stage = models.ForeignKey(Stage, verbose_name=_("地域づくりの段階"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="memos")
    organisations = models.ManyToManyField("people.Organisation", verbose_name=_("関わった団体"), blank=True,
                                           related_name="memos")
    listings = models.ManyToManyField("directory.Listing", verbose_name=_("関わった地域資源"), blank=True,
                                      related_name="memos")
    # 旭区's 班 and networks: a memo written for a team shows on the team's page.
    team = models.ForeignKey("teams.Team", verbose_name=_("チーム・ネットワーク"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="memos")
    plan_items = models.ManyToManyField("sheets.PlanItem", verbose_name=_("つながる取組計画"), blank=True,
                                        related_name="memos")
    purpose = models.TextField(_("目的"), blank=True)
    content = models.TextField(_("内容"), blank=True)
    reaction = models.TextField(_("地域の反応"), blank=True)
    next_step = models.TextField(_("次の一手"), blank=True)

    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A deleted memo is only hidden, so that 元に戻す can bring it back.
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = MemoQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組メモ")
        verbose_name_plural = _("取組メモ")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "place"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("memos:detail", args=[self.pk])

    @staticmethod
    def pillar_q(pillar: str) -> Q:
        return Q(pillars__contains=f",{pillar},")

    @staticmethod
    def function_q(function: str) -> Q:
        return Q(functions__contains=f",{function},")

    @property
    def pillar_list(self) -> list[str]:
        return codes_of(self.pillars)

    @property
    def function_list(self) -> list[str]:
        return codes_of(self.functions)

    @property
    def pillar_labels(self) -> list[str]:
        return [str(Pillar(c).label) for c in self.pillar_list if c in Pillar.values]

    @property
    def function_labels(self) -> list[str]:
        return [str(CoordinatorFunction(c).label) for c in self.function_list if c in CoordinatorFunction.values]

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.date)
