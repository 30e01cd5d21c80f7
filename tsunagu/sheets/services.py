"""Writes to 取組共有シート. Keyword-only, atomic, audited; every change to a section or a plan item
is also kept as a SheetChange (who, when, old → new, the state after it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.lib.fiscal import fiscal_year_label
from tsunagu.lib.morphology import search_text
from tsunagu.lib.programme import Pillar
from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.sheets import access
from tsunagu.sheets.models import (
    SECTION_ORDER,
    PlanItem,
    Section,
    SectionComment,
    SectionKey,
    SectionStatus,
    Sheet,
    SheetChange,
)

AUDIT_ACTIONS = {
    "sheet.create": gettext_lazy("取組共有シートを作成"),
    "sheet.carry": gettext_lazy("取組共有シートを前年度から引き継ぎ"),
    "sheet.section": gettext_lazy("取組共有シートの欄を変更"),
    "sheet.reopen": gettext_lazy("確認済の欄を変更（作成中に戻る）"),
    "sheet.item": gettext_lazy("取組計画の項目を変更"),
    "sheet.comment": gettext_lazy("取組共有シートにコメント"),
}
ITEM_FIELDS = ["title", "pillar", "goal"]


# --- reading back ----------------------------------------------------------------------


def section_state(section: Section, items: list[PlanItem] | None = None) -> dict:
    """What a person edits in a section: its text, its status and, in a review section, each plan
    item's review of that period (keyed "item-<pk>")."""
    state = {"text": section.text, "status": section.status}
    if section.review_field:
        if items is None:
            items = list(section.sheet.plan_items.all())
        for item in items:
            state[f"item-{item.pk}"] = getattr(item, section.review_field)
    return state


def item_state(item: PlanItem) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def _diff(before: dict, after: dict) -> dict:
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k, ""), after.get(k, "")] for k in keys if before.get(k, "") != after.get(k, "")}


def _content(state: dict) -> dict:
    """A section's state without its status: what was written."""
    return {k: v for k, v in state.items() if k != "status"}


def _short(value, limit: int = 200):
    return value[:limit] if isinstance(value, str) else value


def _log(*, user, sheet: Sheet, section_key: str, version: int, how: str, before: dict, after: dict,
         item: PlanItem | None = None, subject: str = "") -> SheetChange:
    return SheetChange.objects.create(
        sheet=sheet, section_key=section_key, plan_item=item, subject=subject or (item.title if item else ""),
        version=version, how=how, actor=user if getattr(user, "pk", None) else None,
        actor_name=str(user) if user else "", data=after, changes=_diff(before, after),
    )


def _refresh_search(sheet: Sheet) -> None:
    sections = sheet.sections.all()
    items = list(sheet.plan_items.all())
    for item in items:
        text = search_text(item.title, item.goal, item.review_half, item.review_year)
        if text != item.search_text:
            PlanItem.objects.filter(pk=item.pk).update(search_text=text)
    sheet.search_text = search_text(
        sheet.place.name, *(s.text for s in sections),
        *(part for item in items for part in (item.title, item.goal, item.review_half, item.review_year)),
    )
    Sheet.objects.filter(pk=sheet.pk).update(search_text=sheet.search_text, updated_at=timezone.now())


def _require_write(user, sheet: Sheet) -> None:
    if not sheet.can_be_written_by(user):
        raise PermissionDenied


# --- sheets ----------------------------------------------------------------------------


@transaction.atomic
def sheet_create(*, user, place, fiscal_year: int, author=None, _texts: dict | None = None,
                 _how: str = "create") -> Sheet:
    """An empty sheet for a CP area and a 年度: five sections 未着手."""
    if place.kind != Kind.CP_AREA or not policy.can_at(user, access.WRITE, place):
        raise PermissionDenied
    exists_message = _("%(place)sの%(year)sのシートはもうあります。") % {
        "place": place.name, "year": fiscal_year_label(fiscal_year)}
    if Sheet.objects.filter(place=place, fiscal_year=fiscal_year).exists():
        raise ValidationError(exists_message)
    try:
        with transaction.atomic():
            sheet = Sheet.objects.create(place=place, fiscal_year=fiscal_year, author=author,
                                         created_by=user if getattr(user, "pk", None) else None)
    except IntegrityError:
        # Someone created it between the check and the insert.
        raise ValidationError(exists_message) from None
    texts = _texts or {}
    for key in SECTION_ORDER:
        text = texts.get(key, "")
        section = Section.objects.create(
            sheet=sheet, key=key, text=text,
            status=SectionStatus.DRAFTING if text else SectionStatus.NOT_STARTED, updated_by=None,
        )
        _log(user=user, sheet=sheet, section_key=key, version=section.version, how=_how, before={},
             after=section_state(section, items=[]))
    audit.record(actor=user, action="sheet.create", target=sheet, place=place,
                 changes={"年度": [None, fiscal_year_label(fiscal_year)]})
    _refresh_search(sheet)
    return sheet


