"""Loading the casebook's demo content (tsunagu/demo/casebook/) into issue 13's models.

NOT UNDER TEST YET: written against the models committed on the colleagues' branches on
7 December 2026 (each part was run once by hand on a scratch checkout of its branch, on the demo
load_demo builds, reference 2026-12-07: events on wt/minutes — 41 events, 398 participants, 52
minutes, 62 follow-ups, each ward's 1層Co sees its own, 中区's none; the project on wt/projects —
members with the grant read the two 気になる人 entries, the ward office and the 自治会's account do
not; teams and partners on wt/teams; the listings on wt/grants) — wt/events + wt/minutes (tsunagu.events: Event, Session, AgendaItem, Participant,
HeadCount, Minutes, FollowUp, Review), wt/projects (Project, ProjectMember, Milestone, LogEntry,
Comment; the 気になる人 grant is a people.Grant of projects.read_sensitive), wt/teams (teams.Team;
partners.Partner, StatusChange, PartnerContact, ContactLogEntry), wt/grants (directory.StatusChange,
Subsidy). Those apps are not on main yet, so this module imports them inside each function and
each part runs only when its app is installed (apps.is_installed): the lead wires
`load_casebook()` into load_demo after the merge (after load_records(), which it needs for 西区)
and runs tests/demo/test_casebook_content.py and a load of the demo.

The mapping, shape → model (shapes.py):
- NewOrganisation → people.Organisation at the ward (DemoBuilder.organisation: phone, contact);
  NewAccount → people.User without a membership (the demo password), a project member only.
- Event → events.Event at the ward (place None) or the CP area; kind → the default EventKind of
  that name; organisers → M2M by name; venue → directory.Listing; starts_on/ends_on from the
  sessions (the events services keep them so); Session, AgendaItem (order, presenter account or
  presenter_name, prepared_note); Participant: invited_at three weeks before the first day,
  answered_at three days later when answered, attendance as given; HeadCount; Minutes per agenda
  item with notes or decisions (decisions one a line, 「・」), general_notes → the event's own part;
  FollowUp (owner, organisation = the given one or the owner's membership's, due, status,
  done_note, done_at on the due day or the reference day, whichever is earlier); Review.
  A 連絡会 of a ward that already has a 連絡会 event in the same month (西区: records.py's
  meetings, made events by wt/events' migration 0003) fills that event instead of adding a second
  one: its day is kept, follow-ups due before it move to the day after. `team` is set when the
  Event model has such a field (teams are wired onto events at merge).
- Team → teams.Team (kind, place ward/CP, lead, members, organisations, listings; run_by by name
  after all are made).
- Project → projects.Project at the association's place; stage → the default ProjectStage of that
  name; organisations, listings; ProjectMember per member; a people.Grant of
  projects.read_sensitive over the CP area for each member with sensitive_grant (from the fiscal
  year's start to its end, given by the ward's 1層Co); Milestone; LogEntry (author, author_name =
  the account's name, organisation_name) and its Comments.
- Partner → partners.Partner at the ward, status and status_since = the last step;
  StatusChange per step with its previous; PartnerContact; ContactLogEntry (place = the CP area
  or the ward).
- ListingHistory → directory.StatusChange steps the listing lacks (by date), then status_chain;
  Subsidy per grant the listing lacks (by name) — wt/grants' kohoku_history() already writes
  港北区's past steps and grants, so only this year's grants come on top.

Writes go to the models directly, not through the services (as listings.py does for listings):
the services check "today" (a status never in the future, a follow-up's owner's reach) and
write audit entries for a person's action; the demo writes what happened on many days at once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from tsunagu.demo import casebook
from tsunagu.demo.casebook.shapes import CP, Account, Case, Event, ListingRef, on

TOKYO = ZoneInfo("Asia/Tokyo")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


def _fiscal_year(day: date) -> tuple[date, date]:
    start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return start, date(start.year + 1, 3, 31)


class Cast:
    """The demo's objects the content names, looked up by name once."""

    def __init__(self):
        from tsunagu.directory.models import Listing
        from tsunagu.people.models import Organisation, User
        from tsunagu.places.models import Kind, Place

        self.Kind = Kind
        self.wards = {p.name: p for p in Place.objects.filter(kind=Kind.WARD)}
        self._places = Place
        self._orgs = Organisation
        self._users = User
        self._listings = Listing
        self.cache: dict = {}

    def ward(self, name: str):
        return self.wards[name]

    def cp(self, cp: CP):
        key = ("cp", cp)
        if key not in self.cache:
            self.cache[key] = self._places.objects.get(code=f"{self.ward(cp.ward).code}-CP{cp.number:02d}")
        return self.cache[key]

    def place(self, ward: str, cp: CP | None):
        return self.cp(cp) if cp is not None else self.ward(ward)

    def association(self, ward: str, name: str):
        return self._places.objects.get(kind=self.Kind.ASSOCIATION, name=name, path__startswith=self.ward(ward).path)

    def org(self, name: str, ward: str):
        """By name, in the ward or at the city (names of associations repeat across wards)."""
        key = ("org", name, ward)
        if key not in self.cache:
            w = self.ward(ward)
            found = (self._orgs.objects.filter(name=name, place__path__startswith=w.path).first()
                     or self._orgs.objects.filter(name=name, place_id=w.parent_id).first())
            if found is None:
                raise LookupError(f"{ward}: {name}")
            self.cache[key] = found
        return self.cache[key]

    def user(self, account: Account):
        key = ("user", account.username)
        if key not in self.cache:
            self.cache[key] = self._users.objects.get(username=account.username)
        return self.cache[key]

    def listing(self, ref: ListingRef):
        key = ("listing", ref)
        if key not in self.cache:
            self.cache[key] = self._listings.objects.get(name=ref.name, place__path__startswith=self.ward(ref.ward).path)
        return self.cache[key]

    def name_of(self, account: Account) -> str:
        user = self.user(account)
        return user.display_name or user.username

    def membership_org(self, account: Account):
        membership = self.user(account).memberships.first()
        return membership.organisation if membership else None


