"""添付ファイル: photos, flyers and documents attached to any registered record (registry.py).

The file lives under MEDIA_ROOT/attachments/ with a random name and is served only through
views.py, which asks the owning record's access each time. Images get a thumbnail and a
screen-sized copy (thumbnails.py, background work), both re-encoded without their metadata
(a phone photo's GPS position must not reach the public page)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def _stored_name(instance, filename: str) -> str:
    # Never the uploaded name: it may be anything, and it says what a file is to whoever lists the folder.
    from django.utils import timezone

    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


def _derived_name(instance, filename: str) -> str:
    return f"attachments/derived/{uuid.uuid4().hex}.jpg"


class AttachmentQuerySet(models.QuerySet):
    def of(self, obj) -> AttachmentQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def of_many(self, model, pks) -> AttachmentQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks))

    def images(self) -> AttachmentQuerySet:
        return self.filter(kind=Attachment.Kind.IMAGE)

    def published(self) -> AttachmentQuerySet:
        return self.filter(published=True)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("写真・画像")
        PDF = "pdf", _("PDF")
        DOCUMENT = "document", _("文書（Word・Excel・PowerPoint）")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    file = models.FileField(upload_to=_stored_name, max_length=200)
    thumbnail = models.FileField(upload_to=_derived_name, max_length=200, blank=True)
    preview = models.FileField(upload_to=_derived_name, max_length=200, blank=True)
    name = models.CharField(_("ファイル名"), max_length=200)
    title = models.CharField(_("説明"), max_length=200, blank=True, help_text=_("例：オンライン講座のようす"))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    mime = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    published = models.BooleanField(_("公開ページにも載せる"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_by_name = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_target")]

    def __str__(self) -> str:
        return self.title or self.name

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE
