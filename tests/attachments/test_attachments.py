"""添付ファイル: who reaches which file (the owning record's access, over the role matrix), the
bounds of an upload with their Japanese messages, the thumbnail made in background work, the
public face of a listing's 公開 photos, deletion with confirmation, and the audit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.attachments.conftest import jpeg_bytes, photo
from tests.directory.conftest import make_listing
from tests.records_access import ROLES, assert_sent_to_log_in, route_names
from tsunagu.attachments import checks, registry
from tsunagu.attachments import services as attachment_services
from tsunagu.attachments.models import Attachment
from tsunagu.audit.models import AuditEntry
from tsunagu.directory.models import Visibility

# The memo is filed at 第6地区 in 簑沢 (中区): as in tests/sheets/test_records_access.py.
READ_MEMO = {"admin", "naka_1so", "naka_ward", "naka_chiku", "minosawa_2so", "minosawa_staff"}
WRITE_MEMO = {"admin", "naka_1so", "naka_chiku", "minosawa_2so"}


@pytest.fixture
def kept(world, memo):
    return attachment_services.attachment_add(user=world.minosawa_2so, obj=memo, upload=photo(), title="会場の下見")


NONE = lambda t: {}  # noqa: E731
ROUTES = {
    "attachments:upload": ("post", lambda a: {"label": "memos.memo", "object_id": a.object_id},
                           lambda: {"file": photo("new.jpg")}, WRITE_MEMO, 302),
    "attachments:file": ("get", lambda a: {"pk": a.pk}, dict, READ_MEMO, 200),
    "attachments:thumbnail": ("get", lambda a: {"pk": a.pk}, dict, READ_MEMO, 200),
    "attachments:preview": ("get", lambda a: {"pk": a.pk}, dict, READ_MEMO, 200),
    "attachments:edit": ("get", lambda a: {"pk": a.pk}, dict, WRITE_MEMO, 200),
    "attachments:delete": ("get", lambda a: {"pk": a.pk}, dict, WRITE_MEMO, 200),
}
# Files are served to anyone allowed and 404 to everyone else, signed in or not; the pages that
# change something send an anonymous visitor to log in.
SERVED = {"attachments:file", "attachments:thumbnail", "attachments:preview"}


def test_every_route_is_in_the_matrix():
    assert {f"attachments:{n}" for n in route_names("attachments")} == set(ROUTES)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_a_memos_file_or_gets_404(world, as_user, kept, route, role):
    method, kwargs, data, allowed, status = ROUTES[route]
    response = getattr(as_user(getattr(world, role)), method)(reverse(route, kwargs=kwargs(kept)), data())
    assert response.status_code == (status if role in allowed else 404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_anonymous_visitors_get_no_file_of_a_memo(client, kept, route):
    method, kwargs, data, _allowed, _status = ROUTES[route]
    response = getattr(client, method)(reverse(route, kwargs=kwargs(kept)), data())
    if route in SERVED:
        assert response.status_code == 404
    else:
        assert_sent_to_log_in(response)


def test_a_deleted_memos_files_are_out_of_reach(world, as_user, kept, memo):
    from tsunagu.memos import services as memo_services

    memo_services.memo_delete(user=world.minosawa_2so, memo=memo)
    assert as_user(world.naka_1so).get(reverse("attachments:file", args=[kept.pk])).status_code == 404


def test_the_memo_page_shows_the_thumbnail_and_the_controls_to_its_writers_only(world, as_user, kept, memo):
    page = as_user(world.minosawa_2so).get(reverse("memos:detail", args=[memo.pk])).content.decode()
    assert reverse("attachments:thumbnail", args=[kept.pk]) in page and "会場の下見" in page
    assert reverse("attachments:delete", args=[kept.pk]) in page
    assert reverse("attachments:upload", args=["memos.memo", memo.pk]) in page
    page = as_user(world.naka_ward).get(reverse("memos:detail", args=[memo.pk])).content.decode()
    assert reverse("attachments:thumbnail", args=[kept.pk]) in page
    assert reverse("attachments:delete", args=[kept.pk]) not in page
    assert reverse("attachments:upload", args=["memos.memo", memo.pk]) not in page


def test_a_memos_photo_is_never_public_even_when_asked(world, memo):
    a = attachment_services.attachment_add(user=world.minosawa_2so, obj=memo, upload=photo(), published=True)
    assert a.published is False


# --- Bounds -----------------------------------------------------------------------------------


def _upload(client, memo, upload):
    url = reverse("attachments:upload", args=["memos.memo", memo.pk])
    return client.post(url, {"file": upload, "next": reverse("memos:detail", args=[memo.pk])}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_too_big_a_file_is_refused_in_japanese(world, as_user, memo, monkeypatch):
    monkeypatch.setattr(checks, "MAX_BYTES", 50_000)
    response = _upload(as_user(world.minosawa_2so), memo, photo(size=(2000, 2000)))
    assert any("ファイルが大きすぎます" in m for m in _messages(response))
    assert not Attachment.objects.of(memo).exists()


def test_a_file_over_the_servers_limit_is_dropped_before_it_is_kept(world, as_user, memo, settings):
    settings.TSUNAGU_UPLOAD_MAX_MB = 1
    response = _upload(as_user(world.minosawa_2so), memo,
                       SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (1024 * 1024 + 10)))
    assert any("ファイルが大きすぎます" in m for m in _messages(response))
    assert not Attachment.objects.of(memo).exists()


@pytest.mark.parametrize(("name", "content", "says"), [
    ("photo.jpg", b"<html><script>alert(1)</script></html>", "このファイルは添付できません"),
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "このファイルは添付できません"),
    ("photo.jpg", b"%PDF-1.7\n%...\n", "ファイルの中身が名前と合いません"),
    ("flyer.pdf", None, "ファイルの中身が名前と合いません"),  # a JPEG calling itself a PDF
    ("report.docx", b"PK\x03\x04not really a zip", "このファイルは添付できません"),
])
def test_a_file_is_judged_by_its_content_not_its_name(world, as_user, memo, name, content, says):
    upload = SimpleUploadedFile(name, content if content is not None else jpeg_bytes(), content_type="image/jpeg")
    response = _upload(as_user(world.minosawa_2so), memo, upload)
    assert any(says in m for m in _messages(response)), _messages(response)
    assert not Attachment.objects.of(memo).exists()


def test_pdf_and_office_documents_are_accepted_by_their_content(world, memo):
    import openpyxl

    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    for upload in (SimpleUploadedFile("次第.pdf", b"%PDF-1.4\n1 0 obj\n"), SimpleUploadedFile("名簿.xlsx", book.getvalue())):
        attachment_services.attachment_add(user=world.minosawa_2so, obj=memo, upload=upload)
    assert sorted(Attachment.objects.of(memo).values_list("kind", "extension")) == [("document", "xlsx"), ("pdf", "pdf")]


def test_too_many_pixels_are_refused_before_decoding(world, memo, monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(checks, "MAX_PIXELS", 1000 * 1000)
    with pytest.raises(ValidationError, match="画素数が多すぎます"):
        attachment_services.attachment_add(user=world.minosawa_2so, obj=memo, upload=photo(size=(1200, 900)))


def test_a_record_holds_a_bounded_number_of_files(world, as_user, memo, monkeypatch):
    monkeypatch.setattr(registry, "_KINDS", {**registry._KINDS, "memos.memo": registry._KINDS["memos.memo"].__class__(
        **{**registry._KINDS["memos.memo"].__dict__, "max_count": 2})})
    client = as_user(world.minosawa_2so)
    _upload(client, memo, photo("1.jpg"))
    _upload(client, memo, photo("2.jpg"))
    response = _upload(client, memo, photo("3.jpg"))
    assert any("1件につき 2 個まで" in m for m in _messages(response))
    assert Attachment.objects.of(memo).count() == 2
    assert "添付は 2 個までです" in response.content.decode()  # the form gives way to the reason


# --- Thumbnail job, serving, deletion, audit --------------------------------------------------------


def test_the_thumbnail_job_makes_small_upright_copies_without_the_gps_position(world, memo):
    from PIL import Image

    a = attachment_services.attachment_add(user=world.minosawa_2so, obj=memo, upload=photo(size=(1200, 900), gps=True))
    a.refresh_from_db()
    from tsunagu.jobs.models import Job

    job = Job.objects.get(kind="attachments.thumbnail", params__attachment=a.pk)
    assert job.state == Job.State.DONE
    with a.thumbnail.open("rb") as f, Image.open(f) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 320
        assert thumb.size[1] > thumb.size[0]  # turned upright from the EXIF orientation
        assert not thumb.getexif()  # neither the GPS position nor anything else
    with a.preview.open("rb") as f, Image.open(f) as preview:
        assert preview.size == (900, 1200) and not preview.getexif()


def test_the_original_is_served_as_its_own_type_privately(world, as_user, kept):
    response = as_user(world.naka_1so).get(reverse("attachments:file", args=[kept.pk]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == kept.file.open("rb").read()


def test_delete_asks_first_then_removes_the_files_and_is_audited(world, as_user, kept, memo,
                                                                 django_capture_on_commit_callbacks):
    client = as_user(world.minosawa_2so)
    page = client.get(reverse("attachments:delete", args=[kept.pk])).content.decode()
    assert "このファイルを削除しますか" in page and Attachment.objects.filter(pk=kept.pk).exists()
    kept.refresh_from_db()
    storage, names = kept.file.storage, [kept.file.name, kept.thumbnail.name, kept.preview.name]
    assert all(n and storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("attachments:delete", args=[kept.pk]), {"next": reverse("memos:detail", args=[memo.pk])})
    assert not Attachment.objects.filter(pk=kept.pk).exists()
    assert not any(storage.exists(n) for n in names)
    actions = list(AuditEntry.objects.filter(target_type="attachments.attachment").values_list("action", "place"))
    assert actions == [("attachment.delete", world.d6.pk), ("attachment.add", world.d6.pk)]


def test_the_way_back_after_an_upload_stays_on_this_site(world, as_user, memo):
    url = reverse("attachments:upload", args=["memos.memo", memo.pk])
    response = as_user(world.minosawa_2so).post(url, {"file": photo(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("memos:detail", args=[memo.pk])


# --- A listing's photos on its public page -------------------------------------------------------------


@pytest.fixture
def listing_photos(world):
    public = make_listing(world.minosawa, "ゆずの樹", kana="ゆずのき")
    staff = make_listing(world.minosawa, "職員のみの居場所", kana="しょくいんのみ", visibility=Visibility.STAFF)
    add = attachment_services.attachment_add
    return {
        "public": public, "staff": staff,
        "published": add(user=world.minosawa_2so, obj=public, upload=photo("online.jpg"), title="オンライン講座",
                         published=True),
        "unpublished": add(user=world.minosawa_2so, obj=public, upload=photo("inside.jpg")),
        "staff_published": add(user=world.minosawa_2so, obj=staff, upload=photo("x.jpg"), published=True),
    }


def test_the_public_sees_published_photos_of_a_public_listing_only(client, listing_photos):
    page = client.get(reverse("public:listing", args=[listing_photos["public"].pk])).content.decode()
    assert reverse("attachments:thumbnail", args=[listing_photos["published"].pk]) in page
    assert reverse("attachments:thumbnail", args=[listing_photos["unpublished"].pk]) not in page
    assert client.get(reverse("attachments:thumbnail", args=[listing_photos["published"].pk])).status_code == 200
    assert client.get(reverse("attachments:preview", args=[listing_photos["published"].pk])).status_code == 200
    # Never the original (it keeps the camera's metadata), never what is staff-only.
    assert client.get(reverse("attachments:file", args=[listing_photos["published"].pk])).status_code == 404
    for key in ("unpublished", "staff_published"):
        assert client.get(reverse("attachments:thumbnail", args=[listing_photos[key].pk])).status_code == 404


def test_a_published_photo_goes_private_with_its_listing(world, client, listing_photos):
    from tsunagu.directory.models import Listing

    Listing.objects.filter(pk=listing_photos["public"].pk).update(visibility=Visibility.STAFF)
    assert client.get(reverse("attachments:thumbnail", args=[listing_photos["published"].pk])).status_code == 404


def test_another_wards_staff_get_404_for_a_listings_file(world, as_user, listing_photos):
    client = as_user(world.isogo_1so)
    assert client.get(reverse("attachments:file", args=[listing_photos["unpublished"].pk])).status_code == 404
    assert client.get(reverse("attachments:edit", args=[listing_photos["published"].pk])).status_code == 404


def test_publishing_is_changed_on_the_edit_page_and_audited(world, as_user, listing_photos):
    a = listing_photos["unpublished"]
    as_user(world.naka_1so).post(reverse("attachments:edit", args=[a.pk]), {"title": "中のようす", "published": "on"})
    a.refresh_from_db()
    assert a.published and a.title == "中のようす"
    entry = AuditEntry.objects.filter(action="attachment.update", target_id=a.pk).get()
    assert entry.changes["published"] == [False, True]
