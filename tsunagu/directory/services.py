"""Writes to the directory. Each change keeps a full version of the listing (ListingVersion),
so that its history reads old → new and any earlier version can be restored."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory import access
from tsunagu.directory.models import (
    Category,
    Listing,
    ListingVersion,
    Location,
    Schedule,
    SharedList,
    Status,
    StatusChange,
    Subsidy,
    UpcomingDate,
)
from tsunagu.lib.concurrency import EditConflict
from tsunagu.people import policy

AUDIT_ACTIONS = {
    "subsidy.create": gettext_lazy("助成金を登録"),
    "subsidy.update": gettext_lazy("助成金を変更"),
    "subsidy.delete": gettext_lazy("助成金を削除"),
    "listing_status.add": gettext_lazy("地域資源の状態を記録"),
    "listing_status.delete": gettext_lazy("地域資源の状態の記録を削除"),
}

LISTING_FIELDS = [
    "name", "name_kana", "organisation_id", "organiser_name", "description", "place_id", "status", "status_reason",
    "status_date", "visibility", "schedule_note", "is_free", "cost", "eligibility", "minimum_age",
    "eligibility_note", "capacity", "application", "public_contact_name", "public_phone", "public_email",
    "staff_contact", "website", "has_pickup", "wheelchair", "intensity", "languages", "internal_note",
]
LOCATION_FIELDS = ["name", "postal_code", "address", "latitude", "longitude", "block_id", "transportation",
                   "accessibility"]
SCHEDULE_FIELDS = ["freq", "interval", "byday", "bymonthday", "dtstart", "until", "valid_from", "valid_to",
                   "opens_at", "closes_at", "notes", "closed_on_holidays", "closed_at_new_year"]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(listing: Listing) -> dict:
    """Everything a person edits about a listing, as JSON."""
    data = {name: _plain(getattr(listing, name)) for name in LISTING_FIELDS}
    data["categories"] = sorted(listing.categories.values_list("code", flat=True))
    location = listing.location
    data["location"] = {name: _plain(getattr(location, name)) for name in LOCATION_FIELDS} if location else None
    data["schedules"] = [
        {name: _plain(getattr(s, name)) for name in SCHEDULE_FIELDS} for s in listing.schedules.order_by("pk")
    ]
    return data


def location_values(listing: Listing) -> dict:
    """The listing's venue as the dict listing_update takes (empty when it has none)."""
    location = listing.location
    return {name: getattr(location, name) for name in LOCATION_FIELDS} if location else {}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _record(listing: Listing, *, actor, actor_name: str = "", how: str, before: dict | None) -> ListingVersion:
    after = snapshot(listing)
    _status_follow(listing, actor=actor, before=before, after=after)
    last = listing.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ListingVersion.objects.create(
        listing=listing,
        number=last + 1,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name or (str(actor) if actor else ""),
        how=how,
        data=after,
        changes=diff(before or {}, after),
    )


def _apply(listing: Listing, *, fields: dict, categories, location: dict | None, schedules: list[dict]) -> None:
    for name, value in fields.items():
        setattr(listing, name, value)
    if location is not None:
        if any(v not in (None, "") for v in location.values()):
            loc = listing.location or Location()
            for name, value in location.items():
                setattr(loc, name, value)
            if not loc.name:
                raise ValidationError(_("会場名を入れてください。"))
            loc.save()
            listing.location = loc
        else:
            listing.location = None
    listing.full_clean(exclude=["categories"])
    listing.save()
    if categories is not None:
        listing.categories.set(categories)
    if schedules is not None:
        listing.schedules.all().delete()
        for data in schedules:
            schedule = Schedule(listing=listing, **data)
            schedule.full_clean()
            schedule.save()
    # Search text includes the venue and the organiser, which may have changed with the listing;
    # the weekday mask follows the schedules just written.
    listing.search_text = listing.compute_search_text()
    listing.weekday_mask = listing.compute_weekday_mask()
    Listing.objects.filter(pk=listing.pk).update(search_text=listing.search_text, weekday_mask=listing.weekday_mask)
    upcoming_dates_refresh(listing_ids=[listing.pk])


@transaction.atomic
def listing_create(*, user, fields: dict, categories, location: dict | None = None,
                   schedules: list[dict] | None = None) -> Listing:
    listing = Listing()
    place = fields.get("place")
    if place is None or not policy.can_at(user, access.EDIT, place):
        raise PermissionDenied
    _apply(listing, fields=fields, categories=categories, location=location, schedules=schedules or [])
    _record(listing, actor=user, how="create", before=None)
    return listing


