"""The homes of a 2層Co and a 1層Co in a real Chromium, on the Yokohama demo: logging in
through the form, what each home says, going on to a place, an organisation and (for the
1層Co) the people list; the same pages on a phone and at 200 % zoom without sideways
scrolling; and the lockout page after five wrong passwords.

Screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count

from tsunagu.people.models import Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
# A 1280 px wide window at 200 % zoom lays the page out in 640 CSS px.
ZOOM_200 = {"width": 640, "height": 800}


def expected_counts(place: Place) -> tuple[list[str], int]:
    """The lines the home's card shows for a place: 「地区：3」…, and the organisation total."""
    by_kind = dict(
        Place.objects.under(place).exclude(pk=place.pk).values_list("kind").annotate(n=Count("pk"))
    )
    lines = [f"{label}：{by_kind[value]}" for value, label in Kind.choices if value in by_kind]
    total = Organisation.objects.active().filter(place__path__startswith=place.path).count()
    return lines, total


def check_home(page, *, user: User, organisation: str, role: str, place: Place):
    from django.utils.translation import override

    with override("ja"):
        role_label = str(dict(Role.choices)[role])
    assert page.url.endswith("/home/")
    h1 = page.locator("h1")
    assert h1.inner_text().strip() == f"{user.display_name}さんのホーム"
    section = page.locator("main section").first
    heading = section.locator("h2").first
    assert organisation in heading.inner_text()
    assert role_label in heading.locator(".role-badge").inner_text()
    card = section.locator(".card").filter(has=page.locator("h3", has_text=place.name)).first
    card_text = card.inner_text()
    lines, total = expected_counts(place)
    assert lines, "the demo should put something under the place"
    for line in lines:
        assert line in card_text, (line, card_text)
    # The first count is the organisations'; the second the 地域資源's (tests/directory/test_home_summary.py).
    assert card.locator(".stat").first.inner_text().strip() == str(total)
    assert total > 0
    assert card.get_by_text("この中の地域資源").is_visible()
    # The header says who is logged in, in Japanese.
    assert f"{user.display_name} さん" in page.locator(".site-header").inner_text()


def test_area_coordinator_home_place_and_organisation(demo, page, log_in, screenshot):
    user = User.objects.get(username="minosawa-2so")
    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    log_in(page, "minosawa-2so")
    check_home(page, user=user, organisation="簑沢地域ケアプラザ", role=Role.AREA_COORDINATOR, place=area)
    # A 2層Co writes in the CP area and reads the whole ward.
    assert "中区全体を見る" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="団体を登録する").is_visible()
    # Managing people is not theirs.
    assert page.get_by_role("link", name="職員とアカウント").count() == 0
    screenshot(page, "home-minosawa-2so")

    # The place: their CP area.
    page.locator("main .card h3 a", has_text="簑沢地域ケアプラザ").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/places/{area.pk}/")
    assert "簑沢地域ケアプラザ" in page.locator("h1").inner_text()
    assert "CPエリア" in page.locator("h1").inner_text()
    crumbs = page.locator(".breadcrumbs").inner_text()
    assert "横浜市" in crumbs and "中区" in crumbs
    districts = Place.objects.filter(parent=area, kind=Kind.DISTRICT).order_by("code")
    assert districts.exists()
    main_text = page.locator("main").inner_text()
    for district in districts:
        assert district.name in main_text
    assert page.get_by_role("link", name="この下に場所を追加").is_visible()
    screenshot(page, "place-minosawa-cp-area")

    # An organisation there: the CP itself.
    page.locator("main").get_by_role("link", name="簑沢地域ケアプラザ", exact=True).click()
    page.wait_for_load_state()
    cp = Organisation.objects.get(kind=OrganisationKind.CARE_PLAZA, name="簑沢地域ケアプラザ")
    assert page.url.endswith(f"/organisations/{cp.pk}/")
    assert "簑沢地域ケアプラザ" in page.locator("h1").inner_text()
    assert "地域ケアプラザ（CP）" in page.locator("h1").inner_text()
    main_text = page.locator("main").inner_text()
    assert "連絡先" in main_text
    assert cp.phone in main_text
    assert user.display_name in main_text  # listed among the staff who use つなぐ
    assert page.locator("main").get_by_role("link", name="編集").is_visible()
    screenshot(page, "organisation-minosawa-cp")

    # A 中区 place outside their CP area: readable, not editable.
    honmoku = Place.objects.filter(kind=Kind.CP_AREA, parent__name="中区").exclude(pk=area.pk).first()
    page.goto(page.url.split("/organisations/")[0] + f"/places/{honmoku.pk}/")
    assert honmoku.name in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="この下に場所を追加").count() == 0


