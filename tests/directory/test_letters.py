"""確認のお願い: printed letters to the organisers of stale listings, and who may print them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.directory.conftest import make_listing
from tests.directory.test_booklet import page_texts, pdf_text, qr_texts, word_heights
from tsunagu.directory.models import LeaderLink, Status
from tsunagu.jobs.models import Job

PUBLIC = "https://tsunagu.example.jp"
EDITORS_OF_MINOSAWA = ["admin", "naka_1so", "minosawa_2so", "minosawa_staff"]
NOT_EDITORS = ["naka_ward", "naka_cm", "nobody"]


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.TSUNAGU_PUBLIC_URL = PUBLIC


@pytest.fixture
def stale(world, listings):
    """Stale listings in 簑沢's area (one with 﨑, one with 髙), a fresh one, a stale ended one, and
    a stale one in 磯子区."""
    world.minosawa_cp.phone = "045-625-0000"
    world.minosawa_cp.save()
    listings.yamasaki = make_listing(world.d6, "山﨑さんちの縁側サロン", categories=["salon"], confirmed_days_ago=400,
                                     organiser_name="縁側の会", public_contact_name="山﨑花子",
                                     public_phone="045-000-1111", staff_contact="代表者の携帯 090-9999-0000",
                                     internal_note="内部メモ：鍵は管理人室", public_email="engawa@example.jp",
                                     cost="1回100円（お茶代）", application="不要・直接会場へ", has_pickup=True,
                                     eligibility_note="簑沢・第6地区にお住まいの方",
                                     schedule_note="祝日・年末年始はお休み。雨の日は中止することがあります。",
                                     description="縁側でお茶を飲みながら、ご近所の方とおしゃべりを楽しむ会です。" * 6)
    # The fullest letter must still fit on its one page.
    listings.yamasaki.location.name = "簑沢地区センター 2階 和室（エレベーターあり）"
    listings.yamasaki.location.address = "横浜市中区簑沢12番地の34 簑沢コミュニティハウス内"
    listings.yamasaki.location.save()
    listings.takahashi = make_listing(world.minosawa, "髙橋体操クラブ", categories=["taiso"], confirmed_days_ago=500)
    listings.old_ended = make_listing(world.minosawa, "昔の会食会", status=Status.ENDED, status_reason="解散",
                                      confirmed_days_ago=800)
    listings.isogo_stale = make_listing(world.kuraki, "磯子の古い体操", confirmed_days_ago=900)
    return listings


def start(client, **data) -> Job:
    response = client.post(reverse("directory:letters"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert response["Location"] == job.get_absolute_url()
    return job


def pdf_of(job: Job) -> bytes:
    assert job.state == Job.State.DONE, job.error
    with job.result_file.open("rb") as f:
        return f.read()


def leader_url(listing) -> str:
    return PUBLIC + reverse("leader:page", args=[LeaderLink.objects.get(listing=listing).token])


def test_one_letter_per_stale_listing_with_what_is_on_file(world, stale, as_user):
    job = start(as_user(world.minosawa_2so))
    pages = page_texts(pdf_of(job))
    assert len(pages) == 2 == job.result["letters"]
    text = "".join(pages)
    assert "山﨑さんちの縁側サロン" in text and "髙橋体操クラブ" in text
    for left_out in ["いきいき体操", "簑沢ふれあいサロン", "昔の会食会", "磯子の古い体操"]:
        assert left_out not in text  # fresh, ended, or outside 簑沢's area
    letter = next(page for page in pages if "山﨑さんちの縁側サロン" in page)
    assert "縁側の会" in letter and "山﨑花子" in letter and "様" in letter
    assert "毎週火曜 10:00〜12:00" in letter and "045-000-1111" in letter
    assert "変更がなければ" in letter and "変更があれば" in letter and "この内容で合っています" in letter
    assert "簑沢地域ケアプラザ" in letter and "045-625-0000" in letter
    assert job.result["missing_glyphs"] == []


def test_staff_only_fields_are_not_printed(world, stale, as_user):
    text = pdf_text(pdf_of(start(as_user(world.naka_1so))))
    assert "090-9999-0000" not in text and "鍵は管理人室" not in text


def test_each_letter_carries_its_leaders_link_as_text_and_qr_code(world, stale, as_user, tmp_path):
    data = pdf_of(start(as_user(world.minosawa_2so)))
    urls = {leader_url(stale.yamasaki), leader_url(stale.takahashi)}
    assert qr_texts(data, tmp_path) == urls
    # pdftotext joins a word broken after a hyphen by dropping the hyphen; tokens may hold "-".
    flat = pdf_text(data).replace("\n", "").replace("-", "")
    assert all(url.replace("-", "") in flat for url in urls)


def test_the_printed_link_opens_that_listings_leader_page(world, stale, as_user, client):
    start(as_user(world.minosawa_2so))
    client.logout()
    page = client.get(leader_url(stale.yamasaki).removeprefix(PUBLIC))
    assert page.status_code == 200 and "山﨑さんちの縁側サロン" in page.content.decode()


def test_an_existing_leader_link_is_reused(world, stale, as_user):
    link = LeaderLink.objects.create(listing=stale.yamasaki)
    start(as_user(world.minosawa_2so))
    assert LeaderLink.objects.filter(listing=stale.yamasaki).get().token == link.token


def test_letters_are_in_large_type(world, stale, as_user):
    data = pdf_of(start(as_user(world.minosawa_2so)))
    assert min(word_heights(data, "いつも地域での活動")) >= 13.9
    assert min(word_heights(data, "毎週火曜")) >= 13.4


def test_narrowing_to_a_place(world, stale, as_user):
    text = pdf_text(pdf_of(start(as_user(world.naka_1so), place=world.d6.pk)))
    assert "山﨑さんちの縁側サロン" in text and "髙橋体操クラブ" not in text


def test_a_posted_list_of_ids_prints_those_even_if_fresh(world, stale, as_user):
    job = start(as_user(world.naka_1so), ids=[stale.taiso.pk, stale.yamasaki.pk])
    text = pdf_text(pdf_of(job))
    assert "いきいき体操" in text and "山﨑さんちの縁側サロン" in text and "髙橋体操クラブ" not in text


def test_an_id_out_of_reach_is_a_404_and_prints_nothing(world, stale, as_user):
    client = as_user(world.minosawa_2so)
    assert client.post(reverse("directory:letters"), {"ids": [stale.yamasaki.pk, stale.isogo_stale.pk]}).status_code == 404
    assert client.post(reverse("directory:letters"), {"ids": ["x"]}).status_code == 404
    assert not Job.objects.exists()


def test_nothing_stale_gives_a_message_and_no_job(world, listings, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("directory:letters"), follow=True)
    assert "確認のお願いを出す地域資源がありません" in response.content.decode()
    assert not Job.objects.exists()


def test_the_page_shows_how_many_letters_it_will_print(world, stale, as_user):
    body = as_user(world.naka_1so).get(reverse("directory:letters")).content.decode()
    assert "対象は2件です" in body and "山﨑さんちの縁側サロン" in body
    body = as_user(world.naka_1so).get(reverse("directory:letters"), {"place": world.d6.pk}).content.decode()
    assert "対象は1件です" in body


def test_a_job_whose_owner_lost_the_listings_fails_with_a_message(world, stale):
    from tsunagu.jobs.services import job_start

    job = job_start(user=world.isogo_1so, kind="letters", title="確認のお願い",
                    params={"ids": [stale.yamasaki.pk], "base_url": PUBLIC})
    assert job.state == Job.State.FAILED and "印刷できる地域資源がありません" in job.error
    assert not LeaderLink.objects.exists()


# --- who may print them -------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS_OF_MINOSAWA)
def test_editors_may_print_letters(world, stale, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:letters")).status_code == 200
    assert "山﨑さんちの縁側サロン" in pdf_text(pdf_of(start(client)))


def test_a_district_officer_prints_for_their_district(world, stale, as_user):
    text = pdf_text(pdf_of(start(as_user(world.naka_chiku))))
    assert "山﨑さんちの縁側サロン" in text and "髙橋体操クラブ" not in text


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_viewers_and_people_without_a_role_get_404(world, stale, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:letters")).status_code == 404
    assert client.post(reverse("directory:letters")).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["isogo_1so", "byobugaura_2so"])
def test_another_wards_editors_get_404_for_this_wards_places_and_listings(world, stale, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:letters"), {"place": world.minosawa.pk}).status_code == 404
    assert client.post(reverse("directory:letters"), {"place": world.naka.pk}).status_code == 404
    assert client.post(reverse("directory:letters"), {"ids": [stale.yamasaki.pk]}).status_code == 404
    assert not Job.objects.exists()
    # What they may print is their own ward's.
    assert "磯子の古い体操" in pdf_text(pdf_of(start(client)))


# With the module's listings present, as in its other tests: they are then built once for the module
# (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("listings")
def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for response in (client.get(reverse("directory:letters")), client.post(reverse("directory:letters"))):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_staff_list_page_has_a_button_to_print_them(world, stale, as_user):
    client = as_user(world.minosawa_2so)
    body = client.get(reverse("directory:list")).content.decode()
    assert f'action="{reverse("directory:letters")}"' in body
    # Viewers have nothing to print and see no button.
    assert reverse("directory:letters") not in as_user(world.naka_cm).get(reverse("directory:list")).content.decode()


def test_a_letter_is_not_addressed_to_the_office_that_sends_it(world, stale, as_user):
    stale.takahashi.public_contact_name = "簑沢地域ケアプラザ（地域活動の問合せ）"
    stale.takahashi.save()
    text = pdf_text(pdf_of(start(as_user(world.minosawa_2so), ids=[stale.takahashi.pk])))
    head = text.split("掲載内容の確認のお願い")[0]
    assert "テストの会" in head and "ご担当者" in head and "問合せ）" not in head
