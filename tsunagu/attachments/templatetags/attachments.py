"""{% attachment_panel object %}: the files of a record with the controls the person may use.
Pages include it through one line: {% include "attachments/panel.html" with object=memo %}."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from tsunagu.attachments import checks, registry
from tsunagu.attachments.models import Attachment

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachment_panel(context, obj):
    request = context["request"]
    kind = registry.kind_of(obj)
    if kind is None or not request.user.is_authenticated:
        return {"show": False}
    can_change = kind.changeable(request.user).filter(pk=obj.pk).exists()
    files = list(Attachment.objects.of(obj))
    return {
        "show": True, "files": files, "object": obj, "can_change": can_change, "can_publish": kind.public is not None,
        "label": ContentType.objects.get_for_model(obj).model_class()._meta.label_lower,
        "room": kind.max_count - len(files), "max_count": kind.max_count, "accept": checks.ACCEPT,
        "max_mb": checks.MAX_BYTES // (1024 * 1024), "next": request.get_full_path(), "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("attachments/_gallery.html")
def public_gallery(obj):
    """The 公開 photos of a public record (the listing's public page); derived copies only."""
    kind = registry.kind_of(obj)
    if kind is None or kind.public is None or not kind.public(obj):
        return {"photos": []}
    return {"photos": list(Attachment.objects.of(obj).images().published().exclude(thumbnail=""))}
