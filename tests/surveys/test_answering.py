"""Answering a survey: the public page by link, skip logic on the server, one answer per
single-answer link, closed surveys, and the services' refusals once answers are in."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.surveys.factory import answer_data
from tsunagu.surveys import services
from tsunagu.surveys.models import Answer, Response, Status, Via

pytestmark = pytest.mark.django_db


def answer_url(link):
    return reverse("survey_answer", args=[link.token])


def test_a_resident_answers_by_link_and_every_kind_is_stored(client, cast):
    s = cast.isogo
    page = client.get(answer_url(s.link))
    assert page.status_code == 200
    assert "ふだんの買い物に困っていますか" in page.content.decode()
    response = client.post(answer_url(s.link), {**answer_data(s), "submission": "k1"})
    assert response.status_code == 302 and response["Location"] == reverse("survey_thanks", args=[s.link.token])
    r = Response.objects.get(survey=s.survey)
    assert r.via == Via.LINK and r.link == s.link
    got = {a.question_id: a for a in r.answers.all() if a.row_id is None}
    assert list(got[s.shop.pk].choices.all()) == [s.troubled]
    assert list(got[s.why.pk].choices.all()) == [s.hill]
    assert got[s.want.pk].number == Decimal(4)
    assert got[s.age.pk].number == Decimal(78)
    assert str(got[s.since.pk].date) == "1985-04-01"
    assert got[s.place_wish.pk].text == "集会所の前"
    assert r.answers.filter(question=s.how, row__isnull=False).count() == 2
    thanks = client.get(reverse("survey_thanks", args=[s.link.token])).content.decode()
    assert "回答を受け付けました" in thanks


def test_the_same_form_sent_twice_makes_one_answer(client, cast):
    s = cast.isogo
    for _ in range(2):
        client.post(answer_url(s.link), {**answer_data(s), "submission": "same-key"})
    assert Response.objects.filter(survey=s.survey).count() == 1


def test_a_shared_link_takes_many_answers(client, cast):
    s = cast.isogo
    for n in range(3):
        client.post(answer_url(s.link), {**answer_data(s), "submission": f"k{n}"})
    assert Response.objects.filter(survey=s.survey, link=s.link).count() == 3


def test_skip_logic_is_decided_on_the_server(client, cast):
    s = cast.isogo
    # 困っていない: the reasons are not asked — not required, and an answer sent anyway is dropped.
    data = answer_data(s, **{f"q{s.shop.pk}": str(s.fine.pk)})
    client.post(answer_url(s.link), data)
    r = Response.objects.get(survey=s.survey)
    assert not r.answers.filter(question=s.why).exists()
    # 困っている without a reason: the reasons are asked and required.
    page = client.post(answer_url(s.link), answer_data(s, **{f"q{s.why.pk}": None}))
    assert page.status_code == 200 and "選んでください" in page.content.decode()
    assert Response.objects.filter(survey=s.survey).count() == 1


def test_the_page_writes_the_condition_out_for_those_without_script(client, cast):
    s = cast.isogo
    html = client.get(answer_url(s.link)).content.decode()
    assert f'data-show-if-question="{s.shop.pk}"' in html
    assert "問1で「困っていない」以外を答えた方" in html


def test_a_required_question_left_blank_is_asked_again(client, cast):
    s = cast.isogo
    page = client.post(answer_url(s.link), answer_data(s, **{f"q{s.shop.pk}": None}))
    assert page.status_code == 200 and "答えていない質問" in page.content.decode()
    assert not Response.objects.exists()


def test_a_single_answer_link_takes_one_answer_then_thanks(client, cast):
    s = cast.isogo
    url = answer_url(s.group_link)
    client.post(url, {**answer_data(s), "submission": "a"})
    client.post(url, {**answer_data(s), "submission": "b"})
    assert Response.objects.filter(link=s.group_link).count() == 1
    again = client.get(url).content.decode()
    assert "すでにいただいています" in again and "<form" not in again.split("</header>")[1].split("<footer")[0]


def test_a_group_link_gives_its_area_to_the_answers(client, cast, world):
    s = cast.isogo
    s.group_link.area = world.kuraki
    s.group_link.save()
    client.post(answer_url(s.group_link), answer_data(s))
    assert Response.objects.get(link=s.group_link).area == world.kuraki


def test_a_closed_survey_says_so_politely_and_takes_nothing(client, cast):
    s = cast.isogo
    s.survey.status = Status.CLOSED
    s.survey.save()
    page = client.get(answer_url(s.link))
    assert page.status_code == 200 and "受付は終わりました" in page.content.decode()
    client.post(answer_url(s.link), answer_data(s))
    assert not Response.objects.exists()


def test_a_survey_not_yet_open_says_from_when(client, cast):
    s = cast.isogo
    s.survey.opens_on = timezone.localdate() + timedelta(days=3)
    s.survey.save()
    assert "から受け付けます" in client.get(answer_url(s.link)).content.decode()


def test_a_stopped_link_says_the_answers_are_closed_and_takes_nothing(client, cast):
    s = cast.isogo
    services.set_link_active(s.link, False)
    page = client.get(answer_url(s.link))
    assert page.status_code == 200 and "受付は終わりました" in page.content.decode()
    client.post(answer_url(s.link), answer_data(s))
    assert not Response.objects.exists()


@pytest.mark.parametrize("case", ["unknown", "draft"])
def test_unknown_or_draft_links_are_404(client, cast, case):
    s = cast.isogo
    token = s.link.token
    if case == "unknown":
        token = "x" * 22
    else:
        s.survey.status = Status.DRAFT
        s.survey.save()
    assert client.get(reverse("survey_answer", args=[token])).status_code == 404


def test_the_public_page_never_shows_results(client, cast):
    s = cast.isogo
    client.post(answer_url(s.link), {**answer_data(s, **{f"q{s.comment.pk}": "ひみつの意見"}), "submission": "x"})
    for url in (answer_url(s.link), reverse("survey_thanks", args=[s.link.token])):
        html = client.get(url).content.decode()
        assert "ひみつの意見" not in html and "件" not in html.split("<main")[1].split("</main>")[0]


def test_named_survey_asks_a_name_kept_for_staff(client, cast):
    s = cast.isogo
    s.survey.anonymous = False
    s.survey.save()
    client.post(answer_url(s.link), {**answer_data(s), "respondent_name": "磯子 花子"})
    assert Response.objects.get().respondent_name == "磯子 花子"


# --- The builder's rules once answers are in --------------------------------------------------


def test_an_answered_choice_cannot_be_deleted_but_can_be_corrected(client, cast):
    s = cast.isogo
    client.post(answer_url(s.link), answer_data(s))
    with pytest.raises(ValidationError) as refused:
        services.delete_choice(s.troubled)
    assert "削除できません" in refused.value.messages[0] and "文言の修正はできます" in refused.value.messages[0]
    services.update_choice(s.troubled, label="とても困っている")
    s.troubled.refresh_from_db()
    assert s.troubled.label == "とても困っている"
    # A choice nobody chose may go.
    services.delete_choice(s.shop.choices.get(label="少し困っている"))
    assert list(s.shop.choices.values_list("order", flat=True)) == [1, 2]


def test_an_answered_question_keeps_its_kind_and_stays(client, cast):
    s = cast.isogo
    client.post(answer_url(s.link), answer_data(s))
    with pytest.raises(ValidationError):
        services.update_question(s.age, version=s.age.version, kind="short")
    with pytest.raises(ValidationError):
        services.delete_question(s.age)
    assert Answer.objects.filter(question=s.age).exists()


def test_a_question_cannot_move_above_the_one_its_condition_looks_at(cast):
    s = cast.isogo
    with pytest.raises(ValidationError):
        services.move_question(s.why, -1)
    s.why.refresh_from_db()
    s.shop.refresh_from_db()
    assert (s.shop.order, s.why.order) == (1, 2)
    services.move_question(s.want, -1)
    s.want.refresh_from_db()
    assert s.want.order == 2


def test_a_condition_must_look_back_at_a_choice_question(cast):
    s = cast.isogo
    with pytest.raises(ValidationError):
        services.update_question(s.shop, version=s.shop.version, show_if_question=s.age, show_if="is",
                                 show_if_choice=s.hill)
