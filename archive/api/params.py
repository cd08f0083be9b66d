"""Cleaning free text from query strings before it reaches the parser or PostgreSQL (pure Python).

PostgreSQL refuses NUL in text, and control characters mean nothing in a search; both are dropped here
so that ``?q=%00`` is just an empty search, never an error.
"""

from __future__ import annotations

import unicodedata


def clean_text(value: str | None, limit: int) -> str:
    """``clean_text("کازمی\\x00\\x07", 100) == "کازمی"``: no control or surrogate characters, at most `limit`."""
    if not value:
        return ""
    kept = (
        " " if char in "\t\n\r" else char
        for char in value[: limit * 2]
        if unicodedata.category(char) not in ("Cc", "Cs") or char in "\t\n\r"
    )
    return "".join(kept)[:limit].strip()
