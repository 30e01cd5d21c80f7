"""集計 (results) of a survey, through its pages: counts by area with the small-cell rule, charts
without inline style, downloads that keep the rule, free-text answers with tags, the
questionnaire as XLSForm — and who may see them (everyone else: 404; the public link: never)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.shared_rows import shareable
from tests.surveys.factory import build_survey
from tsunagu.surveys import services, xlsform, xlsform_io
from tsunagu.surveys.models import Kind, Via
from tsunagu.surveys.services import Given


def _answer(s, *, area, shop, want=4, age=None, comment="", via=Via.PAPER, user=None):
    values = {s.shop.pk: Given(choices=[shop.pk]), s.want.pk: Given(number=Decimal(want)),
              s.since.pk: Given(date=date(2026, 4, 10))}
    if age is not None:
        values[s.age.pk] = Given(number=Decimal(age))
    if comment:
        values[s.comment.pk] = Given(text=comment)
    return services.record_response(s.survey, values, via=via, area=area, entered_by=user)


def make_naka(world):
    """中区's survey: 14 answers from 第6地区 (8 困っている, 6 困っていない), 3 from 第7地区, 2 of no known area."""
    s = build_survey(world.naka, user=world.naka_1so, title="中区 買い物アンケート")
    for n in range(8):
        _answer(s, area=world.d6, shop=s.troubled, age=70 + n, comment="坂がきつい" if n == 0 else "")
    for n in range(6):
        _answer(s, area=world.d6, shop=s.fine, want=2, age=80 + n)
    for _n in range(3):
        _answer(s, area=world.d7, shop=s.troubled, want=5, comment="バスが少ない")
    for _n in range(2):
        _answer(s, area=None, shop=s.fine, want=1)
    return s


_naka_rows, naka = shareable("naka", make_naka)


