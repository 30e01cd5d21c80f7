"""連絡会資料: the .xlsx opens with openpyxl and holds the counts under Japanese headers, the period's
memos with their contents, each CP's sheet sections with the 1層Co's comments, the district plans,
what is new and the hearing's answers; the PDF's text layer holds the same Japanese with no glyph
missing; neither shows another ward. Both print on A4 in one orientation, no table wider than
the page, under a Japanese file name that says which meeting or 年度 the pack is for."""

from __future__ import annotations

import io
import subprocess
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tsunagu.jobs.models import Job
from tsunagu.liaison import pack, rollup
from tsunagu.lib.fiscal import fiscal_year
from tsunagu.lib.pdf import render_pdf
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
    assert "filename*=utf-8''" + quote("連絡会資料_中区_") in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_the_seven_sheets(workbook):
    assert workbook.sheetnames == ["集計", "取組メモ", "取組共有シート", "地域支援計画", "新しい動き", "ヒアリング",
                                   "催し・プロジェクト"]


def tables(sheet) -> list[tuple[str, list, dict]]:
    """The 集計 sheet's tables: (the label above, the header row, {CP area or 計: row})."""
    found, table = [], rows(sheet)
    for n, row in enumerate(table):
        if row[0] == "CPエリア":
            body = {}
            for line in table[n + 1:]:
                body[line[0]] = line
                if line[0] == "計":
                    break
            found.append((table[n - 1][0] or "", [v for v in row if v is not None], body))
    return found


def test_the_counts_sheet_holds_the_overview_and_the_counts_under_japanese_headers(workbook):
    overview, *blocks = tables(workbook["集計"])
    _label, header, by_cp = overview
    assert header == ["CPエリア", "期間のメモ", "最後のメモ", "目指す地域の姿", "現状認識・課題", "具体的な取組計画",
                      "振り返り（上半期）", "振り返り（年度末）", "新しい動き"]
    minosawa, honmoku = by_cp["簑沢地域ケアプラザ"], by_cp["本牧地域ケアプラザ"]
    assert minosawa[1] == 2 and honmoku[1] == 1 and by_cp["計"][1] == 3
    assert minosawa[2].startswith("令和") and minosawa[3] == "作成中" and honmoku[3] == "未作成"
    assert "屛風ヶ浦地域ケアプラザ" not in by_cp
    labels = [label for label, _h, _b in blocks]
    assert labels[0] == "柱" and "取組の種類" in labels[2] and "地域づくりの段階" in labels[-1]
    pillars = {h: n for _l, header, body in blocks[:1] for n, h in enumerate(header)}
    for label in ("交流・居場所", "生活支援", "見守り・つながり", "なし", "計"):
        assert label in pillars, label
    by_cp = blocks[0][2]
    assert (by_cp["簑沢地域ケアプラザ"][pillars["交流・居場所"]], by_cp["簑沢地域ケアプラザ"][pillars["生活支援"]]) == (1, 1)
    assert (by_cp["本牧地域ケアプラザ"][pillars["交流・居場所"]], by_cp["計"][pillars["交流・居場所"]]) == (1, 2)
    assert by_cp["計"][pillars["計"]] == 3
    # No block is wider than the CP area and COUNT_COLUMNS_PER_BLOCK columns.
    assert all(len(header) <= pack.COUNT_COLUMNS_PER_BLOCK + 1 for _l, header, _b in blocks)


def test_the_counts_sheet_prints_zero_as_a_dash_and_freezes_the_cp_column(workbook):
    sheet = workbook["集計"]
    assert sheet.freeze_panes == "B5"
    honmoku = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "本牧地域ケアプラザ")
    assert honmoku[1].number_format == pack.ZERO_AS_DASH
    assert sheet.column_dimensions["A"].width >= 20


def test_the_memos_sheet_holds_what_each_memo_says(workbook, ward_records):
    table = rows(workbook["取組メモ"])
    assert table[3] == ["CPエリア", "日付", "場所", "何をしたか", "柱", "種類・段階", "目的・内容・地域の反応・次の一手", "記入者"]
    salon = next(r for r in table if r[3] == "第6地区サロン準備会")
    assert salon[0] == "簑沢地域ケアプラザ" and salon[2] == "第6地区" and salon[1].startswith("令和")
    assert "【内容】会場の候補を三つ見に行った。" in salon[6]
    assert salon[4] == "交流・居場所\n見守り・つながり"
    assert ward_records.kind.name in salon[5] and ward_records.stage.name in salon[5]
    titles = [r[3] for r in table[4:]]
    assert "本牧の交流会" in titles and "買い物支援の相談" in titles
    # Not the deleted memo, not one from before the period, never another ward's.
    for title in ("消したメモ", "昨年度の見守り訪問", "屛風ヶ浦の移動販売"):
        assert title not in titles


