"""Removing an attachment's row and its stored files together."""

from __future__ import annotations

from django.db import transaction

from tsunagu.attachments.models import Attachment


def forget(attachment: Attachment) -> None:
    names = [f.name for f in (attachment.file, attachment.thumbnail, attachment.preview) if f]
    storage = attachment.file.storage
    attachment.delete()
    # The files go once the row's deletion is committed (a rolled-back delete keeps them).
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def delete_files_of(obj) -> None:
    """The owning record was deleted for good: its attachments and their files go too."""
    for attachment in Attachment.objects.of(obj):
        forget(attachment)
