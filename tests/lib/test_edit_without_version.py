"""Issue 11: a save that left out the version field, or sent a garbage one, skipped the conflict
check and overwrote silently. Every editing view is posted its own form (read from the page, as a
browser would send it) with one text changed: with the version it saves (so the form is valid),
without it or with garbage it is refused like a stale save, and nothing is written."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.directory.test_export import _rich_listing
from tests.liaison.conftest import _ward_records_rows, ward_records  # noqa: F401 (fixtures)
from tsunagu.events import services as event_services

CHANGED = "上書きされてはいけない文"


class _FormFields(HTMLParser):
    """The fields of the page's form that holds a field named "version", as a browser posts them."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list | None = None
        self._textarea: list | None = None
        self._select: str | None = None
        self._option: tuple | None = None
        self._selected: dict[str, str] = {}
        self._first: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form, self._selected, self._first = [], {}, {}
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first.setdefault(self._select, value)
            if "selected" in a:
                self._form.append((self._select, value))
                self._selected[self._select] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            self._select = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def form_of(client, url: str) -> list[tuple[str, str]]:
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _FormFields()
    parser.feed(page.content.decode())
    found = [f for f in parser.forms if any(name == "version" or name.endswith("-version") for name, _v in f)]
    assert found, f"{url}: no form with a version field"
    return found[0]


def post_data(fields, text_field: str, version: str | None) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        if name == text_field:
            value = CHANGED
        if name == "version":
            if version is None:
                continue
            value = version if version != "keep" else value
        data.setdefault(name, []).append(value)
    assert text_field in data, f"{text_field} not in the form: {sorted(data)}"
    return data


# (name, who edits, url, the text field changed, how to read that text back, how to read the version)
def views(world, records, listing):
    sheet, item, plan, hearing = records.sheet, records.item, records.plan, records.hearing
    vision = sheet.section("vision")
    meeting = records.meeting
    agenda = meeting.agenda_items.first() or event_services.agenda_item_save(
        user=world.naka_1so, event=meeting, item=None, seen_version=None, title="各CPからの報告",
        presenter=world.minosawa_2so)
    from tests.outings.conftest import make_tour

    tour = make_tour(world)
    return {
        "outings:edit": (world.minosawa_2so, reverse("outings:edit", args=[tour.outing.pk]), "title",
                         lambda: type(tour.outing).objects.get(pk=tour.outing.pk)),
        "outings:participant_edit": (world.minosawa_2so, reverse("outings:participant_edit",
                                                                 args=[tour.outing.pk, tour.hanako.pk]), "name",
                                     lambda: type(tour.hanako).objects.get(pk=tour.hanako.pk)),
        "memos:edit": (world.minosawa_2so, reverse("memos:edit", args=[records.salon.pk]), "title",
                       lambda: type(records.salon).objects.get(pk=records.salon.pk)),
        "sheets:section_edit": (world.minosawa_2so, reverse("sheets:section_edit", args=[sheet.pk, "vision"]), "text",
                                lambda: type(vision).objects.get(pk=vision.pk)),
        "sheets:item_edit": (world.minosawa_2so, reverse("sheets:item_edit", args=[sheet.pk, item.pk]), "title",
                             lambda: type(item).objects.get(pk=item.pk)),
        "district_plans:edit": (world.naka_chiku, reverse("district_plans:edit", args=[plan.pk]), "directions",
                                lambda: type(plan).objects.get(pk=plan.pk)),
        "hearings:set_edit": (world.naka_1so, reverse("hearings:set_edit", args=[hearing.item_set_id]), "name",
                              lambda: type(hearing.item_set).objects.get(pk=hearing.item_set_id)),
        "hearings:round_edit": (world.naka_1so, reverse("hearings:round_edit", args=[hearing.pk]), "name",
                                lambda: type(hearing).objects.get(pk=hearing.pk)),
        "hearings:sheet_edit": (world.minosawa_2so, reverse("hearings:sheet_edit", args=[records.hearing_sheet.pk]),
                                None, lambda: type(records.hearing_sheet).objects.get(pk=records.hearing_sheet.pk)),
        "directory:edit": (world.naka_1so, reverse("directory:edit", args=[listing.pk]), "description",
                           lambda: type(listing).objects.get(pk=listing.pk)),
        "places:edit": (world.naka_1so, reverse("places:edit", args=[world.d6.pk]), "name",
                        lambda: type(world.d6).objects.get(pk=world.d6.pk)),
        "people:organisation_edit": (world.naka_1so, reverse("people:organisation_edit", args=[world.minosawa_cp.pk]),
                                     "name", lambda: type(world.minosawa_cp).objects.get(pk=world.minosawa_cp.pk)),
        "events:edit": (world.naka_1so, reverse("events:edit", args=[meeting.pk]), "title",
                        lambda: type(meeting).objects.get(pk=meeting.pk)),
        # The presenter writes their prepared report (the organisers' other fields are not theirs).
        "events:agenda_edit": (world.minosawa_2so, reverse("events:agenda_edit", args=[meeting.pk, agenda.pk]),
                               "prepared_note", lambda: type(agenda).objects.get(pk=agenda.pk)),
    }


NAMES = ["memos:edit", "sheets:section_edit", "sheets:item_edit", "district_plans:edit", "hearings:set_edit",
         "hearings:round_edit", "hearings:sheet_edit", "directory:edit", "places:edit", "people:organisation_edit",
         "events:edit", "events:agenda_edit", "outings:edit", "outings:participant_edit"]


def _written(obj, field: str | None) -> bool:
    if field is None:  # a hearing sheet: its answers live in rows of their own
        return obj.answers.filter(text=CHANGED).exists()
    return getattr(obj, field) == CHANGED


def _first_text_field(fields) -> str:
    return next(name for name, _v in fields if name.startswith("item-"))


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "0", "1e9"])
@pytest.mark.parametrize("name", NAMES)
def test_a_save_without_a_good_version_is_refused(world, ward_records, client, name, version):  # noqa: F811
    listing = _rich_listing(world, "簑沢えんがわカフェ")
    user, url, field, fetch = views(world, ward_records, listing)[name]
    client.force_login(user)
    fields = form_of(client, url)
    text_field = field or _first_text_field(fields)
    before = fetch()
    response = client.post(url, post_data(fields, text_field, version))
    after = fetch()
    assert not _written(after, field), f"{name}: overwritten with version {version!r}"
    assert after.version == before.version
    assert response.status_code in (200, 409), (name, response.status_code)  # the form again, or the conflict screen
    page = response.content.decode()
    assert "保存しました" in page and ("他の人" in page or "ほかの人" in page), name


@pytest.mark.parametrize("name", NAMES)
def test_the_same_post_with_its_version_saves(world, ward_records, client, name):  # noqa: F811
    """The control: the posted form is otherwise valid, so the refusals above are the version's."""
    listing = _rich_listing(world, "簑沢えんがわカフェ")
    user, url, field, fetch = views(world, ward_records, listing)[name]
    client.force_login(user)
    fields = form_of(client, url)
    before = fetch()
    response = client.post(url, post_data(fields, field or _first_text_field(fields), "keep"))
    assert response.status_code == 302, (name, response.status_code)
    after = fetch()
    assert _written(after, field) and after.version == before.version + 1, name
