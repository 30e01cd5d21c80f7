"""プロジェクト: work that a team across organisations carries for months (磯子: mobile sales for
久良岐丘自治会 — survey, site visits, briefing, pilot, launch), then watches together.

A project has a place (the association, district, CP area or the ward itself), partner
organisations at any level, a team of members (accounts, each with a role in the project),
a stage, milestones drawn as a timeline, links to memos and listings (links.py), and a shared
log (共有ログ) of dated entries the members write and comment on. An entry about a resident who
worries someone is marked sensitive (access.READ_SENSITIVE).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tsunagu.people import policy
from tsunagu.places.models import Kind
from tsunagu.projects import access

# A project sits at the smallest place it concerns: from the ward (a 1層Co's ward-wide work) down
# to one 自治会町内会.
PROJECT_PLACE_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION)


class StageQuerySet(models.QuerySet):
    def for_ward(self, ward) -> StageQuerySet:
        """The programme's stages and the ward's own (ward None: the programme's only)."""
        q = Q(ward__isnull=True)
        if ward is not None:
            q |= Q(ward=ward)
        return self.filter(q)

    def active(self) -> StageQuerySet:
        return self.filter(active=True)


# The programme's default stages (seeded by migration), as words of the interface.
DEFAULT_STAGE_LABELS = {
    "準備": _("準備"), "調査": _("調査"), "試行": _("試行"), "本格実施": _("本格実施"), "振り返り": _("振り返り"),
}


class ProjectStage(models.Model):
    """An entry of the editable list of stages. Without a ward it is one of the programme's
    defaults; with a ward, one that ward added (edited in the admin site)."""

    ward = models.ForeignKey("places.Place", verbose_name=_("区"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", help_text=_("空欄は全区共通の項目です。"))
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)
    active = models.BooleanField(_("使う"), default=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("プロジェクトの段階")
        verbose_name_plural = _("プロジェクトの段階")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.ward_id is None and self.name in DEFAULT_STAGE_LABELS:
            return str(DEFAULT_STAGE_LABELS[self.name])
        return self.name


def _members_of(outer: str):
    return ProjectMember.objects.filter(project=OuterRef(outer))


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        return self.filter(policy.within(user, access.VIEW, members=_members_of("pk")))

    def changeable_by(self, user) -> ProjectQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def loggable_by(self, user) -> ProjectQuerySet:
        """Projects whose shared log this user may write in and comment on."""
        return self.filter(policy.within(user, access.LOG, members=_members_of("pk")))

    def with_member(self, user) -> ProjectQuerySet:
        return self.filter(pk__in=ProjectMember.objects.filter(user=user).values("project"))

    def under(self, place) -> ProjectQuerySet:
        return self.filter(place__path__startswith=place.path)

    def visible_under(self, user, place) -> ProjectQuerySet:
        """visible_to(user).under(place), without the filter (the reach, or a member of the
        project) where the user's role reaches every project under the place (policy.covers)."""
        return policy.visible_under(user, place, self.under(place), access.VIEW)

    def at_stage(self, stage) -> ProjectQuerySet:
        return self.filter(stage=stage)

    def stages_and_milestones_by_path(self, *, start: date, end: date, today: date, soon: date):
        """(place path, stage id, number of projects, and of their milestones: done, due, overdue),
        one grouped query for the ward view: done in [start, end]; still open and planned from today
        to ``soon``; still open and planned before today. The projects are counted distinct (the
        milestones are joined); the ward view sums the milestones of a path's stages."""
        open_ = Q(milestones__status__in=OPEN_STATUSES)
        return (self.values_list("place__path", "stage_id").annotate(
            n=Count("pk", distinct=True),
            done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE,
                                              milestones__done_on__gte=start, milestones__done_on__lte=end)),
            due=Count("milestones", filter=open_ & Q(milestones__planned_on__gte=today,
                                                     milestones__planned_on__lte=soon)),
            overdue=Count("milestones", filter=open_ & Q(milestones__planned_on__lt=today)),
        ).order_by())


class Project(models.Model):
    title = models.CharField(_("プロジェクト名"), max_length=200)
    purpose = models.TextField(_("目的"), blank=True)
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT,
                              related_name="projects",
                              help_text=_("自治会町内会・地区・CPエリア・区のうち、いちばん近いもの"))
    stage = models.ForeignKey(ProjectStage, verbose_name=_("段階"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="projects")
    organisations = models.ManyToManyField("people.Organisation", verbose_name=_("協力団体"), blank=True,
                                           related_name="projects",
                                           help_text=_("区全体の団体（スーパー・タクシー会社など）も選べます。"))
    # Links to other records (links.py says how each kind is shown and chosen).
    memos = models.ManyToManyField("memos.Memo", verbose_name=_("取組メモ"), blank=True, related_name="projects")
    listings = models.ManyToManyField("directory.Listing", verbose_name=_("地域資源"), blank=True,
                                      related_name="projects")
    # The meetings, trainings and briefings held for the project (a 移動販売 project's 説明会).
    events = models.ManyToManyField("events.Event", verbose_name=_("催し"), blank=True, related_name="projects")
    # The team or network that carries the project (its page lists the team's projects).
    team = models.ForeignKey("teams.Team", verbose_name=_("チーム・ネットワーク"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="projects")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("プロジェクト")
        verbose_name_plural = _("プロジェクト")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])


