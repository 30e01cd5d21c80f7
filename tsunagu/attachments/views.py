"""Adding, describing, deleting and serving attachments. Every view finds the owning record
through its registered access (registry.py): a record the person may not see is a 404, as is a
file of a staff-only record asked for by anyone else. Files are never served by the web
server from MEDIA_ROOT directly; only here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.attachments import checks, registry, services
from tsunagu.attachments.models import Attachment
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.uploads import max_bytes


def _record(user, label: str, object_id, *, change: bool):
    kind = registry.kind_of(label)
    if kind is None:
        raise Http404
    return kind, one_or_404(kind.changeable(user) if change else kind.visible(user), object_id)


def _attachment(user, pk, *, change: bool):
    attachment = one_or_404(Attachment.objects.select_related("content_type"), pk)
    kind, obj = _record(user, attachment.content_type.model_class()._meta.label_lower if
                        attachment.content_type.model_class() else "", attachment.object_id, change=change)
    return attachment, kind, obj


def _back(request, obj):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "home")


@login_required
@require_POST
def upload(request, label: str, object_id: int):
    _kind, obj = _record(request.user, label, object_id, change=True)
    files = request.FILES.getlist("file")
    if "file" in getattr(request, "uploads_too_large", ()) or any(f.size > max_bytes() for f in files):
        messages.error(request, checks.too_big_message())
        return _back(request, obj)
    if not files:
        messages.error(request, _("ファイルを選んでから「添付する」を押してください。"))
        return _back(request, obj)
    added = 0
    for upload in files:
        try:
            services.attachment_add(user=request.user, obj=obj, upload=upload, title=request.POST.get("title", ""),
                                    published=request.POST.get("published") == "on")
        except ValidationError as exc:
            messages.error(request, f"{upload.name}：{exc.messages[0]}")
        except PermissionDenied:
            raise Http404 from None
        else:
            added += 1
    if added:
        messages.success(request, _("%(n)s 個のファイルを添付しました。") % {"n": added})
    return _back(request, obj)


@login_required
def edit(request, pk: int):
    attachment, kind, obj = _attachment(request.user, pk, change=True)
    if request.method == "POST":
        services.attachment_update(user=request.user, attachment=attachment, title=request.POST.get("title", ""),
                                   published=request.POST.get("published") == "on")
        messages.success(request, _("添付ファイルの説明を保存しました。"))
        return _back(request, obj)
    return render(request, "attachments/edit.html", {"attachment": attachment, "object": obj,
                                                     "can_publish": kind.public is not None,
                                                     "next": request.GET.get("next", "")})


@login_required
def delete(request, pk: int):
    attachment, _kind, obj = _attachment(request.user, pk, change=True)
    if request.method == "POST":
        services.attachment_delete(user=request.user, attachment=attachment)
        messages.success(request, _("「%(name)s」を削除しました。") % {"name": attachment})
        return _back(request, obj)
    return render(request, "attachments/delete.html", {"attachment": attachment, "object": obj,
                                                       "next": request.GET.get("next", "")})


def _serve(field, attachment: Attachment, *, mime: str, inline: bool, public: bool):
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type=mime, as_attachment=not inline,
                            filename=attachment.name if not inline or mime == attachment.mime else None)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _readable(request, pk: int, *, derived: bool) -> tuple[Attachment, bool]:
    """The attachment and whether it is public. Staff who see the record read every file; anyone
    reads a 公開 image's derived copies (never the original, which keeps its metadata) while its
    record is public."""
    attachment = one_or_404(Attachment.objects.select_related("content_type"), pk)
    kind = registry.kind_of(attachment.content_type.model_class()._meta.label_lower) \
        if attachment.content_type.model_class() else None
    if kind is None:
        raise Http404
    user = request.user
    if user.is_authenticated and kind.visible(user).filter(pk=attachment.object_id).exists():
        return attachment, False
    if derived and attachment.published and kind.public is not None:
        obj = kind.model._default_manager.filter(pk=attachment.object_id).first()
        if obj is not None and kind.public(obj):
            return attachment, True
    raise Http404


def original(request, pk: int):
    attachment, _public = _readable(request, pk, derived=False)
    return _serve(attachment.file, attachment, mime=attachment.mime,
                  inline=attachment.kind in (Attachment.Kind.IMAGE, Attachment.Kind.PDF), public=False)


def thumbnail(request, pk: int):
    attachment, public = _readable(request, pk, derived=True)
    return _serve(attachment.thumbnail, attachment, mime="image/jpeg", inline=True, public=public)


def preview(request, pk: int):
    attachment, public = _readable(request, pk, derived=True)
    return _serve(attachment.preview, attachment, mime="image/jpeg", inline=True, public=public)


def content_label(obj) -> str:
    return ContentType.objects.get_for_model(obj).model_class()._meta.label_lower
