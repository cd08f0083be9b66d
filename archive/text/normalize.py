"""Character normalisation for Sorani text, and the extra Arabic-letter folding used for index terms.

``normalize`` gives the standard Sorani spelling a reader expects (``normalize("كوردى") == "کوردی"``);
``fold_term`` additionally folds Arabic-only letters so Arabic spellings of names meet Kurdish ones in the
index (``fold_term("كاظمي") == fold_term("کازمی")``) — that folding is for terms, never for display.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate, compress, count, repeat

import regex

# Letters that are simply another code point for the same Sorani letter.
_CHAR_MAP: dict[int, str] = {
    0x064A: "ی",  # ي Arabic yeh
    0x0649: "ی",  # ى alef maksura
    0x06D2: "ی",  # ے yeh barree
    0x06CD: "ی",  # ۍ yeh with tail
    0x0643: "ک",  # ك Arabic kaf
    0x06AA: "ک",  # ڪ swash kaf
    0x0629: "ە",  # ة teh marbuta
    0x06C0: "ە",  # ۀ heh with yeh above
    0x0692: "ڕ",  # ڒ reh with small v
    0x06B6: "ڵ",  # ڶ lam with dot above
    0x06B7: "ڵ",  # ڷ lam with three dots above
    0x06C5: "ۆ",  # ۅ kirghiz oe
    0x06C9: "ۆ",  # ۉ kirghiz yu
    0x0624: "ۆ",  # ؤ waw with hamza
    0x0623: "ئ",  # أ alef with hamza above
    0x0625: "ئ",  # إ alef with hamza below
    0x0671: "ا",  # ٱ alef wasla
    0x00A0: " ",  # NBSP
    0x2007: " ",
    0x202F: " ",
}
# Eastern Arabic (٠-٩) and Persian (۰-۹) digits to ASCII: alone, `ascii_digits`; within normalize, below.
ASCII_DIGITS = str.maketrans(
    {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
)


def ascii_digits(text: str) -> str:
    """``ascii_digits("٢٠٢١-۱۱") == "2021-11"``: only the digits change (dates, page numbers, ids)."""
    return text.translate(ASCII_DIGITS)


_CHAR_MAP.update(ASCII_DIGITS)
_CHAR_MAP.update({cp: " " for cp in range(0x2000, 0x200B)})  # en/em/thin spaces
_CHAR_MAP[0x0622] = "ئا"  # آ alef madda
# Runs of mapped characters, translated run by run: str.translate looks up every character of a long
# text in the map, which is slow for non-ASCII text where almost nothing needs mapping.
_CHAR_MAP_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_CHAR_MAP)) + "]+")


def _map_chars(match: re.Match[str]) -> str:
    return match.group().translate(_CHAR_MAP)


# Removed outright: harakat, superscript alef, Quranic marks, and invisible format characters
# (soft hyphen, ZWJ, LRM/RLM, ALM, bidi embeddings and isolates, word joiner, BOM, ZWSP).
REMOVED_CHARACTERS = (
    "\u064b-\u0653\u0655-\u0659\u065c-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u00ad\u061c\u200b\u200d-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
)
# Plain code-point classes use the stdlib ``re``: its bitmap sets scan long text several times faster.
_REMOVED_RE = re.compile(f"[{REMOVED_CHARACTERS}]+")
_PRESENTATION_RE = regex.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")
# A v-shaped accent written as a separate mark turns the base letter into its Sorani form.
_V_ACCENT_MARKS = "\u065a\u065b\u030c\u0306"
_V_ACCENT_RE = re.compile(f"([لویير])[{_V_ACCENT_MARKS}]")
_V_ACCENT_MAP = {"ل": "ڵ", "و": "ۆ", "ی": "ێ", "ي": "ێ", "ر": "ڕ"}
# Hamza written as a combining mark (U+0654) on top of a letter.
_HAMZA_ABOVE_RE = regex.compile("([یيىوهاە]?)\u0654")
_HAMZA_ABOVE_MAP = {"ی": "ئ", "ي": "ئ", "ى": "ئ", "و": "ۆ", "ه": "ە", "ە": "ە", "ا": "ئ", "": ""}

_LETTER = r"[\p{L}\p{M}]"
# heh + tatweel at the end of a word marks a true /h/ (گوناهـ); remember it before tatweel goes.
_HEH_TATWEEL_FINAL_RE = regex.compile(rf"[هھ]\u0640+(?!{_LETTER}|\u0640)")
_TATWEEL_RE = regex.compile("\u0640+")
_HEH_ZWNJ_RE = regex.compile("[هھ]\u200c")
_ZWNJ_RE = regex.compile("\u200c+")
# Word-final ه is the legacy spelling of ە, except after ا where Sorani has a true /h/ (شاه، گوناه).
_HEH_FINAL_RE = regex.compile(rf"(?<!ا)ه(?!{_LETTER})")
# A true /h/ that ends a word after anything but ا stays as ھ so normalising twice changes nothing.
_DOACHASHMEE_FINAL_AFTER_ALEF_RE = regex.compile(rf"(?<=ا)ھ(?!{_LETTER})")
_DOACHASHMEE_MEDIAL_RE = regex.compile(rf"ھ(?={_LETTER})")
_INITIAL_R_RE = regex.compile(rf"(?<!{_LETTER}|\p{{Nd}})ر")
_INITIAL_WW_RE = regex.compile(rf"(?<!{_LETTER}|\p{{Nd}})وو(?=[^\s\p{{P}}\p{{N}}و])")
# A plain space is left out: replacing it with itself was most of this pass's time (hundreds per article).
_SPACES_RE = regex.compile(r"[^\S\n\r\t ]")
# A preposition written onto a word that starts with ر: لەرێگە → لەڕێگە (only if the rest is a word).
_PROCLITIC_R_RE = regex.compile(rf"(?<!{_LETTER})(?:لە|بە|بۆ)ر{_LETTER}+")


def _proclitic_r(match: regex.Match[str]) -> str:
    from archive.text.proclitics import split_proclitic  # late: proclitics needs the stemmer's lexicon

    word = match.group()
    split = split_proclitic(fold_term(word))
    if split is None or not split[1].startswith("ڕ"):
        return word
    cut = len(split[0])
    return word[:cut] + "ڕ" + word[cut + 1 :]


# Standard Sorani letters, ASCII and common punctuation: text made only of these needs no mapping ...
_CLEAN_CHARS = r"ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنوۆەهیێ\x20-\x7e\n\t،؛؟«»"
_CLEAN_RE = regex.compile(f"[{_CLEAN_CHARS}]+")
# ... unless a context rule applies: ه (final ە / true h), initial ر or وو, a preposition before ر.
_CONTEXT = rf"ه|(?<!{_LETTER}|\p{{Nd}})(?:ر|وو|لەر|بەر|بۆر)"
_NEEDS_CONTEXT_RE = regex.compile(_CONTEXT)
# For tokens (letters, marks, digits, format characters: see analyze.TOKEN_RE) the two tests above come to:
# a character that is not standard (the stdlib ``re`` scans a plain class fastest), or ه, or a context at
# the start of the token — the only place in a token of standard letters where the character before is
# no letter or digit.
_NOT_STANDARD_RE = re.compile(f"[^{_CLEAN_CHARS}]+")
_CONTEXT_STARTS = ("ر", "وو", "لەر", "بەر", "بۆر")


def _presentation_to_base(match: regex.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def normalize(text: str) -> str:
    """Return ``text`` in standard Sorani spelling; the result normalises to itself.

    >>> normalize("كوردى")
    'کوردی'
    >>> normalize("ره\u200cزبه\u200cر")
    'ڕەزبەر'
    >>> normalize("٢٠٢١")
    '2021'
    """
    if not text or (_CLEAN_RE.fullmatch(text) and not _NEEDS_CONTEXT_RE.search(text)):
        return text  # already standard Sorani: the common case for news text, so skip every pass
    return _passes(text)


def normalize_tokens(tokens: list[str]) -> list[str]:
    """``[normalize(token) for token in tokens]`` for tokens (runs of letters, marks, digits and
    format characters, as analyze.TOKEN_RE finds them), in a few passes over all of them: the tokens
    normalize() would not return unchanged are found in one scan, and normalised joined by line breaks —
    no rule looks across a line break, and none makes or removes one."""
    # where each token ends in the tokens written one after another, to tell which a match falls in
    ends = list(accumulate(map(len, tokens)))
    dirty = set(compress(count(), map(str.startswith, tokens, repeat(_CONTEXT_STARTS))))
    dirty.update(compress(count(), map(str.__contains__, tokens, repeat("ه"))))
    for match in _NOT_STANDARD_RE.finditer("".join(tokens)):  # per letter: no separator needed
        first, last = bisect_right(ends, match.start()), bisect_right(ends, match.end() - 1)
        if first == last:
            dirty.add(first)
        else:
            dirty.update(range(first, last + 1))
    out = list(tokens)
    if not dirty:
        return out
    indexes = sorted(dirty)
    normals = _passes("\n".join([tokens[i] for i in indexes])).split("\n")
    for index, normal in zip(indexes, normals, strict=True):
        out[index] = normal
    return out


def _passes(text: str) -> str:
    """Every normalisation pass (normalize() without its shortcut for standard text)."""
    text = _PRESENTATION_RE.sub(_presentation_to_base, text)
    text = text.replace("ا\u0653", "ئا")
    text = _REMOVED_RE.sub("", text)
    # The passes below start from a character most texts lack: a substring test (a fast scan) skips them.
    if any(mark in text for mark in _V_ACCENT_MARKS):
        text = _V_ACCENT_RE.sub(lambda m: _V_ACCENT_MAP[m.group(1)], text)
    if "\u0654" in text:
        text = _HAMZA_ABOVE_RE.sub(lambda m: _HAMZA_ABOVE_MAP[m.group(1)], text)
    if "\u0640" in text:
        text = _HEH_TATWEEL_FINAL_RE.sub("ھ", text)
        text = _TATWEEL_RE.sub("", text)
    if "\u200c" in text:
        text = _HEH_ZWNJ_RE.sub("ە", text)
        text = _ZWNJ_RE.sub("", text)
    text = _CHAR_MAP_RE.sub(_map_chars, text)
    if "ھ" in text:
        text = _DOACHASHMEE_MEDIAL_RE.sub("ه", text)
        text = _DOACHASHMEE_FINAL_AFTER_ALEF_RE.sub("ه", text)
    text = _HEH_FINAL_RE.sub("ە", text)
    text = _INITIAL_R_RE.sub("ڕ", text)
    text = _PROCLITIC_R_RE.sub(_proclitic_r, text)
    text = _INITIAL_WW_RE.sub("و", text)
    # Remaining exotic spaces (NBSP etc. were mapped above); keep newlines and tabs as they are.
    return _SPACES_RE.sub(" ", text)


# Arabic-only letters folded to the Sorani letter that spells the same sound (terms only).
_FOLD_MAP = str.maketrans(
    {
        "ظ": "ز",
        "ض": "ز",
        "ذ": "ز",
        "ث": "س",
        "ص": "س",
        "ط": "ت",
        "ھ": "ه",
    }
)


_FOLD_LETTERS = "ظضذثصطھ"
_FOLD_RE = re.compile(f"[{_FOLD_LETTERS}]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_MAP)


def fold_term(word: str) -> str:
    """Fold Arabic-only letters of an already normalised word: ``fold_term("کاظمی") == "کازمی"``."""
    return _FOLD_RE.sub(_fold_run, word) if _FOLD_RE.search(word) else word


def fold_words(words: list[str]) -> list[str]:
    """``[fold_term(word) for word in words]``, for many words at once: the few that hold an
    Arabic-only letter are found with plain substring searches (no regex scan over all of them)."""
    joined = "\n".join(words)
    positions = []
    for letter in _FOLD_LETTERS:
        at = joined.find(letter)
        while at != -1:
            positions.append(at)
            at = joined.find(letter, at + 1)
    if not positions:
        return words
    starts = list(accumulate(map((1).__add__, map(len, words)), initial=0))
    out = list(words)
    for index in {bisect_right(starts, at) - 1 for at in positions}:
        out[index] = fold_term(words[index])
    return out
