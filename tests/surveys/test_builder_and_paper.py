"""The builder on screen (questions and choices added, corrected, moved, refused), the preview,
the questionnaire PDF, and the paper entry screen (count, heading kept, undo)."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from tests.surveys.factory import answer_data
from tsunagu.audit.models import AuditEntry
from tsunagu.surveys.models import Kind, Question, Response, Survey, Via

pytestmark = pytest.mark.django_db


# With the module's cast present, as in its other tests: they are then built once for the module
# (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("cast")
def test_staff_make_a_survey_and_build_it_on_screen(as_user, world):
    client = as_user(world.isogo_1so)
    response = client.post(reverse("surveys:create"), {"title": "坂の上の買い物調査", "place": world.kuraki.pk,
                                                       "status": "draft", "anonymous": "on"})
    survey = Survey.objects.get(title="坂の上の買い物調査")
    assert response["Location"] == survey.get_absolute_url()
    add = reverse("surveys:question_add", args=[survey.pk])
    client.post(add, {"text": "週に何回買い物に行きますか", "kind": "single", "choices_text": "毎日\n週2〜3回\n週1回以下"})
    client.post(add, {"text": "困りごと", "kind": "long"})
    client.post(add, {"text": "満足度", "kind": "grid", "choices_text": "満足\n不満", "rows_text": "品ぞろえ\n値段"})
    first, second, grid = survey.questions.all()
    assert [c.label for c in first.choices.all()] == ["毎日", "週2〜3回", "週1回以下"]
    assert grid.rows.count() == 2 and grid.choices.count() == 2
    # Reorder with the buttons, correct a choice, add one, move it up, delete it.
    client.post(reverse("surveys:question_move", args=[second.pk, "up"]))
    assert list(survey.questions.values_list("text", flat=True)) == ["困りごと", "週に何回買い物に行きますか", "満足度"]
    choice = first.choices.get(label="毎日")
    client.post(reverse("surveys:choice_change", args=[choice.pk, "save"]), {f"c{choice.pk}-label": "ほぼ毎日"})
    client.post(reverse("surveys:lines_add", args=[first.pk, "choices"]), {"text": "行かない"})
    new = first.choices.get(label="行かない")
    client.post(reverse("surveys:choice_change", args=[new.pk, "up"]))
    assert [c.label for c in first.choices.all()] == ["ほぼ毎日", "週2〜3回", "行かない", "週1回以下"]
    client.post(reverse("surveys:choice_change", args=[new.pk, "delete"]))
    assert first.choices.count() == 3
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "問2" in page and "ほぼ毎日" in page
    assert client.get(reverse("surveys:question_edit", args=[first.pk])).status_code == 200


def test_a_question_with_choices_needs_them(as_user, world, cast):
    client = as_user(world.isogo_1so)
    response = client.post(reverse("surveys:question_add", args=[cast.isogo.survey.pk]),
                           {"text": "選ぶ質問", "kind": "single"})
    assert response.status_code == 400 and "選択肢を1つ以上入れてください" in response.content.decode()


def test_the_builder_says_in_japanese_why_an_answered_choice_stays(as_user, world, cast, client):
    s = cast.isogo
    client.post(reverse("survey_answer", args=[s.link.token]), answer_data(s))
    staff = as_user(world.isogo_1so)
    page = staff.post(reverse("surveys:choice_change", args=[s.troubled.pk, "delete"]), follow=True)
    assert "選んだ回答があるため、この選択肢は削除できません" in page.content.decode()
    assert s.shop.choices.filter(pk=s.troubled.pk).exists()
    detail = staff.get(s.survey.get_absolute_url()).content.decode()
    assert "回答が入っています" in detail


def test_an_edit_based_on_an_old_version_is_refused(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    url = reverse("surveys:question_edit", args=[s.age.pk])
    stale = s.age.version
    client.post(url, {"text": "年齢（満）", "kind": "number", "version": stale})
    page = client.post(url, {"text": "おいくつですか", "kind": "number", "version": stale})
    assert "他の人がこの記録を保存しました" in page.content.decode()
    assert Question.objects.get(pk=s.age.pk).text == "年齢（満）"


def test_preview_shows_the_questions_and_stores_nothing(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    page = client.post(reverse("surveys:preview", args=[s.survey.pk]), answer_data(s))
    assert "プレビュー" in page.content.decode() and "確認ができました" in page.content.decode()
    assert not Response.objects.exists()


def test_the_questionnaire_pdf_is_a4_large_print_with_boxes_and_wareki(as_user, world, cast, tmp_path):
    from datetime import date

    s = cast.isogo
    s.survey.closes_on = date(2026, 12, 25)
    s.survey.save()
    response = as_user(world.isogo_1so).get(reverse("surveys:paper_pdf", args=[s.survey.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "q.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "令和8年12月25日までにご提出ください" in text
    assert "問2" in text and "問1で「困っていない」以外を答えた方" in text and "令和" in text
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in size  # A4


def test_the_links_pdf_has_a_slip_per_link(as_user, world, cast, tmp_path):
    response = as_user(world.isogo_1so).get(reverse("surveys:links_pdf", args=[cast.isogo.survey.pk]))
    pdf = tmp_path / "l.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ひまわり会 様" in text and cast.isogo.group_link.token in text.replace("\n", "")


def test_paper_entry_counts_keeps_the_heading_and_undoes_the_last(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    url = reverse("surveys:paper_entry", args=[s.survey.pk])
    page = client.get(url).content.decode()
    assert 'class="key">1<' in page and "紙の回答 0枚" in page
    # A paper with a required question left blank is typed in as it is (無回答).
    data = answer_data(s, prefix="a", **{f"a-q{s.want.pk}": None})
    del data[f"a-q{s.shop.pk}"]
    client.post(url, {**data, "area": world.kuraki.pk, "source_ref": "007"})
    client.post(url, {**answer_data(s, prefix="a"), "area": world.kuraki.pk, "source_ref": "008"})
    papers = Response.objects.filter(survey=s.survey, via=Via.PAPER).order_by("pk")
    assert [p.source_ref for p in papers] == ["007", "008"]
    assert all(p.area == world.kuraki and p.entered_by == world.isogo_1so for p in papers)
    page = client.get(url)
    assert "紙の回答 2枚" in page.content.decode()
    head = page.context["head"]
    assert head["source_ref"].value() == "009" and str(head["area"].value()) == str(world.kuraki.pk)
    client.post(reverse("surveys:paper_undo", args=[s.survey.pk]))
    assert list(Response.objects.filter(survey=s.survey).values_list("source_ref", flat=True)) == ["007"]
    assert AuditEntry.objects.filter(action="survey.paper_undo").exists()
    # The paper undone is the next to type in again, under its own number.
    assert client.get(url).context["head"]["source_ref"].value() == "008"


def test_save_pressed_twice_enters_the_paper_once(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    url = reverse("surveys:paper_entry", args=[s.survey.pk])
    for _ in range(2):
        client.post(url, {**answer_data(s, prefix="a"), "submission": "one-press"})
    assert Response.objects.filter(survey=s.survey, via=Via.PAPER).count() == 1


def test_a_blank_paper_is_not_counted(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    page = client.post(reverse("surveys:paper_entry", args=[s.survey.pk]), {"source_ref": "1"})
    assert "どの質問にも答えが入っていません" in page.content.decode()
    assert not Response.objects.exists()


def test_group_links_are_made_one_per_line_with_their_area(as_user, world, cast):
    s = cast.isogo
    as_user(world.isogo_1so).post(reverse("surveys:group_links_add", args=[s.survey.pk]),
                                  {"lines": "さくら会,久良岐丘自治会\nもみじの会"})
    made = {link.name: link for link in s.survey.links.filter(name__in=["さくら会", "もみじの会"])}
    assert made["さくら会"].area == world.kuraki and made["さくら会"].once
    assert made["もみじの会"].area is None


def test_kinds_offered_in_the_builder_are_all_eight(as_user, world, cast):
    page = as_user(world.isogo_1so).get(cast.isogo.survey.get_absolute_url())
    offered = {v for v, _label in page.context["add_form"].fields["kind"].choices if v}
    assert offered == set(Kind.values)


def test_the_survey_is_opened_and_a_stale_edit_is_refused(as_user, world, cast):
    s = cast.isogo
    client = as_user(world.isogo_1so)
    url = reverse("surveys:edit", args=[s.survey.pk])
    s.survey.refresh_from_db()
    seen = s.survey.version
    base = {"title": "久良岐丘 住民アンケート", "place": world.kuraki.pk, "anonymous": "on"}
    assert client.post(url, {**base, "status": "closed", "version": seen}).status_code == 302
    page = client.post(url, {**base, "status": "open", "version": seen})
    assert "他の人がこの記録を保存しました" in page.content.decode()
    assert Survey.objects.get(pk=s.survey.pk).status == "closed"
    # Dates the wrong way round are refused in Japanese.
    page = client.post(url, {**base, "status": "open", "version": seen + 1, "opens_on": "2026-12-10",
                             "closes_on": "2026-12-01"})
    assert "締切日は受付開始日より後にしてください" in page.content.decode()
