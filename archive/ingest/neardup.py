"""Near-duplicate fingerprints: a 64-bit SimHash over word 3-shingles of the normalised text (pure Python).

Two re-publications of one story with small edits differ in a few shingles, so their SimHashes differ in
a few bits. Split into four 16-bit bands, any two fingerprints within 3 bits share at least one band
exactly (pigeonhole), which turns the search for candidates into four indexed equality lookups.

Speed: the per-bit vote is counted in C — the hashes are concatenated, each byte position is sliced out
(`digests[j::8]`) and read as one big integer, and each of its 8 bits is counted over every shingle at
once (`(column & mask).bit_count()`, the mask holding that bit of every byte) — so an article costs 64
integer ANDs and bit counts instead of 25,000 Python-level bit tests.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from operator import methodcaller

from archive.text import normalize

BITS = 64
BANDS = 4
BAND_BITS = BITS // BANDS
# Up to this many differing bits is a near-duplicate. Candidates within 3 bits always share a band
# (pigeonhole); those at 4-6 bits usually do too, so a few of those are missed rather than over-matched.
NEAR_BITS = 6
SHINGLE = 3
_WORD = re.compile(r"\w+")
_MASK = (1 << BITS) - 1


# A shingle's 64-bit hash is blake2b(shingle.encode(), digest_size=8).digest(), computed by a chain of
# maps so no Python function runs per shingle (an article has ≈ 265).
_blake2b_64 = partial(hashlib.blake2b, digest_size=8)
_digest = methodcaller("digest")


def simhash(text: str, *, normalized: bool = False) -> int | None:
    """The text's 64-bit SimHash as a signed int (PostgreSQL bigint), or None for texts under 3 words.

    Pass `normalized=True` when `text` already went through archive.text.normalize.
    """
    words = _WORD.findall(text if normalized else normalize(text))
    if len(words) < SHINGLE:
        return None
    # Row i of the zip starts at word i; it ends with the shortest row, at the text's last shingle.
    shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))
    digests = b"".join(map(_digest, map(_blake2b_64, map(str.encode, shingles))))
    half = len(shingles) / 2
    lowest = int.from_bytes(b"\x01" * len(shingles))  # bit 0 of every byte
    value = 0
    for byte_index in range(BITS // 8):
        column = int.from_bytes(digests[byte_index::8])  # this byte of every shingle's hash
        for k in range(8):
            # The vote of bit (byte_index * 8 + k): how many shingles' hashes have it set.
            if (column & (lowest << k)).bit_count() > half:
                value |= 1 << (byte_index * 8 + k)
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def bands(fingerprint: int) -> tuple[int, ...]:
    """The four 16-bit bands of a fingerprint."""
    unsigned = fingerprint & _MASK
    return tuple((unsigned >> (i * BAND_BITS)) & ((1 << BAND_BITS) - 1) for i in range(BANDS))


def distance(a: int, b: int) -> int:
    """Number of differing bits."""
    return ((a ^ b) & _MASK).bit_count()
