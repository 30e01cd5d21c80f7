from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.people import access, reach
from tsunagu.places.models import ALLOWED_PARENTS, Kind, Place, normalize_code


class PlaceForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Place
        fields = ["kind", "code", "name", "name_kana", "latitude", "longitude", "note", "booklet_title"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_code(self):
        # The same form of a code as the importer's, so that a typed code and an imported one match.
        return normalize_code(self.cleaned_data["code"])

    def __init__(self, *args, parent: Place | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kind of an existing place is fixed: its children depend on it.
            del self.fields["kind"]
            self.fields["version"].initial = self.instance.version
            if self.instance.kind not in (Kind.WARD, Kind.CP_AREA):
                del self.fields["booklet_title"]  # booklets are made for wards and CP areas
        elif parent is not None:
            self.fields["kind"].choices = [
                (value, label) for value, label in Kind.choices if parent.kind in ALLOWED_PARENTS[value]
            ]


class PlaceMoveForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("移動先（新しい上位の場所）"), queryset=Place.objects.none())
    version = VersionField()

    def __init__(self, *args, user, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ALLOWED_PARENTS[place.kind]
        self.fields["parent"].queryset = (
            reach.places(user, access.EDIT_PLACES).filter(kind__in=kinds).exclude(path__startswith=place.path)
        )
        self.fields["parent"].label_from_instance = lambda p: f"{p.name}（{p.get_kind_display()}・{p.code}）"
        self.fields["version"].initial = place.version


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル（.xlsx または .csv）"),
        help_text=_("列：種別、コード、名称、ふりがな、親コード、緯度、経度、備考。CSVは UTF-8・UTF-8(BOM付き)・Shift_JIS に対応しています。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("ファイルが大きすぎます（10MBまで）。"))
        return upload
