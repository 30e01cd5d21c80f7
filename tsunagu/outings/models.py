"""お出かけ支援: outings by taxi for residents who can no longer walk to the bus stop.

中区's 第6地区社協 took its ふれあいサロン members to 南部市場 by taxi on three days; 南区 consulted
seven taxi companies (two cooperate) and needs a request procedure; 都筑区 plans transport for a
サービスB group. The records:

- TaxiCompany, Vehicle, Tariff — who can drive, with what cars, at what fare (taxis.py reads them);
- Outing, OutingDay, Participant, Attendance, RidePair — the trip, its days and its riders (staff-only
  personal data, consent to share with the company recorded), who goes on which day and who came;
- CarBooking, BookingStep — the cars asked of a company for a day (南区's flow 依頼中 → 受付済 → 確定);
- CarFare and OutingDay's report — what the day cost and what went wrong, summed per 年度, district
  and company (summary.py).

The dispatch plan itself (which car picks up whom, in what order) is built on these by the plan
screens; its solver is the pure-Python package tsunagu/outings/dispatch/.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.outings import access
from tsunagu.people import policy
from tsunagu.places.models import Kind

# An outing is placed where an event would be: the ward, a CP area, a district or an association.
OUTING_PLACE_KINDS = (Kind.WARD, Kind.CP_AREA, Kind.DISTRICT, Kind.ASSOCIATION)


def _ancestor_paths(prefixes: list[str]) -> list[str]:
    """The paths above each prefix ("/1/5/9/" → "/1/", "/1/5/"): a company placed at the city is
    seen from every ward under it."""
    found = set()
    for prefix in prefixes:
        parts = [p for p in prefix.strip("/").split("/") if p]
        for n in range(1, len(parts)):
            found.add("/" + "/".join(parts[:n]) + "/")
    return sorted(found)


# --- Taxi companies ----------------------------------------------------------------------------


class RequestBy(models.TextChoices):
    PHONE = "phone", _("電話")
    FAX = "fax", _("FAX")
    MAIL = "mail", _("メール")


class TaxiCompanyQuerySet(models.QuerySet):
    def visible_to(self, user) -> TaxiCompanyQuerySet:
        """The companies of the wards this person works in, and those registered for the whole city."""
        prefixes = policy.prefixes(user, access.TAXIS_VIEW)
        if not prefixes:
            return self.none()
        q = policy.within(user, access.TAXIS_VIEW)
        above = _ancestor_paths(prefixes)
        if above:
            q |= Q(place__path__in=above)
        return self.filter(q)

    def changeable_by(self, user) -> TaxiCompanyQuerySet:
        return self.filter(policy.within(user, access.TAXIS_WRITE))


class TaxiCompany(models.Model):
    """A taxi company as the outings screens need it: how to ask, what cars, which districts.

    Tied to the ward's partner record (区全体の協力先, organisation kind タクシー会社) where there is
    one — its contact people are then the partner's — or standalone, placed at the ward or the city."""

    place = models.ForeignKey("places.Place", verbose_name=_("区（市全体）"), on_delete=models.PROTECT,
                              related_name="+")
    partner = models.OneToOneField("partners.Partner", verbose_name=_("区全体の協力先"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="taxi_company")
    name = models.CharField(_("会社名・営業所"), max_length=120)
    name_kana = models.CharField(_("よみがな"), max_length=120, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    fax = models.CharField(_("FAX"), max_length=40, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    request_by = models.CharField(_("依頼の方法"), max_length=10, choices=RequestBy.choices, default=RequestBy.PHONE)
    lead_days = models.PositiveSmallIntegerField(_("何日前までに依頼"), default=7,
                                                 help_text=_("例：7（1週間前まで）"))
    request_hours = models.CharField(_("受付時間"), max_length=100, blank=True, help_text=_("例：平日 9:00〜17:00"))
    districts = models.ManyToManyField("places.Place", verbose_name=_("対応できる地区"), blank=True,
                                       related_name="+")
    note = models.TextField(_("メモ"), blank=True, help_text=_("取材で聞いたこと、得意なこと、注意点など"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaxiCompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("タクシー会社")
        verbose_name_plural = _("タクシー会社")
        ordering = ["name_kana", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def seats_total(self) -> int:
        return sum(v.seats * v.count for v in self.vehicles.all())


class CompanyContact(models.Model):
    """Whom to call at a standalone company (a company tied to a partner uses the partner's)."""

    company = models.ForeignKey(TaxiCompany, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("氏名"), max_length=100)
    title = models.CharField(_("所属・役職"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    note = models.CharField(_("メモ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("タクシー会社の担当者")
        verbose_name_plural = _("タクシー会社の担当者")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Vehicle(models.Model):
    """A kind of car a company has (セダン 4 seats; UDタクシー with one wheelchair space), and how many."""

    company = models.ForeignKey(TaxiCompany, on_delete=models.CASCADE, related_name="vehicles")
    name = models.CharField(_("車種"), max_length=80, help_text=_("例：セダン、ジャパンタクシー（UD）、福祉車両"))
    seats = models.PositiveSmallIntegerField(_("乗客の座席数"), default=4,
                                             validators=[MinValueValidator(1), MaxValueValidator(20)])
    wheelchair_spaces = models.PositiveSmallIntegerField(_("車いすのまま乗れる台数"), default=0,
                                                         validators=[MaxValueValidator(4)])
    universal_design = models.BooleanField(_("UDタクシー"), default=False,
                                           help_text=_("乗り降りしやすいユニバーサルデザインの車"))
    count = models.PositiveSmallIntegerField(_("台数"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("車両")
        verbose_name_plural = _("車両")
        ordering = ["company", "pk"]

    def __str__(self) -> str:
        return f"{self.company.name} {self.name}"

    @property
    def accessible(self) -> bool:
        return self.wheelchair_spaces > 0


# --- Tariffs -----------------------------------------------------------------------------------


class TariffQuerySet(models.QuerySet):
    def visible_to(self, user) -> TariffQuerySet:
        prefixes = policy.prefixes(user, access.TAXIS_VIEW)
        if not prefixes:
            return self.none()
        q = Q(place__isnull=True) | policy.within(user, access.TAXIS_VIEW)
        above = _ancestor_paths(prefixes)
        if above:
            q |= Q(place__path__in=above)
        return self.filter(q)

    def changeable_by(self, user) -> TariffQuerySet:
        q = policy.within(user, access.TAXIS_WRITE)
        if user.is_authenticated and (user.is_superuser or any(
                m.role == "city_admin" for m in policy.active_memberships(user))):
            q |= Q(place__isnull=True)
        return self.filter(q)

    def in_force(self, day: date, *, ward=None, company=None) -> Tariff | None:
        """The tariff in force on a day: the latest valid_from ≤ day among the city's, the ward's and
        the company's own; on the same day the more particular one wins (company, then ward). A city
        change of fares thus reaches every ward, and a ward or company records its own after it."""
        q = Q(place__isnull=True, company__isnull=True)
        if ward is not None:
            q |= Q(place=ward, company__isnull=True)
        if company is not None:
            q |= Q(company=company)
        rows = list(self.filter(q, valid_from__lte=day).order_by("-valid_from", "-pk")[:6])
        if not rows:
            return None
        latest = rows[0].valid_from
        same_day = [t for t in rows if t.valid_from == latest]
        return max(same_day, key=lambda t: (t.company_id is not None, t.place_id is not None))


    def rules_on(self, day: date, *, ward=None, company=None):
        """The tariff in force, or the city's fare since 2026-03-16 (fares.CITY_2026) when none is
        recorded: a plan always has a fare to show, never a crash on an emptied table."""
        from tsunagu.outings.fares import CITY_2026

        return self.in_force(day, ward=ward, company=company) or CITY_2026


class Tariff(models.Model):
    """A taxi tariff from a date on. Without a place it is the city's (seeded by migration 0002:
    横浜市's fare since 2026-03-16); a ward, or one company, may record its own."""

    place = models.ForeignKey("places.Place", verbose_name=_("区"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+", help_text=_("空欄は市全体の運賃です。"))
    company = models.ForeignKey(TaxiCompany, verbose_name=_("この会社だけ"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="tariffs")
    name = models.CharField(_("名称"), max_length=100)
    valid_from = models.DateField(_("適用開始日"))
    first_metres = models.PositiveIntegerField(_("初乗り距離（m）"), default=1000)
    first_fare = models.PositiveIntegerField(_("初乗り運賃（円）"), default=500)
    step_metres = models.PositiveIntegerField(_("加算距離（m）"), default=214, validators=[MinValueValidator(1)])
    step_fare = models.PositiveIntegerField(_("加算運賃（円）"), default=100)
    night_percent = models.PositiveSmallIntegerField(_("深夜割増（%）"), default=20, validators=[MaxValueValidator(100)])
    night_from = models.TimeField(_("深夜割増の始まり"), default="22:00")
    night_until = models.TimeField(_("深夜割増の終わり"), default="05:00")
    disability_percent = models.PositiveSmallIntegerField(_("障害者割引（%）"), default=10,
                                                          validators=[MaxValueValidator(100)])
    ticket_value = models.PositiveIntegerField(_("福祉タクシー利用券1枚の額（円）"), default=500)
    tickets_per_ride = models.PositiveSmallIntegerField(_("1回の乗車で使える利用券の上限（枚）"), null=True, blank=True,
                                                        help_text=_("空欄は上限なし（運賃を超えない枚数まで）"))
    note = models.TextField(_("メモ"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TariffQuerySet.as_manager()

    class Meta:
        verbose_name = _("タクシー運賃")
        verbose_name_plural = _("タクシー運賃")
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.valid_from:%Y-%m-%d}〜）"

    def is_night(self, at) -> bool:
        """Whether a time of day falls in the night surcharge (22:00–5:00 spans midnight)."""
        if self.night_from <= self.night_until:
            return self.night_from <= at < self.night_until
        return at >= self.night_from or at < self.night_until


# --- Outings -----------------------------------------------------------------------------------


class Status(models.TextChoices):
    PLANNING = "planning", _("企画中")
    REQUESTED = "requested", _("タクシー依頼中")
    CONFIRMED = "confirmed", _("確定")
    DONE = "done", _("実施済み")
    CANCELLED = "cancelled", _("中止")


class OutingQuerySet(models.QuerySet):
    def visible_to(self, user) -> OutingQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> OutingQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def under(self, place) -> OutingQuerySet:
        return self.filter(place__path__startswith=place.path)


class Outing(models.Model):
    """A trip by taxi for a salon, group or district to a destination, on one or several days."""

    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=120, help_text=_("例：ふれあいサロン お買物ツアー"))
    group = models.ForeignKey("directory.Listing", verbose_name=_("対象のサロン・団体"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    group_name = models.CharField(_("対象（団体名・地区など）"), max_length=120, blank=True,
                                  help_text=_("一覧にないときに書きます。例：第6地区 ふれあいサロン参加者"))
    destination = models.ForeignKey("directory.Listing", verbose_name=_("行き先（地域資源）"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    destination_name = models.CharField(_("行き先の名称"), max_length=120, blank=True)
    destination_address = models.CharField(_("行き先の住所"), max_length=200, blank=True)
    destination_latitude = models.FloatField(_("行き先の緯度"), null=True, blank=True)
    destination_longitude = models.FloatField(_("行き先の経度"), null=True, blank=True)
    purpose = models.TextField(_("目的・内容"), blank=True)
    organiser = models.CharField(_("主催"), max_length=120, blank=True, help_text=_("例：第6地区社協"))
    status = models.CharField(_("状況"), max_length=20, choices=Status.choices, default=Status.PLANNING)
    note = models.TextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutingQuerySet.as_manager()

    class Meta:
        verbose_name = _("お出かけ")
        verbose_name_plural = _("お出かけ")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def group_label(self) -> str:
        return self.group.name if self.group_id else self.group_name

    @property
    def destination_label(self) -> str:
        return self.destination_name or (self.destination.name if self.destination_id else "")

    def destination_point(self) -> tuple[float, float] | None:
        """Where the cars go: the point given on the outing, else the listing's venue; None when
        neither is known (the plan asks for one)."""
        if self.destination_latitude is not None and self.destination_longitude is not None:
            return self.destination_latitude, self.destination_longitude
        location = self.destination.location if self.destination_id else None
        if location is not None and location.latitude is not None and location.longitude is not None:
            return location.latitude, location.longitude
        return None


class OutingDay(models.Model):
    """One day of the outing, with the times at the destination the plan must keep."""

    outing = models.ForeignKey(Outing, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日付"))
    arrive_by = models.TimeField(_("行き先に着く時刻"), help_text=_("この時刻までに全員が着くように迎えます"))
    leave_at = models.TimeField(_("帰りの出発時刻"), null=True, blank=True,
                                help_text=_("空欄は片道（帰りの車は手配しない）"))
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    # After the day (recorded by the organiser).
    went_wrong = models.TextField(_("うまくいかなかったこと・気づき"), blank=True)
    recorded_at = models.DateTimeField(_("実績を記録した日時"), null=True, blank=True)
    recorded_by_name = models.CharField(_("実績を記録した人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("実施日")
        verbose_name_plural = _("実施日")
        ordering = ["date", "arrive_by", "pk"]

    def __str__(self) -> str:
        return f"{self.outing} {self.date:%Y-%m-%d}"

    def capacity(self) -> dict:
        """The cars counted on for the day (asked, received or confirmed) against the riders: seats
        and wheelchair spaces needed and booked, so that a shortfall shows before any plan."""
        cars = seats = spaces = 0
        for booking in self.bookings.usable().select_related("vehicle"):
            cars += booking.count
            seats += booking.seats * booking.count
            spaces += booking.wheelchair_spaces * booking.count
        riders = list(Participant.objects.on_day(self))
        need_seats = sum(p.seats for p in riders)
        need_spaces = sum(1 for p in riders if p.wheelchair)
        return {"cars": cars, "seats": seats, "spaces": spaces, "need_seats": need_seats, "need_spaces": need_spaces,
                "short": seats < need_seats or spaces < need_spaces}


class ParticipantQuerySet(models.QuerySet):
    def for_company(self) -> ParticipantQuerySet:
        """Those whose name, address and needs may go on the taxi company's papers: consent recorded.
        Every paper for a company is built from this, never from the whole list."""
        return self.filter(consent_on__isnull=False)

    def without_consent(self) -> ParticipantQuerySet:
        return self.filter(consent_on__isnull=True)

    def on_day(self, day) -> ParticipantQuerySet:
        return self.filter(attendances__day=day)


class Participant(models.Model):
    """A rider. Staff-only personal data, shown only through outings.participants (audited).

    Shared with the taxi company only with the participant's consent (consent_on set): without it
    the company's papers never name them."""

    outing = models.ForeignKey(Outing, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    phone = models.CharField(_("電話"), max_length=40, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    block = models.ForeignKey("places.Place", verbose_name=_("町丁目"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    latitude = models.FloatField(_("迎えの位置（緯度）"), null=True, blank=True)
    longitude = models.FloatField(_("迎えの位置（経度）"), null=True, blank=True)
    pickup_note = models.CharField(_("迎えの場所の目印"), max_length=200, blank=True,
                                   help_text=_("例：マンション正面玄関、坂の下の公園前"))
    wheelchair = models.BooleanField(_("車いす"), default=False, help_text=_("車いすのまま乗る"))
    walking_aid = models.BooleanField(_("杖・歩行器"), default=False)
    help_boarding = models.BooleanField(_("乗り降りに介助が要る"), default=False)
    front_seat = models.BooleanField(_("助手席に座る"), default=False)
    companion = models.BooleanField(_("付き添いが同乗"), default=False, help_text=_("座席を1つ多く使います"))
    companion_name = models.CharField(_("付き添いの方"), max_length=100, blank=True)
    ticket_holder = models.BooleanField(_("福祉タクシー利用券を持っている"), default=False)
    tickets = models.PositiveSmallIntegerField(_("1回に使う利用券の枚数"), default=0)
    disability_certificate = models.BooleanField(_("障害者手帳（運賃の割引）"), default=False)
    max_ride_minutes = models.PositiveSmallIntegerField(_("乗っていられる時間の上限（分）"), null=True, blank=True,
                                                        validators=[MinValueValidator(5), MaxValueValidator(120)],
                                                        help_text=_("空欄は配車計画の決まり（ふつう30分）"))
    consent_on = models.DateField(_("タクシー会社への提供の同意日"), null=True, blank=True)
    consent_by = models.CharField(_("同意を確認した人"), max_length=150, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    days = models.ManyToManyField(OutingDay, through="Attendance", related_name="participants", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("参加者")
        verbose_name_plural = _("参加者")
        ordering = ["name_kana", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def consented(self) -> bool:
        """Name, address and needs may go to the taxi company."""
        return self.consent_on is not None

    @property
    def seats(self) -> int:
        """Seats taken in the car: the rider, and a companion riding along."""
        return 2 if self.companion else 1

    @property
    def needs_labels(self) -> list[str]:
        flags = [(self.wheelchair, _("車いす")), (self.walking_aid, _("杖・歩行器")),
                 (self.help_boarding, _("乗降介助")), (self.front_seat, _("助手席")), (self.companion, _("付き添い"))]
        return [str(label) for on, label in flags if on]


class Attendance(models.Model):
    """That a participant goes on a day, and after it whether they came."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    day = models.ForeignKey(OutingDay, on_delete=models.CASCADE, related_name="attendances")
    came = models.BooleanField(_("参加した"), null=True, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="one_attendance_a_day")]
        ordering = ["day", "participant"]

    def __str__(self) -> str:
        return f"{self.participant} {self.day.date:%Y-%m-%d}"


class RidePair(models.Model):
    """Two participants who must ride together (a couple, neighbours who help each other) or must not
    (they don't get on) — the plan keeps both rules."""

    outing = models.ForeignKey(Outing, on_delete=models.CASCADE, related_name="pairs")
    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    together = models.BooleanField(_("同じ車に乗る"), help_text=_("外すと「別の車にする」"))
    note = models.CharField(_("理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("同乗の決まり")
        verbose_name_plural = _("同乗の決まり")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_rule_a_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="pair_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.first} / {self.second}"


# --- Cars booked for a day ---------------------------------------------------------------------


class BookingStatus(models.TextChoices):
    """南区's request procedure: asked, the company has received it, the company has confirmed."""

    REQUESTED = "requested", _("依頼中")
    ACCEPTED = "accepted", _("受付済")
    CONFIRMED = "confirmed", _("確定")
    DECLINED = "declined", _("断られた")
    CANCELLED = "cancelled", _("取り消し")


class CarBookingQuerySet(models.QuerySet):
    def usable(self) -> CarBookingQuerySet:
        """The cars a dispatch plan may count on: asked, received or confirmed (not declined/cancelled)."""
        return self.filter(status__in=[BookingStatus.REQUESTED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED])

    def confirmed(self) -> CarBookingQuerySet:
        return self.filter(status=BookingStatus.CONFIRMED)


class CarBooking(models.Model):
    """Cars of one company asked for one day: which kind, how many, and where the request stands."""

    day = models.ForeignKey(OutingDay, on_delete=models.CASCADE, related_name="bookings")
    company = models.ForeignKey(TaxiCompany, verbose_name=_("タクシー会社"), on_delete=models.PROTECT,
                                related_name="bookings")
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("車種"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    count = models.PositiveSmallIntegerField(_("台数"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("依頼の状況"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.REQUESTED)
    requested_on = models.DateField(_("依頼した日"))
    requested_by = models.CharField(_("依頼した人"), max_length=150, blank=True)
    request_by = models.CharField(_("依頼の方法"), max_length=10, choices=RequestBy.choices, default=RequestBy.PHONE)
    answer = models.TextField(_("会社からの返事"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CarBookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("車の手配")
        verbose_name_plural = _("車の手配")
        ordering = ["day", "company__name", "pk"]

    def __str__(self) -> str:
        return f"{self.company} {self.vehicle.name if self.vehicle_id else ''} ×{self.count}"

    @property
    def seats(self) -> int:
        return self.vehicle.seats if self.vehicle_id else 4

    @property
    def wheelchair_spaces(self) -> int:
        return self.vehicle.wheelchair_spaces if self.vehicle_id else 0

    @property
    def usable(self) -> bool:
        """Cars a plan may count on: not declined or cancelled."""
        return self.status in (BookingStatus.REQUESTED, BookingStatus.ACCEPTED, BookingStatus.CONFIRMED)


class BookingStep(models.Model):
    """One step of a request, never overwritten: 依頼中 on 9/1 by FAX, 受付済 on 9/2, 確定 on 9/5."""

    booking = models.ForeignKey(CarBooking, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("依頼の状況"), max_length=12, choices=BookingStatus.choices)
    on = models.DateField(_("日付"))
    by_name = models.CharField(_("記録した人"), max_length=150, blank=True)
    note = models.CharField(_("会社からの返事・経緯"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_status_display()}"


class CarFare(models.Model):
    """After the day: what one car actually cost (the plan keeps what it was expected to cost)."""

    day = models.ForeignKey(OutingDay, on_delete=models.CASCADE, related_name="fares")
    company = models.ForeignKey(TaxiCompany, verbose_name=_("タクシー会社"), on_delete=models.PROTECT,
                                related_name="fares")
    car = models.CharField(_("車"), max_length=40, help_text=_("例：1号車（行き）"))
    fare = models.PositiveIntegerField(_("実際の運賃（円）"))
    tickets = models.PositiveSmallIntegerField(_("使った利用券（枚）"), default=0)
    distance_km = models.DecimalField(_("走行距離（km）"), max_digits=6, decimal_places=1, null=True, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("実際の運賃")
        verbose_name_plural = _("実際の運賃")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.car} ¥{self.fare:,}"


# The dispatch plan of a day (配車計画) lives in its own module; imported here so that Django finds it.
from tsunagu.outings.plan_models import DispatchPlan  # noqa: E402, F401
