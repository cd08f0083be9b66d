"""Zip archives: mixed good and broken members, bombs, traversal, links, passwords, nesting."""

from __future__ import annotations

import io
import json
import stat
import struct
import time
import zipfile

import docx

from archive.ingest import Draft, Limits, Refusal

from .helpers import FIXTURES, make_zip, only_refusal, read_all

MIB = 1024 * 1024


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_zip_of_mixed_good_and_broken_files_gives_every_good_article_and_a_reason_for_each_broken_one(
    seed_text,
):
    archive = make_zip(
        {
            "2021/seed-article.txt": seed_text.encode("utf-8"),
            "2021/utf16.txt": "هەواڵێکی کورت".encode("utf-16"),
            "pages/news-page.html": (FIXTURES / "news-page.html").read_bytes(),
            "word/ڕاپۆرت.docx": _docx_bytes("ڕاپۆرتی لێژنەکە ئەمڕۆ بڵاو کرایەوە."),
            "tables/posts.jsonl": json.dumps({"text": "دەقی دێڕ"}, ensure_ascii=False).encode(),
            "tables/posts.csv": "title,body\nیەک,دەقی یەک\nدوو\n".encode(),
            "broken/photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
            "broken/blank.txt": b"   \n",
            "broken/data.txt": bytes(range(256)),
            "__MACOSX/2021/._seed-article.txt": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "2021/": b"",
        }
    )
    results = read_all("batch.zip", archive)
    by_member = {result.member: result for result in results}
    assert list(by_member) == [
        "batch.zip/2021/seed-article.txt",
        "batch.zip/2021/utf16.txt",
        "batch.zip/pages/news-page.html",
        "batch.zip/word/ڕاپۆرت.docx",
        "batch.zip/tables/posts.jsonl#line 1",
        "batch.zip/tables/posts.csv#row 2",
        "batch.zip/tables/posts.csv#row 3",
        "batch.zip/broken/photo.jpg",
        "batch.zip/broken/blank.txt",
        "batch.zip/broken/data.txt",
    ]
    drafts = [result for result in results if isinstance(result, Draft)]
    assert [draft.format for draft in drafts] == [
        "zip:txt",
        "zip:txt",
        "zip:html",
        "zip:docx",
        "zip:jsonl",
        "zip:csv",
    ]
    assert drafts[0].body == seed_text.strip()
    assert drafts[1].body == "هەواڵێکی کورت"
    assert drafts[3].body == "ڕاپۆرتی لێژنەکە ئەمڕۆ بڵاو کرایەوە."
    refusals = {
        result.member.removeprefix("batch.zip/"): result.code
        for result in results
        if isinstance(result, Refusal)
    }
    assert refusals == {
        "tables/posts.csv#row 3": "bad_csv",
        "broken/photo.jpg": "unsupported_format",
        "broken/blank.txt": "empty",
        "broken/data.txt": "binary",
    }


def test_a_small_zip_that_expands_hugely_is_refused_as_a_bomb():
    archive = make_zip({"bomb.txt": b"\x00" * (15 * MIB)})  # under the 20 MB file limit, ~1000:1
    assert len(archive) < 100_000
    refusal = only_refusal("innocent.zip", archive)
    assert (refusal.member, refusal.code) == ("innocent.zip/bomb.txt", "zip_bomb")
    assert refusal.message_en.startswith("Refused as a possible zip bomb: this member expands 1")
    assert refusal.message_en.endswith("times its compressed size (the limit is 100 times).")
    assert "بۆمبی zip" in refusal.message_ckb


def test_a_zip_whose_total_would_expand_past_the_limit_is_refused_whole():
    members = {f"part{number}.txt": ("وشە " * 100_000).encode() for number in range(6)}
    refusal = only_refusal("many.zip", make_zip(members), Limits(max_total_uncompressed=3 * MIB))
    assert (refusal.member, refusal.code) == ("many.zip", "zip_bomb")
    assert refusal.message_en == "Refused as a possible zip bomb: the archive would expand to more than 3 MB."


def test_a_header_that_lies_about_the_size_never_expands_past_the_declared_size():
    archive = bytearray(make_zip({"liar.txt": b"\x00" * (15 * MIB)}))
    # Declare 1,000 bytes in both the local and the central header, so no size or ratio check fires.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.find(signature) + offset
        archive[at : at + 4] = struct.pack("<I", 1000)
    started = time.perf_counter()
    refusal = only_refusal("liar.zip", bytes(archive))
    assert time.perf_counter() - started < 2
    assert (refusal.member, refusal.code) == ("liar.zip/liar.txt", "bad_zip")
    assert (
        refusal.message_en
        == "This member of the zip archive is damaged (its checksum or compression is wrong)."
    )