@transaction.atomic
def listing_update(*, user, listing: Listing, seen_version: int | None, fields: dict, categories=None,
                   location: dict | None = None, schedules: list[dict] | None = None, how: str = "edit") -> Listing:
    if not policy.can_at(user, access.EDIT, listing.place):
        raise PermissionDenied
    if "place" in fields and not policy.can_at(user, access.EDIT, fields["place"]):
        raise PermissionDenied
    current = Listing.objects.select_for_update().get(pk=listing.pk)
    if seen_version is not None and current.version != int(seen_version):
        raise EditConflict(current)
    before = snapshot(current)
    listing.version = current.version + 1
    _apply(listing, fields=fields, categories=categories, location=location, schedules=schedules)
    _record(listing, actor=user, how=how, before=before)
    return listing


@transaction.atomic
def listing_restore(*, user, listing: Listing, number: int) -> Listing:
    """Go back to an earlier version; the restore is itself a new version, so nothing is lost."""
    version = listing.versions.get(number=number)
    data = dict(version.data)
    categories = Category.objects.filter(code__in=data.pop("categories", []))
    location = data.pop("location", None)
    schedules = data.pop("schedules", [])
    fields = {k: v for k, v in data.items() if k in LISTING_FIELDS}
    from tsunagu.places.models import Place

    fields["place"] = Place.objects.get(pk=fields.pop("place_id"))
    return listing_update(user=user, listing=listing, seen_version=None, fields=fields, categories=categories,
                          location=location or {}, schedules=schedules, how=f"restore:{number}")


@transaction.atomic
def listing_confirm(*, listing: Listing, by: str, how: str, actor=None) -> Listing:
    """Stamp a listing as confirmed today (by staff, or by the group's leader through the link)."""
    before = snapshot(listing)
    listing.confirmed_at = timezone.now()
    listing.confirmed_by = by
    listing.confirmed_how = how
    Listing.objects.filter(pk=listing.pk).update(
        confirmed_at=listing.confirmed_at, confirmed_by=by, confirmed_how=how
    )
    _record(listing, actor=actor, actor_name=by, how="confirm", before=before)
    return listing


def refresh_weekday_masks(*, today=None, batch_size: int = 1000) -> int:
    """Recompute the 「曜日」 filter's weekday_mask where it depends on the date: rules by date
    (毎月15日) and one-off dates answer from their dates in the coming year, so a mask computed at
    save time goes stale as those dates pass (manage.py refresh_weekdays, daily). Returns how
    many listings changed. Weekly and nth-weekday rules never change and are not read."""
    from tsunagu.directory.schedules import weekday_mask

    dated = Schedule.objects.exclude(freq=Schedule.Freq.WEEKLY).exclude(
        freq=Schedule.Freq.MONTHLY, bymonthday="").values("listing_id")
    changed = 0
    queryset = Listing.objects.filter(pk__in=dated).only("pk", "weekday_mask").prefetch_related("schedules")
    batch: list[Listing] = []
    for listing in queryset.iterator(chunk_size=batch_size):
        mask = weekday_mask(listing.schedules.all(), today=today)
        if mask != listing.weekday_mask:
            listing.weekday_mask = mask
            batch.append(listing)
        if len(batch) >= batch_size:
            changed += Listing.objects.bulk_update(batch, ["weekday_mask"])
            batch = []
    if batch:
        changed += Listing.objects.bulk_update(batch, ["weekday_mask"])
    return changed


@transaction.atomic
def booklet_title_set(*, user, place, title: str):
    """Keep an area's own booklet title (Place.booklet_title) for its next booklets. Those who
    make the area's listings (directory.edit there) name its booklet; the place itself (its
    official name and code) stays the city's to change."""
    from tsunagu.audit import services as audit

    if not policy.can_at(user, access.EDIT, place):
        raise PermissionDenied
    title = title.strip()
    if title == place.booklet_title:
        return place
    before = audit.snapshot(place, ["booklet_title"])
    place.booklet_title = title
    place.full_clean(exclude=["path"])
    type(place).objects.filter(pk=place.pk).update(booklet_title=title)
    audit.record(actor=user, action="place.update", target=place, place=place,
                 changes=audit.diff(before, audit.snapshot(place, ["booklet_title"])))
    return place


