"""What the people capability declares: seeing the places tree and its organisations, changing
them, and managing accounts. Data only — the mechanism (policy.py) evaluates it."""

from __future__ import annotations

from tsunagu.people.models import Role
from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

# Everyone with a role reads their ward (district officers their districts): places, organisations.
VIEW = Action("places.view", "場所と団体を見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                   area_coordinator=WARD, cp_staff=WARD, viewer=WARD))
EDIT_PLACES = Action("places.edit", "場所を登録・変更する",
                     dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED,
                          area_coordinator=OWN))
EDIT_ORGANISATIONS = Action("organisations.edit", "団体を登録・変更する",
                            dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED,
                                 area_coordinator=OWN, cp_staff=OWN))
MANAGE_PEOPLE = Action("people.manage", "職員とアカウントを管理する・操作の記録を見る",
                       dict(city_admin=CITY, ward_coordinator=WARD))

ACTIONS = (VIEW, EDIT_PLACES, EDIT_ORGANISATIONS, MANAGE_PEOPLE)

# Roles a manager may hand out. Only city administrators create other administrators and
# ward coordinators, so that a ward cannot widen its own reach.
GRANTABLE_ROLES: dict[str, set[str]] = {
    Role.CITY_ADMIN: set(Role.values),
    Role.WARD_COORDINATOR: set(Role.values) - {Role.CITY_ADMIN, Role.WARD_COORDINATOR},
}
