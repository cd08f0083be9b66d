"""What the file readers hand back: an article draft, or a refusal with a reason an editor can read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MIB = 1024 * 1024


@dataclass(frozen=True)
class Draft:
    """One article found in an upload, not yet stored or analysed.

    ``member`` says where it came from: ``"hawal.txt"``, ``"batch.zip/2021/hawal.txt"`` or
    ``"posts.csv#row 17"`` (rows are counted as a spreadsheet shows them: the header is row 1).
    ``original_sha256`` is the hash of the bytes this draft came from: the whole file, or the
    row's own bytes for CSV and JSON Lines.
    """

    title: str
    body: str
    published: str | None
    source: str | None
    url: str | None
    format: str
    member: str
    original_sha256: str
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class Refusal:
    """A file, archive member or row that was not turned into a draft, and why (English and Sorani)."""

    member: str
    code: str
    message_en: str
    message_ckb: str


@dataclass(frozen=True)
class Limits:
    """Size limits; the defaults suit an editor's upload through the admin page."""

    max_file_bytes: int = 20 * MIB
    max_upload_bytes: int = 200 * MIB
    max_zip_members: int = 10_000
    max_zip_ratio: int = 100
    max_total_uncompressed: int = 500 * MIB
    max_body_chars: int = 2_000_000


def frozen_extra(values: Mapping[str, str]) -> Mapping[str, str]:
    """A read-only copy, so a frozen Draft really cannot change."""
    return MappingProxyType(dict(values))
