"""Writes to プロジェクト: the project, its team, milestones, links and shared log. Keyword-only,
atomic, audited. Who may is asked of the QuerySets (models.py), which ask the one policy."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.lib.conflicts import clean_text
from tsunagu.lib.relations import keep_unseen
from tsunagu.people import policy, reach
from tsunagu.people.models import Membership, Role, User
from tsunagu.places.models import Kind, Place
from tsunagu.projects import access
from tsunagu.projects.links import LINK_KINDS
from tsunagu.projects.models import (
    PROJECT_PLACE_KINDS,
    Comment,
    LogEntry,
    Milestone,
    MilestoneStatus,
    Project,
    ProjectMember,
    ProjectStage,
)
from tsunagu.teams.models import Team

# project_update(team=KEEP): the project keeps its team (callers written before teams joined projects).
KEEP = object()

AUDIT_ACTIONS = {
    "project.create": gettext_lazy("プロジェクトを登録"),
    "project.update": gettext_lazy("プロジェクトを変更"),
    "project.member_add": gettext_lazy("プロジェクトのメンバーを追加"),
    "project.member_remove": gettext_lazy("プロジェクトのメンバーを外す"),
    "project.milestone_save": gettext_lazy("マイルストーンを保存"),
    "project.milestone_delete": gettext_lazy("マイルストーンを削除"),
    "project_log.create": gettext_lazy("共有ログを記入"),
    "project_log.update": gettext_lazy("共有ログを変更"),
    "project_log.delete": gettext_lazy("共有ログを削除"),
    "project_log.comment": gettext_lazy("共有ログにコメント"),
    "project_log.comment_delete": gettext_lazy("共有ログのコメントを削除"),
    "project_stage.save": gettext_lazy("プロジェクトの段階を保存"),
}
# What 操作の記録 keeps of a sensitive entry's text: that it changed, never what it says.
WITHHELD = "（気になる人についての記録のため、内容は記録しません）"



def can_write_project_at(user, place: Place | None) -> bool:
    return place is not None and place.kind in PROJECT_PLACE_KINDS and policy.can_at(user, access.WRITE, place)


def places_for_projects(user):
    return policy.places_where(user, access.WRITE).filter(kind__in=PROJECT_PLACE_KINDS)


def _ward(place: Place) -> Place | None:
    return place.ancestor_of_kind(Kind.WARD)


def _changeable(user, project: Project) -> None:
    if not Project.objects.changeable_by(user).filter(pk=project.pk).exists():
        raise PermissionDenied


def _loggable(user, project: Project) -> None:
    if not Project.objects.loggable_by(user).filter(pk=project.pk).exists():
        raise PermissionDenied


def _snapshot(project: Project) -> dict:
    data = {
        str(_("プロジェクト名")): project.title, str(_("目的")): project.purpose, str(_("地域")): str(project.place),
        str(_("段階")): str(project.stage) if project.stage_id else "",
        str(_("チーム・ネットワーク")): str(project.team) if project.team_id else "",
    }
    if project.pk:
        data[str(_("協力団体"))] = sorted(str(o) for o in project.organisations.all())
        # Linked records by number only: the history is read by every editor of the project, and a
        # linked memo or event of another CP is not theirs to read (its title would leak here).
        for kind in LINK_KINDS:
            data[str(kind.label)] = _("%(n)d件") % {"n": getattr(project, kind.field).count()}
    return data


def _check_project(user, *, place: Place, stage: ProjectStage | None, organisations, links: dict,
                   project: Project | None = None, team: Team | None = None) -> None:
    if not can_write_project_at(user, place):
        raise PermissionDenied
    errors = []
    if team is not None:
        # A team of the project's own ward that the writer reads; one kept from before stays.
        kept = project is not None and project.team_id == team.pk
        ward = _ward(place)
        in_ward = ward is not None and team.place.path.startswith(ward.path)
        if not in_ward or not (kept or Team.objects.visible_to(user).filter(pk=team.pk).exists()):
            errors.append(_("チーム・ネットワーク「%(name)s」はこの地域のプロジェクトには選べません。") % {"name": team.name})
    if stage is not None:
        kept = project is not None and project.stage_id == stage.pk
        allowed = ProjectStage.objects.for_ward(_ward(place)).filter(pk=stage.pk)
        if not (kept and allowed.exists()) and not allowed.active().exists():
            errors.append(_("段階「%(name)s」はこの地域では選べません。") % {"name": stage.name})
    visible_orgs = reach.organisations(user)
    outside = [o for o in organisations if not visible_orgs.filter(pk=o.pk).exists()]
    for kind in LINK_KINDS:
        visible = kind.visible(user)
        outside += [o for o in links.get(kind.field, ()) if not visible.filter(pk=o.pk).exists()]
    if outside:
        errors.append(_("見られない団体・記録が選ばれています：%(names)s") % {"names": "、".join(map(str, outside))})
    if errors:
        raise ValidationError(errors)


def _apply(project: Project, *, title: str, purpose: str, place: Place, stage, team) -> None:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("プロジェクト名を書いてください。"))
    project.title, project.purpose, project.place, project.stage = title, clean_text(purpose), place, stage
    project.team = team


def _set_links(user, project: Project, organisations, links: dict, *, keep: bool) -> None:
    # Links this person cannot see were not on their form: they stay (tsunagu/lib/relations.py).
    if keep:
        organisations = keep_unseen(organisations, project.organisations.all(), reach.organisations(user))
    project.organisations.set(organisations)
    for kind in LINK_KINDS:
        chosen = links.get(kind.field, ())
        related = getattr(project, kind.field)
        if keep:
            chosen = keep_unseen(chosen, related.all(), kind.visible(user))
        related.set(chosen)


@transaction.atomic
def project_create(*, user, title: str, place: Place, purpose: str = "", stage: ProjectStage | None = None,
                   organisations=(), links: dict | None = None, join_as_lead: bool = True,
                   team: Team | None = None) -> Project:
    """A new project; its creator joins its team as まとめ役 (so the log is theirs to write in)."""
    links = links or {}
    _check_project(user, place=place, stage=stage, organisations=organisations, links=links, team=team)
    project = Project(created_by=user)
    _apply(project, title=title, purpose=purpose, place=place, stage=stage, team=team)
    project.save()
    _set_links(user, project, organisations, links, keep=False)
    if join_as_lead:
        ProjectMember.objects.create(project=project, user=user, role="lead", organisation=_organisation_of(user))
    audit.record(actor=user, action="project.create", target=project, place=place,
                 changes=audit.diff({}, _snapshot(project)))
    return project


@transaction.atomic
def project_update(*, user, project: Project, seen_version: int | None, title: str, place: Place,
                   purpose: str = "", stage: ProjectStage | None = None, organisations=(),
                   links: dict | None = None, team: Team | None | object = KEEP) -> Project:
    """Save changes; EditConflict if someone saved the project since seen_version. Without ``team``,
    the project keeps the one it has."""
    links = links or {}
    if team is KEEP:
        team = project.team
    _changeable(user, project)
    _check_project(user, place=place, stage=stage, organisations=organisations, links=links, project=project,
                   team=team)
    before = _snapshot(Project.objects.select_for_update().get(pk=project.pk))
    _apply(project, title=title, purpose=purpose, place=place, stage=stage, team=team)
    save_if_unchanged(project, seen_version)
    _set_links(user, project, organisations, links, keep=True)
    audit.record(actor=user, action="project.update", target=project, place=place,
                 changes=audit.diff(before, _snapshot(project)))
    return project


# --- the team --------------------------------------------------------------------------------


def _organisation_of(user):
    membership = next(iter(policy.active_memberships(user)), None)
    return membership.organisation if membership else None


def member_candidates(user, project: Project):
    """Accounts one may add to the team: people of the partner organisations, and anyone with a
    role in an organisation of the project's ward that this person sees."""
    ward = _ward(project.place) or project.place
    org_ids = set(reach.organisations(user).filter(place__path__startswith=ward.path).values_list("pk", flat=True))
    org_ids |= set(project.organisations.values_list("pk", flat=True))
    holders = Membership.objects.active().filter(organisation__in=org_ids).values("user")
    return (User.objects.filter(is_active=True, pk__in=holders)
            .exclude(pk__in=project.members.values("user"))
            .order_by("display_name_kana", "display_name", "username"))


