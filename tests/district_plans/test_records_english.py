"""地域支援計画 and ヒアリング read in English for a person who picked English in the footer: the
UI words are translated; what coordinators typed (plan texts, item titles, answers) stays Japanese."""

from __future__ import annotations

from django.urls import reverse

from tests.english import english_page
from tests.hearings import conftest as hearing_fixtures

_hearings_rows, hearings = hearing_fixtures._hearings_rows, hearing_fixtures.hearings  # the fixtures, for this test outside tests/hearings


def test_a_plan_reads_in_english(world, as_user, plans):
    html = english_page(as_user(world.minosawa_2so), reverse("district_plans:detail", args=[plans.d6.pk]))
    for words in ("District support plan: 第6地区", "Current situation and issues", "Directions of the work",
                  "Open as PDF", "Drafting", "Activity memos of this district (plan period)"):
        assert words in html, words
    for words in ("地区の現状・課題", "取組の方向性", "PDFで開く", "作成中"):
        assert words not in html, words
    assert "坂が多く、買い物に困る高齢者が増えている。" in html  # typed text stays as typed


def test_the_plan_list_reads_in_english(world, as_user, plans):
    html = english_page(as_user(world.naka_1so), reverse("district_plans:list"))
    assert "Districts directly under the ward" in html and "Search the plans" in html
    assert "区に直接属する地区" not in html


def test_a_hearing_sheet_and_the_comparison_read_in_english(world, as_user, hearings):
    client = as_user(world.minosawa_2so)
    html = english_page(client, reverse("hearings:sheet_edit", args=[hearings.minosawa.pk]))
    assert "Save as submitted" in html and "Save as in progress" in html and "提出済として保存" not in html
    html = english_page(client, reverse("hearings:compare", args=[hearings.round.pk]))
    assert "Answers by CP" in html and "All items" in html and "Not started" in html
    assert "通いの場" in html  # the ward's own item titles are not translated
