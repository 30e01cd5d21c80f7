"""Writes to ヒアリング: item sets, rounds and sheets. Keyword-only, atomic, audited; sets, rounds
and sheets carry a version, and a save based on an older one is refused with EditConflict.

A sheet's content travels as a flat snapshot: {"status": …, "item-<id>": answer text, …} over the
items its round asks — versions store it and the conflict screen compares it field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.hearings.models import (
    HearingAnswer,
    HearingItem,
    HearingRound,
    HearingSet,
    HearingSheet,
    RoundItem,
    SheetStatus,
    SheetVersion,
    wards_run_by,
)
from tsunagu.lib.concurrency import lock_unchanged
from tsunagu.lib.conflicts import clean_text
from tsunagu.lib.morphology import search_text
from tsunagu.people.models import User
from tsunagu.places.models import Kind, Place

AUDIT_LABELS = {
    "hearing_set.create": gettext_lazy("ヒアリング項目セットを作成"),
    "hearing_set.update": gettext_lazy("ヒアリング項目セットを変更"),
    "hearing_round.open": gettext_lazy("ヒアリングを開始"),
    "hearing_round.update": gettext_lazy("ヒアリングを変更"),
    "hearing_sheet.update": gettext_lazy("ヒアリングシートを記入"),
}

# 神奈川区's items (casebook, 令和4年度): offered when a ward writes its first set.
KANAGAWA_ITEMS = [
    (gettext_lazy("通いの場"), gettext_lazy("サロン・体操・会食などの状況、再開や立ち上げの支援、2層Coとしての想い")),
    (gettext_lazy("生活支援"), gettext_lazy("買い物やちょっとした困りごとの支え合い、ボランティアの状況")),
    (gettext_lazy("見守り"), gettext_lazy("ふれあい活動員・民生委員などの見守りの様子、把握しにくくなっていること")),
    (gettext_lazy("移動支援・移動販売"), gettext_lazy("通院や買い物の足、移動販売の状況と地域の声")),
    (gettext_lazy("地域支援・地福計画"), gettext_lazy("地区社協・地区別計画（地福計画）との関わり、地区の話し合いの場")),
    (gettext_lazy("個別相談の傾向"), gettext_lazy("包括や住民から寄せられる相談の傾向、気になる変化")),
]


@dataclass
class ItemInput:
    """One row of the set form: an existing item's id (or None for a new one), in order."""

    title: str
    prompt: str = ""
    id: int | None = None


def _audit(user: User, action: str, target, place: Place, changes: dict) -> None:
    audit.record(actor=user, action=action, target=target, place=place, changes=changes)


# --- Item sets -----------------------------------------------------------------------------


def _check_items(items: list[ItemInput]) -> list[ItemInput]:
    items = [ItemInput(title=" ".join(i.title.split()), prompt=(i.prompt or "").strip(), id=i.id) for i in items]
    items = [i for i in items if i.title or i.prompt or i.id]
    errors = []
    if not items:
        errors.append(_("項目を1つ以上入れてください。"))
    if any(not i.title for i in items):
        errors.append(_("項目の名前が空の行があります。名前を入れるか、その行を削除してください。"))
    titles = [i.title for i in items if i.title]
    repeated = sorted({t for t in titles if titles.count(t) > 1})
    if repeated:
        errors.append(_("同じ名前の項目が2つあります：%(names)s") % {"names": "、".join(repeated)})
    if errors:
        raise ValidationError(errors)
    return items


def _check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("名前を入れてください。"))
    return name


@transaction.atomic
def hearing_set_create(*, user: User, ward: Place, name: str, description: str = "",
                       items: list[ItemInput]) -> HearingSet:
    if ward.kind != Kind.WARD or not wards_run_by(user).filter(pk=ward.pk).exists():
        raise PermissionDenied
    name, items = _check_name(name), _check_items(items)
    item_set = HearingSet.objects.create(ward=ward, name=name, description=(description or "").strip(),
                                         created_by=user)
    for position, item in enumerate(items):
        HearingItem.objects.create(item_set=item_set, position=position, title=item.title, prompt=item.prompt)
    _audit(user, "hearing_set.create", item_set, ward, {"name": [None, name], "items": [None, [i.title for i in items]]})
    return item_set


