"""Small shared helpers for the ingest reader tests (no mocks: real bytes in, real drafts out)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from archive.ingest import Draft, Limits, Refusal, read_upload

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"

# How older Windows-1256 files wrote Sorani: Arabic letters for the ones the code page lacks,
# Western digits for Arabic-Indic ones.
OLD_CP1256_SPELLING = str.maketrans(
    {
        "ی": "ي",
        "ک": "ك",
        "ە": "ه",
        "ێ": "ي",
        "ۆ": "و",
        "ڵ": "ل",
        "ڕ": "ر",
        "ڤ": "ف",
        **{chr(0x660 + digit): str(digit) for digit in range(10)},
    }
)


def read_all(name: str, data: bytes, limits: Limits = Limits()) -> list[Draft | Refusal]:  # noqa: B008
    return list(read_upload(name, data, limits=limits))


def only_draft(name: str, data: bytes, limits: Limits = Limits()) -> Draft:  # noqa: B008
    results = read_all(name, data, limits)
    assert len(results) == 1, results
    assert isinstance(results[0], Draft), results[0]
    return results[0]


def only_refusal(name: str, data: bytes, limits: Limits = Limits()) -> Refusal:  # noqa: B008
    results = read_all(name, data, limits)
    assert len(results) == 1, results
    assert isinstance(results[0], Refusal), results[0]
    return results[0]


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
