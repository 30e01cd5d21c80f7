from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from tsunagu.district_plans import access
from tsunagu.district_plans.history import goals_from_text, goals_text
from tsunagu.district_plans.models import DistrictPlan, PlanStatus
from tsunagu.lib import fiscal
from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.conflicts import clean_text
from tsunagu.people import policy, reach
from tsunagu.people.models import Organisation
from tsunagu.places.models import Kind, Place

TEXTAREA = {"rows": 5}


def sits_under_ward(district: Place) -> bool:
    """A district directly under the ward has no CP area around it: its plan names a partner."""
    return district.parent is not None and district.parent.kind == Kind.WARD


class PlanForm(forms.Form):
    version = VersionField()
    start_year = forms.TypedChoiceField(label=_("開始年度"), coerce=int)
    end_year = forms.TypedChoiceField(label=_("終了年度"), coerce=int)
    status = forms.ChoiceField(label=_("状態"), choices=PlanStatus.choices)
    partner_area = forms.ModelChoiceField(
        label=_("一緒に作るCPエリア"), queryset=Place.objects.none(), required=False,
        help_text=_("この地区は区に直接属しています。一緒に計画を作るケアプラザのエリアを選ぶと、その2層Coも編集できます。"))
    current_state = forms.CharField(label=_("地区の現状・課題"), required=False, max_length=10000,
                                    widget=forms.Textarea(attrs=TEXTAREA))
    goals = forms.CharField(label=_("目標"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("1行に1つずつ、大切な順に書きます。"))
    directions = forms.CharField(label=_("取組の方向性"), required=False, max_length=10000,
                                 widget=forms.Textarea(attrs=TEXTAREA))
    partners = forms.CharField(label=_("連携する団体・関係者"), required=False, max_length=3000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("例：地区社協、民生委員児童委員協議会、〇〇自治会"))
    partner_organisations = forms.ModelMultipleChoiceField(
        label=_("関係団体（登録済みの団体から）"), queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("備考"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, district: Place, plan: DistrictPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        ward = district.ancestor_of_kind(Kind.WARD)
        years = fiscal.fiscal_year(timezone.localdate())
        low, high = years - 6, years + 6
        if plan is not None:
            low, high = min(low, plan.start_year), max(high, plan.end_year)
        choices = [(y, fiscal.fiscal_year_label(y)) for y in range(low, high + 1)]
        self.fields["start_year"].choices = self.fields["end_year"].choices = choices
        if sits_under_ward(district) and ward is not None:
            self.fields["partner_area"].queryset = Place.objects.under(ward).filter(kind=Kind.CP_AREA)
            if not policy.can_at(user, access.WRITE, district):
                # The partner CP's 2層Co edits the plan but does not choose who the partner is.
                self.fields["partner_area"].disabled = True
        else:
            del self.fields["partner_area"]
        # The district's own organisations and those of the CP area and ward it sits in (the CP,
        # 区社協, 区役所), as far as the person sees them, and any already linked.
        around = [p.pk for p in district.ancestors() if p.kind in (Kind.CP_AREA, Kind.WARD)]
        linked = plan.partner_organisations.values("pk") if plan is not None else []
        self.fields["partner_organisations"].queryset = Organisation.objects.filter(
            Q(pk__in=reach.organisations(user).filter(Q(place__path__startswith=district.path)
                                                        | Q(place__in=around)).values("pk"))
            | Q(pk__in=linked)).order_by("name_kana", "name")
        if plan is not None and not self.is_bound:
            self.fields["version"].initial = plan.version

    def clean(self):
        data = super().clean()
        goals = goals_from_text(data.get("goals", ""))
        if any(len(g) > 300 for g in goals):
            self.add_error("goals", _("目標は1つ300字までにしてください（改行で分けられます）。"))
        return data

    def snapshot(self) -> dict:
        """The cleaned form as the services take it (see services.PLAN_FIELDS)."""
        data = self.cleaned_data
        partner = data.get("partner_area")
        return {
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "status": data["status"],
            "current_state": clean_text(data["current_state"]),
            "goals": goals_from_text(data["goals"]),
            "directions": clean_text(data["directions"]),
            "partners": clean_text(data["partners"]),
            "partner_organisations": sorted(o.pk for o in data["partner_organisations"]),
            "partner_area_id": partner.pk if partner else None,
            "note": clean_text(data["note"]),
        }


def form_data(snapshot: dict, version: int | None) -> MultiValueDict:
    """A snapshot as a posted form, to validate a version put together on the conflict screen."""
    data = MultiValueDict({
        name: [str(snapshot.get(name) or "")]
        for name in ("start_year", "end_year", "status", "current_state", "directions", "partners", "note")})
    data["goals"] = goals_text(snapshot.get("goals"))
    data["partner_area"] = str(snapshot.get("partner_area_id") or "")
    data.setlist("partner_organisations", [str(pk) for pk in snapshot.get("partner_organisations") or []])
    data["version"] = "" if version is None else str(version)
    return data


def initial(snapshot: dict) -> dict:
    return {**snapshot, "goals": goals_text(snapshot.get("goals")), "partner_area": snapshot.get("partner_area_id"),
            "partner_organisations": snapshot.get("partner_organisations")}
