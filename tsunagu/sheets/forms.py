from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.conflicts import Field, choice_field, clean_text, text_field
from tsunagu.lib.programme import Pillar
from tsunagu.sheets.models import SectionStatus


def section_fields(section, items) -> list[Field]:
    """The fields of a section's form, as the conflict screen names them (see services.section_state)."""
    return [text_field("text", section.get_key_display()),
            choice_field("status", _("状態"), SectionStatus.choices),
            *(text_field(f"item-{item.pk}", _("「%(title)s」の振り返り") % {"title": item.title}) for item in items)]


def item_fields() -> list[Field]:
    return [text_field("title", _("取組")), choice_field("pillar", _("柱"), Pillar.choices), text_field("goal", _("目標"))]


def _cleaned(data: dict) -> dict:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


class SectionForm(forms.Form):
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}))
    status = forms.ChoiceField(label=_("状態"), choices=SectionStatus.choices)
    version = VersionField()

    def __init__(self, *args, section, items=(), reviewer: bool = False, **kwargs):
        kwargs.setdefault("initial", {"text": section.text, "status": section.status, "version": section.version})
        super().__init__(*args, **kwargs)
        self.section = section
        self.items = list(items)
        self.fields["text"].label = section.get_key_display()
        if not reviewer and section.status != SectionStatus.CONFIRMED:
            # 確認済 is the 1層Co's to give (services.section_update refuses it too).
            self.fields["status"].choices = [c for c in SectionStatus.choices if c[0] != SectionStatus.CONFIRMED]
        elif not reviewer:
            self.fields["status"].help_text = _("この欄は1層コーディネーターが確認済にしました。内容を変えて保存すると"
                                                "「作成中」に戻り、もう一度確認してもらうことになります。")
        if section.status == SectionStatus.NOT_STARTED and not self.is_bound:
            self.initial["status"] = SectionStatus.DRAFTING
        for item in self.items:
            self.fields[f"item-{item.pk}"] = forms.CharField(
                label=_("「%(title)s」の振り返り") % {"title": item.title}, required=False,
                initial=getattr(item, section.review_field), widget=forms.Textarea(attrs={"rows": 4}),
                help_text=item.goal and _("目標：%(goal)s") % {"goal": item.goal},
            )
        # The status last: decided once the text is written.
        self.order_fields(["text", *(f"item-{item.pk}" for item in self.items), "status"])

    def clean(self):
        return _cleaned(super().clean())

    def state(self) -> dict:
        """What was typed, keyed as services.section_state keys a section."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def save_kwargs(state: dict) -> dict:
    """A section state as section_update's keyword arguments."""
    reviews = {int(k.removeprefix("item-")): v for k, v in state.items() if k.startswith("item-")}
    return {"text": state.get("text", ""), "status": state.get("status", ""), "reviews": reviews or None}


class PlanItemForm(forms.Form):
    title = forms.CharField(label=_("取組"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("例：第6地区に新しいサロンを立ち上げる")}))
    pillar = forms.ChoiceField(label=_("柱"), choices=Pillar.choices, widget=forms.RadioSelect)
    goal = forms.CharField(label=_("目標"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("年度の終わりに、どうなっていたらよいか"))
    version = VersionField()

    def clean(self):
        return _cleaned(super().clean())

    def state(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("コメント"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
