"""The dispatch plan's rules (per outing day and direction) and the coordinator's draft of moves."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.outings import planning
from tsunagu.outings.plan_models import Split

# How many moves 「ひとつ戻す」 can take back.
HISTORY = 30


def _number(label, low, high, help_text="", step="1"):
    return forms.FloatField(label=label, min_value=low, max_value=high, help_text=help_text,
                            widget=forms.NumberInput(attrs={"step": step, "inputmode": "decimal"}))


class RulesForm(forms.Form):
    max_ride = _number(_("乗車時間の上限（分）"), 5, 120, _("ひとりが車に乗っている時間の上限。参加者ごとに短くもできます。"))
    stop_minutes = _number(_("乗り降りの時間（分）"), 0, 30, _("家の前で乗るのにかかる時間"), "0.5")
    assisted_stop_minutes = _number(_("介助・車いすの乗り降り（分）"), 0, 60, "", "0.5")
    earlier = _number(_("早めてよい時間（分）"), 0, 180, _("行き：着く時刻より何分前に着いてよいか／帰り：出発時刻より何分前に出てよいか"))
    later = _number(_("遅れてよい時間（分）"), 0, 180, _("行き：着く時刻より何分遅れてよいか／帰り：出発時刻より何分あとまで待てるか"))
    detour = _number(_("道のりの係数"), 1, 3, _("直線距離に掛ける数（ふつう1.3）"), "0.05")
    speed_kmh = _number(_("平均の速さ（km/時）"), 3, 80, _("家の近くの道（はじめの2km）。市街地はおよそ15km/時"), "0.5")
    main_road_kmh = _number(_("幹線道路の速さ（km/時）"), 3, 100, _("2kmより長い道のりの残り。ふつう30km/時"), "0.5")
    max_route_minutes = _number(_("1台の運行時間の上限（分）"), 10, 600)
    split = forms.ChoiceField(label=_("運賃の分け方"), choices=Split.choices)
    version = VersionField()

    @classmethod
    def initial_for(cls, plan) -> dict:
        rules = planning.Rules.from_dict(plan.rules, plan.direction)
        return {**rules.as_dict(), "split": plan.split, "version": plan.version}

    def rules(self) -> planning.Rules:
        data = self.cleaned_data
        return planning.Rules(**{name: data[name] for name in planning.Rules.__dataclass_fields__})


class DraftForm(forms.Form):
    """The routes being edited (planning.Refs with the cars' keys), the drafts before them, the
    version of the plan they started from, and the split rule; sent back with every move."""

    draft = forms.CharField(widget=forms.HiddenInput, required=False)
    history = forms.CharField(widget=forms.HiddenInput, required=False)
    split = forms.ChoiceField(label=_("運賃の分け方"), choices=Split.choices, required=False)
    version = VersionField()

    def cleaned_draft(self) -> dict | None:
        return _load(self.cleaned_data.get("draft"), dict)

    def cleaned_history(self) -> list:
        return (_load(self.cleaned_data.get("history"), list) or [])[-HISTORY:]


def _load(text, kind):
    try:
        value = json.loads(text or "null")
    except ValueError:
        return None
    return value if isinstance(value, kind) else None
