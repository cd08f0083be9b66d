"""Zip archives, read defensively: members come out as bytes, or as refusals.

Never trusted: member names (no "..", no absolute paths, no symlinks), declared sizes (each member
is decompressed as a stream with a hard cap), the compression ratio, and the member count.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .drafts import Limits, Refusal
from .messages import megabytes, refuse
from .names import clean_name

_CHUNK = 64 * 1024
# Below this size a high ratio is just repetitive text (a file of spaces), not a bomb.
_RATIO_FLOOR = 1024 * 1024
_UTF8_NAME_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
# bzip2 and LZMA decompress a whole chunk without an output bound, so only these two are read.
_READABLE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


@dataclass(frozen=True)
class ZipMember:
    path: str  # cleaned, relative, "/"-separated: "2021/hawal.txt"
    data: bytes


def open_zip(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        return None


def zip_members(archive: str, data: bytes, limits: Limits) -> Iterator[ZipMember | Refusal]:
    """Members worth reading, in archive order; ``archive`` is the display name used in refusals.

    Folders, ``__MACOSX/`` and dotfiles (``.DS_Store``) are skipped without a word.
    """
    opened = open_zip(data)
    if opened is None:
        yield refuse(archive, "bad_zip", "bad_zip")
        return
    with opened as zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_members:
            yield refuse(
                archive, "zip_bomb", "too_many_members", count=len(infos), limit=limits.max_zip_members
            )
            return
        declared_total = sum(info.file_size for info in infos)
        if declared_total > limits.max_total_uncompressed:
            yield refuse(archive, "zip_bomb", "total", limit_mb=megabytes(limits.max_total_uncompressed))
            return
        budget = limits.max_total_uncompressed
        for info in infos:
            raw_name = _member_name(info)
            traversal = _traversal(raw_name)
            path = _clean_path(raw_name)
            display = f"{archive}/{path.rstrip('/')}"
            if traversal is not None:
                yield refuse(display, "path_traversal", traversal)
                continue
            if info.is_dir() or _skipped(path):
                continue
            problem = _member_problem(info, display, limits)
            if problem is not None:
                yield problem
                continue
            content = _read_capped(zf, info, min(limits.max_file_bytes, budget))
            if isinstance(content, tuple):
                yield refuse(display, *content, limit_mb=megabytes(limits.max_total_uncompressed))
                continue
            budget -= len(content)
            yield ZipMember(path=path, data=content)


def check_container(data: bytes, member: str, limits: Limits) -> Refusal | None:
    """Size and ratio checks for zip-based formats read by other libraries (.docx)."""
    opened = open_zip(data)
    if opened is None:
        return refuse(member, "bad_zip", "bad_zip")
    with opened as zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_members:
            return refuse(
                member, "zip_bomb", "too_many_members", count=len(infos), limit=limits.max_zip_members
            )
        if sum(info.file_size for info in infos) > limits.max_total_uncompressed:
            return refuse(member, "zip_bomb", "total", limit_mb=megabytes(limits.max_total_uncompressed))
        for info in infos:
            problem = _member_problem(info, member, limits)
            if problem is not None:
                return problem
    return None


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & _UTF8_NAME_FLAG:
        # Many zip tools write UTF-8 names without setting the flag; zipfile then reads them as cp437.
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _traversal(raw_name: str) -> str | None:
    """ "absolute" or "parent" when the name would leave the folder it is unpacked into."""
    name = raw_name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute"
    if ".." in name.split("/"):
        return "parent"
    return None


def _clean_path(raw_name: str) -> str:
    name = raw_name.replace("\\", "/")
    parts = [clean_name(part) for part in name.split("/") if part not in ("", ".")]
    return "/".join(part for part in parts if part) + ("/" if name.endswith("/") else "")


def _skipped(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return not parts or parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts)


def _member_problem(info: zipfile.ZipInfo, display: str, limits: Limits) -> Refusal | None:
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return refuse(display, "symlink", "symlink")
    if info.flag_bits & _ENCRYPTED_FLAG:
        return refuse(display, "encrypted", "encrypted")
    if info.compress_type not in _READABLE_COMPRESSION:
        return refuse(display, "unsupported_format", "compression", method=info.compress_type)
    if info.file_size > limits.max_file_bytes:
        return refuse(
            display,
            "too_large",
            "file",
            size_mb=megabytes(info.file_size),
            limit_mb=megabytes(limits.max_file_bytes),
        )
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return refuse(display, "zip_bomb", "ratio", ratio=ratio, limit=limits.max_zip_ratio)
    return None


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | tuple[str, str]:
    """The member's bytes, or (code, reason) when it expands past ``cap`` or is damaged."""
    chunks: list[bytes] = []
    size = 0
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    return ("zip_bomb", "lying_header")
                if size > cap:
                    return ("zip_bomb", "total")
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError, zlib.error):
        return ("bad_zip", "bad_member")
    return b"".join(chunks)
