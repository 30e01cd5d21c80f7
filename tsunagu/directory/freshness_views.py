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

from tsunagu.directory import access, freshness, importers
from tsunagu.directory.forms import ProposedScheduleForm, ScheduleForm, ScheduleFormSet
from tsunagu.directory.models import Listing, Proposal, Schedule, Status
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


def _proposed_schedule_forms(proposal: Proposal, data=None):
    """The schedule rows and note for a proposed 日時, first filled in from the leader's text as far
    as it reads (importers.parse_schedule_text), for staff to check and correct."""
    initial, note = [], ""
    if "schedule_note" in proposal.changes:
        text = proposal.changes["schedule_note"][1]
        parsed = importers.parse_schedule_text(text)
        initial = [ScheduleForm.initial_from(Schedule(**rule)) for rule in parsed.schedules]
        note = "" if parsed.understood and parsed.schedules else text
    if data is not None:
        # What staff post is the rule, compared with nothing: a row they left as it was filled in
        # must count as much as one they typed.
        return ScheduleFormSet(data, prefix="schedules"), ProposedScheduleForm(data, prefix="proposed")
    formset = ScheduleFormSet(initial=initial, prefix="schedules")
    form = ProposedScheduleForm(initial={"schedule_note": note}, prefix="proposed")
    return formset, form


def _proposal_page(request, proposal: Proposal, formset=None, schedule_form=None, status: int = 200):
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
    if formset is None:
        formset, schedule_form = _proposed_schedule_forms(proposal)
    return render(request, "directory/proposal_detail.html", {
        "proposal": proposal, "rows": rows, "formset": formset, "schedule_form": schedule_form,
        "schedule_proposed": "schedule_note" in proposal.changes,
    }, status=status)


@login_required
def proposal_detail(request, pk: int):
    return _proposal_page(request, _proposal(request, pk))


def _approve(request, proposal: Proposal):
    """Approve, or the page again with what is missing: a proposed 日時, when chosen, must come
    with the rules staff made of it."""
    fields = request.POST.getlist("fields")
    schedules, note = None, ""
    if "schedule_note" in fields and "schedule_note" in proposal.changes:
        formset, schedule_form = _proposed_schedule_forms(proposal, request.POST)
        if "schedules-TOTAL_FORMS" not in request.POST:
            messages.error(request, str(freshness.SCHEDULE_NOT_TURNED))
            return _proposal_page(request, proposal, status=400)
        valid = formset.is_valid() and schedule_form.is_valid()
        rules = [f.to_schedule() for f in formset.forms
                 if f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")] if valid else []
        if not (valid and schedule_form.check(rules)):
            messages.error(request, str(freshness.SCHEDULE_NOT_TURNED))
            return _proposal_page(request, proposal, formset, schedule_form, status=400)
        schedules, note = rules, schedule_form.cleaned_data.get("schedule_note", "")
    freshness.proposal_approve(user=request.user, proposal=proposal, fields=fields, schedules=schedules,
                               schedule_note=note)
    messages.success(request, _("提案を反映しました。前の内容は変更の記録から戻せます。"))
    return None


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        if request.POST.get("decision") == "approve":
            page = _approve(request, proposal)
            if page is not None:
                return page
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