def casebook_loaded() -> bool:
    if not apps.is_installed("tsunagu.events"):
        return False
    from tsunagu.events.models import Event as EventModel

    first = casebook.CASES[0].events[0]
    return EventModel.objects.filter(title=first.title).exists()


def load_casebook(reference: date | None = None) -> str:
    """Write the casebook's cases, once. reference: the demo's today (dates are relative to it)."""
    if casebook_loaded():
        return "事例集のデモは読み込み済みです。"
    reference = reference or timezone.localdate()
    counts = {"events": 0, "teams": 0, "projects": 0, "partners": 0, "listings": 0}
    with transaction.atomic():
        cast = Cast()
        _add_organisations_and_accounts(cast)
        for case in casebook.CASES:
            if apps.is_installed("tsunagu.teams"):
                counts["teams"] += load_teams(cast, case)
            if apps.is_installed("tsunagu.events"):
                counts["events"] += load_events(cast, case, reference)
            if apps.is_installed("tsunagu.projects"):
                counts["projects"] += load_projects(cast, case, reference)
            if apps.is_installed("tsunagu.partners"):
                counts["partners"] += load_partners(cast, case, reference)
            counts["listings"] += load_listing_histories(cast, case, reference)
    return "事例集のデモを読み込みました: " + ", ".join(f"{k} {v}" for k, v in counts.items())


def _add_organisations_and_accounts(cast: Cast) -> None:
    from django.contrib.auth.hashers import make_password

    from tsunagu.demo.yokohama import DEMO_PASSWORD, DemoBuilder
    from tsunagu.people.models import Organisation, User

    builder = DemoBuilder(seed=13)
    for case in casebook.CASES:
        for new in case.added:
            ward = cast.ward(new.ward)
            if not Organisation.objects.filter(name=new.name, place=ward).exists():
                builder.organisation(kind=new.kind, name=new.name, place=ward)
        for new in case.added_accounts:
            User.objects.get_or_create(username=new.account.username,
                                       defaults={"display_name": new.display_name,
                                                 "password": make_password(DEMO_PASSWORD)})


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


# --- Events -------------------------------------------------------------------------------------

def load_events(cast: Cast, case: Case, reference: date) -> int:
    for event in case.events:
        _load_event(cast, event, reference)
    return len(case.events)


