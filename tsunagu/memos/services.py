"""Writes to 取組メモ and its editable lists. Keyword-only, atomic, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.directory.models import Listing
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_label
from tsunagu.lib.morphology import search_text
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.lib.relations import keep_unseen
from tsunagu.memos.models import Memo, MemoKind, Stage, can_edit_terms, can_write_memo_at, codes_text
from tsunagu.people import reach
from tsunagu.places.models import Kind, Place
from tsunagu.sheets.models import PlanItem
from tsunagu.teams.models import Team

AUDIT_ACTIONS = {
    "memo.create": gettext_lazy("取組メモを登録"),
    "memo.update": gettext_lazy("取組メモを変更"),
    "memo.delete": gettext_lazy("取組メモを削除"),
    "memo.restore": gettext_lazy("取組メモを元に戻す"),
    "memo_term.create": gettext_lazy("メモの選択肢を追加"),
    "memo_term.update": gettext_lazy("メモの選択肢を変更"),
}
KEEP = object()
TEXT_FIELDS = ["title", "purpose", "content", "reaction", "next_step"]
AUDITED = ["date", "place", "title", "pillars", "functions", "kind", "stage", "team", *TEXT_FIELDS[1:]]


def _ward(place: Place) -> Place | None:
    return place.ancestor_of_kind(Kind.WARD)


def _codes(values, vocabulary) -> str:
    values = set(values or [])
    unknown = values - set(vocabulary.values)
    if unknown:
        raise ValidationError(_("選べない値があります：%(v)s") % {"v": "、".join(sorted(unknown))})
    return codes_text([v for v in vocabulary.values if v in values])


def _check(user, *, place: Place, day: Date, kind, stage, organisations, listings, plan_items,
           memo: Memo | None = None, team: Team | None = None) -> None:
    if not can_write_memo_at(user, place):
        raise PermissionDenied
    errors = []
    ward = _ward(place)
    for term, model, field, label in ((kind, MemoKind, "kind_id", _("取組の種類")),
                                      (stage, Stage, "stage_id", _("地域づくりの段階"))):
        if term is None:
            continue
        # An entry since taken out of use stays on the memos that have it.
        kept = memo is not None and getattr(memo, field) == term.pk
        allowed = model.objects.for_ward(ward).filter(pk=term.pk)
        if not (kept and allowed.exists()) and not allowed.active().exists():
            errors.append(_("%(label)s「%(name)s」はこの地域では選べません。") % {"label": label, "name": term.name})
    possible = set(PlanItem.objects.for_memo_at(place, day))
    wrong = [item for item in plan_items if item not in possible]
    if wrong:
        errors.append(_("取組計画「%(items)s」は、この地域の%(year)sのシートの項目ではありません。日付か地域を確かめてください。") % {
            "items": "」「".join(i.title for i in wrong), "year": fiscal_year_label(fiscal_year(day))})
    if team is not None:
        # A memo belongs to a team of its own ward that the writer reads; one kept from before stays.
        kept = memo is not None and memo.team_id == team.pk
        in_ward = ward is not None and team.place.path.startswith(ward.path)
        if not in_ward or not (kept or Team.objects.visible_to(user).filter(pk=team.pk).exists()):
            errors.append(_("チーム・ネットワーク「%(name)s」はこの地域のメモには選べません。") % {"name": team.name})
    outside = [o for o in organisations if not reach.linkable_organisations(user).filter(pk=o.pk).exists()]
    outside += [li for li in listings if not Listing.objects.visible_to(user).filter(pk=li.pk).exists()]
    if outside:
        errors.append(_("見られない団体・地域資源が選ばれています：%(names)s") % {"names": "、".join(map(str, outside))})
    if day > timezone.localdate():
        errors.append(_("日付が未来になっています。実際に取り組んだ日を入れてください。"))
    if errors:
        raise ValidationError(errors)


# A memo's links: its organisations, listings and plan items.
Links = tuple[Iterable, Iterable, Iterable]


def _links_of(memo: Memo) -> Links:
    return memo.organisations.all(), memo.listings.all(), memo.plan_items.all()


def search_text_for(memo: Memo, links: Links | None = None) -> str:
    """The memo's words as its search finds them. links: given where they are not stored yet (the
    demo inserts its memos in bulk, tsunagu/demo/records.py); otherwise the memo's own."""
    organisations, listings, plan_items = links or _links_of(memo)
    return search_text(
        memo.title, memo.place.name, memo.author_name, memo.kind.name if memo.kind_id else "",
        memo.stage.name if memo.stage_id else "", *memo.pillar_labels, *memo.function_labels,
        memo.purpose, memo.content, memo.reaction, memo.next_step,
        *(o.name for o in organisations), *(li.name for li in listings), *(i.title for i in plan_items),
    )


def history_snapshot(memo: Memo, links: Links | None = None) -> dict:
    """The memo as its 操作の記録 shows it: labelled fields, pillars and links in words."""
    data = {str(Memo._meta.get_field(name).verbose_name): value for name, value in audit.snapshot(memo, AUDITED).items()}
    data[str(Memo._meta.get_field("pillars").verbose_name)] = memo.pillar_labels
    data[str(Memo._meta.get_field("functions").verbose_name)] = memo.function_labels
    if links is not None or memo.pk:
        organisations, listings, plan_items = links or _links_of(memo)
        data[str(_("つながり"))] = sorted([str(o) for o in organisations] + [str(li) for li in listings]
                                        + [str(i) for i in plan_items])
    return data


