"""The forms of お出かけ支援: dates ISO on screen (type=date), times as 09:30."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.outings.models import (
    BookingStatus,
    CarBooking,
    CompanyContact,
    Outing,
    OutingDay,
    Participant,
    Tariff,
    TaxiCompany,
    Vehicle,
)
from tsunagu.partners.models import Partner
from tsunagu.people.models import OrganisationKind
from tsunagu.places.models import Kind, Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CompanyForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = TaxiCompany
        fields = ["partner", "name", "name_kana", "phone", "fax", "email", "request_by", "lead_days", "request_hours",
                  "districts", "note"]
        widgets = {"districts": forms.CheckboxSelectMultiple, "note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, ward: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (Partner.objects.filter(place=ward, organisation__kind=OrganisationKind.TAXI)
                                           .select_related("organisation"))
        self.fields["partner"].help_text = _("区全体の協力先に登録してあれば選びます。担当者は協力先のものを使います。")
        self.fields["districts"].queryset = (Place.objects.filter(path__startswith=ward.path, kind=Kind.DISTRICT)
                                             .defer("boundary").order_by("path"))
        self.fields["name"].required = False
        self.fields["name"].help_text = _("協力先を選んだときは空欄でかまいません（協力先の名前を使います）。")

    def clean(self):
        data = super().clean()
        if not data.get("name") and data.get("partner"):
            data["name"] = data["partner"].organisation.name
            data["name_kana"] = data.get("name_kana") or data["partner"].organisation.name_kana
        if not data.get("name"):
            self.add_error("name", _("会社名を入れるか、協力先を選んでください。"))
        return data


VehicleFormSet = inlineformset_factory(TaxiCompany, Vehicle, fields=["name", "seats", "wheelchair_spaces",
                                                                     "universal_design", "count"],
                                       extra=1, can_delete=True)
ContactFormSet = inlineformset_factory(TaxiCompany, CompanyContact, fields=["name", "title", "phone", "email", "note"],
                                       extra=1, can_delete=True)


class TariffForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Tariff
        fields = ["name", "valid_from", "company", "first_metres", "first_fare", "step_metres", "step_fare",
                  "night_percent", "night_from", "night_until", "disability_percent", "ticket_value",
                  "tickets_per_ride", "note"]
        widgets = {"valid_from": DATE, "night_from": TIME, "night_until": TIME, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["company"].help_text = _("空欄は区の運賃（すべての会社）です。")


class OutingForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Outing
        fields = ["place", "title", "status", "group", "group_name", "destination", "destination_name",
                  "destination_address", "destination_latitude", "destination_longitude", "purpose", "organiser", "note"]
        help_texts = {"destination_latitude": _("空欄なら、地域資源の会場か行き先の住所（町丁目）の位置を使います。")}
        widgets = {"destination_latitude": forms.NumberInput(attrs={"step": "any"}),
                   "destination_longitude": forms.NumberInput(attrs={"step": "any"}),
                   "purpose": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, places, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["group"].queryset = listings.order_by("name")
        self.fields["destination"].queryset = listings.order_by("name")
        self.fields["group"].help_text = _("地域資源に載っているサロン・団体なら選びます。")
        self.fields["destination"].help_text = _("スーパー・市場・病院など、地域資源に載っていれば選びます。")

    def clean(self):
        data = super().clean()
        if not data.get("destination") and not data.get("destination_name"):
            self.add_error("destination_name", _("行き先を選ぶか、名称を入れてください。"))
        return data


class DayForm(forms.ModelForm):
    class Meta:
        model = OutingDay
        fields = ["date", "arrive_by", "leave_at", "note"]
        widgets = {"date": DATE, "arrive_by": TIME, "leave_at": TIME}


# At least one day is checked by the view (an unchanged day of an edited outing counts as "empty"
# to the formset's own min_num check).
DayFormSet = forms.formset_factory(DayForm, extra=2, can_delete=True)


class ParticipantForm(forms.ModelForm):
    version = VersionField()
    block_name = forms.CharField(label=_("町丁目"), required=False, widget=forms.TextInput(attrs={"list": "blocks"}),
                                 help_text=_("住所から町丁目が分かれば、地図の点を置かなくてもその町丁目の位置で迎えます。"))
    days = forms.ModelMultipleChoiceField(label=_("参加する日"), queryset=OutingDay.objects.none(), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Participant
        fields = ["name", "name_kana", "phone", "address", "pickup_note", "wheelchair", "walking_aid", "help_boarding",
                  "front_seat", "companion", "companion_name", "ticket_holder", "tickets", "disability_certificate",
                  "max_ride_minutes", "consent_on", "note"]
        widgets = {"consent_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"consent_on": _("氏名・住所・配慮をタクシー会社に伝えることに、本人（または家族）が同意した日。"
                                      "空欄の人はタクシー会社に渡す書類に載りません。")}

    def __init__(self, *args, outing: Outing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = outing.days.all()
        self.fields["days"].label_from_instance = lambda d: gettext("%(date)s（%(time)s着）") % {
            "date": f"{d.date:%Y-%m-%d}", "time": f"{d.arrive_by:%H:%M}"}
        self.fields["tickets"].required = False
        if self.instance.pk:
            self.fields["days"].initial = list(self.instance.days.values_list("pk", flat=True))
            if self.instance.block_id:
                self.fields["block_name"].initial = self.instance.block.name
        else:
            self.fields["days"].initial = list(outing.days.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        data["tickets"] = data.get("tickets") or 0
        if data.get("ticket_holder") and not data.get("tickets"):
            self.add_error("tickets", _("1回に使う利用券の枚数を入れてください。"))
        return data


class LocationForm(forms.Form):
    """The pickup point: a click on the map fills these (static/js/map-picker.js reads the ids)."""

    latitude = forms.FloatField(label=_("緯度"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.FloatField(label=_("経度"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error("longitude", _("緯度と経度は両方入れるか、両方空けてください。"))
        elif lat is not None and not (20 <= lat <= 46 and 122 <= lng <= 154):
            self.add_error("latitude", _("日本の中の位置にしてください。"))
        return data


class PairForm(forms.Form):
    first = forms.ModelChoiceField(label=_("1人目"), queryset=Participant.objects.none())
    second = forms.ModelChoiceField(label=_("2人目"), queryset=Participant.objects.none())
    together = forms.TypedChoiceField(label=_("決まり"), coerce=lambda v: v == "1",
                                      choices=[("1", _("同じ車に乗る")), ("0", _("別の車にする"))])
    note = forms.CharField(label=_("理由"), required=False, max_length=200)

    def __init__(self, *args, outing: Outing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = self.fields["second"].queryset = outing.participants.all()


class BookingForm(forms.ModelForm):
    version = VersionField()
    on = forms.DateField(label=_("日付"), widget=DATE, help_text=_("依頼した日、返事をもらった日"))

    class Meta:
        model = CarBooking
        fields = ["company", "vehicle", "count", "request_by", "status", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["vehicle"].queryset = Vehicle.objects.filter(company__in=companies).select_related("company")
        self.fields["vehicle"].label_from_instance = lambda v: (
            f"{v.company.name}：{v.name}（{v.seats}席" + (f"・車いす{v.wheelchair_spaces}" if v.wheelchair_spaces else "")
            + f"）×{v.count}")
        self.fields["status"].choices = BookingStatus.choices


class FareRowForm(forms.Form):
    company = forms.ModelChoiceField(label=_("タクシー会社"), queryset=TaxiCompany.objects.none())
    car = forms.CharField(label=_("車"), max_length=40)
    fare = forms.IntegerField(label=_("運賃（円）"), min_value=0, max_value=1_000_000)
    tickets = forms.IntegerField(label=_("利用券（枚）"), min_value=0, max_value=99, initial=0, required=False)
    distance_km = forms.DecimalField(label=_("距離（km）"), max_digits=6, decimal_places=1, required=False)
    note = forms.CharField(label=_("メモ"), max_length=200, required=False)

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies


FareFormSet = forms.formset_factory(FareRowForm, extra=3, can_delete=True)


class RecordForm(forms.Form):
    went_wrong = forms.CharField(label=_("うまくいかなかったこと・気づき"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("例：2号車が坂の上の家を見つけられず10分遅れた。次は目印を伝える。"))
