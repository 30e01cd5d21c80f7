"""連絡会資料: the .xlsx opens with openpyxl and holds the counts under Japanese headers, each CP's
sheet sections, what is new and the hearing's answers side by side; the PDF's text layer holds the
Japanese (CP names, section texts, answers) with no glyph missing; neither shows another ward."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tsunagu.jobs.models import Job
from tsunagu.liaison import pack, rollup
from tsunagu.lib.programme import Pillar


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


@pytest.fixture
def download(world, as_user, ward_records):
    def get(name: str, user=None):
        response = as_user(user or world.naka_1so).get(reverse(f"liaison:{name}", args=[world.naka.pk]),
                                                       ward_records.period)
        assert response.status_code == 200
        return response

    return get


@pytest.fixture
def workbook(download):
    response = download("pack_xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="renrakukai-14104-' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_the_four_sheets(workbook):
    assert workbook.sheetnames == ["集計", "取組共有シート", "新しい動き", "ヒアリング"]


def test_the_counts_sheet_holds_the_counts_under_japanese_headers(workbook):
    sheet = workbook["集計"]
    header = rows(sheet)[4]
    assert header[:3] == ["CPエリア", "期間のメモ", "最後のメモ"]
    for label in ("交流・居場所", "生活支援", "見守り・つながり", "ネットワーク構築", "目指す地域の姿", "なし", "件数"):
        assert label in header, label
    groups = [v for v in rows(sheet)[3] if v]
    assert "柱" in groups and "取組の種類" in groups and "地域づくりの段階" in groups
    by_cp = {r[0]: r for r in rows(sheet)[5:] if r[0]}
    minosawa, honmoku, total = by_cp["簑沢地域ケアプラザ"], by_cp["本牧地域ケアプラザ"], by_cp["計"]
    gathering = header.index("交流・居場所")
    assert (minosawa[1], minosawa[gathering], minosawa[header.index("生活支援")]) == (2, 1, 1)
    assert (honmoku[1], honmoku[gathering]) == (1, 1)
    assert (total[1], total[gathering]) == (3, 2)
    assert minosawa[header.index("目指す地域の姿")] == "作成中"
    assert honmoku[header.index("目指す地域の姿")] == "未作成"
    assert "屛風ヶ浦地域ケアプラザ" not in by_cp


def test_the_counts_sheet_prints_zero_as_a_dash_freezes_its_header_and_fits_a_page(workbook):
    sheet = workbook["集計"]
    assert sheet.freeze_panes == "B6"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.cell(row=7, column=2).number_format == pack.ZERO_AS_DASH
    assert sheet.column_dimensions["A"].width >= 20


def test_the_sheets_sheet_holds_each_sections_text_and_status(workbook):
    table = rows(workbook["取組共有シート"])
    assert table[3] == ["CPエリア", "年度", "欄", "状態", "内容", "最終更新"]
    vision = next(r for r in table if r[0] == "簑沢地域ケアプラザ" and r[2] == "目指す地域の姿")
    assert vision[3] == "作成中" and vision[4] == "誰もが気軽に集える地域"
    plan = next(r for r in table if r[0] == "簑沢地域ケアプラザ" and r[2] == "具体的な取組計画")
    assert "サロンの立ち上げ支援（交流・居場所）" in plan[4] and "第6地区に新しいサロンを1か所" in plan[4]
    assert any(r[0] == "本牧地域ケアプラザ" and r[3] == "未作成" for r in table)
    assert workbook["取組共有シート"].cell(row=5, column=5).alignment.wrap_text
    assert not any("坂の上でも買い物に困らない" in str(v) for r in table for v in r)


def test_the_news_sheet_lists_what_is_new(workbook):
    table = rows(workbook["新しい動き"])
    assert table[3] == ["CPエリア", "種類", "日付", "内容", "記録した日時"]
    minosawa = [r for r in table[4:] if r[0] == "簑沢地域ケアプラザ"]
    assert {r[1] for r in minosawa} == {"取組メモ", "取組共有シート", "コメント", "地域支援計画", "ヒアリング"}
    assert not any("買い物支援の相談" in str(r[3]) for r in minosawa)


def test_the_hearing_sheet_puts_the_answers_side_by_side(workbook):
    table = rows(workbook["ヒアリング"])
    assert table[3] == ["CPエリア", "状態", "通いの場", "見守り"]
    by_cp = {r[0]: r for r in table[4:]}
    assert by_cp["簑沢地域ケアプラザ"][1:] == ["提出済", "サロンが三か所で再開", "民生委員と情報交換"]
    assert by_cp["本牧地域ケアプラザ"][1] == "未記入"


def made_as_a_job(client, ward, query: str = ""):
    """The PDF button starts a job (run inline in the tests); its page hands over the file."""
    response = client.post(reverse("liaison:pack_pdf", args=[ward.pk]), {"query": query})
    assert response.status_code == 302
    job = Job.objects.get(pk=response["Location"].strip("/").split("/")[-1])
    assert job.state == Job.State.DONE, job.error
    assert client.get(response["Location"]).status_code == 200
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


def test_the_pdf_text_layer_holds_the_japanese(world, as_user, ward_records):
    from urllib.parse import urlencode

    job, content = made_as_a_job(as_user(world.naka_1so), world.naka, urlencode(ward_records.period))
    assert job.result_name.startswith("renrakukai-14104-") and job.result_name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for words in ("連絡会資料（中区）", "簑沢地域ケアプラザ", "本牧地域ケアプラザ", "見守り・つながり", "誰もが気軽に集える地域",
                  "サロンの立ち上げ支援", "第6地区サロン準備会", "サロンが三か所で再開", "民生委員と情報交換"):
        assert words in text, words
    assert "屛風ヶ浦" not in text


def test_the_pdf_prints_every_glyph(world, ward_records):
    period = rollup.period_for("custom", today=ward_records.today, start=ward_records.today, end=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    rendered = pack.pdf(pack.build(user=world.naka_1so, summary=summary))
    assert rendered.missing_glyphs == []
    assert rendered.pages >= 2


def test_the_pack_follows_the_period_asked_for(world, as_user, ward_records):
    today = f"{ward_records.today:%Y-%m-%d}"
    response = as_user(world.naka_1so).get(reverse("liaison:pack_xlsx", args=[world.naka.pk]),
                                           {"period": "custom", "start": today, "end": today})
    table = rows(load_workbook(io.BytesIO(response.content))["集計"])
    by_cp = {r[0]: r for r in table[5:] if r[0]}
    assert by_cp["簑沢地域ケアプラザ"][1] == 1  # only the salon memo is from today
    assert by_cp["本牧地域ケアプラザ"][1] == 0


def test_a_ward_without_hearings_says_so(world, as_user, ward_records):
    ward_records.hearing.delete()
    response = as_user(world.naka_1so).get(reverse("liaison:pack_xlsx", args=[world.naka.pk]), ward_records.period)
    assert rows(load_workbook(io.BytesIO(response.content))["ヒアリング"])[2] == [
        "この区のヒアリングの記録はまだありません。"]


def test_plan_items_read_with_their_pillar():
    class Item:
        title, pillar, goal = "見守りの輪づくり", Pillar.WATCHING, "情報交換の場"

    assert pack.plan_items_text([Item()]) == "・見守りの輪づくり（見守り・つながり） 目標：情報交換の場"


def test_the_pdf_job_is_the_askers_own_and_follows_the_period(world, as_user, ward_records):
    job, content = made_as_a_job(as_user(world.naka_ward), world.naka, "period=custom&start=2000-01-01&end=2000-01-31")
    assert job.owner == world.naka_ward and job.result["period"] == "2000-01-01〜2000-01-31"
    assert job.result["memos"] == 0 and job.result["missing_glyphs"] == []
    # Another person of the same ward cannot open it: jobs are their starter's.
    assert as_user(world.naka_1so).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_job_for_a_ward_out_of_reach_fails_with_a_japanese_message(world):
    from tsunagu.jobs.services import job_start

    job = job_start(user=world.isogo_1so, kind=pack.JOB_KIND, title="x", params=pack.job_params(world.naka, ""))
    assert job.state == Job.State.FAILED and "見られる範囲" in job.error and not job.result_file


def test_a_long_list_of_news_is_cut_on_paper_and_says_so(world, ward_records):
    from tests.sheets.records_factory import make_memo

    for n in range(pack.NEWS_ON_PAPER + 3):
        make_memo(world.minosawa_2so, world.minosawa, f"定例訪問{n:02}")
    period = rollup.period_for("year", today=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    text = pdf_text(pack.pdf(pack.build(user=world.naka_1so, summary=summary)).pdf)
    assert "定例訪問22" in text and "定例訪問00" not in text  # newest first; the oldest fall off
    assert f"新しい順に{pack.NEWS_ON_PAPER}件を載せています" in text.replace("\n", "").replace(" ", "")