@transaction.atomic
def member_add(*, user, project: Project, member: User, role: str = "member", organisation=None,
               note: str = "") -> ProjectMember:
    _changeable(user, project)
    if not member_candidates(user, project).filter(pk=member.pk).exists():
        raise ValidationError(_("この方はメンバーに加えられません（すでにメンバーか、区の団体に所属していません）。"))
    if organisation is None:
        organisation = member.memberships.filter(is_active=True).select_related("organisation").first()
        organisation = organisation.organisation if organisation else None
    row = ProjectMember.objects.create(project=project, user=member, role=role, organisation=organisation,
                                       note=(note or "").strip())
    audit.record(actor=user, action="project.member_add", target=project, place=project.place,
                 changes={str(_("メンバー")): [None, f"{member}（{row.get_role_display()}）"]})
    return row


@transaction.atomic
def member_remove(*, user, member: ProjectMember) -> None:
    project = member.project
    _changeable(user, project)
    audit.record(actor=user, action="project.member_remove", target=project, place=project.place,
                 changes={str(_("メンバー")): [str(member), None]})
    member.delete()


# --- milestones ------------------------------------------------------------------------------


def _milestone_snapshot(m: Milestone) -> dict:
    return {str(_("マイルストーン")): m.title, str(_("予定日")): str(m.planned_on),
            str(_("実施日")): str(m.done_on or ""), str(_("状況")): str(m.get_status_display()),
            str(_("担当")): str(m.owner or ""), str(_("メモ")): m.note}


