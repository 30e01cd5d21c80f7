"""The import pages, step by step (upload → mapping → preview → done), and who may use them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.directory.conftest import make_listing
from tests.directory.test_listing_import import HEADER, SALON, TAISO, csv_bytes, xlsx_bytes
from tsunagu.directory import importers
from tsunagu.directory.import_views import SESSION_KEY
from tsunagu.directory.models import Category, ImportMapping, Listing, Visibility
from tsunagu.jobs.models import Job, this_worker

IMPORTERS = ["admin", "naka_1so", "naka_chiku", "minosawa_2so", "minosawa_staff", "isogo_1so"]
NOT_IMPORTERS = ["naka_ward", "naka_cm", "nobody"]
OTHERS = ["admin", "isogo_1so", "byobugaura_2so", "nobody"]


def upload(client, data: bytes, name: str = "一覧.csv"):
    """Upload a file; its first reading is a job (run at once in tests): the answer is its page."""
    response = client.post(reverse("directory:import"), {"file": SimpleUploadedFile(name, data)})
    if response.status_code == 302:
        assert "/wait/" in response["Location"]
        response = client.get(response["Location"])
    return response


def mapping_post(client, **changes):
    form = client.get(reverse("directory:import_mapping")).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields if name.startswith("column_")}
    data.update(changes)
    return client.post(reverse("directory:import_mapping"), data)


def to_preview(client, rows, header=HEADER, **changes):
    assert upload(client, csv_bytes(rows, header)).status_code == 302
    response = mapping_post(client, **changes)
    assert response.status_code == 302
    wait = client.get(response["Location"])
    assert wait.status_code == 302  # the job ran inline and is done
    return wait["Location"]


@pytest.mark.parametrize("role", IMPORTERS)
def test_editors_of_listings_open_the_upload_page(world, as_user, role):
    response = as_user(getattr(world, role)).get(reverse("directory:import"))
    assert response.status_code == 200
    assert "地域資源をファイルから取り込む" in response.content.decode()


@pytest.mark.parametrize("role", NOT_IMPORTERS)
def test_viewers_the_ward_office_and_outsiders_get_404(world, as_user, role):
    client = as_user(getattr(world, role))
    for url in [reverse("directory:import"), reverse("directory:import_mapping")]:
        assert client.get(url).status_code == 404
    assert upload(client, csv_bytes([SALON])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    job = Job.objects.create(owner=world.naka_1so, kind=importers.JOB_KIND, title="t", params={"step": "preview"})
    for url in [reverse("directory:import"), reverse("directory:import_mapping"),
                reverse("directory:import_wait", args=[job.pk]), reverse("directory:import_preview", args=[job.pk]),
                reverse("directory:import_done", args=[job.pk]), reverse("directory:export")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_whole_way_through(world, as_user):
    make_listing(world.naka, "本牧いきいき体操")
    bad = list(SALON)
    bad[0], bad[9] = "電話の読めない会", "0451"
    client = as_user(world.naka_1so)

    response = upload(client, csv_bytes([SALON, TAISO, bad], encoding="cp932"), "サロン一覧.csv")
    assert response["Location"] == reverse("directory:import_mapping")
    page = client.get(response["Location"]).content.decode()
    assert "「サロン一覧.csv」の読む範囲には、およそ 3 行あります" in page and "簑沢会館" in page  # a sample value
    assert '<option value="name" selected>' in page

    preview_url = to_preview(client, [SALON, TAISO, bad])
    page = client.get(preview_url).content.decode()
    assert "新しく登録：<strong>1</strong>件" in page
    assert "4" in page and "電話番号「0451」が読めません" in page
    assert "本牧いきいき体操" in page and 'href="/directory/' in page
    assert reverse("directory:import_mapping") in page  # the way back
    assert not Listing.objects.filter(name="みのさわお茶会").exists()

    refused = client.post(preview_url, {"visibility": "draft"})
    assert refused.status_code == 200 and "除いて取り込むことを選んでください" in refused.content.decode()
    response = client.post(preview_url, {"visibility": "draft", "skip_errors": "on"})
    done = client.get(response["Location"])
    assert done.status_code == 302 and "/done/" in done["Location"]
    page = client.get(done["Location"]).content.decode()
    assert "新しく 1 件を登録し、0 件を更新しました" in page and "電話番号「0451」" in page and "飛ばしました" in page
    assert Listing.objects.get(name="みのさわお茶会").visibility == Visibility.DRAFT
    assert SESSION_KEY not in client.session


def test_the_mapping_is_remembered_for_the_next_file_of_the_same_shape(world, as_user):
    client = as_user(world.naka_1so)
    upload(client, xlsx_bytes([SALON]), "4月.xlsx")
    column = HEADER.index("内容")
    kodomo = Category.objects.get(code="kodomo-shokudo")
    mapping_post(client, **{f"column_{column}": "internal_note", "categories": [kodomo.pk]})
    remembered = ImportMapping.objects.get()
    assert remembered.mapping["内容"] == "internal_note" and remembered.categories == ["kodomo-shokudo"]

    upload(client, xlsx_bytes([TAISO]), "5月.xlsx")
    page = client.get(reverse("directory:import_mapping")).content.decode()
    assert "前回" in page and '<option value="internal_note" selected>' in page


def test_a_mapping_without_a_name_is_refused_with_a_reason(world, as_user):
    client = as_user(world.naka_1so)
    upload(client, csv_bytes([SALON]))
    response = mapping_post(client, column_0="")
    assert response.status_code == 200
    assert "「名称」にあたる列を選んでください。" in response.content.decode()
    assert not Job.objects.exclude(params__step="peek").exists()


def test_a_broken_file_is_refused_on_the_upload_page(world, as_user):
    response = upload(as_user(world.naka_1so), "活動名,住所\r\n".encode(), "空.csv")
    assert response.status_code == 200
    assert "見出し行の下にデータがありません" in response.content.decode()


def test_the_mapping_page_without_an_upload_sends_back_to_the_start(world, as_user):
    response = as_user(world.naka_1so).get(reverse("directory:import_mapping"))
    assert response.status_code == 302 and response["Location"] == reverse("directory:import")


@pytest.mark.parametrize("other", OTHERS)
def test_another_persons_import_is_a_404(world, as_user, client, other):
    owner = as_user(world.naka_1so)
    preview_url = to_preview(owner, [SALON])
    owner.post(preview_url, {"visibility": "draft"})
    preview, commit = Job.objects.get(params__step="preview"), Job.objects.get(params__step="commit")
    client.logout()
    client = as_user(getattr(world, other))
    for url in [preview_url, reverse("directory:import_wait", args=[preview.pk]),
                reverse("directory:import_wait", args=[commit.pk]), reverse("directory:import_done", args=[commit.pk])]:
        assert client.get(url).status_code == 404, url
    assert client.post(preview_url, {"visibility": "public"}).status_code == 404
    assert Job.objects.filter(params__step="commit").count() == 1
    assert Listing.objects.get().visibility == Visibility.DRAFT


def test_a_preview_is_not_a_done_page_and_another_kind_of_job_is_not_an_import(world, as_user):
    client = as_user(world.naka_1so)
    to_preview(client, [SALON])
    job = Job.objects.get(params__step="preview")
    assert client.get(reverse("directory:import_done", args=[job.pk])).status_code == 404
    other = Job.objects.create(owner=world.naka_1so, kind="booklet", title="冊子", params={"step": "preview"})
    assert client.get(reverse("directory:import_preview", args=[other.pk])).status_code == 404


def test_a_failed_commit_says_why_and_offers_the_way_back(world, as_user):
    client = as_user(world.naka_1so)
    preview_url = to_preview(client, [SALON])
    importers.forget_upload(client.session[SESSION_KEY]["path"])
    response = client.post(preview_url, {"visibility": "draft"})
    page = client.get(response["Location"]).content.decode()
    assert "取り込むファイルが見つかりません" in page and reverse("directory:import") in page
    assert not Listing.objects.exists()


def test_the_wait_page_polls_while_running_and_redirects_htmx_when_done(world, as_user):
    client = as_user(world.naka_1so)
    running = Job.objects.create(owner=world.naka_1so, kind=importers.JOB_KIND, title="取り込み",
                                 state=Job.State.RUNNING, done=300, total=1000, message="内容を確かめています",
                                 params={"step": "preview"}, worker=this_worker())
    partial = client.get(reverse("directory:import_wait", args=[running.pk]), HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "hx-trigger" in html and "300 / 1000" in html and "<html" not in html
    page = client.get(reverse("directory:import_wait", args=[running.pk])).content.decode()
    assert "<html" in page and "自動で次の画面に進みます" in page
    running.state, running.result_url = Job.State.DONE, "/directory/import/1/preview/"
    running.save()
    done = client.get(reverse("directory:import_wait", args=[running.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Redirect"] == "/directory/import/1/preview/"


def test_the_staff_list_links_to_import_and_export(world, as_user):
    page = as_user(world.naka_1so).get(reverse("directory:list"), {"status": "active"}).content.decode()
    assert reverse("directory:import") in page
    assert f"{reverse('directory:export')}?status=active&amp;format=csv" in page
    page = as_user(world.naka_cm).get(reverse("directory:list")).content.decode()
    assert reverse("directory:import") not in page and reverse("directory:export") in page


def test_a_file_over_the_size_limit_is_dropped_as_it_arrives_and_the_page_says_so(world, as_user, settings):
    from django.core.files.storage import default_storage

    settings.TSUNAGU_UPLOAD_MAX_MB = 1
    client = as_user(world.naka_1so)
    response = client.post(reverse("directory:import"),
                           {"file": SimpleUploadedFile("大きい.csv", b"a,b\r\n" * 300_000)})
    assert response.status_code == 200
    assert "ファイルが大きすぎます（最大 1 MB）" in response.content.decode()
    assert response.wsgi_request.uploads_too_large == ["file"] and "file" not in response.wsgi_request.FILES
    assert not Job.objects.exists() and not default_storage.exists("imports")
    assert SESSION_KEY not in client.session


def test_the_first_reading_is_a_job_and_a_file_past_the_limits_fails_there_with_the_limit(world, as_user, settings):
    settings.TSUNAGU_IMPORT_MAX_HEADER_CHARS = 10
    client = as_user(world.naka_1so)
    response = client.post(reverse("directory:import"),
                           {"file": SimpleUploadedFile("一覧.xlsx", xlsx_bytes([SALON], header=["名称がとても長い見出しです", "住所"]))})
    job = Job.objects.get(params__step="peek")
    assert response["Location"] == reverse("directory:import_wait", args=[job.pk])
    assert job.state == Job.State.FAILED and job.error == "1行目の見出しが長すぎます（A 列。最大 10 文字）。"
    page = client.get(response["Location"]).content.decode()
    assert "1行目の見出しが長すぎます（A 列。最大 10 文字）。" in page
    assert client.get(reverse("directory:import_mapping"))["Location"] == reverse("directory:import")
