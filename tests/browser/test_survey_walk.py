"""アンケート in one walk, on a phone (issue 15's must-show): a resident of 久良岐丘自治会 answers 磯子区's
survey by the link on the 回覧板's QR code; the ward coordinator types in three paper answers from
森町内会 with the number keys; the results per association show 森町内会's three answers as 「5未満」;
the area assessment's A4 report for 磯子区 carries the survey, under the same rule, and is turned
into a PNG to be looked at. Screenshots: var/screenshots/survey-*.png."""

from __future__ import annotations

import subprocess

import pytest

from tests.assessment.test_assessment import DAY, population
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_homes import PHONE, assert_no_sideways_scroll
from tests.conftest import PASSWORD
from tests.surveys.factory import build_survey
from tsunagu.places.models import Kind, Place
from tsunagu.surveys import services
from tsunagu.surveys.models import Response, Via
from tsunagu.surveys.services import Given

pytestmark = pytest.mark.browser


def _has_colour(png, rgb, tolerance=24) -> bool:
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    return any(all(abs(a - b) <= tolerance for a, b in zip(colour, rgb, strict=True)) for _n, colour in colours)


def test_a_resident_answers_by_link_paper_is_typed_in_and_results_per_association_keep_small_cells_hidden(
        new_page, live_server, log_in, transactional_db, world, screenshot):
    mori = Place.objects.create(kind=Kind.ASSOCIATION, code="14107-D001-A02", name="森町内会", parent=world.isogo_d)
    okamura = Place.objects.create(kind=Kind.ASSOCIATION, code="14107-D001-A03", name="岡村町内会",
                                   parent=world.isogo_d)
    s = build_survey(world.isogo, user=world.isogo_1so, title="移動販売についての住民アンケート")
    link = services.add_link(s.survey, user=world.isogo_1so, name="久良岐丘自治会 回覧板", area=world.kuraki)
    # Ten neighbours of 久良岐丘 answered before (5 困っている, 5 困っていない): with the resident, 11.
    for n in range(10):
        given = {s.shop.pk: Given(choices=[s.troubled.pk]), s.why.pk: Given(choices=[s.hill.pk])} if n < 5 else {
            s.shop.pk: Given(choices=[s.fine.pk])}
        services.record_response(s.survey, given, via=Via.LINK, area=world.kuraki, link=link)
    # Four from 岡村町内会: a small row too, so that 森町内会's is not the only one hidden (a row
    # hidden alone would be given away by the total).
    for n in range(4):
        services.record_response(s.survey, {s.shop.pk: Given(choices=[(s.troubled if n < 2 else s.fine).pk])},
                                 via=Via.PAPER, area=okamura, entered_by=world.isogo_1so)

    # A resident on her phone, no account: the questions, the skip, the answer.
    resident = new_page(viewport=PHONE, scale=2)
    resident.goto(f"{live_server.url}/a/{link.token}/")
    assert "移動販売についての住民アンケート" in resident.locator("h1").inner_text()
    assert_no_sideways_scroll(resident, "survey answer page")
    why = resident.locator(f"#question-{s.why.pk}")
    resident.get_by_label("困っていない").check()
    assert why.is_hidden()  # 困っている理由 is asked only of those who are
    resident.get_by_label("困っている", exact=True).check()
    assert why.is_visible()
    why.get_by_label("坂がきつい").check()
    resident.locator(f"#question-{s.age.pk} input").fill("82")
    screenshot(resident, "survey-answer-phone")
    resident.get_by_role("button", name="回答を送る").click()
    resident.wait_for_load_state()
    assert "ありがとう" in resident.locator("main").inner_text()
    assert Response.objects.filter(survey=s.survey, via=Via.LINK, link=link).count() == 11
    answer = Response.objects.filter(survey=s.survey, link=link).latest("pk")
    assert answer.area == world.kuraki and answer.answers.get(question=s.age).number == 82
    # The public page shows no result: nothing of the other answers.
    resident.goto(f"{live_server.url}/a/{link.token}/")
    assert "5未満" not in resident.content() and "集計" not in resident.content()

    # The ward coordinator types in three papers from 森町内会 on the keyboard (a phone here too:
    # a tablet at the CP's desk would be no wider).
    staff = new_page(viewport=PHONE, scale=2)
    log_in(staff, "isogo-1so", PASSWORD)
    staff.goto(f"{live_server.url}/surveys/{s.survey.pk}/paper/")
    for typed, number in enumerate(("101", "102", "103"), start=1):
        staff.get_by_label("地域", exact=True).select_option(str(mori.pk))
        staff.get_by_label("用紙番号").fill(number)
        staff.get_by_label("用紙番号").press("Enter")  # on to 問1
        staff.keyboard.press("1")  # 困っている
        staff.keyboard.press("Enter")
        staff.keyboard.press("2")  # 店が遠い
        staff.get_by_role("button", name="この1枚を保存して次へ").click()
        staff.locator(".paper-count", has_text=f"紙の回答 {4 + typed}枚").wait_for()
    screenshot(staff, "survey-paper-entry-phone")
    papers = Response.objects.filter(survey=s.survey, via=Via.PAPER, area=mori).order_by("source_ref")
    assert [p.source_ref for p in papers] == ["101", "102", "103"]
    assert all(p.area == mori and p.entered_by == world.isogo_1so for p in papers)
    assert all(p.answers.filter(question=s.why, choices__label="店が遠い").exists() for p in papers)

    # Results per association: 久良岐丘 counted; 森町内会's three answers and 岡村町内会's four 「5未満」,
    # each hiding the other (one hidden alone would be given away by the total).
    staff.goto(f"{live_server.url}/surveys/{s.survey.pk}/results/?by=area:association")
    first = staff.locator("table").first
    kuraki_row = first.locator("tr", has_text="久良岐丘自治会").inner_text()
    mori_row = first.locator("tr", has_text="森町内会").inner_text()
    okamura_row = first.locator("tr", has_text="岡村町内会").inner_text()
    # 困っている 6, 少し困っている 0, 困っていない 5 (each count, then its percentage).
    assert [cell.split("\n")[0] for cell in kuraki_row.split("\t")[1:4]] == ["6", "0", "5"]
    assert "5未満" in mori_row and "3" not in mori_row and "5未満" in okamura_row and "4" not in okamura_row
    assert_no_sideways_scroll(staff, "survey results")
    screenshot(staff, "survey-results-by-association-phone")
    csv = staff.request.get(f"{live_server.url}/surveys/{s.survey.pk}/results/download/?format=csv&by=area:association")
    assert csv.ok and "5未満" in csv.text()

    # The area assessment for 磯子区: the survey in it, on the page and in the A4 report (looked at
    # as PNGs).
    population(world.isogo, 160000, 25000, 6000)
    population(world.city, 3700000, 500000, 120000)
    staff.goto(f"{live_server.url}/assessment/{world.isogo.pk}/")
    section = staff.locator("#section-surveys")
    assert "移動販売についての住民アンケート" in section.inner_text()
    # The chart is coloured by the surveys' stylesheet: a bar is not drawn in the default black.
    assert section.locator("rect.chart-s0").first.evaluate("e => getComputedStyle(e).fill") != "rgb(0, 0, 0)"
    assert_no_sideways_scroll(staff, "assessment page")
    screenshot(staff, "survey-assessment-page-phone")
    staff.goto(f"{live_server.url}/assessment/{world.isogo.pk}/map/")
    assert_no_sideways_scroll(staff, "assessment map")
    pdf = staff.request.get(f"{live_server.url}/assessment/{world.isogo.pk}/report.pdf?date={DAY.isoformat()}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-", str(SCREENSHOTS / "survey-assessment-report")],
                   input=pdf.body(), check=True)
    pages = sorted(SCREENSHOTS.glob("survey-assessment-report-*.png"))
    # The survey's bars are drawn in their blue on paper too, not in a default black.
    assert any(_has_colour(png, (0x00, 0x72, 0xB2)) for png in pages)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True,
                          check=True).stdout.decode()
    assert "地域アセスメント" in text and "磯子区" in text
    assert "移動販売についての住民アンケート" in text and "この地域の回答 18 件" in text