@transaction.atomic
def milestone_save(*, user, project: Project, milestone: Milestone | None = None, seen_version: int | None = None,
                   title: str, planned_on: Date, status: str = MilestoneStatus.PLANNED, done_on: Date | None = None,
                   owner: User | None = None, note: str = "") -> Milestone:
    """Add (milestone None) or change a milestone; EditConflict if someone saved it meanwhile."""
    _changeable(user, project)
    title = (title or "").strip()
    errors = []
    if not title:
        errors.append(_("マイルストーンの名前を書いてください。"))
    if status == MilestoneStatus.DONE and done_on is None:
        done_on = timezone.localdate()
    if done_on and done_on > timezone.localdate():
        errors.append(_("実施日が未来になっています。実施した日を入れてください。"))
    if owner is not None and not project.members.filter(user=owner).exists():
        errors.append(_("担当はプロジェクトのメンバーから選んでください。"))
    if errors:
        raise ValidationError(errors)
    before = _milestone_snapshot(milestone) if milestone is not None else {}
    milestone = milestone or Milestone(project=project)
    milestone.title, milestone.planned_on, milestone.status = title, planned_on, status
    milestone.done_on, milestone.owner, milestone.note = done_on, owner, clean_text(note)
    if milestone.pk:
        save_if_unchanged(milestone, seen_version)
    else:
        milestone.save()
    audit.record(actor=user, action="project.milestone_save", target=project, place=project.place,
                 changes=audit.diff(before, _milestone_snapshot(milestone)))
    return milestone


@transaction.atomic
def milestone_delete(*, user, milestone: Milestone) -> None:
    project = milestone.project
    _changeable(user, project)
    audit.record(actor=user, action="project.milestone_delete", target=project, place=project.place,
                 changes=audit.diff(_milestone_snapshot(milestone), {}))
    milestone.delete()


# --- the shared log --------------------------------------------------------------------------


def _writer(user, project: Project) -> str:
    member = project.members.filter(user=user).select_related("organisation").first()
    org = (member.organisation if member and member.organisation_id else None) or _organisation_of(user)
    return str(org) if org else ""


def _entry_changes(before: dict, entry: LogEntry) -> dict:
    after = {str(_("日付")): str(entry.date), str(_("配慮")): entry.sensitive,
             str(_("内容")): WITHHELD if entry.sensitive else entry.body}
    changes = audit.diff(before, after)
    if entry.sensitive or before.get(str(_("配慮"))):
        # The text of an entry that is or was sensitive never lands in the audit log.
        if str(_("内容")) in changes:
            changes[str(_("内容"))] = [WITHHELD, WITHHELD]
    return changes


def _entry_state(entry: LogEntry) -> dict:
    return {str(_("日付")): str(entry.date), str(_("配慮")): entry.sensitive,
            str(_("内容")): WITHHELD if entry.sensitive else entry.body}