def test_ward_coordinator_home_place_organisation_and_people(demo, page, log_in, screenshot):
    user = User.objects.get(username="naka-1so")
    ward = Place.objects.get(kind=Kind.WARD, name="中区")
    log_in(page, "naka-1so")
    check_home(page, user=user, organisation="中区社会福祉協議会", role=Role.WARD_COORDINATOR, place=ward)
    card_text = page.locator("main .card").first.inner_text()
    assert f"CPエリア：{Place.objects.filter(kind=Kind.CP_AREA, parent=ward).count()}" in card_text
    assert page.get_by_role("link", name="場所をファイルから取り込む").is_visible()
    nav = page.get_by_role("navigation", name="メインメニュー")
    assert nav.get_by_role("link", name="職員とアカウント").is_visible()
    assert nav.get_by_role("link", name="ホーム").get_attribute("aria-current") == "page"
    screenshot(page, "home-naka-1so")

    # The place: the ward, with its CP areas listed.
    page.locator("main .card h3 a", has_text="中区").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/places/{ward.pk}/")
    assert page.locator("h1").inner_text().startswith("中区")
    main_text = page.locator("main").inner_text()
    for area in Place.objects.filter(parent=ward, kind=Kind.CP_AREA):
        assert area.name in main_text
    assert "中区社会福祉協議会" in main_text
    screenshot(page, "place-naka-ward")

    # An organisation: their own council.
    page.locator("main").get_by_role("link", name="中区社会福祉協議会", exact=True).click()
    page.wait_for_load_state()
    council = Organisation.objects.get(name="中区社会福祉協議会")
    assert page.url.endswith(f"/organisations/{council.pk}/")
    assert "区社協" in page.locator("h1").inner_text()
    main_text = page.locator("main").inner_text()
    assert user.display_name in main_text
    assert "1層生活支援コーディネーター（区社協）" in main_text
    screenshot(page, "organisation-naka-council")

    # 職員とアカウント, from the home's button.
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="ホーム").click()
    page.wait_for_load_state()
    page.locator("main").get_by_role("link", name="職員とアカウント").click()
    page.wait_for_load_state()
    assert page.url.endswith("/people/")
    assert page.locator("h1").inner_text() == "職員とアカウント"
    table_text = page.locator("main table").inner_text()
    for username in ["naka-ward", "naka-chiku", "naka-cm", "minosawa-2so", "minosawa-staff", "naka-cp02-2so"]:
        assert username in table_text, username
    # Only their ward: no 磯子区 accounts, no city administrator (nor any 1層Co: only the city
    # manages those).
    assert "isogo-1so" not in table_text
    assert "byobugaura-2so" not in table_text
    assert not re.search(r"\badmin\b", table_text)
    assert page.get_by_role("link", name="アカウントを作る").is_visible()
    screenshot(page, "people-naka-1so")

    # And one person's page.
    page.locator("main table").get_by_role(
        "link", name=User.objects.get(username="minosawa-2so").display_name
    ).click()
    page.wait_for_load_state()
    assert "minosawa-2so" in page.locator("main dl").inner_text()
    assert "2層生活支援コーディネーター（CP）" in page.locator("main table").inner_text()
    screenshot(page, "person-minosawa-2so")


# --- No sideways scrolling on a phone or at 200 % zoom ------------------------------------------

VIEWPORTS = [
    pytest.param(PHONE, 3, id="phone"),
    pytest.param(ZOOM_200, 2, id="zoom200"),
]


