"""プロジェクト's screens: the list, a project's page (timeline, team, links, shared log), its forms,
the log's entries with comments, and the export. Every object is fetched through the QuerySets'
visible_to / changeable_by (models.py), so anything outside a person's reach is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.models import AuditEntry
from tsunagu.lib import conflicts
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.lib.spreadsheets import attachment
from tsunagu.people import policy
from tsunagu.projects import access, exports, services
from tsunagu.projects import conflicts as entry_conflicts
from tsunagu.projects.forms import (
    CommentForm,
    EntryForm,
    MemberForm,
    MilestoneForm,
    ProjectFilterForm,
    ProjectForm,
    StageForm,
)
from tsunagu.projects.links import LINK_KINDS
from tsunagu.projects.models import Comment, LogEntry, Project, ProjectMember, ProjectStage
from tsunagu.teams.models import Team


def _project(user, pk, *, change: bool = False) -> Project:
    projects = Project.objects.changeable_by(user) if change else Project.objects.visible_to(user)
    return one_or_404(projects.select_related("place", "stage"), pk)


def _entry(user, project: Project, pk, *, change: bool = False) -> LogEntry:
    entries = LogEntry.objects.changeable_by(user) if change else LogEntry.objects.visible_to(user)
    entry = one_or_404(entries.live().filter(project=project), pk)
    _looked(user, [entry], project)
    return entry


def _looked(user, entries, project: Project) -> None:
    # Every sensitive entry shown to someone is written to 操作の記録 (access.READ_SENSITIVE).
    for entry in entries:
        if entry.sensitive:
            policy.record_look(user, access.READ_SENSITIVE, entry, place=project.place)


def _refused(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except PermissionDenied:
        raise Http404 from None


@login_required
def project_list(request):
    user = request.user
    visible = Project.objects.visible_to(user)
    # Care managers and accounts with neither a role that reads projects nor a team: no such page.
    if not policy.prefixes(user, access.VIEW) and not visible.exists():
        raise Http404
    form = ProjectFilterForm(request.GET or None, user=user, projects=visible)
    projects = visible.select_related("place", "stage")
    if form.is_valid():
        projects = form.filter(projects)
    return render(request, "projects/project_list.html", {
        "form": form, "page": Paginator(projects, 30).get_page(request.GET.get("page")),
        "can_create": services.places_for_projects(user).exists(),
        "mine": set(visible.with_member(user).values_list("pk", flat=True)),
        "can_edit_stages": services.can_edit_stages(user, None) or services.stage_wards(user).exists(),
    })


@login_required
def project_detail(request, pk: int):
    user = request.user
    project = _project(user, pk)
    entries = list(LogEntry.objects.visible_to(user).live().filter(project=project)
                   .prefetch_related("comments")[:100])
    _looked(user, entries, project)
    can_edit = Project.objects.changeable_by(user).filter(pk=project.pk).exists()
    return render(request, "projects/project_detail.html", {
        "project": project, "can_edit": can_edit, "entries": entries,
        "can_log": Project.objects.loggable_by(user).filter(pk=project.pk).exists(),
        "members": project.members.select_related("user", "organisation"),
        "milestones": project.milestones.select_related("owner"),
        "organisations": project.organisations.select_related("place"),
        "links": [(kind, [(o, kind.url(o), kind.name(o)) for o in kind.linked(project, user)]) for kind in LINK_KINDS],
        "entry_form": EntryForm(initial=EntryForm.initial_for(None)), "comment_form": CommentForm(),
        "history": AuditEntry.objects.about(project)[:20] if can_edit else [],
    })


@login_required
def project_create(request):
    user = request.user
    if not services.places_for_projects(user).exists():
        raise Http404
    initial = ProjectForm.initial_for()
    if request.GET.get("team", "").isdigit():
        # 「このチームのプロジェクトをはじめる」 on a team's page: the team chosen, placed where the team is.
        team = Team.objects.visible_to(user).filter(pk=request.GET["team"]).select_related("place").first()
        if team is not None:
            initial["team"] = team
            if services.places_for_projects(user).filter(pk=team.place_id).exists():
                initial["place"] = team.place
    form = ProjectForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = _refused(services.project_create, user=user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("プロジェクト「%(t)s」を登録しました。") % {"t": project.title})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request, pk: int):
    user = request.user
    project = _project(user, pk, change=True)
    form = ProjectForm(request.POST or None, user=user, project=project, initial=ProjectForm.initial_for(project))
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            _refused(services.project_update, user=user, project=project,
                     seen_version=form.cleaned_data.get("version"), **form.service_kwargs())
        except EditConflict as exc:
            # What was typed stays in the form; what is saved now is shown beside it, and the form
            # now answers the newer version, so saving again is a decision, not an accident.
            current = exc.current
            form = ProjectForm(_with_version(request.POST, current.version), user=user, project=current)
            form.is_valid()
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("プロジェクト「%(t)s」を保存しました。") % {"t": project.title})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "current": current},
                  status=409 if current else 200)


def _with_version(post, version: int):
    data = post.copy()
    data["version"] = str(version)
    return data


# --- the team --------------------------------------------------------------------------------


@login_required
def member_add(request, pk: int):
    user = request.user
    project = _project(user, pk, change=True)
    form = MemberForm(request.POST or None, user=user, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            _refused(services.member_add, user=user, project=project, member=form.cleaned_data["user"],
                     role=form.cleaned_data["role"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s さんをメンバーに加えました。") % {"n": form.cleaned_data["user"]})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/member_form.html", {"form": form, "project": project})


@login_required
def member_remove(request, pk: int, member_pk: int):
    user = request.user
    project = _project(user, pk, change=True)
    member = one_or_404(ProjectMember.objects.filter(project=project).select_related("user"), member_pk)
    if request.method == "POST":
        _refused(services.member_remove, user=user, member=member)
        messages.success(request, _("%(n)s さんをメンバーから外しました。") % {"n": member.user})
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/confirm_delete.html", {
        "project": project, "what": _("メンバー「%(n)s」を外します。") % {"n": member.user},
        "note": _("このプロジェクトの共有ログは読めなくなります。書いた記録は残ります。")})


# --- milestones ------------------------------------------------------------------------------


@login_required
def milestone_edit(request, pk: int, milestone_pk: int | None = None):
    user = request.user
    project = _project(user, pk, change=True)
    milestone = one_or_404(project.milestones.all(), milestone_pk) if milestone_pk else None
    form = MilestoneForm(request.POST or None, project=project, initial=MilestoneForm.initial_for(milestone))
    current = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            _refused(services.milestone_save, user=user, project=project, milestone=milestone,
                     seen_version=form.cleaned_data.get("version"), **data)
        except EditConflict as exc:
            current = exc.current
            form = MilestoneForm(_with_version(request.POST, current.version), project=project)
            form.is_valid()
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("マイルストーン「%(t)s」を保存しました。") % {"t": data["title"]})
            return redirect(f"{project.get_absolute_url()}#timeline")
    return render(request, "projects/milestone_form.html", {
        "form": form, "project": project, "milestone": milestone, "current": current},
        status=409 if current else 200)


@login_required
def milestone_delete(request, pk: int, milestone_pk: int):
    user = request.user
    project = _project(user, pk, change=True)
    milestone = one_or_404(project.milestones.all(), milestone_pk)
    if request.method == "POST":
        _refused(services.milestone_delete, user=user, milestone=milestone)
        messages.success(request, _("マイルストーン「%(t)s」を削除しました。") % {"t": milestone.title})
        return redirect(f"{project.get_absolute_url()}#timeline")
    return render(request, "projects/confirm_delete.html", {
        "project": project, "what": _("マイルストーン「%(t)s」を削除します。") % {"t": milestone.title}, "note": ""})


# --- the shared log --------------------------------------------------------------------------


@login_required
def entry_create(request, pk: int):
    user = request.user
    project = one_or_404(Project.objects.loggable_by(user).select_related("place"), pk)
    form = EntryForm(request.POST or None, initial=EntryForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            entry = _refused(services.entry_create, user=user, project=project, date=c["date"], body=c["body"],
                             sensitive=c["sensitive"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("共有ログに書きました。"))
            return redirect(f"{project.get_absolute_url()}#entry-{entry.pk}")
    return render(request, "projects/entry_form.html", {"form": form, "project": project, "entry": None})


@login_required
def entry_detail(request, pk: int, entry_pk: int):
    user = request.user
    project = _project(user, pk)
    entry = _entry(user, project, entry_pk)
    return render(request, "projects/entry_detail.html", {
        "project": project, "entry": entry, "comment_form": CommentForm(),
        "can_log": LogEntry.objects.changeable_by(user).filter(pk=entry.pk).exists(),
    })


@login_required
def entry_edit(request, pk: int, entry_pk: int):
    user = request.user
    project = _project(user, pk)
    entry = _entry(user, project, entry_pk, change=True)
    if request.method == "POST" and "resolve" in request.POST:
        return _resolve(request, project, entry)
    form = EntryForm(request.POST or None, initial=EntryForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            _refused(services.entry_update, user=user, entry=entry, seen_version=c.get("version"), date=c["date"],
                     body=c["body"], sensitive=c["sensitive"])
        except EditConflict as exc:
            return _render_conflict(request, project, entry,
                                    _conflict(exc.current, mine=entry_conflicts.state_of_form(c)))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("共有ログを保存しました。"))
            return redirect(f"{project.get_absolute_url()}#entry-{entry.pk}")
    return render(request, "projects/entry_form.html", {"form": form, "project": project, "entry": entry})


def _conflict(current: LogEntry, *, mine: dict) -> conflicts.Conflict:
    theirs = entry_conflicts.state_of_entry(current)
    saved = AuditEntry.objects.about(current).first()
    return conflicts.build(entry_conflicts.fields(), mine=mine, base=None, base_version=None,
                           theirs=conflicts.Saved(theirs, current.version, saved.actor_name if saved else "",
                                                  current.updated_at))


def _resolve(request, project: Project, entry: LogEntry):
    """The choices made on the conflict screen, checked by the entry's form as if typed, then saved
    against the version the screen showed (someone saving yet again meets a new screen)."""
    user = request.user
    mine, seen, _base = conflicts.posted(request.POST)
    current = LogEntry.objects.get(pk=entry.pk)
    conflict = _conflict(current, mine=mine)
    if seen != current.version:
        conflict.errors = [str(EditConflict(current))]
        return _render_conflict(request, project, entry, conflict)
    chosen = conflicts.resolve(conflict, request.POST)
    if chosen is None:
        return _render_conflict(request, project, entry, conflict)
    form = EntryForm(entry_conflicts.form_data(chosen, seen))
    if not form.is_valid():
        conflict.errors = [f"{form.fields[n].label}：{e}" for n, es in form.errors.items() for e in es]
        return _render_conflict(request, project, entry, conflict)
    c = form.cleaned_data
    try:
        _refused(services.entry_update, user=user, entry=entry, seen_version=seen, date=c["date"], body=c["body"],
                 sensitive=c["sensitive"])
    except EditConflict as exc:
        return _render_conflict(request, project, entry, _conflict(exc.current, mine=chosen))
    except ValidationError as exc:
        conflict.errors = exc.messages
        return _render_conflict(request, project, entry, conflict)
    messages.success(request, _("共有ログを保存しました。"))
    return redirect(f"{project.get_absolute_url()}#entry-{entry.pk}")


def _render_conflict(request, project, entry, conflict):
    return render(request, "projects/entry_conflict.html",
                  {"project": project, "entry": entry, "conflict": conflict}, status=409)


@login_required
def entry_delete(request, pk: int, entry_pk: int):
    user = request.user
    project = _project(user, pk)
    entry = _entry(user, project, entry_pk, change=True)
    if request.method == "POST":
        _refused(services.entry_delete, user=user, entry=entry)
        messages.success(request, _("共有ログの記録を削除しました。"))
        return redirect(f"{project.get_absolute_url()}#log")
    return render(request, "projects/confirm_delete.html", {
        "project": project, "what": _("%(d)s の共有ログの記録を削除します。") % {"d": entry.date},
        "note": _("コメントも見えなくなります。")})


@login_required
@require_POST
def comment_add(request, pk: int, entry_pk: int):
    user = request.user
    project = _project(user, pk)
    entry = _entry(user, project, entry_pk, change=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            _refused(services.comment_add, user=user, entry=entry, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("コメントしました。"))
    else:
        messages.error(request, _("コメントを書いてください。"))
    return redirect(f"{project.get_absolute_url()}#entry-{entry.pk}")


@login_required
def comment_delete(request, pk: int, entry_pk: int, comment_pk: int):
    user = request.user
    project = _project(user, pk)
    entry = _entry(user, project, entry_pk)
    comment = one_or_404(Comment.objects.filter(entry=entry, author=user), comment_pk)
    if request.method == "POST":
        _refused(services.comment_delete, user=user, comment=comment)
        messages.success(request, _("コメントを削除しました。"))
        return redirect(f"{project.get_absolute_url()}#entry-{entry.pk}")
    return render(request, "projects/confirm_delete.html", {
        "project": project, "what": _("あなたのコメントを削除します。"), "note": comment.body})


# --- export ----------------------------------------------------------------------------------


@login_required
def project_export(request, pk: int):
    project = _project(request.user, pk)
    content = exports.project_xlsx(project, request.user)
    return attachment(content, f"プロジェクト_{project.title[:40]}.xlsx")


# --- the editable list of stages -------------------------------------------------------------


@login_required
def stage_list(request):
    user = request.user
    wards = list(services.stage_wards(user).order_by("code"))
    defaults_editable = services.can_edit_stages(user, None)
    if not defaults_editable and not wards:
        raise Http404
    chosen = next((w for w in wards if str(w.pk) == request.GET.get("ward")), wards[0] if wards else None)
    lists = [{"ward": None, "editable": defaults_editable, "stages": ProjectStage.objects.filter(ward=None)}]
    if chosen is not None:
        lists.append({"ward": chosen, "editable": True, "stages": ProjectStage.objects.filter(ward=chosen)})
    return render(request, "projects/stage_list.html", {"lists": lists, "wards": wards, "chosen": chosen})


@login_required
def stage_edit(request, pk: int | None = None):
    user = request.user
    stage = one_or_404(ProjectStage.objects.select_related("ward"), pk) if pk else None
    ward = stage.ward if stage else None
    if stage is None and (ward_pk := request.GET.get("ward") or request.POST.get("ward")):
        ward = one_or_404(services.stage_wards(user), ward_pk)
    if not services.can_edit_stages(user, ward):
        raise Http404
    initial = {"name": stage.name, "order": stage.order, "active": stage.active} if stage else None
    form = StageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _refused(services.stage_save, user=user, stage=stage, ward=ward, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("projects:stages") + (f"?ward={ward.pk}" if ward else ""))
    return render(request, "projects/stage_form.html", {"form": form, "stage": stage, "ward": ward})
