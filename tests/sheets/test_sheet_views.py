"""取組共有シート on screen: the year's sheets per CP with their statuses, a sheet with the memos
under each plan item, 前年度から引き継ぐ, comments, the history in words, print and PDF."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.sheets.records_factory import make_memo, make_sheet, this_year
from tsunagu.lib.programme import Pillar
from tsunagu.memos import services as memo_services
from tsunagu.sheets import printing, services
from tsunagu.sheets.models import SectionKey, SectionStatus, Sheet

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def test_the_list_shows_each_cp_of_the_ward_with_its_sections_statuses(world, as_user, records):
    response = as_user(world.naka_ward).get(reverse("sheets:list"))
    rows = {row["area"].name: row for row in response.context["rows"]}
    assert set(rows) == {"簑沢地域ケアプラザ", "本牧地域ケアプラザ"}
    assert rows["簑沢地域ケアプラザ"]["sheet"] == records.sheet
    assert [s.status for s in rows["簑沢地域ケアプラザ"]["sections"]][:2] == [SectionStatus.DRAFTING,
                                                                         SectionStatus.NOT_STARTED]
    assert rows["本牧地域ケアプラザ"]["sheet"] is None and not rows["本牧地域ケアプラザ"]["can_write"]
    assert "白紙からつくる" not in response.content.decode()


def test_the_1so_starts_a_sheet_and_carry_over_is_offered_where_last_year_exists(world, as_user, records):
    client = as_user(world.naka_1so)
    response = client.get(reverse("sheets:list"), {"year": this_year() + 1})
    rows = {row["area"].name: row for row in response.context["rows"]}
    assert rows["簑沢地域ケアプラザ"]["can_carry"] and not rows["本牧地域ケアプラザ"]["can_carry"]
    response = client.post(reverse("sheets:carry"), {"place": world.minosawa.pk, "year": this_year() + 1})
    new = Sheet.objects.get(place=world.minosawa, fiscal_year=this_year() + 1)
    assert response["Location"] == reverse("sheets:detail", args=[new.pk])
    assert new.plan_items.count() == 2


def test_a_carried_sheet_is_listed_in_its_own_year_and_last_years_in_the_last(world, as_user, records):
    client = as_user(world.naka_1so)
    client.post(reverse("sheets:carry"), {"place": world.minosawa.pk, "year": this_year() + 1})
    new = Sheet.objects.get(place=world.minosawa, fiscal_year=this_year() + 1)
    for year, sheet in ((this_year() + 1, new), (this_year(), records.sheet)):
        rows = {row["area"]: row for row in client.get(reverse("sheets:list"), {"year": year}).context["rows"]}
        assert rows[world.minosawa]["sheet"] == sheet


def test_carrying_over_twice_is_refused_with_a_message(world, as_user, records):
    client = as_user(world.minosawa_2so)
    client.post(reverse("sheets:carry"), {"place": world.minosawa.pk, "year": this_year() + 1})
    response = client.post(reverse("sheets:carry"), {"place": world.minosawa.pk, "year": this_year() + 1},
                           follow=True)
    assert "のシートはもうあります" in response.content.decode()
    assert Sheet.objects.filter(place=world.minosawa, fiscal_year=this_year() + 1).count() == 1


def test_each_plan_item_shows_its_memos_counted_and_listed(world, as_user, records):
    make_memo(world.naka_1so, world.minosawa, "協議体で共有", plan_items=[records.first])
    gone = make_memo(world.minosawa_2so, world.d6, "削除したメモ", plan_items=[records.first])
    memo_services.memo_delete(user=world.minosawa_2so, memo=gone)
    response = as_user(world.naka_ward).get(reverse("sheets:detail", args=[records.sheet.pk]))
    items = {item.title: item for item in response.context["items"]}
    assert items["サロンの立ち上げ支援"].memo_count == 2
    assert {m.title for m in items["サロンの立ち上げ支援"].visible_memos} == {"協議体で共有", "第6地区サロン準備会"}
    assert items["見守りの輪づくり"].memo_count == 0
    page = response.content.decode()
    assert "つながるメモ 2件" in page and "削除したメモ" not in page
    assert f"{reverse('memos:list')}?plan_item={records.first.pk}" in page


def test_a_2so_is_not_offered_confirmed_but_the_1so_is(world, as_user, records):
    url = reverse("sheets:section_edit", args=[records.sheet.pk, "vision"])
    choices = dict(as_user(world.minosawa_2so).get(url).context["form"].fields["status"].choices)
    assert SectionStatus.CONFIRMED not in choices and SectionStatus.SUBMITTED in choices
    response = as_user(world.minosawa_2so).post(url, {"text": "x", "status": SectionStatus.CONFIRMED, "version": 2})
    assert response.status_code == 200 and response.context["form"].errors
    choices = dict(as_user(world.naka_1so).get(url).context["form"].fields["status"].choices)
    assert SectionStatus.CONFIRMED in choices


def test_a_section_save_clears_the_browsers_draft_on_the_next_page(world, as_user, records):
    client = as_user(world.minosawa_2so)
    section = records.sheet.section(SectionKey.CURRENT)
    response = client.post(reverse("sheets:section_edit", args=[records.sheet.pk, "current"]),
                           {"text": "課題", "status": SectionStatus.DRAFTING, "version": section.version}, follow=True)
    assert f'data-drafts-clear="u{world.minosawa_2so.pk}:section:{section.pk}"' in response.content.decode()
    # Shown once only.
    assert "data-drafts-clear" not in client.get(reverse("sheets:detail", args=[records.sheet.pk])).content.decode()


def test_a_refused_section_save_keeps_what_was_typed(world, as_user, records):
    url = reverse("sheets:section_edit", args=[records.sheet.pk, "current"])
    response = as_user(world.minosawa_2so).post(url, {"text": "長い文章をここまで書いた", "status": "", "version": 1})
    assert response.status_code == 200
    assert "長い文章をここまで書いた" in response.content.decode()


def test_plan_items_are_added_and_moved_through_the_screens(world, as_user, records):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("sheets:item_create", args=[records.sheet.pk]),
                           {"title": "移動販売の試行", "pillar": Pillar.DAILY_SUPPORT, "goal": "月2回"})
    assert response.status_code == 302
    item = records.sheet.plan_items.get(title="移動販売の試行")
    client.post(reverse("sheets:item_move", args=[records.sheet.pk, item.pk]), {"to": "up"})
    assert list(records.sheet.plan_items.values_list("title", flat=True))[1] == "移動販売の試行"
    response = client.post(reverse("sheets:item_create", args=[records.sheet.pk]), {"title": "", "pillar": ""})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(reverse("sheets:item_delete", args=[records.sheet.pk, item.pk]))
    assert not records.sheet.plan_items.filter(pk=item.pk).exists()


def test_a_comment_by_the_1so_is_shown_and_marked_done_by_the_2so(world, as_user, records):
    as_user(world.naka_1so).post(reverse("sheets:comment_create", args=[records.sheet.pk, "vision"]),
                                 {"text": "住民の言葉で書けるとよいです"})
    client = as_user(world.minosawa_2so)
    page = client.get(reverse("sheets:section_edit", args=[records.sheet.pk, "vision"])).content.decode()
    assert "住民の言葉で書けるとよいです" in page
    comment = records.sheet.section(SectionKey.VISION).comments.get()
    client.post(reverse("sheets:comment_resolve", args=[records.sheet.pk, comment.pk]), {"resolved": "1"})
    comment.refresh_from_db()
    assert comment.resolved


def test_the_history_reads_in_words(world, as_user, records):
    section = records.sheet.section(SectionKey.VISION)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version,
                            text="誰もが気軽に集える、坂の上でも買い物に困らない地域", status=SectionStatus.CONFIRMED)
    services.plan_item_delete(user=world.minosawa_2so, item=records.second)
    page = as_user(world.naka_ward).get(reverse("sheets:history", args=[records.sheet.pk])).content.decode()
    # What changed, not the two whole texts: the added words marked inside the one text.
    assert '誰もが気軽に集える<ins class="diff">、坂の上でも買い物に困らない</ins>地域' in page
    assert "作成中" in page and "確認済" in page
    assert "計画から外す" in page and "民生委員と自治会の情報交換の場" in page


def test_the_pdf_holds_the_japanese_and_every_glyph(world, as_user, records):
    section = records.sheet.section(SectionKey.CURRENT)
    services.section_update(user=world.minosawa_2so, section=section, seen_version=section.version,
                            text="山﨑さん・髙橋さんの自治会で、ﾀｸｼｰでの買物支援①を検討", status=SectionStatus.SUBMITTED)
    response = as_user(world.naka_ward).get(reverse("sheets:pdf", args=[records.sheet.pk]))
    assert response["Content-Type"] == "application/pdf"
    # Table cells wrap long names over lines: compare without the line breaks.
    text = "".join(pdf_text(response.content).split())
    for expected in ("取組共有シート", "簑沢地域ケアプラザ", "目指す地域の姿", "誰もが気軽に集える地域", "山﨑さん・髙橋さんの自治会",
                     "サロンの立ち上げ支援", "交流・居場所", "第6地区サロン準備会", "提出済"):
        assert expected in text, expected
    assert printing.render_sheet_pdf(user=world.naka_ward, sheet=records.sheet).missing_glyphs == []


def _print_rules(css: str) -> str:
    """The rules inside the stylesheet's @media print block (braces counted, comments dropped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    start = css.index("@media print")
    depth, at = 0, css.index("{", start)
    for end in range(at, len(css)):
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        if depth == 0:
            return css[at + 1:end]
    raise AssertionError("unclosed @media print")