@transaction.atomic
def sheet_carry_over(*, user, place, fiscal_year: int) -> Sheet:
    """This year's sheet from last year's: 目指す地域の姿 and the plan items carried (to be looked at
    again, so 作成中), 現状認識・課題 and the reviews empty. Refused if this year's sheet exists."""
    previous = Sheet.objects.filter(place=place, fiscal_year=fiscal_year - 1).first()
    if previous is None:
        raise ValidationError(_("%(place)sの%(year)sのシートがないので、引き継げません。") % {
            "place": place.name, "year": fiscal_year_label(fiscal_year - 1)})
    if not policy.can_at(user, access.VIEW, previous.place):
        raise PermissionDenied
    carried = {SectionKey.VISION: previous.section(SectionKey.VISION).text,
               SectionKey.PLAN: previous.section(SectionKey.PLAN).text}
    sheet = sheet_create(user=user, place=place, fiscal_year=fiscal_year, author=previous.author, _texts=carried,
                         _how="carry")
    sheet.carried_from = previous
    sheet.save(update_fields=["carried_from"])
    for item in previous.plan_items.all():
        new = PlanItem.objects.create(sheet=sheet, order=item.order, title=item.title, pillar=item.pillar,
                                      goal=item.goal)
        _log(user=user, sheet=sheet, section_key=SectionKey.PLAN, version=new.version, how="carry", before={},
             after=item_state(new), item=new)
    audit.record(actor=user, action="sheet.carry", target=sheet, place=place,
                 changes={"引き継ぎ元": [None, str(previous)]})
    _refresh_search(sheet)
    return sheet


# --- sections ----------------------------------------------------------------------------


@transaction.atomic
def section_update(*, user, section: Section, seen_version: int | None, text: str, status: str,
                   reviews: dict[int, str] | None = None, how: str = "edit") -> Section:
    """Save one section; refused with EditConflict if it changed since seen_version.

    reviews: plan item pk → that item's review of this section's period (review sections only).
    """
    sheet = section.sheet
    _require_write(user, sheet)
    current = Section.objects.select_for_update().get(pk=section.pk)
    items = {item.pk: item for item in sheet.plan_items.select_for_update()}
    before = section_state(current, items=list(items.values()))
    if status not in SectionStatus.values:
        raise ValidationError(_("状態を選んでください。"))
    reviews = reviews or {}
    if reviews and not section.review_field:
        raise ValidationError(_("この欄には項目ごとの振り返りはありません。"))
    gone = [text for pk, text in reviews.items() if pk not in items and text.strip()]
    if gone:
        raise ValidationError(
            _("振り返りを書いた取組計画の項目が、編集中に削除されました。書いた内容：%(text)s") % {"text": " / ".join(gone)})
    section.text = text
    section.status = status
    after = {"text": text, "status": status}
    if section.review_field:
        after.update({f"item-{pk}": reviews.get(pk, getattr(item, section.review_field)) for pk, item in items.items()})
    reviewer = sheet.can_be_reviewed_by(user)
    if (current.status == SectionStatus.CONFIRMED and not reviewer
            and (_content(after) != _content(before) or status != SectionStatus.CONFIRMED)):
        # The 2層Co goes on writing after the 1層Co's 確認済: the save goes through and reopens the
        # section (作成中 unless they chose another status), so the 1層Co sees it needs a new look
        # — refusing it only sent them to ask for the status to be undone.
        how = "reopen"
        if status == SectionStatus.CONFIRMED:
            status = SectionStatus.DRAFTING
            section.status = after["status"] = status
    # 確認済 is the 1層Co's word: a 2層Co may not give it.
    if status == SectionStatus.CONFIRMED and after != before and not reviewer:
        raise ValidationError(_("「確認済」にできるのは1層コーディネーターです。内容を変えたときは「提出済」などを選んでください。"))
    section.updated_by = user if getattr(user, "pk", None) else None
    save_if_unchanged(section, seen_version)
    if section.review_field:
        for pk, value in reviews.items():
            item = items.get(pk)
            if item is not None and getattr(item, section.review_field) != value:
                setattr(item, section.review_field, value)
                item.save(update_fields=[section.review_field, "updated_at"])
    _log(user=user, sheet=sheet, section_key=section.key, version=section.version, how=how, before=before,
         after=after)
    label = str(section.get_key_display())
    audit.record(actor=user, action="sheet.reopen" if how == "reopen" else "sheet.section", target=sheet,
                 place=sheet.place,
                 changes={f"{label} {field}": [_short(old), _short(new)] for field, (old, new) in _diff(before, after).items()})
    _refresh_search(sheet)
    return section