def test_results_show_counts_percentages_a_chart_and_no_inline_style(world, naka, as_user):
    response = as_user(world.naka_1so).get(reverse("surveys:results", args=[naka.survey.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "回答 19 件" in page
    # Overall: 11 困っている, 8 困っていない (少し困っている 0): all shown.
    assert "57.9%" in page and "42.1%" in page
    assert "<svg" in page and 'class="chart"' in page
    assert "style=" not in page
    # The scale's mean: (8×4 + 6×2 + 3×5 + 2×1) / 19.
    assert "平均 3.21" in page


def test_results_by_district_hide_the_small_cells(world, naka, as_user):
    response = as_user(world.naka_1so).get(reverse("surveys:results", args=[naka.survey.pk]), {"by": "area:district"})
    page = response.content.decode()
    table = response.context["blocks"][0]["table"]
    assert table.row_labels == ["第6地区", "第7地区", "地域がわからない回答"]
    assert [c.shown for c in table.cells[0]] == ["8", "0", "6"]
    # 第7地区's three answers and the two of no area are 「5未満」, and so is every number that would
    # give them away.
    assert {c.shown for c in table.cells[1]} == {"5未満"} and {c.shown for c in table.cells[2]} == {"5未満"}
    # 11 − 8 tells only the two hidden rows together.
    assert table.col_totals[0].shown == "11" and table.row_totals[0].shown == "14"
    assert "5未満" in page
    stacked = response.context["blocks"][0]["stacked"]
    assert stacked.rows[1].segments == [] and stacked.rows[1].note == "5未満"


def test_results_by_another_question(world, naka, as_user):
    response = as_user(world.naka_1so).get(reverse("surveys:results", args=[naka.survey.pk]),
                                           {"by": f"q:{naka.shop.pk}"})
    want = next(b for b in response.context["blocks"] if b["result"].question == naka.want)
    assert want["table"].row_labels == ["困っている", "少し困っている", "困っていない"]
    assert want["table"].row_totals[0].shown == "11"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_downloads_keep_the_small_cell_rule(world, naka, as_user, fmt):
    response = as_user(world.naka_1so).get(reverse("surveys:results_export", args=[naka.survey.pk]),
                                           {"by": "area:district", "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        d7 = [r for r in rows if r[0] == naka.shop.text and r[1] == "第7地区"]
        assert d7 and all(r[3] == "5未満" for r in d7)
        assert ["ふだんの買い物に困っていますか", "第6地区", "困っている", "8", "57.1%"] in rows
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        d7 = next(r for r in values if r[0] == "第7地区")
        assert d7[1] == "5未満" and 3 not in d7


def test_free_text_answers_are_listed_tagged_and_filtered(world, naka, as_user):
    client = as_user(world.naka_1so)
    url = reverse("surveys:texts", args=[naka.survey.pk, naka.comment.pk])
    page = client.get(url).content.decode()
    assert "坂がきつい" in page and page.count("バスが少ない") == 3
    bus = naka.comment.answers.filter(text="バスが少ない").first()
    response = client.post(reverse("surveys:text_tag", args=[naka.survey.pk, naka.comment.pk, bus.pk]), {"tag": "移動"})
    assert response.status_code == 302
    filtered = client.get(url, {"tag": "移動"})
    assert [a.text for a in filtered.context["answers"]] == ["バスが少ない"]
    client.post(reverse("surveys:text_tag", args=[naka.survey.pk, naka.comment.pk, bus.pk]), {"remove": "移動"})
    assert not naka.survey.text_tags.exists()


def test_the_questionnaire_goes_out_as_xlsform_and_makes_a_new_survey(world, naka, as_user):
    response = as_user(world.naka_1so).get(reverse("surveys:xlsform_export", args=[naka.survey.pk]))
    assert response.status_code == 200
    form = xlsform.read_form(response.content)
    assert [i.kind for i in form.items if i.kind != xlsform.NOTE] == [
        "single", "multiple", "scale", "number", "date", "short", "long", "grid"]
    copy, notes = xlsform_io.survey_from_form(form, user=world.minosawa_2so, place=world.minosawa)
    assert notes == []
    questions = list(copy.questions.all())
    assert [q.kind for q in questions] == [Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.NUMBER, Kind.DATE, Kind.SHORT,
                                           Kind.LONG, Kind.GRID]
    why = questions[1]
    assert (why.show_if_question, why.show_if, why.show_if_choice.label) == (questions[0], "is_not", "困っていない")
    assert (questions[2].scale_low, questions[2].scale_high) == ("使わない", "ぜひ使いたい")
    assert [r.label for r in questions[7].rows.all()] == ["買い物", "通院"]
    assert copy.intro == "移動販売の参考にします。"


# --- Access ------------------------------------------------------------------------------------

PAGES = ["results", "results_export", "texts", "xlsform_export"]


def _url(name, s):
    if name == "texts":
        return reverse("surveys:texts", args=[s.survey.pk, s.comment.pk])
    return reverse(f"surveys:{name}", args=[s.survey.pk])


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "admin"])
def test_staff_of_the_ward_may_read_results(world, naka, as_user, name, who):
    assert as_user(getattr(world, who)).get(_url(name, naka)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["naka_cm", "isogo_1so", "byobugaura_2so", "nobody", "minosawa_staff"])
def test_anyone_else_gets_404(world, naka, as_user, name, who):
    assert as_user(getattr(world, who)).get(_url(name, naka)).status_code == 404


def test_only_those_who_may_change_the_survey_tag(world, naka, as_user):
    answer = naka.comment.answers.first()
    url = reverse("surveys:text_tag", args=[naka.survey.pk, naka.comment.pk, answer.pk])
    assert as_user(world.naka_chiku).post(url, {"tag": "移動"}).status_code == 404  # reads, does not write here
    assert as_user(world.naka_cm).post(url, {"tag": "移動"}).status_code == 404
    assert not naka.survey.text_tags.exists()
    assert as_user(world.naka_ward).post(url, {"tag": "移動"}).status_code == 302


def test_the_public_link_never_shows_results(world, naka, client):
    for name in PAGES:
        response = client.get(_url(name, naka))
        assert response.status_code == 302 and "/login" in response["Location"]
    page = client.get(naka.link.get_absolute_url()).content.decode()
    assert "5未満" not in page and "バスが少ない" not in page and "集計" not in page


# With the module's naka present, as in its other tests: they are then built once for the module
# (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("naka")
def test_a_cp_survey_is_read_by_its_cp_not_by_the_other(world, as_user):
    s = build_survey(world.minosawa, user=world.minosawa_2so, title="簑沢 買い物")
    url = reverse("surveys:results", args=[s.survey.pk])
    assert as_user(world.minosawa_staff).get(url).status_code == 200
    assert as_user(world.byobugaura_2so).get(url).status_code == 404


def test_the_assessment_section_counts_a_ward_survey_over_the_area_only(world, naka):
    from tsunagu.surveys import assessment_section

    # 簑沢 CP area holds 第6地区: its 14 answers, not 第7地区's nor those of no known area.
    found = assessment_section.context(world.minosawa, None)["survey_results"]
    assert [(i["survey"], i["responses"]) for i in found] == [(naka.survey, 14)]
    shop = found[0]["blocks"][0]["table"]
    assert [c.shown for c in shop.cells[0]] == ["8", "0", "6"]
    # 本牧: 3 answers, every count 「5未満」; another ward sees nothing of it.
    honmoku = assessment_section.context(world.honmoku, None)["survey_results"][0]["blocks"][0]["table"]
    assert {c.shown for c in honmoku.cells[0] if c.count} == {"5未満"}
    assert assessment_section.context(world.isogo, None)["survey_results"] == []
    assert assessment_section.context(world.minosawa, world.byobugaura_2so)["survey_results"] == []


def test_the_assessment_page_and_its_report_carry_the_area_survey_under_the_small_cell_rule(world, naka, as_user):
    import subprocess
    from datetime import date

    from tsunagu.assessment import report

    def pdf_text(data: bytes) -> str:
        return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode()

    # 本牧 CP area (第7地区): three answers to 中区's survey — every count there is 「5未満」, and the
    # free texts (「バスが少ない」) never reach a page that goes to the liaison meeting.
    page = as_user(world.naka_1so).get(reverse("assessment:area", args=[world.honmoku.pk])).content.decode()
    assert 'id="section-surveys"' in page and "中区 買い物アンケート" in page
    assert "この地域の回答 3 件" in page and "5未満" in page
    assert "バスが少ない" not in page
    text = pdf_text(report.pdf(world.honmoku, date(2021, 9, 30)).pdf)
    assert "中区 買い物アンケート" in text and "5未満" in text and "バスが少ない" not in text