def test_the_print_page_is_a4(world, as_user, records):
    """The page a browser prints: its own stylesheets (as linked, read from the static files) set
    A4 for print; the PDF made on the server comes out on A4 paper (595 × 842 pt)."""
    page = as_user(world.naka_1so).get(reverse("sheets:print", args=[records.sheet.pk])).content.decode()
    assert "誰もが気軽に集える地域" in page
    linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert linked, "the print page links no stylesheet"
    print_rules = ""
    for href in linked:
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, f"{href} is not a static file"
        css = open(path, encoding="utf-8").read()
        if "@media print" in css:
            print_rules += _print_rules(css)
    assert re.search(r"@page\s*\{[^}]*\bsize:\s*A4\b", print_rules), "no @page { size: A4 } for print"

    with pikepdf.open(io.BytesIO(printing.render_sheet_pdf(user=world.naka_1so, sheet=records.sheet).pdf)) as pdf:
        sizes = {tuple(round(float(v)) for v in p.mediabox[2:]) for p in pdf.pages}
    assert sizes == {(595, 842)}


def test_the_sheet_list_finds_words_in_any_section(world, as_user, records):
    make_sheet(world.naka_1so, world.honmoku, items=[("いきいき体操の継続", Pillar.GATHERING, "")])
    found = as_user(world.naka_1so).get(reverse("sheets:list"), {"q": "タイソウ"}).context["found"]
    assert [s.place for s in found] == [world.honmoku]  # 体操 is in kanji: its reading is stored too
    found = as_user(world.naka_1so).get(reverse("sheets:list"), {"q": "タイソウ カラオケ"}).context["found"]
    assert [s.place for s in found] == []
    found = as_user(world.naka_1so).get(reverse("sheets:list"), {"q": "体操"}).context["found"]
    assert [s.place for s in found] == [world.honmoku]
