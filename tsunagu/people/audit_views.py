from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from tsunagu.audit.services import ACTION_LABELS
from tsunagu.people import access, policy, reach


@login_required
def entry_list(request):
    if not policy.can_anywhere(request.user, access.MANAGE_PEOPLE):
        raise Http404
    entries = reach.audit_entries(request.user).select_related("place")
    action = request.GET.get("action", "")
    if action in ACTION_LABELS:
        entries = entries.filter(action=action)
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(target_repr__icontains=query) | entries.filter(actor_name__icontains=query)
    page = Paginator(entries.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/entry_list.html",
        {"page": page, "actions": [(k, str(v)) for k, v in ACTION_LABELS.items()], "action": action, "query": query},
    )