def test_the_sheets_sheet_holds_each_sections_text_status_and_the_1so_comments(workbook):
    table = rows(workbook["取組共有シート"])
    assert table[3] == ["CPエリア", "欄", "状態", "内容", "1層Coのコメント", "最終更新"]
    vision = next(r for r in table if r[0] == "簑沢地域ケアプラザ" and r[1] == "目指す地域の姿")
    assert vision[2] == "作成中" and vision[3] == "誰もが気軽に集える地域"
    assert "住民の言葉で書けています" in vision[4] and vision[5].startswith("令和")
    plan = next(r for r in table if r[0] == "簑沢地域ケアプラザ" and r[1] == "具体的な取組計画")
    assert "サロンの立ち上げ支援（交流・居場所）" in plan[3] and "第6地区に新しいサロンを1か所" in plan[3]
    assert not plan[4]
    assert any(r[0] == "本牧地域ケアプラザ" and r[2] == "未作成" for r in table)
    assert workbook["取組共有シート"].cell(row=5, column=4).alignment.wrap_text
    assert not any("坂の上でも買い物に困らない" in str(v) for r in table for v in r)


def test_the_plans_sheet_holds_the_district_plans_of_the_year(workbook):
    table = rows(workbook["地域支援計画"])
    assert table[3] == ["CPエリア", "地区", "計画期間", "状態", "計画の内容", "最終更新"]
    plan = next(r for r in table if r[1] == "第6地区")
    assert plan[0] == "簑沢地域ケアプラザ" and plan[2].startswith("令和8年度〜") and plan[3] == "作成中"
    for words in ("【地区の現状・課題】坂が多く、買い物に困る高齢者が増えている。", "・歩いて行ける居場所を増やす",
                  "【取組の方向性】地区社協と一緒にサロンの立ち上げを支える。", "【連携する団体・関係者】地区社協、民生委員"):
        assert words in plan[4], words
    assert any(r[0] == "本牧地域ケアプラザ" and "地域支援計画はありません" in r[4] for r in table)


def test_the_news_sheet_lists_what_is_new(workbook):
    table = rows(workbook["新しい動き"])
    assert table[3] == ["CPエリア", "種類", "日付", "内容", "記録した日時"]
    minosawa = [r for r in table[4:] if r[0] == "簑沢地域ケアプラザ"]
    assert {r[1] for r in minosawa} == {"取組メモ", "取組共有シート", "コメント", "地域支援計画", "ヒアリング"}
    assert not any("買い物支援の相談" in str(r[3]) for r in minosawa)


def test_the_hearing_sheet_lists_the_answers_item_by_item(workbook):
    table = rows(workbook["ヒアリング"])
    assert table[3] == ["項目", "CPエリア", "状態", "回答"]
    answers = {(r[0], r[1]): r[2:] for r in table[4:]}
    assert answers[("通いの場", "簑沢地域ケアプラザ")] == ["提出済", "サロンが三か所で再開"]
    assert answers[("見守り", "簑沢地域ケアプラザ")] == ["提出済", "民生委員と情報交換"]
    assert answers[("通いの場", "本牧地域ケアプラザ")][0] == "未記入"


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
    assert job.result_name.startswith("連絡会資料_中区_") and job.result_name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for words in ("連絡会資料（中区）", "簑沢地域ケアプラザ", "本牧地域ケアプラザ", "見守り・つながり", "誰もが気軽に集える地域",
                  "サロンの立ち上げ支援", "第6地区サロン準備会", "サロンが三か所で再開", "民生委員と情報交換"):
        assert words in text, words
    assert "屛風ヶ浦" not in text


