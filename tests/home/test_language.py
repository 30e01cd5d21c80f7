"""Japanese first; English when a person picks it with the switch in the footer."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.django_db
def test_pages_are_japanese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "職員ログイン" in html


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Staff login" in html
    assert "職員ログイン" not in html


def test_a_staff_home_reads_in_english(world, client):
    client.force_login(world.minosawa_2so)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "Places" in html and "Organisations" in html
    assert "場所をファイルから取り込む" not in html


@pytest.mark.django_db
def test_the_public_search_page_reads_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("index")).content.decode()
    assert '<html lang="en">' in html
    for words in [
        "Find local activities",
        "Narrow the search",
        "Browse by category",
        "All activities",
        "Search",
    ]:
        assert words in html
    for words in ["地域の活動をさがす", "条件をしぼる", "分類からさがす", "すべての活動", "文字を大きく"]:
        assert words not in html


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file, without the header: msgid, msgid_plural, msgstr (a list) and flags.
    Small on purpose, so the test needs neither polib nor gettext's tools."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$', line):
            name, index, text = match.groups()
            key = ("msgstr", int(index or 0)) if name.startswith("msgstr") else name
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] = _unquote(text)
            else:
                entry[key] = _unquote(text)
        else:  # a continued string
            assert line.startswith('"') and line.endswith('"'), line
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += _unquote(line[1:-1])
            else:
                entry[key] += _unquote(line[1:-1])
    return [e for e in entries if e["msgid"]]


def test_the_english_catalogue_translates_everything():
    entries = parse_po(CATALOGUE / "django.po")
    assert len(entries) > 700  # the parser read the whole file
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    obsolete = [e["msgid"] for e in entries if e.get("obsolete")]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not obsolete, f"obsolete: {obsolete}"
    assert not untranslated, f"untranslated: {untranslated}"
    # English has two plural forms (Plural-Forms: nplurals=2); each plural entry needs both.
    plural = [e["msgid"] for e in entries if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]]
    assert not plural, f"plural entries need exactly two forms: {plural}"


def test_the_english_catalogue_keeps_every_placeholder():
    wrong = []
    for e in parse_po(CATALOGUE / "django.po"):
        wanted = set(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"].values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e["msgid"], text))
    assert not wrong, wrong


def test_the_compiled_catalogue_matches_the_po_file():
    # The .mo is committed; a translation fixed in the .po but not compiled would not show.
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for e in parse_po(CATALOGUE / "django.po"):
        if "msgid_plural" in e:
            got = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            if got != [e["msgstr"][0], e["msgstr"][1]]:
                stale.append(e["msgid"])
        elif compiled.gettext(e["msgid"]) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert not stale, f"run: manage.py compilemessages -l en  ({stale[:5]})"
