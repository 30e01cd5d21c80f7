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


# --- the header and the end of the data, shown and chosen on the mapping page -------------------


def test_the_mapping_page_shows_the_rows_with_how_each_is_read_and_the_header_can_be_chosen(world, as_user):
    from tests.directory import ward_sheets

    client = as_user(world.naka_1so)
    assert upload(client, ward_sheets.naka_salons(), "中区の通いの場.xlsx").status_code == 302
    response = client.get(reverse("directory:import_mapping"))
    page = response.content.decode()
    shown = response.context["shown"]
    roles = {row["number"]: row["role"] for row in shown["sheet_rows"]}
    # the first ten rows, then the last rows with something in them (13 is blank)
    assert roles == {1: "above", 2: "blank", 3: "header", 4: "header", 5: "skipped", 6: "data", 7: "data", 8: "blank",
                     9: "data", 10: "blank", 11: "skipped", 12: "data", 14: "after", 15: "after"}
    assert "見出しを 3行目から2行分 と読み取りました" in page and "データは 5行目から12行目まで読みます" in page
    assert "※ 2024年4月現在" in page and "表の下（読みません）" in page
    form = response.context["form"]
    assert [field.label for field, _header, _examples in form.columns][:4] == ["名称", "区", "会場 › 名称", "会場 › 住所"]
    assert form.initial["column_3"] == "address"

    # The person says the header is row 4 alone: the columns are named from it, and that is kept.
    response = client.post(reverse("directory:import_mapping"), {"header_row": 4, "header_rows": 1, "last_row": 12})
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["layout"] == {"header_row": 4, "header_rows": 1, "last_row": 12}
    response = client.get(reverse("directory:import_mapping"))
    assert "見出しは、選んだとおり 4行目 です" in response.content.decode()
    labels = [field.label for field, _header, _examples in response.context["form"].columns]
    assert labels == ["名称", "区", "名称", "住所", "開催日", "電話", "担当", "確認日"]
    # Without 会場 above it, the venue's 名称 is the listing's again: the page says what to do.
    page = mapping_post(client).content.decode()
    assert "見出し「名称」が2つ以上の列にあります。見出しの行を選び直すか" in page

    # Back to the header the page found; the preview's job reads the file with it.
    client.post(reverse("directory:import_mapping"), {"header_row": 3, "header_rows": 2, "last_row": 12})
    response = mapping_post(client)
    assert response.status_code == 302
    job = Job.objects.filter(owner=world.naka_1so, params__step="preview").latest("pk")
    assert job.params["layout"] == {"header_row": 3, "header_rows": 2, "last_row": 12}
    preview = client.get(reverse("directory:import_preview", args=[job.pk])).content.decode()
    assert "新しく登録：<strong>4</strong>件" in preview
    assert "日時を確かめる行（2行）" in preview and "読まなかった行（2行）" in preview
    assert "5行目：「【簑沢地区】」" in preview


def test_a_layout_that_cannot_be_is_refused_with_a_reason(world, as_user):
    from tests.directory import ward_sheets

    client = as_user(world.naka_1so)
    upload(client, ward_sheets.naka_salons(), "中区.xlsx")
    response = client.post(reverse("directory:import_mapping"), {"header_row": 6, "header_rows": 1, "last_row": 3})
    assert response.status_code == 200
    assert "データの最後の行は、見出しより下の行にしてください。" in response.content.decode()
    response = client.post(reverse("directory:import_mapping"), {"header_row": 2, "header_rows": 1, "last_row": ""})
    assert response.status_code == 200 and "header_row" in response.context["layout_form"].errors  # row 2 is blank


def test_a_refused_file_is_told_in_one_line_not_row_by_row(world, as_user):
    from tests.directory import ward_sheets

    client = as_user(world.admin)
    upload(client, ward_sheets.outside_yokohama(300), "よそ.xlsx")
    response = mapping_post(client)
    preview = client.get(client.get(response["Location"])["Location"])
    page = preview.content.decode()
    assert "300行すべて横浜市外の住所です。" in page
    assert "横浜市外の住所です</strong>：300行（2、3、4、5、6行目 ほか）" in page
    assert page.count('class="row-error"') == 200 and "はじめの200行だけを表示しています。" in page


def test_an_imported_listing_whose_days_were_not_read_is_marked_until_someone_sets_them(world, as_user):
    listing = make_listing(world.minosawa, "月2回の会", schedule_note="月2回", schedule_check=True)
    client = as_user(world.naka_1so)
    detail = client.get(reverse("directory:detail", args=[listing.pk])).content.decode()
    assert "日時を確かめてください" in detail and "取り込んだ日時「月2回」は" in detail
    assert "日時を確かめる" in client.get(reverse("directory:list")).content.decode()
    form = client.get(reverse("directory:edit", args=[listing.pk])).context["form"]
    assert form.initial["schedule_check"] is True  # shown ticked, to be unticked once the days are set
    other = make_listing(world.minosawa, "毎週の会")
    assert "schedule_check" not in client.get(reverse("directory:edit", args=[other.pk])).context["form"].fields
    assert "日時を確かめてください" not in client.get(reverse("directory:detail", args=[other.pk])).content.decode()