@transaction.atomic
def hearing_set_update(*, user: User, item_set: HearingSet, seen_version: int | None, name: str,
                       description: str = "", items: list[ItemInput]) -> HearingSet:
    """Change the set's items. An item a round has asked is never changed in place: an edited one
    is retired and replaced by a new item (previous → the old one), a removed one retired, so
    that every past round keeps the question its answers reply to."""
    if not HearingSet.objects.changeable_by(user).filter(pk=item_set.pk).exists():
        raise PermissionDenied
    name, items = _check_name(name), _check_items(items)
    lock_unchanged(item_set, seen_version)
    before = {"name": item_set.name, "items": [i.title for i in item_set.active_items()]}
    active = {i.pk: i for i in item_set.active_items()}
    used = set(RoundItem.objects.filter(item__in=list(active)).values_list("item_id", flat=True))
    unknown = [i.id for i in items if i.id is not None and i.id not in active]
    if unknown:
        raise ValidationError(_("この項目セットにない項目が含まれています。画面を開き直してください。"))
    kept: set[int] = set()
    for position, row in enumerate(items):
        old = active.get(row.id) if row.id is not None else None
        if old is None:
            HearingItem.objects.create(item_set=item_set, position=position, title=row.title, prompt=row.prompt)
            continue
        kept.add(old.pk)
        if (old.title, old.prompt) == (row.title, row.prompt) or old.pk not in used:
            old.position, old.title, old.prompt = position, row.title, row.prompt
            old.save(update_fields=["position", "title", "prompt"])
        else:
            old.is_active = False
            old.save(update_fields=["is_active"])
            HearingItem.objects.create(item_set=item_set, position=position, title=row.title, prompt=row.prompt,
                                       previous=old)
    for pk, item in active.items():
        if pk in kept:
            continue
        if pk in used:
            item.is_active = False
            item.save(update_fields=["is_active"])
        else:
            item.delete()
    item_set.name, item_set.description = name, (description or "").strip()
    item_set.version += 1
    item_set.save()
    after = {"name": name, "items": [i.title for i in item_set.active_items()]}
    _audit(user, "hearing_set.update", item_set, item_set.ward, audit.diff(before, after))
    return item_set


# --- Rounds --------------------------------------------------------------------------------


def _check_round(ward: Place, *, name: str, starts_on: date, ends_on: date, areas) -> tuple[str, list[Place]]:
    errors = []
    if not (name or "").strip():
        errors.append(_("ヒアリングの名前を入れてください。"))
    if starts_on and ends_on and ends_on < starts_on:
        errors.append(_("終了日は開始日と同じか、それより後にしてください。"))
    areas = list(areas)
    if not areas:
        errors.append(_("ヒアリングするCPエリアを1つ以上選んでください。"))
    if any(a.kind != Kind.CP_AREA or not a.is_within(ward) for a in areas):
        errors.append(_("CPエリアは、この区のケアプラザのエリアから選んでください。"))
    if errors:
        raise ValidationError(errors)
    return " ".join(name.split()), areas


@transaction.atomic
def hearing_round_open(*, user: User, item_set: HearingSet, name: str, starts_on: date, ends_on: date,
                       areas, note: str = "") -> HearingRound:
    """Open a round: the set's items as they are now, and an empty sheet for each CP area."""
    if not HearingSet.objects.changeable_by(user).filter(pk=item_set.pk).exists():
        raise PermissionDenied
    ward = item_set.ward
    name, areas = _check_round(ward, name=name, starts_on=starts_on, ends_on=ends_on, areas=areas)
    items = list(item_set.active_items())
    if not items:
        raise ValidationError(_("この項目セットには項目がありません。先に項目を入れてください。"))
    hearing = HearingRound.objects.create(ward=ward, item_set=item_set, name=name, starts_on=starts_on,
                                          ends_on=ends_on, note=(note or "").strip(), created_by=user)
    RoundItem.objects.bulk_create([RoundItem(round=hearing, item=item, position=i) for i, item in enumerate(items)])
    HearingSheet.objects.bulk_create([HearingSheet(round=hearing, area=area) for area in areas])
    _audit(user, "hearing_round.open", hearing, ward, {
        "name": [None, name], "period": [None, f"{starts_on}〜{ends_on}"],
        "areas": [None, [a.name for a in sorted(areas, key=lambda a: a.code)]]})
    return hearing


