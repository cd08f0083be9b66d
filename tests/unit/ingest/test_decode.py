"""decode_text: every encoding editors send, and clear refusals for the rest."""

from __future__ import annotations

import codecs

import pytest

from archive.ingest import DecodeRefused, decode_text

from .helpers import OLD_CP1256_SPELLING


@pytest.mark.parametrize(
    ("encoded", "expected_encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: text.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be"),
        (lambda text: text.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL pattern
        (lambda text: text.encode("utf-16-be"), "utf-16-be"),
        (lambda text: text.encode("utf-32"), "utf-32-le"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom-le", "utf-16-bom-be", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_unicode_encodings_give_back_the_seed_article(seed_text, encoded, expected_encoding):
    text, encoding = decode_text(encoded(seed_text))
    assert text == seed_text
    assert encoding == expected_encoding


def test_bomless_utf16_without_ascii_is_found_by_the_arabic_block_byte():
    # No spaces or digits: no NUL bytes at all, but every other byte is 0x06.
    word = "هەواڵەکان"
    assert decode_text(word.encode("utf-16-le")) == (word, "utf-16-le")


def test_old_windows_1256_file_is_read_as_arabic_script(seed_text):
    old_style = seed_text.translate(OLD_CP1256_SPELLING)
    text, encoding = decode_text(old_style.encode("cp1256"))
    assert encoding == "cp1256"
    assert text == old_style
    assert text.startswith("برياره كاژير شهشي ئيوارهي ئهمرو دووشهممه 29 - 11 - 2021")


def test_windows_1256_cannot_hold_sorani_letters(seed_text):
    # The honest fact behind the next test: ێ ڵ ۆ ڕ ە ی and Arabic-Indic digits are not in the code page.
    with pytest.raises(UnicodeEncodeError):
        seed_text.encode("cp1256")


def test_sorani_saved_as_windows_1256_with_question_marks_is_refused(seed_text):
    lossy = seed_text.encode("cp1256", errors="replace")
    with pytest.raises(DecodeRefused) as refused:
        decode_text(lossy)
    assert refused.value.code == "undecodable"
    assert "replaced by '?'" in refused.value.message_en
    assert "Save the original again as UTF-8" in refused.value.message_en
    assert "بە '?' گۆڕدراون" in refused.value.message_ckb


def test_a_question_mark_in_ordinary_text_is_not_a_lost_letter():
    text = "پرسیار: ئایا ?هەڵبژاردن دەکرێت? وەڵام: بەڵێ"
    assert decode_text(text.encode()) == (text, "utf-8")


def test_damaged_utf8_is_refused_with_the_position(seed_text):
    data = bytearray(seed_text.encode("utf-8"))
    data[101] = 0xFF  # the first byte of a two-byte letter: the 0xFF and the orphaned second byte are bad
    with pytest.raises(DecodeRefused) as refused:
        decode_text(bytes(data))
    assert refused.value.code == "undecodable"
    assert refused.value.message_en.startswith(
        "The file is UTF-8 text with 2 damaged byte sequence(s), the first at byte 101"
    )
    assert "١" not in refused.value.message_ckb and "101" in refused.value.message_ckb


def test_truncated_utf8_is_refused_not_misread_as_windows_1256(seed_text):
    data = seed_text.rstrip(".").encode("utf-8")[:-1]  # cuts the last two-byte letter in half
    with pytest.raises(DecodeRefused) as refused:
        decode_text(data)
    assert refused.value.code == "undecodable"


def test_binary_with_nul_bytes_is_refused():
    data = bytes(range(256)) * 8
    with pytest.raises(DecodeRefused) as refused:
        decode_text(data)
    assert refused.value.code == "binary"
    assert refused.value.message_en == "The file is binary data, not text (it contains NUL bytes)."
    assert refused.value.message_ckb == "پەڕگەکە داتای دوانەییە (binary)، دەق نییە (بایتی NUL ی تێدایە)."


def test_binary_of_control_characters_is_refused():
    data = bytes([1, 2, 3, 4, 27, 65, 66]) * 100
    with pytest.raises(DecodeRefused) as refused:
        decode_text(data)
    assert refused.value.code == "binary"
    assert "control characters" in refused.value.message_en


def test_empty_input_is_refused():
    with pytest.raises(DecodeRefused) as refused:
        decode_text(b"")
    assert (refused.value.code, refused.value.message_en) == ("empty", "The file is empty.")


def test_latin_text_in_another_code_page_still_decodes():
    text = "Le comité a présenté son rapport à Bagdad. " * 5
    decoded, encoding = decode_text(text.encode("cp1252"))
    assert (decoded, encoding) == (text, "cp1252")


def test_invalid_utf16_after_a_bom_is_refused():
    data = codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00"  # a lone high surrogate
    with pytest.raises(DecodeRefused) as refused:
        decode_text(data)
    assert refused.value.code == "undecodable"
    assert (
        refused.value.message_en
        == "The file starts with a UTF-16-LE byte-order mark but is not valid UTF-16-LE."
    )


def test_byte_soup_is_not_taken_for_windows_1256():
    # Every byte from 0x80 means something in Windows-1256, so bytes alone always "decode".
    soup = bytes(range(0x80, 0xC0)) * 5
    with pytest.raises(DecodeRefused) as refused:
        decode_text(soup)
    assert refused.value.code == "undecodable"
    assert refused.value.message_en == (
        "The text encoding could not be recognised (tried UTF-8, UTF-16 and Windows-1256). Save the file as UTF-8."
    )
    assert refused.value.message_ckb.startswith("کۆدکردنی دەقی پەڕگەکە نەناسرایەوە")


def test_bomless_utf16_with_a_broken_surrogate_is_refused():
    data = "هەواڵ و ڕاپۆرت".encode("utf-16-le") + b"\x00\xd8\x20\x00"  # a high surrogate, then a space
    with pytest.raises(DecodeRefused) as refused:
        decode_text(data)
    assert refused.value.code == "undecodable"
    assert refused.value.message_en == "The file looks like UTF-16 text but cannot be decoded as UTF-16."
