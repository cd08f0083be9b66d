"""Near-duplicate fingerprints: a 64-bit SimHash over word 3-shingles of the normalised text (pure Python).

Two re-publications of one story with small edits differ in a few shingles, so their SimHashes differ in
a few bits. Split into four 16-bit bands, any two fingerprints within 3 bits share at least one band
exactly (pigeonhole), which turns the search for candidates into four indexed equality lookups.

Speed: the per-bit vote is counted in C — the hashes are concatenated, each byte position is sliced out
(`digests[j::8]`) and each of its 8 bits mapped to 0/1 by `bytes.translate` and counted — so an article
costs 64 slices and counts instead of 25,000 Python-level bit tests (or, as before, eight big-integer
additions per shingle).
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
_WORD = re.compile(r"\w+")
_MASK = (1 << BITS) - 1


# _BIT[k] maps a byte to 1 when its bit k is set, else 0 (for bytes.translate).
_BIT = [bytes((value >> k) & 1 for value in range(256)) for k in range(8)]


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
    digests = b"".join(map(_hash64, shingles))
    half = len(shingles) / 2
    value = 0
    for byte_index in range(BITS // 8):
        column = digests[byte_index::8]  # this byte of every shingle's hash
        for k in range(8):
            # The vote of bit (byte_index * 8 + k): how many shingles' hashes have it set.
            if column.translate(_BIT[k]).count(1) > half:
                value |= 1 << (byte_index * 8 + k)
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def bands(fingerprint: int) -> tuple[int, ...]:
    """The four 16-bit bands of a fingerprint."""
    unsigned = fingerprint & _MASK
    return tuple((unsigned >> (i * BAND_BITS)) & ((1 << BAND_BITS) - 1) for i in range(BANDS))


def distance(a: int, b: int) -> int:
    """Number of differing bits."""
    return ((a ^ b) & _MASK).bit_count()
