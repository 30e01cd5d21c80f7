"""No silent overwrites (issue 4, must show): two people edit the same section of one sheet at
once. The second save is refused with a screen showing both texts side by side; after choosing,
no text is lost. Two people editing different sections both succeed."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from tsunagu.sheets.models import Section, SectionStatus, SheetChange

pytestmark = pytest.mark.django_db

THEIRS = "坂が多く、買い物に行けなくなった方が増えている。"
MINE = "サロンの担い手が高齢化し、次の担い手が見つからない。"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, sheet, key):
    response = client.get(reverse("sheets:section_edit", args=[sheet.pk, key]))
    assert response.status_code == 200
    return response.context["form"].initial["version"]


def save(client, sheet, key, version, text, status=SectionStatus.DRAFTING):
    return client.post(reverse("sheets:section_edit", args=[sheet.pk, key]),
                       {"text": text, "status": status, "version": version})


def section(sheet, key) -> Section:
    return Section.objects.get(sheet=sheet, key=key)


def resolve(client, sheet, key, response, mine: dict, **choices):
    """Post the conflict screen back: what was typed, as the screen carries it, and the choices made."""
    conflict = response.context["conflict"]
    return client.post(reverse("sheets:section_edit", args=[sheet.pk, key]), {
        "resolve": "1", "version": conflict.theirs_version, "base_version": conflict.base_version or "",
        "mine": json.dumps(mine, ensure_ascii=False), **choices})


def clashes(response) -> dict:
    return {c.name: c for c in response.context["conflict"].clashes}


@pytest.fixture
def two_editors(world, records):
    """The 2層Co and the 1層Co both open 現状認識・課題; the 1層Co saves first."""
    co2, co1 = client_for(world.minosawa_2so), client_for(world.naka_1so)
    seen = open_form(co2, records.sheet, "current")
    assert open_form(co1, records.sheet, "current") == seen
    assert save(co1, records.sheet, "current", seen, THEIRS).status_code == 302
    return co2, seen


def test_the_second_save_gets_the_conflict_screen_with_both_texts(world, records, two_editors):
    co2, seen = two_editors
    response = save(co2, records.sheet, "current", seen, MINE)
    assert response.status_code == 409
    page = response.content.decode()
    assert "編集中にほかの人が保存しました" in page
    assert THEIRS in page and MINE in page
    row = clashes(response)["text"]
    assert (row.theirs, row.mine, row.both_changed) == (THEIRS, MINE, True)
    assert "naka-1so" in page  # who saved first
    # Nothing was overwritten.
    assert section(records.sheet, "current").text == THEIRS


def test_a_merged_text_keeps_both(world, records, two_editors):
    co2, seen = two_editors
    response = save(co2, records.sheet, "current", seen, MINE)
    merged = f"{THEIRS}\n{MINE}"
    response = resolve(co2, records.sheet, "current", response, {"text": MINE, "status": SectionStatus.DRAFTING},
                       **{"choice-text": "merged", "merged-text": merged})
    assert response.status_code == 302
    saved = section(records.sheet, "current")
    assert saved.text == merged and saved.version == seen + 2
    # Both versions can be read back in the history.
    texts = list(SheetChange.objects.filter(sheet=records.sheet, section_key="current").values_list("data__text", flat=True))
    assert THEIRS in texts and merged in texts


@pytest.mark.parametrize("pick, expected", [("theirs", THEIRS), ("mine", MINE)])
def test_taking_theirs_or_keeping_mine(world, records, two_editors, pick, expected):
    co2, seen = two_editors
    response = save(co2, records.sheet, "current", seen, MINE)
    response = resolve(co2, records.sheet, "current", response, {"text": MINE, "status": SectionStatus.DRAFTING},
                       **{"choice-text": pick, "merged-text": ""})
    assert response.status_code == 302
    assert section(records.sheet, "current").text == expected
    # Whichever was chosen, the other text is still in the history.
    texts = set(SheetChange.objects.filter(sheet=records.sheet, section_key="current").values_list("data__text", flat=True))
    assert {THEIRS} <= texts
    if pick == "theirs":
        assert MINE not in texts  # the person chose to drop theirs own, knowingly


def test_without_a_choice_the_screen_comes_back_with_the_text_still_there(world, records, two_editors):
    co2, seen = two_editors
    response = save(co2, records.sheet, "current", seen, MINE)
    response = resolve(co2, records.sheet, "current", response, {"text": MINE, "status": SectionStatus.DRAFTING},
                       **{"merged-text": "途中まで書いた統合の文"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "「現状認識・課題」で、残す内容を選んでください。" in page
    # Both texts whole (the differing words marked inside them) and the merge begun.
    assert MINE in strip_tags(page) and THEIRS in strip_tags(page) and "途中まで書いた統合の文" in page
    assert section(records.sheet, "current").text == THEIRS


def test_someone_saving_again_while_choosing_loses_nothing(world, records, two_editors):
    co2, seen = two_editors
    screen = save(co2, records.sheet, "current", seen, MINE)
    third = "区役所と話し、移動の課題を優先することにした。"
    co1 = client_for(world.naka_1so)
    assert save(co1, records.sheet, "current", screen.context["conflict"].theirs_version, third).status_code == 302
    merged = f"{THEIRS}\n{MINE}"
    response = resolve(co2, records.sheet, "current", screen, {"text": MINE, "status": SectionStatus.DRAFTING},
                       **{"choice-text": "merged", "merged-text": merged})
    # A new comparison: the newest saved text against the merged text this person wrote.
    assert response.status_code == 409
    assert list(clashes(response)) == ["text"]
    row = clashes(response)["text"]
    assert (row.theirs, row.mine) == (third, merged)
    assert section(records.sheet, "current").text == third


def test_only_the_field_each_side_changed_needs_no_choice(world, records):
    """The 1層Co changed the text, the 2層Co only the status: each side's change is kept."""
    co2, co1 = client_for(world.minosawa_2so), client_for(world.naka_1so)
    seen = open_form(co2, records.sheet, "current")
    open_form(co1, records.sheet, "current")
    assert save(co1, records.sheet, "current", seen, THEIRS, SectionStatus.NOT_STARTED).status_code == 302
    response = save(co2, records.sheet, "current", seen, "", SectionStatus.SUBMITTED)
    assert response.status_code == 409
    assert {name: c.choice for name, c in clashes(response).items()} == {"text": "theirs", "status": "mine"}
    response = resolve(co2, records.sheet, "current", response, {"text": "", "status": SectionStatus.SUBMITTED},
                       **{"choice-text": "theirs", "choice-status": "mine"})
    assert response.status_code == 302
    saved = section(records.sheet, "current")
    assert (saved.text, saved.status) == (THEIRS, SectionStatus.SUBMITTED)


