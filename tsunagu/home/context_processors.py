"""The navigation every page shows. Later capabilities add their entry here, each shown only
to those the policy lets in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tsunagu.assessment import access as assessment
from tsunagu.district_plans import access as district_plans
from tsunagu.events import access as events
from tsunagu.hearings import access as hearings
from tsunagu.liaison import access as liaison
from tsunagu.liaison.models import ward_ids_visible_to
from tsunagu.memos import access as memos
from tsunagu.outings import access as outings
from tsunagu.partners import access as partners
from tsunagu.people import access as people
from tsunagu.people import policy
from tsunagu.projects.models import reaches_projects
from tsunagu.surveys import access as surveys
from tsunagu.teams import access as teams


def navigation(request) -> dict:
    from django.conf import settings

    tiles = {"tile_url": settings.TSUNAGU_TILE_URL, "tile_attribution": settings.TSUNAGU_TILE_ATTRIBUTION}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], **tiles}
    items = [
        (_("ホーム"), reverse("home")),
        (_("場所"), reverse("places:list")),
        (_("地域資源"), reverse("directory:list")),
        (_("団体"), reverse("people:organisation_list")),
    ]
    if policy.active_memberships(user):
        # わたしのやること (tsunagu/home/todo_views.py): every staff account has one.
        items.insert(1, (_("わたしのやること"), reverse("todo")))
    if policy.can_anywhere(user, memos.VIEW):
        items.append((_("取組メモ・シート"), reverse("memos:list")))
    if policy.can_anywhere(user, events.VIEW):
        items.append((_("催し"), reverse("events:list")))
    if policy.can_anywhere(user, district_plans.VIEW):
        items.append((_("地域支援計画"), reverse("district_plans:list")))
    if policy.can_anywhere(user, hearings.VIEW):
        items.append((_("ヒアリング"), reverse("hearings:index")))
    if policy.can_anywhere(user, surveys.VIEW):
        items.append((_("アンケート"), reverse("surveys:list")))
    if reaches_projects(user):
        items.append((_("プロジェクト"), reverse("projects:list")))
    if policy.can_anywhere(user, teams.VIEW):
        items.append((_("チーム"), reverse("teams:list")))
    if policy.can_anywhere(user, partners.VIEW):
        items.append((_("協力先"), reverse("partners:board")))
    if policy.can_anywhere(user, outings.VIEW):
        items.append((_("お出かけ支援"), reverse("outings:list")))
    if policy.can_anywhere(user, assessment.VIEW):
        items.append((_("地域アセスメント"), reverse("assessment:index")))
    wards = ward_ids_visible_to(user)
    if wards:
        # Straight to the ward for the many who read one; the choice of wards only for the others.
        items.append((_("区の一覧"), reverse("liaison:ward", args=[wards[0]]) if len(wards) == 1
                      else reverse("liaison:index")))
    if policy.can_anywhere(user, liaison.VIEW):
        items.append((_("記録をさがす"), reverse("liaison:search")))
    if policy.can_anywhere(user, people.MANAGE_PEOPLE):
        items.append((_("職員とアカウント"), reverse("people:person_list")))
        items.append((_("操作の記録"), reverse("audit:list")))
    current = request.path
    return {
        **tiles,
        "nav": [
            {"label": label, "url": url, "current": current == url or (url != "/home/" and current.startswith(url))}
            for label, url in items
        ],
    }
