"""The shapes of the casebook's demo content: plain, typed, frozen data, no models.

Everything here names what the Yokohama demo (yokohama.py, listings.py) builds — a ward by its
name, a CP area by its number in the ward (yokohama.py numbers them from 1; the code is
<ward code>-CPnn) with the name it gets, an organisation by its exact name, an account by its
username, a listing by its name — or what this content adds itself (ADDED_ORGANISATIONS in
partners.py: the taxi companies 南区 consulted beyond the two the demo has). The consistency test
(tests/demo/test_casebook_content.py) checks every such name against the demo as load_demo
builds it.

Dates are days relative to a reference date (`Day`): the loader passes the day it runs
(timezone.localdate()), so the demo always has meetings to come, minutes of last month and
follow-ups due this week or overdue. The offsets are chosen so that, with the reference date in
December 2026 (when this was written), every event falls in 令和8年度 (April 2026 – March 2027);
histories that reach back (港北's 2020 pause, 磯子's survey, 南's first talks) are fixed dates
(`date`), since they tell what happened, not what is planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

# --- Dates -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Day:
    """A day relative to the reference date: Day(-14) is two weeks before it."""

    offset: int

    def on(self, reference: date) -> date:
        return reference + timedelta(days=self.offset)


When = Day | date  # relative (current work) or fixed (history)


def on(when: When, reference: date) -> date:
    return when.on(reference) if isinstance(when, Day) else when


# --- What the demo already holds -------------------------------------------------------------

RoleName = Literal["ward_coordinator", "ward_office", "district_officer", "area_coordinator", "cp_staff", "viewer",
                   "city_admin", "none"]  # none: an account this content adds, with no staff role (NewAccount)


@dataclass(frozen=True)
class Account:
    """A demo account (yokohama.py): <romaji>-1so, <romaji>-ward, <romaji>-chiku, <romaji>-cm,
    <romaji>-cpNN-2so (or the named CPs' logins), <named>-staff."""

    username: str
    role: RoleName
    ward: str
    cp: int | None = None  # the CP's number for a 2層Co / CP staff


@dataclass(frozen=True)
class CP:
    """A CP area of the demo: its ward, its number there and the name yokohama.py gives it."""

    ward: str
    number: int
    name: str  # 「…地域ケアプラザ」, the place's and the CP organisation's name

    @property
    def short(self) -> str:
        return self.name.removesuffix("地域ケアプラザ")


@dataclass(frozen=True)
class Org:
    """An organisation by its exact name; `kind` is people.OrganisationKind's value."""

    name: str
    kind: str


@dataclass(frozen=True)
class ListingRef:
    name: str
    ward: str


@dataclass(frozen=True)
class NewAccount:
    """An account this content adds, with no staff role: someone of a partner organisation who
    writes in a project's shared log (the 自治会's officer, the supermarket's staff). It reaches
    the project only as its member; the display name is a role, never a person's name."""

    account: Account
    display_name: str
    organisation: str  # the organisation they write for, by name


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation this content adds to the demo (the loader creates it first, in its ward)."""

    name: str
    kind: str
    ward: str
    note: str = ""


# --- Events (催し): tsunagu.events (wt/events, wt/minutes) ------------------------------------


@dataclass(frozen=True)
class Session:
    day: When
    starts: str = ""  # "13:30"
    ends: str = ""
    note: str = ""


@dataclass(frozen=True)
class Agenda:
    title: str
    presenter: Account | None = None
    presenter_name: str = ""  # someone without an account: 「講師（…）」
    prepared: str = ""  # what the presenter prepared beforehand (泉区's practice)
    notes: str = ""  # minutes: what was said
    decisions: tuple[str, ...] = ()


FollowUpState = Literal["todo", "doing", "done"]


@dataclass(frozen=True)
class FollowUp:
    what: str
    owner: Account
    due: Day
    status: FollowUpState = "todo"
    agenda: int | None = None  # index into the event's agenda
    organisation: str = ""  # the owner's organisation, by name ("" = the owner's own)
    done_note: str = ""


Answer = Literal["", "yes", "no"]
Attendance = Literal["", "attended", "absent"]


@dataclass(frozen=True)
class Participant:
    """Exactly one of organisation / listing / account / name."""

    organisation: str = ""
    listing: ListingRef | None = None
    account: Account | None = None
    name: str = ""
    note: str = ""
    invited: bool = True
    answer: Answer = "yes"
    attendance: Attendance = ""  # filled for past events by EventCase.attendance_for


@dataclass(frozen=True)
class Review:
    worked: str
    voices: str
    next_time: str


@dataclass(frozen=True)
class Event:
    key: str  # stable, for tests and the loader's idempotence
    ward: str
    kind: str  # events.EventKind name: 連絡会 交流会 協議体 研修 ワークショップ 説明会 その他
    title: str
    place: CP | None  # None: the ward itself (ward-level work)
    organisers: tuple[str, ...]  # organisation names
    sessions: tuple[Session, ...]
    created_by: Account
    venue: ListingRef | None = None
    venue_text: str = ""
    online_url: str = ""
    audience: str = ""
    description: str = ""
    agenda: tuple[Agenda, ...] = ()
    participants: tuple[Participant, ...] = ()
    head_counts: tuple[tuple[str, int], ...] = ()  # (区分, 人数); for a past event, who came
    general_notes: str = ""  # minutes without an agenda item (全体・その他)
    followups: tuple[FollowUp, ...] = ()
    review: Review | None = None
    team: str = ""  # the team or network it belongs to (旭区), by name

    def first_day(self, reference: date) -> date:
        return min(on(s.day, reference) for s in self.sessions)

    def last_day(self, reference: date) -> date:
        return max(on(s.day, reference) for s in self.sessions)

    def is_past(self, reference: date) -> bool:
        return self.last_day(reference) < reference


# --- Teams and networks: tsunagu.teams (wt/teams) --------------------------------------------


@dataclass(frozen=True)
class Team:
    key: str
    ward: str
    kind: Literal["team", "network"]
    name: str
    purpose: str
    place: CP | None = None  # None: the ward
    lead: Account | None = None
    members: tuple[Account, ...] = ()
    organisations: tuple[str, ...] = ()
    listings: tuple[ListingRef, ...] = ()
    run_by: str = ""  # a network's team, by name


# --- Projects: tsunagu.projects (wt/projects) ------------------------------------------------


@dataclass(frozen=True)
class Member:
    account: Account
    role: Literal["lead", "member", "partner", "adviser"]
    organisation: str
    note: str = ""
    sensitive_grant: bool = False  # may read 気になる人 entries


@dataclass(frozen=True)
class Milestone:
    title: str
    planned: When
    done: When | None
    status: Literal["planned", "done", "postponed", "cancelled"]
    owner: Account | None = None
    note: str = ""


@dataclass(frozen=True)
class Comment:
    author: Account | None  # None: someone without an account (the supermarket's staff)
    author_name: str  # for authors without an account; the account's own name otherwise
    organisation: str
    body: str


@dataclass(frozen=True)
class LogEntry:
    day: When
    author: Account | None
    author_name: str
    organisation: str
    body: str
    sensitive: bool = False
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Project:
    key: str
    ward: str
    title: str
    purpose: str
    place: str  # the association (自治会) the project is about, by name; its place in the tree
    cp: CP
    stage: str
    organisations: tuple[str, ...]
    members: tuple[Member, ...]
    milestones: tuple[Milestone, ...]
    log: tuple[LogEntry, ...]
    listings: tuple[ListingRef, ...] = ()
    created_by: Account | None = None


# --- Ward-wide partners: tsunagu.partners (wt/teams) -----------------------------------------

PartnerStatus = Literal["not_contacted", "consulting", "cooperating", "declined"]


@dataclass(frozen=True)
class StatusStep:
    status: PartnerStatus
    day: When
    note: str = ""


@dataclass(frozen=True)
class ContactPerson:
    name: str  # 「配車担当（営業所）」: a role, never a real-seeming person's data
    title: str
    note: str = ""


@dataclass(frozen=True)
class Contact:
    day: When
    author: Account
    our_people: str
    their_people: str
    summary: str
    agreed: str = ""
    place: CP | None = None  # the CP area the entry is recorded for; None: the ward


@dataclass(frozen=True)
class Partner:
    key: str
    ward: str
    organisation: str
    history: tuple[StatusStep, ...]  # oldest first; the last is the current status
    offers: tuple[str, ...] = ()  # partners.Offer values
    offer: str = ""
    area: str = ""
    note: str = ""
    contacts: tuple[ContactPerson, ...] = ()
    log: tuple[Contact, ...] = ()

    @property
    def status(self) -> PartnerStatus:
        return self.history[-1].status


# --- Grants and status through time: directory (wt/grants) -----------------------------------


@dataclass(frozen=True)
class ListingStatus:
    status: Literal["active", "paused", "ended", "planned"]  # directory Listing.Status values
    day: date
    reason: str


@dataclass(frozen=True)
class Grant:
    name: str
    funder: str
    amount: int | None
    period: tuple[When, When] | None
    application_deadline: When | None
    report_deadline: When | None
    state: Literal["planned", "applied", "granted", "reported", "declined"]
    responsible: Account | None = None
    note: str = ""


@dataclass(frozen=True)
class ListingHistory:
    listing: ListingRef
    statuses: tuple[ListingStatus, ...] = ()  # oldest first
    grants: tuple[Grant, ...] = ()


# --- One case of the casebook ----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One ward's case: what the casebook tells, and the demo content that shows it."""

    ward: str
    title: str
    coordinator: Account  # who finds it first: the ward's 1層Co
    events: tuple[Event, ...] = ()
    teams: tuple[Team, ...] = ()
    projects: tuple[Project, ...] = ()
    partners: tuple[Partner, ...] = ()
    listings: tuple[ListingHistory, ...] = ()
    added: tuple[NewOrganisation, ...] = field(default=())
    added_accounts: tuple[NewAccount, ...] = field(default=())
