"""Background work: an uploaded photo's thumbnail (for lists) and screen-sized copy (for the
public page and phones). Both are re-encoded as JPEG, turned upright from the camera's EXIF
orientation and written without metadata, so no GPS position or camera serial leaves the office."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tsunagu.jobs.services import JobFailed, Progress, register

THUMBNAIL = (320, 320)
PREVIEW = (1600, 1600)


def _jpeg(image, box) -> bytes:
    from PIL import Image

    copy = image.copy()
    copy.thumbnail(box, Image.Resampling.LANCZOS)
    if copy.mode not in ("RGB", "L"):
        background = Image.new("RGB", copy.size, "white")
        background.paste(copy, mask=copy.convert("RGBA").split()[-1])
        copy = background
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def make_derived(attachment) -> None:
    from PIL import Image, ImageOps

    with attachment.file.open("rb") as f, Image.open(f) as image:
        image.seek(0)  # the first frame of an animated GIF
        upright = ImageOps.exif_transpose(image)
        thumbnail, preview = _jpeg(upright, THUMBNAIL), _jpeg(upright, PREVIEW)
    attachment.thumbnail.save("t.jpg", ContentFile(thumbnail), save=False)
    attachment.preview.save("p.jpg", ContentFile(preview), save=False)
    type(attachment).objects.filter(pk=attachment.pk).update(thumbnail=attachment.thumbnail.name,
                                                             preview=attachment.preview.name)


@register("attachments.thumbnail")
def thumbnail_job(job, progress: Progress) -> None:
    from tsunagu.attachments.models import Attachment

    attachment = Attachment.objects.filter(pk=job.params.get("attachment")).first()
    if attachment is None:
        return  # deleted before the work ran: nothing to make
    progress(0, 1, _("縮小版を作っています"))
    try:
        make_derived(attachment)
    except OSError:
        raise JobFailed(_("この写真の縮小版を作れませんでした。元のファイルはそのまま見られます。")) from None
    progress(1, 1, force=True)
