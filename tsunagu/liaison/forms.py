from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.events.models import Event
from tsunagu.liaison.models import meetings_of
from tsunagu.liaison.rollup import Period, Preset, period_for
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The ward view's period: a preset, the 年度 of 上半期 / 年度, or two dates; and which liaison
    meeting "new" is counted from (the last one before today unless another is chosen)."""

    period = forms.ChoiceField(label=_("期間"), choices=Preset.CHOICES, required=False, widget=forms.RadioSelect)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    start = forms.DateField(label=_("いつから"), required=False, widget=DATE)
    end = forms.DateField(label=_("いつまで"), required=False, widget=DATE)
    meeting = forms.TypedChoiceField(label=_("どの連絡会からの動きを見るか"), coerce=int, required=False)

    # Meetings offered as the start of "new": the ward's last two years or so of monthly meetings.
    MEETINGS_OFFERED = 24

    def __init__(self, *args, ward, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        this_year = fiscal_year(today)
        self.fields["year"].choices = [(y, fiscal_year_label(y)) for y in range(this_year, this_year - 6, -1)]
        # Read once: the last meeting, the choices and the chosen one all come from this list.
        self.meetings = list(meetings_of(ward).filter(starts_on__lt=today).order_by("-starts_on", "-pk")
                             [:self.MEETINGS_OFFERED])
        self.fields["meeting"].choices = [("", _("前回（いちばん最近）")), *((m.pk, str(m)) for m in self.meetings)]
        self.last_meeting = self.meetings[0] if self.meetings else None

    def clean(self):
        data = super().clean()
        if data.get("period") == Preset.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error("start", _("「日付を指定」のときは、いつからといつまでの両方を入れてください。"))
            elif start > end:
                self.add_error("end", _("「いつまで」は「いつから」より後の日にしてください。"))
            elif (end - start).days > 3 * 366:
                self.add_error("end", _("期間は3年以内にしてください。"))
        return data

    def choice(self) -> tuple[Period, Event | None]:
        """The period and the meeting to show: what was asked, or the defaults if the form has
        errors (the errors are shown beside it)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        meeting = next((m for m in self.meetings if m.pk == data.get("meeting")), None) or self.last_meeting
        period = period_for(data.get("period"), today=self.today, year=data.get("year"), meeting=meeting,
                            start=data.get("start"), end=data.get("end"))
        if not self.is_bound:
            # The form shows the period on screen: the preset ticked, its first and last day filled in.
            self.initial = {"period": period.preset, "year": period.fiscal_year, "start": period.start,
                            "end": period.end}
        return period, meeting


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ことばで探す"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例：サロン、移動販売、みまもり")}))
