"""read_upload: one uploaded file (or zip) in, article drafts and refusals out.

The kind of file is decided by its content first (zip, Word and known binary formats by their
magic bytes), then by its extension. The upload's name is only ever displayed: its last part,
without control characters.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator, Set
from pathlib import Path

from .archives import open_zip, zip_members
from .decode import DecodeRefused, decode_text
from .documents import read_docx
from .drafts import Draft, Limits, Refusal, frozen_extra
from .messages import body_problem, megabytes, refuse
from .names import clean_name, extension
from .tables import read_csv, read_json, read_jsonl
from .titles import infer_title
from .webpages import read_html

TEXT_EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    "": "txt",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Magic bytes of formats people upload by mistake, with the words shown to the editor.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "RTF document; save it as .docx or .txt"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "program"),
    (b"MZ", "Windows program"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg audio or video"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Zip-based formats other than .docx: Office Open XML by a part only they have, the others by
# the "mimetype" member they start with.
_OTHER_OFFICE_FORMATS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "Excel workbook; save it as .csv"),
    ("ppt/presentation.xml", "PowerPoint presentation"),
)
_MIMETYPE_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"application/vnd.oasis.opendocument", "OpenDocument file; save it as .docx"),
    (b"application/epub+zip", "EPUB book"),
)

Reader = Callable[..., Iterator[Draft | Refusal]]
logger = logging.getLogger(__name__)


def read_upload(name: str, data: bytes, *, limits: Limits = Limits()) -> Iterator[Draft | Refusal]:  # noqa: B008 -- frozen, so sharing the default is safe
    """Drafts and refusals for one uploaded file; a zip gives one entry per member (and row).

    >>> [d.title for d in read_upload("هەواڵ.txt", "ئاگرێکی گەورە کەوتەوە".encode())]
    ['ئاگرێکی گەورە کەوتەوە']
    """
    display = clean_name(name)
    if len(data) > limits.max_upload_bytes:
        yield refuse(
            display,
            "too_large",
            "upload",
            size_mb=megabytes(len(data)),
            limit_mb=megabytes(limits.max_upload_bytes),
        )
        return
    yield from _read_file(display, data, limits, inside_zip=False)


def member_name(entry: Draft | Refusal, shown: str) -> str:
    """An entry's name in an import of files: the file's name as shown, then the entry's place in it."""
    return entry.member if entry.member.startswith(shown) else f"{shown} › {entry.member}"


def new_entries(
    files: list[tuple[Path, str]], limits: Limits, finished: Set[str]
) -> Iterator[tuple[str, Draft | Refusal]]:
    """(member name, entry) of each entry of ``files`` ((path, name shown) pairs) that is not among
    ``finished`` (the members a resumed import already did), a file at a time, so memory stays flat."""
    for path, shown in files:
        for entry in read_upload(shown, path.read_bytes(), limits=limits):
            member = member_name(entry, shown)[:1000]
            if member not in finished:
                yield member, entry


def count_new_entries(files: list[tuple[Path, str]], limits: Limits, finished: Set[str]) -> int:
    """How many ``new_entries`` there are (an import's worker counts them while the others prepare)."""
    return sum(1 for _ in new_entries(files, limits, finished))


def _read_file(member: str, data: bytes, limits: Limits, *, inside_zip: bool) -> Iterator[Draft | Refusal]:
    if not data:
        yield refuse(member, "empty", "no_bytes")
        return
    kind = _kind(member, data)
    if isinstance(kind, Refusal):
        yield kind
        return
    if kind == "zip":
        if inside_zip:
            yield refuse(member, "nested_archive", "nested")
        else:
            yield from _read_zip(member, data, limits)
        return
    if len(data) > limits.max_file_bytes:
        yield refuse(
            member,
            "too_large",
            "file",
            size_mb=megabytes(len(data)),
            limit_mb=megabytes(limits.max_file_bytes),
        )
        return
    fmt = f"zip:{kind}" if inside_zip else kind
    try:
        if kind == "docx":
            yield from read_docx(data, member=member, fmt=fmt, limits=limits)
        elif kind == "html":
            yield from read_html(data, member=member, fmt=fmt, limits=limits)
        else:
            yield from _read_text_kind(kind, member, data, fmt, limits)
    except Exception as error:
        # A reader bug on one odd file must not stop the other files of the upload; it is logged.
        logger.exception("reading %s failed", member)
        yield refuse(member, "unreadable", "reader_error", error=type(error).__name__)


