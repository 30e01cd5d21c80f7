"""What the directory (地域資源) declares. Data only — people/policy.py evaluates it; the
QuerySet (models.ListingQuerySet.visible_to / changeable_by) applies it."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

# Readers see published and staff-only listings in their area (drafts only where they may edit).
VIEW = Action("directory.view", "地域資源を見る（職員のみの情報を含む）",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                   area_coordinator=WARD, cp_staff=WARD, viewer=WARD))
EDIT = Action("directory.edit", "地域資源を登録・変更する（下書きを含む）・取り込み・冊子",
              dict(city_admin=CITY, ward_coordinator=WARD, district_officer=ASSIGNED, area_coordinator=OWN,
                   cp_staff=OWN))
# The category tree is shared by the whole city: only its administrators edit it.
EDIT_CATEGORIES = Action("directory.edit_categories", "地域資源の分類を編集する",
                         dict(city_admin=CITY))

# The search's synonym list (言いかえ) is the city's too.
EDIT_SYNONYMS = Action("directory.edit_synonyms", "検索の言いかえ（同じ意味の語）を編集する",
                       dict(city_admin=CITY))

# A group's grants (助成金) are its finances: the coordinators and the ward's staff read them, as they
# read memos; a care manager (viewer) does not. They are written by those who edit the listing.
VIEW_SUBSIDIES = Action("directory.view_subsidies", "地域資源の助成金を見る",
                        dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                             area_coordinator=WARD, cp_staff=OWN))

ACTIONS = (VIEW, EDIT, EDIT_CATEGORIES, EDIT_SYNONYMS, VIEW_SUBSIDIES)