def _check_entry(day: Date, body: str) -> str:
    body = clean_text(body)
    errors = []
    if not body:
        errors.append(_("内容を書いてください。"))
    if day > timezone.localdate():
        errors.append(_("日付が未来になっています。見たこと・あったことの日付を入れてください。"))
    if errors:
        raise ValidationError(errors)
    return body


@transaction.atomic
def entry_create(*, user, project: Project, date: Date, body: str, sensitive: bool = False) -> LogEntry:
    _loggable(user, project)
    body = _check_entry(date, body)
    entry = LogEntry.objects.create(project=project, date=date, body=body, sensitive=sensitive, author=user,
                                    author_name=str(user), organisation_name=_writer(user, project))
    audit.record(actor=user, action="project_log.create", target=entry, place=project.place,
                 changes=_entry_changes({}, entry))
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    return entry


@transaction.atomic
def entry_update(*, user, entry: LogEntry, seen_version: int | None, date: Date, body: str,
                 sensitive: bool = False) -> LogEntry:
    """Save changes; EditConflict if another member saved the entry since seen_version."""
    if not LogEntry.objects.live().changeable_by(user).filter(pk=entry.pk).exists():
        raise PermissionDenied
    body = _check_entry(date, body)
    before = _entry_state(LogEntry.objects.get(pk=entry.pk))
    entry.date, entry.body, entry.sensitive = date, body, sensitive
    save_if_unchanged(entry, seen_version)
    audit.record(actor=user, action="project_log.update", target=entry, place=entry.project.place,
                 changes=_entry_changes(before, entry))
    return entry


@transaction.atomic
def entry_delete(*, user, entry: LogEntry) -> None:
    """Hide the entry (kept for 操作の記録's sake; an administrator can bring it back)."""
    if not LogEntry.objects.live().changeable_by(user).filter(pk=entry.pk).exists():
        raise PermissionDenied
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at"])
    audit.record(actor=user, action="project_log.delete", target=entry, place=entry.project.place)


@transaction.atomic
def comment_add(*, user, entry: LogEntry, body: str) -> Comment:
    if not LogEntry.objects.live().changeable_by(user).filter(pk=entry.pk).exists():
        raise PermissionDenied
    body = clean_text(body)
    if not body:
        raise ValidationError(_("コメントを書いてください。"))
    comment = Comment.objects.create(entry=entry, body=body, author=user, author_name=str(user),
                                     organisation_name=_writer(user, entry.project))
    audit.record(actor=user, action="project_log.comment", target=entry, place=entry.project.place,
                 changes={} if entry.sensitive else {str(_("コメント")): [None, body]})
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> None:
    """A comment is its writer's to take back."""
    if comment.author_id != user.pk:
        raise PermissionDenied
    entry = comment.entry
    audit.record(actor=user, action="project_log.comment_delete", target=entry, place=entry.project.place)
    comment.delete()


# --- the editable list of stages -------------------------------------------------------------


def can_edit_stages(user, ward: Place | None) -> bool:
    """A ward's own stages are for those who set projects up across the whole ward (1層Co, 区役所);
    the programme's defaults, shared by every ward, the city's."""
    if ward is None:
        return policy.holds_role(user, Role.CITY_ADMIN)
    return ward.kind == Kind.WARD and policy.can_at(user, access.WRITE, ward)


def stage_wards(user):
    """Wards whose own list of stages this user may edit."""
    return policy.places_where(user, access.WRITE).filter(kind=Kind.WARD)


@transaction.atomic
def stage_save(*, user, stage: ProjectStage | None = None, ward: Place | None = None, name: str, order: int,
               active: bool = True) -> ProjectStage:
    """Add (stage None) or change an entry of the list of stages."""
    if stage is not None:
        ward = stage.ward
    if not can_edit_stages(user, ward):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("名称を書いてください。"))
    clash = ProjectStage.objects.for_ward(ward).filter(name=name)
    if stage is not None:
        clash = clash.exclude(pk=stage.pk)
    if clash.exists():
        raise ValidationError(_("「%(name)s」はもうあります。") % {"name": name})
    fields = ["name", "order", "active"]
    before = audit.snapshot(stage, fields) if stage is not None else {}
    stage = stage or ProjectStage(ward=ward)
    stage.name, stage.order, stage.active = name, order, active
    stage.save()
    audit.record(actor=user, action="project_stage.save", target=stage, place=ward,
                 changes=audit.diff(before, audit.snapshot(stage, fields)))
    return stage
