"""Bytes to text: which encoding, and why, or a refusal that says what is wrong.

The order of decisions, each one explainable to an editor:
1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. NUL bytes in a UTF-16 pattern (every other byte) mean BOM-less UTF-16; other NULs mean binary;
3. strict UTF-8 (the common case); nearly-valid UTF-8 is refused as damaged rather than misread;
4. Windows-1256 when it turns the bytes into mostly Arabic-script letters (older Kurdish files);
5. charset-normalizer's best guess for other single-byte text, else "undecodable".
Text with many control characters is binary. Letters replaced by '?' inside Arabic-script words
mean the file was saved in an encoding without Sorani letters, and is refused rather than stored broken.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import regex

from .drafts import Refusal
from .messages import refuse

# Control characters (Unicode Cc) except the whitespace and page controls that plain text
# legitimately holds: tab, newline, vertical tab, form feed, carriage return, and 0x1A (DOS end of file).
# (The stdlib ``re``: a plain class of code points, which it scans several times faster than ``regex``.)
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.01
_MIN_ARABIC_SHARE = 0.6
_LOST_LETTER = regex.compile(r"(?<=\p{Arabic})\?+(?=\p{Arabic})")
_LETTER = regex.compile(r"\p{L}")
_ASCII_SPACES = regex.compile(r"[ \t\r\n]+")
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeRefused(Exception):
    """Raised by decode_text; carries the machine code and both messages."""

    def __init__(self, code: str, message_en: str, message_ckb: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_ckb = message_ckb

    @classmethod
    def of(cls, code: str, reason: str, **details: object) -> DecodeRefused:
        built = refuse("", code, reason, **details)
        return cls(built.code, built.message_en, built.message_ckb)

    def refusal(self, member: str) -> Refusal:
        return Refusal(
            member=member, code=self.code, message_en=self.message_en, message_ckb=self.message_ckb
        )


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode uploaded bytes to text; returns (text, encoding name).

    >>> decode_text("هەواڵ".encode("utf-16"))[1]
    'utf-16-le'
    >>> decode_text("خبر عاجل".encode("cp1256"))
    ('خبر عاجل', 'cp1256')
    """
    if not data:
        raise DecodeRefused.of("empty", "no_bytes")
    text, encoding = _decode(data)
    _check_not_binary(text)
    _check_no_lost_letters(text)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise DecodeRefused.of("undecodable", "bad_bom", encoding=encoding.upper()) from None
            return text, encoding
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise DecodeRefused.of("binary", "nul_bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    damaged = _damaged_utf8_count(data)
    if damaged is not None:
        raise DecodeRefused.of("undecodable", "damaged_utf8", count=damaged, offset=first_bad)
    return _single_byte(data)


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII spaces and digits give NULs, Arabic letters give 0x06, every other byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    # Sorani in UTF-16 has a high byte of 0x00 (spaces, digits, Latin) or 0x06 (Arabic block).
    high_in_odd = (odd.count(0) + odd.count(6)) / len(odd)
    high_in_even = (even.count(0) + even.count(6)) / len(even)
    if b"\x00" not in data and max(high_in_odd, high_in_even) < 0.9:
        return None
    encoding = "utf-16-le" if high_in_odd >= high_in_even else "utf-16-be"
    if max(high_in_odd, high_in_even) < 0.5:
        return None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise DecodeRefused.of("undecodable", "bad_utf16") from None


def _damaged_utf8_count(data: bytes) -> int | None:
    """How many bad sequences, if the bytes are UTF-8 with a little damage (else None).

    Real UTF-8 text with one flipped or cut byte would otherwise decode "successfully" as
    Windows-1256 mojibake (ط¨ظ...), so nearly-valid UTF-8 is refused instead of misread.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for char in text if ord(char) > 0x7F) - bad
    if multibyte >= 3 and bad <= max(1, multibyte // 100):
        return bad
    return None


def _single_byte(data: bytes) -> tuple[str, str]:
    as_arabic = data.decode("cp1256")
    if _arabic_share(as_arabic) >= _MIN_ARABIC_SHARE and _has_words(as_arabic):
        return as_arabic, "cp1256"
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeRefused.of("undecodable", "unknown_encoding")
    # Code pages often tie on Latin text (cp1257 reads "à" as "ą"); the Western one is the likeliest.
    western = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos), None)
    chosen = western or best
    return str(chosen), chosen.encoding


def _has_words(text: str) -> bool:
    """Mostly letters, with spaces between words: what any byte soup decoded as cp1256 is not.

    Every byte from 0x80 up means something in Windows-1256, many of them Arabic-script letters.
    """
    visible = len(text) - sum(1 for char in text if char.isspace())
    if not visible:
        return False
    spaced = len(text) <= 40 or len(_ASCII_SPACES.findall(text)) >= len(text) / 40
    return spaced and len(_LETTER.findall(text)) / visible >= 0.5


def _arabic_share(text: str) -> float:
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / letters


def _check_not_binary(text: str) -> None:
    if "\x00" in text:
        raise DecodeRefused.of("binary", "nul_bytes")
    if not text:
        return
    controls = len(_CONTROL_CHAR.findall(text))
    if controls / len(text) > _MAX_CONTROL_RATIO:
        percent = round(100 * controls / len(text))
        raise DecodeRefused.of("binary", "control_chars", percent=max(percent, 1))


def _check_no_lost_letters(text: str) -> None:
    if "?" not in text:
        return
    lost = sum(len(match) for match in _LOST_LETTER.findall(text))
    # A stray "?" between two words' letters is rare; many of them are letters lost in a re-save.
    if lost >= 3 and lost / max(1, len(text.split())) > 0.01:
        raise DecodeRefused.of("undecodable", "lost_letters", count=lost)
