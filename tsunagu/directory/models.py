"""地域資源: the community resource directory, aligned with Open Referral HSDS 3.0.

A Listing is an HSDS service offered at one location (a salon at a community hall, one stop
of a mobile-sales round); Schedules follow HSDS's RFC 5545 fields; Categories are HSDS
taxonomy terms, with the programme's three pillars at the top. Every change to a listing keeps
a full version (ListingVersion), so history shows old → new and any version can be restored.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.directory import access
from tsunagu.directory.expressions import InCategories, WalkIn
from tsunagu.lib.morphology import search_text
from tsunagu.people import policy

STALE_AFTER = timedelta(days=365)


class Category(models.Model):
    """A term of the directory's taxonomy; the roots are the three pillars."""

    parent = models.ForeignKey("self", verbose_name=_("上位の分類"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    name_kana = models.CharField(_("ふりがな"), max_length=60, blank=True)
    description = models.TextField(_("説明"), blank=True)
    icon = models.CharField(_("アイコン"), max_length=8, blank=True, help_text=_("絵文字1文字。冊子と一覧に表示します。"))
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("分類")
        verbose_name_plural = _("分類")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pillar(self) -> bool:
        return self.parent_id is None


class Status(models.TextChoices):
    PLANNED = "planned", _("準備中")
    ACTIVE = "active", _("活動中")
    PAUSED = "paused", _("休止中")
    ENDED = "ended", _("終了")


# HSDS service.status values for the open-data API.
HSDS_STATUS = {Status.PLANNED: "inactive", Status.ACTIVE: "active", Status.PAUSED: "temporarily closed",
               Status.ENDED: "defunct"}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("公開")
    STAFF = "staff", _("職員のみ")
    DRAFT = "draft", _("下書き")


class Intensity(models.IntegerChoices):
    NONE = 0, _("運動なし")
    LIGHT = 1, _("軽い（座ってできる）")
    MODERATE = 2, _("ふつう（立って動く）")
    ACTIVE = 3, _("しっかり（息がはずむ）")


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("どなたでも")
    SENIORS = "seniors", _("高齢の方")
    SUPPORT = "support", _("要支援・事業対象者の方")
    CARE = "care", _("要介護の方も")
    MEMBERS = "members", _("会員・地域の方")


class ListingQuerySet(models.QuerySet):
    def public(self) -> ListingQuerySet:
        """What residents may see: published and not ended."""
        return self.filter(visibility=Visibility.PUBLIC).exclude(status=Status.ENDED)

    def visible_to(self, user) -> ListingQuerySet:
        """Listings for the staff screens. Readers see published and staff-only listings in their
        area; drafts only where they may edit. The public face uses public()."""
        readable = policy.within(user, access.VIEW) & ~models.Q(visibility=Visibility.DRAFT)
        return self.filter(readable | policy.within(user, access.EDIT))

    def changeable_by(self, user) -> ListingQuerySet:
        return self.filter(policy.within(user, access.EDIT))

    def visible_under(self, user, place) -> ListingQuerySet:
        """visible_to(user) of the listings under the place (policy.visible_under). Editing decides:
        an editor reads every listing, drafts included; a reader not the drafts."""
        return policy.visible_under(user, place, self.filter(place__path__startswith=place.path), access.EDIT)

    def stale(self, now=None) -> ListingQuerySet:
        now = now or timezone.now()
        return self.filter(models.Q(confirmed_at__lt=now - STALE_AFTER) | models.Q(confirmed_at__isnull=True))

    def under(self, place, *, steer: bool = True) -> ListingQuerySet:
        """Listings at the place or below it. ``steer=False`` keeps the test from choosing the
        plan (expressions.WalkIn), for a query that another index should drive."""
        # place_id IN (the ids of the places under it, read first): the places table is small and
        # the listing's place_id indexed. A join or a subquery leaves the planner guessing how many
        # listings a ward holds (PostgreSQL then scanned every listing); a list of ids it can count.
        from tsunagu.places.models import Place

        return self.within(Place.objects.filter(path__startswith=place.path).values_list("pk", flat=True), steer=steer)

    def within(self, place_ids, *, steer: bool = True) -> ListingQuerySet:
        """Listings at one of these places (a subtree's pks, as under() reads them or the public
        search keeps them in its cache)."""
        places = list(place_ids)
        if steer:
            return self.filter(place_id__in=places)
        return self.filter(WalkIn(models.F("place_id"), places))

    def in_town(self, place_ids, block_ids) -> ListingQuerySet:
        """Listings of a 町 (public search, place_words.py): filed at one of its 町丁目 (or under
        one), or meeting at a venue in one of them."""
        return self.filter(models.Q(place_id__in=list(place_ids))
                           | models.Q(location__in=Location.objects.filter(block_id__in=list(block_ids))))

    def in_category(self, category, *, steer: bool = True, each_row: bool = True) -> ListingQuerySet:
        """Listings filed under the category or one of its children."""
        return self.in_categories([category.pk, *category.children.values_list("pk", flat=True)], steer=steer,
                                  each_row=each_row)

    def in_categories(self, ids, *, steer: bool = True, each_row: bool = True) -> ListingQuerySet:
        """Listings filed under one of these categories. A subquery rather than a join: no duplicate
        rows to remove, so no DISTINCT over the whole listing. ``steer`` as in under(); when not
        steering, ``each_row`` asks for the row-by-row test (expressions.InCategories)."""
        ids = list(ids)
        if steer:
            through = Listing.categories.through
            return self.filter(pk__in=through.objects.filter(category_id__in=ids).values("listing_id"))
        return self.filter(InCategories(models.F("pk"), ids, each_row=each_row))


# The columns the public search filters on besides place and words (public_views.PublicSearchForm).
FACETS = ["visibility", "status", "weekday_mask", "is_free", "has_pickup", "intensity"]


class Location(models.Model):
    """Where an activity happens (HSDS location)."""

    name = models.CharField(_("会場名"), max_length=200)
    postal_code = models.CharField(_("郵便番号"), max_length=10, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("経度"), null=True, blank=True)
    block = models.ForeignKey("places.Place", verbose_name=_("町丁目"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    transportation = models.CharField(_("交通"), max_length=300, blank=True, help_text=_("最寄りのバス停・駅など"))
    accessibility = models.CharField(_("バリアフリー"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("会場")
        verbose_name_plural = _("会場")
        # 「近い順」 reads the venues inside a box around a point (nearby.py): a range on both.
        indexes = [models.Index(fields=["latitude", "longitude"], name="location_point")]

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """One community resource: who runs it, what it is, where, when, for whom."""

    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("フリガナ"), max_length=200, blank=True,
                                 help_text=_("名称の読み。検索でも使います（例：せんがわ）。"))
    organisation = models.ForeignKey("people.Organisation", verbose_name=_("運営団体"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="listings")
    organiser_name = models.CharField(_("運営（団体名簿にない場合）"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("分類"), related_name="listings")
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT,
                              related_name="listings", help_text=_("この資源が属するいちばん小さい場所"))
    location = models.ForeignKey(Location, verbose_name=_("会場"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="listings")
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("状態の理由"), max_length=300, blank=True)
    status_date = models.DateField(_("状態が変わった日"), null=True, blank=True)
    visibility = models.CharField(_("公開範囲"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT)

    schedule_note = models.CharField(_("日時の補足"), max_length=300, blank=True)
    is_free = models.BooleanField(_("無料"), default=False)
    cost = models.CharField(_("費用"), max_length=200, blank=True, help_text=_("例：1回100円（お茶代）"))
    eligibility = models.CharField(_("対象"), max_length=10, choices=Eligibility.choices, default=Eligibility.ANYONE)
    minimum_age = models.PositiveSmallIntegerField(_("対象年齢（以上）"), null=True, blank=True)
    eligibility_note = models.CharField(_("対象の補足"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    application = models.CharField(_("申込み"), max_length=300, blank=True, help_text=_("例：不要・直接会場へ"))

    public_contact_name = models.CharField(_("問合せ先（公開）"), max_length=200, blank=True)
    public_phone = models.CharField(_("電話（公開）"), max_length=40, blank=True)
    public_email = models.EmailField(_("メール（公開）"), blank=True)
    staff_contact = models.TextField(_("連絡先（職員のみ）"), blank=True,
                                     help_text=_("代表者の個人の電話など。公開ページには出ません。"))
    website = models.URLField(_("ウェブサイト"), blank=True)

    has_pickup = models.BooleanField(_("送迎あり"), default=False)
    wheelchair = models.BooleanField(_("車いす可"), default=False)
    intensity = models.PositiveSmallIntegerField(_("運動の強さ"), choices=Intensity.choices, default=Intensity.NONE)
    languages = models.JSONField(_("言語"), default=list, blank=True)

    internal_note = models.TextField(_("内部メモ"), blank=True)
    confirmed_at = models.DateTimeField(_("最終確認日"), null=True, blank=True)
    confirmed_by = models.CharField(_("確認した人"), max_length=150, blank=True)
    confirmed_how = models.CharField(_("確認の方法"), max_length=100, blank=True)
    # Set by an import whose 日時 could not be read exactly (kept in schedule_note instead of
    # becoming wrong weekdays); staff untick it once they have set the days.
    schedule_check = models.BooleanField(
        _("日時を確かめる"), default=False,
        help_text=_("取り込んだ日時をそのままでは読み取れませんでした。日時の補足を見て日時を登録したら、チェックを外してください。"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("担当職員"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    search_text = models.TextField(editable=False, default="")
    # Bit n set when the listing happens on weekday n (Monday = 0), from its schedules; kept by
    # services so that the public 曜日 filter is one indexed comparison, not a walk of calendars.
    weekday_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("地域資源")
        verbose_name_plural = _("地域資源")
        ordering = ["name_kana", "name"]
        indexes = [
            models.Index(fields=["visibility", "status"]),
            models.Index(fields=["confirmed_at"]),
            # Long lists are read in reading order (results.py): walk this index and stop at 20. The
            # public search's filter columns ride along, so that the walk tests a ward, a weekday or
            # 無料 inside the index and reads a listing's row only once it is a match.
            models.Index(fields=["name_kana", "name", "id", "place", *FACETS], name="listing_reading_walk"),
            # Short lists are fetched narrow and ranked in Python (results.py): a place filter finds
            # its listings here, the other filters and the reading again without the table.
            # (id last: PostgreSQL's index-only scans need it; SQLite has the rowid in every index.)
            models.Index(fields=["place", *FACETS, "name_kana", "name", "id"], name="listing_place_facets"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directory:detail", args=[self.pk])

    def compute_weekday_mask(self, today=None) -> int:
        from tsunagu.directory.schedules import weekday_mask

        return weekday_mask(self.schedules.all() if self.pk else [], today=today)

    def compute_search_text(self, groups: list[tuple[str, ...]] | None = None) -> str:
        """listing_search_text with the markers of the synonym groups it belongs to (search.py;
        ``groups``: search.listing_groups(), read once for many listings)."""
        from tsunagu.directory import search

        if groups is None:
            groups = search.listing_groups(self._state.db or "default")
        return search.with_markers(listing_search_text(self), groups)

    @property
    def is_stale(self) -> bool:
        return self.confirmed_at is None or self.confirmed_at < timezone.now() - STALE_AFTER

    @property
    def organiser(self) -> str:
        return self.organisation.name if self.organisation_id else self.organiser_name


def listing_search_text(listing) -> str:
    """A listing's search column (search.py): the name first (results rank on how it begins),
    its reading, the organiser, where it is — the venue, its address and its 町丁目, so that 幸浦
    or 本牧町 finds it — and the description, with their normalised forms and readings
    (lib/morphology.py). Attributes only, so that a migration's historical model can use it."""
    organiser = listing.organisation.name if listing.organisation_id else listing.organiser_name
    location = listing.location if listing.location_id else None
    where = (location.name, location.address, location.block.name if location.block_id else "") if location else ()
    return search_text(listing.name, listing.name_kana, organiser, *where, listing.description)


class Schedule(models.Model):
    """When a listing happens, in HSDS's RFC 5545 terms.

    freq WEEKLY with byday "TU,TH"          毎週火・木曜
    freq WEEKLY, interval 2                 隔週
    freq MONTHLY with byday "2TU,4TU"       毎月第2・第4火曜
    freq MONTHLY with bymonthday "15"       毎月15日
    no freq, dtstart only                   a single date (an event)
    valid_from / valid_to                   a season (例：4月〜11月)
    closed_on_holidays / closed_at_new_year 祝日・年末年始は休み (dates skip them)
    """

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("毎週")
        MONTHLY = "MONTHLY", _("毎月")
        ONCE = "", _("日付を指定")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(_("くり返し"), max_length=8, choices=Freq.choices, blank=True, default=Freq.WEEKLY)
    interval = models.PositiveSmallIntegerField(_("間隔"), default=1)
    byday = models.CharField(_("曜日"), max_length=60, blank=True, help_text="MO,TU / 2TU,4TU")
    bymonthday = models.CharField(_("日"), max_length=60, blank=True, help_text="1,15")
    dtstart = models.DateField(_("開始日・実施日"), null=True, blank=True)
    until = models.DateField(_("終了日"), null=True, blank=True)
    valid_from = models.DateField(_("期間の始め"), null=True, blank=True)
    valid_to = models.DateField(_("期間の終わり"), null=True, blank=True)
    opens_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    notes = models.CharField(_("補足"), max_length=200, blank=True)
    # Where the activity rests then, its next dates skip them (schedules.occurrences) and its
    # wording says so (schedules.describe).
    closed_on_holidays = models.BooleanField(_("祝日は休み"), default=False)
    closed_at_new_year = models.BooleanField(_("年末年始（12月29日〜1月3日）は休み"), default=False)

    class Meta:
        verbose_name = _("日時")
        verbose_name_plural = _("日時")
        ordering = ["pk"]

    def __str__(self) -> str:
        from tsunagu.directory.schedules import describe

        return describe(self)


class ListingVersion(models.Model):
    """A full copy of a listing after each change: history shows old → new, restore goes back."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    how = models.CharField(max_length=40, blank=True)
    data = models.JSONField()
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["listing", "number"], name="unique_listing_version")]

    def __str__(self) -> str:
        return f"{self.listing} v{self.number}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LeaderLink(models.Model):
    """The secret link a group's leader uses to confirm a listing or propose changes."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="leader_link")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.listing}"


class Proposal(models.Model):
    """Changes proposed by a group's leader; they wait for staff approval."""

    class State(models.TextChoices):
        OPEN = "open", _("確認待ち")
        APPROVED = "approved", _("反映済み")
        REJECTED = "rejected", _("見送り")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="proposals")
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.CharField(_("お名前"), max_length=100, blank=True)
    changes = models.JSONField()
    message = models.TextField(_("ひとこと"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.listing}（{self.get_state_display()}）"


class Report(models.Model):
    """A resident's 「情報が古い・終了している」 report from the public page."""

    class Kind(models.TextChoices):
        OUTDATED = "outdated", _("情報が古い")
        ENDED = "ended", _("終了している")
        WRONG = "wrong", _("内容がちがう")
        OTHER = "other", _("その他")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("内容"), max_length=10, choices=Kind.choices)
    message = models.TextField(_("くわしく"), blank=True)
    contact = models.CharField(_("連絡先（任意）"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.listing}：{self.get_kind_display()}"


class ImportMapping(models.Model):
    """Which column of a spreadsheet goes into which listing field, as a person last chose it.

    Keyed by the file's set of headers (order and spelling of the cells as they are), so that
    next month's copy of the same spreadsheet maps itself on upload.
    """

    header_key = models.CharField(max_length=64, unique=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    categories = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("取り込みの列の対応")
        verbose_name_plural = _("取り込みの列の対応")

    def __str__(self) -> str:
        return "、".join(self.headers[:4])


class SynonymGroup(models.Model):
    """言いかえ: words of the programme that mean the same to the people searching (ふれあい・いきいき,
    サロン・居場所・通いの場). A search word in a group also finds the group's other words
    (search.py); the city's administrators edit the list (synonym_views.py)."""

    words = models.JSONField(_("言いかえの語"), default=list)
    position = models.PositiveIntegerField(default=0)
    # Every listing's search_text carries this group's marker (search.reindex_synonyms, background
    # work after a save): until then the search spells the group's words out instead.
    indexed = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("検索の言いかえ")
        verbose_name_plural = _("検索の言いかえ")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return "・".join(self.words)


class UpcomingDate(models.Model):
    """A date in the next fortnight on which a listing happens, from its schedules
    (schedules.next_dates, so holidays and rests are skipped as the listing page skips them).

    The public 「きょう」「今週」 filters read these rows instead of working out every listing's
    calendar for each search. Written with the listing's schedules (services.upcoming_dates_refresh)
    and again for every listing each day (manage.py refresh_weekdays), so the fortnight moves on.
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="upcoming_dates")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["day", "listing"], name="upcoming_day_listing")]
        constraints = [models.UniqueConstraint(fields=["listing", "day"], name="unique_upcoming_date")]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.day}"


def new_list_token() -> str:
    # 16 characters, 96 random bits: a link nobody can guess, short enough to read out on the phone.
    return secrets.token_urlsafe(12)


class SharedList(models.Model):
    """A care manager's list, sent as a link (「リンクで送る」): only the listings' ids, in order.

    What the link shows is read through Listing.objects.public() each time it is opened, so a
    listing made staff-only, a draft or ended after the list was sent no longer appears.
    """

    token = models.CharField(max_length=32, unique=True, default=new_list_token)
    listing_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token


class StatusChangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> StatusChangeQuerySet:
        return self.filter(listing__in=Listing.objects.visible_to(user))

    def between(self, start, end) -> StatusChangeQuerySet:
        return self.filter(date__gte=start, date__lte=end)

    def paused(self) -> StatusChangeQuerySet:
        return self.filter(status=Status.PAUSED)

    def resumed(self) -> StatusChangeQuerySet:
        """Back to 活動中 after a pause: what the programme calls 再開."""
        return self.filter(status=Status.ACTIVE, previous=Status.PAUSED)

    def counts_by_place(self, places, start, end) -> dict[int, dict[str, int]]:
        """Per place (each of ``places``, with everything under it), how many listings paused and
        how many resumed between start and end: {place.pk: {"paused": n, "resumed": n}}. One
        grouped query over the listings' own places; each is then given to the place above it.
        For the ward view (per CP area) and the home page's counts."""
        places = list(places)
        counts = {p.pk: {"paused": 0, "resumed": 0} for p in places}
        rows = (self.between(start, end).filter(models.Q(status=Status.PAUSED)
                                                | models.Q(status=Status.ACTIVE, previous=Status.PAUSED))
                .values("listing__place__path", "status")
                .annotate(n=models.Count("listing", distinct=True)))
        for row in rows:
            key = "paused" if row["status"] == Status.PAUSED else "resumed"
            for place in places:
                if row["listing__place__path"].startswith(place.path):
                    counts[place.pk][key] += row["n"]
        return counts


class StatusChange(models.Model):
    """One step of a listing's life: 活動中 → 休止中 (コロナで休止) → 再開 (オンラインで再開).

    The history is these rows; Listing.status / status_reason / status_date are the latest of them
    (services keep the two in step: a change of status on the listing writes a row here, and a row
    added or removed here sets the listing's current status to the latest row). ``previous`` is
    the status before this step, kept by services, so that 再開 (active after paused) is counted
    by a filter."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices)
    previous = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    date = models.DateField(_("日付"))
    reason = models.CharField(_("理由・ようす"), max_length=300, blank=True,
                              help_text=_("例：新型コロナの感染拡大で休止／オンラインで再開"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("状態の記録")
        verbose_name_plural = _("状態の記録")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "status"], name="status_change_date")]

    def __str__(self) -> str:
        return f"{self.listing}：{self.label}（{self.date}）"

    @property
    def is_resumption(self) -> bool:
        return self.status == Status.ACTIVE and self.previous == Status.PAUSED

    @property
    def label(self) -> str:
        return str(_("再開")) if self.is_resumption else self.get_status_display()


class SubsidyQuerySet(models.QuerySet):
    def visible_to(self, user) -> SubsidyQuerySet:
        return self.filter(policy.within(user, access.VIEW_SUBSIDIES, "listing__place__path"),
                           listing__in=Listing.objects.visible_to(user))

    def changeable_by(self, user) -> SubsidyQuerySet:
        return self.filter(listing__in=Listing.objects.changeable_by(user))

    def visible_under(self, user, place) -> SubsidyQuerySet:
        """visible_to(user) of the grants of the listings under the place (policy.visible_under):
        reading grants and editing their listings (Listing.visible_under) decide."""
        return policy.visible_under(user, place, self.filter(listing__place__path__startswith=place.path),
                                    access.VIEW_SUBSIDIES, access.EDIT)

    def open_deadlines(self, until) -> SubsidyQuerySet:
        """Applications still to send and reports still to file, due by ``until`` (overdue too)."""
        return self.filter(models.Q(state=Subsidy.State.PLANNED, application_deadline__lte=until)
                           | models.Q(state=Subsidy.State.GRANTED, report_deadline__lte=until))

    def deadlines_by_path(self, *, today, soon):
        """(place path of the listing, due, overdue): the open deadlines of these grants, one grouped
        query — due from today to ``soon``, overdue before today. For the ward view."""
        application = models.Q(state=Subsidy.State.PLANNED)
        report = models.Q(state=Subsidy.State.GRANTED)
        return (self.values_list("listing__place__path").annotate(
            due=models.Count("pk", filter=(application & models.Q(application_deadline__gte=today,
                                                                   application_deadline__lte=soon))
                             | (report & models.Q(report_deadline__gte=today, report_deadline__lte=soon))),
            overdue=models.Count("pk", filter=(application & models.Q(application_deadline__lt=today))
                                 | (report & models.Q(report_deadline__lt=today))),
        ).order_by())

    def owned_by(self, user) -> SubsidyQuerySet:
        """Whose to-do list a grant's deadlines are on: its named 担当; if none, the listing's
        担当職員; if neither is named, everyone who may edit the listing (the caller narrows to
        changeable_by) — a deadline nobody owns must not disappear."""
        return self.filter(models.Q(responsible=user)
                           | models.Q(responsible__isnull=True, listing__responsible=user)
                           | models.Q(responsible__isnull=True, listing__responsible__isnull=True))


class Subsidy(models.Model):
    """助成金: a grant a group applied for or received for a listing (みんなの助成金, a continuity
    fund, a foundation's grant), with the deadlines that go on its owner's to-do list. Staff-only
    (directory.view_subsidies). Not people.Grant, which is an access grant."""

    class State(models.TextChoices):
        PLANNED = "planned", _("申請予定")
        APPLIED = "applied", _("申請済み（結果待ち）")
        GRANTED = "granted", _("交付決定（報告待ち）")
        REPORTED = "reported", _("報告済み")
        DECLINED = "declined", _("不採択・見送り")

    listing = models.ForeignKey(Listing, verbose_name=_("地域資源"), on_delete=models.CASCADE,
                                related_name="subsidies")
    name = models.CharField(_("助成金の名称"), max_length=200, help_text=_("例：港北区みんなの助成金 コロナ特例 居場所継続支援金"))
    funder = models.CharField(_("助成元"), max_length=200, blank=True, help_text=_("例：港北区社会福祉協議会"))
    amount = models.PositiveIntegerField(_("金額（円）"), null=True, blank=True)
    period_start = models.DateField(_("対象期間の始め"), null=True, blank=True)
    period_end = models.DateField(_("対象期間の終わり"), null=True, blank=True)
    application_deadline = models.DateField(_("申請の締切"), null=True, blank=True)
    report_deadline = models.DateField(_("報告の締切"), null=True, blank=True)
    state = models.CharField(_("状況"), max_length=10, choices=State.choices, default=State.PLANNED)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("担当"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("締切をやることリストに出す人。空欄なら地域資源の担当職員、それもなければ編集できる職員全員。"))
    note = models.TextField(_("メモ"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("助成金")
        verbose_name_plural = _("助成金")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def amount_text(self) -> str:
        return _("%(n)s円") % {"n": f"{self.amount:,}"} if self.amount is not None else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("対象期間の終わりが始めより前になっています。")})
