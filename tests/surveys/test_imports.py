"""Imports of a survey (tsunagu/surveys/imports.py): answers from a spreadsheet, previewed with
problems per row in Japanese, written all or nothing; a new survey from an XLSForm; who may."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.surveys.factory import build_survey
from tsunagu.jobs.models import Job
from tsunagu.lib.spreadsheets import write_csv
from tsunagu.surveys import xlsform
from tsunagu.surveys.models import Survey, Via


@pytest.fixture
def naka(world):
    return build_survey(world.naka, user=world.naka_1so, title="中区 買い物アンケート")


def _csv(s, rows):
    headers = ["番号", "地域", s.shop.text, s.why.key or s.why.text, s.want.text, s.age.text, s.since.text,
               f"{s.how.text} › 買い物", "メモ"]
    return SimpleUploadedFile("answers.csv", write_csv(headers, rows))


GOOD = [["1", "第6地区", "困っている", "坂がきつい、荷物が重い", "4", "78", "1985/4/1", "よく", "x"],
        ["2", "第7地区", "困っていない", "", "２", "８１", "2001年5月3日", "しない", ""]]


def _upload(client, s, rows):
    response = client.post(reverse("surveys:import_answers", args=[s.survey.pk]), {"file": _csv(s, rows)})
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    assert job.state == Job.State.DONE, job.error
    return job


def test_answers_are_previewed_then_written_all_together(world, naka, as_user):
    client = as_user(world.naka_1so)
    job = _upload(client, naka, GOOD)
    page = client.get(reverse("surveys:import_preview", args=[job.pk])).content.decode()
    assert "メモ" in page and "2 件の回答を取り込む" in page
    assert not naka.survey.responses.exists()  # the preview writes nothing
    client.post(reverse("surveys:import_commit", args=[job.pk]))
    responses = list(naka.survey.responses.order_by("pk"))
    assert [(r.via, r.area.name, r.source_ref) for r in responses] == [(Via.IMPORT, "第6地区", "1"),
                                                                        (Via.IMPORT, "第7地区", "2")]
    first = responses[0].answers.get(question=naka.why)
    assert sorted(c.label for c in first.choices.all()) == ["坂がきつい", "荷物が重い"]
    assert responses[1].answers.get(question=naka.age).number == 81
    assert str(responses[1].answers.get(question=naka.since).date) == "2001-05-03"
    assert responses[0].answers.get(question=naka.how).choices.get().label == "よく"


def test_a_row_with_a_problem_stops_everything_and_says_which(world, naka, as_user):
    client = as_user(world.naka_1so)
    bad = GOOD + [["3", "どこか", "たまに", "", "9", "200", "昨日", "", ""]]
    job = _upload(client, naka, bad)
    page = client.get(reverse("surveys:import_preview", args=[job.pk])).content.decode()
    assert "4行目" in page
    assert "「たまに」は選択肢にありません" in page
    assert "「9」は 1〜5 の数字ではありません" in page
    assert "範囲" in page and "日付として読めません" in page and "見つかりません" in page
    assert client.post(reverse("surveys:import_commit", args=[job.pk])).status_code == 404
    assert not naka.survey.responses.exists()


def test_a_new_survey_is_made_from_an_xlsform(world, as_user):
    form = xlsform.Form(title="鶴見区 団体アンケート", items=[
        xlsform.Item("act", xlsform.SINGLE, "活動の頻度", choices=[("w", "毎週"), ("m", "毎月")]),
        xlsform.Item("n", xlsform.NUMBER, "会員数")])
    client = as_user(world.naka_1so)
    upload = SimpleUploadedFile("form.xlsx", xlsform.export_xlsx(form))
    client.post(reverse("surveys:import_xlsform"), {"place": world.naka.pk, "file": upload})
    job = Job.objects.latest("pk")
    assert "活動の頻度" in client.get(reverse("surveys:import_preview", args=[job.pk])).content.decode()
    client.post(reverse("surveys:import_commit", args=[job.pk]))
    survey = Survey.objects.get(title="鶴見区 団体アンケート")
    assert [q.text for q in survey.questions.all()] == ["活動の頻度", "会員数"]


def test_a_file_that_is_no_xlsform_fails_in_japanese(world, as_user):
    client = as_user(world.naka_1so)
    upload = SimpleUploadedFile("form.xlsx", b"PK\x03\x04 not really")
    client.post(reverse("surveys:import_xlsform"), {"place": world.naka.pk, "file": upload})
    job = Job.objects.latest("pk")
    assert job.state == Job.State.FAILED and "XLSForm" in job.error


@pytest.mark.parametrize("who", ["naka_cm", "isogo_1so", "nobody", "minosawa_staff"])
def test_outsiders_cannot_import_or_see_a_preview(world, naka, as_user, who):
    job = _upload(as_user(world.naka_1so), naka, GOOD)
    client = as_user(getattr(world, who))
    assert client.get(reverse("surveys:import_answers", args=[naka.survey.pk])).status_code == 404
    assert client.get(reverse("surveys:import_preview", args=[job.pk])).status_code == 404
    assert client.post(reverse("surveys:import_commit", args=[job.pk])).status_code == 404
    assert not naka.survey.responses.exists()


@pytest.mark.parametrize("who", ["naka_1so", "naka_ward"])
def test_those_who_may_change_the_survey_may_import(world, naka, as_user, who):
    assert as_user(getattr(world, who)).get(reverse("surveys:import_answers", args=[naka.survey.pk])).status_code == 200
    assert as_user(getattr(world, who)).get(reverse("surveys:import_xlsform")).status_code == 200


def test_the_xlsform_page_is_not_for_those_who_build_no_survey(world, as_user):
    assert as_user(world.naka_cm).get(reverse("surveys:import_xlsform")).status_code == 404
