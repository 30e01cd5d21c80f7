from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.directory import access
from tsunagu.directory.categories import tree
from tsunagu.directory.models import Category, Listing, Location, Schedule, Status, Subsidy, Visibility
from tsunagu.directory.search import search
from tsunagu.lib.concurrency import VersionField
from tsunagu.people import policy, reach
from tsunagu.people.models import Organisation
from tsunagu.places.models import Kind, Place

WEEKDAYS = [("MO", _("月")), ("TU", _("火")), ("WE", _("水")), ("TH", _("木")), ("FR", _("金")), ("SA", _("土")),
            ("SU", _("日"))]
NTHS = [("1", _("第1")), ("2", _("第2")), ("3", _("第3")), ("4", _("第4")), ("5", _("第5")), ("-1", _("最終"))]


class ListingForm(forms.ModelForm):
    version = VersionField()
    website = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")

    class Meta:
        model = Listing
        fields = [
            "name", "name_kana", "categories", "place", "organisation", "organiser_name", "description",
            "status", "status_reason", "status_date", "visibility", "schedule_note", "schedule_check", "is_free", "cost",
            "eligibility", "minimum_age", "eligibility_note", "capacity", "application", "intensity",
            "has_pickup", "wheelchair", "public_contact_name", "public_phone", "public_email", "website",
            "staff_contact", "internal_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "staff_contact": forms.Textarea(attrs={"rows": 2}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
            "status_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(getattr(self, "instance", None), "schedule_check", False):
            self.fields.pop("schedule_check", None)  # only an imported listing whose 日時 was not read has it
        self.fields["place"].queryset = (
            policy.places_where(user, access.EDIT).exclude(kind=Kind.BLOCK).order_by("path")
        )
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}（{p.get_kind_display()}）"
        # The listing's own organisation stays choosable even when it lies outside this person's
        # reach (a city-wide NPO running a local class): otherwise the select would show it blank
        # and any save would unlink it (tsunagu/lib/relations.py).
        linked = [self.instance.organisation_id] if self.instance.pk and self.instance.organisation_id else []
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(Q(pk__in=reach.linkable_organisations(user).values("pk")) | Q(pk__in=linked))
            .select_related("place").order_by("place__path", "name_kana")
        )
        self.fields["organisation"].label_from_instance = lambda o: f"{o.name}（{o.place.name}）"
        # The categories under each pillar, and any the listing already has (a pillar itself, given
        # by an import or the API): a save keeps what it did not offer.
        categories = self.instance.categories.values("pk") if self.instance.pk else []
        self.fields["categories"].queryset = (
            Category.objects.filter(Q(parent__isnull=False) | Q(pk__in=categories)).select_related("parent")
            .order_by("parent__sort_order", "sort_order", "pk")
        )
        self.fields["categories"].label_from_instance = (
            lambda c: f"{c.icon} {c.name}（{c.parent.name}）" if c.parent_id else f"{c.icon} {c.name}")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("status") in (Status.PAUSED, Status.ENDED) and not data.get("status_reason"):
            self.add_error("status_reason", _("休止・終了のときは理由を書いてください（例：会場の改修のため）。"))
        if not data.get("organisation") and not data.get("organiser_name"):
            self.add_error("organiser_name", _("運営団体を選ぶか、団体名を書いてください。"))
        return data


