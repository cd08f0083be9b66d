"""Refusal messages in English and Sorani, one template pair per reason.

Codes are what programs match on (``"zip_bomb"``); a code can have several reasons, each with its
own wording, e.g. ``refuse("posts.csv#row 4", "bad_csv", "field_count", found=12, expected=10)``.
"""

from __future__ import annotations

from .drafts import Refusal

# (code, reason) -> (English, Sorani). Numbers are filled in with str.format.
MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("empty", "no_bytes"): (
        "The file is empty.",
        "پەڕگەکە بەتاڵە.",
    ),
    ("empty", "no_text"): (
        "The file holds no text.",
        "پەڕگەکە هیچ دەقێکی تێدا نییە.",
    ),
    ("empty", "no_body"): (
        "This entry has no article text (the body is empty).",
        "ئەم بڕگەیە دەقی هەواڵی تێدا نییە (ناوەڕۆکەکەی بەتاڵە).",
    ),
    ("empty", "no_main_text"): (
        "No article text was found in this web page.",
        "هیچ دەقێکی هەواڵ لەم پەڕە وێبە نەدۆزرایەوە.",
    ),
    ("empty", "empty_archive"): (
        "The archive holds no files that could be articles.",
        "ئەرشیفەکە هیچ پەڕگەیەکی تێدا نییە کە ببێتە هەواڵ.",
    ),
    ("binary", "nul_bytes"): (
        "The file is binary data, not text (it contains NUL bytes).",
        "پەڕگەکە داتای دوانەییە (binary)، دەق نییە (بایتی NUL ی تێدایە).",
    ),
    ("binary", "control_chars"): (
        "The file is binary data, not text ({percent}% control characters).",
        "پەڕگەکە داتای دوانەییە (binary)، دەق نییە ({percent}% نیشانەی کۆنترۆڵە).",
    ),
    ("undecodable", "damaged_utf8"): (
        "The file is UTF-8 text with {count} damaged byte sequence(s), the first at byte {offset}; "
        "it may be cut short or corrupted. Save it again as UTF-8.",
        "پەڕگەکە دەقی UTF-8 ە بەڵام {count} زنجیرە بایتی تێکچووی تێدایە، یەکەمیان لە بایتی {offset}؛ "
        "لەوانەیە پچڕابێت یان تێکچووبێت. دووبارە بە UTF-8 پاشەکەوتی بکەرەوە.",
    ),
    ("undecodable", "bad_utf16"): (
        "The file looks like UTF-16 text but cannot be decoded as UTF-16.",
        "پەڕگەکە وەک دەقی UTF-16 دەردەکەوێت بەڵام وەک UTF-16 ناخوێندرێتەوە.",
    ),
    ("undecodable", "bad_bom"): (
        "The file starts with a {encoding} byte-order mark but is not valid {encoding}.",
        "پەڕگەکە بە نیشانەی BOM ی {encoding} دەست پێدەکات بەڵام {encoding} ی دروست نییە.",
    ),
    ("undecodable", "unknown_encoding"): (
        "The text encoding could not be recognised (tried UTF-8, UTF-16 and Windows-1256). "
        "Save the file as UTF-8.",
        "کۆدکردنی دەقی پەڕگەکە نەناسرایەوە (UTF-8، UTF-16 و Windows-1256 تاقیکرانەوە). "
        "پەڕگەکە بە UTF-8 پاشەکەوت بکە.",
    ),
    ("undecodable", "lost_letters"): (
        "The text has lost letters: {count} letters inside words were replaced by '?', which happens "
        "when Kurdish text is saved in an encoding (such as Windows-1256) that has no room for letters "
        "like ێ ڵ ۆ ڕ ە. Save the original again as UTF-8.",
        "دەقەکە پیتی لێ ون بووە: {count} پیت لە ناو وشەکاندا بە '?' گۆڕدراون، ئەمە ڕوودەدات کاتێک "
        "دەقی کوردی بە کۆدکردنێک (وەک Windows-1256) پاشەکەوت دەکرێت کە پیتی وەک ێ ڵ ۆ ڕ ە ی تێدا نییە. "
        "پەڕگە ڕەسەنەکە دووبارە بە UTF-8 پاشەکەوت بکەرەوە.",
    ),
    ("too_large", "file"): (
        "The file is {size_mb} MB, more than the limit of {limit_mb} MB per file.",
        "قەبارەی پەڕگەکە {size_mb} مێگابایتە، زیاترە لە سنووری {limit_mb} مێگابایت بۆ هەر پەڕگەیەک.",
    ),
    ("too_large", "upload"): (
        "The upload is {size_mb} MB, more than the limit of {limit_mb} MB per upload.",
        "قەبارەی بارکردنەکە {size_mb} مێگابایتە، زیاترە لە سنووری {limit_mb} مێگابایت بۆ هەر بارکردنێک.",
    ),
    ("too_long", "body"): (
        "The article text has {chars} characters, more than the limit of {limit} characters.",
        "دەقی هەواڵەکە {chars} پیتە، زیاترە لە سنووری {limit} پیت.",
    ),
    ("zip_bomb", "ratio"): (
        "Refused as a possible zip bomb: this member expands {ratio} times its compressed size "
        "(the limit is {limit} times).",
        "وەک بۆمبی zip ڕەتکرایەوە: ئەم پەڕگەیە {ratio} هێندەی قەبارە پەستێندراوەکەی دەکرێتەوە "
        "(سنوورەکە {limit} هێندەیە).",
    ),
    ("zip_bomb", "total"): (
        "Refused as a possible zip bomb: the archive would expand to more than {limit_mb} MB.",
        "وەک بۆمبی zip ڕەتکرایەوە: ئەرشیفەکە زیاتر لە {limit_mb} مێگابایت دەکرێتەوە.",
    ),
    ("zip_bomb", "lying_header"): (
        "Refused as a possible zip bomb: this member expands beyond the size its header declares.",
        "وەک بۆمبی zip ڕەتکرایەوە: ئەم پەڕگەیە زیاتر لەو قەبارەیەی لە سەرپەڕەکەیدا نووسراوە دەکرێتەوە.",
    ),
    ("zip_bomb", "too_many_members"): (
        "The archive holds {count} files, more than the limit of {limit}.",
        "ئەرشیفەکە {count} پەڕگەی تێدایە، زیاترە لە سنووری {limit}.",
    ),
    ("path_traversal", "parent"): (
        "Refused: this member's path points outside the archive folder ('..').",
        "ڕەتکرایەوە: ڕێڕەوی ئەم پەڕگەیە بۆ دەرەوەی بوخچەی ئەرشیفەکە دەچێت ('..').",
    ),
    ("path_traversal", "absolute"): (
        "Refused: this member has an absolute path.",
        "ڕەتکرایەوە: ئەم پەڕگەیە ڕێڕەوی ڕەهای (absolute) هەیە.",
    ),
    ("symlink", "symlink"): (
        "Refused: symbolic links inside archives are not allowed.",
        "ڕەتکرایەوە: بەستەری هێمایی (symlink) لە ناو ئەرشیفدا ڕێگەپێدراو نییە.",
    ),
    ("encrypted", "encrypted"): (
        "Refused: this member is password-protected. Upload it without a password.",
        "ڕەتکرایەوە: ئەم پەڕگەیە بە وشەی نهێنی پارێزراوە. بەبێ وشەی نهێنی باری بکە.",
    ),
    ("nested_archive", "nested"): (
        "Refused: an archive inside an archive. Only one level of zip is read; unpack the inner one.",
        "ڕەتکرایەوە: ئەرشیف لە ناو ئەرشیفدا. تەنها یەک ئاستی zip دەخوێندرێتەوە؛ ئەرشیفە ناوەکییەکە بکەرەوە.",
    ),
    ("bad_zip", "bad_zip"): (
        "The zip archive is damaged and cannot be read.",
        "ئەرشیفی zip ەکە تێکچووە و ناخوێندرێتەوە.",
    ),
    ("bad_zip", "bad_member"): (
        "This member of the zip archive is damaged (its checksum or compression is wrong).",
        "ئەم پەڕگەیەی ناو ئەرشیفی zip تێکچووە (checksum یان پەستاندنەکەی هەڵەیە).",
    ),
    ("bad_docx", "bad_docx"): (
        "The Word document is damaged and cannot be read.",
        "بەڵگەنامەی Word ەکە تێکچووە و ناخوێندرێتەوە.",
    ),
    ("bad_csv", "no_body_column"): (
        "The table has no article text column: expected one of {expected}.",
        "خشتەکە ستوونی دەقی هەواڵی تێدا نییە: یەکێک لەمانە چاوەڕوان دەکرا: {expected}.",
    ),
    ("bad_csv", "field_count"): (
        "This row has {found} fields but the header has {expected}.",
        "ئەم ڕیزە {found} خانەی هەیە بەڵام سەرپەڕەکە {expected} خانەی هەیە.",
    ),
    ("bad_csv", "syntax"): (
        "This row is not valid CSV ({detail}).",
        "ئەم ڕیزە CSV ی دروست نییە ({detail}).",
    ),
    ("bad_json", "syntax"): (
        "This line is not valid JSON ({detail}).",
        "ئەم دێڕە JSON ی دروست نییە ({detail}).",
    ),
    ("bad_json", "not_object"): (
        "This entry is not a JSON object with named fields.",
        "ئەم بڕگەیە ئۆبجێکتێکی JSON نییە کە خانەی ناوداری هەبێت.",
    ),
    ("unreadable", "reader_error"): (
        "The file could not be read because of an unexpected error ({error}); it has been logged for the developers.",
        "پەڕگەکە بەهۆی هەڵەیەکی چاوەڕواننەکراو ({error}) نەخوێندرایەوە؛ بۆ گەشەپێدەران تۆمار کرا.",
    ),
    ("unsupported_format", "known"): (
        "Files of this kind ({kind}) are not supported. Upload .txt, .html, .docx, .csv, .jsonl or .zip.",
        "ئەم جۆرە پەڕگەیە ({kind}) پشتگیری ناکرێت. پەڕگەی .txt، .html، .docx، .csv، .jsonl یان .zip بار بکە.",
    ),
    ("unsupported_format", "compression"): (
        "This member uses a compression method ({method}) that is not read; use ordinary zip (deflate).",
        "ئەم پەڕگەیە شێوازێکی پەستاندن ({method}) بەکاردەهێنێت کە ناخوێندرێتەوە؛ zip ی ئاسایی (deflate) بەکاربهێنە.",
    ),
    ("unsupported_format", "extension"): (
        "Files ending in '{extension}' are not supported. Upload .txt, .html, .docx, .csv, .jsonl or .zip.",
        "پەڕگەی کۆتایی بە '{extension}' پشتگیری ناکرێت. پەڕگەی .txt، .html، .docx، .csv، .jsonl یان .zip بار بکە.",
    ),
}


def refuse(member: str, code: str, reason: str, **details: object) -> Refusal:
    """Build a Refusal from the template pair for (code, reason)."""
    english, sorani = MESSAGES[(code, reason)]
    return Refusal(
        member=member,
        code=code,
        message_en=english.format(**details),
        message_ckb=sorani.format(**details),
    )


def body_problem(member: str, body: str, max_chars: int, empty_reason: str = "no_text") -> Refusal | None:
    """The refusal for an article body that is empty or too long, else None (every reader checks both)."""
    if not body:
        return refuse(member, "empty", empty_reason)
    if len(body) > max_chars:
        return refuse(member, "too_long", "body", chars=len(body), limit=max_chars)
    return None


def megabytes(size: int) -> str:
    """A size in MB for messages: 20971520 -> '20', 1572864 -> '1.5'."""
    value = size / (1024 * 1024)
    return f"{value:.1f}".removesuffix(".0")
