"""Uploads have a size limit that holds before anything is kept: LimitedUploadHandler (first in
settings.FILE_UPLOAD_HANDLERS) counts each file's bytes as they arrive and, past
settings.TSUNAGU_UPLOAD_MAX_MB, drops the file — the rest of it is read from the connection and
thrown away, never stored in memory or on disk — and notes it on the request; the page then
says so in Japanese (too_large_message)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _


def max_bytes() -> int:
    return settings.TSUNAGU_UPLOAD_MAX_MB * 1024 * 1024


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > max_bytes():
            refused = getattr(self.request, "uploads_too_large", None)
            if refused is None:
                refused = self.request.uploads_too_large = []
            refused.append(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message() -> str:
    return _("ファイルが大きすぎます（最大 %(mb)s MB）。行を分けるなどして小さくしてから、もう一度お試しください。") % {
        "mb": settings.TSUNAGU_UPLOAD_MAX_MB}


def refuse_too_large(request, form, field: str = "file") -> bool:
    """Put the size message on the form when the field's file was dropped or is too large; True if so."""
    upload = request.FILES.get(field) if request.method == "POST" else None
    if field in getattr(request, "uploads_too_large", ()) or (upload is not None and upload.size > max_bytes()):
        if not form.is_bound:  # the dropped file was all there was: `request.FILES or None` gave None
            form.is_bound, form.data, form.files = True, request.POST, request.FILES
        form.errors.pop(field, None)
        form.add_error(field, too_large_message())
        return True
    return False
