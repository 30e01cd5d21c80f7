"""Dates on documents: 和暦 in Japanese, plain English dates in English (tsunagu/lib/dates.py and
the wareki filters), so that neither language's page shows the other's calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from tsunagu.lib import dates


def render(source: str, **context) -> str:
    return Template("{% load japanese %}" + source).render(Context(context))


def test_document_dates_are_wareki_in_japanese():
    with translation.override("ja"):
        assert dates.document_date(date(2026, 12, 6)) == "令和8年12月6日"
        assert dates.document_day(date(2026, 12, 6)) == "12月6日"
        assert dates.fiscal_year_name(2026) == "令和8年度"
        assert dates.month_name(2026, 12) == "2026年12月"
        moment = datetime(2026, 12, 6, 1, 5, tzinfo=ZoneInfo("UTC"))  # 10:05 in Yokohama
        assert dates.document_datetime(moment) == "令和8年12月6日 10:05"


def test_a_period_leaves_out_the_year_its_end_shares_with_its_start():
    with translation.override("ja"):
        assert dates.document_period(date(2026, 10, 7), date(2026, 12, 6)) == "令和8年10月7日〜12月6日"
        assert dates.document_period(date(2026, 4, 1), date(2027, 3, 31)) == "令和8年4月1日〜令和9年3月31日"
        assert dates.document_period(date(2019, 4, 1), date(2019, 5, 31)) == "平成31年4月1日〜令和元年5月31日"
        assert dates.months_name(date(2026, 10, 7), date(2026, 12, 6)) == "2026年10月〜12月"
        assert dates.months_name(date(2026, 12, 1), date(2027, 1, 6)) == "2026年12月〜2027年1月"


def test_english_readers_get_english_dates_without_an_era():
    with translation.override("en"):
        assert dates.document_date(date(2026, 12, 6)) == "6 December 2026"
        assert dates.document_day(date(2026, 12, 6)) == "6 Dec"
        assert dates.fiscal_year_name(2026) == "FY2026"
        assert dates.document_period(date(2026, 10, 7), date(2026, 12, 6)) == "7 October 2026 – 6 December 2026"
        assert dates.months_name(date(2026, 10, 7), date(2026, 12, 6)) == "October – December 2026"
        assert render("{{ d|wareki }} {{ y|fiscal_year_label }}", d=date(2026, 12, 6), y=2026) == "6 December 2026 FY2026"


def test_the_filters_follow_the_language():
    with translation.override("ja"):
        assert render("{{ d|wareki }}／{{ d|wareki_short }}", d=date(2026, 12, 6)) == "令和8年12月6日／12月6日"
        assert render("{{ y|fiscal_year_label }}", y=2026) == "令和8年度（2026年度）"
        assert render("{{ d|wareki }}", d=None) == ""
