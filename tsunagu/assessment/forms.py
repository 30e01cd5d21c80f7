from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.assessment.indicators import TARGETS
from tsunagu.lib.concurrency import VersionField


class GapForm(forms.Form):
    target = forms.ChoiceField(label=_("何が近くにないか"), choices=[(k, t["label"]) for k, t in TARGETS.items()],
                               initial="salon")
    within = forms.IntegerField(label=_("距離（m）"), min_value=100, max_value=5000, initial=500)
    min_aged_75 = forms.IntegerField(label=_("75歳以上の人数（以上）"), min_value=0, max_value=100000, initial=100)


class ReadingForm(forms.Form):
    text = forms.CharField(label=_("所見（データから読み取れること・地域の実感）"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    version = VersionField()
