"""The demo's アンケート (tsunagu/demo/surveys.py): 磯子区's resident survey with about 150 answers over
three 自治会 by paper and link, 鶴見区's questionnaire with a single-answer link for each volunteer
group carrying its name and area, 緑区's care managers (62 answers, 48 % not knowing the site) —
each where its ward's coordinators find it, tied to its project or event, loaded once."""

from __future__ import annotations

from collections import Counter

import pytest

from tsunagu.demo import surveys as demo_surveys
from tsunagu.demo.casebook_load import load_casebook
from tsunagu.demo.projects import load_projects
from tsunagu.people.models import User
from tsunagu.surveys.models import Answer, Survey, Via


@pytest.fixture
def loaded(demo):
    load_projects()
    load_casebook()
    message = demo_surveys.load_surveys()
    return message


def test_the_three_surveys_of_the_casebook(loaded):
    assert "磯子区" in loaded and "鶴見区" in loaded and "緑区" in loaded
    isogo = Survey.objects.get(title=demo_surveys.ISOGO_TITLE)
    assert isogo.project is not None and isogo.project.title == "久良岐丘自治会 移動販売の導入"
    responses = list(isogo.responses.select_related("area"))
    assert 140 <= len(responses) <= 160
    by_area = Counter(r.area.name for r in responses)
    assert len(by_area) == 3 and "久良岐丘自治会" in by_area and all(n >= 30 for n in by_area.values())
    via = Counter(r.via for r in responses)
    assert via[Via.PAPER] > via[Via.LINK] > 10
    assert isogo.questions.count() >= 8 and {q.kind for q in isogo.questions.all()} >= {
        "single", "multiple", "grid", "scale", "short", "long"}
    # Skip logic held: nobody who is not troubled gave reasons.
    trouble = isogo.questions.get(text="ふだんの買い物に困っていますか")
    fine = trouble.choices.get(label="困っていない")
    why = isogo.questions.get(text="困っている理由は何ですか")
    fine_ones = Answer.objects.filter(question=trouble, choices=fine).values("response")
    assert not Answer.objects.filter(question=why, response__in=fine_ones).exists()

    tsurumi = Survey.objects.get(title=demo_surveys.TSURUMI_TITLE)
    assert tsurumi.event is not None and tsurumi.event.title.startswith("生活支援ボランティア団体交流会")
    links = list(tsurumi.links.all())
    assert len(links) >= 6 and all(link.once and link.name and link.area_id for link in links)
    assert all(r.link.area_id == r.area_id for r in tsurumi.responses.select_related("link"))
    assert tsurumi.responses.count() <= len(links) and tsurumi.responses.count() >= 6

    midori = Survey.objects.get(title=demo_surveys.MIDORI_TITLE)
    assert midori.responses.count() == 62
    know = midori.questions.get(text="「サービス検索ナビ」を知っていますか")
    assert Answer.objects.filter(question=know, choices__label="知らない").count() == 30

    # One survey is open today, for answering by link and typing in paper.
    assert Survey.objects.get(title=demo_surveys.ISOGO_NOW_TITLE).links.filter(active=True).exists()
    # Loading again adds nothing.
    before = Survey.objects.count()
    assert "読み込み済み" in demo_surveys.load_surveys()
    assert Survey.objects.count() == before


def test_each_ward_sees_its_own_survey_and_not_the_others(loaded):
    isogo = User.objects.get(username="isogo-1so")
    titles = set(Survey.objects.visible_to(isogo).values_list("title", flat=True))
    assert demo_surveys.ISOGO_TITLE in titles and demo_surveys.TSURUMI_TITLE not in titles
    assert demo_surveys.TSURUMI_TITLE in Survey.objects.visible_to(
        User.objects.get(username="tsurumi-1so")).values_list("title", flat=True)

