"""A care manager's list on the public site (lists.py): pick, review, reorder, print, send.

Open to anyone, like the rest of the public directory: the list is the browser's own (session);
a sent list is a SharedList read by its unguessable token. Every page and PDF reads the
listings through Listing.objects.public() (lists.items), whoever asks.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.directory import lists, services
from tsunagu.directory.models import Listing, SharedList
from tsunagu.lib import pdf

PRINT_CSS = Path(settings.BASE_DIR) / "templates" / "directory" / "list" / "list_print.css"


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@require_POST
def list_add(request):
    pk = _pk(request.POST.get("pk"))
    if not Listing.objects.public().filter(pk=pk).exists():
        raise Http404
    if lists.add(request, pk):
        messages.success(request, _("リストに入れました（%(n)s件）。") % {"n": len(lists.picked(request))})
    else:
        messages.error(request, _("リストには%(n)s件まで入れられます。いらないものを外してください。") % {"n": lists.MAX_ITEMS})
    return _back(request, reverse("public:list"))


@require_POST
def list_remove(request, pk: int):
    lists.remove(request, pk)
    messages.success(request, _("リストから外しました。"))
    return _back(request, reverse("public:list"))


@require_POST
def list_move(request, pk: int):
    lists.move(request, pk, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("public:list") + f"#item-{pk}")


@require_POST
def list_clear(request):
    lists.clear(request)
    messages.success(request, _("リストを空にしました。"))
    return redirect("public:list")


def list_page(request):
    return render(request, "directory/list/list_page.html", {
        "items": lists.items(lists.picked(request)), "max_items": lists.MAX_ITEMS, "editable": True,
        "shared_url": request.session.get(lists.LINK_KEY, ""),
    })


def list_pdf(request):
    return _pdf(request, lists.items(lists.picked(request)))


@require_POST
def list_share(request):
    ids = lists.picked(request)
    if not ids:
        messages.error(request, _("リストが空です。"))
        return redirect("public:list")
    shared = services.shared_list_create(listing_ids=ids)
    request.session[lists.LINK_KEY] = request.build_absolute_uri(reverse("public:shared_list",
                                                                                args=[shared.token]))
    messages.success(request, _("リンクを作りました。下のアドレスを、メールなどで送ってください。"))
    return redirect(reverse("public:list") + "#share")


def _shared(token: str) -> SharedList:
    try:
        return SharedList.objects.get(token=token)
    except SharedList.DoesNotExist:
        raise Http404 from None


def shared_list(request, token: str):
    shared = _shared(token)
    return render(request, "directory/list/list_page.html", {
        "items": lists.items(shared.listing_ids), "editable": False, "shared": shared,
    })


def shared_list_pdf(request, token: str):
    return _pdf(request, lists.items(_shared(token).listing_ids))


def _pdf(request, items: list[lists.Item]) -> HttpResponse:
    """The list as an A4 PDF in large type, for a client to keep by the phone."""
    html = render_to_string("directory/list/list_print.html", {"items": items, "today": timezone.localdate()},
                            request=request)
    result = pdf.render_pdf(html, stylesheets=[PRINT_CSS.read_text(encoding="utf-8")])
    response = HttpResponse(result.pdf, content_type="application/pdf")
    name = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"inline; filename=\"list-{name}.pdf\"; filename*=UTF-8''%E3%83%AA%E3%82%B9%E3%83%88-{name}.pdf"
    return response