# --- plan items ----------------------------------------------------------------------------


def _clean_item(*, title: str, pillar: str, goal: str) -> dict:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("取組の名前を書いてください。"))
    if pillar not in Pillar.values:
        raise ValidationError(_("柱を選んでください。"))
    return {"title": title, "pillar": pillar, "goal": goal or ""}


@transaction.atomic
def plan_item_create(*, user, sheet: Sheet, title: str, pillar: str, goal: str = "") -> PlanItem:
    _require_write(user, sheet)
    values = _clean_item(title=title, pillar=pillar, goal=goal)
    last = sheet.plan_items.aggregate(m=Max("order"))["m"] or 0
    item = PlanItem.objects.create(sheet=sheet, order=last + 10, **values)
    _log(user=user, sheet=sheet, section_key=SectionKey.PLAN, version=item.version, how="item_add", before={},
         after=item_state(item), item=item)
    audit.record(actor=user, action="sheet.item", target=sheet, place=sheet.place,
                 changes={str(_("取組")): [None, item.title]})
    _refresh_search(sheet)
    return item


@transaction.atomic
def plan_item_update(*, user, item: PlanItem, seen_version: int | None, title: str, pillar: str,
                     goal: str = "") -> PlanItem:
    sheet = item.sheet
    _require_write(user, sheet)
    values = _clean_item(title=title, pillar=pillar, goal=goal)
    current = PlanItem.objects.select_for_update().get(pk=item.pk)
    before = item_state(current)
    for name, value in values.items():
        setattr(item, name, value)
    # Only the plan's own fields: the reviews belong to the review sections and their versions.
    save_if_unchanged(item, seen_version, update_fields=[*ITEM_FIELDS, "version", "updated_at"])
    _log(user=user, sheet=sheet, section_key=SectionKey.PLAN, version=item.version, how="item_edit", before=before,
         after=item_state(item), item=item)
    audit.record(actor=user, action="sheet.item", target=sheet, place=sheet.place,
                 changes={k: v for k, v in _diff(before, item_state(item)).items()})
    _refresh_search(sheet)
    return item


@transaction.atomic
def plan_item_move(*, user, item: PlanItem, by: int) -> None:
    """Move an item up (by=-1) or down (by=+1) in the plan; the orders are renumbered 10, 20, …"""
    sheet = item.sheet
    _require_write(user, sheet)
    items = list(sheet.plan_items.select_for_update().order_by("order", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    target = index + (1 if by > 0 else -1)
    if not 0 <= target < len(items):
        return
    before = [it.title for it in items]
    items[index], items[target] = items[target], items[index]
    for n, it in enumerate(items, start=1):
        it.order = n * 10
    PlanItem.objects.bulk_update(items, ["order"])
    _log(user=user, sheet=sheet, section_key=SectionKey.PLAN, version=item.version, how="item_move",
         before={"order": "、".join(before)}, after={"order": "、".join(it.title for it in items)}, item=item)
    audit.record(actor=user, action="sheet.item", target=sheet, place=sheet.place,
                 changes={str(_("順番")): ["、".join(before), "、".join(it.title for it in items)]})


@transaction.atomic
def plan_item_delete(*, user, item: PlanItem) -> None:
    """Remove an item. Its text and reviews stay readable in the sheet's history; memos linked to
    it keep everything but the link."""
    sheet = item.sheet
    _require_write(user, sheet)
    current = PlanItem.objects.select_for_update().get(pk=item.pk)
    before = {**item_state(current), "review_half": current.review_half, "review_year": current.review_year}
    _log(user=user, sheet=sheet, section_key=SectionKey.PLAN, version=current.version + 1, how="item_remove",
         before=before, after={}, subject=current.title)
    audit.record(actor=user, action="sheet.item", target=sheet, place=sheet.place,
                 changes={str(_("取組")): [current.title, None]})
    current.delete()
    _refresh_search(sheet)


# --- comments ----------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, user, section: Section, text: str) -> SectionComment:
    if not section.sheet.can_be_reviewed_by(user):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("コメントを書いてください。"))
    comment = SectionComment.objects.create(section=section, author=user, author_name=str(user), text=text)
    audit.record(actor=user, action="sheet.comment", target=section.sheet, place=section.sheet.place,
                 changes={str(section.get_key_display()): [None, text[:100]]})
    return comment


@transaction.atomic
def comment_resolve(*, user, comment: SectionComment, resolved: bool = True) -> SectionComment:
    sheet = comment.section.sheet
    if not (sheet.can_be_written_by(user) or sheet.can_be_reviewed_by(user)):
        raise PermissionDenied
    comment.resolved = resolved
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved", "resolved_at", "resolved_by"])
    return comment

