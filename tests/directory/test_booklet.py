"""The printed booklet (冊子): what residents get on paper, and who may make it."""

from __future__ import annotations

import io
import logging
import re
import subprocess
from concurrent.futures.process import BrokenProcessPool
from types import SimpleNamespace

import pikepdf
import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.directory.conftest import make_listing
from tsunagu.directory import booklet
from tsunagu.directory.models import Category, Visibility
from tsunagu.jobs.models import Job
from tsunagu.lib import fiscal, pdf

PUBLIC = "https://tsunagu.example.jp"
VIEWERS_OF_NAKA = ["admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff", "naka_cm"]
OUTSIDERS = ["isogo_1so", "byobugaura_2so"]


def pdf_text(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def page_texts(data: bytes) -> list[str]:
    # pdftotext ends every page with a form feed.
    return pdf_text(data).split("\f")[:-1]


def word_heights(data: bytes, word: str) -> list[float]:
    """Heights (pt) of the text-layer words that contain a string: a measure of the type size."""
    found = []
    for match in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                             pdf_text(data, "-bbox")):
        if word in match.group(3):
            found.append(float(match.group(2)) - float(match.group(1)))
    return found


def qr_texts(data: bytes, tmp_path, dpi: int = 150) -> set[str]:
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(tmp_path / "b.pdf"), str(tmp_path / "page")], check=True)
    texts = set()
    for png in sorted(tmp_path.glob("page*.png")):
        texts |= {code.text for code in zxingcpp.read_barcodes(Image.open(png))}
    return texts


def footers(data: bytes) -> list[list[str]]:
    """The words printed in each page's bottom margin (below 800 pt of the 842 pt A4 page)."""
    pages = pdf_text(data, "-bbox").split("<page ")[1:]
    return [[m.group(2) for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
             if float(m.group(1)) > 800] for page in pages]


