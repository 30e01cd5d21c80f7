"""The forms of 催し, made for a phone: few required fields (a name, a place, a day), the rest
folded under 「くわしく」."""

from __future__ import annotations

from datetime import time

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.directory.models import Listing
from tsunagu.events import access
from tsunagu.events.models import Answer, Attendance, EventKind, places_for_events
from tsunagu.events.services import SessionData
from tsunagu.lib.concurrency import VersionField
from tsunagu.people import policy, reach
from tsunagu.people.models import Membership, Organisation, User
from tsunagu.places.models import Kind, Place
from tsunagu.teams.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = {"rows": 4, "autocapitalize": "off"}
# Suggested kinds of people counted without names (a datalist: any other word may be typed).
HEAD_COUNT_KINDS = [_("住民"), _("民生委員"), _("ボランティア"), _("自治会町内会"), _("関係機関"), _("家族・介護者")]


def place_label(place: Place) -> str:
    return f"{'　' * max(place.depth - 1, 0)}{place.name}（{place.get_kind_display()}）"


def ward_of(place: Place | None) -> Place | None:
    if place is None:
        return None
    return place if place.kind == Kind.WARD else place.ancestor_of_kind(Kind.WARD)


def wards_of(places) -> list[Place]:
    paths = {"/".join(p.path.split("/")[:3]) + "/" for p in places}
    return list(Place.objects.filter(path__in=paths, kind=Kind.WARD))


def ward_organisations(wards) -> Q:
    """Organisations that organise or take part in a ward's events: those of the ward itself (区社協,
    区役所, a taxi company registered for the ward), of its CP areas, and of the city."""
    q = Q(place__parent__isnull=True)
    for ward in wards:
        q |= Q(place=ward) | Q(place__parent=ward, place__kind=Kind.CP_AREA)
    return q


class SessionForm(forms.Form):
    date = forms.DateField(label=_("日付"), widget=DATE)
    starts_at = forms.TimeField(label=_("開始"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("終了"), required=False, widget=TIME)
    note = forms.CharField(label=_("補足"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("例：第2回")}))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("終了は開始より後の時刻にしてください。"))
        return data


class BaseSessionFormSet(forms.BaseFormSet):
    def sessions(self) -> list[SessionData]:
        """The days filled in and not ticked for deletion, earliest first."""
        days = [
            SessionData(date=f.cleaned_data["date"], starts_at=f.cleaned_data.get("starts_at"),
                        ends_at=f.cleaned_data.get("ends_at"), note=f.cleaned_data.get("note", ""))
            for f in self.forms if f.cleaned_data and f.cleaned_data.get("date") and not f.cleaned_data.get("DELETE")
        ]
        return sorted(days, key=lambda s: (s.date, s.starts_at or time.min))

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.sessions():
            raise forms.ValidationError(_("日付を一つ以上入れてください。"))


SessionFormSet = forms.formset_factory(SessionForm, formset=BaseSessionFormSet, extra=1, can_delete=True,
                                       max_num=60, validate_max=True)


