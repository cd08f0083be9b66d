"""read_upload on single files: plain text like the seed sample, dispatch by content, refusals."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from archive.ingest import Draft, Limits, Refusal
from archive.ingest.messages import MESSAGES

from .helpers import OLD_CP1256_SPELLING, only_draft, only_refusal


def test_seed_article_txt_becomes_one_draft(seed_text):
    data = seed_text.encode("utf-8")
    draft = only_draft("seed-article.txt", data)
    assert draft.body == seed_text.strip()
    assert draft.title.startswith("بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ دووشەممە")
    assert draft.title.endswith("…")
    assert draft.published is None
    assert draft.source is None
    assert draft.url is None
    assert draft.format == "txt"
    assert draft.member == "seed-article.txt"
    assert draft.original_sha256 == hashlib.sha256(data).hexdigest()
    assert draft.extra["encoding"] == "utf-8"


@pytest.mark.parametrize(
    ("encoding", "data_of"),
    [
        ("utf-8-sig", lambda text: codecs.BOM_UTF8 + text.encode()),
        ("utf-16-le", lambda text: text.encode("utf-16")),
        ("utf-16-be", lambda text: text.encode("utf-16-be")),
    ],
)
def test_the_same_article_in_other_encodings_gives_the_same_body(seed_text, encoding, data_of):
    data = data_of(seed_text)
    draft = only_draft("seed-article.txt", data)
    assert draft.body == seed_text.strip()
    assert draft.extra["encoding"] == encoding
    assert draft.original_sha256 == hashlib.sha256(data).hexdigest()  # the bytes as uploaded


def test_windows_line_endings_become_newlines():
    draft = only_draft("a.txt", "یەکەم دێڕ\r\nدووەم دێڕ\r\n".encode())
    assert draft.body == "یەکەم دێڕ\nدووەم دێڕ"


def test_old_windows_1256_txt_is_imported_with_its_arabic_letters(seed_text):
    old_style = seed_text.translate(OLD_CP1256_SPELLING)
    draft = only_draft("old.txt", old_style.encode("cp1256"))
    assert draft.extra["encoding"] == "cp1256"
    assert draft.body == old_style.strip()


def test_sorani_saved_as_windows_1256_is_refused_with_its_reason(seed_text):
    refusal = only_refusal("broken.txt", seed_text.encode("cp1256", errors="replace"))
    assert refusal.code == "undecodable"
    assert refusal.member == "broken.txt"
    assert "letters inside words were replaced by '?'" in refusal.message_en


def test_html_content_in_a_txt_file_is_read_as_html():
    page = "<!DOCTYPE html><html><body><article><p>" + "هەواڵێکی نموونە دەربارەی بەغدا. " * 10
    page += "</p></article></body></html>"
    assert only_draft("page.txt", page.encode()).format == "html"


def test_a_file_without_extension_is_plain_text():
    assert only_draft("README", "دەقێکی سادە".encode()).format == "txt"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "old Microsoft Office file (.doc/.xls)",
        ),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00", "Windows program"),
    ],
)
def test_known_binary_formats_are_refused_by_their_magic_bytes(name, data, kind):
    refusal = only_refusal(name, data)
    assert refusal.code == "unsupported_format"
    assert f"Files of this kind ({kind}" in refusal.message_en
    assert "پشتگیری ناکرێت" in refusal.message_ckb


def test_an_unknown_extension_is_refused():
    refusal = only_refusal("slides.key", "دەق".encode())
    assert refusal.code == "unsupported_format"
    assert refusal.message_en.startswith("Files ending in '.key' are not supported.")


def test_binary_bytes_in_a_txt_file_are_refused_as_binary():
    refusal = only_refusal("data.txt", bytes(range(256)) * 4)
    assert (refusal.code, refusal.message_en) == (
        "binary",
        "The file is binary data, not text (it contains NUL bytes).",
    )


def test_an_empty_file_and_a_blank_file_are_refused():
    assert only_refusal("a.txt", b"").message_en == "The file is empty."
    blank = only_refusal("b.txt", b" \n\r\n\t ")
    assert (blank.code, blank.message_en) == ("empty", "The file holds no text.")
    assert blank.message_ckb == "پەڕگەکە هیچ دەقێکی تێدا نییە."


def test_a_file_over_the_size_limit_is_refused():
    refusal = only_refusal("big.txt", "ئ".encode() * 1024 * 600, Limits(max_file_bytes=1024 * 1024))
    assert refusal.code == "too_large"
    assert refusal.message_en == "The file is 1.2 MB, more than the limit of 1 MB per file."
    assert (
        refusal.message_ckb == "قەبارەی پەڕگەکە 1.2 مێگابایتە، زیاترە لە سنووری 1 مێگابایت بۆ هەر پەڕگەیەک."
    )


def test_an_upload_over_the_upload_limit_is_refused_before_reading():
    refusal = only_refusal("all.zip", b"PK\x03\x04" + b"\x00" * 3000, Limits(max_upload_bytes=2048))
    assert refusal.code == "too_large"
    assert "per upload" in refusal.message_en


def test_a_body_over_the_character_limit_is_refused():
    refusal = only_refusal("long.txt", ("وشە " * 100).encode(), Limits(max_body_chars=50))
    assert refusal.code == "too_long"
    assert refusal.message_en == "The article text has 399 characters, more than the limit of 50 characters."


def test_file_names_are_shown_without_folders_or_control_characters():
    draft = only_draft("../../etc/\u202eهەواڵ\x07.txt", "دەق".encode())
    assert draft.member == "هەواڵ.txt"
    windows = only_draft("C:\\Users\\editor\\ڕاپۆرت.txt", "دەق".encode())
    assert windows.member == "ڕاپۆرت.txt"


def test_drafts_and_refusals_are_frozen():
    draft = only_draft("a.txt", "دەق".encode())
    with pytest.raises(AttributeError):
        draft.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        draft.extra["encoding"] = "x"  # type: ignore[index]
    assert isinstance(hash(draft), int)
    assert isinstance(only_refusal("a.txt", b""), Refusal)
    assert isinstance(draft, Draft)


def test_every_refusal_message_has_both_languages_and_the_same_placeholders():
    import string

    for (code, reason), (english, sorani) in MESSAGES.items():
        assert english and sorani, (code, reason)
        fields_en = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        fields_ckb = {name for _, name, _, _ in string.Formatter().parse(sorani) if name}
        assert fields_en == fields_ckb, (code, reason)
        assert any("\u0600" <= char <= "\u06ff" for char in sorani), (code, reason)


def test_the_entries_still_to_do_are_counted_across_files_without_the_finished_ones(tmp_path):
    from archive.ingest import Limits, read_upload
    from archive.ingest.readers import count_new_entries, member_name

    (tmp_path / "posts.jsonl").write_text(
        "\n".join(f'{{"title": "t{n}", "body": "هەواڵی ژمارە {n} لە هەولێر"}}' for n in range(5)),
        encoding="utf-8",
    )
    (tmp_path / "one.txt").write_text("هەواڵێکی تر لە سلێمانی", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(bytes(range(256)) * 8)  # refused, but still an entry to report
    files = [(tmp_path / name, name) for name in ("posts.jsonl", "one.txt", "broken.txt")]
    assert count_new_entries(files, Limits(), frozenset()) == 7
    entries = list(read_upload("posts.jsonl", (tmp_path / "posts.jsonl").read_bytes()))
    done = frozenset(member_name(entry, "posts.jsonl") for entry in entries[:2])
    assert count_new_entries(files, Limits(), done) == 5
