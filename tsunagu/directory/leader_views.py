"""The group leader's pages: reached by the secret link on a letter or in an e-mail, no account.

The token names exactly one listing; nothing posted here can name another. An unknown token is a
404 like any other page that does not exist.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tsunagu.directory import freshness
from tsunagu.directory.models import LeaderLink, Status

STATUS_CHOICES = [(Status.ACTIVE, _("活動している")), (Status.PAUSED, _("休んでいる（休止中）")),
                  (Status.ENDED, _("やめた（終了）")), (Status.PLANNED, _("これから始める（準備中）"))]


class ProposalForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    schedule_note = forms.CharField(label=_("日時"), required=False, max_length=300,
                                    help_text=_("例：毎月第2・第4火曜 10時〜12時（祝日は休み）。祝日や年末年始に休むときは、それも書いてください。"))
    location_name = forms.CharField(label=_("会場"), required=False, max_length=200)
    address = forms.CharField(label=_("会場の住所"), required=False, max_length=300)
    cost = forms.CharField(label=_("費用"), required=False, max_length=200, help_text=_("例：1回100円（お茶代）"))
    public_contact_name = forms.CharField(label=_("問い合わせ先"), required=False, max_length=200)
    public_phone = forms.CharField(label=_("電話"), required=False, max_length=40)
    public_email = forms.EmailField(label=_("メール"), required=False)
    status = forms.ChoiceField(label=_("いまの状態"), choices=STATUS_CHOICES, widget=forms.RadioSelect)
    status_reason = forms.CharField(label=_("休止・終了の理由"), required=False, max_length=300)
    message = forms.CharField(label=_("職員へのひとこと（任意）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    submitted_by = forms.CharField(label=_("お名前"), max_length=100,
                                   help_text=_("職員が確認のためにお電話することがあります。"))


def _link(token: str) -> LeaderLink:
    return get_object_or_404(LeaderLink.objects.select_related("listing", "listing__location"), token=token)


@never_cache
def leader_page(request, token: str):
    link = _link(token)
    listing = link.listing
    form = ProposalForm(request.POST or None, initial=freshness.proposable_values(listing))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        name, message = data.pop("submitted_by"), data.pop("message")
        try:
            freshness.leader_propose(link=link, name=name, values=data, message=message,
                                     base_url=request.build_absolute_uri("/"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("leader:thanks", token=token, what="proposed")
    current = freshness.proposable_values(listing)
    current["status"] = listing.get_status_display()
    rows = [(label, current[field]) for field, label in freshness.PROPOSABLE.items()
            if field != "status_reason" or current[field]]
    return render(request, "directory/leader_page.html", {
        "link": link, "listing": listing, "form": form, "rows": rows,
        "open_proposals": listing.proposals.filter(state="open").count(),
    })


@require_POST
def leader_confirm(request, token: str):
    link = _link(token)
    freshness.leader_confirm(link=link, name=request.POST.get("name", ""))
    return redirect("leader:thanks", token=token, what="confirmed")


@never_cache
def leader_thanks(request, token: str, what: str):
    link = _link(token)
    return render(request, "directory/leader_thanks.html", {"link": link, "listing": link.listing, "what": what})