class EventForm(forms.Form):
    title = forms.CharField(label=_("催しの名前"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("例：生活支援ボランティア交流会")}))
    kind = forms.ModelChoiceField(label=_("種類"), queryset=EventKind.objects.none(), required=False,
                                  empty_label=_("（選ばない）"))
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(),
                                   help_text=_("区全体の催しは区、CPエリアの催しはそのCPエリア"))
    venue_text = forms.CharField(label=_("会場"), max_length=200, required=False,
                                 help_text=_("地域資源にない会場や、部屋の名前など"))
    # Folded under 「くわしく」.
    venue = forms.ModelChoiceField(label=_("会場（地域資源から）"), queryset=Listing.objects.none(), required=False,
                                   empty_label=_("（選ばない）"))
    team = forms.ModelChoiceField(label=_("チーム・ネットワーク"), queryset=Team.objects.none(), required=False,
                                  empty_label=_("（選ばない）"),
                                  help_text=_("チームや団体のネットワークの会議なら、そのチームのページに載ります"))
    organisers = forms.ModelMultipleChoiceField(label=_("主催・共催"), queryset=Organisation.objects.none(),
                                                required=False, widget=forms.CheckboxSelectMultiple)
    audience = forms.CharField(label=_("対象者"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"placeholder": _("例：区内のボランティアグループ")}))
    online_url = forms.URLField(label=_("オンライン参加のリンク"), max_length=500, required=False,
                                assume_scheme="https")
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs=TEXT))
    version = VersionField()

    FIRST = ["title", "kind", "place", "venue_text"]
    MORE = ["venue", "team", "organisers", "audience", "online_url", "description"]

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.event = user, event
        places = places_for_events(user).defer("boundary").order_by("path")
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = place_label
        place = self._chosen_place() or (event.place if event else None)
        wards = [ward_of(place)] if place is not None else wards_of(places)
        wards = [w for w in wards if w is not None]
        kinds = EventKind.objects.for_wards(wards)
        keep = event.kind_id if event else None
        self.fields["kind"].queryset = (kinds.filter(Q(active=True) | Q(pk=keep)) if keep else kinds.active())
        organisations = reach.organisations(user) | Organisation.objects.filter(place__parent__isnull=True)
        linked = list(event.organisers.values_list("pk", flat=True)) if event else []
        self.fields["organisers"].queryset = (
            Organisation.objects.filter(Q(pk__in=organisations.filter(ward_organisations(wards)).values("pk"))
                                        | Q(pk__in=linked))
            .select_related("place").order_by("place__path", "name_kana", "name"))
        self.fields["organisers"].label_from_instance = lambda o: o.name
        listings = Listing.objects.visible_to(user)
        venue_q = Q(place__path__startswith=wards[0].path) if len(wards) == 1 else Q(pk__in=[])
        if event and event.venue_id:
            venue_q |= Q(pk=event.venue_id)
        self.fields["venue"].queryset = listings.filter(venue_q).order_by("name_kana", "name")
        # The teams and networks of the event's ward that this person reads; one kept from before stays.
        keep_team = event.team_id if event else None
        self.fields["team"].queryset = (Team.objects.visible_to(user).in_wards(wards).filter(active=True)
                                        | Team.objects.filter(pk=keep_team)).order_by("kind", "name")

    def _chosen_place(self) -> Place | None:
        value = self.data.get("place") if self.is_bound else self.initial.get("place")
        if isinstance(value, Place):
            return value
        try:
            return self.fields["place"].queryset.get(pk=int(value))
        except (TypeError, ValueError, Place.DoesNotExist):
            return None

    def first_fields(self):
        return [self[name] for name in self.FIRST]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    @property
    def more_open(self) -> bool:
        return any(self[n].errors for n in self.MORE) or any(
            self[n].value() not in (None, "", [], ()) for n in self.MORE)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, user, event=None, kind=None) -> dict:
        if event is not None:
            return {"title": event.title, "kind": event.kind, "place": event.place, "venue": event.venue,
                    "venue_text": event.venue_text, "organisers": list(event.organisers.all()),
                    "audience": event.audience, "online_url": event.online_url, "description": event.description,
                    "team": event.team, "version": event.version}
        initial = {}
        places = places_for_events(user)
        # A 1層Co starts at their ward, a 2層Co at their CP area.
        for kind_of_place in (Kind.WARD, Kind.CP_AREA):
            found = list(places.filter(kind=kind_of_place)[:2])
            if len(found) == 1:
                initial["place"] = found[0]
                break
        if kind is not None:
            initial["kind"] = kind
            initial["title"] = kind.label
        # The user's own organisation organises what they plan.
        own = [m.organisation for m in policy.active_memberships(user)]
        if own:
            initial["organisers"] = own[:1]
        return initial


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("時期"), required=False, widget=forms.RadioSelect,
                             choices=[("upcoming", _("これから")), ("past", _("終わったもの"))])
    kind = forms.ModelChoiceField(label=_("種類"), queryset=EventKind.objects.none(), required=False,
                                  empty_label=_("すべて"))
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(), required=False,
                                   empty_label=_("すべて"))
    start = forms.DateField(label=_("いつから"), required=False, widget=DATE)
    end = forms.DateField(label=_("いつまで"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = (policy.places_where(user, access.VIEW).filter(kind__in=[Kind.WARD, Kind.CP_AREA, Kind.DISTRICT])
                  .defer("boundary").order_by("path"))
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}"
        wards = [p for p in places if p.kind == Kind.WARD] or wards_of(places)
        self.fields["kind"].queryset = EventKind.objects.for_wards(wards)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("「いつまで」は「いつから」より後の日にしてください。"))
        return data

    def filter(self, events, today):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("kind"):
            events = events.of_kind(data["kind"])
        if data.get("place"):
            events = events.under(data["place"])
        events = events.in_period(data.get("start"), data.get("end"))
        if data.get("start") or data.get("end"):
            return events.order_by("starts_on", "pk")
        return events.past(today) if data.get("when") == "past" else events.upcoming(today)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("議題"), max_length=200)
    presenter = forms.ModelChoiceField(label=_("報告者（アカウント）"), queryset=User.objects.none(), required=False,
                                       empty_label=_("（選ばない）"),
                                       help_text=_("選んだ人は、自分の報告をこの催しのページから前もって書けます。"))
    presenter_name = forms.CharField(label=_("報告者（名前で）"), max_length=150, required=False,
                                     help_text=_("アカウントのない人、団体名など"))
    order = forms.IntegerField(label=_("順番"), min_value=0, max_value=9999, required=False)
    prepared_note = forms.CharField(label=_("事前に用意する報告"), required=False, widget=forms.Textarea(attrs=TEXT))
    version = VersionField()

    def __init__(self, *args, event, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = accounts_for(event)
        self.fields["presenter"].label_from_instance = account_label
        if not organiser:
            # The presenter writes only their note.
            for name in ("title", "presenter", "presenter_name", "order"):
                self.fields[name].disabled = True
                self.fields[name].required = False


def accounts_for(event) -> forms.Field:
    """Accounts that may be invited to or report at an event: people of the organisations of its
    ward (1層Co, 区役所, 2層Co, CP staff, district officers) and anyone already taking part."""
    ward = ward_of(event.place)
    scope = ward.path if ward is not None else event.place.path
    members = Membership.objects.active().filter(organisation__place__path__startswith=scope).values("user_id")
    linked = event.participants.exclude(account=None).values("account_id")
    return User.objects.filter(Q(pk__in=members) | Q(pk__in=linked), is_active=True).order_by("display_name", "username")


def account_label(user) -> str:
    return str(user)


class ParticipantsAddForm(forms.Form):
    INVITE, CAME = "invite", "came"
    how = forms.ChoiceField(label=_("どう加えるか"), widget=forms.RadioSelect, initial=INVITE,
                            choices=[(INVITE, _("案内する（回答を待つ）")), (CAME, _("当日来た（出席として記録）"))])
    organisations = forms.ModelMultipleChoiceField(label=_("団体"), queryset=Organisation.objects.none(),
                                                   required=False, widget=forms.CheckboxSelectMultiple)
    accounts = forms.ModelMultipleChoiceField(label=_("職員（アカウント）"), queryset=User.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    listings = forms.ModelMultipleChoiceField(label=_("地域のグループ（地域資源）"), queryset=Listing.objects.none(),
                                              required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    names = forms.CharField(label=_("名前で加える"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("1行に1人（または1団体）"))

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        ward = ward_of(event.place)
        wards = [ward] if ward else []
        taken = event.participants.all()
        organisations = reach.organisations(user) | Organisation.objects.filter(place__parent__isnull=True)
        self.fields["organisations"].queryset = (
            Organisation.objects.filter(pk__in=organisations.filter(ward_organisations(wards)).values("pk"))
            .exclude(pk__in=taken.exclude(organisation=None).values("organisation_id"))
            .select_related("place").order_by("place__path", "name_kana", "name"))
        self.fields["organisations"].label_from_instance = lambda o: o.name
        self.fields["accounts"].queryset = accounts_for(event).exclude(
            pk__in=taken.exclude(account=None).values("account_id"))
        self.fields["accounts"].label_from_instance = account_label
        area = event.place if event.place.kind != Kind.WARD or ward is None else ward
        self.fields["listings"].queryset = (
            Listing.objects.visible_to(user).filter(place__path__startswith=area.path)
            .exclude(pk__in=taken.exclude(listing=None).values("listing_id")).order_by("name_kana", "name"))

    def clean(self):
        data = super().clean()
        if not any(data.get(n) for n in ("organisations", "accounts", "listings", "names")):
            raise forms.ValidationError(_("加える団体・職員・グループを選ぶか、名前を書いてください。"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"organisations": data["organisations"], "accounts": data["accounts"], "listings": data["listings"],
                "names": (data.get("names") or "").splitlines(), "invite": data["how"] == self.INVITE}


class HeadCountForm(forms.Form):
    label = forms.CharField(label=_("区分"), max_length=60, required=False,
                            widget=forms.TextInput(attrs={"list": "head-count-kinds"}))
    number = forms.IntegerField(label=_("人数"), min_value=0, max_value=100000, required=False,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


HeadCountFormSet = forms.formset_factory(HeadCountForm, extra=2, max_num=30, validate_max=True)


def head_counts_of(formset) -> dict[str, int]:
    counts: dict[str, int] = {}
    for form in formset.forms:
        label = (form.cleaned_data.get("label") or "").strip()
        if label:
            counts[label] = counts.get(label, 0) + (form.cleaned_data.get("number") or 0)
    return counts


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(Answer.YES, Answer.YES.label), (Answer.NO, Answer.NO.label)])


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices, required=False)


class KindForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    order = forms.IntegerField(label=_("並び順"), min_value=0, max_value=9999, initial=100,
                               help_text=_("小さい順に並びます。"))
    active = forms.BooleanField(label=_("使う"), required=False, initial=True,
                                help_text=_("外すと新しい催しでは選べなくなります。登録済みの催しはそのままです。"))


class CalendarForm(forms.Form):
    ward = forms.ModelChoiceField(label=_("区"), queryset=Place.objects.none(), required=False, empty_label=None)
    month = forms.RegexField(label=_("月"), regex=r"^\d{4}-\d{2}$", required=False,
                             widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = policy.places_where(user, access.VIEW).defer("boundary")
        wards = [p for p in places.filter(kind=Kind.WARD).order_by("code")] or wards_of(places)
        self.fields["ward"].queryset = Place.objects.filter(pk__in=[w.pk for w in wards]).defer("boundary").order_by("code")
        self.wards = wards
