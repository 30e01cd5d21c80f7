"""検索の言いかえ: the city's administrators edit the search's synonym list on one screen; nobody
else reaches it; a bad line is explained; a save over someone else's is refused, not lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.audit.models import AuditEntry
from tsunagu.directory import search, synonyms
from tsunagu.directory.models import Listing, SynonymGroup, Visibility
from tsunagu.jobs.models import Job

NOT_ADMINS = ["naka_1so", "naka_ward", "minosawa_2so", "minosawa_staff", "naka_cm", "isogo_1so", "nobody"]
URL = reverse("directory:synonyms")


def post(client, text, started_from=None):
    if started_from is None:
        started_from = synonyms.fingerprint(synonyms.current())
    return client.post(URL, {"text": text, "started_from": started_from})


def test_the_admin_sees_the_default_list_one_group_a_line(world, as_user):
    response = as_user(world.admin).get(URL)
    assert response.status_code == 200
    text = response.context["form"].initial["text"]
    assert "ふれあい・いきいき" in text.splitlines()
    assert any("買い物支援" in line and "移動販売" in line for line in text.splitlines())


def test_the_admin_saves_the_list_and_the_search_follows_at_once(world, as_user):
    Listing.objects.create(name="おしゃべり広場", name_kana="おしゃべりひろば", place=world.d6,
                           visibility=Visibility.PUBLIC)
    client = as_user(world.admin)
    public = client.get(reverse("index"), {"q": "たまりば"})
    assert "おしゃべり広場" not in public.content.decode()
    response = post(client, "ふれあい・いきいき\nたまりば、広場  居場所\n")
    assert response.status_code == 302
    assert [g.words for g in SynonymGroup.objects.all()] == [["ふれあい", "いきいき"], ["たまりば", "広場", "居場所"]]
    page = client.get(reverse("index"), {"q": "たまりば"}).content.decode()
    assert "おしゃべり広場" in page
    # The background work (run at once in tests) wrote the groups' markers into the listings.
    assert set(SynonymGroup.objects.values_list("indexed", flat=True)) == {True}
    assert Job.objects.get(kind=synonyms.JOB_KIND).state == Job.State.DONE
    assert Listing.objects.get(name="おしゃべり広場").search_text.endswith(search.group_marker(("たまりば", "広場", "居場所")))
    assert "「たまりば」の言いかえ「広場」「居場所」も含めています。" in page
    entry = AuditEntry.objects.get(action="synonyms.update")
    assert entry.actor == world.admin and "たまりば・広場・居場所" in entry.changes["言いかえ"][1]


@pytest.mark.parametrize("text, message", [
    ("ふれあい", "1行目：言いかえには2つ以上の語が必要です"),
    ("サロン・居場所\n通いの場・サロン", "2行目：「サロン」は1行目にもあります"),
    ("サロン・" + "あ" * 31, "が長すぎます"),
])
def test_a_bad_line_is_explained_and_nothing_is_saved(world, as_user, text, message):
    before = synonyms.current()
    response = post(as_user(world.admin), text)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert synonyms.current() == before


def test_a_save_over_someone_elses_change_is_refused_and_shows_the_list_as_it_is(world, as_user):
    client = as_user(world.admin)
    opened_at = synonyms.fingerprint(synonyms.current())
    assert post(client, "ふれあい・いきいき・はつらつ").status_code == 302  # someone else saved meanwhile
    response = post(client, "サロン・居場所", started_from=opened_at)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ほかの人が変更しました" in html and "ふれあい・いきいき・はつらつ" in html
    assert synonyms.current() == [["ふれあい", "いきいき", "はつらつ"]]
    # With the list as it is now in front of them, saving again is theirs to decide.
    assert post(client, "サロン・居場所").status_code == 302
    assert synonyms.current() == [["サロン", "居場所"]]


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_everyone_else_gets_404_and_changes_nothing(world, as_user, role):
    before = synonyms.current()
    client = as_user(getattr(world, role))
    assert client.get(URL).status_code == 404
    assert post(client, "乗っ取り・改ざん").status_code == 404
    assert synonyms.current() == before


def test_the_staff_list_links_to_the_screen_for_the_admin_only(world, as_user):
    assert URL in as_user(world.admin).get(reverse("directory:list")).content.decode()
    assert URL not in as_user(world.naka_1so).get(reverse("directory:list")).content.decode()