def test_two_people_editing_different_sections_both_succeed(world, records):
    co2, co1 = client_for(world.minosawa_2so), client_for(world.naka_1so)
    seen_vision = open_form(co2, records.sheet, "vision")
    seen_current = open_form(co1, records.sheet, "current")
    assert save(co1, records.sheet, "current", seen_current, THEIRS).status_code == 302
    assert save(co2, records.sheet, "vision", seen_vision, "買い物に困らない、坂の上のまち").status_code == 302
    assert section(records.sheet, "current").text == THEIRS
    assert section(records.sheet, "vision").text == "買い物に困らない、坂の上のまち"


def test_a_review_section_conflict_compares_each_plan_items_review(world, records):
    co2, co1 = client_for(world.minosawa_2so), client_for(world.naka_1so)
    url = reverse("sheets:section_edit", args=[records.sheet.pk, "review_half"])
    seen = open_form(co2, records.sheet, "review_half")
    field = f"item-{records.first.pk}"
    other = f"item-{records.second.pk}"
    base = {"text": "", "status": SectionStatus.DRAFTING, "version": seen, other: ""}
    assert co1.post(url, {**base, field: "準備会を2回開いた"}).status_code == 302
    response = co2.post(url, {**base, field: "会場が決まった"})
    assert response.status_code == 409
    assert list(clashes(response)) == [field]
    response = resolve(co2, records.sheet, "review_half", response,
                       {"text": "", "status": SectionStatus.DRAFTING, field: "会場が決まった", other: ""},
                       **{f"choice-{field}": "merged", f"merged-{field}": "準備会を2回開き、会場が決まった"})
    assert response.status_code == 302
    records.first.refresh_from_db()
    assert records.first.review_half == "準備会を2回開き、会場が決まった"


def test_a_plan_item_edited_by_two_people_gets_the_same_screen(world, records):
    co2, co1 = client_for(world.minosawa_2so), client_for(world.naka_1so)
    url = reverse("sheets:item_edit", args=[records.sheet.pk, records.first.pk])
    seen = co2.get(url).context["form"].initial["version"]
    data = {"title": records.first.title, "pillar": records.first.pillar, "version": seen}
    assert co1.post(url, {**data, "goal": "第6地区に1か所、第7地区に1か所"}).status_code == 302
    response = co2.post(url, {**data, "goal": "第6地区に新しいサロンを1か所（会場は集会所）"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "第6地区に1か所、第7地区に1か所" in page and "第6地区に新しいサロンを1か所（会場は集会所）" in page
    records.first.refresh_from_db()
    assert records.first.goal == "第6地区に1か所、第7地区に1か所"
