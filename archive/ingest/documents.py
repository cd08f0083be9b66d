"""Word .docx files via python-docx: paragraphs (and table cells) in document order.

The title is the document's Title property, else a leading paragraph styled Title or Heading 1,
else inferred from the text. The file's "created" date is not a publication date, so it goes
to ``extra`` only.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .archives import check_container
from .drafts import Draft, Limits, Refusal, frozen_extra
from .messages import body_problem, refuse
from .titles import infer_title

_TITLE_STYLES = frozenset({"title", "heading 1"})


def read_docx(data: bytes, *, member: str, fmt: str, limits: Limits) -> Iterator[Draft | Refusal]:
    # python-docx unpacks every part into memory, so the container gets the zip checks first.
    problem = check_container(data, member, limits)
    if problem is not None:
        yield refuse(member, "bad_docx", "bad_docx") if problem.code == "bad_zip" else problem
        return
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        yield refuse(member, "bad_docx", "bad_docx")
        return
    blocks = list(_blocks(document.iter_inner_content()))
    heading = ""
    if blocks and blocks[0][1] in _TITLE_STYLES:
        heading = blocks.pop(0)[0]
    body = "\n\n".join(text for text, _ in blocks).strip()
    problem = body_problem(member, body, limits.max_body_chars)
    if problem:
        yield problem
        return
    properties = document.core_properties
    extra = {}
    if properties.author:
        extra["author"] = properties.author
    if properties.created:
        extra["docx_created"] = properties.created.isoformat()
    title = (properties.title or "").strip() or heading or infer_title(body)
    yield Draft(
        title=" ".join(title.split()),
        body=body,
        published=None,
        source=None,
        url=None,
        format=fmt,
        member=member,
        original_sha256=hashlib.sha256(data).hexdigest(),
        extra=frozen_extra(extra),
    )


def _blocks(items: Iterator[Paragraph | Table]) -> Iterator[tuple[str, str]]:
    """(text, lower-case style name) for each non-empty paragraph; table rows as tab-joined cells."""
    for item in items:
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                style = (item.style.name if item.style is not None else "") or ""
                yield text, style.lower()
        else:
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if any(cells):
                    yield "\t".join(cells), "table"
