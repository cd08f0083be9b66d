"""CSV and JSON Lines: one draft per row, a refusal for a bad row only.

Columns are matched case-insensitively by name (title, body|text|content, published|date|time,
source|outlet, url|link); every other non-empty column goes to ``extra``. When there is no source
column the outlet is read from the post or article URL (facebook.com/naliatv/... -> NRT).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime

from .drafts import Draft, Limits, Refusal, frozen_extra
from .messages import body_problem, refuse
from .outlets import outlet_from_url
from .titles import infer_title

# Field -> accepted column names, in order of preference.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "ناونیشان", "سەردێڕ"),
    "body": ("body", "text", "content", "article", "دەق", "ناوەڕۆک"),
    "published": ("published", "date", "time", "published_at", "datepublished", "publish_date", "بەروار"),
    "source": ("source", "outlet", "publisher", "site_name", "سەرچاوە"),
    "url": ("url", "link", "post_url", "permalink", "بەستەر"),
}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_URL_FOR_OUTLET = ("post_url", "url", "link", "permalink")


def read_csv(text: str, encoding: str, *, member: str, fmt: str, limits: Limits) -> Iterator[Draft | Refusal]:
    """Rows of a CSV (or TSV) file; ``member`` is the file's display name, rows become ``member#row N``."""
    _allow_long_fields(limits)
    lines = _RecordingLines(text)
    reader = csv.reader(lines, delimiter=_delimiter(text, fmt), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield refuse(member, "empty", "no_text")
        return
    except csv.Error as error:
        yield refuse(member, "bad_csv", "syntax", detail=str(error))
        return
    names = [name.strip().lstrip("\ufeff").lower() for name in header]
    if _pick(names, "body") is None:
        yield refuse(member, "bad_csv", "no_body_column", expected=", ".join(COLUMNS["body"][:3]))
        return
    row_number = 1  # the header is row 1, as a spreadsheet shows it
    while True:
        row_number += 1
        lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield refuse(f"{member}#row {row_number}", "bad_csv", "syntax", detail=str(error))
            continue
        if not any(cell.strip() for cell in row):
            continue
        row_member = f"{member}#row {row_number}"
        if len(row) != len(names):
            yield refuse(row_member, "bad_csv", "field_count", found=len(row), expected=len(names))
            continue
        raw = lines.record().encode(encoding.removesuffix("-sig"))
        yield draft_from_fields(
            dict(zip(names, row, strict=True)), raw, member=row_member, fmt=fmt, limits=limits
        )


def read_jsonl(
    text: str, encoding: str, *, member: str, fmt: str, limits: Limits
) -> Iterator[Draft | Refusal]:
    """One JSON object per line; blank lines are skipped, rows become ``member#line N``."""
    for number, line in enumerate(physical_lines(text), start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        line_member = f"{member}#line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield refuse(line_member, "bad_json", "syntax", detail=f"{error.msg}, column {error.colno}")
            continue
        yield _draft_from_json(value, line.encode(encoding.removesuffix("-sig")), line_member, fmt, limits)


def read_json(
    text: str, encoding: str, *, member: str, fmt: str, limits: Limits
) -> Iterator[Draft | Refusal]:
    """A JSON file holding one object or a list of objects; items become ``member#item N``."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield refuse(member, "bad_json", "syntax", detail=f"{error.msg}, line {error.lineno}")
        return
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, start=1):
        item_member = f"{member}#item {number}" if isinstance(value, list) else member
        raw = json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8")
        yield _draft_from_json(item, raw, item_member, fmt, limits)


def draft_from_fields(
    fields: Mapping[str, str], raw: bytes, *, member: str, fmt: str, limits: Limits
) -> Draft | Refusal:
    """A draft from one row whose column names are already lower case."""
    taken = {field: _first_filled(fields, field) for field in COLUMNS}
    value = {field: (fields[column].strip() if column else "") for field, column in taken.items()}
    body = _clean_body(value["body"])
    problem = body_problem(member, body, limits.max_body_chars, "no_body")
    if problem:
        return problem
    extra = {
        name: cell.strip() for name, cell in fields.items() if name not in taken.values() and cell.strip()
    }
    published = _iso_or_raw(value["published"]) if value["published"] else None
    if published is not None and published != value["published"]:
        extra["published_raw"] = value["published"]
    url = value["url"] or None
    source = value["source"] or _outlet_from_columns(fields)
    return Draft(
        title=" ".join(value["title"].split()) or infer_title(body),
        body=body,
        published=published,
        source=source,
        url=url,
        format=fmt,
        member=member,
        original_sha256=hashlib.sha256(raw).hexdigest(),
        extra=frozen_extra(extra),
    )


def _draft_from_json(value: object, raw: bytes, member: str, fmt: str, limits: Limits) -> Draft | Refusal:
    if not isinstance(value, dict):
        return refuse(member, "bad_json", "not_object")
    fields = {str(key).strip().lower(): _as_text(cell) for key, cell in value.items()}
    return draft_from_fields(fields, raw, member=member, fmt=fmt, limits=limits)


def _as_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool | int | float):
        return json.dumps(cell)
    return json.dumps(cell, ensure_ascii=False, sort_keys=True)


def _pick(names: Iterable[str], field: str) -> str | None:
    present = set(names)
    return next((name for name in COLUMNS[field] if name in present), None)


def _first_filled(fields: Mapping[str, str], field: str) -> str | None:
    """The first accepted column for ``field`` that has a value in this row (link, else post_url)."""
    return next((name for name in COLUMNS[field] if fields.get(name, "").strip()), None)


def _outlet_from_columns(fields: Mapping[str, str]) -> str | None:
    for column in _URL_FOR_OUTLET:
        outlet = outlet_from_url(fields.get(column))
        if outlet:
            return outlet
    return None


def _iso_or_raw(value: str) -> str:
    """ISO 8601 when the value is a date or date-time Python can read, else the value as found.

    >>> _iso_or_raw("2021-02-25 03:59:54"), _iso_or_raw("2021-02-25"), _iso_or_raw("٢٩ - ١١ - ٢٠٢١")
    ('2021-02-25T03:59:54', '2021-02-25', '٢٩ - ١١ - ٢٠٢١')
    """
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return value


def _clean_body(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def _delimiter(text: str, fmt: str) -> str:
    if fmt.endswith("tsv"):
        return "\t"
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in ",;\t"}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


def _allow_long_fields(limits: Limits) -> None:
    # csv's default field limit (128 KiB) is below our article limit; the setting is process-wide
    # and only ever raised here.
    wanted = limits.max_body_chars * 4 + 1
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def physical_lines(text: str) -> Iterator[str]:
    """Lines with their endings, split at \\n, \\r\\n or \\r only (str.splitlines also splits at
    U+2028 and other separators that may sit inside a quoted field or a JSON string)."""
    return (match.group() for match in _LINE.finditer(text))


class _RecordingLines:
    """Feeds lines to csv.reader and remembers those of the current record, to hash its raw bytes."""

    def __init__(self, text: str) -> None:
        self._lines = physical_lines(text)
        self._current: list[str] = []

    def __iter__(self) -> _RecordingLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._current.append(line)
        return line

    def start_record(self) -> None:
        self._current = []

    def record(self) -> str:
        return "".join(self._current).rstrip("\r\n")
