"""Short makers for participants, so that the cases read like the casebook rather than like code."""

from __future__ import annotations

from tsunagu.demo.casebook.shapes import Account, ListingRef, Participant


def came(who: str | ListingRef | Account, note: str = "") -> Participant:
    """Invited, said yes, and came."""
    return _p(who, note, answer="yes", attendance="attended")


def missed(who: str | ListingRef | Account, note: str = "", answered: str = "yes") -> Participant:
    """Invited, and did not come (said yes and fell ill, or said no beforehand)."""
    return _p(who, note, answer=answered, attendance="absent")


def walked_in(who: str | ListingRef | Account, note: str = "") -> Participant:
    """Not invited, came on the day."""
    return _p(who, note, answer="", attendance="attended", invited=False)


def invited(who: str | ListingRef | Account, answer: str = "", note: str = "") -> Participant:
    """An upcoming event: invited, answered yes / no, or not yet ("")."""
    return _p(who, note, answer=answer, attendance="")


def _p(who, note, *, answer, attendance, invited=True) -> Participant:
    if isinstance(who, Account):
        return Participant(account=who, note=note, answer=answer, attendance=attendance, invited=invited)
    if isinstance(who, ListingRef):
        return Participant(listing=who, note=note, answer=answer, attendance=attendance, invited=invited)
    return Participant(organisation=who, note=note, answer=answer, attendance=attendance, invited=invited)
