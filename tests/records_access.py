"""What the access matrices of the coordinators' records share (tests/sheets/test_records_access.py
for memos and sheets, tests/district_plans/test_plan_access.py, tests/hearings/test_hearing_access.py):
the accounts of the cast (tests/conftest.py), who reads and writes records somewhere, and the
route list each matrix checks itself against."""

from __future__ import annotations

from django.urls import get_resolver, reverse

ROLES = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm",
         "isogo_1so", "byobugaura_2so", "nobody"]
# A care manager reads the directory but none of the coordinators' records; `nobody` has no role.
RECORD_READERS = set(ROLES) - {"naka_cm", "nobody"}
# The ward office and a CP's staff read the records; everyone else of them writes some, somewhere.
RECORD_WRITERS = RECORD_READERS - {"naka_ward", "minosawa_staff"}


def route_names(namespace: str) -> set[str]:
    """Every named route of a namespace: a matrix that lacks one fails until its access is written down."""
    return {name for name in get_resolver().namespace_dict[namespace][1].reverse_dict if isinstance(name, str)}


def assert_sent_to_log_in(response) -> None:
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