def test_a_member_over_the_file_limit_is_refused_by_its_declared_size():
    refusal = only_refusal("big.zip", make_zip({"big.txt": b"a" * (2 * MIB)}), Limits(max_file_bytes=MIB))
    assert (refusal.member, refusal.code) == ("big.zip/big.txt", "too_large")


def test_path_traversal_and_absolute_members_are_refused_and_the_rest_read():
    archive = make_zip(
        {
            "../../etc/cron.d/evil.txt": "دەق".encode(),
            "ok/../../escape.txt": "دەق".encode(),
            "a\\..\\..\\windows.txt": "دەق".encode(),
            "/etc/passwd.txt": "دەق".encode(),
            "C:/Windows/win.txt": "دەق".encode(),
            "good.txt": "هەواڵی باش".encode(),
        }
    )
    results = read_all("upload.zip", archive)
    assert [(result.member, result.code) for result in results if isinstance(result, Refusal)] == [
        ("upload.zip/../../etc/cron.d/evil.txt", "path_traversal"),  # shown as written, never used as a path
        ("upload.zip/ok/../../escape.txt", "path_traversal"),
        ("upload.zip/a/../../windows.txt", "path_traversal"),
        ("upload.zip/etc/passwd.txt", "path_traversal"),
        ("upload.zip/C:/Windows/win.txt", "path_traversal"),
    ]
    assert results[0].message_en == "Refused: this member's path points outside the archive folder ('..')."
    assert results[3].message_en == "Refused: this member has an absolute path."
    assert [result.body for result in results if isinstance(result, Draft)] == ["هەواڵی باش"]


def test_symlinks_encrypted_members_and_nested_zips_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("locked.txt", b"\x8f\x1b\x00\x42" * 8)
        archive.writestr("inner.zip", make_zip({"deep.txt": "دەق".encode()}))
        archive.writestr("fine.txt", "دەقی باش".encode())
    results = read_all("outer.zip", _flag_encrypted(buffer.getvalue(), b"locked.txt"))
    assert [(result.member, getattr(result, "code", "draft")) for result in results] == [
        ("outer.zip/link.txt", "symlink"),
        ("outer.zip/locked.txt", "encrypted"),
        ("outer.zip/inner.zip", "nested_archive"),
        ("outer.zip/fine.txt", "draft"),
    ]
    assert results[0].message_en == "Refused: symbolic links inside archives are not allowed."
    assert (
        results[1].message_en == "Refused: this member is password-protected. Upload it without a password."
    )
    assert results[2].message_en.startswith("Refused: an archive inside an archive.")


def test_too_many_members_is_refused():
    archive = make_zip({f"{number}.txt": b"x" for number in range(6)})
    refusal = only_refusal("wide.zip", archive, Limits(max_zip_members=5))
    assert refusal.message_en == "The archive holds 6 files, more than the limit of 5."


def test_members_compressed_with_unbounded_methods_are_refused():
    refusal = only_refusal("b.zip", make_zip({"a.txt": "دەق".encode()}, compression=zipfile.ZIP_BZIP2))
    assert refusal.code == "unsupported_format"
    assert "compression method (12)" in refusal.message_en


def test_a_damaged_and_an_empty_zip_are_refused():
    damaged = only_refusal("cut.zip", make_zip({"a.txt": "دەق".encode() * 100})[:60])
    assert (damaged.code, damaged.message_en) == ("bad_zip", "The zip archive is damaged and cannot be read.")
    empty = only_refusal("empty.zip", make_zip({"__MACOSX/._x": b"junk", "folder/": b""}))
    assert (empty.code, empty.message_en) == ("empty", "The archive holds no files that could be articles.")


def _flag_encrypted(archive: bytes, name: bytes) -> bytes:
    """Set the "encrypted" bit of one member in its local and central headers (zipfile cannot write it)."""
    patched = bytearray(archive)
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = patched.find(signature)
        while at != -1:
            if patched[at + name_offset : at + name_offset + len(name)] == name:
                patched[at + flag_offset] |= 0x1
            at = patched.find(signature, at + 1)
    return bytes(patched)
