"""操作の記録: who changed what, when, and where in the places tree.

Every service that changes places, organisations, accounts or memberships writes one entry in
the same transaction, with the fields it changed (old → new). Entries are never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tsunagu.audit.labels import ACTION_LABELS


class AuditQuerySet(models.QuerySet):
    def within(self, prefixes: list[str], *, unplaced: bool) -> AuditQuerySet:
        """Entries filed under any of these path prefixes, and (unplaced=True) those filed nowhere.
        Who reads which is decided by the people capability (people/reach.py)."""
        q = models.Q(pk__in=[]) if not unplaced else models.Q(place_path="")
        for prefix in prefixes:
            q |= models.Q(place_path__startswith=prefix)
        return self.filter(q)

    def about(self, obj: models.Model) -> AuditQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=obj.pk)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作した人"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("場所"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The path is kept as text so that the entry stays in scope if the place is later removed.
    place_path = models.CharField(max_length=255, db_index=True, blank=True)
    target_type = models.CharField(max_length=60)
    target_id = models.BigIntegerField(null=True)
    target_repr = models.CharField(_("対象"), max_length=300)
    changes = models.JSONField(_("変更内容"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作の記録")
        verbose_name_plural = _("操作の記録")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    @property
    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field, old, new) for the page. A template cannot be trusted with the dict itself:
        `changes.items` reads a field named "items" (a hearing set's list of items) before the
        method, and a value written by older code may not be an [old, new] pair."""
        rows = []
        for field, pair in (self.changes or {}).items():
            if isinstance(pair, (list, tuple)) and len(pair) == 2:
                rows.append((str(field), pair[0], pair[1]))
            else:
                rows.append((str(field), None, pair))
        return rows

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
