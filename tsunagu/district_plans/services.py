"""Writes to 地域支援計画. Each save keeps a full version (PlanVersion) and an audit entry, in the
same transaction; a save based on an older version is refused with EditConflict.

The plan's editable content travels as a snapshot: a dict of PLAN_FIELDS with plain JSON values
(partner_area_id a place id or None, partner_organisations a sorted list of ids, goals a list of
texts). Forms produce it, versions store it, restore and the conflict screen hand it back.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.district_plans import access
from tsunagu.district_plans.models import DistrictPlan, PlanVersion
from tsunagu.lib import fiscal
from tsunagu.lib.concurrency import lock_unchanged
from tsunagu.lib.conflicts import clean_text
from tsunagu.lib.morphology import search_text
from tsunagu.people import policy, reach
from tsunagu.people.models import Organisation, User
from tsunagu.places.models import Kind, Place

PLAN_FIELDS = ["start_year", "end_year", "status", "current_state", "goals", "directions", "partners",
               "partner_organisations", "partner_area_id", "note"]
TEXT_FIELDS = ["current_state", "directions", "partners", "note"]
# A plan usually runs three to five 年度; ten is a typing error's guard, not a policy.
LONGEST_PERIOD = 10

AUDIT_LABELS = {
    "district_plan.create": gettext_lazy("地域支援計画を作成"),
    "district_plan.update": gettext_lazy("地域支援計画を変更"),
    "district_plan.restore": gettext_lazy("地域支援計画を以前の版に戻す"),
}


def snapshot(plan: DistrictPlan) -> dict:
    data = {name: getattr(plan, name) for name in PLAN_FIELDS if name != "partner_organisations"}
    data["goals"] = list(plan.goals or [])
    data["partner_organisations"] = (
        sorted(plan.partner_organisations.values_list("pk", flat=True)) if plan.pk else [])
    return data


def clean_goals(goals) -> list[str]:
    return [" ".join(str(g).split()) for g in goals or [] if str(g).strip()]


def _check(*, user: User, district: Place, data: dict, plan: DistrictPlan | None,
           keep: set[int] = frozenset()) -> tuple[Place | None, list]:
    """The partner area and organisations the data names, after checking the whole of it.

    Organisations are those the person may see in the district's ward, and those already linked
    (keep): a district officer, who sees only their districts' organisations, must still be able
    to save a plan the 1層Co linked to a ward-wide one."""
    errors = []
    start, end = data["start_year"], data["end_year"]
    if end < start:
        errors.append(_("終了年度は開始年度と同じか、それより後にしてください。"))
    elif end - start >= LONGEST_PERIOD:
        errors.append(_("計画の期間は%(n)s年度までにしてください。") % {"n": LONGEST_PERIOD})
    ward = district.ancestor_of_kind(Kind.WARD)
    partner = None
    if data.get("partner_area_id"):
        partner = Place.objects.filter(pk=data["partner_area_id"], kind=Kind.CP_AREA).first()
        if partner is None or ward is None or not partner.is_within(ward):
            errors.append(_("一緒に作るCPエリアは、同じ区のケアプラザのエリアから選んでください。"))
        elif district.parent_id and district.parent.kind == Kind.CP_AREA:
            errors.append(_("この地区はCPエリアの中にあるので、そのエリアのケアプラザと一緒に作ります。"
                            "「一緒に作るCPエリア」は空けてください。"))
    ids = set(data.get("partner_organisations") or [])
    organisations = list(Organisation.objects.select_related("place").filter(
        Q(pk__in=reach.organisations(user).values("pk")) | Q(pk__in=keep), pk__in=ids))
    if len(organisations) != len(ids) or (ward and any(not o.place.is_within(ward) for o in organisations)):
        errors.append(_("関係団体は、この区の団体から選んでください。"))
    if not errors:
        overlapping = DistrictPlan.objects.filter(district=district, start_year__lte=end, end_year__gte=start)
        if plan is not None:
            overlapping = overlapping.exclude(pk=plan.pk)
        other = overlapping.first()
        if other is not None:
            errors.append(_("この地区には期間が重なる計画（%(period)s）がすでにあります。期間を見直すか、その計画を"
                            "編集してください。") % {"period": other.period_label})
    if errors:
        raise ValidationError(errors)
    return partner, organisations


def _apply(plan: DistrictPlan, data: dict, partner: Place | None, organisations: list) -> None:
    plan.start_year, plan.end_year = int(data["start_year"]), int(data["end_year"])
    plan.status = data["status"]
    for name in TEXT_FIELDS:
        setattr(plan, name, clean_text(data.get(name)))
    plan.goals = clean_goals(data.get("goals"))
    plan.partner_area = partner
    plan.full_clean(exclude=["district", "partner_area", "partner_organisations", "created_by"])
    plan.search_text = search_text(
        plan.district.name, partner.name if partner else "", plan.current_state, *plan.goals, plan.directions,
        plan.partners, plan.note, *(o.name for o in organisations),
        fiscal.wareki_fiscal_year(plan.start_year), fiscal.wareki_fiscal_year(plan.end_year))
    plan.save()
    plan.partner_organisations.set(organisations)


def _record(plan: DistrictPlan, *, user: User, how: str, before: dict | None) -> PlanVersion:
    after = snapshot(plan)
    changes = audit.diff(before or {}, after)
    version = PlanVersion.objects.create(
        plan=plan, number=plan.version, actor=user if getattr(user, "pk", None) else None,
        actor_name=str(user) if user else "", how=how, data=after, changes=changes)
    action = ("district_plan.create" if before is None
              else "district_plan.restore" if how.startswith("restore:") else "district_plan.update")
    audit.record(actor=user, action=action, target=plan, place=plan.district, changes=changes)
    return version


@transaction.atomic
def plan_create(*, user: User, district: Place, data: dict) -> DistrictPlan:
    if district.kind != Kind.DISTRICT or not policy.can_at(user, access.WRITE, district):
        raise PermissionDenied
    partner, organisations = _check(user=user, district=district, data=data, plan=None)
    plan = DistrictPlan(district=district, created_by=user, version=1)
    _apply(plan, data, partner, organisations)
    _record(plan, user=user, how="create", before=None)
    return plan


@transaction.atomic
def plan_update(*, user: User, plan: DistrictPlan, seen_version: int | None, data: dict,
                how: str = "edit", keep_organisations: set[int] = frozenset()) -> DistrictPlan:
    if not plan.can_be_written_by(user):
        raise PermissionDenied
    # Only those who write at the district itself choose its partner: a partner CP's 2層Co
    # cannot hand the plan to another CP (or take a stranger's).
    if (data.get("partner_area_id") != plan.partner_area_id
            and not policy.can_at(user, access.WRITE, plan.district)):
        raise ValidationError(_("一緒に作るCPエリアは、区社協（1層Co・地区担当）が変更します。"))
    current = lock_unchanged(plan, seen_version)
    before = snapshot(current)
    partner, organisations = _check(user=user, district=plan.district, data=data, plan=plan,
                                    keep=set(before["partner_organisations"]) | set(keep_organisations))
    plan.version = current.version + 1
    _apply(plan, data, partner, organisations)
    _record(plan, user=user, how=how, before=before)
    return plan


@transaction.atomic
def plan_restore(*, user: User, plan: DistrictPlan, number: int) -> DistrictPlan:
    """Go back to an earlier version; the restore is itself a new version, so nothing is lost."""
    version = plan.versions.get(number=number)
    data = {**snapshot(plan), **{k: v for k, v in version.data.items() if k in PLAN_FIELDS}}
    # Organisations deleted since are dropped rather than refusing the restore.
    linked = set(data.get("partner_organisations") or [])
    data["partner_organisations"] = sorted(Organisation.objects.filter(pk__in=linked).values_list("pk", flat=True))
    return plan_update(user=user, plan=plan, seen_version=None, data=data, how=f"restore:{number}",
                       keep_organisations=linked)


def organisations_named(ids) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))
