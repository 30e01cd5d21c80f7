"""The staff forms of アンケート: the survey, a question, a choice, a link, a paper's heading."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.events.models import Event
from tsunagu.lib.concurrency import VersionField
from tsunagu.people import policy
from tsunagu.places.models import Kind as PlaceKind
from tsunagu.places.models import Place
from tsunagu.projects.models import Project
from tsunagu.surveys import access
from tsunagu.surveys.models import CHOICE_KINDS, Choice, Condition, Kind, Question, Survey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SURVEY_PLACE_KINDS = (PlaceKind.WARD, PlaceKind.CP_AREA, PlaceKind.DISTRICT, PlaceKind.ASSOCIATION)
# Where answers may come from: an association, a district or a CP area (for breakdowns).
AREA_KINDS = (PlaceKind.CP_AREA, PlaceKind.DISTRICT, PlaceKind.ASSOCIATION)


def place_label(place: Place) -> str:
    return f"{'　' * max(place.depth - 1, 0)}{place.name}（{place.get_kind_display()}）"


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return place_label(obj)


def places_for_surveys(user):
    return policy.places_where(user, access.WRITE).filter(kind__in=SURVEY_PLACE_KINDS).order_by("path")


def areas_under(place: Place):
    """The places answers of a survey held at place may be said to come from."""
    return Place.objects.filter(path__startswith=place.path, kind__in=AREA_KINDS).order_by("path")


class SurveyForm(forms.ModelForm):
    version = VersionField()
    place = PlaceChoiceField(label=_("地域"), queryset=Place.objects.none())

    class Meta:
        model = Survey
        fields = ["title", "place", "intro", "status", "opens_on", "closes_on", "anonymous", "contact", "thanks",
                  "project", "event"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "intro": forms.Textarea(attrs={"rows": 4}),
                   "thanks": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for_surveys(user)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("-pk")
        self.fields["event"].queryset = Event.objects.visible_to(user).order_by("-starts_on", "-pk")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("締切日は受付開始日より後にしてください。"))
        return data


# Fields of one kind of question only, and those folded under 「くわしく」 (the builder's template).
KIND_FIELDS = {"scale_low": Kind.SCALE, "scale_high": Kind.SCALE, "number_min": Kind.NUMBER,
               "number_max": Kind.NUMBER, "unit": Kind.NUMBER}
MORE_FIELDS = ("help", *KIND_FIELDS, "show_if_question", "show_if", "show_if_choice", "name")


class QuestionForm(forms.ModelForm):
    version = VersionField()
    choices_text = forms.CharField(
        label=_("選択肢（1行に1つ）"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("「ひとつ選ぶ」「いくつでも選ぶ」「表」のとき。あとから1つずつ直せます。"))
    rows_text = forms.CharField(label=_("表の行（1行に1つ）"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("「表」のとき：同じ選択肢で答える項目（買い物、通院…）"))

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "help", "scale_low", "scale_high", "number_min", "number_max", "unit",
                  "show_if_question", "show_if", "show_if_choice", "name"]

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = survey.questions.filter(kind__in=(Kind.SINGLE, Kind.MULTIPLE))
        if self.instance.pk:
            earlier = earlier.filter(order__lt=self.instance.order)
            self.fields["version"].initial = self.instance.version
            del self.fields["choices_text"], self.fields["rows_text"]
            # A question's kind is set: only the fields of that kind are asked.
            for name, kind in KIND_FIELDS.items():
                if kind != self.instance.kind:
                    del self.fields[name]
        self.fields["show_if_question"].queryset = earlier
        self.fields["show_if_question"].label_from_instance = lambda q: f"問{q.order} {q.text}"
        self.fields["show_if_choice"].queryset = Choice.objects.filter(question__in=earlier).select_related("question")
        self.fields["show_if_choice"].label_from_instance = lambda c: f"問{c.question.order}：{c.label}"
        self.fields["show_if"].choices = [("", "---------"), *Condition.choices]

    def main_fields(self):
        return [f for f in self if not f.is_hidden and f.name not in MORE_FIELDS]

    def more_fields(self):
        return [f for f in self if f.name in MORE_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("kind") in CHOICE_KINDS and not self.instance.pk and not (data.get("choices_text") or "").strip():
            self.add_error("choices_text", _("選択肢を1つ以上入れてください。"))
        if data.get("kind") == Kind.GRID and not self.instance.pk and not (data.get("rows_text") or "").strip():
            self.add_error("rows_text", _("表の行を1つ以上入れてください。"))
        return data


class ChoiceForm(forms.Form):
    label = forms.CharField(label=_("選択肢"), max_length=200)
    with_text = forms.BooleanField(label=_("記入欄つき（その他など）"), required=False)


class RowForm(forms.Form):
    label = forms.CharField(label=_("項目"), max_length=200)


class AddLinesForm(forms.Form):
    text = forms.CharField(label=_("追加する（1行に1つ）"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    name = forms.CharField(label=_("宛先（団体名など）"), max_length=200, required=False)
    area = PlaceChoiceField(label=_("宛先の地域"), queryset=Place.objects.none(), required=False,
                            help_text=_("このリンクからの回答は、この地域の回答として集計されます。"))
    once = forms.BooleanField(label=_("回答は1件だけ（団体ごとのリンクなど）"), required=False)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_under(survey.place)


class GroupLinksForm(forms.Form):
    lines = forms.CharField(
        label=_("団体ごとのリンクをまとめて作る（1行に1団体）"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("「団体名」または「団体名,自治会町内会名」。1団体に1件だけ回答できるリンクを作ります。"))


class PaperForm(forms.Form):
    """The heading of a paper being typed in: where it came from, its number, a written name."""

    area = PlaceChoiceField(label=_("地域"), queryset=Place.objects.none(), required=False)
    source_ref = forms.CharField(label=_("用紙番号"), max_length=100, required=False)
    respondent_name = forms.CharField(label=_("記入された名前"), max_length=100, required=False)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_under(survey.place)
        if survey.anonymous:
            del self.fields["respondent_name"]
