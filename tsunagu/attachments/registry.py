"""Which kinds of record take attachments, and who reaches them: one call in the owning app's
AppConfig.ready(), e.g.

    attachments.register(Memo, visible=lambda user: Memo.objects.visible_to(user).live(),
                         changeable=lambda user: Memo.objects.changeable_by(user).live())
    attachments.register(Listing, public=lambda listing: listing in Listing.objects.public())

and on the record's page one line: {% include "attachments/panel.html" with object=memo %}.

Access is the record's own: whoever may see the record (its queryset's visible_to) sees its
files; whoever may change it (changeable_by) adds and removes them. An attachment marked 公開
is shown to everyone only when ``public`` says the record itself is public (a listing's public
page); records without ``public`` (memos) never show files outside the staff screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete

# How many files one record may hold: a meeting's photos and flyers, not an archive.
MAX_PER_OBJECT = 20


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    visible: Callable  # user -> QuerySet of the records the user sees
    changeable: Callable  # user -> QuerySet of the records the user may change
    public: Callable | None  # record -> bool: shown to everyone (then 公開 files show with it)
    place: Callable  # record -> Place (for the audit entry)
    max_count: int

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_KINDS: dict[str, Kind] = {}


def register(model, *, visible=None, changeable=None, public=None, place=None,
             max_count: int = MAX_PER_OBJECT) -> None:
    kind = Kind(
        model=model,
        visible=visible or (lambda user: model._default_manager.visible_to(user)),
        changeable=changeable or (lambda user: model._default_manager.changeable_by(user)),
        public=public,
        place=place or (lambda obj: obj.place),
        max_count=max_count,
    )
    _KINDS[kind.label] = kind
    # A record deleted for good takes its files with it (soft deletes keep them, for restore).
    post_delete.connect(_record_deleted, sender=model, dispatch_uid=f"attachments-{kind.label}")


def kind_of(label_or_obj) -> Kind | None:
    label = label_or_obj if isinstance(label_or_obj, str) else label_or_obj._meta.label_lower
    return _KINDS.get(label)


def registered() -> list[Kind]:
    return list(_KINDS.values())


def _record_deleted(sender, instance, **kwargs) -> None:
    from tsunagu.attachments.files import delete_files_of

    delete_files_of(instance)
