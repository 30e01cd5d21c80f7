"""An event's papers: the invitation letter and the minutes as A4 PDFs in Japanese (the text layer
holds the title, 和暦 dates and a decision; no character printed as a box), and the minutes as .xlsx."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.events.minutes_factory import DECISION, minutes_world
from tsunagu.events import papers
from tsunagu.lib import dates

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def as_pictures(data: bytes, name: str) -> None:
    """The pages as PNGs under var/screenshots/ (pdftoppm -r 60), for a person to look at the glyphs
    and the layout."""
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-", str(SCREENSHOTS / name)], input=data, check=True)


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


@pytest.fixture
def w(world):
    return minutes_world(world)


def test_the_minutes_pdf_holds_the_title_the_decisions_attendance_and_follow_ups(world, as_user, w):
    rendered = papers.minutes_pdf(w.meeting)
    assert rendered.missing_glyphs == []
    assert all(size == A4 for size in rendered.page_sizes)
    as_pictures(rendered.pdf, "events-minutes-pdf")
    text = "".join(pdf_text(rendered.pdf).split())
    assert "中区生活支援連絡会（12月）議事録" in text
    assert DECISION in text
    assert dates.document_date(w.meeting.starts_on) in text  # 令和…年…月…日
    assert "住民30人" in text and "民生委員8人" in text and "団体2人" in text and "合計41人" in text
    assert "担い手募集チラシの原案を作る" in text and "未着手" in text

    response = as_user(world.minosawa_2so).get(reverse("events:minutes_pdf", args=[w.meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E8%AD%B0%E4%BA%8B%E9%8C%B2_" in response["Content-Disposition"]  # 議事録_


def test_the_invitation_letter_names_organisers_dates_place_agenda_and_the_reply_date(world, as_user, w):
    response = as_user(world.naka_1so).get(reverse("events:invitation_pdf", args=[w.meeting.pk]),
                                           {"reply_by": "2027-01-08", "contact": "中区社協 生活支援担当 045-000-0000"})
    assert response.status_code == 200
    as_pictures(response.content, "events-invitation-pdf")
    text = "".join(pdf_text(response.content).split())
    assert "「中区生活支援連絡会（12月）」のご案内" in text
    assert "中区社会福祉協議会" in text and "中区役所" in text
    assert dates.document_date(w.meeting.starts_on) in text and "14:00〜16:00" in text
    assert "中区役所6階会議室" in text
    assert "各CPの取組報告" in text and "交流会の準備" in text
    assert "令和9年1月8日までにお知らせください。" in text
    assert "045-000-0000" in text
    rendered = papers.invitation_pdf(w.meeting, reply_by=None)
    assert rendered.missing_glyphs == [] and rendered.pages == 1


def test_the_minutes_workbook_has_each_item_and_the_follow_ups(world, as_user, w):
    response = as_user(world.naka_ward).get(reverse("events:minutes_xlsx", args=[w.meeting.pk]))
    book = load_workbook(io.BytesIO(response.content))
    minutes, followups = book.worksheets
    values = [c.value for row in minutes.iter_rows() for c in row if c.value]
    assert any(DECISION in str(v) for v in values) and "各CPの取組報告" in values
    rows = [[c.value for c in row] for row in followups.iter_rows(min_row=2)]
    assert ["各CPの取組報告", "担い手募集チラシの原案を作る", str(world.minosawa_2so)] == rows[0][:3]
    assert int(minutes.page_setup.paperSize) == int(minutes.PAPERSIZE_A4)

