"""The public API: extract() on the seed article, its guarantees on any input, and the JSON CLI."""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract import VERSION, Entity, Extraction, Mention, extract, name_key, named_spans
from archive.extract.names import link

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO.parent / "shared" / "samples"
SEED = SAMPLES / "seed-article.txt"
SEED_GOLD = SAMPLES / "seed-article.gold.json"

needs_seed = pytest.mark.skipif(
    not (SEED.exists() and SEED_GOLD.exists()), reason="seed article not available in ../shared/samples"
)


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict, Extraction]:
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    return text, gold, extract(text)


def _by_kind(result: Extraction, kind: str) -> dict[str, Entity]:
    return {e.name: e for e in result.entities if e.kind == kind}


@needs_seed
def test_seed_people_have_canonical_names_and_aliases(seed: tuple[str, dict, Extraction]) -> None:
    text, gold, result = seed
    people = _by_kind(result, "person")
    for person in gold["people"]:
        assert person["name"] in people, person["name"]
        assert set(person["aliases_in_text"]) <= set(people[person["name"]].aliases)
    kazimi = people["مستەفا کازمی"]
    surfaces = [m.surface for m in kazimi.mentions]
    assert surfaces.count("مستەفا کازمی") == text.count("مستەفا کازمی")
    assert "کازمی" in surfaces


@needs_seed
def test_seed_places_and_organisations_are_entities(seed: tuple[str, dict, Extraction]) -> None:
    _, gold, result = seed
    places = _by_kind(result, "place")
    orgs = _by_kind(result, "org")
    for place in gold["places"]:
        assert place["name"] in places, place["name"]
    for org in gold["organisations"]:
        assert org["name"] in orgs, org["name"]
    assert set(gold["organisations"][-2]["aliases_in_text"]) <= set(orgs["رەوتی سەدر"].aliases)
    assert any(m.surface == "بەغدا" and m.start > 0 for m in places["بەغدا"].mentions)  # from «لەبەغدا»


@needs_seed
def test_seed_publication_date_is_inferred(seed: tuple[str, dict, Extraction]) -> None:
    _, gold, result = seed
    assert result.published is not None
    assert result.published.value == datetime.date.fromisoformat(gold["published"]["date"])
    assert result.published.precision == "day"


@needs_seed
def test_seed_dates_come_through_from_the_dates_module(seed: tuple[str, dict, Extraction]) -> None:
    # The dates module's own tests check every value; here: its mentions reach the combined result.
    text, _, result = seed
    assert {"2021-11-07", "2021-11-25"} <= {d.value.isoformat() for d in result.dates}
    assert all(text[d.start : d.end] == d.surface for d in result.dates)


@needs_seed
def test_seed_mentions_slice_the_text(seed: tuple[str, dict, Extraction]) -> None:
    text, _, result = seed
    for entity in result.entities:
        assert entity.key == name_key(entity.name)
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.surface


def test_given_publication_date_resolves_relative_dates() -> None:
    result = extract("نێچیرڤان بارزانی لە ٧ی ئەم مانگە گەیشتە بەغدا.", published=datetime.date(2024, 3, 20))
    assert any(d.value == datetime.date(2024, 3, 7) for d in result.dates)
    assert {e.name for e in result.entities} >= {"نێچیرڤان بارزانی", "بەغدا"}


def test_types_are_frozen() -> None:
    result = extract("مستەفا کازمی گوتی.")
    assert dataclasses.is_dataclass(result)
    mention = Mention(0, 6, "مستەفا")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.start = 1  # type: ignore[misc]
    assert isinstance(VERSION, str) and "dates" in VERSION


def test_empty_and_odd_inputs() -> None:
    assert extract("") == Extraction(entities=(), dates=(), published=None)
    assert extract("   \n\t").entities == ()
    assert extract("\u200c\u200f\ufeff").entities == ()


_SORANI_BITS = st.sampled_from(
    [
        "مستەفا",
        "کازمی",
        "لەبەغدا",
        "هەولێری",
        "،",
        ".",
        "٢٩ - ١١ - ٢٠٢١",
        "ئەمڕۆ",
        "سەرۆکی",
        "د.",
        "ال",
        "\u200c",
        "\n",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_SORANI_BITS | st.text(max_size=3)).map("".join)))
def test_extract_never_raises_and_offsets_slice_the_text(text: str) -> None:
    # The unguarded pipeline must not raise either: extract()'s safety net is for the unforeseen.
    link(text, named_spans(text))
    result = extract(text)
    for entity in result.entities:
        assert entity.mentions
        assert entity.name in entity.aliases
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.surface
    for found in result.dates:
        assert text[found.start : found.end] == found.surface


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_name_key_never_raises_and_gives_single_spaced_keys(name: str) -> None:
    key = name_key(name)
    assert isinstance(key, str)
    assert key == " ".join(key.split())


@needs_seed
def test_json_cli_prints_entities_dates_and_published() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "archive.extract", "json"],
        input=SEED.read_bytes(),
        capture_output=True,
        cwd=REPO,
        check=True,
    )
    payload = json.loads(proc.stdout.decode("utf-8"))
    assert payload["published"]["value"] == "2021-11-29"
    assert payload["published"]["inferred"] is True
    names = {e["name"] for e in payload["entities"]}
    assert "موقتەدا سەدر" in names
    assert any(d["value"] == "2021-11-07" for d in payload["dates"])


def test_json_cli_takes_a_publication_date() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "archive.extract", "json", "--published", "2024-03-05"],
        input="لە ٧ی ئەم مانگە لە هەولێر".encode(),
        capture_output=True,
        cwd=REPO,
        check=True,
    )
    payload = json.loads(proc.stdout.decode("utf-8"))
    assert payload["published_given"] == "2024-03-05"
    assert any(d["value"] == "2024-03-07" for d in payload["dates"])
