"""A project as a workbook (for the team's own files and the year's review): the project, its
milestones, its team and its shared log with comments — never a sensitive entry, whoever asks
(LogEntry.objects.shareable())."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tsunagu.lib import spreadsheets
from tsunagu.projects.links import LINK_KINDS
from tsunagu.projects.models import LogEntry, Project


def project_xlsx(project: Project, user) -> bytes:
    book = spreadsheets.new_workbook()
    sheet = book.active
    sheet.title = _("概要")
    sheet.append([_("プロジェクト名"), project.title])
    sheet.append([_("目的"), project.purpose])
    sheet.append([_("地域"), project.place.name])
    sheet.append([_("段階"), str(project.stage) if project.stage_id else ""])
    sheet.append([_("協力団体"), "、".join(o.name for o in project.organisations.all())])
    for kind in LINK_KINDS:
        sheet.append([str(kind.label), "、".join(kind.name(o) for o in kind.linked(project, user))])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 80

    milestones = book.create_sheet(_("マイルストーン"))
    milestones.append([_("マイルストーン"), _("予定日"), _("実施日"), _("状況"), _("担当"), _("メモ")])
    for m in project.milestones.select_related("owner"):
        milestones.append([m.title, m.planned_on, m.done_on, m.get_status_display(), str(m.owner or ""), m.note])

    team = book.create_sheet(_("メンバー"))
    team.append([_("名前"), _("所属団体"), _("プロジェクトでの役割"), _("担当・ひとこと")])
    for member in project.members.select_related("user", "organisation"):
        team.append([str(member.user), str(member.organisation or ""), member.get_role_display(), member.note])

    log = book.create_sheet(_("共有ログ"))
    log.append([_("日付"), _("記入者"), _("所属"), _("内容"), _("コメント")])
    entries = (LogEntry.objects.visible_to(user).shareable().live().filter(project=project)
               .prefetch_related("comments").order_by("date", "pk"))
    for entry in entries:
        comments = "\n".join(f"{c.author_name}：{c.body}" for c in entry.comments.all())
        log.append([entry.date, entry.author_name, entry.organisation_name, entry.body, comments])
    for column, width in zip("ABCDE", (12, 16, 20, 60, 50), strict=True):
        log.column_dimensions[column].width = width
    return spreadsheets.workbook_bytes(book)