def _apply(memo: Memo, *, date: Date, place: Place, title: str, pillars, functions, kind, stage, purpose: str,
           content: str, reaction: str, next_step: str) -> None:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("何をしたかを、ひとことで書いてください。"))
    memo.date, memo.place, memo.title = date, place, title
    memo.pillars = _codes(pillars, Pillar)
    memo.functions = _codes(functions, CoordinatorFunction)
    memo.kind, memo.stage = kind, stage
    memo.purpose, memo.content, memo.reaction, memo.next_step = purpose, content, reaction, next_step


def _links(memo: Memo, *, organisations, listings, plan_items) -> None:
    memo.organisations.set(organisations)
    memo.listings.set(listings)
    memo.plan_items.set(plan_items)
    memo.search_text = search_text_for(memo)
    Memo.objects.filter(pk=memo.pk).update(search_text=memo.search_text)


@transaction.atomic
def memo_create(*, user, date: Date, place: Place, title: str, pillars=(), functions=(), kind: MemoKind | None = None,
                stage: Stage | None = None, purpose: str = "", content: str = "", reaction: str = "",
                next_step: str = "", organisations=(), listings=(), plan_items=(),
                team: Team | None = None) -> Memo:
    _check(user, place=place, day=date, kind=kind, stage=stage, organisations=organisations, listings=listings,
           plan_items=plan_items, team=team)
    memo = Memo(author=user, author_name=str(user), team=team)
    _apply(memo, date=date, place=place, title=title, pillars=pillars, functions=functions, kind=kind, stage=stage,
           purpose=purpose, content=content, reaction=reaction, next_step=next_step)
    memo.save()
    _links(memo, organisations=organisations, listings=listings, plan_items=plan_items)
    audit.record(actor=user, action="memo.create", target=memo, place=place,
                 changes=audit.diff({}, history_snapshot(memo)))
    return memo


@transaction.atomic
def memo_update(*, user, memo: Memo, seen_version: int | None, date: Date, place: Place, title: str, pillars=(),
                functions=(), kind: MemoKind | None = None, stage: Stage | None = None, purpose: str = "",
                content: str = "", reaction: str = "", next_step: str = "", organisations=(), listings=(),
                plan_items=(), team: Team | None | object = KEEP) -> Memo:
    """Save changes; refused with EditConflict if someone saved the memo since seen_version. Without
    team, the memo keeps the one it has (callers written before teams existed)."""
    if team is KEEP:
        team = memo.team
    if not can_write_memo_at(user, memo.place):
        raise PermissionDenied
    _check(user, place=place, day=date, kind=kind, stage=stage, organisations=organisations, listings=listings,
           plan_items=plan_items, memo=memo, team=team)
    before = history_snapshot(Memo.objects.select_for_update().get(pk=memo.pk))
    # Links this person cannot see were not on their form: they stay (tsunagu/lib/relations.py).
    organisations = keep_unseen(organisations, memo.organisations.all(), reach.linkable_organisations(user))
    listings = keep_unseen(listings, memo.listings.all(), Listing.objects.visible_to(user))
    _apply(memo, date=date, place=place, title=title, pillars=pillars, functions=functions, kind=kind, stage=stage,
           purpose=purpose, content=content, reaction=reaction, next_step=next_step)
    memo.team = team
    save_if_unchanged(memo, seen_version)
    _links(memo, organisations=organisations, listings=listings, plan_items=plan_items)
    audit.record(actor=user, action="memo.update", target=memo, place=place,
                 changes=audit.diff(before, history_snapshot(memo)))
    return memo


@transaction.atomic
def memo_delete(*, user, memo: Memo) -> Memo:
    """Hide the memo (元に戻す brings it back); its links stay."""
    if not can_write_memo_at(user, memo.place):
        raise PermissionDenied
    memo.deleted_at = timezone.now()
    memo.deleted_by = user
    memo.save(update_fields=["deleted_at", "deleted_by"])
    audit.record(actor=user, action="memo.delete", target=memo, place=memo.place)
    return memo


@transaction.atomic
def memo_restore(*, user, memo: Memo) -> Memo:
    if not can_write_memo_at(user, memo.place):
        raise PermissionDenied
    memo.deleted_at = None
    memo.deleted_by = None
    memo.save(update_fields=["deleted_at", "deleted_by"])
    audit.record(actor=user, action="memo.restore", target=memo, place=memo.place)
    return memo


@transaction.atomic
def term_save(*, user, model: type[MemoKind] | type[Stage], term=None, ward: Place | None, name: str, order: int,
              active: bool = True):
    """Add (term None) or change an entry of a list. A ward's entries are its own; the defaults
    (ward None) are shared by every ward."""
    if term is not None:
        ward = term.ward
    if ward is not None and ward.kind != Kind.WARD:
        raise ValidationError(_("区を選んでください。"))
    if not can_edit_terms(user, ward):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("名称を書いてください。"))
    clash = model.objects.for_ward(ward).filter(name=name)
    if term is not None:
        clash = clash.exclude(pk=term.pk)
    if clash.exists():
        raise ValidationError(_("「%(name)s」はもうあります。") % {"name": name})
    fields = ["name", "order", "active"]
    before = audit.snapshot(term, fields) if term is not None else {}
    term = term or model(ward=ward)
    term.name, term.order, term.active = name, order, active
    term.save()
    audit.record(actor=user, action="memo_term.update" if before else "memo_term.create", target=term, place=ward,
                 changes=audit.diff(before, audit.snapshot(term, fields)))
    return term
