"""No silent overwrites: when two people edit the same record, the second save is refused,
the second person keeps what they typed, and sees what the first one saved."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tsunagu.people.models import Organisation
from tsunagu.places.models import Place

CONFLICT = (
    "編集中に他の人がこの記録を保存しました。下に表示した相手の変更を確認してから、もう一度保存してください。"
)
KEEP_TYPING = "下の欄はあなたが入力した内容のままです。必要なら直してから、もう一度保存してください。"


class _FormReader(HTMLParser):
    """The fields of the page's edit form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append({})
        if not self._in_form:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form[a["name"]] = a.get("value") or "on"
            elif kind not in {"submit", "button", "file"}:
                form[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            form[self._textarea] = ""
        elif tag == "select":
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                form[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.forms[-1].setdefault(self._select, self._first_option or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            form = self.forms[-1]
            form[self._textarea] += data.lstrip("\n") if not form[self._textarea] else data


def edit_form(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    forms = [f for f in reader.forms if "version" in f]
    assert len(forms) == 1, reader.forms
    return forms[0]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Places ------------------------------------------------------------------------------


@pytest.fixture
def two_place_editors(world):
    return logged_in(world.naka_1so), logged_in(world.minosawa_2so)


def test_both_editors_load_the_place_form_at_the_same_version(world, two_place_editors):
    first, second = two_place_editors
    url = reverse("places:edit", args=[world.d6.pk])
    assert edit_form(first, url)["version"] == edit_form(second, url)["version"] == "1"


def test_a_second_save_of_a_place_from_an_old_form_is_refused_and_keeps_what_was_typed(
    world, two_place_editors
):
    first, second = two_place_editors
    url = reverse("places:edit", args=[world.d6.pk])
    form_a = edit_form(first, url)
    form_b = edit_form(second, url)

    response = first.post(url, {**form_a, "name": "第6地区（Aさんの変更）", "note": "Aさんのメモ"})
    assert response.status_code == 302
    assert Place.objects.get(pk=world.d6.pk).version == 2

    response = second.post(url, {**form_b, "name": "第6地区（Bさんの変更）", "note": "Bさんのメモ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert KEEP_TYPING in html
    # The conflict box shows what is stored now …
    assert "いま保存されている内容" in html
    assert "<dd>第6地区（Aさんの変更）</dd>" in html
    assert "Aさんのメモ" in html
    # … and the form still holds what the second person typed.
    reader = _FormReader()
    reader.feed(html)
    form_again = next(f for f in reader.forms if "version" in f)
    assert form_again["name"] == "第6地区（Bさんの変更）"
    assert form_again["note"] == "Bさんのメモ"

    d6 = Place.objects.get(pk=world.d6.pk)
    assert (d6.name, d6.note, d6.version) == ("第6地区（Aさんの変更）", "Aさんのメモ", 2)


def test_after_a_conflict_the_second_editor_can_save_from_the_refreshed_form(world, two_place_editors):
    first, second = two_place_editors
    url = reverse("places:edit", args=[world.d6.pk])
    form_a, form_b = edit_form(first, url), edit_form(second, url)
    first.post(url, {**form_a, "name": "第6地区（A）"})
    second.post(url, {**form_b, "name": "第6地区（B）"})
    assert Place.objects.get(pk=world.d6.pk).name == "第6地区（A）"

    fresh_form = edit_form(second, url)
    assert fresh_form["version"] == "2"
    response = second.post(url, {**fresh_form, "name": "第6地区（B）"})
    assert response.status_code == 302
    d6 = Place.objects.get(pk=world.d6.pk)
    assert (d6.name, d6.version) == ("第6地区（B）", 3)


def test_saving_twice_from_the_same_stale_form_is_refused_the_second_time(world):
    client = logged_in(world.naka_1so)
    url = reverse("places:edit", args=[world.d6.pk])
    form = edit_form(client, url)
    assert client.post(url, {**form, "name": "一回目"}).status_code == 302
    response = client.post(url, {**form, "name": "二回目"})
    assert CONFLICT in response.content.decode()
    assert Place.objects.get(pk=world.d6.pk).name == "一回目"


def test_a_stale_edit_form_is_refused_after_someone_moved_the_place(world):
    # (The CP area's coordinator would lose the place from reach with the move; the city's
    # administrator keeps it.)
    first, second = logged_in(world.naka_1so), logged_in(world.admin)
    edit_url = reverse("places:edit", args=[world.d6.pk])
    move_url = reverse("places:move", args=[world.d6.pk])
    move_form = edit_form(first, move_url)
    form_b = edit_form(second, edit_url)
    response = first.post(move_url, {**move_form, "parent": str(world.honmoku.pk)})
    assert response.status_code == 302
    response = second.post(edit_url, {**form_b, "name": "第6地区（B）"})
    assert CONFLICT in response.content.decode()
    d6 = Place.objects.get(pk=world.d6.pk)
    assert (d6.name, d6.parent_id) == ("第6地区", world.honmoku.pk)


# --- Organisations -------------------------------------------------------------------------


@pytest.fixture
def two_organisation_editors(world):
    return logged_in(world.naka_1so), logged_in(world.minosawa_staff)


def test_a_second_save_of_an_organisation_from_an_old_form_is_refused_and_keeps_what_was_typed(
    world, two_organisation_editors
):
    first, second = two_organisation_editors
    url = reverse("people:organisation_edit", args=[world.minosawa_cp.pk])
    form_a = edit_form(first, url)
    form_b = edit_form(second, url)
    assert form_a["version"] == form_b["version"] == "1"
    assert form_a["contacts-TOTAL_FORMS"] == "1"

    response = first.post(url, {**form_a, "phone": "045-111-1111", "address": "横浜市中区簑沢1-1"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=world.minosawa_cp.pk).version == 2

    response = second.post(url, {**form_b, "phone": "045-222-2222", "note": "Bさんが書いた備考"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert KEEP_TYPING in html
    assert "<dd>045-111-1111</dd>" in html
    assert "<dd>横浜市中区簑沢1-1</dd>" in html
    reader = _FormReader()
    reader.feed(html)
    form_again = next(f for f in reader.forms if "version" in f)
    assert form_again["phone"] == "045-222-2222"
    assert form_again["note"] == "Bさんが書いた備考"

    organisation = Organisation.objects.get(pk=world.minosawa_cp.pk)
    assert (organisation.phone, organisation.address, organisation.note, organisation.version) == (
        "045-111-1111",
        "横浜市中区簑沢1-1",
        "",
        2,
    )


def test_a_refused_organisation_save_does_not_touch_its_contacts(world, two_organisation_editors):
    first, second = two_organisation_editors
    url = reverse("people:organisation_edit", args=[world.minosawa_cp.pk])
    form_a, form_b = edit_form(first, url), edit_form(second, url)
    first.post(url, {**form_a, "contacts-0-name": "簑沢 太郎", "contacts-0-phone": "045-333-3333"})
    assert list(world.minosawa_cp.contacts.values_list("name", flat=True)) == ["簑沢 太郎"]

    response = second.post(url, {**form_b, "contacts-0-name": "髙橋 花子"})
    assert CONFLICT in response.content.decode()
    assert list(world.minosawa_cp.contacts.values_list("name", flat=True)) == ["簑沢 太郎"]
