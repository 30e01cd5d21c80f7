"""A care manager's list on the public site: pick, reorder, remove, print (A4 PDF in large type),
send as a link — and never a staff-only, draft or ended listing on any of them."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from tsunagu.directory import lists
from tsunagu.directory.models import Listing, SharedList, Status, Visibility


def pick(client, *listings):
    for listing in listings:
        response = client.post(reverse("public:list_add"), {"pk": listing.pk, "next": reverse("index")})
        assert response.status_code == 302
    return client


def on_page(client, url=None) -> list[str]:
    return [item.listing.name for item in client.get(url or reverse("public:list")).context["items"]]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()


def test_a_care_manager_picks_listings_from_the_search_without_logging_in(client, listings):
    html = client.get(reverse("index")).content.decode()
    assert html.count("リストに入れる") == 3  # one a card
    response = client.post(reverse("public:list_add"), {"pk": listings.salon.pk, "next": reverse("index") + "?q=x"})
    assert response.status_code == 302 and response["Location"] == reverse("index") + "?q=x"
    html = client.get(reverse("index")).content.decode()
    assert html.count("リストに入れる") == 2 and "リストに入っています" in html
    pick(client, listings.taiso)
    assert on_page(client) == ["簑沢ふれあいサロン", "いきいき体操"]


def test_the_listing_page_has_the_button_too(client, listings):
    url = reverse("public:listing", args=[listings.taiso.pk])
    assert "リストに入れる" in client.get(url).content.decode()
    pick(client, listings.taiso)
    assert "リストに入っています" in client.get(url).content.decode()


def test_a_list_is_reordered_and_items_removed(client, listings):
    pick(client, listings.taiso, listings.salon, listings.isogo)
    client.post(reverse("public:list_move", args=[listings.isogo.pk]), {"direction": "up"})
    assert on_page(client) == ["いきいき体操", "久良岐丘移動販売", "簑沢ふれあいサロン"]
    client.post(reverse("public:list_move", args=[listings.taiso.pk]), {"direction": "down"})
    assert on_page(client) == ["久良岐丘移動販売", "いきいき体操", "簑沢ふれあいサロン"]
    client.post(reverse("public:list_move", args=[listings.taiso.pk]), {"direction": "up"})
    client.post(reverse("public:list_move", args=[listings.taiso.pk]), {"direction": "up"})  # already first
    assert on_page(client) == ["いきいき体操", "久良岐丘移動販売", "簑沢ふれあいサロン"]
    client.post(reverse("public:list_remove", args=[listings.isogo.pk]))
    assert on_page(client) == ["いきいき体操", "簑沢ふれあいサロン"]
    client.post(reverse("public:list_clear"))
    assert on_page(client) == []


def test_a_list_holds_at_most_fifty(client, listings):
    session = client.session
    session[lists.SESSION_KEY] = list(range(100_000, 100_000 + lists.MAX_ITEMS))
    session.save()
    response = client.post(reverse("public:list_add"), {"pk": listings.taiso.pk}, follow=True)
    assert "50件まで" in response.content.decode()
    assert listings.taiso.pk not in client.session[lists.SESSION_KEY]


def test_hidden_listings_cannot_be_picked(client, listings):
    for hidden in (listings.staff_only, listings.draft, listings.ended):
        assert client.post(reverse("public:list_add"), {"pk": hidden.pk}).status_code == 404
    assert client.post(reverse("public:list_add"), {"pk": "x"}).status_code == 404
    assert client.get(reverse("public:list_add")).status_code == 405


def test_the_list_prints_as_an_a4_pdf_with_next_dates_place_and_phone(client, listings):
    Listing.objects.filter(pk=listings.salon.pk).update(public_phone="045-621-3344")
    pick(client, listings.salon, listings.taiso)
    response = client.get(reverse("public:list_pdf"))
    text = pdf_text(response)
    assert "地域の活動のリスト" in text
    assert text.index("簑沢ふれあいサロン") < text.index("いきいき体操")  # the list's order
    assert "毎月第2・第4木曜" in text and "次は" in text and "045-621-3344" in text
    assert "簑沢ふれあいサロンの会場" in text
    size = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "(A4)" in size


def test_a_list_sent_as_a_link_opens_read_only_for_anyone(client, listings, world):
    pick(client, listings.taiso, listings.salon)
    response = client.post(reverse("public:list_share"), follow=True)
    shared = SharedList.objects.get()
    assert shared.listing_ids == [listings.taiso.pk, listings.salon.pk] and len(shared.token) >= 16
    url = reverse("public:shared_list", args=[shared.token])
    assert url in response.content.decode()
    for who in (None, world.naka_cm, world.admin):
        other = client.__class__()
        if who:
            other.force_login(who)
        response = other.get(url)
        assert response.status_code == 200
        assert on_page(other, url) == ["いきいき体操", "簑沢ふれあいサロン"]
        html = response.content.decode()
        assert "外す" not in html and "上へ" not in html  # read-only
        assert other.get(reverse("public:shared_list_pdf", args=[shared.token])).status_code == 200
    assert client.get(reverse("public:shared_list", args=["not-a-real-token-123"])).status_code == 404
    assert client.get(reverse("public:shared_list_pdf", args=["not-a-real-token-123"])).status_code == 404


@pytest.mark.parametrize("hide", [
    {"visibility": Visibility.STAFF}, {"visibility": Visibility.DRAFT}, {"status": Status.ENDED}])
def test_a_listing_hidden_after_it_was_picked_never_appears_in_the_list_the_link_or_the_pdf(client, listings, hide):
    Listing.objects.filter(pk=listings.taiso.pk).update(staff_contact="代表の携帯 090-1111-2222")
    pick(client, listings.taiso, listings.salon)
    client.post(reverse("public:list_share"))
    shared = SharedList.objects.get()
    Listing.objects.filter(pk=listings.taiso.pk).update(**hide)
    urls = [reverse("public:list"), reverse("public:shared_list", args=[shared.token])]
    for url in urls:
        assert on_page(client, url) == ["簑沢ふれあいサロン"]
        assert "いきいき体操" not in client.get(url).content.decode()
    for url in (reverse("public:list_pdf"), reverse("public:shared_list_pdf", args=[shared.token])):
        text = pdf_text(client.get(url))
        assert "簑沢ふれあいサロン" in text and "いきいき体操" not in text and "090-1111-2222" not in text


def test_a_staff_only_listing_slipped_into_a_shared_list_stays_out(client, listings):
    # A list stored by hand (or before the listing was hidden) with a staff-only id in it.
    shared = SharedList.objects.create(listing_ids=[listings.staff_only.pk, listings.salon.pk])
    url = reverse("public:shared_list", args=[shared.token])
    assert on_page(client, url) == ["簑沢ふれあいサロン"]
    assert "職員向け配食リスト" not in pdf_text(client.get(reverse("public:shared_list_pdf", args=[shared.token])))


def test_a_link_keeps_only_listings_public_when_it_is_made(client, listings):
    session = client.session
    session[lists.SESSION_KEY] = [listings.staff_only.pk, listings.taiso.pk]
    session.save()
    client.post(reverse("public:list_share"))
    assert SharedList.objects.get().listing_ids == [listings.taiso.pk]


def test_the_way_back_after_picking_stays_on_this_site(client, listings):
    response = client.post(reverse("public:list_add"), {"pk": listings.taiso.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("public:list")


def test_every_list_and_town_page_is_open_to_anyone_signed_in_or_not(client, world, listings):
    shared = SharedList.objects.create(listing_ids=[listings.salon.pk])
    pages = [reverse("public:list"), reverse("public:list_pdf"), reverse("public:towns"),
             reverse("public:towns") + f"?ward={world.naka.pk}",
             reverse("public:shared_list", args=[shared.token]), reverse("public:shared_list_pdf", args=[shared.token])]
    for who in (None, world.naka_cm, world.minosawa_2so, world.isogo_1so, world.admin):
        client.logout()
        if who:
            client.force_login(who)
        for url in pages:
            assert client.get(url).status_code == 200, (who, url)
        assert client.post(reverse("public:list_add"), {"pk": listings.salon.pk}).status_code == 302
        # Writes are POST only; a staff-only listing is a 404 to everyone here, staff included.
        assert client.get(reverse("public:list_clear")).status_code == 405
        assert client.post(reverse("public:list_add"), {"pk": listings.staff_only.pk}).status_code == 404