def _sheet_has_content(sheet: HearingSheet) -> bool:
    return sheet.status != SheetStatus.EMPTY or sheet.answers.exclude(text="").exists()


@transaction.atomic
def hearing_round_update(*, user: User, hearing: HearingRound, seen_version: int | None, name: str,
                         starts_on: date, ends_on: date, areas, note: str = "") -> HearingRound:
    """Rename, move the dates, add CP areas, or take out an area whose sheet is still empty."""
    if not HearingRound.objects.changeable_by(user).filter(pk=hearing.pk).exists():
        raise PermissionDenied
    name, areas = _check_round(hearing.ward, name=name, starts_on=starts_on, ends_on=ends_on, areas=areas)
    lock_unchanged(hearing, seen_version)
    sheets = {s.area_id: s for s in hearing.sheets.select_related("area")}
    wanted = {a.pk for a in areas}
    dropped = [s for pk, s in sheets.items() if pk not in wanted]
    written = [s.area.name for s in dropped if _sheet_has_content(s)]
    if written:
        raise ValidationError(_("記入が始まっているシートのCPエリアは外せません：%(names)s") % {"names": "、".join(written)})
    before = {"name": hearing.name, "period": f"{hearing.starts_on}〜{hearing.ends_on}",
              "areas": sorted(s.area.name for s in sheets.values())}
    for sheet in dropped:
        sheet.delete()
    HearingSheet.objects.bulk_create([HearingSheet(round=hearing, area=a) for a in areas if a.pk not in sheets])
    hearing.name, hearing.starts_on, hearing.ends_on, hearing.note = name, starts_on, ends_on, (note or "").strip()
    hearing.version += 1
    hearing.save()
    after = {"name": name, "period": f"{starts_on}〜{ends_on}", "areas": sorted(a.name for a in areas)}
    _audit(user, "hearing_round.update", hearing, hearing.ward, audit.diff(before, after))
    return hearing


# --- Sheets --------------------------------------------------------------------------------


def item_key(item: HearingItem | int) -> str:
    return f"item-{item if isinstance(item, int) else item.pk}"


def sheet_snapshot(sheet: HearingSheet, items: list[HearingItem] | None = None) -> dict:
    items = items if items is not None else sheet.round.asked_items()
    answers = {a.item_id: a.text for a in sheet.answers.all()}
    return {"status": sheet.status, **{item_key(i): answers.get(i.pk, "") for i in items}}


@transaction.atomic
def sheet_save(*, user: User, sheet: HearingSheet, seen_version: int | None, status: str,
               answers: dict[int, str]) -> HearingSheet:
    """Write a sheet's answers (item id → text) and its status (記入中 or 提出済)."""
    if not HearingSheet.objects.changeable_by(user).filter(pk=sheet.pk).exists():
        raise PermissionDenied
    if status not in (SheetStatus.IN_PROGRESS, SheetStatus.SUBMITTED):
        raise ValidationError(_("状態は「記入中」か「提出済」を選んでください。"))
    items = sheet.round.asked_items()
    if set(answers) - {i.pk for i in items}:
        raise ValidationError(_("このヒアリングにない項目への回答が含まれています。画面を開き直してください。"))
    current = lock_unchanged(sheet, seen_version)
    before = sheet_snapshot(current, items)
    for item in items:
        text = clean_text(answers.get(item.pk, before[item_key(item)]))
        HearingAnswer.objects.update_or_create(sheet=sheet, item=item,
                                               defaults={"text": text, "search_text": search_text(text)})
    now = timezone.now()
    sheet.status = status
    sheet.submitted_at = (current.submitted_at or now) if status == SheetStatus.SUBMITTED else None
    sheet.filled_by, sheet.filled_by_name, sheet.filled_at = user, str(user), now
    sheet.version = current.version + 1
    sheet.save()
    after = sheet_snapshot(sheet, items)
    changes = audit.diff(before, after)
    SheetVersion.objects.create(sheet=sheet, number=sheet.version, actor=user, actor_name=str(user), data=after,
                                changes=changes)
    # 操作の記録 names the items by their titles; the version keeps the ids (for the history).
    titles = {"status": _("状態"), **{item_key(i): i.title for i in items}}
    _audit(user, "hearing_sheet.update", sheet, sheet.area, {titles.get(k, k): v for k, v in changes.items()})
    return sheet
