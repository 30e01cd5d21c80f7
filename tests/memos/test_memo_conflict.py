"""A memo saved by two people at once: the conflict screen marks what differs, each field is kept —
theirs or mine — and the choices are saved (issue 12, item 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tests.lib.test_edit_without_version import form_of
from tsunagu.memos import services
from tsunagu.memos.models import Memo

pytestmark = pytest.mark.django_db

THEIRS = "会場の鍵は自治会長が管理している。"
MINE = "会場の鍵は町内会館の管理人が持っている。"


def posted(fields, **changes) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update({k: [v] for k, v in changes.items()})
    return data


@pytest.fixture
def clash(world, as_user, records):
    """The 2層Co opened the memo; the 1層Co then saved a new 内容; the 2層Co saves their own 内容
    and a 次の一手 (which only they changed)."""
    memo = records.memo
    memo.organisations.add(world.naka_office)
    url = reverse("memos:edit", args=[memo.pk])
    client = as_user(world.minosawa_2so)
    fields = form_of(client, url)
    services.memo_update(user=world.naka_1so, memo=memo, seen_version=memo.version, date=memo.date, place=memo.place,
                         title=memo.title, content=THEIRS, plan_items=[records.first],
                         organisations=[world.naka_office], pillars=memo.pillar_list, functions=memo.function_list)
    response = client.post(url, posted(fields, content=MINE, next_step="来週、管理人に会う"))
    return client, url, response


def test_the_conflict_screen_marks_what_differs_and_pre_chooses_one_sided_changes(clash):
    _client, url, response = clash
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert [c.name for c in conflict.decisions] == ["content"]
    assert [(c.name, c.choice) for c in conflict.one_sided] == [("next_step", "mine")]
    page = response.content.decode()
    # Both texts whole, the words only one side has marked (escaped first, then marked).
    assert THEIRS in strip_tags(page) and MINE in strip_tags(page)
    assert '<del class="diff">自治会長が管理し</del>' in page
    assert '<ins class="diff">町内会館の管理人が持っ</ins>' in page
    assert Memo.objects.get(pk=_memo_pk_from(url)).content == THEIRS


@pytest.mark.parametrize("choice, expected", [("theirs", THEIRS), ("mine", MINE)])
def test_each_field_is_kept_as_chosen_and_saved(clash, world, choice, expected):
    client, url, response = clash
    conflict = response.context["conflict"]
    response = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "base_version": "",
                                 "mine": conflict.mine_json, "choice-content": choice, "choice-next_step": "mine"})
    assert response.status_code == 302
    memo = Memo.objects.get(pk=_memo_pk_from(url))
    assert memo.content == expected and memo.next_step == "来週、管理人に会う"
    # The links the conflict screen did not touch are still there.
    assert world.naka_office in memo.organisations.all()


def test_a_choice_left_out_brings_the_screen_back_and_saves_nothing(clash):
    client, url, response = clash
    conflict = response.context["conflict"]
    response = client.post(url, {"resolve": "1", "version": conflict.theirs_version, "mine": conflict.mine_json,
                                 "choice-next_step": "mine"})
    assert response.status_code == 409
    assert "「内容」で、残す内容を選んでください。" in response.content.decode()
    assert Memo.objects.get(pk=_memo_pk_from(url)).content == THEIRS


def _memo_pk_from(url: str) -> int:
    return int(url.rstrip("/").split("/")[-2])
