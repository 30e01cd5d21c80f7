from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.hearings.models import HearingItem, HearingRound, HearingSet, HearingSheet
from tsunagu.hearings.services import ItemInput, item_key
from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.conflicts import clean_text
from tsunagu.places.models import Kind, Place


class SetForm(forms.Form):
    version = VersionField()
    name = forms.CharField(label=_("項目セットの名前"), max_length=100,
                           help_text=_("例：2層Coヒアリング（通いの場・生活支援・見守りほか）"))
    description = forms.CharField(label=_("説明"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("項目"), max_length=100, required=False)
    prompt = forms.CharField(label=_("聞くこと・書き方の手引き"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("順番")
        form.fields["DELETE"].label = _("この項目を外す")

    def items(self) -> list[ItemInput]:
        """The rows in the order chosen (順番), deleted rows left out."""
        rows = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        rows.sort(key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))
        return [ItemInput(title=f.cleaned_data.get("title", ""), prompt=f.cleaned_data.get("prompt", ""),
                          id=f.cleaned_data.get("id")) for f in rows]


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=3, can_order=True, can_delete=True,
                                    max_num=40, validate_max=True)


def item_initial(item_set: HearingSet) -> list[dict]:
    return [{"id": i.pk, "title": i.title, "prompt": i.prompt, "ORDER": n + 1}
            for n, i in enumerate(item_set.active_items())]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.Form):
    version = VersionField()
    name = forms.CharField(label=_("ヒアリングの名前"), max_length=100, help_text=_("例：令和8年度 上半期ヒアリング"))
    starts_on = forms.DateField(label=_("開始日"), widget=DateInput())
    ends_on = forms.DateField(label=_("終了日"), widget=DateInput())
    areas = forms.ModelMultipleChoiceField(label=_("ヒアリングするCPエリア"), queryset=Place.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("備考"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, ward: Place, hearing: HearingRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Place.objects.under(ward).filter(kind=Kind.CP_AREA).order_by("code")
        if hearing is not None and not self.is_bound:
            self.initial.update({"version": hearing.version, "name": hearing.name, "starts_on": hearing.starts_on,
                                 "ends_on": hearing.ends_on, "note": hearing.note,
                                 "areas": list(hearing.sheets.values_list("area_id", flat=True))})
        elif not self.is_bound:
            self.initial.setdefault("areas", list(self.fields["areas"].queryset.values_list("pk", flat=True)))


class SheetForm(forms.Form):
    """One text per item the round asks, labelled with the item and its prompt."""

    version = VersionField()

    def __init__(self, *args, sheet: HearingSheet, items: list[HearingItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        answers = {a.item_id: a.text for a in sheet.answers.all()}
        for item in items:
            attrs = {"rows": 5}
            if item.prompt:
                attrs["aria-describedby"] = f"id_{item_key(item)}_help"
            self.fields[item_key(item)] = forms.CharField(
                label=item.title, help_text=item.prompt, required=False, max_length=10000,
                initial=answers.get(item.pk, ""), widget=forms.Textarea(attrs=attrs))
        if not self.is_bound:
            self.fields["version"].initial = sheet.version

    def answers(self) -> dict[int, str]:
        return {item.pk: clean_text(self.cleaned_data[item_key(item)]) for item in self.items}