# How far ahead UpcomingDate rows go: 「今週」 needs at most 7 days; a fortnight keeps the filters
# right for a week even if the daily refresh stops running.
UPCOMING_DAYS = 14


def upcoming_dates_refresh(*, listing_ids=None, today=None, batch_size: int = 1000) -> int:
    """Write each listing's dates in the next UPCOMING_DAYS (today in Asia/Tokyo included), for the
    public 「きょう」「今週」 filters: for the listings named, or for every listing (the daily
    refresh). Returns how many date rows were written."""
    from tsunagu.directory.schedules import next_dates

    today = today or timezone.localdate()
    listings = Listing.objects.order_by("pk")
    if listing_ids is not None:
        listings = listings.filter(pk__in=list(listing_ids))
    written = 0
    with transaction.atomic():
        if listing_ids is None:
            UpcomingDate.objects.all().delete()
        else:
            UpcomingDate.objects.filter(listing_id__in=list(listing_ids)).delete()
        rows: list[UpcomingDate] = []
        # Only active listings show next dates (the listing page), so only they have dates here.
        active = listings.filter(status=Status.ACTIVE)
        for listing in active.only("pk").prefetch_related("schedules").iterator(chunk_size=batch_size):
            days = {day for day, _schedule in next_dates(listing.schedules.all(), today, count=UPCOMING_DAYS * 4,
                                                          horizon_days=UPCOMING_DAYS - 1)}
            rows += [UpcomingDate(listing_id=listing.pk, day=day) for day in sorted(days)]
            if len(rows) >= batch_size:
                written += len(UpcomingDate.objects.bulk_create(rows))
                rows = []
        written += len(UpcomingDate.objects.bulk_create(rows))
    return written


