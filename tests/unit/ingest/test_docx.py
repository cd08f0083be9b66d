"""Word .docx files, made in the test with python-docx."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import docx

from archive.ingest import Limits

from .helpers import only_draft, only_refusal

LEDE = (
    "بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١، لێژنەی لێکۆڵینەوە یەکەم راپۆرتی خۆی بخاتەڕوو."
)
SECOND = "بەپێی زانیارییەکان قاسم ئەعرەجی کۆنگرەیەکی رۆژنامەوانی سازدەکات."


def _docx(*, heading: str | None = None, title_property: str = "", with_table: bool = False) -> bytes:
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    document.add_paragraph(LEDE)
    document.add_paragraph("")
    document.add_paragraph(SECOND)
    if with_table:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "شار"
        table.rows[0].cells[1].text = "بەغدا"
    document.core_properties.title = title_property
    document.core_properties.author = "دەستەی نووسەران"
    document.core_properties.created = dt.datetime(2021, 11, 29, 17, 0, tzinfo=dt.UTC)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_become_the_body_and_the_title_is_inferred():
    data = _docx()
    draft = only_draft("هەواڵ.docx", data)
    assert draft.body == f"{LEDE}\n\n{SECOND}"
    assert (
        draft.title
        == "بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١، لێژنەی لێکۆڵینەوە یەکەم راپۆرتی خۆی بخاتەڕوو"
    )
    assert draft.format == "docx"
    assert draft.published is None  # the file's creation date is not a publication date
    assert draft.extra["docx_created"] == "2021-11-29T17:00:00+00:00"
    assert draft.extra["author"] == "دەستەی نووسەران"
    assert draft.original_sha256 == hashlib.sha256(data).hexdigest()


def test_a_heading_paragraph_is_the_title_and_not_the_body():
    draft = only_draft("a.docx", _docx(heading="لێژنەی لێکۆڵینەوە ڕاپۆرت دەدات"))
    assert draft.title == "لێژنەی لێکۆڵینەوە ڕاپۆرت دەدات"
    assert draft.body.startswith(LEDE)


def test_the_title_property_wins():
    draft = only_draft("a.docx", _docx(heading="سەردێڕی ناو دەق", title_property="سەردێڕی بەڵگەنامە"))
    assert draft.title == "سەردێڕی بەڵگەنامە"


def test_table_cells_are_kept_in_the_body():
    assert only_draft("a.docx", _docx(with_table=True)).body.endswith("شار\tبەغدا")


def test_a_damaged_docx_is_refused():
    refusal = only_refusal("broken.docx", b"this is not a word file")
    assert refusal.code == "bad_docx"
    assert refusal.message_en == "The Word document is damaged and cannot be read."
    assert refusal.message_ckb == "بەڵگەنامەی Word ەکە تێکچووە و ناخوێندرێتەوە."


def test_a_docx_whose_parts_expand_hugely_is_refused_before_python_docx_opens_it():
    data = _docx()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/media/padding.bin", b"\x00" * (4 * 1024 * 1024))
    refusal = only_refusal("bomb.docx", buffer.getvalue(), Limits(max_zip_ratio=100))
    assert refusal.code == "zip_bomb"
    assert refusal.member == "bomb.docx"
