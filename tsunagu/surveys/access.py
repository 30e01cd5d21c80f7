"""What アンケート (surveys) declares. Data only — people/policy.py evaluates it.

Questionnaires and their answers are the coordinators' working material, scoped like records
(取組メモ): a care manager or a partner never reads them. Whoever may read a survey reads its
answers and tallies; the respondents' names (a named survey, a paper with a name written on it)
are a separate, audited read, so that every look at who said what leaves an entry in 操作の記録.
A public link (an AnswerLink's token) accepts answers without login and never shows anything
but the questions: it is not an action of anybody's role."""

from __future__ import annotations

from tsunagu.people.policy import ASSIGNED, CITY, OWN, WARD, Action

VIEW = Action("surveys.view", "アンケートと回答・集計を見る",
              dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                   area_coordinator=WARD, cp_staff=OWN))
# Building a questionnaire, handing out links and typing in paper answers follow who organises
# the work (like 催し): the 1層Co and 区役所 at the ward, district officers in their districts, a 2層Co
# and a CP's staff in their CP area.
WRITE = Action("surveys.write", "アンケートを作る・直す・紙の回答を入力する",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=ASSIGNED,
                    area_coordinator=OWN, cp_staff=OWN))
NAMES = Action("surveys.names", "回答者の名前を見る（記録に残る）",
               dict(city_admin=CITY, ward_coordinator=WARD, ward_office=WARD, district_officer=WARD,
                    area_coordinator=OWN, cp_staff=OWN),
               audited=True)

ACTIONS = (VIEW, WRITE, NAMES)