def pages_for(username: str) -> list[tuple[str, str]]:
    ward = Place.objects.get(kind=Kind.WARD, name="中区")
    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    district = Place.objects.filter(parent=area, kind=Kind.DISTRICT).order_by("code").first()
    cp = Organisation.objects.get(kind=OrganisationKind.CARE_PLAZA, name="簑沢地域ケアプラザ")
    pages = [
        ("home", "/home/"),
        ("place-ward", f"/places/{ward.pk}/"),
        ("place-cp-area", f"/places/{area.pk}/"),
        ("place-district", f"/places/{district.pk}/"),
        ("places", "/places/"),
        ("organisations", f"/organisations/?place={area.pk}"),
        ("organisation", f"/organisations/{cp.pk}/"),
        ("organisation-edit", f"/organisations/{cp.pk}/edit/"),
        ("password-change", "/accounts/password/"),
    ]
    if username == "naka-1so":
        person = User.objects.get(username="minosawa-2so")
        pages += [
            ("people", "/people/"),
            ("person", f"/people/{person.pk}/"),
            ("person-new", "/people/new/"),
            ("place-import", "/places/import/"),
        ]
    return pages


def assert_no_sideways_scroll(page, label: str):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                              && !e.closest('.table-scroll'))
                 .slice(0, 8)
                 .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                           + ' right=' + Math.round(e.getBoundingClientRect().right))"""
        )
        pytest.fail(f"{label}: scrollWidth {scroll_width} > innerWidth {inner_width}; too wide: {culprits}")


@pytest.mark.parametrize("viewport, scale", VIEWPORTS)
@pytest.mark.parametrize("username", ["minosawa-2so", "naka-1so"])
def test_no_sideways_scrolling(demo, new_page, live_server, log_in, screenshot, viewport, scale, username):
    page = new_page(viewport=viewport, scale=scale)
    size = "phone" if viewport == PHONE else "zoom200"
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_sideways_scroll(page, "login")
    screenshot(page, f"{size}-login")
    log_in(page, username)
    assert page.url.endswith("/home/")
    for name, path in pages_for(username):
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, path, response.status)
        assert_no_sideways_scroll(page, f"{username} {name}")
        screenshot(page, f"{size}-{username}-{name}")


@pytest.mark.parametrize("viewport, scale", VIEWPORTS)
def test_open_menus_and_tables_fit(demo, new_page, log_in, viewport, scale):
    """Tables may scroll inside their own box, but that box stays within the screen."""
    page = new_page(viewport=viewport, scale=scale)
    log_in(page, "naka-1so")
    page.locator("main").get_by_role("link", name="職員とアカウント").click()
    page.wait_for_load_state()
    box = page.locator(".table-scroll").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5
    # Every link and button in the header and menu is inside the screen, none under another.
    boxes = [
        b
        for b in (el.bounding_box() for el in page.locator(".site-header a, .site-header button").all())
        if b
    ]
    for b in boxes:
        assert b["x"] >= 0 and b["x"] + b["width"] <= viewport["width"] + 0.5, b
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            assert overlap_x <= 1 or overlap_y <= 1, (a, b)


# --- Lockout -----------------------------------------------------------------------------------


def test_five_wrong_passwords_show_the_lockout_page(demo, page, log_in, screenshot):
    from tsunagu.demo.yokohama import DEMO_PASSWORD

    for attempt in range(1, 5):
        log_in(page, "naka-chiku", f"wrong-{attempt}-password")
        assert page.url.endswith("/accounts/login/")
        alert = page.get_by_role("alert")
        assert "ログインIDまたはパスワードが違います" in alert.inner_text(), attempt
        if attempt == 1:
            screenshot(page, "login-wrong-password")
    log_in(page, "naka-chiku", "wrong-5-password")
    assert page.locator("h1").inner_text() == "ログインを一時停止しました"
    alert = page.get_by_role("alert").inner_text()
    assert "この接続元からこのアカウント" in alert and "30分後" in alert and "ごろ）にもう一度" in alert
    assert page.title().startswith("ログインを一時停止しました")
    screenshot(page, "locked-out")

    # The right password no longer helps.
    log_in(page, "naka-chiku", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "ログインを一時停止しました"
    page.goto(page.url.split("/accounts/")[0] + "/home/")
    assert "/accounts/login/" in page.url

    # Someone else in the same office still gets in.
    log_in(page, "naka-1so")
    assert page.url.endswith("/home/")


def test_locked_out_page_on_a_phone(demo, new_page, log_in, screenshot):
    page = new_page(viewport=PHONE, scale=3)
    for attempt in range(5):
        log_in(page, "naka-chiku", f"wrong-{attempt}-password")
    assert page.locator("h1").inner_text() == "ログインを一時停止しました"
    assert_no_sideways_scroll(page, "locked out")
    screenshot(page, "phone-locked-out")


# --- Things that once looked wrong ---------------------------------------------------------------

# True when no piece of the text (split at spaces) is broken over two lines.
UNBROKEN_JS = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
    const node = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!node) return false;
    const text = node.textContent;
    let start = 0;
    for (const part of text.split(' ')) {
        const tops = new Set();
        for (let i = 0; i < part.length; i++) {
            const range = document.createRange();
            range.setStart(node, start + i);
            range.setEnd(node, start + i + 1);
            const rect = range.getBoundingClientRect();
            if (rect.height) tops.add(Math.round(rect.top));
        }
        if (tops.size > 1) return true;
        start += part.length + 1;
    }
    return false;
}).map(el => el.textContent.trim())"""