def _load_event(cast: Cast, event: Event, reference: date) -> None:
    from tsunagu.events import models as m

    ward = event.ward
    place = cast.place(ward, event.place)
    kind = m.EventKind.objects.filter(ward__isnull=True, name=event.kind).first()
    first, last = event.first_day(reference), event.last_day(reference)
    target = None
    if event.kind == m.LIAISON_KIND:
        target = (m.Event.objects.filter(kind=kind, place=place, starts_on__year=first.year,
                                         starts_on__month=first.month).order_by("starts_on").first())
    if target is not None:
        shift = (target.starts_on - first).days
        target.title = event.title
        target.venue_text = target.venue_text or event.venue_text
        target.audience = target.audience or event.audience
        target.description = target.description or event.description
        target.save()
        first, last = target.starts_on, target.ends_on or target.starts_on
    else:
        shift = 0
        target = m.Event.objects.create(
            place=place, kind=kind, title=event.title,
            venue=cast.listing(event.venue) if event.venue else None, venue_text=event.venue_text,
            online_url=event.online_url, audience=event.audience, description=event.description,
            starts_on=first, ends_on=last, created_by=cast.user(event.created_by))
        for s in event.sessions:
            m.Session.objects.create(event=target, date=on(s.day, reference),
                                     starts_at=time.fromisoformat(s.starts) if s.starts else None,
                                     ends_at=time.fromisoformat(s.ends) if s.ends else None, note=s.note)
    target.organisers.add(*(cast.org(name, ward) for name in event.organisers))
    if event.team and _has_field(m.Event, "team"):
        from tsunagu.teams.models import Team

        # The team of that name, if the casebook's teams were loaded (demo/teams_partners.py may tell
        # the ward's teams instead, under its own names).
        target.team = Team.objects.filter(name=event.team, place__path__startswith=cast.ward(ward).path).first()
        if target.team is not None:
            target.save(update_fields=["team"])

    agenda = []
    for order, item in enumerate(event.agenda, start=1):
        agenda.append(m.AgendaItem.objects.create(
            event=target, order=order * 10, title=item.title,
            presenter=cast.user(item.presenter) if item.presenter else None,
            presenter_name=item.presenter_name, prepared_note=item.prepared))
    invited_at = _at(first - timedelta(days=21))
    for p in event.participants:
        m.Participant.objects.create(
            event=target,
            organisation=cast.org(p.organisation, ward) if p.organisation else None,
            listing=cast.listing(p.listing) if p.listing else None,
            account=cast.user(p.account) if p.account else None,
            name=p.name, note=p.note,
            invited_at=invited_at if p.invited else None,
            answer=p.answer, answered_at=invited_at + timedelta(days=3) if p.answer else None,
            attendance=p.attendance)
    for label, number in event.head_counts:
        m.HeadCount.objects.create(event=target, label=label, number=number)

    writer = cast.name_of(event.created_by)
    for item, row in zip(event.agenda, agenda, strict=True):
        if item.notes or item.decisions:
            m.Minutes.objects.create(event=target, agenda_item=row, notes=item.notes,
                                     decisions="\n".join(f"・{d}" for d in item.decisions), updated_by_name=writer)
    if event.general_notes:
        m.Minutes.objects.create(event=target, notes=event.general_notes, updated_by_name=writer)

    for f in event.followups:
        due = max(f.due.on(reference), last + timedelta(days=1)) if shift else f.due.on(reference)
        organisation = cast.org(f.organisation, ward) if f.organisation else cast.membership_org(f.owner)
        done = f.status == "done"
        m.FollowUp.objects.create(
            event=target, agenda_item=agenda[f.agenda] if f.agenda is not None else None, what=f.what,
            owner=cast.user(f.owner), organisation=organisation, due=due, status=f.status,
            done_note=f.done_note, done_at=_at(min(due, reference), 17) if done else None,
            done_by_name=cast.name_of(f.owner) if done else "", created_by=cast.user(event.created_by))
    if event.review is not None:
        m.Review.objects.create(event=target, worked=event.review.worked, voices=event.review.voices,
                                next_time=event.review.next_time, updated_by_name=writer)


# --- Teams and networks ---------------------------------------------------------------------------

def load_teams(cast: Cast, case: Case) -> int:
    from tsunagu.teams.models import Team

    if case.teams and Team.objects.filter(place__path__startswith=cast.ward(case.ward).path).exists():
        # demo/teams_partners.py (run first by load_demo) already tells this ward's teams.
        return 0
    made = {}
    for team in case.teams:
        row = Team.objects.create(kind=team.kind, place=cast.place(case.ward, team.place), name=team.name,
                                  purpose=team.purpose, lead=cast.user(team.lead) if team.lead else None)
        row.members.set([cast.user(a) for a in team.members])
        row.organisations.set([cast.org(name, case.ward) for name in team.organisations])
        row.listings.set([cast.listing(ref) for ref in team.listings])
        made[team.name] = row
    for team in case.teams:
        if team.run_by:
            Team.objects.filter(pk=made[team.name].pk).update(run_by=made[team.run_by])
    return len(case.teams)


# --- Projects -------------------------------------------------------------------------------------