@pytest.fixture
def year_pack(world, ward_records):
    """The 年度's pack as the PDF job lays it out, with the checks of what overflows the page."""
    period = rollup.period_for("year", today=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    made = pack.build(user=world.naka_1so, summary=summary)
    return made, render_pdf(pack.pdf_html(made), stylesheets=[pack.PDF_CSS], check_fit=True)


@pytest.fixture
def pack_text(year_pack):
    """The PDF's text layer, lines joined (pdftotext breaks long lines where the page does)."""
    return "".join(pdf_text(year_pack[1].pdf).split())


def test_the_pdf_carries_what_the_memos_say(pack_text):
    for words in ("4.期間の取組メモ", "第6地区サロン準備会", "会場の候補を三つ見に行った。タイソウの会の代表も参加。",
                  "本牧の交流会", "買い物支援の相談"):
        assert words in pack_text, words
    for words in ("消したメモ", "屛風ヶ浦の移動販売", "ヒガシ商店"):
        assert words not in pack_text, words


def test_the_pdf_carries_the_district_plans(pack_text):
    for words in ("6.地域支援計画", "第6地区令和8年度〜令和10年度", "坂が多く、買い物に困る高齢者が増えている。",
                  "歩いて行ける居場所を増やす", "地区社協と一緒にサロンの立ち上げを支える。", "地区社協、民生委員"):
        assert words in pack_text, words


def test_the_pdf_carries_the_1so_comments_under_their_section(pack_text):
    vision = pack_text.index("目指す地域の姿作成中誰もが気軽に集える地域")
    comment = pack_text.index("1層Coのコメント")
    assert vision < comment < pack_text.index("住民の言葉で書けています", vision) < pack_text.index("現状認識・課題", vision)


def test_the_pdf_dates_are_wareki_throughout(year_pack):
    import re

    # Every line but the page numbers at the foot ("3 / 7").
    text = "\n".join(line for line in pdf_text(year_pack[1].pdf).splitlines()
                     if not re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", line))
    assert "令和" in text
    # No 2026-12-06, 2026/12/6 or 12/6.
    assert not re.findall(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}/\d{1,2}", text)


def test_the_pdf_stands_portrait_on_every_page_and_no_table_is_wider_than_a4(year_pack):
    made, rendered = year_pack
    a4_portrait = (595.28, 841.89)
    assert rendered.pages >= 5
    assert {tuple(round(v) for v in size) for size in rendered.page_sizes} == {tuple(round(v) for v in a4_portrait)}
    assert rendered.overflows == []


def test_a_ward_with_many_kinds_of_memo_still_prints_within_a4(world, ward_records):
    """Fifteen kinds with long names: the counts split into blocks of columns, each within the page."""
    from tsunagu.memos.models import MemoKind

    for n in range(15):
        MemoKind.objects.create(ward=world.naka, name=f"地域の居場所づくりと担い手の発掘その{n:02}", order=n)
    period = rollup.period_for("year", today=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    made = pack.build(user=world.naka_1so, summary=summary)
    kinds = [b for b in made.count_blocks if b.label.startswith("取組の種類")]
    assert len(kinds) >= 2 and all(len(b.headers) <= pack.COUNT_COLUMNS_PER_BLOCK for b in kinds)
    assert sum(len(b.headers) for b in kinds) == len(summary.dimensions[2].columns) + 1  # every kind, and 計
    rendered = render_pdf(pack.pdf_html(made), stylesheets=[pack.PDF_CSS], check_fit=True)
    assert rendered.overflows == []
    # The sheet holds them in blocks too: nothing in the 集計 sheet past the widest block.
    sheet = load_workbook(io.BytesIO(pack.workbook(made)))["集計"]
    assert sheet.max_column <= max(pack.COUNT_COLUMNS_PER_BLOCK + 1, 9)


def test_the_overflow_check_sees_a_table_wider_than_the_page():
    wide = "<table><tr>" + "".join(f"<td>{'あ' * 12}</td>" for _ in range(12)) + "</tr></table>"
    rendered = render_pdf(f"<html><body>{wide}</body></html>",
                          stylesheets=["@page { size: A4; } td { white-space: nowrap; }"], check_fit=True)
    assert rendered.overflows and "table" in rendered.overflows[0]


# Excel's column width unit is about 7 px at 100 %; A4's printable width, with Excel's default
# margins (0.7 in each side), is 6.87 in portrait and 10.29 in landscape, at 96 px an inch.
PRINTABLE_UNITS = {"portrait": 6.87 * 96 / 7, "landscape": 10.29 * 96 / 7}


def print_scale(sheet) -> float:
    """How far fit-to-width shrinks the sheet on A4 in its own orientation (1: not at all)."""
    from openpyxl.utils import get_column_letter

    width = sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, sheet.max_column + 1))
    return min(1.0, PRINTABLE_UNITS[sheet.page_setup.orientation] / width)


def test_every_sheet_prints_on_a4_in_one_orientation_fit_to_width_and_readable(workbook):
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.orientation in ("portrait", "landscape"), sheet.title
        assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert print_scale(sheet) >= pack.PRINT_SCALE_FLOOR, (sheet.title, print_scale(sheet))


@pytest.mark.parametrize(("period", "name"), [
    ({"period": "year"}, "令和{y}年度"),
    ({"period": "half"}, "令和{y}年度上半期"),
    ({"period": "month"}, "{today.year}年{today.month}月"),
    ({}, "{today.year}年{today.month}月"),  # since the last meeting: the month it is held in
])
def test_the_pack_is_named_for_its_year_or_its_month(world, as_user, ward_records, period, name):
    today = ward_records.today
    expected = "連絡会資料_中区_" + name.format(y=fiscal_year(today) - 2018, today=today) + ".xlsx"
    response = as_user(world.naka_1so).get(reverse("liaison:pack_xlsx", args=[world.naka.pk]), period)
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(expected)}")
    title = load_workbook(io.BytesIO(response.content))["集計"]["A1"].value
    assert title.endswith(expected.removeprefix("連絡会資料_中区_").removesuffix(".xlsx"))


