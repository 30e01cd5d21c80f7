"""Downloads carry Japanese names that say what they are — 取組共有シート_簑沢地域ケアプラザ_令和8年度.pdf,
not sheet-14104-CP01-2026.pdf — sent as RFC 6266 filename*=utf-8'' so that every browser saves
them under that name."""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tsunagu.lib.fiscal import fiscal_year


def saved_as(response) -> str:
    header = response["Content-Disposition"]
    assert "filename*=utf-8''" in header, header
    return unquote(header.split("filename*=utf-8''", 1)[1])


def reiwa(fy: int) -> str:
    return f"令和{fy - 2018}年度"


def test_the_sheet_pdf_is_named_for_its_cp_and_year(world, as_user, ward_records):
    response = as_user(world.minosawa_2so).get(reverse("sheets:pdf", args=[ward_records.sheet.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert saved_as(response) == f"取組共有シート_簑沢地域ケアプラザ_{reiwa(ward_records.sheet.fiscal_year)}.pdf"


def test_the_plan_pdf_is_named_for_its_district_period_and_version(world, as_user, ward_records):
    response = as_user(world.minosawa_2so).get(reverse("district_plans:pdf", args=[ward_records.plan.pk]))
    assert response.status_code == 200
    assert saved_as(response) == "地域支援計画_第6地区_令和8年度〜令和10年度_第1版.pdf"


def test_the_pack_is_named_in_english_for_an_english_reader(world, as_user, ward_records):
    client = as_user(world.naka_1so)
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(reverse("liaison:pack_xlsx", args=[world.naka.pk]), {"period": "year"})
    assert saved_as(response) == f"Liaison meeting pack_中区_FY{fiscal_year(ward_records.today)}.xlsx"