def load_projects(cast: Cast, case: Case, reference: date) -> int:
    from tsunagu.people.models import Grant
    from tsunagu.projects import access
    from tsunagu.projects import models as m

    for project in case.projects:
        place = cast.association(case.ward, project.place)
        if m.Project.objects.filter(place=place).exists():
            # demo/projects.py (written through the services) already tells this association's
            # story; one 磯子 project in the demo, not two of nearly the same name.
            continue
        stage = m.ProjectStage.objects.filter(ward__isnull=True, name=project.stage).first()
        row = m.Project.objects.create(title=project.title, purpose=project.purpose,
                                       place=place, stage=stage,
                                       created_by=cast.user(project.created_by) if project.created_by else None)
        row.organisations.set([cast.org(name, case.ward) for name in project.organisations])
        row.listings.set([cast.listing(ref) for ref in project.listings])
        starts, ends = _fiscal_year(reference)
        for member in project.members:
            user = cast.user(member.account)
            m.ProjectMember.objects.create(project=row, user=user, role=member.role,
                                           organisation=cast.org(member.organisation, case.ward), note=member.note)
            if member.sensitive_grant:
                Grant.objects.create(user=user, action=access.READ_SENSITIVE.name, place=cast.cp(project.cp),
                                     reason=f"{project.title}のメンバーとして、共有ログの「気になる人」の記録を読むため",
                                     starts_on=starts, ends_on=ends, granted_by=cast.user(case.coordinator))
        for ms in project.milestones:
            m.Milestone.objects.create(project=row, title=ms.title, planned_on=on(ms.planned, reference),
                                       done_on=on(ms.done, reference) if ms.done is not None else None,
                                       status=ms.status, owner=cast.user(ms.owner) if ms.owner else None, note=ms.note)
        for entry in project.log:
            log = m.LogEntry.objects.create(
                project=row, date=on(entry.day, reference), author=cast.user(entry.author) if entry.author else None,
                author_name=cast.name_of(entry.author) if entry.author else entry.author_name,
                organisation_name=entry.organisation, body=entry.body, sensitive=entry.sensitive)
            for c in entry.comments:
                m.Comment.objects.create(entry=log, author=cast.user(c.author) if c.author else None,
                                         author_name=cast.name_of(c.author) if c.author else c.author_name,
                                         organisation_name=c.organisation, body=c.body)
    return len(case.projects)


# --- Ward-wide partners ---------------------------------------------------------------------------

def load_partners(cast: Cast, case: Case, reference: date) -> int:
    from tsunagu.partners import models as m

    ward = cast.ward(case.ward)
    if case.partners and m.Partner.objects.filter(place=ward).exists():
        # demo/teams_partners.py (run first by load_demo) already tells this ward's partners.
        return 0
    for partner in case.partners:
        last = partner.history[-1]
        row = m.Partner.objects.create(organisation=cast.org(partner.organisation, case.ward), place=ward,
                                       status=last.status, status_since=on(last.day, reference), offer=partner.offer,
                                       offers=m.codes_text(list(partner.offers)), area=partner.area, note=partner.note)
        by = cast.user(case.coordinator)
        previous = ""
        for step in partner.history:
            m.StatusChange.objects.create(partner=row, status=step.status, previous=previous,
                                          on=on(step.day, reference), note=step.note, by=by, by_name=cast.name_of(
                                              case.coordinator))
            previous = step.status
        for person in partner.contacts:
            m.PartnerContact.objects.create(partner=row, name=person.name, title=person.title, note=person.note)
        for entry in partner.log:
            m.ContactLogEntry.objects.create(
                partner=row, place=cast.place(case.ward, entry.place), date=on(entry.day, reference),
                our_people=entry.our_people, their_people=entry.their_people, summary=entry.summary,
                agreed=entry.agreed, author=cast.user(entry.author), author_name=cast.name_of(entry.author))
    return len(case.partners)


# --- Listings: status through time and grants -----------------------------------------------------

def load_listing_histories(cast: Cast, case: Case, reference: date) -> int:
    if not case.listings:
        return 0
    from tsunagu.directory import models as m

    if not hasattr(m, "Subsidy"):
        return 0
    from tsunagu.directory.services import status_chain

    for history in case.listings:
        listing = cast.listing(history.listing)
        have = set(listing.status_changes.values_list("date", flat=True))
        m.StatusChange.objects.bulk_create([
            m.StatusChange(listing=listing, status=s.status, date=s.day, reason=s.reason)
            for s in history.statuses if s.day not in have])
        status_chain(listing)
        named = set(listing.subsidies.values_list("name", flat=True))
        for g in history.grants:
            if g.name in named:
                continue
            m.Subsidy.objects.create(
                listing=listing, name=g.name, funder=g.funder, amount=g.amount,
                period_start=on(g.period[0], reference) if g.period else None,
                period_end=on(g.period[1], reference) if g.period else None,
                application_deadline=on(g.application_deadline, reference) if g.application_deadline else None,
                report_deadline=on(g.report_deadline, reference) if g.report_deadline else None,
                state=g.state, responsible=cast.user(g.responsible) if g.responsible else None, note=g.note)
    return len(case.listings)

