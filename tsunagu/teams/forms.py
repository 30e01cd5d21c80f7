from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.relations import offer
from tsunagu.people import reach
from tsunagu.places.models import Kind, Place
from tsunagu.teams.models import Team, TeamKind, places_for_teams
from tsunagu.teams.services import accounts_in, listings_visible_to

TEXT = {"rows": 4, "autocapitalize": "off"}
# The groups offered as check boxes: those of the team's own area, by name, at most this many (a
# ward holds hundreds of listings, the city thousands); the ones the team has always stay offered.
LISTINGS_OFFERED = 80


def _wards(places) -> list[Place]:
    paths = {"/".join(p.path.split("/")[:3]) + "/" for p in places}
    return list(Place.objects.filter(path__in=paths, kind=Kind.WARD))


def _under(qs, wards, field="place__path"):
    from django.db.models import Q

    q = Q(pk__in=[])
    for ward in wards:
        q |= Q(**{f"{field}__startswith": ward.path})
    return qs.filter(q)


class TeamForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=TeamKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("名称"), max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": _("例：食事サービス班")}))
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(),
                                   help_text=_("区全体のチームは区を選びます。"))
    purpose = forms.CharField(label=_("目的"), required=False, widget=forms.Textarea(attrs=TEXT))
    lead = forms.ModelChoiceField(label=_("リーダー"), queryset=None, required=False)
    members = forms.ModelMultipleChoiceField(label=_("メンバー"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    run_by = forms.ModelChoiceField(label=_("運営するチーム"), queryset=None, required=False,
                                    help_text=_("ネットワークを運営しているチーム（班）"))
    organisations = forms.ModelMultipleChoiceField(label=_("参加団体"), queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    listings = forms.ModelMultipleChoiceField(label=_("参加グループ（地域資源）"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(label=_("活動中"), required=False, initial=True)
    version = VersionField()

    def __init__(self, *args, user, team: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        places = places_for_teams(user)
        if team is not None:
            places = places | Place.objects.filter(pk=team.place_id)
        places = places.defer("boundary").order_by("path")
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}（{p.get_kind_display()}）"
        wards = _wards(places)
        accounts = accounts_in(wards[0]) if len(wards) == 1 else None
        if accounts is None:
            from tsunagu.people.models import User

            accounts = User.objects.none()
            for ward in wards:
                accounts = accounts | accounts_in(ward)
        accounts = accounts.order_by("display_name_kana", "display_name", "username")
        self.fields["lead"].queryset = accounts
        self.fields["members"].queryset = accounts
        self.fields["run_by"].queryset = _under(Team.objects.filter(kind=TeamKind.TEAM), wards).exclude(
            pk=getattr(team, "pk", None)).order_by("name")
        organisations = reach.linkable_organisations(user)
        self.fields["organisations"].queryset = (
            _under(organisations, wards) | organisations.filter(place__kind=Kind.CITY)
        ).select_related("place").order_by("name_kana", "name")
        self.fields["organisations"].label_from_instance = lambda o: f"{o.name}（{o.place.name}）"
        self.fields["listings"].queryset = self._listings(user, team, wards)
        if self.listings_more:
            self.fields["listings"].help_text = _(
                "この地域の地域資源を名前順に%(n)d件まで出しています（ほかに%(more)d件）。地域をCPエリアや地区に"
                "しぼって保存すると、その地域のものが出ます。") % {"n": LISTINGS_OFFERED, "more": self.listings_more}
        self.fields["listings"].label_from_instance = lambda li: f"{li.name}（{li.place.name}）"

    def _area(self, team):
        """The place the team is set at: the one just chosen on the form, else the team's own."""
        pk = self.data.get("place") if self.is_bound else None
        if pk and str(pk).isdigit():
            chosen = self.fields["place"].queryset.filter(pk=pk).first()
            if chosen is not None:
                return chosen
        return team.place if team is not None else self.initial.get("place")

    def _listings(self, user, team, wards):
        from django.db.models import Q

        visible = listings_visible_to(user)
        area = self._area(team)
        near = _under(visible, [area] if area is not None else wards)
        nearest = list(near.order_by("name_kana", "name").values_list("pk", flat=True)[:LISTINGS_OFFERED])
        self.listings_more = max(near.count() - len(nearest), 0)
        chosen = self.data.getlist("listings") if hasattr(self.data, "getlist") else ()
        return offer(visible, Q(pk__in=nearest), linked=team.listings.all() if team else (),
                     chosen=chosen).select_related("place").order_by("name_kana", "name")

    @classmethod
    def initial_for(cls, user, team: Team | None = None, kind: str | None = None) -> dict:
        if team is None:
            initial = {"kind": kind if kind in TeamKind.values else TeamKind.TEAM, "active": True, "lead": user}
            wards = list(places_for_teams(user).filter(kind=Kind.WARD)[:2])
            if len(wards) == 1:
                initial["place"] = wards[0]
            return initial
        return {
            "kind": team.kind, "name": team.name, "place": team.place, "purpose": team.purpose, "lead": team.lead,
            "members": list(team.members.all()), "run_by": team.run_by, "active": team.active,
            "organisations": list(team.organisations.all()), "listings": list(team.listings.all()),
            "version": team.version,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
