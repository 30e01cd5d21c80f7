"""Two members editing the same shared-log entry: the second gets the conflict screen, field by
field, and nothing either of them wrote is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.lib.test_edit_without_version import form_of
from tsunagu.projects import services
from tsunagu.projects.models import LogEntry

pytestmark = pytest.mark.django_db

THEIRS = "会場2か所で販売。30人ほど。自治会長が声かけをしてくれた。"
MINE = "会場2か所で販売。30人ほど。野菜がよく売れた。次回は果物も。"


@pytest.fixture
def clash(isogo, as_user):
    entry = isogo.entry
    url = reverse("projects:entry_edit", args=[isogo.project.pk, entry.pk])
    client = as_user(isogo.byobugaura_2so)
    fields = dict(form_of(client, url))
    services.entry_update(user=isogo.kuraki_chair, entry=LogEntry.objects.get(pk=entry.pk),
                          seen_version=entry.version, date=entry.date, body=THEIRS)
    response = client.post(url, {**fields, "body": MINE})
    return client, url, response, entry


def test_the_second_save_gets_the_conflict_screen_and_nothing_is_written(clash):
    _client, _url, response, entry = clash
    assert response.status_code == 409
    text = strip_tags(response.content.decode())
    assert THEIRS in text and MINE in text
    assert [c.name for c in response.context["conflict"].clashes] == ["body"]
    assert LogEntry.objects.get(pk=entry.pk).body == THEIRS


@pytest.mark.parametrize("choice, expected", [("theirs", THEIRS), ("mine", MINE)])
def test_the_chosen_text_is_saved(clash, choice, expected):
    client, url, response, entry = clash
    conflict = response.context["conflict"]
    answer = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json,
                               "choice-body": choice})
    assert answer.status_code == 302
    assert LogEntry.objects.get(pk=entry.pk).body == expected


def test_a_merged_text_keeps_both(clash):
    client, url, response, entry = clash
    conflict = response.context["conflict"]
    merged = THEIRS + "\n野菜がよく売れた。次回は果物も。"
    answer = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json,
                               "choice-body": "merged", "merged-body": merged})
    assert answer.status_code == 302
    assert LogEntry.objects.get(pk=entry.pk).body == merged


def test_an_undecided_screen_is_shown_again_with_the_typed_text(clash):
    client, url, response, entry = clash
    conflict = response.context["conflict"]
    again = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json})
    assert again.status_code == 409 and MINE in strip_tags(again.content.decode())
    assert LogEntry.objects.get(pk=entry.pk).body == THEIRS


def test_a_post_without_its_version_is_refused_like_a_stale_one(isogo, as_user):
    url = reverse("projects:entry_edit", args=[isogo.project.pk, isogo.entry.pk])
    response = as_user(isogo.byobugaura_2so).post(url, {"date": isogo.entry.date.isoformat(), "body": MINE})
    assert response.status_code == 409
    assert LogEntry.objects.get(pk=isogo.entry.pk).body == isogo.entry.body
