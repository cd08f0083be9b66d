"""Kurdish first, English switchable; the ckb catalogue is complete; the reader chooses the digits."""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "locale" / "ckb" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
TEMPLATES = REPO / "templates"


def _entries(po_text: str) -> list[tuple[str, list[str]]]:
    """(msgid, msgstrs) for every entry except the header."""
    entries = []
    for block in po_text.split("\n\n"):
        strings: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                strings[key] = match.group(2)
            elif line.startswith('"') and key:
                strings[key] += line[1:-1]
        if strings.get("msgid"):
            entries.append((strings["msgid"], [v for k, v in strings.items() if k.startswith("msgstr")]))
    return entries


def test_the_ckb_catalogue_translates_every_message():
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    untranslated = [msgid for msgid, values in _entries(text) if not all(values)]
    assert untranslated == []


def test_every_interface_string_in_the_templates_is_in_the_catalogue():
    msgids = {msgid.replace('\\"', '"') for msgid, _ in _entries(PO.read_text(encoding="utf-8"))}
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        used.update(re.findall(r'{% translate "([^"]+)"', source))
        used.update(re.findall(r"{% translate '([^']+)'", source))
    missing = sorted(used - msgids)
    assert missing == []


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), (
        "run: msgfmt -o locale/ckb/LC_MESSAGES/django.mo …django.po"
    )


@pytest.mark.django_db
def test_pages_are_kurdish_by_default_and_english_after_switching(client, seed_article):
    kurdish = client.get("/dates/2021/11/").content.decode()
    assert '<html lang="ckb" dir="rtl">' in kurdish
    assert "ڕێکەوتەکان" in kurdish and "Dates" not in kurdish
    assert "تشرینی دووەمی ٢٠٢١" in kurdish
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/dates/2021/11/").content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert ">Dates</a>" in english and "November 2021" in english
    assert '<abbr title="Saturday">Sat</abbr>' in english


@pytest.mark.django_db
def test_the_reader_can_choose_latin_digits(client, seed_article):
    url = seed_article.get_absolute_url()
    assert "٢٩ی تشرینی دووەمی ٢٠٢١" in client.get(url).content.decode()
    response = client.post("/settings/digits/", {"digits": "latin", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["digits"].value == "latin"
    html = client.get(url).content.decode()
    assert "29ی تشرینی دووەمی 2021" in html
    assert re.search(r'value="latin" aria-pressed="true"', html)
    client.post("/settings/digits/", {"digits": "eastern", "next": url})
    assert "٢٩ی تشرینی دووەمی ٢٠٢١" in client.get(url).content.decode()


@pytest.mark.django_db
def test_digit_setting_never_redirects_off_site(client):
    response = client.post("/settings/digits/", {"digits": "latin", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/settings/digits/").status_code == 405
