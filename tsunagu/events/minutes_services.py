"""Writes to the minutes (議事録), follow-ups (フォローアップ) and the review (振り返り) of an event.
Keyword-only, atomic, audited; what two people may edit at once is saved only against the version
it was based on (lib/concurrency.py), so the second person meets the conflict screen."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.events.models import AgendaItem, Event, FollowUp, FollowUpStatus, Minutes, Review
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.lib.conflicts import clean_text
from tsunagu.people.models import Organisation

AUDIT_ACTIONS = {
    "event_minutes.update": gettext_lazy("議事録を保存"),
    "event_followup.create": gettext_lazy("フォローアップを登録"),
    "event_followup.update": gettext_lazy("フォローアップを変更"),
    "event_followup.status": gettext_lazy("フォローアップの状況を変更"),
    "event_followup.delete": gettext_lazy("フォローアップを削除"),
    "event_review.update": gettext_lazy("振り返りを保存"),
}
MINUTES_TEXTS = ["notes", "decisions"]
REVIEW_TEXTS = ["worked", "voices", "next_time"]
FOLLOWUP_AUDITED = ["what", "owner", "organisation", "due", "status", "agenda_item", "done_note"]


def _save_texts(record, seen_version: int | None) -> None:
    """Saved against the version the form was based on; 0 means "none saved yet"."""
    if record.pk:
        save_if_unchanged(record, seen_version)
        return
    record.save()


def can_organise(user, event: Event) -> bool:
    """The organiser's side of an event: those who may change it (events.write at its place)."""
    return Event.objects.changeable_by(user).filter(pk=event.pk).exists()


def _require_organiser(user, event: Event) -> None:
    if not can_organise(user, event):
        raise PermissionDenied


def minutes_for(event: Event, agenda_item: AgendaItem | None) -> Minutes:
    """The minutes of an agenda item (or of the event as a whole), empty and unsaved if none yet."""
    found = Minutes.objects.filter(event=event, agenda_item=agenda_item).first()
    return found or Minutes(event=event, agenda_item=agenda_item)


@transaction.atomic
def minutes_save(*, user, event: Event, agenda_item: AgendaItem | None, seen_version: int | None, notes: str,
                 decisions: str) -> Minutes:
    """Save one agenda item's minutes; EditConflict if someone saved them since seen_version.
    Minutes not saved yet are version 0 on the form: two people writing an item's first minutes at
    once still meet the conflict screen, the second one."""
    _require_organiser(user, event)
    if agenda_item is not None and agenda_item.event_id != event.pk:
        raise PermissionDenied
    # Lock the event row so that two first saves cannot both create the item's minutes.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    minutes = minutes_for(event, agenda_item)
    before = audit.snapshot(minutes, MINUTES_TEXTS) if minutes.pk else {}
    minutes.notes, minutes.decisions = clean_text(notes), clean_text(decisions)
    minutes.updated_by_name = str(user)
    _save_texts(minutes, seen_version)
    audit.record(actor=user, action="event_minutes.update", target=minutes, place=event.place,
                 changes=audit.diff(before, audit.snapshot(minutes, MINUTES_TEXTS)))
    return minutes


@transaction.atomic
def review_save(*, user, event: Event, seen_version: int | None, worked: str, voices: str,
                next_time: str) -> Review:
    _require_organiser(user, event)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    review = Review.objects.filter(event=event).first() or Review(event=event)
    before = audit.snapshot(review, REVIEW_TEXTS) if review.pk else {}
    review.worked, review.voices, review.next_time = clean_text(worked), clean_text(voices), clean_text(next_time)
    review.updated_by_name = str(user)
    _save_texts(review, seen_version)
    audit.record(actor=user, action="event_review.update", target=review, place=event.place,
                 changes=audit.diff(before, audit.snapshot(review, REVIEW_TEXTS)))
    return review


def _check_followup(event: Event, *, what: str, owner, agenda_item, organisation, owners) -> str:
    errors = []
    what = (what or "").strip()
    if not what:
        errors.append(_("やることを書いてください。"))
    if owner is None or not owners.filter(pk=owner.pk).exists():
        errors.append(_("担当者を、この催しの区の職員から選んでください。"))
    if agenda_item is not None and agenda_item.event_id != event.pk:
        errors.append(_("この催しの議題を選んでください。"))
    if organisation is not None and owner is not None and not organisation.memberships.active().filter(
            user=owner).exists():
        errors.append(_("担当の所属は、担当者が所属する団体から選んでください。"))
    if errors:
        raise ValidationError(errors)
    return what


