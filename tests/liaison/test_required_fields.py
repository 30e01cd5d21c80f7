"""Every field a form requires says so before it is sent: its label (or a group's legend) carries
the visible （必須） mark, and the control itself is required for assistive technology (the
`required` attribute, which browsers expose as aria-required). 柱 on the memo form is one: every
activity is filed under a pillar.

The forms are found in each page's context, so a new required field on any of these pages is
checked without touching this test."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

MARK = "必須"


class Controls(HTMLParser):
    """Labels by their `for`, each control's attributes by id, and each fieldset's legend with
    the ids of the controls inside it."""

    def __init__(self):
        super().__init__()
        self.labels: dict[str, str] = {}
        self.controls: dict[str, dict] = {}
        self.fieldsets: list[dict] = []
        self._label: str | None = None
        self._text: list[str] = []
        self._open: list[dict] = []
        self._in_legend = False
        self._select: str | None = None
        # Selects with an empty choice: those a person can leave empty.
        self.can_be_empty: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self._label, self._text = attrs["for"], []
        elif tag == "fieldset":
            self._open.append({"legend": "", "ids": set()})
        elif tag == "legend" and self._open:
            self._in_legend = True
        elif tag == "option" and self._select and attrs.get("value", None) == "":
            self.can_be_empty.add(self._select)
        elif tag in ("input", "select", "textarea") and attrs.get("id"):
            self.controls[attrs["id"]] = {**attrs, "tag": tag}
            if tag == "select":
                self._select = attrs["id"]
            for fieldset in self._open:
                fieldset["ids"].add(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "label" and self._label:
            self.labels[self._label] = "".join(self._text)
            self._label = None
        elif tag == "legend":
            self._in_legend = False
        elif tag == "select":
            self._select = None
        elif tag == "fieldset" and self._open:
            self.fieldsets.append(self._open.pop())

    def handle_data(self, data):
        if self._label:
            self._text.append(data)
        if self._in_legend and self._open:
            self._open[-1]["legend"] += data


def unmarked(response) -> list[str]:
    """The required fields of the page's forms that are not marked, as "form.field: why"."""
    page = Controls()
    page.feed(response.content.decode())
    found = []
    seen = set()
    for context in response.context:
        for value in context.flatten().values():
            # A formset's extra rows may be left blank: their fields are required only once used.
            if not isinstance(value, forms.BaseForm) or id(value) in seen or value.empty_permitted:
                continue
            seen.add(id(value))
            for bound in value.visible_fields():
                if not bound.field.required or bound.field.disabled:
                    continue
                name = f"{type(value).__name__}.{bound.name}"
                if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    groups = [f for f in page.fieldsets if f"{bound.auto_id}_0" in f["ids"]]
                    if not groups or MARK not in groups[-1]["legend"]:
                        found.append(f"{name}: no （必須） in its legend")
                    continue
                if bound.auto_id not in page.controls:
                    continue  # not on this page (a form split over steps)
                if MARK not in page.labels.get(bound.auto_id, ""):
                    found.append(f"{name}: no （必須） in its label")
                attrs = page.controls[bound.auto_id]
                if attrs["tag"] == "select" and "multiple" not in attrs and bound.auto_id not in page.can_be_empty:
                    continue  # always holds a choice: nothing to leave empty (HTML forbids required here)
                if "required" not in attrs and attrs.get("aria-required") != "true":
                    found.append(f"{name}: the control is not required for assistive technology")
    return found


def form_pages(world, records):
    sheet, memo, plan = records.sheet.pk, records.salon.pk, records.plan.pk
    coordinator, one_so, admin = world.minosawa_2so, world.naka_1so, world.admin
    return [
        (coordinator, reverse("memos:create")),
        (coordinator, reverse("memos:edit", args=[memo])),
        (one_so, reverse("memos:term_create", args=["kind"]) + f"?ward={world.naka.pk}"),
        (coordinator, reverse("sheets:section_edit", args=[sheet, "vision"])),
        (coordinator, reverse("sheets:item_create", args=[sheet])),
        (world.naka_chiku, reverse("district_plans:create")),
        (world.naka_chiku, reverse("district_plans:edit", args=[plan])),
        (one_so, reverse("hearings:set_create")),
        (one_so, reverse("hearings:round_create")),
        (one_so, reverse("events:create")),
        (admin, reverse("directory:create")),
        (admin, reverse("directory:category_create")),
        (admin, reverse("places:create", args=[world.naka.pk])),
        (admin, reverse("people:organisation_create")),
        (admin, reverse("people:person_create")),
        (coordinator, reverse("password_change")),
    ]


@pytest.mark.django_db
def test_every_required_field_is_marked(world, client, ward_records):
    problems = {}
    checked = 0
    for user, url in form_pages(world, ward_records):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        checked += 1
        left = unmarked(response)
        if left:
            problems[url] = left
    assert checked == len(form_pages(world, ward_records))
    assert problems == {}, "\n".join(f"{url}: {p}" for url, ps in problems.items() for p in ps)


def test_the_memo_form_marks_its_pillars_as_required(world, as_user, ward_records):
    response = as_user(world.minosawa_2so).get(reverse("memos:create"))
    html = response.content.decode()
    legend = html[html.index("<legend>", html.index('id="id_pillars_0"') - 2000):html.index('id="id_pillars_0"')]
    assert "柱" in legend and "（必須）" in legend
    assert unmarked(response) == []
    # Sent without a pillar, the form says what is missing.
    response = as_user(world.minosawa_2so).post(reverse("memos:create"), {
        "date": f"{ward_records.today:%Y-%m-%d}", "place": world.minosawa.pk, "title": "訪問"})
    assert response.status_code == 200 and "柱を一つ以上選んでください。" in response.content.decode()


def test_the_check_sees_an_unmarked_field(rf):
    class Bare(forms.Form):
        name = forms.CharField(label="名前")
        pillars = forms.MultipleChoiceField(label="柱", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    class Response:
        content = (b'<label for="id_name">\xe5\x90\x8d\xe5\x89\x8d</label><input id="id_name" name="name">'
                   b'<fieldset><legend>\xe6\x9f\xb1</legend><input type="checkbox" id="id_pillars_0"></fieldset>')

        class Context:
            def flatten(self):
                return {"form": Bare()}

        context = [Context()]

    assert unmarked(Response()) == ["Bare.name: no （必須） in its label",
                                    "Bare.name: the control is not required for assistive technology",
                                    "Bare.pillars: no （必須） in its legend"]
