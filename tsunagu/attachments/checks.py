"""What an attachment may be, decided by its content, not its name: a file called 写真.jpg that
is really a program, a web page or a PDF is refused, with the reason in Japanese.

Allowed: photos and pictures (JPEG, PNG, GIF, WebP — opened with Pillow, which reads the size
from the header before any pixel is decoded, so a "decompression bomb" is refused by its pixel
count), PDF, and Office documents (docx, xlsx, pptx: zip files with the parts Office writes).
The name's extension must agree with what the content is."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# 40 million pixels: any phone camera (a 48 MP sensor saves 12 MP by default); a bigger one is
# a scan that should be made smaller, or a file built to exhaust memory when decoded.
MAX_PIXELS = 40_000_000

IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg", {"jpg", "jpeg", "jfif"}),
                 "PNG": ("image/png", "png", {"png"}),
                 "GIF": ("image/gif", "gif", {"gif"}),
                 "WEBP": ("image/webp", "webp", {"webp"})}
OFFICE = {"word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
          "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
          "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")}
ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.docx,.xlsx,.pptx,image/*"


@dataclass(frozen=True)
class Checked:
    kind: str  # Attachment.Kind
    mime: str
    extension: str
    width: int | None = None
    height: int | None = None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def too_big_message() -> str:
    return _("ファイルが大きすぎます（1つ %(mb)s MB まで）。写真ならスマートフォンの設定で小さくするか、別の写真を選んでください。") % {
        "mb": MAX_BYTES // (1024 * 1024)}


def _wrong_type() -> ValidationError:
    return ValidationError(_("このファイルは添付できません。添付できるのは写真（JPEG・PNG・GIF・WebP）、PDF、"
                             "Word・Excel・PowerPoint の文書です。"), code="type")


def _mismatch(extension: str, actual: str) -> ValidationError:
    return ValidationError(_("ファイルの中身が名前と合いません（名前は .%(name)s、中身は %(actual)s）。"
                             "正しいファイルか確かめてから、もう一度選んでください。") % {"name": extension, "actual": actual},
                           code="mismatch")


def check(upload) -> Checked:
    """Checked for an acceptable upload; ValidationError (in Japanese) otherwise."""
    if upload.size > MAX_BYTES:
        raise ValidationError(too_big_message(), code="size")
    if upload.size == 0:
        raise ValidationError(_("ファイルが空です。"), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = _extension(upload.name)
    if head.startswith(b"%PDF-"):
        if extension != "pdf":
            raise _mismatch(extension, "PDF")
        return Checked("pdf", "application/pdf", "pdf")
    if head.startswith(b"PK\x03\x04"):
        return _office(upload, extension)
    return _image(upload, extension)


def _office(upload, extension: str) -> Checked:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise _wrong_type() from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for prefix, (mime, ext) in OFFICE.items():
            if any(n.startswith(prefix) for n in names):
                if extension != ext:
                    raise _mismatch(extension, ext.upper())
                return Checked("document", mime, ext)
    raise _wrong_type()


def _image(upload, extension: str) -> Checked:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            fmt, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("写真の画素数が多すぎます（%(w)s×%(h)s）。4000万画素までにしてください。") % {
                    "w": width, "h": height}, code="pixels")
            image.verify()  # a truncated or corrupt file fails here, before anyone decodes it
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(_("写真の画素数が多すぎます。4000万画素までにしてください。"), code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _wrong_type() from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise _wrong_type()
    mime, ext, names = IMAGE_FORMATS[fmt]
    if extension not in names:
        raise _mismatch(extension, fmt)
    return Checked("image", mime, ext, width, height)
