"""Turning uploaded bytes into article drafts (pure Python; the Django service lives beside it).

>>> from archive.ingest import read_upload
>>> [draft.title for draft in read_upload("هەواڵ.txt", "ئاگرێکی گەورە کەوتەوە".encode())]
['ئاگرێکی گەورە کەوتەوە']
"""

from .decode import DecodeRefused, decode_text
from .drafts import Draft, Limits, Refusal
from .readers import read_upload
from .titles import infer_title

__all__ = ["DecodeRefused", "Draft", "Limits", "Refusal", "decode_text", "infer_title", "read_upload"]
