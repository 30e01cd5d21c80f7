"""After the 1層Co marks a section 確認済, the 2層Co's next save reopens it instead of being refused
(issue 12, item 9); the author shown on a section is the one who wrote it last."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.lib.test_edit_without_version import form_of
from tests.lib.test_forms_keep_links import as_posted
from tsunagu.sheets import services
from tsunagu.sheets.models import SectionKey, SectionStatus

pytestmark = pytest.mark.django_db


def confirm(world, sheet, key=SectionKey.VISION):
    section = sheet.section(key)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version, text=section.text,
                            status=SectionStatus.CONFIRMED)


def test_the_2sos_save_of_a_confirmed_section_reopens_it_and_the_1so_sees_it(world, as_user, records):
    confirm(world, records.sheet)
    client = as_user(world.minosawa_2so)
    url = reverse("sheets:section_edit", args=[records.sheet.pk, SectionKey.VISION])
    page = client.get(url).content.decode()
    assert "内容を変えて保存すると「作成中」に戻り" in page
    response = client.post(url, as_posted(form_of(client, url), text="誰もが気軽に集え、坂の上でも暮らせる地域"))
    assert response.status_code == 302
    section = records.sheet.section(SectionKey.VISION)
    assert (section.text, section.status) == ("誰もが気軽に集え、坂の上でも暮らせる地域", SectionStatus.DRAFTING)
    detail = as_user(world.naka_1so).get(reverse("sheets:detail", args=[records.sheet.pk])).content.decode()
    assert "確認済のあとで minosawa-2soさんが" in detail and "もう一度確認してください" in detail
    history = as_user(world.naka_1so).get(reverse("sheets:history", args=[records.sheet.pk])).content.decode()
    assert "確認済のあとの編集（作成中に戻る）" in history
    # Confirmed again, the notice is gone.
    confirm(world, records.sheet)
    detail = as_user(world.naka_1so).get(reverse("sheets:detail", args=[records.sheet.pk])).content.decode()
    assert "もう一度確認してください" not in detail


def test_the_author_shown_is_the_last_writer_not_the_confirmer(world, as_user, records):
    confirm(world, records.sheet)
    page = as_user(world.naka_ward).get(reverse("sheets:detail", args=[records.sheet.pk])).content.decode()
    assert "記入：minosawa-2soさん" in page and "確認：naka-1soさん" in page
    # The 1層Co rewrites the text themselves: now they are its last writer.
    section = records.sheet.section(SectionKey.VISION)
    services.section_update(user=world.naka_1so, section=section, seen_version=section.version,
                            text="1層Coが直した文", status=SectionStatus.CONFIRMED)
    page = as_user(world.naka_ward).get(reverse("sheets:detail", args=[records.sheet.pk])).content.decode()
    assert "記入：naka-1soさん" in page
    assert "記入：minosawa-2soさん" not in page.split('id="section-vision"')[1].split("</section>")[0]