class MemberRole(models.TextChoices):
    LEAD = "lead", _("まとめ役")
    MEMBER = "member", _("メンバー")
    PARTNER = "partner", _("協力団体")
    ADVISER = "adviser", _("助言・見守り")


class ProjectMember(models.Model):
    """An account on the project's team. Membership alone lets the account read the project and
    write in its log (access.VIEW, access.LOG), whatever its role elsewhere."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("アカウント"), on_delete=models.CASCADE,
                             related_name="project_memberships")
    role = models.CharField(_("プロジェクトでの役割"), max_length=16, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)
    organisation = models.ForeignKey("people.Organisation", verbose_name=_("所属団体"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("担当・ひとこと"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("プロジェクトのメンバー")
        verbose_name_plural = _("プロジェクトのメンバー")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="unique_project_member")]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_role_display()}）"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("予定")
    DONE = "done", _("済")
    POSTPONED = "postponed", _("延期")
    CANCELLED = "cancelled", _("中止")


OPEN_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.POSTPONED)


class MilestoneQuerySet(models.QuerySet):
    def open(self) -> MilestoneQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def due_by(self, until: date) -> MilestoneQuerySet:
        return self.open().filter(planned_on__lte=until)

    def on_list_of(self, user) -> MilestoneQuerySet:
        """Milestones on this person's to-do list: those they are named for, and, where nobody is
        named, those of every project they are a member of."""
        mine = Project.objects.visible_to(user).with_member(user)
        return self.filter(project__in=mine).filter(Q(owner=user) | Q(owner__isnull=True))


class Milestone(models.Model):
    """道標: one step on the way (アンケート, 見学, 説明会, プレ実施, 出発式), planned and done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("マイルストーン"), max_length=200)
    planned_on = models.DateField(_("予定日"))
    done_on = models.DateField(_("実施日"), null=True, blank=True)
    status = models.CharField(_("状況"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("担当"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              help_text=_("空欄ならメンバー全員の「やること」に出ます。"))
    note = models.TextField(_("メモ"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("マイルストーン")
        verbose_name_plural = _("マイルストーン")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_on(self) -> date:
        return self.done_on or self.planned_on


class LogEntryQuerySet(models.QuerySet):
    def live(self) -> LogEntryQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user) -> LogEntryQuerySet:
        """Entries of the projects this user sees; a sensitive one only for a member who also
        holds the grant (access.READ_SENSITIVE)."""
        sensitive = policy.within(user, access.READ_SENSITIVE, "project__place__path",
                                  members=_members_of("project"))
        return self.filter(project__in=Project.objects.visible_to(user)).filter(Q(sensitive=False) | sensitive)

    def changeable_by(self, user) -> LogEntryQuerySet:
        """Entries this user may edit: ones they see, in a log they may write in."""
        return self.visible_to(user).filter(project__in=Project.objects.loggable_by(user))

    def shareable(self) -> LogEntryQuerySet:
        """What may leave the screen — exports, the liaison pack: never a sensitive entry, whoever asks."""
        return self.filter(sensitive=False)


class LogEntry(models.Model):
    """One dated entry of the shared log (プロジェクト用情報共有シート): what a member saw at the
    sales site, what worries them, what to do next."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log_entries")
    date = models.DateField(_("日付"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記入者"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    # As it was when written, for when the account is gone (coordinators change jobs).
    author_name = models.CharField(_("記入者名"), max_length=150, blank=True)
    organisation_name = models.CharField(_("所属"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    sensitive = models.BooleanField(
        _("気になる人についての記録（配慮が必要）"), default=False,
        help_text=_("個別の許可を持つメンバーだけが読めます。書き出しや連絡会資料には出ません。"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("共有ログ")
        verbose_name_plural = _("共有ログ")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        # Never the body: this is what 操作の記録 keeps, and a sensitive body must not land there.
        return f"{self.date:%Y-%m-%d} {self.author_name}"


class Comment(models.Model):
    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("記入者名"), max_length=150, blank=True)
    organisation_name = models.CharField(_("所属"), max_length=200, blank=True)
    body = models.TextField(_("コメント"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("コメント")
        verbose_name_plural = _("コメント")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name} {self.created_at:%Y-%m-%d}"


def reaches_projects(user) -> bool:
    """Whether the projects' pages are for this person at all (the navigation asks): a role that
    reads projects somewhere, or a place on a team."""
    return bool(policy.prefixes(user, access.VIEW)) or ProjectMember.objects.filter(
        user=user, user__is_active=True).exists()
