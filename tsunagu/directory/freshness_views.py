"""Staff screens for freshness: proposals from leaders waiting for a decision, and the listings
not confirmed for a year, with confirmation requests sent in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.directory import access, freshness
from tsunagu.directory.models import Listing, Proposal, Status
from tsunagu.people import policy


def _editable(user):
    return Listing.objects.changeable_by(user)


def _proposal(request, pk: int) -> Proposal:
    proposal = Proposal.objects.filter(pk=pk, listing__in=_editable(request.user)).select_related("listing").first()
    if proposal is None:
        raise Http404
    return proposal


@login_required
def proposal_list(request):
    if not policy.can_anywhere(request.user, access.EDIT):
        raise Http404
    proposals = Proposal.objects.filter(listing__in=_editable(request.user), state=Proposal.State.OPEN)
    return render(request, "directory/proposal_list.html", {
        "proposals": proposals.select_related("listing", "listing__place").order_by("submitted_at"),
    })


@login_required
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    current = freshness.proposable_values(proposal.listing)
    rows = [
        {"field": field, "label": freshness.PROPOSABLE.get(field, field), "then": old, "now": current.get(field, ""),
         "proposed": new, "moved": (current.get(field, "") or "") != (old or "")}
        for field, (old, new) in proposal.changes.items()
    ]
    for row in rows:
        if row["field"] == "status":
            labels = dict(Status.choices)
            row.update({k: labels.get(row[k], row[k]) for k in ("then", "now", "proposed")})
    return render(request, "directory/proposal_detail.html", {"proposal": proposal, "rows": rows})


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        if request.POST.get("decision") == "approve":
            freshness.proposal_approve(user=request.user, proposal=proposal, fields=request.POST.getlist("fields"))
            messages.success(request, _("提案を反映しました。前の内容は変更の記録から戻せます。"))
        elif request.POST.get("decision") == "reject":
            freshness.proposal_reject(user=request.user, proposal=proposal)
            messages.success(request, _("提案を見送りました。"))
        else:
            messages.error(request, _("反映するか見送るかを選んでください。"))
            return redirect("directory:proposal", pk=proposal.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("directory:detail", pk=proposal.listing_id)


@login_required
def stale_list(request):
    """Listings not confirmed for a year, where the user may edit; ask their leaders in bulk."""
    if not policy.can_anywhere(request.user, access.EDIT):
        raise Http404
    stale = (_editable(request.user).stale().exclude(status=Status.ENDED)
             .select_related("place", "organisation").prefetch_related("organisation__contacts")
             .order_by("confirmed_at", "name_kana", "pk"))
    page = Paginator(stale, 100).get_page(request.GET.get("page"))
    rows = [(listing, freshness.request_addresses(listing)) for listing in page]
    return render(request, "directory/stale_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def stale_send(request):
    if not policy.can_anywhere(request.user, access.EDIT):
        raise Http404
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    # Only what this user may edit, whatever ids were posted.
    chosen = list(_editable(request.user).filter(pk__in=ids).select_related("organisation"))
    if not chosen:
        messages.error(request, _("送る資源を選んでください。"))
        return redirect("directory:stale")
    base = request.build_absolute_uri("/")
    sent, unreachable = freshness.send_confirmation_requests(user=request.user, listings=chosen, base_url=base)
    if sent:
        messages.success(request, _("%(n)s件の確認のお願いをメールで送りました。") % {"n": len(sent)})
    if unreachable:
        names = "、".join(listing.name for listing in unreachable[:10])
        messages.warning(request, _("%(n)s件はメールアドレスがないため送れませんでした（%(names)s）。印刷してお渡しください。")
                         % {"n": len(unreachable), "names": names})
    return redirect("directory:stale")
