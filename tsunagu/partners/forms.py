from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.partners.models import Offer, Status
from tsunagu.partners.services import PARTNER_KINDS, candidates
from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3, "autocapitalize": "off"}


class PartnerCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("登録済みの団体から選ぶ"), queryset=Organisation.objects.none(),
                                          required=False, empty_label=_("（新しい団体を登録する）"))
    new_name = forms.CharField(label=_("新しい団体の名前"), max_length=200, required=False,
                               help_text=_("一覧にないときだけ書きます。区の団体として登録されます。"))
    new_kind = forms.ChoiceField(label=_("新しい団体の種別"), required=False,
                                 choices=[(k, OrganisationKind(k).label) for k in PARTNER_KINDS])
    status = forms.ChoiceField(label=_("協力の状況"), choices=Status.choices, initial=Status.NOT_CONTACTED)
    on = forms.DateField(label=_("この状況になった日"), widget=DATE)
    offers = forms.MultipleChoiceField(label=_("提供できること（分類）"), choices=Offer.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    offer = forms.CharField(label=_("提供できること"), required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, ward: Place, **kwargs):
        super().__init__(*args, **kwargs)
        taken = ward.partners.values("organisation_id")
        self.fields["organisation"].queryset = (candidates(ward).exclude(pk__in=taken)
                                                .select_related("place").order_by("kind", "name_kana", "name"))
        self.fields["organisation"].label_from_instance = (
            lambda o: f"{o.name}（{o.get_kind_display()}・{o.place.name}）")
        self.initial.setdefault("on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("団体を選ぶか、新しい団体の名前を書いてください。"))
        return data


class PartnerForm(forms.Form):
    """What the partner offers. Two people may edit it at once: the version says which one saw what."""

    offers = forms.MultipleChoiceField(label=_("提供できること（分類）"), choices=Offer.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    offer = forms.CharField(label=_("提供できること"), required=False, widget=forms.Textarea(attrs=TEXT))
    area = forms.CharField(label=_("対応できる地域"), max_length=200, required=False,
                           help_text=_("例：区内全域、南部の3地区"))
    note = forms.CharField(label=_("メモ"), required=False, widget=forms.Textarea(attrs=TEXT))
    version = VersionField()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新しい状況"), choices=Status.choices, widget=forms.RadioSelect)
    on = forms.DateField(label=_("日付"), widget=DATE)
    note = forms.CharField(label=_("理由・経緯"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("例：意見交換会のあと協力の申し出")}))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


class ContactForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100)
    title = forms.CharField(label=_("所属・役職"), max_length=100, required=False)
    phone = forms.CharField(label=_("電話"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("メール"), required=False)
    note = forms.CharField(label=_("メモ"), max_length=300, required=False,
                           help_text=_("例：平日午前がつながりやすい"))


class LogForm(forms.Form):
    date = forms.DateField(label=_("日付"), widget=DATE)
    place = forms.ModelChoiceField(label=_("記録する地域"), queryset=Place.objects.none(),
                                   help_text=_("区全体のことなら区を、CPエリアでのことならそのエリアを選びます。"))
    our_people = forms.CharField(label=_("こちらの出席者"), max_length=200, required=False)
    their_people = forms.CharField(label=_("先方"), max_length=200, required=False,
                                   help_text=_("話した相手（担当者の名前など）"))
    summary = forms.CharField(label=_("話したこと"), widget=forms.Textarea(attrs=TEXT))
    agreed = forms.CharField(label=_("決まったこと・約束"), required=False, widget=forms.Textarea(attrs=TEXT))
    version = VersionField()

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: f"{p.name}（{p.get_kind_display()}）"
        self.initial.setdefault("date", timezone.localdate())
        only = list(places[:2])
        if "place" not in self.initial and len(only) == 1:
            self.initial["place"] = only[0]
