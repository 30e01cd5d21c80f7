"""Printing: the booklet (冊子) for residents and the confirmation letters (確認のお願い) for
organisers. Both are long work, so each view only checks the request and starts a job; the job
page shows progress and hands over the PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory import access, booklet, letters, services
from tsunagu.directory.models import Category
from tsunagu.jobs.services import job_start
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.people.models import Membership
from tsunagu.people.policy import Action
from tsunagu.places.models import Kind, Place

# A 区社協地区担当 sees only their districts, so districts are offered too.
AREA_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT)


def _place_label(place: Place) -> str:
    indent = "　" * max(place.depth - 1, 0)
    return place.name if place.kind == Kind.WARD else f"{indent}{place.name}（{place.get_kind_display()}）"


def _chosen_place(request, action: Action) -> Place | None:
    """The place named in the request, if any; outside the person's reach it is a 404."""
    pk = request.POST.get("place") or request.GET.get("place")
    return one_or_404(policy.places_where(request.user, action), pk) if pk else None


class BookletForm(forms.Form):
    place = forms.ModelChoiceField(label=gettext_lazy("地域（区・ケアプラザのエリア・地区）"), queryset=Place.objects.none(),
                                   empty_label=None)
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("分類（選ばなければすべて）"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Category.objects.none())
    title = forms.CharField(
        label=gettext_lazy("冊子の名前"), max_length=60, required=False,
        help_text=gettext_lazy("地域で親しまれている名前があれば（例：せやまるシニアプラス）。表紙に大きく印刷します。"
                               "空欄なら、地域に登録した名前を使います。"))
    remember_title = forms.BooleanField(
        label=gettext_lazy("この名前を、選んだ地域の冊子の名前として登録する（次からも使います）"), required=False)
    # Residents' copies are large print unless asked otherwise (the compact one suits care managers).
    large = forms.BooleanField(label=gettext_lazy("大きな文字で作る（本文14ポイント・住民向け）"), required=False,
                               initial=True,
                               help_text=gettext_lazy("ケアマネジャーや職員向けの薄い冊子にするときは、チェックを外します。"))
    issuer = forms.CharField(label=gettext_lazy("発行（表紙と裏表紙に印刷します）"), max_length=100, required=False)
    issuer_phone = forms.CharField(label=gettext_lazy("発行元の電話（裏表紙に印刷します）"), max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = policy.places_where(user, access.VIEW).filter(kind__in=AREA_KINDS).order_by("path")
        self.fields["place"].label_from_instance = _place_label
        # Pillars first in the tree order, each followed by its categories.
        categories = Category.objects.select_related("parent")
        self.fields["categories"].queryset = categories
        self.fields["categories"].label_from_instance = (
            lambda c: f"【{c.name}】" if c.parent_id is None else c.name)
        order = {c.pk: (c.sort_order, c.pk) for c in categories if c.parent_id is None}
        self.fields["categories"].choices = sorted(
            self.fields["categories"].choices,
            key=lambda choice: _category_order(choice[0].instance, order) if choice[0] else ())


def _category_order(category: Category, pillar_order: dict) -> tuple:
    if category.parent_id is None:
        return (*pillar_order.get(category.pk, (0, 0)), -1, 0)
    return (*pillar_order.get(category.parent_id, (0, 0)), category.sort_order, category.pk)


def _issuer(user, place: Place | None) -> tuple[str, str]:
    """The person's own organisation and its phone, as the booklet's publisher unless they write another."""
    memberships = Membership.objects.active().filter(user=user).select_related("organisation__place")
    for membership in memberships:
        if place is None or place.path.startswith(membership.organisation.place.path):
            return membership.organisation.name, membership.organisation.phone
    first = memberships.first()
    return (first.organisation.name, first.organisation.phone) if first else ("", "")


@login_required
def booklet_start(request):
    user = request.user
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404
    place = _chosen_place(request, access.VIEW)
    issuer, issuer_phone = _issuer(user, place)
    form = BookletForm(request.POST or None, user=user,
                       initial={"place": place, "issuer": issuer, "issuer_phone": issuer_phone,
                                "title": booklet.booklet_title(place) if place else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        count = booklet.booklet_listings(data["place"], data["categories"]).count()
        if not count:
            form.add_error(None, _("選んだ地域と分類には、公開中の地域資源がありません。分類を広げるか、ほかの地域を選んでください。"))
        elif data["remember_title"] and not policy.can_at(user, access.EDIT, data["place"]):
            form.add_error("remember_title", _("この地域の冊子の名前を登録できるのは、地域資源を編集できる職員です。"))
        else:
            if data["remember_title"]:
                services.booklet_title_set(user=user, place=data["place"], title=data["title"])
            job = job_start(
                user=user, kind="booklet",
                title=_("冊子（%(place)s・%(n)s件）") % {"place": data["place"].name, "n": count},
                params={"place": data["place"].pk, "categories": [c.pk for c in data["categories"]],
                        "large": data["large"], "issuer": data["issuer"], "issuer_phone": data["issuer_phone"],
                        "title": data["title"], "base_url": booklet.public_base_url(request)})
            return redirect(job)
    titled = form.fields["place"].queryset.exclude(booklet_title="")
    return render(request, "directory/booklet/booklet_form.html", {"form": form, "titled": titled})


@login_required
def letters_start(request):
    user = request.user
    if not policy.can_anywhere(user, access.EDIT):
        raise Http404
    place = _chosen_place(request, access.EDIT)
    if request.method == "POST":
        ids = request.POST.getlist("ids")
        chosen = letters.chosen_listings(user, ids) if ids else letters.stale_listings(user, place)
        if chosen is None:
            raise Http404
        pks = list(chosen.values_list("pk", flat=True))
        if not pks:
            messages.error(request, _("確認のお願いを出す地域資源がありません（1年以上確認していないものはありません）。"))
            return redirect(request.path + (f"?place={place.pk}" if place else ""))
        job = job_start(user=user, kind="letters",
                        title=_("確認のお願い（%(n)s件）") % {"n": len(pks)},
                        params={"ids": pks, "base_url": booklet.public_base_url(request)})
        return redirect(job)
    places = policy.places_where(user, access.EDIT).filter(
        kind__in=(Kind.WARD, Kind.CP_AREA, Kind.DISTRICT)).order_by("path")
    stale = letters.stale_listings(user, place)
    return render(request, "directory/letters/letters_form.html", {
        "place": place, "places": places, "count": stale.count(),
        "sample": stale.select_related("place").order_by("place__path", "name_kana", "name")[:30],
    })