@pytest.mark.parametrize("viewport, scale", VIEWPORTS)
def test_names_and_phone_numbers_are_not_broken(demo, new_page, live_server, log_in, viewport, scale):
    page = new_page(viewport=viewport, scale=scale)
    log_in(page, "naka-1so")
    page.goto(f"{live_server.url}/people/")
    assert page.locator("main table tbody tr").count() >= 10
    assert page.evaluate(UNBROKEN_JS, "main table tbody td:first-child a") == []
    area = Place.objects.get(kind=Kind.CP_AREA, name="簑沢地域ケアプラザ")
    page.goto(f"{live_server.url}/organisations/?place={area.pk}")
    assert page.locator("main table tbody tr").count() >= 10
    assert page.evaluate(UNBROKEN_JS, "main table tbody td:nth-child(4)") == []
    cp = Organisation.objects.get(kind=OrganisationKind.CARE_PLAZA, name="簑沢地域ケアプラザ")
    page.goto(f"{live_server.url}/organisations/{cp.pk}/")
    assert page.evaluate(UNBROKEN_JS, "main table tbody td:nth-child(3), main dd a[href^='tel:']") == []


def test_person_page_buttons_share_one_row(demo, page, live_server, log_in):
    # A <form> inside <p class="actions"> closes the <p>: the buttons fell out of the row.
    log_in(page, "naka-1so")
    person = User.objects.get(username="minosawa-2so")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    actions = page.locator("main .actions").first
    edit = actions.get_by_role("link", name="氏名・メールを編集")
    switch_off = actions.get_by_role("button", name="アカウントを無効にする")
    assert edit.is_visible() and switch_off.is_visible()
    a, b = edit.bounding_box(), switch_off.bounding_box()
    assert abs(a["y"] - b["y"]) < 2, (a, b)


def test_district_choices_are_plain_labels_in_columns(demo, page, live_server, log_in):
    log_in(page, "naka-1so")
    page.goto(f"{live_server.url}/people/new/")
    labels = page.locator("#id_districts label")
    assert labels.count() == Place.objects.filter(kind=Kind.DISTRICT, parent__parent__name="中区").count()
    assert labels.first.evaluate("el => getComputedStyle(el).fontWeight") == "400"
    first, last = labels.first.bounding_box(), labels.last.bounding_box()
    assert last["x"] > first["x"] + 100, "the 15 districts should flow into columns on a wide screen"


@pytest.mark.parametrize("viewport, scale", VIEWPORTS)
def test_membership_rows_fit_a_narrow_screen(demo, new_page, live_server, log_in, viewport, scale):
    # The table squeezed 団体 and 役割 to two characters a line and cut off 「所属を終える」.
    page = new_page(viewport=viewport, scale=scale)
    log_in(page, "naka-1so")
    person = User.objects.get(username="minosawa-2so")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    table = page.locator("main table").first
    button = table.get_by_role("button", name="所属を終える")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    role = table.locator("td", has_text="2層生活支援コーディネーター（CP）")
    assert role.bounding_box()["width"] > viewport["width"] * 0.6
    label = role.evaluate("el => getComputedStyle(el, '::before').content")
    assert "役割" in label
