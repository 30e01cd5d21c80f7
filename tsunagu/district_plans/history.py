"""A plan's fields in words: labels, 年度 in 和暦, names instead of ids, goals one per line — for
the 変更の記録 (old → new per field) and for the conflict screen. The stored versions keep the
raw values (for restore)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tsunagu.district_plans.models import DistrictPlan, PlanStatus
from tsunagu.lib import fiscal
from tsunagu.lib.conflicts import Field, choice_field, text_field
from tsunagu.people.models import Organisation
from tsunagu.places.models import Place


def _label(name: str) -> str:
    return str(DistrictPlan._meta.get_field(name.removesuffix("_id")).verbose_name)


def _year(value) -> str:
    return fiscal.fiscal_year_label(int(value)) if value else ""


def goals_text(goals) -> str:
    """Goals as typed in the form: one per line."""
    return "\n".join(str(g) for g in goals or [])


def goals_from_text(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def fields(names: dict | None = None) -> list[Field]:
    """The plan's fields as the conflict screen and the history show them. names: the place and
    organisation names needed, from names_for()."""
    names = names or {}

    def place(value) -> str:
        return names.get(("place", value), "") if value else ""

    def organisations(value) -> str:
        return "、".join(names.get(("org", pk), str(pk)) for pk in value or [])

    return [
        Field("start_year", _label("start_year"), show=_year),
        Field("end_year", _label("end_year"), show=_year),
        choice_field("status", _label("status"), PlanStatus.choices),
        Field("partner_area_id", _label("partner_area"), show=place),
        text_field("current_state", _label("current_state")),
        Field("goals", _label("goals"), show=goals_text, parse=goals_from_text),
        text_field("directions", _label("directions")),
        text_field("partners", _label("partners")),
        Field("partner_organisations", _label("partner_organisations"), show=organisations),
        text_field("note", _label("note")),
    ]


def names_for(*snapshots: dict) -> dict:
    """Names of the places and organisations some snapshots refer to, in two queries."""
    place_ids, org_ids = set(), set()
    for data in snapshots:
        data = data or {}
        if data.get("partner_area_id"):
            place_ids.add(data["partner_area_id"])
        org_ids.update(data.get("partner_organisations") or [])
    names = {("place", pk): name for pk, name in Place.objects.filter(pk__in=place_ids).values_list("pk", "name")}
    names.update({("org", pk): name for pk, name in
                  Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name")})
    return names


def readable(changes: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for each changed field of one version; goals goal by goal."""
    befores = {k: pair[0] for k, pair in changes.items()}
    afters = {k: pair[1] for k, pair in changes.items()}
    names = names_for(befores, afters)
    rows: list[tuple[str, str, str]] = []
    for f in fields(names):
        if f.name not in changes:
            continue
        before, after = changes[f.name]
        if f.name == "goals":
            before, after = list(before or []), list(after or [])
            for i in range(max(len(before), len(after))):
                old = before[i] if i < len(before) else ""
                new = after[i] if i < len(after) else ""
                if old != new:
                    rows.append((_("目標%(n)s") % {"n": i + 1}, old, new))
            continue
        rows.append((f.label, f.show(before), f.show(after)))
    known = {f.name for f in fields()}
    for name, (before, after) in changes.items():
        if name not in known:  # a field since removed: its stored name and values
            rows.append((name, str(before or ""), str(after or "")))
    return rows
