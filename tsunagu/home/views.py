from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from tsunagu.directory.models import Listing, Proposal, Report, Status, StatusChange, Visibility
from tsunagu.home import todo_views
from tsunagu.lib.fiscal import fiscal_year, fiscal_year_range
from tsunagu.people import access as people
from tsunagu.people import policy
from tsunagu.people.models import Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place


def csrf_failure(request, reason=""):
    # A form left open past the session's end is the usual cause: say so in plain words.
    return render(request, "403_csrf.html", status=403)


def about(request):
    return render(request, "home/about.html")


def _listing_counts(user, place) -> dict:
    """地域資源 under a place as the person sees them, and what waits for them there."""
    visible = Listing.objects.visible_to(user).under(place)
    editable = Listing.objects.changeable_by(user).under(place)
    by_visibility = {r["visibility"]: r["n"] for r in visible.values("visibility").annotate(n=Count("pk"))}
    # 休止・再開 this 年度 (状態の記録): "paused during COVID, resumed online" counted where it happened.
    start, end = fiscal_year_range(fiscal_year(timezone.localdate()))
    steps = StatusChange.objects.visible_to(user).counts_by_place([place], start, end)[place.pk]
    return {
        "total": sum(by_visibility.values()),
        "public": by_visibility.get(Visibility.PUBLIC, 0),
        "staff": by_visibility.get(Visibility.STAFF, 0),
        "draft": by_visibility.get(Visibility.DRAFT, 0),
        "stale": editable.stale().exclude(status=Status.ENDED).count(),
        "reports": Report.objects.filter(resolved_at=None, listing__in=editable).count(),
        "proposals": Proposal.objects.filter(state=Proposal.State.OPEN, listing__in=editable).count(),
        "paused": steps["paused"],
        "resumed": steps["resumed"],
    }


def _workplace(user, membership) -> dict:
    """The places a person works in, with what is there.

    Where the role writes (a 2層Co's CP area, an officer's districts) comes first; the wider
    area they may read (the ward) is linked beside it.
    """
    def scope(action):
        return action.roles.get(membership.role)

    work_scope = scope(people.EDIT_PLACES) or scope(people.EDIT_ORGANISATIONS) or scope(people.VIEW)
    roots = policy.membership_prefixes(membership, work_scope)
    read_roots = policy.membership_prefixes(membership, scope(people.VIEW))
    places = list(Place.objects.filter(path__in=roots).order_by("path"))
    wider = [p for p in Place.objects.filter(path__in=read_roots).order_by("path") if p.path not in roots]
    summaries = []
    for place in places:
        under = Place.objects.under(place)
        place_counts = {r["kind"]: r["n"] for r in under.values("kind").annotate(n=Count("pk"))}
        organisations = Organisation.objects.active().filter(place__path__startswith=place.path)
        org_counts = {r["kind"]: r["n"] for r in organisations.values("kind").annotate(n=Count("pk"))}
        summaries.append(
            {
                "place": place,
                "listings": _listing_counts(user, place),
                "places": [(label, place_counts[v]) for v, label in Kind.choices if v in place_counts and v != place.kind],
                "organisations": [(label, org_counts[v]) for v, label in OrganisationKind.choices if v in org_counts],
                "organisation_total": sum(org_counts.values()),
            }
        )
    return {
        "membership": membership,
        "summaries": summaries,
        "wider": wider,
        "can_edit_places": bool(scope(people.EDIT_PLACES)),
        "can_edit_organisations": bool(scope(people.EDIT_ORGANISATIONS)),
        "can_manage_people": bool(scope(people.MANAGE_PEOPLE)),
    }


@login_required
def home(request):
    memberships = policy.active_memberships(request.user)
    workplaces = [_workplace(request.user, m) for m in memberships]
    return render(request, "home/home.html", {"workplaces": workplaces,
                                              "todo": todo_views.summary(request.user) if memberships else None})
