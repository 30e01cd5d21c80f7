"""Staff screens of the directory: who may see, edit, confirm and restore which listings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.directory.models import Listing, ListingVersion

READERS = ["admin", "naka_1so", "naka_ward", "minosawa_2so", "minosawa_staff", "naka_cm"]
OUTSIDERS = ["isogo_1so", "byobugaura_2so", "nobody"]
EDITORS_OF_MINOSAWA = ["admin", "naka_1so", "minosawa_2so", "minosawa_staff"]


@pytest.mark.parametrize("role", READERS)
def test_readers_of_the_ward_open_a_public_listing(world, listings, as_user, role):
    response = as_user(getattr(world, role)).get(reverse("directory:detail", args=[listings.salon.pk]))
    assert response.status_code == 200
    assert "簑沢ふれあいサロン" in response.content.decode()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_for_another_wards_listing(world, listings, as_user, role):
    client = as_user(getattr(world, role))
    for url in [reverse("directory:detail", args=[listings.salon.pk]),
                reverse("directory:edit", args=[listings.salon.pk])]:
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, listings):
    for url in [reverse("directory:list"), reverse("directory:detail", args=[listings.salon.pk]),
                reverse("directory:create")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_viewers_see_staff_only_listings_but_not_drafts(world, listings, as_user):
    client = as_user(world.naka_cm)
    assert client.get(reverse("directory:detail", args=[listings.staff_only.pk])).status_code == 200
    assert client.get(reverse("directory:detail", args=[listings.draft.pk])).status_code == 404
    names = {item.name for item in client.get(reverse("directory:list")).context["page"]}
    assert "職員向け配食リスト" in names and "準備中の下書きサロン" not in names and "久良岐丘移動販売" not in names


def test_editors_see_their_drafts(world, listings, as_user):
    response = as_user(world.minosawa_2so).get(reverse("directory:detail", args=[listings.draft.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["naka_ward", "naka_cm", "naka_chiku"])
def test_readers_without_edit_rights_cannot_edit_or_confirm(world, listings, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(reverse("directory:edit", args=[listings.salon.pk])).status_code == 404
    assert client.post(reverse("directory:confirm", args=[listings.salon.pk])).status_code == 404


@pytest.mark.parametrize("role", EDITORS_OF_MINOSAWA)
def test_editors_of_the_cp_area_open_the_edit_form(world, listings, as_user, role):
    assert as_user(getattr(world, role)).get(reverse("directory:edit", args=[listings.salon.pk])).status_code == 200


def form_data(listing, **changes) -> dict:
    data = {
        "name": listing.name, "name_kana": listing.name_kana, "categories": [c.pk for c in listing.categories.all()],
        "place": listing.place_id, "organiser_name": listing.organiser_name, "description": listing.description,
        "status": listing.status, "visibility": listing.visibility, "eligibility": listing.eligibility,
        "intensity": listing.intensity, "version": listing.version,
        "location-name": listing.location.name, "location-latitude": "35.4248", "location-longitude": "139.635",
        "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "1",
        "schedules-0-kind": "monthly_nth", "schedules-0-weekdays": ["TH"], "schedules-0-nths": ["2", "4"],
        "schedules-0-opens_at": "10:00", "schedules-0-closes_at": "12:00",
    }
    data.update(changes)
    return data


def test_an_edit_is_saved_with_a_version_that_shows_old_and_new(world, listings, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("directory:edit", args=[listings.salon.pk]),
                           form_data(listings.salon, description="お茶とおしゃべりの会です。"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    listing = Listing.objects.get(pk=listings.salon.pk)
    assert listing.description == "お茶とおしゃべりの会です。"
    version = listing.versions.first()
    assert version.changes["description"] == ["", "お茶とおしゃべりの会です。"]
    assert version.actor == world.minosawa_2so
    assert listing.schedules.get().byday == "2TH,4TH"


def test_an_edit_moving_a_listing_out_of_ones_area_is_refused(world, listings, as_user):
    client = as_user(world.minosawa_2so)
    response = client.post(reverse("directory:edit", args=[listings.salon.pk]),
                           form_data(listings.salon, place=world.byobugaura.pk))
    assert response.status_code == 200  # the place is not among the choices
    assert Listing.objects.get(pk=listings.salon.pk).place == world.minosawa


def test_the_second_of_two_concurrent_edits_gets_the_conflict_screen(world, listings, as_user):
    stale = form_data(listings.salon, description="後から保存する人の文")
    as_user(world.naka_1so).post(reverse("directory:edit", args=[listings.salon.pk]),
                                 form_data(listings.salon, description="先に保存した人の文"))
    response = as_user(world.minosawa_2so).post(reverse("directory:edit", args=[listings.salon.pk]), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "編集中に他の人がこの記録を保存しました" in html
    assert "後から保存する人の文" in html and "先に保存した人の文" in html
    assert Listing.objects.get(pk=listings.salon.pk).description == "先に保存した人の文"


def test_restoring_an_old_version_brings_back_its_text_and_keeps_the_history(world, listings, as_user):
    client = as_user(world.minosawa_2so)
    url = reverse("directory:edit", args=[listings.salon.pk])
    client.post(url, form_data(listings.salon, description="最初の説明"))
    client.post(url, form_data(Listing.objects.get(pk=listings.salon.pk), description="まちがえた説明"))
    first = ListingVersion.objects.filter(listing=listings.salon).order_by("number").first()
    response = client.post(reverse("directory:restore", args=[listings.salon.pk, first.number]))
    assert response.status_code == 302
    listing = Listing.objects.get(pk=listings.salon.pk)
    assert listing.description == "最初の説明"
    assert listing.versions.count() == 3


def test_confirming_stamps_the_date_the_person_and_the_way(world, listings, as_user):
    as_user(world.minosawa_2so).post(reverse("directory:confirm", args=[listings.salon.pk]), {"how": "電話で確認"})
    listing = Listing.objects.get(pk=listings.salon.pk)
    assert listing.confirmed_how == "電話で確認"
    assert listing.confirmed_by == str(world.minosawa_2so)
    assert not listing.is_stale


def test_the_list_filters_stale_listings(world, listings, as_user):
    Listing.objects.filter(pk=listings.taiso.pk).update(confirmed_at=None)
    page = as_user(world.naka_1so).get(reverse("directory:list"), {"stale": "on"}).context["page"]
    assert [item.name for item in page] == ["いきいき体操"]


def test_the_lists_category_filter_puts_each_category_under_its_own_pillar(world, listings, as_user):
    from tsunagu.directory.models import Category

    form = as_user(world.naka_1so).get(reverse("directory:list")).context["form"]
    parent = {c.pk: c.parent_id for c in Category.objects.all()}
    pillar = None
    for value, label in list(form.fields["category"].choices)[1:]:
        if not str(label).startswith("　"):
            pillar = value
            assert parent[value] is None
        else:
            assert parent[value] == pillar, label
    assert len(list(form.fields["category"].choices)) == len(parent) + 1


# With the module's listings present, as in its other tests: they are then built once for the module
# (tests/shared_rows.py), not once per test.
@pytest.mark.usefixtures("listings")
def test_a_new_listing_is_created_with_its_schedule_and_nearest_block(world, as_user):
    client = as_user(world.minosawa_2so)
    from tsunagu.directory.models import Category

    data = {
        "name": "新しい体操教室", "name_kana": "あたらしいたいそうきょうしつ",
        "categories": [Category.objects.get(code="taiso").pk], "place": world.minosawa.pk,
        "organiser_name": "簑沢体操クラブ", "status": "active", "visibility": "public", "eligibility": "anyone",
        "intensity": "2", "location-name": "簑沢会館", "location-latitude": "35.4249", "location-longitude": "139.6351",
        "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0",
        "schedules-0-kind": "weekly", "schedules-0-weekdays": ["MO", "TH"],
        "schedules-0-opens_at": "9:30", "schedules-0-closes_at": "10:30",
    }
    response = client.post(reverse("directory:create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    listing = Listing.objects.get(name="新しい体操教室")
    assert listing.location.block == world.block
    assert listing.schedules.get().byday == "MO,TH"
    assert listing.versions.count() == 1


def test_a_paused_listing_needs_a_reason(world, listings, as_user):
    response = as_user(world.minosawa_2so).post(reverse("directory:edit", args=[listings.salon.pk]),
                                                form_data(listings.salon, status="paused"))
    assert response.status_code == 200
    assert "休止・終了のときは理由を書いてください" in response.content.decode()


def test_an_unused_schedule_row_is_ignored_and_a_deleted_one_removed(world, listings, as_user):
    data = form_data(listings.salon, **{
        "schedules-TOTAL_FORMS": "2", "schedules-0-DELETE": "on", "schedules-1-kind": "",
    })
    response = as_user(world.minosawa_2so).post(reverse("directory:edit", args=[listings.salon.pk]), data)
    assert response.status_code == 302
    assert not Listing.objects.get(pk=listings.salon.pk).schedules.exists()


def test_a_weekly_row_without_a_weekday_is_explained(world, listings, as_user):
    data = form_data(listings.salon, **{"schedules-0-kind": "weekly", "schedules-0-weekdays": []})
    response = as_user(world.minosawa_2so).post(reverse("directory:edit", args=[listings.salon.pk]), data)
    assert response.status_code == 200
    assert "曜日を選んでください。" in response.content.decode()


def test_a_residents_report_reaches_the_editors_and_is_resolved(world, listings, as_user, client):
    client.post(reverse("public:report", args=[listings.salon.pk]), {"kind": "ended", "message": "もうやっていない"})
    editor = as_user(world.minosawa_2so)
    assert "もうやっていない" in editor.get(reverse("directory:detail", args=[listings.salon.pk])).content.decode()
    assert "簑沢ふれあいサロン" in editor.get(reverse("directory:list")).content.decode().split("住民からの知らせ")[1]
    report = listings.salon.reports.get()
    response = editor.post(reverse("directory:report_resolve", args=[listings.salon.pk, report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == world.minosawa_2so


def test_an_outsider_cannot_resolve_a_report(world, listings, as_user, client):
    client.post(reverse("public:report", args=[listings.salon.pk]), {"kind": "ended"})
    report = listings.salon.reports.get()
    response = as_user(world.byobugaura_2so).post(
        reverse("directory:report_resolve", args=[listings.salon.pk, report.pk]))
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.resolved_at is None


def test_the_history_reads_in_words_not_field_codes(world, listings, as_user):
    from tsunagu.directory.models import Category

    client = as_user(world.minosawa_2so)
    url = reverse("directory:edit", args=[listings.salon.pk])
    client.post(url, form_data(listings.salon, description="最初の説明"))
    data = form_data(Listing.objects.get(pk=listings.salon.pk), description="新しい説明", place=world.d6.pk,
                     status="paused", status_reason="改修のため")
    data["categories"] = [Category.objects.get(code="kaishoku").pk]
    data["schedules-0-kind"], data["schedules-0-weekdays"] = "weekly", ["FR"]
    client.post(url, data)
    html = client.get(reverse("directory:detail", args=[listings.salon.pk])).content.decode()
    history = html[html.index("変更の記録"):]
    assert "<dt>内容</dt>" in history and ('<del class="diff">最初の</del><ins class="diff">新しい</ins>説明' in history)
    assert "<dt>地域</dt>" in history and "第6地区" in history and "place_id" not in history
    assert "<dt>状態</dt>" in history and "休止中" in history and "paused" not in history
    assert "<dt>分類</dt>" in history and "会食" in history
    assert "<dt>日時</dt>" in history and '毎<del class="diff">月第2・第4木</del><ins class="diff">週金</ins>曜' in history
