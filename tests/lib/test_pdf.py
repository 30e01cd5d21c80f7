"""The one place PDFs are made: the project's own font, every glyph printed, nothing fetched."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image

from tsunagu.lib import pdf


def pdf_text(data: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout


def test_the_font_files_are_the_projects_own_biz_ud_gothic():
    for filename, _weight in pdf.FACES:
        path = pdf.FONTS_DIR / filename
        assert path.is_file()
        names = {r.toUnicode() for r in TTFont(path)["name"].names if r.nameID == 1}
        assert "BIZ UDPGothic" in names
    assert (pdf.FONTS_DIR / "OFL.txt").read_text().startswith("Copyright 2022 The BIZ UDGothic Project Authors")
    assert "BIZ UDPゴシック" in (pdf.FONTS_DIR / "CREDITS.md").read_text()


def test_font_faces_are_loaded_from_the_project_by_file_url():
    css = pdf.font_face_css()
    for filename, weight in pdf.FACES:
        assert (pdf.FONTS_DIR / filename).as_uri() in css
        assert f"font-weight: {weight}" in css


def test_japanese_round_trips_through_the_text_layer_in_the_projects_font(tmp_path):
    result = pdf.render_pdf("<p>山﨑さんと髙橋さんの<b>お買物ツアー</b>、ﾀｸｼｰ〜①</p>")
    text = pdf_text(result.pdf)
    assert "山﨑さんと髙橋さんのお買物ツアー" in text
    assert result.missing_glyphs == []
    fonts = pdf_fonts(result.pdf, tmp_path)
    # The subset names come from our @font-face family, so the glyphs are BIZ UD's, not the machine's.
    assert "Tsunagu-Gothic" in fonts
    assert "Tsunagu-Gothic-Bold" in fonts


def test_a_character_biz_ud_lacks_falls_back_instead_of_printing_a_box(tmp_path):
    result = pdf.render_pdf("<p>𠮷田さん</p>")
    assert "𠮷田さん" in pdf_text(result.pdf)
    assert result.missing_glyphs == []
    assert "Noto-Sans-CJK-JP" in pdf_fonts(result.pdf, tmp_path)


def test_a_character_no_font_has_is_reported():
    # U+0378 is unassigned: every font lacks it, so WeasyPrint prints a box and says so.
    result = pdf.render_pdf("<p>あ\u0378い</p>")
    assert result.missing_glyphs == ["\u0378"]


def test_pages_are_reported_as_they_are_laid_out():
    seen = []
    result = pdf.render_pdf("".join(f'<p style="break-after: page">{i}ページ目</p>' for i in range(3)),
                            on_page=seen.append)
    assert result.pages == 3
    assert set(seen) == {1, 2, 3}


def test_only_project_files_and_data_uris_may_be_fetched():
    fetcher = pdf._fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/secret.png")
    response = fetcher.fetch((pdf.FONTS_DIR / "OFL.txt").as_uri())
    assert response.read().startswith(b"Copyright")


def test_a_page_naming_an_outside_file_still_renders_without_it():
    result = pdf.render_pdf('<p>画像なし</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">')
    assert "画像なし" in pdf_text(result.pdf)


def test_the_steps_around_the_layout_are_reported():
    stages = []
    pdf.render_pdf("<p>段階</p>", on_stage=stages.append)
    assert stages == ["parse", "style", "boxes", "write"]


def test_a_qr_code_named_by_its_text_is_drawn_and_reads_back(tmp_path):
    url = "https://tsunagu.example.jp/l/12/?a=1&b=髙"
    result = pdf.render_pdf(f'<img src="{pdf.qr_src(url)}" style="width: 30mm; image-rendering: pixelated">')
    (tmp_path / "qr.pdf").write_bytes(result.pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "qr.pdf"), str(tmp_path / "qr")], check=True)
    png = next(tmp_path.glob("qr*.png"))
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(png))] == [url]


def test_workers_render_side_by_side_and_report_pages_as_they_go():
    seen = []
    documents = [("".join(f'<p style="break-after: page">{name}{i}</p>' for i in range(pages)), [])
                 for name, pages in (("一", 3), ("二", 5))]
    with pdf.Workers(2, on_page=seen.append) as workers:
        first, second = workers.render(documents)
        again = workers.render(documents[:1], counted=[])
    assert (first.pages, second.pages, again[0].pages) == (3, 5, 3)
    assert "一2" in pdf_text(first.pdf) and "二4" in pdf_text(second.pdf)
    # Pages are counted across the documents asked for; the bar only moves forward.
    assert seen == sorted(seen) and seen[-1] == 8
    assert len(first.anchors) == 3 and first.outline == []


def test_parts_put_together_keep_their_order_stamps_links_and_outline():
    front = pdf.render_pdf('<h1>表紙</h1><p><a href="tsunagu-to:there">あちらへ</a>'
                           '<a href="tsunagu-to:nowhere">どこにも</a></p>', collect=True)
    part = pdf.render_pdf('<h2>一ページ目</h2><p style="break-before: page" id="there">ここです</p>', collect=True)
    stamp = pdf.render_pdf('<p style="margin: 250mm 0 0 20mm">スタンプ</p>', collect=True)
    data = pdf.combine([front, part, stamp], [(0, 0), (1, 0), (1, 1)], stamps={2: [(2, 0, 0), (2, 0, 100)]},
                       outline=[("表紙", (0, 50, 800), [("一ページ目", (1, 50, 800), [], "open")], "open")])
    pages = pdf_text(data).split("\f")[:-1]
    assert "あちらへ" in pages[0] and "一ページ目" in pages[1] and "ここです" in pages[2]
    assert "スタンプ" in pages[2] and "スタンプ" not in pages[1]
    # The second stamp is drawn 100 points to the right of the first.
    lefts = sorted(float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>スタンプ<', pdf_text(data, "-bbox")))
    assert len(lefts) == 2 and abs(lefts[1] - lefts[0] - 100) < 0.5
    with pikepdf.open(io.BytesIO(data)) as document:
        annotations = list(document.pages[0].obj.Annots)
        # The link to an id that is nowhere is dropped; the other goes to the page the id is on.
        assert all("/A" not in a for a in annotations) and annotations
        assert {a.Dest[0].objgen for a in annotations} == {document.pages[2].objgen}
        with document.open_outline() as tree:
            assert [item.title for item in tree.root] == ["表紙"]
            assert tree.root[0].children[0].destination[0].objgen == document.pages[1].objgen
