"""Writes of attachments: add (checked, counted), describe / publish, delete — each in the audit
log, filed at the owning record's place. The thumbnail is made afterwards in background work."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.attachments import checks, registry
from tsunagu.attachments.files import forget
from tsunagu.attachments.models import Attachment
from tsunagu.audit import services as audit

AUDIT_ACTIONS = {
    "attachment.add": gettext_lazy("ファイルを添付"),
    "attachment.update": gettext_lazy("添付ファイルを変更"),
    "attachment.delete": gettext_lazy("添付ファイルを削除"),
}


def _kind(obj) -> registry.Kind:
    kind = registry.kind_of(obj)
    if kind is None:
        raise PermissionDenied  # a record that takes no attachments
    return kind


def may_change(user, obj) -> bool:
    return _kind(obj).changeable(user).filter(pk=obj.pk).exists()


def attachment_add(*, user, obj, upload, title: str = "", published: bool = False) -> Attachment:
    """Keep one uploaded file on a record. ValidationError (Japanese) when it is too big, not an
    allowed kind by its content, or the record already holds as many files as it may."""
    from tsunagu.jobs.services import job_start

    kind = _kind(obj)
    if not may_change(user, obj):
        raise PermissionDenied
    checked = checks.check(upload)
    with transaction.atomic():
        # Counted under a lock on the record, so two uploads at once cannot both take the last place.
        kind.model._default_manager.select_for_update().filter(pk=obj.pk).first()
        if Attachment.objects.of(obj).count() >= kind.max_count:
            raise ValidationError(_("添付できるのは1件につき %(n)s 個までです。いらないファイルを削除してから追加してください。") % {
                "n": kind.max_count}, code="count")
        attachment = Attachment(target=obj, name=upload.name[-200:], title=title.strip()[:200], kind=checked.kind,
                                mime=checked.mime, extension=checked.extension, size=upload.size,
                                width=checked.width, height=checked.height,
                                published=bool(published and kind.public is not None),
                                uploaded_by=user, uploaded_by_name=str(user))
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        audit.record(actor=user, action="attachment.add", target=attachment, place=kind.place(obj),
                     changes={"対象": [None, str(obj)], "ファイル名": [None, attachment.name],
                              "大きさ": [None, attachment.size]})
        if attachment.is_image:
            job_start(user=user, kind="attachments.thumbnail", title=_("写真の縮小版：%(name)s") % {"name": attachment.name},
                      params={"attachment": attachment.pk})
    return attachment


@transaction.atomic
def attachment_update(*, user, attachment: Attachment, title: str, published: bool) -> Attachment:
    obj = attachment.target
    kind = _kind(obj)
    if not may_change(user, obj):
        raise PermissionDenied
    fields = ["title", "published"]
    before = audit.snapshot(attachment, fields)
    attachment.title = title.strip()[:200]
    attachment.published = bool(published and kind.public is not None)
    attachment.save(update_fields=fields)
    changes = audit.diff(before, audit.snapshot(attachment, fields))
    if changes:
        audit.record(actor=user, action="attachment.update", target=attachment, place=kind.place(obj),
                     changes={"対象": [str(obj), str(obj)], **changes})
    return attachment


@transaction.atomic
def attachment_delete(*, user, attachment: Attachment) -> None:
    obj = attachment.target
    kind = _kind(obj)
    if not may_change(user, obj):
        raise PermissionDenied
    audit.record(actor=user, action="attachment.delete", target=attachment, place=kind.place(obj),
                 changes={"対象": [str(obj), None], "ファイル名": [attachment.name, None]})
    forget(attachment)