def _read_text_kind(
    kind: str, member: str, data: bytes, fmt: str, limits: Limits
) -> Iterator[Draft | Refusal]:
    try:
        text, encoding = decode_text(data)
    except DecodeRefused as refused:
        yield refused.refusal(member)
        return
    readers: dict[str, Reader] = {"csv": read_csv, "tsv": read_csv, "jsonl": read_jsonl, "json": read_json}
    if kind in readers:
        yield from readers[kind](text, encoding, member=member, fmt=fmt, limits=limits)
    else:
        yield read_plain_text(text, encoding, data, member=member, fmt=fmt, limits=limits)


def read_plain_text(
    text: str, encoding: str, data: bytes, *, member: str, fmt: str, limits: Limits
) -> Draft | Refusal:
    """A .txt article like the seed sample: no title line, no metadata; the whole text is the body."""
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = body_problem(member, body, limits.max_body_chars)
    if problem:
        return problem
    return Draft(
        title=infer_title(body),
        body=body,
        published=None,
        source=None,
        url=None,
        format=fmt,
        member=member,
        original_sha256=hashlib.sha256(data).hexdigest(),
        extra=frozen_extra({"encoding": encoding}),
    )


def _read_zip(member: str, data: bytes, limits: Limits) -> Iterator[Draft | Refusal]:
    found_any = False
    for entry in zip_members(member, data, limits):
        found_any = True
        if isinstance(entry, Refusal):
            yield entry
        else:
            yield from _read_file(f"{member}/{entry.path}", entry.data, limits, inside_zip=True)
    if not found_any:
        yield refuse(member, "empty", "empty_archive")


def _kind(member: str, data: bytes) -> str | Refusal:
    """ "txt", "csv", "tsv", "jsonl", "json", "html", "docx" or "zip", else why the file is refused."""
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(member, data)
    for magic, description in _KNOWN_BINARY:
        if data.startswith(magic):
            return refuse(member, "unsupported_format", "known", kind=description)
    suffix = extension(member)
    if suffix == ".docx":
        return refuse(member, "bad_docx", "bad_docx")
    if suffix == ".zip":
        return refuse(member, "bad_zip", "bad_zip")
    if suffix not in TEXT_EXTENSIONS:
        return refuse(member, "unsupported_format", "extension", extension=suffix)
    kind = TEXT_EXTENSIONS[suffix]
    if kind == "txt" and _looks_like_html(data):
        return "html"
    if suffix == "" and _looks_like_json_lines(data):
        return "jsonl"
    return kind


def _zip_kind(member: str, data: bytes) -> str | Refusal:
    opened = open_zip(data)
    if opened is None:
        return refuse(member, "bad_zip", "bad_zip")
    with opened as zf:
        names = set(zf.namelist())
        mimetype = _small_member(zf, "mimetype")
    if "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names:
        for marker, description in _OTHER_OFFICE_FORMATS:
            if marker in names:
                return refuse(member, "unsupported_format", "known", kind=description)
    for prefix, description in _MIMETYPE_FORMATS:
        if mimetype.startswith(prefix):
            return refuse(member, "unsupported_format", "known", kind=description)
    return "zip"


def _small_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A tiny member such as OpenDocument's "mimetype", or b"" when absent, large or unreadable."""
    try:
        info = zf.getinfo(name)
        return zf.read(info) if info.file_size <= 128 and not info.flag_bits & 0x1 else b""
    except (KeyError, zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, zlib.error):
        return b""


def _looks_like_html(data: bytes) -> bool:
    start = data[:512].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _looks_like_json_lines(data: bytes) -> bool:
    return data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{")