def owner_organisation(owner) -> Organisation | None:
    """The organisation a follow-up is done for when none is chosen: the owner's (their first)."""
    membership = owner.memberships.active().select_related("organisation").order_by("pk").first()
    return membership.organisation if membership else None


@transaction.atomic
def followup_create(*, user, event: Event, what: str, owner, due: Date | None = None, agenda_item=None,
                    organisation=None, owners) -> FollowUp:
    """owners: the accounts this event's follow-ups may be given to (minutes_forms.owners_for)."""
    _require_organiser(user, event)
    what = _check_followup(event, what=what, owner=owner, agenda_item=agenda_item, organisation=organisation,
                           owners=owners)
    followup = FollowUp.objects.create(event=event, agenda_item=agenda_item, what=what, owner=owner,
                                       organisation=organisation or owner_organisation(owner), due=due,
                                       created_by=user)
    audit.record(actor=user, action="event_followup.create", target=followup, place=event.place,
                 changes=audit.diff({}, audit.snapshot(followup, FOLLOWUP_AUDITED)))
    return followup


@transaction.atomic
def followup_update(*, user, followup: FollowUp, seen_version: int | None, what: str, owner, due: Date | None,
                    status: str, agenda_item=None, organisation=None, owners) -> FollowUp:
    event = followup.event
    _require_organiser(user, event)
    what = _check_followup(event, what=what, owner=owner, agenda_item=agenda_item, organisation=organisation,
                           owners=owners)
    before = audit.snapshot(FollowUp.objects.get(pk=followup.pk), FOLLOWUP_AUDITED)
    followup.what, followup.owner, followup.due, followup.agenda_item = what, owner, due, agenda_item
    followup.organisation = organisation or owner_organisation(owner)
    _set_status(followup, user, status)
    save_if_unchanged(followup, seen_version)
    audit.record(actor=user, action="event_followup.update", target=followup, place=event.place,
                 changes=audit.diff(before, audit.snapshot(followup, FOLLOWUP_AUDITED)))
    return followup


def _set_status(followup: FollowUp, user, status: str) -> None:
    if status not in FollowUpStatus.values:
        raise ValidationError(_("状況を選んでください。"))
    if status == FollowUpStatus.DONE and not followup.is_done:
        followup.done_at, followup.done_by_name = timezone.now(), str(user)
    elif status != FollowUpStatus.DONE:
        followup.done_at, followup.done_by_name = None, ""
    followup.status = status


def can_set_status(user, followup: FollowUp) -> bool:
    """Its owner marks a follow-up done (or under way); so may the organisers."""
    return followup.owner_id == user.pk or can_organise(user, followup.event)


@transaction.atomic
def followup_set_status(*, user, followup: FollowUp, status: str, note: str = "") -> FollowUp:
    """The owner's (or an organiser's) 対応中 / 完了, with an optional note. Not compared with a
    version: the state is one choice, and the last one made is the one meant; a note adds to the
    notes already there, so nothing written is lost."""
    if not can_set_status(user, followup):
        raise PermissionDenied
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    before = audit.snapshot(followup, FOLLOWUP_AUDITED)
    _set_status(followup, user, status)
    note = clean_text(note)
    if note:
        followup.done_note = f"{followup.done_note}\n{note}".strip() if followup.done_note else note
    followup.version += 1
    followup.save()
    audit.record(actor=user, action="event_followup.status", target=followup, place=followup.event.place,
                 changes=audit.diff(before, audit.snapshot(followup, FOLLOWUP_AUDITED)))
    return followup


@transaction.atomic
def followup_delete(*, user, followup: FollowUp) -> None:
    _require_organiser(user, followup.event)
    audit.record(actor=user, action="event_followup.delete", target=followup, place=followup.event.place,
                 changes={k: [v, None] for k, v in audit.snapshot(followup, FOLLOWUP_AUDITED).items()})
    followup.delete()
