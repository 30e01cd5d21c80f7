"""The directory's pages read in English for a person who picked English in the footer: the UI
words are translated, while what staff typed (listing names, places, categories) stays Japanese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tsunagu.directory.models import LeaderLink, Proposal


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    return html


def assert_english(html, *, present, absent):
    missing = [w for w in present if w not in html]
    left = [w for w in absent if w in html]
    assert not missing, f"English words missing: {missing}"
    assert not left, f"Japanese UI words left: {left}"


def test_the_public_search_results_read_in_english(listings, english):
    html = page(english, reverse("index") + "?q=たいそう")
    assert_english(
        html,
        present=[
            "Find local activities",
            "Narrow the search",
            "Search by keyword",
            "All wards",
            "Exercise level",
            "1 activity found",
        ],
        absent=["地域の活動をさがす", "条件をしぼる", "ことばで探す", "すべての区", "件見つかりました"],
    )
    assert "いきいき体操" in html  # the listing's own name is not translated


def test_many_results_take_the_plural(listings, english):
    html = page(english, reverse("index") + "?ward=")  # searched, with nothing narrowed
    assert "activities found" in html and "activity found" not in html
    assert "件見つかりました" not in html


def test_a_public_listing_reads_in_english(listings, english):
    html = page(english, reverse("public:listing", args=[listings.salon.pk]))
    assert_english(
        html,
        present=[
            "Back to search",
            "Date and time",
            "Next:",
            "Cost",
            "Free",
            "Enquiries",
            "Is this out of date, or has it ended?",
            "What is wrong?",
            "The information is out of date",
            "More details (optional)",
            "Send",
            "Print",
        ],
        absent=[
            "さがす画面へ",
            "費用",
            "無料",
            "問い合わせ",
            "情報が古い・終了している",
            "どのような点ですか",
            "くわしく（任意）",
            "知らせる",
            "印刷する",
        ],
    )
    assert "簑沢ふれあいサロン" in html


def test_the_leaders_page_reads_in_english(listings, english):
    token = LeaderLink.objects.get_or_create(listing=listings.salon)[0].token
    html = page(english, reverse("leader:page", args=[token]))
    assert_english(
        html,
        present=[
            "Check the details of “簑沢ふれあいサロン”",
            "If nothing has changed",
            "Your name (optional)",
            "These details are correct",
            "If something has changed",
            "Send changes",
            "Is it running now?",
            "Taking a break (paused)",
            "Please do not share it with anyone else.",
        ],
        absent=[
            "掲載内容の確認",
            "変わりがなければ",
            "お名前（任意）",
            "この内容で合っています",
            "変わったところがあれば",
            "変更を送る",
            "休んでいる（休止中）",
            "他の方には教えないでください",
        ],
    )


def test_the_leaders_thanks_page_reads_in_english(listings, english):
    token = LeaderLink.objects.get_or_create(listing=listings.salon)[0].token
    response = english.post(reverse("leader:confirm", args=[token]), {"name": "山田"}, follow=True)
    html = response.content.decode()
    assert_english(
        html,
        present=["Thank you", "are now marked as confirmed", "Back to the checking page"],
        absent=["ありがとうございました", "確認済みにしました", "確認のページに戻る"],
    )


def test_a_2nd_tier_coordinators_directory_list_reads_in_english(world, listings, english):
    english.force_login(world.minosawa_2so)
    html = page(english, reverse("directory:list"))
    assert_english(
        html,
        present=[
            "Community resources",
            "Add a community resource",
            "Search by name or details",
            "Area",
            "Visibility",
            "Last confirmed",
            "Export these results to a file (.xlsx)",
            "Make a booklet (PDF)",
            "Staff only",
            "Draft",
            "Ended",
            "5 entries",
        ],
        absent=[
            "地域資源を登録する",
            "名前・内容で探す",
            "公開範囲",
            "最終確認",
            "冊子（PDF）をつくる",
            # As a whole cell: a listing's own name here contains 下書き.
            ">下書き<",
            ">職員のみ<",
        ],
    )
    # Staff-only and draft listings are on the staff list, and their names stay as typed.
    assert "職員向け配食リスト" in html and "準備中の下書きサロン" in html


def test_a_2nd_tier_coordinators_listing_detail_reads_in_english(world, listings, english):
    Proposal.objects.create(listing=listings.salon, changes={"cost": ["", "100円"]}, submitted_by="山﨑")
    english.force_login(world.minosawa_2so)
    html = page(english, reverse("directory:detail", args=[listings.salon.pk]))
    assert_english(
        html,
        present=[
            "Last confirmed:",
            "Run by",
            "Venue",
            "Exercise level",
            "Transport and wheelchairs",
            "How it was confirmed",
            "By phone",
            "Confirmed today",
            "Group leader's checking link",
            "Proposed changes from group leaders",
            "See the proposal from 山﨑",
            "Edit",
        ],
        absent=[
            "最終確認",
            "運動の強さ",
            "送迎・車いす",
            "確認の方法",
            "電話で確認",
            "今日確認した",
            "代表者の確認用リンク",
            "代表者からの変更の提案",
            "の提案を見る",
        ],
    )
    assert "簑沢ふれあいサロン" in html


def test_a_2nd_tier_coordinators_home_counts_listings_in_english(world, listings, english):
    english.force_login(world.minosawa_2so)
    html = page(english, reverse("home"))
    assert_english(
        html,
        present=["Community resources within", "Draft"],
        absent=["この中の地域資源", "下書き：", "職員のみ："],
    )
