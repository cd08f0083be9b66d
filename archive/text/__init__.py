"""Sorani text analysis: normalise, tokenise with source offsets, split proclitics, stem, highlight.

Pure Python (stdlib + ``regex``), used for documents and queries alike. Store ``VERSION`` with every
indexed article; it changes whenever any output of this package can change.

- ``analyze(text)`` yields ``Token(start, end, surface, terms, position)``: offsets index the untouched
  input; ``terms`` holds the main term first and, when a word has several readings, the others after
  it at the same position (لەبەغدا → ("بەغدا",); ئاشکرایکرد → ("ئاشکراکردن", "ئاشکرا"); an unseen name
  زێلێنسکیش → ("زێلێنسکی", "زێلێنسک")). A query should match any of a token's terms.
- Stopwords keep their token but have no terms and do not advance ``position``, so «لە بەغدا» and
  «لەبەغدا» give بەغدا the same position relative to its neighbours.
- ``terms``, ``stem``, ``normalize``, ``highlight`` and ``STOPWORDS`` are the conveniences around it;
  ``python -m archive.text analyze|stem|normalize`` is the command line.
"""

from __future__ import annotations

from archive.text.analyze import Token, analyze, highlight, terms
from archive.text.normalize import normalize
from archive.text.stopwords import STOPWORDS
from archive.text.version import VERSION


def stem(word: str) -> str:
    """One already tokenised word to its main index term: ``stem("هێرشەکەی") == "هێرش"``."""
    from archive.text.analyze import word_terms

    found = word_terms(word.strip())
    return found[0] if found else normalize(word.strip())


__all__ = ["STOPWORDS", "VERSION", "Token", "analyze", "highlight", "normalize", "stem", "terms"]
