"""Whatever the bytes, read_upload answers with drafts and known refusals, never an exception."""

from __future__ import annotations

import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest import Draft, Limits, Refusal
from archive.ingest.messages import MESSAGES

from .helpers import make_zip, only_refusal, read_all

KNOWN_CODES = {code for code, _ in MESSAGES} - {"unreadable"}  # "unreadable" would mean a reader bug
NAMES = st.sampled_from(["a.txt", "a.csv", "a.tsv", "a.jsonl", "a.json", "a.html", "a.docx", "a.zip", "a"])
SMALL = Limits(max_file_bytes=64 * 1024, max_upload_bytes=256 * 1024, max_body_chars=10_000)


def _check(results: list[Draft | Refusal]) -> None:
    for result in results:
        if isinstance(result, Refusal):
            assert result.code in KNOWN_CODES, result
            assert result.message_en and result.message_ckb
        else:
            assert isinstance(result, Draft)
            assert result.body.strip() == result.body and result.body
            assert len(result.title) <= 120 or result.format.endswith(
                ("csv", "tsv", "json", "jsonl", "html", "docx")
            )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, data=st.binary(max_size=2048))
def test_random_bytes(name, data):
    _check(read_all(name, data, SMALL))


@settings(max_examples=200, deadline=None)
@given(
    name=NAMES,
    text=st.text(max_size=500),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1256"]),
)
def test_random_text_in_each_encoding(name, text, encoding):
    data = text.encode(encoding, errors="replace")
    _check(read_all(name, data, SMALL))


@settings(max_examples=100, deadline=None)
@given(
    members=st.dictionaries(
        st.sampled_from(["x.txt", "d/y.csv", "z.jsonl", "w.html", "e.zip"]), st.binary(max_size=300)
    )
)
def test_random_zip_members(members):
    _check(read_all("batch.zip", make_zip(members), SMALL))


def test_opendocument_and_excel_files_are_named_in_the_refusal():
    odt = make_zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, zipfile.ZIP_STORED
    )
    assert "OpenDocument file" in only_refusal("a.odt", odt).message_en
    xlsx = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert "Excel workbook" in only_refusal("a.xlsx", xlsx).message_en