class LocationForm(forms.ModelForm):
    block_name = forms.CharField(
        label=_("町丁目"), required=False,
        help_text=_("例：簑沢、相生町一丁目。地図の点を置かなかったときは、この町丁目の位置を使います。"),
        widget=forms.TextInput(attrs={"list": "blocks"}),
    )

    class Meta:
        model = Location
        fields = ["name", "postal_code", "address", "block_name", "latitude", "longitude", "transportation",
                  "accessibility"]
        widgets = {"latitude": forms.NumberInput(attrs={"step": "any"}),
                   "longitude": forms.NumberInput(attrs={"step": "any"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        if self.instance.pk and self.instance.block_id:
            self.fields["block_name"].initial = self.instance.block.name

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error("longitude", _("緯度と経度は両方入れるか、両方空けてください。"))
        if lat is not None and not (20 <= lat <= 46 and 122 <= (lng or 0) <= 154):
            self.add_error("latitude", _("日本の中の位置にしてください。"))
        return data


class ScheduleForm(forms.Form):
    """Schedules as a coordinator says them; turned into HSDS/RFC 5545 fields."""

    KIND_CHOICES = [
        ("", _("（この欄は使わない）")),
        ("weekly", _("毎週")),
        ("biweekly", _("隔週")),
        ("monthly_nth", _("毎月 第○曜日")),
        ("monthly_day", _("毎月 ○日")),
        ("once", _("日付を指定（1回）")),
    ]
    kind = forms.ChoiceField(label=_("くり返し"), choices=KIND_CHOICES, required=False)
    weekdays = forms.MultipleChoiceField(label=_("曜日"), choices=WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    nths = forms.MultipleChoiceField(label=_("第○"), choices=NTHS, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    monthdays = forms.CharField(label=_("日（毎月）"), required=False, help_text=_("例：1, 15"))
    date = forms.DateField(label=_("日付・開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    opens_at = forms.TimeField(label=_("開始時刻"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("終了時刻"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    valid_from = forms.DateField(label=_("期間の始め"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("期間の終わり"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("補足"), required=False, max_length=200)
    closed_on_holidays = forms.BooleanField(label=_("祝日は休み"), required=False,
                                            help_text=_("次の開催日から祝日を除きます。"))
    closed_at_new_year = forms.BooleanField(label=_("年末年始（12月29日〜1月3日）は休み"), required=False,
                                            help_text=_("次の開催日から年末年始を除きます。"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data  # an unused row
        if kind in ("weekly", "biweekly", "monthly_nth") and not data.get("weekdays"):
            self.add_error("weekdays", _("曜日を選んでください。"))
        if kind == "monthly_nth" and not data.get("nths"):
            self.add_error("nths", _("第何週かを選んでください。"))
        if kind == "biweekly" and not data.get("date"):
            self.add_error("date", _("隔週は、数え始める日（開始日）を入れてください。"))
        if kind == "once" and not data.get("date"):
            self.add_error("date", _("日付を入れてください。"))
        if kind == "monthly_day":
            try:
                days = [int(d) for d in data.get("monthdays", "").replace("、", ",").split(",") if d.strip()]
            except ValueError:
                days = []
            if not days or any(not 1 <= d <= 31 for d in days):
                self.add_error("monthdays", _("1〜31の日にちを、カンマで区切って入れてください。"))
            data["monthday_list"] = days
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("終了時刻は開始時刻より後にしてください。"))
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("期間の終わりは始めより後にしてください。"))
        return data

    def to_schedule(self) -> dict:
        d = self.cleaned_data
        kind = d["kind"]
        fields = {"freq": Schedule.Freq.WEEKLY, "interval": 1, "byday": "", "bymonthday": "", "dtstart": d.get("date"),
                  "until": None, "valid_from": d.get("valid_from"), "valid_to": d.get("valid_to"),
                  "opens_at": d.get("opens_at"), "closes_at": d.get("closes_at"), "notes": d.get("notes", ""),
                  "closed_on_holidays": bool(d.get("closed_on_holidays")),
                  "closed_at_new_year": bool(d.get("closed_at_new_year"))}
        days = [code for code, _label in WEEKDAYS if code in d.get("weekdays", [])]
        if kind in ("weekly", "biweekly"):
            fields["byday"] = ",".join(days)
            fields["interval"] = 2 if kind == "biweekly" else 1
        elif kind == "monthly_nth":
            fields["freq"] = Schedule.Freq.MONTHLY
            nths = [n for n, _label in NTHS if n in d.get("nths", [])]
            fields["byday"] = ",".join(f"{n}{day}" for day in days for n in nths)
        elif kind == "monthly_day":
            fields["freq"] = Schedule.Freq.MONTHLY
            fields["bymonthday"] = ",".join(str(x) for x in d["monthday_list"])
        else:
            fields["freq"] = Schedule.Freq.ONCE
        return fields

    @staticmethod
    def initial_from(schedule: Schedule) -> dict:
        import re

        initial = {"date": schedule.dtstart, "opens_at": schedule.opens_at, "closes_at": schedule.closes_at,
                   "valid_from": schedule.valid_from, "valid_to": schedule.valid_to, "notes": schedule.notes,
                   "closed_on_holidays": schedule.closed_on_holidays,
                   "closed_at_new_year": schedule.closed_at_new_year}
        parts = [p for p in schedule.byday.split(",") if p]
        initial["weekdays"] = sorted({re.sub(r"^-?\d+", "", p) for p in parts})
        initial["nths"] = sorted({m.group(0) for p in parts if (m := re.match(r"^-?\d+", p))})
        if schedule.freq == Schedule.Freq.WEEKLY:
            initial["kind"] = "biweekly" if schedule.interval == 2 else "weekly"
        elif schedule.freq == Schedule.Freq.MONTHLY:
            initial["kind"] = "monthly_day" if schedule.bymonthday else "monthly_nth"
            initial["monthdays"] = schedule.bymonthday.replace(",", ", ")
        else:
            initial["kind"] = "once"
        return initial


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=1, can_delete=True, max_num=12)


class ProposedScheduleForm(forms.Form):
    """Beside the schedule rows on a proposal's page: what of a leader's 日時 is not a rule."""

    schedule_note = forms.CharField(label=_("日時の補足"), required=False, max_length=300,
                                    help_text=_("くり返しに入らないことだけを書きます（例：雨天中止）。"))
    text_only = forms.BooleanField(
        label=_("くり返しにできない日時（不定期など）なので、補足の文章だけで載せる"), required=False,
        help_text=_("このときは次の開催日を表示しません。"))

    def check(self, rules: list[dict]) -> bool:
        """Call after is_valid(), with the rows the schedule formset gave."""
        data = self.cleaned_data
        if not rules and not data.get("text_only"):
            self.add_error(None, _("くり返しを1つ以上入れてください。不定期などでくり返しにできないときは、"
                                   "「補足の文章だけで載せる」にチェックを入れて、補足に日時を書いてください。"))
        elif data.get("text_only") and not rules and not data.get("schedule_note", "").strip():
            self.add_error("schedule_note", _("文章だけで載せるときは、補足に日時を書いてください。"))
        elif data.get("text_only") and rules:
            self.add_error("text_only", _("くり返しを入れたときは、このチェックを外してください。"))
        return not self.errors


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("名前・内容で探す"), required=False)
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("分類"), queryset=Category.objects.all(), required=False)
    status = forms.ChoiceField(label=_("状態"), choices=[("", _("すべて"))] + Status.choices, required=False)
    visibility = forms.ChoiceField(label=_("公開範囲"), choices=[("", _("すべて"))] + Visibility.choices,
                                   required=False)
    stale = forms.BooleanField(label=_("1年以上確認していないものだけ"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(getattr(self, "instance", None), "schedule_check", False):
            self.fields.pop("schedule_check", None)  # only an imported listing whose 日時 was not read has it
        self.fields["place"].queryset = (
            policy.places_where(user, access.VIEW).filter(kind__in=[Kind.WARD, Kind.CP_AREA, Kind.DISTRICT]).order_by("path")
            .defer("boundary")
        )
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}"
        # In the tree's order, each pillar followed by its own categories (not by sort_order alone,
        # which counts within each parent and so interleaves the pillars).
        self.fields["category"].choices = [("", self.fields["category"].empty_label)] + [
            (category.pk, "　" * depth + category.name) for category, depth in tree()]

    def filter(self, listings):
        """The listings that match the filters (call after is_valid()); the staff list and its export."""
        data = self.cleaned_data
        if data.get("q"):
            listings = search(listings, data["q"], order=False)
        if data.get("place"):
            listings = listings.under(data["place"])
        if data.get("category"):
            listings = listings.in_category(data["category"])
        if data.get("status"):
            listings = listings.filter(status=data["status"])
        if data.get("visibility"):
            listings = listings.filter(visibility=data["visibility"])
        if data.get("stale"):
            listings = listings.stale()
        return listings



# --- 助成金 and 状態の記録 (subsidy_views.py) ---------------------------------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubsidyForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Subsidy
        fields = ["name", "funder", "state", "amount", "period_start", "period_end", "application_deadline",
                  "report_deadline", "responsible", "note"]
        widgets = {"period_start": _DATE, "period_end": _DATE, "application_deadline": _DATE,
                   "report_deadline": _DATE, "amount": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                   "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, listing, **kwargs):
        super().__init__(*args, **kwargs)
        from tsunagu.people.models import User

        self.fields["amount"].help_text = _("数字だけ（例：300000）")
        # Who may be named: the people who may edit this listing (its ward's staff who write).
        ward = listing.place.ancestor_of_kind("ward") or listing.place
        self.fields["responsible"].queryset = User.objects.filter(
            is_active=True, memberships__organisation__place__path__startswith=ward.path).distinct().order_by(
            "display_name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.listing = listing

    def clean_responsible(self):
        # The deadlines show only to someone who may edit the listing (subsidies.subsidy_deadlines):
        # naming anyone else would hide them from everybody.
        person = self.cleaned_data.get("responsible")
        if person is not None and not policy.can_at(person, access.EDIT, self.listing.place):
            raise forms.ValidationError(_("この人はこの地域資源を編集できないため、締切を受け取れません。編集できる人を選んでください。"))
        return person


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("状態"), choices=Status.choices)
    date = forms.DateField(label=_("日付"), widget=_DATE)
    reason = forms.CharField(label=_("理由・ようす"), max_length=300, required=False,
                             help_text=_("例：新型コロナの感染拡大で休止／オンラインで再開"))
