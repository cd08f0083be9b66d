"""File names from uploads are shown, never used as paths: keep the last part, drop control characters."""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 255
# Bidi overrides can make "txt.exe" display as "exe.txt"; ZWNJ (U+200C) is a real Sorani letter joiner.
_KEEP_FORMAT_CHARS = frozenset("\u200c")


def clean_name(name: str, *, keep_folders: bool = False) -> str:
    """A safe display name: the base name without control or direction-override characters.

    >>> clean_name("../../etc/هەواڵ\\u202e.txt")
    'هەواڵ.txt'
    >>> clean_name("C:\\\\Users\\\\x\\\\ڕاپۆرت.docx")
    'ڕاپۆرت.docx'
    """
    name = name.replace("\\", "/")
    if not keep_folders:
        name = name.rstrip("/").rsplit("/", 1)[-1]
    kept = "".join(char for char in name if _shown(char))
    return " ".join(kept.split())[:MAX_NAME_CHARS] or "unnamed"


def extension(name: str) -> str:
    """The lower-case extension with its dot: "Hawal.TXT" -> ".txt", "notes" -> ""."""
    base = clean_name(name)
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _shown(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return False
    return category != "Cf" or char in _KEEP_FORMAT_CHARS
