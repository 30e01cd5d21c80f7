"""チーム・ネットワーク's screens: the ward's list, a team's page (members, purpose, its meetings and
follow-ups as other capabilities register them, and what its members recorded), write, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.teams import access, sections, services
from tsunagu.teams.forms import TeamForm
from tsunagu.teams.models import Team, TeamKind, can_write_team_at, places_for_teams


def _require(user) -> None:
    if not policy.can_anywhere(user, access.VIEW):
        raise Http404


def _wards(user):
    return policy.places_where(user, access.VIEW).filter(kind=Kind.WARD).defer("boundary").order_by("path")


def chosen_ward(request, wards):
    """The ward asked for (?ward=), or the only one; None when a city-wide reader has not chosen."""
    wards = list(wards)
    if pk := request.GET.get("ward"):
        for ward in wards:
            if str(ward.pk) == pk:
                return ward
        raise Http404
    return wards[0] if len(wards) == 1 else None


@login_required
def team_list(request):
    user = request.user
    _require(user)
    wards = _wards(user)
    ward = chosen_ward(request, wards)
    teams = Team.objects.visible_to(user).select_related("place", "lead", "run_by")
    if ward is not None:
        teams = teams.in_ward(ward)
    teams = list(teams)
    return render(request, "teams/team_list.html", {
        "wards": wards, "ward": ward,
        "teams": [t for t in teams if t.kind == TeamKind.TEAM],
        "networks": [t for t in teams if t.kind == TeamKind.NETWORK],
        "can_write": places_for_teams(user).exists(),
    })


@login_required
def team_detail(request, pk: int):
    user = request.user
    team = one_or_404(Team.objects.visible_to(user).select_related("place", "lead", "run_by"), pk)
    members = team.members.order_by("display_name_kana", "display_name", "username")
    # What the team recorded: the memos filed under it, newest first, as far as the reader may read
    # them (a memo of a CP area is not shown to CP staff of another CP). Reached through the
    # relation: memos are above teams in the layers.
    memos = team.memos.live().visible_to(user).select_related("place").order_by("-date", "-pk")
    by_members = (Team._meta.get_field("memos").related_model.objects.live().visible_to(user)
                  .filter(author__in=members).exclude(team=team).select_related("place").order_by("-date", "-pk")[:10])
    return render(request, "teams/team_detail.html", {
        "team": team, "members": members,
        "organisations": team.organisations.select_related("place").order_by("name_kana", "name"),
        "listings": team.listings.visible_to(user).select_related("place").order_by("name_kana", "name"),
        "networks": team.networks.visible_to(user).order_by("name"),
        "sections": sections.for_team(team, user),
        "page": Paginator(memos, 20).get_page(request.GET.get("page")),
        "by_members": by_members,
        "can_edit": Team.objects.changeable_by(user).filter(pk=team.pk).exists(),
        "can_delete": can_write_team_at(user, team.place),
    })


@login_required
def team_create(request):
    user = request.user
    if not places_for_teams(user).exists():
        raise Http404
    form = TeamForm(request.POST or None, user=user,
                    initial=TeamForm.initial_for(user, kind=request.GET.get("kind")))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(user=user, **form.service_kwargs())
        except PermissionDenied:
            form.add_error("place", _("この地域にはチームを作れません。"))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("「%(name)s」を登録しました。") % {"name": team.name})
            return redirect("teams:detail", team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": None})


@login_required
def team_edit(request, pk: int):
    user = request.user
    team = one_or_404(Team.objects.changeable_by(user).select_related("place"), pk)
    form = TeamForm(request.POST or None, user=user, team=team, initial=TeamForm.initial_for(user, team))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(user=user, team=team, seen_version=form.cleaned_data["version"],
                                 **form.service_kwargs())
        except EditConflict as e:
            # Show what the other person saved; this person's entries stay in the form, now based on
            # the saved version, so a second 保存 keeps theirs knowingly.
            conflict = e.current
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = TeamForm(data, user=user, team=team)
            form.is_valid()
            form.add_error(None, str(e))
        except PermissionDenied:
            form.add_error("place", _("この地域にはチームを移せません。"))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("teams:detail", team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "conflict": conflict})


@login_required
def team_delete(request, pk: int):
    user = request.user
    team = one_or_404(Team.objects.visible_to(user).select_related("place"), pk)
    if not can_write_team_at(user, team.place):
        raise Http404
    if request.method == "POST":
        services.team_delete(user=user, team=team)
        messages.success(request, _("「%(name)s」を削除しました。メモはそのまま残っています。") % {"name": team.name})
        return redirect("teams:list")
    return render(request, "teams/team_delete.html", {"team": team, "memo_count": team.memos.live().count()})
