"""チーム・ネットワーク: coordinators who work together across CP areas, and the groups they bring
together (旭区: three 班 of 2層Co run the networks of meal services, salons and ちょこっとVo).

One model with a kind rather than two: a team and a network have the same life (a place in the
ward, a name, a lead, a purpose, members), the same pages and the same access; they differ only in
who the members are — accounts for a team, organisations and listings for a network — and a
network is usually run by a team (`run_by`). Memos (and later events and projects) point at either
with one foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.teams import access

# A team belongs to the ward (most of them) or to a district or a CP area.
TEAM_PLACE_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT)


class TeamKind(models.TextChoices):
    TEAM = "team", _("チーム（コーディネーターの班）")
    NETWORK = "network", _("ネットワーク（団体のつながり）")


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user) -> TeamQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> TeamQuerySet:
        q = policy.within(user, access.WRITE)
        if getattr(user, "is_authenticated", False):
            # The lead edits their team (a 2層Co leading a ward-level 班) as long as they read it.
            q |= Q(lead=user) & policy.within(user, access.VIEW)
        return self.filter(q)

    def in_ward(self, ward) -> TeamQuerySet:
        return self.filter(place__path__startswith=ward.path)

    def in_wards(self, wards) -> TeamQuerySet:
        q = Q(pk__in=[])
        for ward in wards:
            q |= Q(place__path__startswith=ward.path)
        return self.filter(q)


class Team(models.Model):
    kind = models.CharField(_("種類"), max_length=16, choices=TeamKind.choices, default=TeamKind.TEAM)
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT, related_name="teams",
                              help_text=_("区全体のチームは区を選びます。"))
    name = models.CharField(_("名称"), max_length=100)
    purpose = models.TextField(_("目的"), blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("リーダー"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="teams_led")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("メンバー"), blank=True,
                                     related_name="teams")
    organisations = models.ManyToManyField("people.Organisation", verbose_name=_("参加団体"), blank=True,
                                           related_name="teams")
    # A string reference: teams sit below the directory in the layers, so they do not import it.
    listings = models.ManyToManyField("directory.Listing", verbose_name=_("参加グループ（地域資源）"), blank=True,
                                      related_name="teams")
    run_by = models.ForeignKey("self", verbose_name=_("運営するチーム"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="networks")
    active = models.BooleanField(_("活動中"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("チーム・ネットワーク")
        verbose_name_plural = _("チーム・ネットワーク")
        ordering = ["-active", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_network(self) -> bool:
        return self.kind == TeamKind.NETWORK


def can_write_team_at(user, place) -> bool:
    return place is not None and place.kind in TEAM_PLACE_KINDS and policy.can_at(user, access.WRITE, place)


def places_for_teams(user):
    return policy.places_where(user, access.WRITE).filter(kind__in=TEAM_PLACE_KINDS)
