"""催し (events): the meetings, trainings and workshops that people hold together.

One model for every kind — the ward's monthly liaison meeting (連絡会), an exchange meeting of
volunteer groups (交流会), a 協議体, a training for drivers — with a kind from an editable list
(city-wide defaults, a ward's own entries on top). An event has a place in the tree, like every
record: the ward for ward-level work, a district, a CP area. Its organisers are organisations at
any level (区社協 + 区役所 + CPs); it is held on one day or as a series of sessions; it has an
agenda (who reports what, prepared before the day — 泉区's practice), participants who are invited,
answer and then attend or not, and head counts for people who are not named (住民 30, 民生委員 8).

Event.starts_on / ends_on repeat the first and last session's dates so that "upcoming", "past" and
a month of the calendar are one indexed filter (services keep them in step with the sessions).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from tsunagu.events import access
from tsunagu.people import policy
from tsunagu.people.models import Role
from tsunagu.places.models import Kind

# --- The editable list of kinds -----------------------------------------------------------------

LIAISON_KIND = "連絡会"

# The programme's defaults (seeded by migration 0002), as words of the interface; a ward's own
# entries, and a default an administrator renamed, are shown as typed.
DEFAULT_KIND_LABELS = {
    "連絡会": _("連絡会"), "交流会": _("交流会"), "協議体": _("協議体"), "研修": _("研修"),
    "ワークショップ": _("ワークショップ"), "説明会": _("説明会"), "その他": _("その他"),
}


class EventKindQuerySet(models.QuerySet):
    def for_ward(self, ward) -> EventKindQuerySet:
        """The programme's defaults and the ward's own kinds (ward None: the defaults only)."""
        q = Q(ward__isnull=True)
        if ward is not None:
            q |= Q(ward=ward)
        return self.filter(q)

    def for_wards(self, wards) -> EventKindQuerySet:
        return self.filter(Q(ward__isnull=True) | Q(ward__in=list(wards)))

    def active(self) -> EventKindQuerySet:
        return self.filter(active=True)

    def liaison(self) -> EventKindQuerySet:
        """The kind the ward view counts "since the last meeting" from: the default 連絡会."""
        return self.filter(ward__isnull=True, name=LIAISON_KIND)

    def liaison_kind(self) -> EventKind:
        """The default 連絡会 itself, made again if it is missing: a meeting is recorded under it
        whatever became of the seeded list (a test database emptied by a transactional test, an
        administrator's cleanup)."""
        return self.get_or_create(ward=None, name=LIAISON_KIND, defaults={"order": 10})[0]


class EventKind(models.Model):
    """An entry of the list of kinds. Without a ward it is one of the programme's defaults (edited by
    city administrators); with a ward, an entry that ward's 1層Co added."""

    ward = models.ForeignKey("places.Place", verbose_name=_("区"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", help_text=_("空欄は全区共通の項目です。"))
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)
    active = models.BooleanField(_("使う"), default=True,
                                 help_text=_("外すと新しい催しでは選べなくなります。登録済みの催しはそのままです。"))

    objects = EventKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("催しの種類")
        verbose_name_plural = _("催しの種類")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.ward_id is None and self.name in DEFAULT_KIND_LABELS:
            return str(DEFAULT_KIND_LABELS[self.name])
        return self.name

    @property
    def is_liaison(self) -> bool:
        return self.ward_id is None and self.name == LIAISON_KIND


def can_edit_kinds(user, ward) -> bool:
    """A ward's own kinds are its 1層Co's (those who write at the ward itself); the defaults the city's."""
    if ward is None:
        return policy.holds_role(user, Role.CITY_ADMIN)
    return ward.kind == Kind.WARD and policy.can_at(user, access.WRITE, ward)


# --- Where events may be held and who sees them ---------------------------------------------------

# An event is placed at the ward (ward-level work), a CP area, a district or an association.
EVENT_PLACE_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION)


def places_for_events(user):
    """Where this user may hold an event."""
    return policy.places_where(user, access.WRITE).filter(kind__in=EVENT_PLACE_KINDS)


def can_write_event_at(user, place) -> bool:
    return place is not None and place.kind in EVENT_PLACE_KINDS and policy.can_at(user, access.WRITE, place)


def _ancestor_paths(prefixes: list[str]) -> set[str]:
    """The paths of the places above each prefix ("/1/5/9/" → "/1/", "/1/5/")."""
    found = set()
    for prefix in prefixes:
        parts = [p for p in prefix.strip("/").split("/") if p]
        for n in range(1, len(parts)):
            found.add("/" + "/".join(parts[:n]) + "/")
    return found


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> EventQuerySet:
        """Events inside the user's reach (events.view), those held above it (a 2層Co sees the ward's
        liaison meeting and a city-wide training, never another CP's own events), and those the
        user's organisation organises or the user is invited to."""
        prefixes = policy.prefixes(user, access.VIEW)
        if not prefixes:
            return self.none()
        q = policy.within(user, access.VIEW)
        above = _ancestor_paths(prefixes)
        if above:
            q |= Q(place__path__in=sorted(above))
        orgs = [m.organisation_id for m in policy.active_memberships(user)]
        if orgs:
            q |= Q(pk__in=Event.organisers.through.objects.filter(organisation_id__in=orgs).values("event_id"))
            q |= Q(pk__in=Participant.objects.filter(organisation_id__in=orgs).values("event_id"))
        q |= Q(pk__in=Participant.objects.filter(account=user).values("event_id"))
        return self.filter(q)

    def changeable_by(self, user) -> EventQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def visible_under(self, user, place) -> EventQuerySet:
        """visible_to(user).under(place): the same rows, without the visibility filter where the
        user reads every event under the place (policy.covers: a 1層Co at their ward), which
        spares each query built on it the OR of paths and subqueries (the ward view's counts)."""
        return policy.visible_under(user, place, self.under(place), access.VIEW)

    def under(self, place) -> EventQuerySet:
        from tsunagu.places.models import Place

        return self.filter(place__in=Place.objects.filter(path__startswith=place.path).values("pk"))

    def in_period(self, start: date | None, end: date | None) -> EventQuerySet:
        """Events with a day inside [start, end] (either may be open)."""
        qs = self
        if start:
            qs = qs.filter(ends_on__gte=start)
        if end:
            qs = qs.filter(starts_on__lte=end)
        return qs

    def upcoming(self, today: date) -> EventQuerySet:
        return self.filter(ends_on__gte=today).order_by("starts_on", "pk")

    def past(self, today: date) -> EventQuerySet:
        return self.filter(ends_on__lt=today).order_by("-starts_on", "-pk")

    def of_kind(self, kind) -> EventQuerySet:
        return self.filter(kind=kind)

    def liaison_meetings(self) -> EventQuerySet:
        return self.filter(kind__in=EventKind.objects.liaison().values("pk"))

    def of_ward(self, ward) -> EventQuerySet:
        return self.under(ward)

    def last_before(self, day: date) -> Event | None:
        """The most recent event held before that day (one held today is the one being prepared)."""
        return self.filter(starts_on__lt=day).order_by("-starts_on", "-pk").first()

    # --- Counts for the ward view (liaison/activity.py buckets the rows per CP area by the path) ---

    def held_between(self, start: date, end: date) -> EventQuerySet:
        """Events held in [start, end]: a day inside it and begun by its end (a series counts once)."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)

    def count_by_path_and_kind(self):
        """(place path, kind id, number of events): one grouped query."""
        return self.values_list("place__path", "kind_id").annotate(n=Count("pk")).order_by()

    def people_by_path(self):
        """(place path, column, number) of the people who came to these events, in one query: the
        named participants who attended, by what they are (column: one of PARTICIPANT_KINDS), and
        the head counts by label (column: "head:" + the label). The ward view asked the two apart;
        a query less a page, and both halves narrow the same events (HEAD_COLUMN)."""
        named = (Participant.objects.filter(event__in=self.values("pk")).attended()
                 .annotate(column=_participant_kind()).values_list("event__place__path", "column")
                 .annotate(n=Count("pk")).order_by())
        heads = (HeadCount.objects.filter(event__in=self.values("pk"))
                 .annotate(column=Concat(Value(HEAD_COLUMN), "label", output_field=CharField()))
                 .values_list("event__place__path", "column").annotate(n=Sum("number")).order_by())
        return named.union(heads, all=True)


# people_by_path's column for a head count: this, then its label (a participant's kind has no colon).
HEAD_COLUMN = "head:"


class Event(models.Model):
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT, related_name="events",
                              help_text=_("区全体の催しは区、CPエリアの催しはそのCPエリア"))
    kind = models.ForeignKey(EventKind, verbose_name=_("種類"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="events")
    title = models.CharField(_("催しの名前"), max_length=200)
    organisers = models.ManyToManyField("people.Organisation", verbose_name=_("主催・共催"), blank=True,
                                        related_name="organised_events")
    # A meeting of one of the ward's teams or networks (旭区's 班 and their networks): shown on the team's page.
    team = models.ForeignKey("teams.Team", verbose_name=_("チーム・ネットワーク"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="events")
    venue = models.ForeignKey("directory.Listing", verbose_name=_("会場（地域資源から）"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="events_held")
    venue_text = models.CharField(_("会場"), max_length=200, blank=True,
                                  help_text=_("地域資源にない会場や、部屋の名前など"))
    online_url = models.URLField(_("オンライン参加のリンク"), max_length=500, blank=True)
    audience = models.CharField(_("対象"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)

    # The first and last session's dates (services keep them in step): upcoming/past/calendar filters.
    starts_on = models.DateField(_("開始日"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_("終了日"), null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登録者"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("催し")
        verbose_name_plural = _("催し")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["place", "starts_on"]), models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} {self.title}" if self.starts_on else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return self.kind.label if self.kind_id else str(_("その他"))


class Session(models.Model):
    """One day of an event (a series has several): the date and, when known, the times."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("日付"))
    starts_at = models.TimeField(_("開始"), null=True, blank=True)
    ends_at = models.TimeField(_("終了"), null=True, blank=True)
    note = models.CharField(_("補足"), max_length=200, blank=True, help_text=_("第2回、午後の部 など"))

    class Meta:
        verbose_name = _("日程")
        verbose_name_plural = _("日程")
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["event", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class AgendaItem(models.Model):
    """One item of the agenda: who reports it (an account, or a name for someone without one) and
    what they prepared beforehand (泉区: each 2層Co writes their report before the meeting)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("順番"), default=0)
    title = models.CharField(_("議題"), max_length=200)
    presenter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("報告者（アカウント）"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="event_agenda_items")
    presenter_name = models.CharField(_("報告者"), max_length=150, blank=True)
    prepared_note = models.TextField(_("事前に用意する報告"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def who(self) -> str:
        return str(self.presenter) if self.presenter_id else self.presenter_name


class Answer(models.TextChoices):
    NONE = "", _("未回答")
    YES = "yes", _("出席")
    NO = "no", _("欠席")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("未記録")
    ATTENDED = "attended", _("出席した")
    ABSENT = "absent", _("欠席した")


class ParticipantQuerySet(models.QuerySet):
    def unanswered(self) -> ParticipantQuerySet:
        return self.filter(invited_at__isnull=False, answer=Answer.NONE)

    def attended(self) -> ParticipantQuerySet:
        return self.filter(attendance=Attendance.ATTENDED)


# What a named participant is, in the order the ward view counts them.
PARTICIPANT_KINDS = {
    "organisation": _("団体"), "listing": _("地域のグループ"), "account": _("職員"),
    "name": _("名前で記録した人"),
}


def _participant_kind():
    """The same rule as Participant.kind, in SQL (an account first, then an organisation, a listing)."""
    return Case(When(account__isnull=False, then=Value("account")),
                When(organisation__isnull=False, then=Value("organisation")),
                When(listing__isnull=False, then=Value("listing")),
                default=Value("name"), output_field=CharField())


class Participant(models.Model):
    """Who takes part: an organisation, a group (a listing), an account, or a name typed in. State:
    invited (invited_at) → answered 出席/欠席 (answer) → attended / absent (attendance, on the day).
    Someone who just came, uninvited, is recorded with attendance only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("people.Organisation", verbose_name=_("団体"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="event_participations")
    listing = models.ForeignKey("directory.Listing", verbose_name=_("地域資源（グループ）"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="event_participations")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("アカウント"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="event_participations")
    name = models.CharField(_("名前"), max_length=150, blank=True)
    note = models.CharField(_("備考"), max_length=200, blank=True, help_text=_("役割、人数、連絡事項など"))
    invited_at = models.DateTimeField(_("案内した日時"), null=True, blank=True)
    answer = models.CharField(_("回答"), max_length=8, choices=Answer.choices, blank=True, default=Answer.NONE)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    attendance = models.CharField(_("当日"), max_length=8, choices=Attendance.choices, blank=True,
                                  default=Attendance.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("参加者")
        verbose_name_plural = _("参加者")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="events_participant_is_someone",
                condition=Q(organisation__isnull=False) | Q(listing__isnull=False) | Q(account__isnull=False)
                | ~Q(name=""),
            ),
            models.UniqueConstraint(fields=["event", "organisation"], name="events_participant_unique_organisation"),
            models.UniqueConstraint(fields=["event", "listing"], name="events_participant_unique_listing"),
            models.UniqueConstraint(fields=["event", "account"], name="events_participant_unique_account"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.account_id:
            return str(self.account)
        if self.organisation_id:
            return self.organisation.name
        if self.listing_id:
            return self.listing.name
        return self.name

    @property
    def kind(self) -> str:
        if self.account_id:
            return "account"
        if self.organisation_id:
            return "organisation"
        if self.listing_id:
            return "listing"
        return "name"


class HeadCount(models.Model):
    """People who came but are not named, counted by kind (住民 30, 民生委員 8, ボランティア 5)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="head_counts")
    label = models.CharField(_("区分"), max_length=60)
    number = models.PositiveIntegerField(_("人数"), default=0)

    class Meta:
        verbose_name = _("人数")
        verbose_name_plural = _("人数")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "label"], name="events_headcount_unique_label")]

    def __str__(self) -> str:
        return f"{self.label} {self.number}"


# --- Minutes, follow-ups and reviews (appended below by the minutes work) -------------------------


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user) -> MinutesQuerySet:
        return self.filter(event__in=Event.objects.visible_to(user).values("pk"))

    def changeable_by(self, user) -> MinutesQuerySet:
        return self.filter(event__in=Event.objects.changeable_by(user).values("pk"))


class Minutes(models.Model):
    """議事録 of one agenda item: what was said (記録) and what was decided (決定事項). Without an
    agenda item it is the event's own part (全体・その他), for an event held without an agenda.
    Written on the day or afterwards, and edited after the event as often as needed; two people
    saving the same minutes meet the conflict screen (nothing typed is lost)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="minutes")
    agenda_item = models.OneToOneField(AgendaItem, verbose_name=_("議題"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="minutes")
    notes = models.TextField(_("記録（話し合われたこと）"), blank=True)
    decisions = models.TextField(_("決定事項"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_name = models.CharField(_("最後に保存した人"), max_length=150, blank=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("議事録")
        verbose_name_plural = _("議事録")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event"], condition=Q(agenda_item__isnull=True),
                                               name="events_minutes_one_general_part")]

    def __str__(self) -> str:
        return f"{self.event.title} {self.agenda_item.title if self.agenda_item_id else _('全体')}"

    @property
    def decision_lines(self) -> list[str]:
        """決定事項, one a line (a leading ・ or - dropped): printed as a list."""
        return [line.strip().lstrip("・-－*").strip() for line in self.decisions.splitlines() if line.strip()]


class FollowUpStatus(models.TextChoices):
    TODO = "todo", _("未着手")
    DOING = "doing", _("対応中")
    DONE = "done", _("完了")


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        """Its owner sees a follow-up wherever the event is; so does whoever sees the event."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(owner=user) | Q(event__in=Event.objects.visible_to(user).values("pk")))

    def changeable_by(self, user) -> FollowUpQuerySet:
        """The organiser's side: those who may change the event."""
        return self.filter(event__in=Event.objects.changeable_by(user).values("pk"))

    def open(self) -> FollowUpQuerySet:
        return self.exclude(status=FollowUpStatus.DONE)

    def due_by(self, day: date) -> FollowUpQuerySet:
        """Due on or before that day, or without a date (still open work)."""
        return self.filter(Q(due__lte=day) | Q(due__isnull=True))


class FollowUp(models.Model):
    """フォローアップ: what someone takes on after a meeting — what, who (an account, and the
    organisation they do it for), by when — until they mark it done. It stays on the owner's to-do
    list (lib/todo.py) while open; the organisers follow its state on the event's page."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="followups")
    agenda_item = models.ForeignKey(AgendaItem, verbose_name=_("議題"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="followups")
    what = models.CharField(_("やること"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("担当者"), on_delete=models.PROTECT,
                              related_name="event_followups")
    organisation = models.ForeignKey("people.Organisation", verbose_name=_("担当の所属"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="event_followups")
    due = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(_("状況"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.TODO)
    done_note = models.TextField(_("対応のひとこと"), blank=True)
    done_at = models.DateTimeField(_("完了した日時"), null=True, blank=True)
    done_by_name = models.CharField(_("完了にした人"), max_length=150, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("フォローアップ")
        verbose_name_plural = _("フォローアップ")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due"])]

    def __str__(self) -> str:
        return self.what

    @property
    def is_done(self) -> bool:
        return self.status == FollowUpStatus.DONE

    def overdue(self, today: date) -> bool:
        return not self.is_done and self.due is not None and self.due < today

    @property
    def owner_name(self) -> str:
        return str(self.owner)


class Review(models.Model):
    """振り返り: a few lines after the event — what worked, what participants said, next time."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="review")
    worked = models.TextField(_("うまくいったこと"), blank=True)
    voices = models.TextField(_("参加者の声"), blank=True)
    next_time = models.TextField(_("次回に向けて"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_name = models.CharField(_("最後に保存した人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("振り返り")
        verbose_name_plural = _("振り返り")

    def __str__(self) -> str:
        return f"{self.event.title} {_('振り返り')}"

    @property
    def empty(self) -> bool:
        return not (self.worked or self.voices or self.next_time)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A private address a calendar application (Outlook, Google, a phone's calendar) reads the
    ward's events from, as the person who made it sees them. Those applications cannot log in, so
    the address itself is the key: only its SHA-256 is kept (a copy of the database does not hand
    out working addresses); it is shown once, and can be stopped or made anew at any time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    ward = models.ForeignKey("places.Place", verbose_name=_("区"), on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8)  # the address's last characters, to tell one from another
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("カレンダーの購読")
        verbose_name_plural = _("カレンダーの購読")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.ward} …{self.hint}"