def test_a_period_across_months_is_named_by_its_months():
    from datetime import date
    from types import SimpleNamespace

    summary = SimpleNamespace(period=rollup.Period("custom", date(2026, 10, 7), date(2026, 12, 6)),
                              ward=SimpleNamespace(name="中区"))
    made = pack.Pack(summary=summary, sheets=[], hearing=None, made_at=None, made_by="")
    assert pack.filename(made, "pdf") == "連絡会資料_中区_2026年10月〜12月.pdf"
    summary.period = rollup.Period("custom", date(2026, 4, 1), date(2027, 3, 31))
    assert pack.filename(made, "pdf") == "連絡会資料_中区_令和8年度.pdf"
    summary.period = rollup.Period("custom", date(2026, 12, 1), date(2027, 1, 15))
    assert pack.filename(made, "xlsx") == "連絡会資料_中区_2026年12月〜2027年1月.xlsx"


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
    by_cp = tables(load_workbook(io.BytesIO(response.content))["集計"])[0][2]
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


# With the ward's records present, as in every other test here: the module's records are then
# built once for all its tests (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("ward_records")
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
    news = text[text.index("前回の連絡会からの新しい動き"):text.index("期間の取組メモ")]
    assert "定例訪問22" in news and "定例訪問00" not in news  # newest first; the oldest fall off
    assert f"新しい順に{pack.NEWS_ON_PAPER}件を載せています" in text.replace("\n", "").replace(" ", "")


def test_a_long_list_of_memos_is_cut_on_paper_and_says_so(world, ward_records, monkeypatch):
    from tests.sheets.records_factory import make_memo

    make_memo(world.minosawa_2so, world.minosawa, "秋の定例訪問", days_ago=30, content="十一月の訪問")
    monkeypatch.setattr(pack, "MEMOS_ON_PAPER", 2)
    period = rollup.period_for("year", today=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    made = pack.build(user=world.naka_1so, summary=summary)
    text = "".join(pdf_text(pack.pdf(made).pdf).split())
    memos = text[text.index("期間の取組メモ"):text.index("取組共有シート（")]
    # 簑沢's three memos of the 年度: the two newest on paper, oldest first; all three in the .xlsx.
    assert "第6地区サロン準備会" in memos and "買い物支援の相談" in memos and "秋の定例訪問" not in memos
    assert "3件のうち新しい2件を載せています" in memos
    assert memos.index("買い物支援の相談") < memos.index("第6地区サロン準備会")
    titles = [r[3] for r in rows(load_workbook(io.BytesIO(pack.workbook(made)))["取組メモ"])[4:]]
    assert {"秋の定例訪問", "買い物支援の相談", "第6地区サロン準備会"} <= set(titles)
