"""The forms of the minutes, follow-ups and review: few required fields, plain Japanese errors."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.events.models import AgendaItem, Event, FollowUp, FollowUpStatus, Minutes, Review
from tsunagu.lib.concurrency import VersionField
from tsunagu.people.models import Membership, Organisation
from tsunagu.places.models import Kind


def owners_for(event: Event):
    """Whom an event's follow-ups may be given to: the staff of its ward (of the city, for an event
    held city-wide) and the accounts taking part in it."""
    root = event.place.ancestor_of_kind(Kind.WARD) or event.place
    staff = Membership.objects.active().filter(organisation__place__path__startswith=root.path)
    taking_part = event.participants.filter(account__isnull=False).values("account_id")
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(pk__in=staff.values("user_id")) | Q(pk__in=taking_part))
            .order_by("display_name_kana", "display_name", "username"))


def owner_label(user) -> str:
    names = sorted({m.organisation.name for m in user.memberships.all() if m.is_active})
    return f"{user}（{'、'.join(names)}）" if names else str(user)


class TextsForm(forms.Form):
    """A few texts edited together, with the version they were based on and, for the conflict
    screen, the texts as they were then (base)."""

    TEXTS: list[str] = []
    version = VersionField()
    base = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, record) -> dict:
        state = {name: getattr(record, name) for name in cls.TEXTS}
        return {**state, "version": record.version if record.pk else 0,
                "base": json.dumps(state, ensure_ascii=False)}

    def state(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.TEXTS}

    def base_state(self) -> dict | None:
        try:
            base = json.loads(self.cleaned_data.get("base") or "")
        except ValueError:
            return None
        return base if isinstance(base, dict) else None


def _label(model, name):
    return model._meta.get_field(name).verbose_name


class MinutesForm(TextsForm):
    TEXTS = ["notes", "decisions"]
    notes = forms.CharField(label=_label(Minutes, "notes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(label=_label(Minutes, "decisions"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("決まったことを1行に1つ書いてください。印刷すると箇条書きになります。"))


class ReviewForm(TextsForm):
    TEXTS = ["worked", "voices", "next_time"]
    worked = forms.CharField(label=_label(Review, "worked"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    voices = forms.CharField(label=_label(Review, "voices"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("アンケートや当日のひとことなど。個人が特定される書き方は避けてください。"))
    next_time = forms.CharField(label=_label(Review, "next_time"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    what = forms.CharField(label=_label(FollowUp, "what"), max_length=200,
                           error_messages={"required": _("やることを書いてください。")})
    owner = forms.ModelChoiceField(label=_label(FollowUp, "owner"), queryset=get_user_model().objects.none(),
                                   error_messages={"required": _("担当者を選んでください。"),
                                                   "invalid_choice": _("この担当者は選べません。")})
    due = forms.DateField(label=_label(FollowUp, "due"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": _("期限は 2026-12-25 のように日付で入れてください。")})
    agenda_item = forms.ModelChoiceField(label=_label(FollowUp, "agenda_item"), queryset=AgendaItem.objects.none(),
                                         required=False, empty_label=_("（催し全体）"))
    organisation = forms.ModelChoiceField(label=_label(FollowUp, "organisation"),
                                          queryset=Organisation.objects.none(), required=False,
                                          empty_label=_("（担当者の所属から自動で）"),
                                          help_text=_("担当者が複数の団体に所属するときだけ選んでください。"))
    status = forms.ChoiceField(label=_label(FollowUp, "status"), choices=FollowUpStatus.choices,
                               initial=FollowUpStatus.TODO)
    version = VersionField()

    def __init__(self, *args, event: Event, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        owners = owners_for(event).prefetch_related("memberships__organisation")
        self.owners = owners
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = owner_label
        self.fields["agenda_item"].queryset = event.agenda_items.all()
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__in=Membership.objects.active().filter(user__in=owners.values("pk"))).distinct().order_by("name")
        if not editing:
            del self.fields["status"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"what": data["what"], "owner": data["owner"], "due": data.get("due"),
                "agenda_item": data.get("agenda_item"), "organisation": data.get("organisation"),
                "owners": self.owners}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=FollowUpStatus.choices, initial=FollowUpStatus.DONE, required=False)
    note = forms.CharField(label=_("ひとこと（任意）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or FollowUpStatus.DONE
