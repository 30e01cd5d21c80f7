from __future__ import annotations

import json

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.directory.models import Listing
from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.lib.relations import offer, unseen_count
from tsunagu.memos import access
from tsunagu.memos.conflicts import state_of_memo
from tsunagu.memos.models import MemoKind, Stage, places_for_memos
from tsunagu.people import policy, reach
from tsunagu.places.models import Kind, Place
from tsunagu.sheets.models import PlanItem, Sheet
from tsunagu.teams.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# On a phone the keyboard covers half the screen: a few rows that grow as the person types.
TEXT = {"rows": 4, "autocapitalize": "off"}


def place_label(place: Place) -> str:
    return f"{'　' * max(place.depth - 2, 0)}{place.name}（{place.get_kind_display()}）"


def _wards_of(places) -> list[Place]:
    ward_paths = {"/".join(p.path.split("/")[:3]) + "/" for p in places}
    return list(Place.objects.filter(path__in=ward_paths, kind=Kind.WARD))


class MemoForm(forms.Form):
    date = forms.DateField(label=_("日付"), widget=DATE)
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(),
                                   help_text=_("CPエリア・地区・自治会町内会のうち、いちばん近いもの"))
    title = forms.CharField(label=_("何をしたか（ひとことで）"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("例：第6地区サロン準備会に参加")}))
    content = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs=TEXT))
    # Yokohama files every activity under its pillars: the counts by pillar in the ward view and the
    # liaison pack are only true when no memo is left without one.
    pillars = forms.MultipleChoiceField(label=_("柱"), choices=Pillar.choices,
                                        error_messages={"required": _("柱を一つ以上選んでください。")},
                                        widget=forms.CheckboxSelectMultiple)
    plan_items = forms.ModelMultipleChoiceField(label=_("つながる取組計画"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    next_step = forms.CharField(label=_("次の一手"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    # Folded under 「くわしく」 on the page.
    purpose = forms.CharField(label=_("目的"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    reaction = forms.CharField(label=_("地域の反応"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    functions = forms.MultipleChoiceField(label=_("コーディネーターの機能"), choices=CoordinatorFunction.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    kind = forms.ModelChoiceField(label=_("取組の種類"), queryset=MemoKind.objects.none(), required=False)
    stage = forms.ModelChoiceField(label=_("地域づくりの段階"), queryset=Stage.objects.none(), required=False)
    organisations = forms.ModelMultipleChoiceField(label=_("関わった団体"), queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    listings = forms.ModelMultipleChoiceField(label=_("関わった地域資源"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    team = forms.ModelChoiceField(label=_("チーム・ネットワーク"), queryset=Team.objects.none(), required=False,
                                  help_text=_("チーム（班）やネットワークとして取り組んだとき"))
    version = VersionField()
    # The memo as it was when the form was opened (memos/conflicts.py's state): if someone saves in
    # between, the conflict screen knows which side changed each field and pre-chooses it.
    base = forms.CharField(required=False, widget=forms.HiddenInput)

    FIRST = ["date", "place", "title", "content", "pillars", "plan_items", "next_step"]
    MORE = ["purpose", "reaction", "functions", "kind", "stage", "team", "organisations", "listings"]

    def __init__(self, *args, user, memo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.memo = memo
        places = places_for_memos(user).defer("boundary").order_by("path")
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = place_label
        wards = _wards_of(places)
        for name, model in (("kind", MemoKind), ("stage", Stage)):
            qs = model.objects.for_wards(wards)
            # An entry taken out of use stays choosable on the memos that already have it.
            keep = getattr(memo, f"{name}_id", None) if memo else None
            self.fields[name].queryset = (qs.filter(active=True) | qs.filter(pk=keep)) if keep else qs.filter(active=True)
        # The teams of the wards this person writes memos in (旭区's 班 and networks); one the memo
        # already has stays choosable.
        keep_team = memo.team_id if memo else None
        self.fields["team"].queryset = (Team.objects.visible_to(user).in_wards(wards).filter(active=True)
                                        | Team.objects.filter(pk=keep_team)).order_by("kind", "name")
        place, day = self.chosen_place(), self.chosen_date()
        # Each list offers what is near the memo's place, and always what the memo already links to
        # and what was just ticked (tsunagu/lib/relations.py): a save never drops a link that was
        # not on the screen — the ward office, a taxi company registered for the whole ward.
        linked = {name: list(getattr(memo, name).values_list("pk", flat=True)) if memo else []
                  for name in ("plan_items", "organisations", "listings")}
        chosen = {name: self.data.getlist(name) if self.is_bound and hasattr(self.data, "getlist") else []
                  for name in linked}
        items = PlanItem.objects.filter(sheet__in=Sheet.objects.visible_to(user))
        self.fields["plan_items"].queryset = offer(
            items, Q(pk__in=PlanItem.objects.for_memo_at(place, day).values("pk")),
            linked=linked["plan_items"]).select_related("sheet__place").order_by("sheet__fiscal_year", "order", "pk")
        self.fields["plan_items"].label_from_instance = self._item_label(place, day)
        area = self._area(place)
        organisations = reach.linkable_organisations(user)
        self.fields["organisations"].queryset = offer(
            organisations, self._around(area), linked=linked["organisations"], chosen=chosen["organisations"],
        ).select_related("place").order_by("name_kana", "name")
        self.fields["organisations"].label_from_instance = self._with_place(area)
        listings = Listing.objects.visible_to(user)
        self.fields["listings"].queryset = offer(
            listings, self._near(area), linked=linked["listings"], chosen=chosen["listings"],
        ).select_related("place").order_by("name_kana", "name")
        self.fields["listings"].label_from_instance = self._with_place(area)
        # Links this person cannot see (another ward's group, a listing made private since) are not
        # offered; the service keeps them, and the form says how many there are.
        self.unseen = {
            "organisations": unseen_count(memo.organisations.all(), organisations) if memo else 0,
            "listings": unseen_count(memo.listings.all(), listings) if memo else 0,
        }

    @staticmethod
    def _area(place: Place | None) -> Place | None:
        if place is None:
            return None
        return place.ancestor_of_kind(Kind.CP_AREA) or place

    @staticmethod
    def _near(area: Place | None) -> Q:
        # Groups and listings of the memo's CP area (or district, outside any CP): a ward holds
        # hundreds, too many to tick through on a phone.
        return Q(place__path__startswith=area.path) if area is not None else Q(pk__in=[])

    @classmethod
    def _around(cls, area: Place | None) -> Q:
        """The area's organisations and those of the ward and the city it lies in (区役所, 区社協,
        a taxi company or a supermarket chain registered for the whole ward)."""
        if area is None:
            return Q(pk__in=[])
        above = [p.pk for p in area.ancestors() if p.kind in (Kind.WARD, Kind.CITY)]
        return cls._near(area) | Q(place__in=above)

    @staticmethod
    def _with_place(area: Place | None):
        # Those from outside the area say where they are, so two 「〇〇会」 are told apart.
        def label(obj) -> str:
            if area is not None and obj.place.path.startswith(area.path):
                return obj.name
            return f"{obj.name}（{obj.place.name}）"
        return label

    @staticmethod
    def _item_label(place, day):
        possible = set(PlanItem.objects.for_memo_at(place, day).values_list("pk", flat=True))

        def label(item) -> str:
            text = f"{item.title}（{Pillar(item.pillar).label}）"
            if item.pk not in possible:
                # Linked before the place or date changed: saving asks to untick it.
                text += f"　{item.sheet}"
            return text
        return label

    def chosen_place(self) -> Place | None:
        value = self.data.get("place") if self.is_bound else self.initial.get("place")
        if isinstance(value, Place):
            return value
        try:
            return self.fields["place"].queryset.get(pk=int(value))
        except (TypeError, ValueError, Place.DoesNotExist):
            return None

    def chosen_date(self):
        value = self.data.get("date") if self.is_bound else self.initial.get("date")
        if hasattr(value, "year"):
            return value
        try:
            return self.fields["date"].to_python(value)
        except forms.ValidationError:
            return None

    def first_fields(self):
        return [self[name] for name in self.FIRST]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    @property
    def more_open(self) -> bool:
        """Open 「くわしく」 when something in it is filled in or wrong."""
        if any(self[name].errors for name in self.MORE):
            return True
        return any(self[name].value() not in (None, "", [], ()) for name in self.MORE)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("base", None)
        return data

    def base_state(self) -> dict | None:
        try:
            base = json.loads(self.cleaned_data.get("base") or "")
        except ValueError:
            return None
        return base if isinstance(base, dict) else None

    @classmethod
    def initial_for(cls, user, memo=None, team=None) -> dict:
        if memo is not None:
            return {
                "date": memo.date, "place": memo.place, "title": memo.title, "content": memo.content,
                "pillars": memo.pillar_list, "functions": memo.function_list, "kind": memo.kind,
                "stage": memo.stage, "purpose": memo.purpose, "reaction": memo.reaction,
                "next_step": memo.next_step, "plan_items": list(memo.plan_items.all()),
                "organisations": list(memo.organisations.all()), "listings": list(memo.listings.all()),
                "team": memo.team, "version": memo.version, "base": json.dumps(state_of_memo(memo, user), ensure_ascii=False),
            }
        initial = {"date": timezone.localdate()}
        # A 2層Co writes about their own CP area: start there.
        areas = list(places_for_memos(user).filter(kind=Kind.CP_AREA)[:2])
        if len(areas) == 1:
            initial["place"] = areas[0]
        if team is not None:
            initial["team"] = team
        return initial


class MemoFilterForm(forms.Form):
    q = forms.CharField(label=_("ことばで探す"), required=False)
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(), required=False)
    pillar = forms.ChoiceField(label=_("柱"), choices=[("", _("すべて")), *Pillar.choices], required=False)
    function = forms.ChoiceField(label=_("機能"), choices=[("", _("すべて")), *CoordinatorFunction.choices],
                                 required=False)
    kind = forms.ModelChoiceField(label=_("取組の種類"), queryset=MemoKind.objects.none(), required=False,
                                  empty_label=_("すべて"))
    stage = forms.ModelChoiceField(label=_("段階"), queryset=Stage.objects.none(), required=False,
                                   empty_label=_("すべて"))
    start = forms.DateField(label=_("いつから"), required=False, widget=DATE)
    end = forms.DateField(label=_("いつまで"), required=False, widget=DATE)
    team = forms.ModelChoiceField(label=_("チーム・ネットワーク"), queryset=Team.objects.none(), required=False,
                                  empty_label=_("すべて"))
    plan_item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = (policy.places_where(user, access.VIEW).filter(kind__in=[Kind.WARD, Kind.CP_AREA, Kind.DISTRICT])
                  .defer("boundary").order_by("path"))
        self.fields["place"].queryset = places
        self.fields["place"].empty_label = _("すべて")
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}"
        wards = [p for p in places if p.kind == Kind.WARD] or _wards_of(places)
        self.fields["kind"].queryset = MemoKind.objects.for_wards(wards)
        self.fields["stage"].queryset = Stage.objects.for_wards(wards)
        self.fields["team"].queryset = Team.objects.visible_to(user).in_wards(wards).order_by("kind", "name")

    def filter(self, memos):
        data = self.cleaned_data
        if data.get("q"):
            memos = memos.search(data["q"])
        if data.get("place"):
            memos = memos.under(data["place"])
        if data.get("pillar"):
            memos = memos.with_pillar(data["pillar"])
        if data.get("function"):
            memos = memos.with_function(data["function"])
        if data.get("kind"):
            memos = memos.filter(kind=data["kind"])
        if data.get("stage"):
            memos = memos.filter(stage=data["stage"])
        if data.get("team"):
            memos = memos.filter(team=data["team"])
        memos = memos.in_period(data.get("start"), data.get("end"))
        if data.get("plan_item"):
            memos = memos.filter(plan_items=data["plan_item"])
        return memos

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("「いつまで」は「いつから」より後の日にしてください。"))
        return data


class TermForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    order = forms.IntegerField(label=_("並び順"), min_value=0, max_value=9999, initial=100,
                               help_text=_("小さい順に並びます。"))
    active = forms.BooleanField(label=_("使う"), required=False, initial=True,
                                help_text=_("外すと新しいメモでは選べなくなります。書いたメモはそのままです。"))
