"""Extracted names → canonical entities, through aliases, following editors' merges; mention counts.

`resolve_batch` resolves the entities of many articles with a fixed handful of queries (the aliases and
entities of every spelling involved, one insert of the new entities, one of the new aliases), and gives
each article the answer it would get if the articles were stored one after another: a spelling recorded
for the first article of a batch (مصطفى الكاظمي as an alias of مستەفا کازمی) links the second.
`resolve_entities` is the one-article case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import archive.extract as extract
from archive.ingest.rows import insert_rows, select_rows, server_cursor
from archive.models import AliasOrigin, Entity, EntityAlias

KINDS = frozenset({"person", "place", "org"})
KEY_CHARS = 300

# The aliases of some spellings, and entities by id or by key (arrays: see archive.ingest.rows).
_ALIASES = (
    "SELECT kind, key, entity_id, origin FROM archive_entityalias"
    " WHERE kind = ANY(%b::text[]) AND key = ANY(%b::text[])"
)
_ENTITIES = (
    "SELECT id, kind, key, name, merged_into_id FROM archive_entity"
    " WHERE id = ANY(%b::bigint[]) OR (kind = ANY(%b::text[]) AND key = ANY(%b::text[]))"
)

# An entity as resolution sees it: a stored one by id, or one this batch will create, by (kind, key).
Handle = int | tuple[str, str]


@dataclass
class _Known:
    key: str
    name: str
    merged_into: int | None


def _linkable_spellings(key: str, spellings: Iterable[str]) -> set[str]:
    """The spelling keys that may link an entity across articles.

    A one-word alias of a longer name (کازمی of مستەفا کازمی, بارزانی of نێچیرڤان بارزانی) is left out:
    inside one article it clearly means that person, but across the archive a bare بارزانی could be any
    Barzani, so it must not send another article's mention to whichever one was stored first.
    """
    keys = {key}
    for alias_key in spellings:
        if alias_key and (" " in alias_key or " " not in key):
            keys.add(alias_key)
    return keys


@dataclass(frozen=True)
class _Wanted:
    kind: str
    key: str
    name: str
    spellings: tuple[tuple[str, str], ...]  # (as written, key) for the name and every alias
    linkable: tuple[str, ...]  # sorted: the first one known wins


def _wanted(entities: Iterable[extract.Entity]) -> dict[tuple[str, str], _Wanted]:
    wanted: dict[tuple[str, str], _Wanted] = {}
    for found in entities:
        key = found.key[:KEY_CHARS] if found.key else ""
        if found.kind not in KINDS or not key or (found.kind, key) in wanted:
            continue
        wanted[(found.kind, key)] = _wanted_entity(found.kind, key, found.name, found.aliases)
    return wanted


@lru_cache(maxsize=50_000)
def _wanted_entity(kind: str, key: str, name: str, aliases: tuple[str, ...]) -> _Wanted:
    """What resolution needs of one extracted entity; cached, since the same names recur in article after
    article (the importer's main process spent about a sixth of its time keying their spellings)."""
    alias_keys = [extract.name_key(alias)[:KEY_CHARS] for alias in aliases]
    spellings = ((name, extract.name_key(name)[:KEY_CHARS]), *zip(aliases, alias_keys, strict=True))
    return _Wanted(kind, key, name, spellings, tuple(sorted(_linkable_spellings(key, alias_keys))))


def resolve_batch(
    articles: Sequence[Iterable[extract.Entity]],
) -> list[dict[tuple[str, str], tuple[str, int]]]:
    """For each article's extracted entities, the canonical (name, id) of each (kind, key).

    Editors' aliases and merges win, because resolution goes through aliases first. Every spelling is
    recorded as an alias (pages show them), but a lone surname recorded for a longer name only links when
    an editor said so: across the archive a bare بارزانی could be any Barzani.
    """
    per_article = [_wanted(entities) for entities in articles]
    pairs = {pair for wanted in per_article for pair in wanted}
    if not pairs:
        return [{} for _ in per_article]
    kinds = {kind for kind, _ in pairs}
    spelling_keys = {key for wanted in per_article for w in wanted.values() for _, key in w.spellings if key}
    spelling_keys |= {key for _, key in pairs}

    # What the archive knows now: aliases of every spelling involved, and the entities behind them.
    aliases: dict[tuple[str, str], tuple[Handle, str]] = {}
    for kind, key, entity_id, origin in select_rows(_ALIASES, [sorted(kinds), sorted(spelling_keys)]):
        aliases[(kind, key)] = (entity_id, origin)
    known: dict[Handle, _Known] = {}
    by_key: dict[tuple[str, str], Handle] = {}
    ids, wanted_keys = {entity_id for entity_id, _ in aliases.values()}, {key for _, key in pairs}
    while ids or wanted_keys:
        for entity_id, kind, key, name, merged_into in select_rows(
            _ENTITIES, [sorted(ids), sorted(kinds), sorted(wanted_keys)]
        ):
            known[entity_id] = _Known(key, name, merged_into)
            if (kind, key) in pairs:
                by_key[(kind, key)] = entity_id
        # Merges point at entities not loaded yet (rarely, and rarely more than one step).
        ids = {k.merged_into for k in known.values() if k.merged_into and k.merged_into not in known}
        wanted_keys = set()

    def linking_alias(kind: str, key: str) -> Handle | None:
        hit = aliases.get((kind, key))
        if hit is None:
            return None
        handle, origin = hit
        if origin == AliasOrigin.EDITOR or " " in key or " " not in known[handle].key:
            return handle
        return None

    new_entities: dict[tuple[str, str], str] = {}
    new_aliases: list[tuple[Handle, str, str, str]] = []
    resolved_handles: list[dict[tuple[str, str], Handle]] = []
    for wanted in per_article:
        # Resolve the whole article against the archive as it stood before it, then record its spellings.
        resolved: dict[tuple[str, str], Handle] = {}
        for pair, w in wanted.items():
            hit = linking_alias(w.kind, w.key)
            if hit is None:
                hit = next((h for k in w.linkable if (h := linking_alias(w.kind, k)) is not None), None)
            if hit is not None:
                resolved[pair] = known[hit].merged_into or hit
                continue
            handle = by_key.get(pair)
            if handle is None:
                handle = by_key[pair] = pair
                known[pair] = _Known(w.key, w.name[:KEY_CHARS], None)
                new_entities[pair] = w.name[:KEY_CHARS]
            resolved[pair] = handle
        for pair, w in wanted.items():
            for spelling, key in w.spellings:
                if key and (w.kind, key) not in aliases:
                    aliases[(w.kind, key)] = (resolved[pair], AliasOrigin.EXTRACTED)
                    new_aliases.append((resolved[pair], w.kind, key, spelling[:KEY_CHARS]))
        resolved_handles.append(resolved)

    ids: dict[Handle, int] = {handle: handle for handle in known if isinstance(handle, int)}
    if new_entities:
        rows = insert_rows(
            Entity,
            ("kind", "key", "name"),
            [(kind, key, name) for (kind, key), name in new_entities.items()],
            conflict="(kind, key) DO NOTHING",
            returning=("id", "kind", "key"),
        )
        ids.update({(kind, key): entity_id for entity_id, kind, key in rows})
        raced = [pair for pair in new_entities if pair not in ids]
        if raced:  # another importer created them since we looked
            for entity_id, kind, key, name in Entity.objects.filter(
                kind__in={k for k, _ in raced}, key__in={k for _, k in raced}
            ).values_list("id", "kind", "key", "name"):
                if (kind, key) in new_entities:
                    ids[(kind, key)] = entity_id
                    known[(kind, key)].name = name
    if new_aliases:
        insert_rows(
            EntityAlias,
            ("entity_id", "kind", "key", "name", "origin"),
            [
                (ids[handle], kind, key, name, AliasOrigin.EXTRACTED.value)
                for handle, kind, key, name in new_aliases
            ],
            conflict="(kind, key) DO NOTHING",
        )
    return [
        {pair: (known[handle].name, ids[handle]) for pair, handle in resolved.items()}
        for resolved in resolved_handles
    ]


def resolve_entities(entities: Iterable[extract.Entity]) -> dict[tuple[str, str], tuple[str, int]]:
    """Canonical entity (name, id) for each extracted entity's (kind, key): `resolve_batch` of one article."""
    return resolve_batch([entities])[0]


def add_mention_counts(deltas: dict[int, int]) -> None:
    """Adjust entities' mention counts in one statement (in id order, so concurrent importers can't deadlock)."""
    changed = sorted((entity_id, delta) for entity_id, delta in deltas.items() if delta)
    if not changed:
        return
    with server_cursor() as cursor:
        cursor.execute(
            "UPDATE archive_entity SET mention_count = GREATEST(0, mention_count + v.delta)"
            " FROM unnest(%b::bigint[], %b::integer[]) AS v(id, delta) WHERE archive_entity.id = v.id",
            [[entity_id for entity_id, _ in changed], [delta for _, delta in changed]],
        )