def shared_list_create(*, listing_ids: list[int]) -> SharedList:
    """A care manager's list kept for a link (「リンクで送る」): the ids of the listings that are
    public now, in the list's order (lists.MAX_ITEMS at most). The link's page filters them
    through the public queryset again each time it is opened."""
    from tsunagu.directory.lists import MAX_ITEMS

    ids = [int(pk) for pk in listing_ids][:MAX_ITEMS]
    public = set(Listing.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return SharedList.objects.create(listing_ids=[pk for pk in ids if pk in public])


# --- 状態の記録: a listing's status through time ---------------------------------------------------

STATUS_FIELDS = ("status", "status_reason", "status_date")


def _status_follow(listing: Listing, *, actor, before: dict | None, after: dict) -> None:
    """Every write of a listing passes here (through _record): when it changed the status, the
    history gains that step, dated by 状態が変わった日 (today if empty); when it only corrected the
    reason or the date, the latest step is corrected. So the listing's current status and the last
    step of its history never disagree."""
    latest = listing.status_changes.first()
    if latest is None and before is not None:
        # A listing written in bulk before (demo, older data) starts its history from what it was.
        latest = StatusChange.objects.create(
            listing=listing, status=before["status"], reason=before.get("status_reason") or "",
            date=before.get("status_date") or listing.created_at.date())
    if before is not None and all(before.get(k) == after.get(k) for k in STATUS_FIELDS):
        return
    day = listing.status_date or timezone.localdate()
    if latest is not None and latest.status == listing.status:
        if (latest.reason, latest.date) != (listing.status_reason, day):
            latest.reason, latest.date = listing.status_reason, day
            latest.save(update_fields=["reason", "date"])
    else:
        StatusChange.objects.create(listing=listing, status=listing.status, date=day,
                                    reason=listing.status_reason,
                                    recorded_by=actor if getattr(actor, "pk", None) else None)
    status_chain(listing)


def status_chain(listing: Listing) -> None:
    """Set each step's ``previous`` from the step before it by date (a step entered later may be
    dated earlier: a coordinator writing down 2020's pause today)."""
    previous = ""
    for change in listing.status_changes.order_by("date", "pk"):
        if change.previous != previous:
            StatusChange.objects.filter(pk=change.pk).update(previous=previous)
        previous = change.status


def _status_to_latest(*, user, listing: Listing) -> None:
    """After the history changed: the listing's current status becomes its latest step, written
    as a new version of the listing like any other change."""
    latest = listing.status_changes.first()
    if latest is None:
        return
    wanted = {"status": latest.status, "status_reason": latest.reason, "status_date": latest.date}
    if all(getattr(listing, k) == v for k, v in wanted.items()):
        return
    listing_update(user=user, listing=listing, seen_version=None, fields=wanted, how="status")


@transaction.atomic
def status_change_add(*, user, listing: Listing, status: str, date, reason: str = "") -> StatusChange:
    """Write down one step (today's or a past one): 休止中 from 2020-04-01 「コロナで休止」."""
    from tsunagu.audit import services as audit

    if not policy.can_at(user, access.EDIT, listing.place):
        raise PermissionDenied
    # A listing written in bulk (demo, older data) may have no step yet: its current status
    # becomes the first, so that a past step written now does not replace today's status.
    status_history_fill([listing.pk])
    change = StatusChange(listing=listing, status=status, date=date, reason=reason.strip(), recorded_by=user)
    change.full_clean(exclude=["listing", "recorded_by"])
    change.save()
    status_chain(listing)
    audit.record(actor=user, action="listing_status.add", target=listing, place=listing.place,
                 changes={"状態": [None, change.get_status_display()], "日付": [None, date.isoformat()],
                          "理由": [None, change.reason]})
    _status_to_latest(user=user, listing=listing)
    return change


@transaction.atomic
def status_change_delete(*, user, change: StatusChange) -> None:
    """Remove a step written by mistake. The only step cannot go: the listing always has a status
    (change it with 「編集」)."""
    from tsunagu.audit import services as audit

    listing = change.listing
    if not policy.can_at(user, access.EDIT, listing.place):
        raise PermissionDenied
    if listing.status_changes.count() <= 1:
        raise ValidationError(_("状態の記録が1件だけのときは削除できません。状態を変えるには「編集」を使ってください。"))
    audit.record(actor=user, action="listing_status.delete", target=listing, place=listing.place,
                 changes={"状態": [change.get_status_display(), None], "日付": [change.date.isoformat(), None],
                          "理由": [change.reason, None]})
    change.delete()
    status_chain(listing)
    _status_to_latest(user=user, listing=listing)


def status_history_fill(listing_ids=None, batch_size: int = 1000) -> int:
    """A first step for each listing that has none (listings written in bulk by the demo or before
    the history existed): its current status, from its 状態が変わった日 or the day it was made."""
    listings = Listing.objects.filter(status_changes__isnull=True)
    if listing_ids is not None:
        listings = listings.filter(pk__in=list(listing_ids))
    rows = [StatusChange(listing_id=pk, status=status, reason=reason, date=day or created.date())
            for pk, status, reason, day, created in listings.values_list(
                "pk", "status", "status_reason", "status_date", "created_at").iterator(chunk_size=batch_size)]
    return len(StatusChange.objects.bulk_create(rows, batch_size=batch_size))


# --- 助成金 ---------------------------------------------------------------------------------------

SUBSIDY_FIELDS = ["name", "funder", "amount", "period_start", "period_end", "application_deadline",
                  "report_deadline", "state", "responsible_id", "note"]


@transaction.atomic
def subsidy_save(*, user, listing: Listing, fields: dict, subsidy: Subsidy | None = None,
                 seen_version: int | None = None) -> Subsidy:
    """Register a grant for a listing, or change one; a change based on an outdated version is
    refused (EditConflict) instead of overwriting what a colleague saved."""
    from tsunagu.audit import services as audit
    from tsunagu.lib.concurrency import lock_unchanged

    if not policy.can_at(user, access.EDIT, listing.place):
        raise PermissionDenied
    creating = subsidy is None
    if creating:
        subsidy, before = Subsidy(listing=listing), {}
    else:
        current = lock_unchanged(subsidy, seen_version)
        before = audit.snapshot(current, SUBSIDY_FIELDS)
        subsidy.version = current.version + 1
    for name, value in fields.items():
        setattr(subsidy, name, value)
    subsidy.full_clean(exclude=["listing"])
    subsidy.save()
    audit.record(actor=user, action="subsidy.create" if creating else "subsidy.update", target=subsidy,
                 place=listing.place, changes=audit.diff(before, audit.snapshot(subsidy, SUBSIDY_FIELDS)))
    return subsidy


@transaction.atomic
def subsidy_delete(*, user, subsidy: Subsidy) -> None:
    from tsunagu.audit import services as audit

    listing = subsidy.listing
    if not policy.can_at(user, access.EDIT, listing.place):
        raise PermissionDenied
    audit.record(actor=user, action="subsidy.delete", target=subsidy, place=listing.place,
                 changes={k: [v, None] for k, v in audit.snapshot(subsidy, SUBSIDY_FIELDS).items() if v not in (None, "")})
    subsidy.delete()
