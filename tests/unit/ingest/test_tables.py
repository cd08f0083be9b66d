"""CSV and JSON Lines: column mapping, one refusal per bad row, raw-row hashes."""

from __future__ import annotations

import codecs
import hashlib
import json

from archive.ingest import Draft, Refusal

from .helpers import FIXTURES, read_all


def _posts_csv() -> list[Draft | Refusal]:
    return read_all("posts.csv", (FIXTURES / "posts.csv").read_bytes())


def test_csv_rows_become_drafts_with_mapped_columns():
    first = _posts_csv()[0]
    assert isinstance(first, Draft)
    assert first.title == "کۆنگرەیەکی رۆژنامەوانی لە بەغدا"
    assert (
        first.body
        == "لێژنەی لێکۆڵینەوە ئەمڕۆ یەکەم راپۆرتی خۆی ئاشکرا دەکات.\nراپۆرتەکە باسی هێرشە درۆنییەکە دەکات."
    )
    assert first.published == "2021-11-29T18:00:00"
    assert first.source == "هەواڵی نموونە"
    assert first.url == "https://news.example/1"
    assert first.format == "csv"
    assert first.member == "posts.csv#row 2"
    assert dict(first.extra) == {"likes": "12", "published_raw": "2021-11-29 18:00:00"}


def test_a_multi_line_row_is_hashed_from_its_own_raw_bytes():
    raw_lines = (FIXTURES / "posts.csv").read_bytes().split(b"\n")
    first_row = b"\n".join(raw_lines[1:3])  # the quoted body spans two physical lines
    assert _posts_csv()[0].original_sha256 == hashlib.sha256(first_row).hexdigest()


def test_a_row_without_title_gets_one_and_an_unknown_date_format_is_kept_as_written():
    second = _posts_csv()[1]
    assert isinstance(second, Draft)
    assert second.title == "وەزارەتی ناوخۆی عێراق هێرشەکەی ئاشکرا کرد"
    assert second.published == "29/11/2021"
    assert second.source is None
    assert second.member == "posts.csv#row 3"  # records as a spreadsheet numbers them, not physical lines


def test_bad_rows_are_refused_one_by_one_and_the_rest_imported():
    results = _posts_csv()
    assert [type(result).__name__ for result in results] == ["Draft", "Draft", "Refusal", "Refusal"]
    extra_field, empty_body = results[2], results[3]
    assert (extra_field.member, extra_field.code) == ("posts.csv#row 4", "bad_csv")
    assert extra_field.message_en == "This row has 7 fields but the header has 6."
    assert extra_field.message_ckb == "ئەم ڕیزە 7 خانەی هەیە بەڵام سەرپەڕەکە 6 خانەی هەیە."
    assert (empty_body.member, empty_body.code) == ("posts.csv#row 5", "empty")
    assert empty_body.message_en == "This entry has no article text (the body is empty)."


def test_a_csv_without_a_body_column_is_refused_whole():
    results = read_all("x.csv", "name,when\nئەحمەد,2021\n".encode())
    assert len(results) == 1
    assert results[0].code == "bad_csv"
    assert (
        results[0].message_en == "The table has no article text column: expected one of body, text, content."
    )


def test_csv_in_utf16_with_semicolons_is_read():
    text = "TITLE;Content;Date\nسەردێڕێک;دەقی هەواڵەکە;2022-01-05\n"
    results = read_all("export.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert len(results) == 1
    draft = results[0]
    assert (draft.title, draft.body, draft.published) == ("سەردێڕێک", "دەقی هەواڵەکە", "2022-01-05")
    assert (
        draft.original_sha256
        == hashlib.sha256("سەردێڕێک;دەقی هەواڵەکە;2022-01-05".encode("utf-16-le")).hexdigest()
    )


def test_tsv_files_use_tabs():
    results = read_all("x.tsv", "title\ttext\nسەردێڕ, بە کۆما\tدەق\n".encode())
    assert (results[0].title, results[0].body, results[0].format) == ("سەردێڕ, بە کۆما", "دەق", "tsv")


def test_an_unclosed_quote_is_refused_as_bad_csv():
    results = read_all("x.csv", 'title,body\nباش,دەقی باش\nخراپ,"دەقی بێ کۆتایی\n'.encode())
    assert isinstance(results[0], Draft)
    assert results[1].code == "bad_csv"
    assert results[1].message_en.startswith("This row is not valid CSV (")


def test_json_lines_map_columns_and_refuse_bad_lines():
    results = read_all("posts.jsonl", (FIXTURES / "posts.jsonl").read_bytes())
    first, second, broken, not_object = results
    assert isinstance(first, Draft)
    assert (first.title, first.published, first.source, first.url) == (
        "کۆبوونەوەی لێژنەکە دواخرا",
        "2021-12-01",
        "هەواڵی نموونە",
        "https://news.example/5",
    )
    assert first.body == "کۆبوونەوەی لێژنەی لێکۆڵینەوە بۆ هەفتەی داهاتوو دواخرا."
    assert dict(first.extra) == {"likes": "40"}
    assert first.member == "posts.jsonl#line 1"
    line_one = (FIXTURES / "posts.jsonl").read_bytes().split(b"\n")[0]
    assert first.original_sha256 == hashlib.sha256(line_one).hexdigest()
    # Upper-case keys, an ISO time with Z, and the outlet from a Facebook post URL.
    assert (second.body, second.published, second.source) == (
        "قاسم ئەعرەجی کۆنگرەیەکی رۆژنامەوانی سازدەکات.",
        "2021-12-02T09:15:00+00:00",
        "Rudaw",
    )
    assert second.url == "https://facebook.com/Rudaw.net/posts/1"
    assert (broken.member, broken.code) == ("posts.jsonl#line 4", "bad_json")
    assert broken.message_en.startswith("This line is not valid JSON (")
    assert (not_object.member, not_object.code) == ("posts.jsonl#line 5", "bad_json")
    assert not_object.message_en == "This entry is not a JSON object with named fields."


def test_a_json_array_file_gives_one_draft_per_item():
    items = [{"title": "یەک", "text": "دەقی یەک"}, {"title": "دوو", "text": "دەقی دوو"}]
    results = read_all("export.json", json.dumps(items, ensure_ascii=False).encode())
    assert [(draft.title, draft.member) for draft in results] == [
        ("یەک", "export.json#item 1"),
        ("دوو", "export.json#item 2"),
    ]


def test_a_line_separator_inside_a_json_string_does_not_split_the_line():
    line = json.dumps({"text": "یەکەم\u2028دووەم"}, ensure_ascii=False)
    results = read_all("x.jsonl", line.encode())
    assert len(results) == 1
    assert results[0].body == "یەکەم\u2028دووەم"
