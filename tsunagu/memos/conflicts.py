"""A memo saved by two people at once, on the same conflict screen as sheets, plans and hearings
(tsunagu/lib/conflicts.py, templates/includes/conflict.html): field by field, what differs marked,
each kept — the saved one or this person's — or, for texts, merged.

A memo's state here is flat JSON (ids and codes, not objects) so that it travels in the screen's
hidden "mine" and comes back as a form's data, to be checked by MemoForm like anything typed.
"""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from tsunagu.directory.models import Listing
from tsunagu.lib.conflicts import Field, text_field
from tsunagu.lib.programme import CoordinatorFunction, Pillar
from tsunagu.memos.models import Memo, MemoKind, Stage, codes_of
from tsunagu.people import reach
from tsunagu.people.models import Organisation
from tsunagu.places.models import Place
from tsunagu.sheets.models import PlanItem
from tsunagu.teams.models import Team

TEXTS = ["title", "content", "next_step", "purpose", "reaction"]
LINKS = ["plan_items", "organisations", "listings"]
ORDER = ["date", "place", "title", "content", "pillars", "plan_items", "next_step", "purpose", "reaction",
         "functions", "kind", "stage", "team", "organisations", "listings"]


def _pks(values) -> list[int]:
    return sorted(int(getattr(v, "pk", v)) for v in values or [])


def state_of_memo(memo: Memo, user) -> dict:
    """The memo as saved, as this person's form would show it (links they cannot see left out: the
    service keeps those whatever is chosen)."""
    return {
        "date": memo.date.isoformat(), "place": memo.place_id, "title": memo.title, "content": memo.content,
        "pillars": codes_of(memo.pillars), "functions": codes_of(memo.functions), "kind": memo.kind_id,
        "stage": memo.stage_id, "team": memo.team_id, "purpose": memo.purpose, "reaction": memo.reaction, "next_step": memo.next_step,
        "plan_items": _pks(memo.plan_items.all()),
        "organisations": _pks(memo.organisations.filter(pk__in=reach.linkable_organisations(user).values("pk"))),
        "listings": _pks(memo.listings.filter(pk__in=Listing.objects.visible_to(user).values("pk"))),
    }


def state_of_form(cleaned: dict) -> dict:
    """What was typed in MemoForm, in the same shape."""
    return {
        "date": cleaned["date"].isoformat(), "place": cleaned["place"].pk,
        **{name: cleaned.get(name) or "" for name in TEXTS},
        "pillars": [c for c in Pillar.values if c in set(cleaned.get("pillars") or [])],
        "functions": [c for c in CoordinatorFunction.values if c in set(cleaned.get("functions") or [])],
        "kind": cleaned["kind"].pk if cleaned.get("kind") else None,
        "stage": cleaned["stage"].pk if cleaned.get("stage") else None,
        "team": cleaned["team"].pk if cleaned.get("team") else None,
        **{name: _pks(cleaned.get(name)) for name in LINKS},
    }


def form_data(state: dict, version: int) -> MultiValueDict:
    """A state as MemoForm's posted data: the version put together on the conflict screen is
    checked like anything typed."""
    data = MultiValueDict({name: [str(state.get(name) or "")] for name in ["date", "place", *TEXTS, "kind", "stage", "team"]})
    for name in ["pillars", "functions", *LINKS]:
        data.setlist(name, [str(v) for v in state.get(name) or []])
    data["version"] = str(version)
    return data


def fields(*states: dict) -> list[Field]:
    """The memo's fields as the conflict screen shows them, names instead of ids."""
    ids = {name: {pk for s in states for pk in ((s or {}).get(name) or [])} for name in LINKS}
    single = {name: {(s or {}).get(name) for s in states} - {None, ""} for name in ("place", "kind", "stage", "team")}
    names = {
        "place": dict(Place.objects.filter(pk__in=single["place"]).values_list("pk", "name")),
        "kind": dict(MemoKind.objects.filter(pk__in=single["kind"]).values_list("pk", "name")),
        "stage": dict(Stage.objects.filter(pk__in=single["stage"]).values_list("pk", "name")),
        "team": dict(Team.objects.filter(pk__in=single["team"]).values_list("pk", "name")),
        "plan_items": dict(PlanItem.objects.filter(pk__in=ids["plan_items"]).values_list("pk", "title")),
        "organisations": dict(Organisation.objects.filter(pk__in=ids["organisations"]).values_list("pk", "name")),
        "listings": dict(Listing.objects.filter(pk__in=ids["listings"]).values_list("pk", "name")),
    }
    pillars, functions = dict(Pillar.choices), dict(CoordinatorFunction.choices)

    def one(name):
        return lambda value: names[name].get(value, "") if value else ""

    def many(name):
        return lambda value: "\n".join(names[name].get(pk, str(pk)) for pk in value or [])

    def codes(labels):
        return lambda value: "、".join(str(labels.get(c, c)) for c in value or [])

    def label(name: str) -> str:
        return str(Memo._meta.get_field(name).verbose_name)

    shown = {
        "date": Field("date", label("date")),
        "place": Field("place", label("place"), show=one("place")),
        "pillars": Field("pillars", label("pillars"), show=codes(pillars)),
        "functions": Field("functions", label("functions"), show=codes(functions)),
        "kind": Field("kind", label("kind"), show=one("kind")),
        "stage": Field("stage", label("stage"), show=one("stage")),
        "team": Field("team", label("team"), show=one("team")),
        **{name: Field(name, label(name), show=many(name)) for name in LINKS},
        **{name: text_field(name, label(name)) for name in TEXTS},
    }
    return [shown[name] for name in ORDER]


def errors_of(form) -> list[str]:
    """A form's errors as lines for the top of the conflict screen."""
    lines = []
    for name, errors in form.errors.items():
        where = form.fields[name].label if name in form.fields else ""
        lines += [f"{where}：{e}" if where else str(e) for e in errors]
    return lines or [_("保存できませんでした。")]