def link_targets(data: bytes) -> list[list[int]]:
    """For each page, the page numbers (1-based) its links go to."""
    with pikepdf.open(io.BytesIO(data)) as document:
        number = {page.objgen: i + 1 for i, page in enumerate(document.pages)}
        found = []
        for page in document.pages:
            targets = []
            for annotation in page.obj.get("/Annots", []):
                assert "/A" not in annotation or not str(annotation.A.get("/URI", "")).startswith("tsunagu-to:")
                destination = annotation.get("/Dest")
                if isinstance(destination, pikepdf.String | pikepdf.Name):
                    names = document.Root.Names.Dests
                    destination = pikepdf.NameTree(names)[str(destination)]
                if destination is not None:
                    targets.append(number[destination[0].objgen])
            found.append(targets)
        return found


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page)."""
    with pikepdf.open(io.BytesIO(data)) as document:
        number = {page.objgen: i + 1 for i, page in enumerate(document.pages)}
        found = []

        def walk(items, depth):
            for item in items:
                found.append((depth, item.title, number[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        with document.open_outline() as tree:
            walk(tree.root, 0)
        return found


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.TSUNAGU_PUBLIC_URL = PUBLIC


LAYOUTS = ["one document", "in parts"]


def lay_out(monkeypatch, how: str) -> list:
    """Booklets made as `how` says; the list fills with the calls of render_in_parts."""
    calls = []
    if how == "in parts":
        original = booklet.render_in_parts
        monkeypatch.setattr(booklet, "PARALLEL_FROM", 0)
        monkeypatch.setattr(booklet.os, "cpu_count", lambda: 2)
        monkeypatch.setattr(booklet, "render_in_parts", lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


@pytest.fixture(params=LAYOUTS)
def layout(request, monkeypatch):
    """Each booklet as one document, and as a large one is made: laid out in parts side by side."""
    calls = lay_out(monkeypatch, request.param)
    yield request.param
    assert bool(calls) == (request.param == "in parts")


@pytest.fixture
def printed(world, listings):
    """Two more public listings whose names hold 﨑 and 髙, and a staff-only one with secrets."""
    return add_printed(world, listings)


def add_printed(world, listings):
    listings.yamasaki = make_listing(world.d6, "山﨑さんちの縁側サロン", kana="やまさきさんちのえんがわさろん",
                                     categories=["salon", "kaishoku"], has_pickup=True, wheelchair=True,
                                     public_phone="045-000-1111", staff_contact="代表者の携帯 090-9999-0000",
                                     internal_note="内部メモ：鍵は管理人室")
    listings.takahashi = make_listing(world.d7, "髙橋体操クラブ", kana="たかはしたいそうくらぶ", categories=["taiso"],
                                      intensity=3, cost="1回100円")
    return listings


def make(client, place, **data) -> Job:
    response = client.post(reverse("directory:booklet"), {"place": place.pk, **data})
    assert response.status_code == 302, response.content.decode()[:500]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert response["Location"] == job.get_absolute_url()
    return job


def pdf_of(job: Job) -> bytes:
    assert job.state == Job.State.DONE, job.error
    with job.result_file.open("rb") as f:
        return f.read()


# --- what is printed ---------------------------------------------------------------------------


# 中区's booklet as the ward's 1層Co makes it, from the fixtures' rows and nothing else: made once per
# layout for the class (each PDF takes 10-50 s on the 2-core machine) and read by each test below;
# the rows are rolled back after the class. Tests that change the rows or the request make their own.


@pytest.fixture(scope="class", params=LAYOUTS)
def naka_booklet(request, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client, override_settings

    from tests.conftest import FAST_HASHER, build_world
    from tests.directory.conftest import make_listings

    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (pytest.MonkeyPatch.context() as monkeypatch, django_db_blocker.unblock(), transaction.atomic(),
          override_settings(TSUNAGU_PUBLIC_URL=PUBLIC, TASKS=tasks, PASSWORD_HASHERS=FAST_HASHER,
                            MEDIA_ROOT=tmp_path_factory.mktemp("booklet-media"))):
        cache.clear()
        calls = lay_out(monkeypatch, request.param)
        world = build_world()
        printed = add_printed(world, make_listings(world))
        client = Client()
        client.force_login(world.naka_1so)
        job = make(client, world.naka)
        made = SimpleNamespace(layout=request.param, world=world, printed=printed, job=job, pdf=pdf_of(job))
        assert bool(calls) == (request.param == "in parts")
        yield made
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestNakasBooklet:
    def test_the_text_layer_round_trips_japanese_names_with_rare_kanji(self, naka_booklet):
        text = pdf_text(naka_booklet.pdf)
        for name in ["山﨑さんちの縁側サロン", "髙橋体操クラブ", "いきいき体操", "簑沢ふれあいサロン"]:
            assert name in text
        assert naka_booklet.job.result["missing_glyphs"] == []
        assert naka_booklet.job.result["entries"] == 4

    def test_another_wards_listings_stay_out(self, naka_booklet):
        assert "久良岐丘移動販売" not in pdf_text(naka_booklet.pdf)

    def test_a_listing_in_two_categories_is_printed_once_and_pointed_to_from_the_other(self, naka_booklet):
        text = pdf_text(naka_booklet.pdf)
        assert text.count("やまさきさんちのえんがわさろん") == 1
        assert re.search(r"ほかのページにも「会食」があります：\s*山﨑さんちの縁側サロン（\d+ページ）", text)

    def test_every_page_after_the_cover_carries_its_number(self, naka_booklet):
        data = naka_booklet.pdf
        printed_numbers = footers(data)
        assert printed_numbers[0] == []
        assert printed_numbers[1:] == [[str(number)] for number in range(2, len(printed_numbers) + 1)]
        # Each centred where WeasyPrint centres a page number (in parts, the entries' numbers are
        # put together from the digits: they must not sit apart from the front's and the index's).
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', pdf_text(data, "-bbox"))
        centres = [(float(x1) + float(x2)) / 2 for x1, y1, x2 in words if float(y1) > 800]
        assert len(centres) == len(printed_numbers) - 1
        assert max(centres) - min(centres) < 0.5, centres

    def test_links_and_bookmarks_go_to_the_pages_they_name(self, naka_booklet):
        data = naka_booklet.pdf
        pages = page_texts(data)
        targets = link_targets(data)
        contents = {int(n) for n in re.findall(r"(\d+)\s*$", pages[2], re.MULTILINE)} - {3}
        assert set(targets[2]) == contents and contents
        index = next(i for i, page in enumerate(pages) if "名前のあとの数字" in page)
        in_index = {int(n) for n in re.findall(r"（(\d+)）", "".join(pages[index:]).replace("\n", ""))}
        assert {t for page in targets[index:] for t in page} == in_index and in_index
        marks = outline(data)
        assert marks[0][:2] == (0, "中区 地域の活動・くらしのサービス")
        assert (1, "交流・居場所") in [(depth, title) for depth, title, _page in marks]
        for name in ["山﨑さんちの縁側サロン", "髙橋体操クラブ", "いきいき体操", "簑沢ふれあいサロン"]:
            found = [page for _depth, title, page in marks if title.endswith(name)]
            assert len(found) == 1 and name in pages[found[0] - 1]

    def test_every_entry_has_a_qr_code_to_its_public_page(self, naka_booklet, tmp_path):
        printed = naka_booklet.printed
        urls = {PUBLIC + reverse("public:listing", args=[listing.pk])
                for listing in (printed.taiso, printed.salon, printed.yamasaki, printed.takahashi)}
        assert qr_texts(naka_booklet.pdf, tmp_path) == urls

    def test_the_job_reports_its_progress_to_the_end(self, naka_booklet):
        job = naka_booklet.job
        assert job.done == job.total > 4
        assert "4件" in job.message
        assert job.result_name.startswith("冊子_中区_") and job.result_name.endswith(".pdf")




def test_staff_only_draft_and_ended_listings_and_staff_fields_are_never_printed(world, printed, as_user, layout):
    text = pdf_text(pdf_of(make(as_user(world.admin), world.naka)))
    for secret in ["職員向け配食リスト", "準備中の下書きサロン", "終わった会食会", "090-9999-0000", "鍵は管理人室"]:
        assert secret not in text
    assert "045-000-1111" in text  # the public phone is printed




def test_cover_contents_entries_index_and_legend(world, printed, as_user, layout):
    data = pdf_of(make(as_user(world.naka_1so), world.naka, issuer="中区社会福祉協議会"))
    pages = page_texts(data)
    fy = fiscal.wareki_fiscal_year(fiscal.fiscal_year(timezone.localdate()))
    assert "中区" in pages[0] and fy in pages[0] and "中区社会福祉協議会" in pages[0]
    assert "この冊子の見かた" in pages[1] and "送迎あり" in pages[1] and "車いす可" in pages[1]
    assert "しっかり運動" in pages[1] and "Twemoji" in pages[-1]
    assert "もくじ" in pages[2]
    assert "交流・居場所" in pages[2] and "会食（1件）" in pages[2]
    assert "生活支援" not in pages[2]  # its only listing in 中区 is staff-only
    # Each entry's page as the index prints it is the page it is really on.
    index = next(i for i, page in enumerate(pages) if "地区・町丁目別さくいん" in page and "名前のあとの数字" in page)
    index_text = "".join(pages[index:]).replace("\n", "")
    for name in ["山﨑さんちの縁側サロン", "髙橋体操クラブ", "いきいき体操"]:
        number = int(re.search(re.escape(name) + r"（(\d+)）", index_text).group(1))
        assert name in pages[number - 1]
        assert index + 1 != number
    # The contents send サロン to the page where its section starts.
    salon_page = int(re.search(r"サロン（2件）\D*(\d+)", pages[2].replace("\n", " ")).group(1))
    assert "簑沢ふれあいサロン" in pages[salon_page - 1] or "山﨑さんちの縁側サロン" in pages[salon_page - 1]






def test_two_and_three_digit_page_numbers_are_put_together_digit_by_digit():
    # The entries' numbers in a booklet laid out in parts: each digit's page moved to its place.
    digits = booklet._Digits(pdf.Rendered(pdf=b"", pages=11, anchors=[{}] * 10 + [
        {f"w{d}": (0.0, 0.0, 5.0 + (d == "1"), 1.0) for d in "0123456789"}]), document=7)
    assert digits.stamps(4) == [(7, 4, 0.0)]
    # "12": 6 + 5 points wide, centred: the 1 from -5.5 to 0.5, the 2 from 0.5 to 5.5.
    assert digits.stamps(12) == [(7, 1, -2.5), (7, 2, 3.0)]
    assert [page for _doc, page, _dx in digits.stamps(305)] == [3, 0, 5]


def test_a_listing_in_two_pillars_is_pointed_to_across_them(world, printed, as_user, layout):
    make_listing(world.d6, "ふれあい配食と茶話会", kana="ふれあいはいしょくとさわかい", categories=["haishoku", "salon"])
    job = make(as_user(world.naka_1so), world.naka)
    pages = page_texts(pdf_of(job))
    if layout == "in parts":
        # The two pillars are laid out apart, and each page with a "ほかのページにも" line set again.
        assert job.result["timings"]["parts"] >= 2 and job.result["timings"]["pages set again"] >= 1
    text = "".join(pages).replace("\n", "")
    # Printed in サロン (交流・居場所, the first pillar), pointed to from 配食 (生活支援).
    number = int(re.search(r"ほかのページにも「配食」があります：\s*ふれあい配食と茶話会（(\d+)ページ）", text).group(1))
    assert "ふれあいはいしょくとさわかい" in pages[number - 1]
    assert "生活支援" in pages[2] and "配食（1件）" in pages[2]




def fake_blocks(*pillars):
    made, pk = [], 0
    for p, sizes in enumerate(pillars):
        pillar = booklet.Pillar(key=f"p{p}", name=f"柱{p}", icon={})
        for s, size in enumerate(sizes):
            section = booklet.Section(key=f"c{p}-{s}", name="分類", icon={})
            for _ in range(size):
                pk += 1
                section.entries.append(SimpleNamespace(pk=pk, schedule="毎週火曜", location="", address="",
                                                       transport="", cost="", eligibility="", application="",
                                                       contact="", phone="", email="", description=""))
            pillar.sections.append(section)
        made.append(pillar)
    return booklet._blocks(made)


def test_parts_begin_at_pillars_and_before_categories_of_a_pillar_too_big_for_one_worker():
    blocks = fake_blocks([5, 5, 5], [2])
    parts = booklet._cut(blocks, workers=2)
    assert [b for part in parts for b in part] == blocks
    assert [(part[0].kind, part[0].id) for part in parts] == [
        ("pillar", "p0"), ("section", "c0-1"), ("section", "c0-2"), ("pillar", "p1")]
    # A pillar within one worker's share stays whole.
    assert len(booklet._cut(fake_blocks([3, 3], [6]), workers=2)) == 2


def test_a_page_that_comes_out_differently_when_set_again_makes_it_one_document(world, printed, as_user, monkeypatch,
                                                                                caplog):
    monkeypatch.setattr(booklet, "PARALLEL_FROM", 0)
    monkeypatch.setattr(booklet.os, "cpu_count", lambda: 2)
    original = booklet._document

    def taller(context, *, mode, **flags):
        html, css = original(context, mode=mode, **flags)
        if "trim_top" in flags:  # a page with a "ほかのページにも" line, set again in round 2
            html = html.replace("</main>", '<div style="height: 300mm"></div></main>')
        return html, css

    monkeypatch.setattr(booklet, "_document", taller)
    with caplog.at_level(logging.WARNING, logger="tsunagu.directory.booklet"):
        data = pdf_of(make(as_user(world.naka_1so), world.naka))
    assert "instead of in parts" in caplog.text and "came out differently" in caplog.text
    text = pdf_text(data).replace("\n", "")
    assert "山﨑さんちの縁側サロン" in text and re.search(r"山﨑さんちの縁側サロン（\d+ページ）", text)
    # Each number once: none left over from the parts beside the ones the document counted.
    assert "ページ）（" not in text and not re.search(r"（\d+）（\d+）", text)
    assert footers(data)[1:] == [[str(n)] for n in range(2, len(footers(data)) + 1)]


def test_workers_that_break_leave_the_booklet_to_this_process(world, printed, as_user, monkeypatch):
    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def render(self, *args, **kwargs):
            raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(booklet, "PARALLEL_FROM", 0)
    monkeypatch.setattr(booklet.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(booklet.pdf, "Workers", Broken)
    job = make(as_user(world.naka_1so), world.naka)
    assert "髙橋体操クラブ" in pdf_text(pdf_of(job)) and job.result["entries"] == 4


def test_choosing_categories_narrows_the_booklet(world, printed, as_user):
    salon = Category.objects.get(code="salon")
    job = make(as_user(world.naka_1so), world.naka, categories=[salon.pk])
    text = pdf_text(pdf_of(job))
    assert "簑沢ふれあいサロン" in text and "山﨑さんちの縁側サロン" in text
    assert "髙橋体操クラブ" not in text and "いきいき体操" not in text


def test_choosing_a_pillar_brings_its_categories(world, printed, as_user):
    pillar = Category.objects.get(code="kouryu")
    text = pdf_text(pdf_of(make(as_user(world.naka_1so), world.naka, categories=[pillar.pk])))
    assert "髙橋体操クラブ" in text and "簑沢ふれあいサロン" in text


def test_a_cp_area_booklet_holds_only_that_area(world, printed, as_user):
    text = pdf_text(pdf_of(make(as_user(world.minosawa_2so), world.minosawa)))
    assert "簑沢地域ケアプラザエリア" in text
    assert "いきいき体操" in text  # 第6地区 lies in 簑沢's area
    assert "髙橋体操クラブ" not in text  # 第7地区 is 本牧's


def test_large_print_really_enlarges(world, printed, as_user, layout):
    for i in range(6):
        make_listing(world.d6, f"簑沢のお茶会{i + 1}", categories=["salon"], description="お茶とおしゃべりの会です。" * 4)
    client = as_user(world.naka_1so)
    normal = pdf_of(make(client, world.naka))
    large = pdf_of(make(client, world.naka, large="on"))
    # The schedule line is body text.
    normal_size = max(word_heights(normal, "毎週火曜"))
    large_size = min(word_heights(large, "毎週火曜"))
    assert large_size >= 13.9  # 14pt, as the text layer measures it
    assert large_size > normal_size * 1.25
    assert len(page_texts(large)) > len(page_texts(normal))




def test_without_a_configured_public_url_the_codes_use_the_requests_host(world, printed, as_user, settings,
                                                                        tmp_path):
    settings.TSUNAGU_PUBLIC_URL = ""
    salon = Category.objects.get(code="salon")
    data = pdf_of(make(as_user(world.naka_1so), world.naka, categories=[salon.pk]))
    assert "http://testserver" + reverse("public:listing", args=[printed.salon.pk]) in qr_texts(data, tmp_path)


def test_an_icon_without_a_picture_prints_a_letter_not_a_box(world, printed, as_user):
    Category.objects.filter(code="salon").update(icon="🦩")
    job = make(as_user(world.naka_1so), world.naka)
    assert job.result["missing_glyphs"] == []
    assert booklet.icon_uri("🦩") == "" and booklet.icon_uri("☕").endswith("2615.png")




def test_an_area_with_nothing_public_gets_a_clear_message_and_no_job(world, listings, as_user):
    client = as_user(world.naka_1so)
    fukushi_taxi = Category.objects.get(code="fukushi-taxi")
    response = client.post(reverse("directory:booklet"), {"place": world.naka.pk, "categories": [fukushi_taxi.pk]})
    assert response.status_code == 200
    assert "公開中の地域資源がありません" in response.content.decode()
    assert not Job.objects.exists()


def test_a_job_whose_owner_lost_the_area_fails_with_a_message(world, printed):
    from tsunagu.jobs.services import job_start

    job = job_start(user=world.isogo_1so, kind="booklet", title="冊子", params={
        "place": world.naka.pk, "categories": [], "large": False, "issuer": "", "base_url": PUBLIC})
    assert job.state == Job.State.FAILED
    assert "冊子は作れません" in job.error and not job.result_file


def test_drafts_made_public_later_appear_and_public_ones_hidden_later_do_not(world, printed, as_user):
    printed.draft.visibility = Visibility.PUBLIC
    printed.draft.save()
    printed.salon.visibility = Visibility.STAFF
    printed.salon.save()
    text = pdf_text(pdf_of(make(as_user(world.naka_1so), world.naka)))
    assert "準備中の下書きサロン" in text and "簑沢ふれあいサロン" not in text


# --- who may make one --------------------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS_OF_NAKA)
def test_editors_and_viewers_of_the_ward_may_make_its_booklet(world, printed, as_user, role):
    client = as_user(getattr(world, role))
    page = client.get(reverse("directory:booklet"))
    assert page.status_code == 200
    # A 区社協地区担当 sees their districts only, and makes those districts' booklets.
    place = world.d6 if role == "naka_chiku" else world.naka
    assert place.name in page.content.decode()
    text = pdf_text(pdf_of(make(client, place)))
    assert "いきいき体操" in text and "山﨑さんちの縁側サロン" in text


@pytest.mark.parametrize("role", OUTSIDERS)
def test_another_wards_staff_get_404_for_this_ward(world, printed, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:booklet"), {"place": world.naka.pk}).status_code == 404
    assert client.post(reverse("directory:booklet"), {"place": world.minosawa.pk}).status_code == 404
    assert not Job.objects.exists()
    # Their own page offers their own ward only.
    body = client.get(reverse("directory:booklet")).content.decode()
    assert "磯子区" in body and "簑沢地域ケアプラザ" not in body


def test_someone_with_no_role_gets_404(world, as_user):
    client = as_user(world.nobody)
    assert client.get(reverse("directory:booklet")).status_code == 404
    assert client.post(reverse("directory:booklet"), {"place": world.naka.pk}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for response in (client.get(reverse("directory:booklet")),
                     client.post(reverse("directory:booklet"), {"place": world.naka.pk})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_someone_else_cannot_download_the_booklet(world, printed, as_user, client):
    job = make(as_user(world.naka_1so), world.naka)
    assert as_user(world.naka_cm).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_staff_list_page_links_to_the_booklet(world, listings, as_user):
    body = as_user(world.naka_cm).get(reverse("directory:list")).content.decode()
    assert f'href="{reverse("directory:booklet")}"' in body


def test_progress_tells_what_is_happening_step_by_step(world, printed, as_user, layout, monkeypatch):
    from tsunagu.jobs import services

    messages = []
    original = services.Progress.__call__

    def record(self, done, total=None, message=None, *, force=False):
        messages.append((done, total, message))
        return original(self, done, total, message, force=force)

    monkeypatch.setattr(services.Progress, "__call__", record)
    make(as_user(world.naka_1so), world.naka)
    texts = [m for _d, _t, m in messages]
    assert texts[0] == "掲載内容をまとめています（1/4件）"
    assert "文字の大きさや並びを整えています" in texts
    # Laid out in parts, the first report may already count a few pages of several parts.
    laying_out = [i for i, t in enumerate(texts) if re.fullmatch(r"ページを組んでいます（\d+ページ目）", t)]
    assert laying_out and texts.index("PDFに書き出しています") > laying_out[0]
    # The bar only moves forward and reaches its end last.
    dones = [d for d, _t, _m in messages]
    assert dones == sorted(dones) and dones[-1] == messages[-1][1]


def test_the_exercise_mark_files_are_the_drawing():
    for level in (1, 2, 3):
        printed = Image.open(booklet.ICONS_DIR / f"intensity-{level}.png")
        drawn = Image.open(io.BytesIO(booklet.draw_intensity_mark(level)))
        assert printed.tobytes() == drawn.tobytes() and printed.size == drawn.size
        assert booklet.intensity_mark(level).endswith(f"intensity-{level}.png")
