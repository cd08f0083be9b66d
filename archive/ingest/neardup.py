"""Near-duplicate fingerprints: a 64-bit SimHash over word 3-shingles of the normalised text (pure Python).

Two re-publications of one story with small edits differ in a few shingles, so their SimHashes differ in
a few bits. Split into four 16-bit bands, any two fingerprints within 3 bits share at least one band
exactly (pigeonhole), which turns the search for candidates into four indexed equality lookups.

Speed: the per-bit vote is done "bit-sliced" — each 8-bit slice of a hash is looked up in a table that
spreads its bits into 64 counter lanes of one big integer — so a 400-word article costs a few hundred
big-integer additions instead of 25,000 Python-level bit tests.
"""

from __future__ import annotations

import hashlib
import re

from archive.text import normalize

BITS = 64
BANDS = 4
BAND_BITS = BITS // BANDS
# Up to this many differing bits is a near-duplicate. Candidates within 3 bits always share a band
# (pigeonhole); those at 4-6 bits usually do too, so a few of those are missed rather than over-matched.
NEAR_BITS = 6
SHINGLE = 3
_LANE = 20  # bits per counter lane: room for a million shingles
_WORD = re.compile(r"\w+")
_MASK = (1 << BITS) - 1


def _spread_table() -> list[list[int]]:
    # _SPREAD[byte_index][value] has 1 in lane (byte_index*8 + bit) for every set bit of value.
    table = []
    for byte_index in range(BITS // 8):
        row = []
        for value in range(256):
            spread = 0
            for bit in range(8):
                if value >> bit & 1:
                    spread |= 1 << ((byte_index * 8 + bit) * _LANE)
            row.append(spread)
        table.append(row)
    return table


_SPREAD = _spread_table()


def _hash64(shingle: str) -> bytes:
    return hashlib.blake2b(shingle.encode(), digest_size=8).digest()


def simhash(text: str, *, normalized: bool = False) -> int | None:
    """The text's 64-bit SimHash as a signed int (PostgreSQL bigint), or None for texts under 3 words.

    Pass `normalized=True` when `text` already went through archive.text.normalize.
    """
    words = _WORD.findall(text if normalized else normalize(text))
    if len(words) < SHINGLE:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    lanes = 0
    for shingle in shingles:
        digest = _hash64(shingle)
        for byte_index in range(8):
            lanes += _SPREAD[byte_index][digest[byte_index]]
    half = len(shingles) / 2
    lane_mask = (1 << _LANE) - 1
    value = 0
    for bit in range(BITS):
        if (lanes >> (bit * _LANE)) & lane_mask > half:
            value |= 1 << bit
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def bands(fingerprint: int) -> tuple[int, ...]:
    """The four 16-bit bands of a fingerprint."""
    unsigned = fingerprint & _MASK
    return tuple((unsigned >> (i * BAND_BITS)) & ((1 << BAND_BITS) - 1) for i in range(BANDS))


def distance(a: int, b: int) -> int:
    """Number of differing bits."""
    return ((a ^ b) & _MASK).bit_count()
