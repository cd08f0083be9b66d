"""The search box language, parsed in plain Python into a small tree of frozen dataclasses.

``parse_query('کازمی "مستەفا کازمی" from:2021-11-01')`` gives a :class:`Query` whose ``tree`` is
``And((Term("کازمی"), Phrase(("مستەفا", "کازمی"))))`` and whose ``date_from`` is 1 November 2021.

Syntax (what a reader of the help page is told):

- words are ANDed: ``کازمی بەغدا``; ``AND`` and ``&`` may be written but change nothing;
- phrases in ``"…"``, ``«…»`` or ``“…”``: ``«سەرۆکی هەرێمی کوردستان»``;
- ``OR`` (upper case) or ``|`` between alternatives: ``بەغدا OR هەولێر``. OR binds tighter than the
  implicit AND, as in web search engines: ``کازمی بەغدا OR هەولێر`` = کازمی AND (بەغدا OR هەولێر).
  The Kurdish «یان» is deliberately *not* an operator: it is also an ordinary word and a suffix;
- ``-word``, ``-"phrase"``, ``-(…)`` or ``NOT word`` exclude;
- ``word*`` (or tsquery's ``word:*``) searches a prefix of at least two letters, normalised but not stemmed;
- parentheses group: ``(بەغدا OR هەولێر) -هێرش``;
- filters, always applied to the whole search: ``person:`` ``place:`` ``org:`` ``source:`` (Kurdish
  ``کەس:`` ``شوێن:`` ``ڕێکخراو:`` ``سەرچاوە:``; also people/location/organisation/outlet), values may
  be quoted: ``person:"مستەفا کازمی"``, and may follow a space: ``person: کازمی``;
- dates: ``from:2021-11-01`` ``to:2021-11-30`` ``date:2021-11`` (whole month) ``date:2021`` (whole year)
  ``date:2021-11-07`` (one day) ``date:2021-11-01..2021-11-15`` ``date:2019–2021``; ASCII, ٠-٩ or ۰-۹
  digits; ISO or day first (``7/11/2021``; month first only when day first is impossible); ``since:``
  and ``until:`` too. Several date filters intersect; contradicting ones search the span they cover. Kurdish ``ڕێکەوت:``/``بەروار:`` = date, ``لە:`` = from, ``بۆ:``/``تا:`` = to —
  these three are also everyday words, so they only act as filters when a date follows them.
- Kurdish punctuation (، ؛ ؟ ۔) separates words; control and invisible format characters are removed
  (ZWNJ is kept: ``normalize`` reads ه + ZWNJ as ە).

Nothing here raises on user input: whatever cannot be understood is dropped with a :class:`Message`
in ``Query.errors`` (the user did something we could not use) or ``Query.notes`` (we adjusted it).
The analyzer (``archive.text.analyze``) is only used to drop words that have nothing searchable in them
(stopwords such as «لە», lone symbols), so an empty ``tree`` means "nothing to search".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from archive.text import Token, analyze, normalize

MAX_QUERY_CHARS = 2000
MAX_TERMS = 32
MAX_WORD_CHARS = 64
MAX_FILTER_VALUE_CHARS = 200
MAX_DEPTH = 8
MIN_PREFIX_CHARS = 2
MIN_YEAR, MAX_YEAR = 1800, 2199


# ---------------------------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class Term:
    """One word as the user typed it: ``Term("هێرشەکەی")``, or ``Term("کوردست", prefix=True)`` for ``کوردست*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order: ``Phrase(("مستەفا", "کازمی"))`` for ``«مستەفا کازمی»``."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """An exclusion; after parsing it only ever appears as a child of :class:`And` beside a positive part."""

    child: Node


type Node = Term | Phrase | And | Or | Not


@dataclass(frozen=True)
class Message:
    """A message for the search page, in Sorani and English; ``code`` is stable for code and tests."""

    code: str
    ckb: str
    en: str

    def __str__(self) -> str:
        return f"{self.ckb} — {self.en}"


@dataclass(frozen=True)
class Query:
    """A parsed search: the text tree plus filters that always apply to the whole search.

    Filter values are kept raw (quotes removed, order kept, duplicates dropped); matching them to entity
    names, aliases and spellings is the database side's job. ``date_from``/``date_to`` are inclusive.
    """

    text: str
    tree: Node | None = None
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    errors: tuple[Message, ...] = ()
    notes: tuple[Message, ...] = ()

    @property
    def has_filters(self) -> bool:
        return bool(self.people or self.places or self.orgs or self.sources or self.date_from or self.date_to)

    @property
    def is_empty(self) -> bool:
        """True when there is neither a text tree nor any filter: show the help, not results."""
        return self.tree is None and not self.has_filters

    @property
    def messages(self) -> tuple[Message, ...]:
        return self.errors + self.notes


# ------------------------------------------------------------------------------------------ messages


# Every message the parser can give, by code: (Sorani, English) templates filled with str.format.
# One table so a Sorani reviewer can read and fix them all in one place.
_MESSAGES: dict[str, tuple[str, str]] = {
    "query_too_long": (
        "پرسیارەکە زۆر درێژ بوو و کورت کرایەوە.",
        "The query was too long and was shortened.",
    ),
    "unbalanced_quote": (
        "نیشانەی وتەیەک دانەخرابوو؛ لە کۆتاییدا داخرا.",
        "A quotation mark was not closed; closed it at the end.",
    ),
    "unbalanced_paren": (
        "کەوانەیەک دانەخرابوو؛ لە کۆتاییدا داخرا.",
        "A parenthesis was not closed; closed it at the end.",
    ),
    "extra_paren": (
        "کەوانەیەکی داخستنی زیادە پشتگوێ خرا.",
        "An extra closing parenthesis was ignored.",
    ),
    "too_deep": (
        "کەوانەکان زۆر لەناو یەکتردا بوون؛ ئەوانەی ناوەوە پشتگوێ خران.",
        "Parentheses were nested too deeply; the inner ones were ignored.",
    ),
    "word_too_long": (
        "وشەیەکی درێژتر لە {limit} پیت پشتگوێ خرا.",
        "A word longer than {limit} characters was ignored.",
    ),
    "prefix_too_short": (
        "«{text}*» زۆر کورتە بۆ گەڕان بە سەرەتای وشە؛ وەک وشەیەکی تەواو گەڕا.",
        "“{text}*” is too short for a prefix search; searched as a whole word.",
    ),
    "dangling_operator": (
        "«{operator}» وشەی لە هەردوو لای نەبوو؛ پشتگوێ خرا.",
        "“{operator}” without a word on both sides was ignored.",
    ),
    "exclusion_in_or": (
        "لابردن (-) لەناو OR پشتگوێ خرا.",
        "An exclusion (-word) inside OR was ignored.",
    ),
    "too_many_terms": (
        "تەنها بۆ یەکەم {limit} وشە گەڕا.",
        "Only the first {limit} words were searched.",
    ),
    "unsearchable_words": (
        "{words}: زۆر باون یان پیتیان تێدا نییە؛ گەڕانیان بۆ ناکرێت.",
        "{words_en}: too common or without letters; not searched.",
    ),
    "only_exclusions": (
        "تەنها وشەی لابراو (-) نووسراوە؛ لانیکەم وشەیەک بنووسە کە دەتەوێت هەبێت.",
        "The search only excludes words (-word); add at least one word to look for.",
    ),
    "only_stopwords": (
        "هیچ وشەیەکی گەڕان نەما؛ وشەیەکی تایبەتتر بنووسە، بۆ نموونە ناوێک یان شوێنێک.",
        "Nothing searchable is left; try a more specific word, such as a name or a place.",
    ),
    "filter_without_value": (
        "«{alias}:» بەهای نییە؛ پشتگوێ خرا.",
        "“{alias}:” has no value; ignored.",
    ),
    "filter_value_too_long": (
        "بەهای «{alias}:» زۆر درێژە؛ پشتگوێ خرا.",
        "The value of “{alias}:” is too long; ignored.",
    ),
    "negated_filter": (
        "لابردنی «{alias}:» پشتگیری ناکرێت؛ پشتگوێ خرا.",
        "Excluding a filter (-{alias}:) is not supported; ignored.",
    ),
    "filter_in_or": (
        "فلتەرەکان (person:، date: …) هەمیشە بۆ هەموو گەڕانەکەن، نەک بۆ لایەکی OR.",
        "Filters (person:, date: …) always apply to the whole search, not to one side of OR.",
    ),
    "bad_date": (
        "ڕێکەوتی «{value}» نەناسرایەوە و پشتگوێ خرا.",
        "Could not understand the date “{value}”; ignored.",
    ),
    "month_first_date": (
        "«{value}» وەک مانگ/ڕۆژ/ساڵ خوێندرایەوە.",
        "Read “{value}” as month/day/year.",
    ),
    "dates_contradict": (
        "ڕێکەوتەکان یەکتریان ناگرتەوە؛ بۆ هەموو ماوەکە گەڕا.",
        "The dates contradicted each other; searched the whole span they cover.",
    ),
}


def _msg(code: str, **values: object) -> Message:
    ckb, en = _MESSAGES[code]
    return Message(code, ckb.format(**values), en.format(**values))


# ------------------------------------------------------------------------------------------ cleaning

_ZWNJ = "\u200c"


def clean_query_text(text: str) -> str:
    """Drop control, surrogate and invisible format characters; every kind of space becomes ' '.

    ZWNJ stays because ``normalize`` reads ه + ZWNJ as ە («مه‌سرور» → «مەسرور»).
    """
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            out.append(" ")
        elif category in ("Cc", "Cs") or (category == "Cf" and char != _ZWNJ):
            continue
        else:
            out.append(char)
    return "".join(out)


# ------------------------------------------------------------------------------------------- lexing

# Word separators besides spaces: Kurdish/Arabic comma, semicolon, question mark, full stop, and Latin ones.
_SEPARATORS = frozenset(" ،؛؟۔,;?!") | frozenset("»”")  # a closing quote with no opener is just a separator
_QUOTE_CLOSERS = {
    '"': frozenset('"”“'),
    "«": frozenset("»"),
    "“": frozenset('”"“'),
    "„": frozenset('“”"'),
}
_DASHES = frozenset("-−")
_STOP_WORD_RUN = _SEPARATORS | frozenset(_QUOTE_CLOSERS) | frozenset("()|&")

_FIELD_ALIASES: dict[str, str] = {
    "person": "people",
    "people": "people",
    "کەس": "people",
    "کەسایەتی": "people",
    "place": "places",
    "places": "places",
    "location": "places",
    "شوێن": "places",
    "org": "orgs",
    "orgs": "orgs",
    "organisation": "orgs",
    "organization": "orgs",
    "ڕێکخراو": "orgs",
    "source": "sources",
    "sources": "sources",
    "outlet": "sources",
    "سەرچاوە": "sources",
    "from": "from",
    "since": "from",
    "لە": "from",
    "to": "to",
    "until": "to",
    "بۆ": "to",
    "تا": "to",
    "date": "date",
    "ڕێکەوت": "date",
    "بەروار": "date",
}
# Everyday words: only a filter when a date follows, otherwise the token is searched as text.
_DATE_ALIASES_NEEDING_A_DATE = frozenset({"لە", "بۆ", "تا"})
_DATE_FIELDS = frozenset({"from", "to", "date"})


def _fold_field_name(name: str) -> str:
    """``رێكخراو`` → ``ڕێکخراو``, ``Person`` → ``person``: spellings people really type for field names."""
    return normalize(name).casefold()


type TokenKind = Literal["word", "phrase", "or", "and", "not", "(", ")"]


@dataclass(frozen=True)
class _Token:
    kind: TokenKind
    text: str = ""
    words: tuple[str, ...] = ()
    negated: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class _Filter:
    name: str  # people | places | orgs | sources | from | to | date
    alias: str  # as typed, for messages
    value: str


@dataclass
class _Messages:
    errors: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def error(self, message: Message) -> None:
        self._add(self.errors, message)

    def note(self, message: Message) -> None:
        self._add(self.notes, message)

    def _add(self, bucket: list[Message], message: Message) -> None:
        key = (message.code, message.en)
        if key not in self._seen:
            self._seen.add(key)
            bucket.append(message)


def _split_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char in _SEPARATORS:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return tuple(words)


class _Lexer:
    """Turns cleaned query text into tokens, pulling filters out as it goes."""

    def __init__(self, text: str, messages: _Messages) -> None:
        self.text = text
        self.i = 0
        self.messages = messages
        self.tokens: list[_Token] = []
        self.filters: list[_Filter] = []
        self.depth = 0
        self.dropped_parens = 0

    def run(self) -> None:
        text, n = self.text, len(self.text)
        while self.i < n:
            char = text[self.i]
            if char in _SEPARATORS:
                self.i += 1
                continue
            negated = False
            while self.i < n and text[self.i] in _DASHES:
                negated = True
                self.i += 1
            if self.i >= n:
                break
            char = text[self.i]
            if char in _SEPARATORS:
                continue  # a lone dash between words: «کازمی - بەغدا»
            if char in _QUOTE_CLOSERS:
                self.tokens.append(_Token("phrase", words=self._read_quoted(), negated=negated))
            elif char == "(":
                self.i += 1
                self._open_paren(negated)
            elif char == ")":
                self.i += 1
                self._close_paren()
            elif char == "|":
                self.i += 1
                self.tokens.append(_Token("or", "|"))
            elif char == "&":
                self.i += 1
                self.tokens.append(_Token("and", "&"))
            else:
                self._word_or_filter(self._read_run(), negated)
        if self.depth:
            self.messages.note(_msg("unbalanced_paren"))

    def _read_run(self) -> str:
        start, text, n = self.i, self.text, len(self.text)
        while self.i < n and text[self.i] not in _STOP_WORD_RUN:
            self.i += 1
        return text[start : self.i]

    def _read_quoted(self) -> tuple[str, ...]:
        closers = _QUOTE_CLOSERS[self.text[self.i]]
        self.i += 1
        start, text, n = self.i, self.text, len(self.text)
        while self.i < n and text[self.i] not in closers:
            self.i += 1
        inside = text[start : self.i]
        if self.i < n:
            self.i += 1  # the closing quote
        else:
            self.messages.note(_msg("unbalanced_quote"))
        words = _split_words(inside)
        if any(len(word) > MAX_WORD_CHARS for word in words):
            self._word_too_long()
            words = tuple(word for word in words if len(word) <= MAX_WORD_CHARS)
        return words

    def _word_too_long(self) -> None:
        self.messages.note(_msg("word_too_long", limit=MAX_WORD_CHARS))

    def _open_paren(self, negated: bool) -> None:
        if self.depth >= MAX_DEPTH or self.dropped_parens:
            self.dropped_parens += 1
            self.messages.note(_msg("too_deep"))
            return
        self.depth += 1
        self.tokens.append(_Token("(", negated=negated))

    def _close_paren(self) -> None:
        if self.dropped_parens:
            self.dropped_parens -= 1
        elif self.depth:
            self.depth -= 1
            self.tokens.append(_Token(")"))
        else:
            self.messages.note(_msg("extra_paren"))

    def _word_or_filter(self, run: str, negated: bool) -> None:
        if not negated and run in ("OR", "||"):
            self.tokens.append(_Token("or", run))
            return
        if not negated and run in ("AND", "&&"):
            self.tokens.append(_Token("and", run))
            return
        if not negated and run == "NOT":
            self.tokens.append(_Token("not", run))
            return
        colon = run.find(":")
        if colon > 0:
            alias = run[:colon]
            name = _FIELD_ALIASES.get(_fold_field_name(alias))
            if name is not None and self._filter(name, alias, run, run[colon + 1 :], negated):
                return
        self._word(run, negated)

    def _word(self, run: str, negated: bool) -> None:
        text = run.rstrip("*").lstrip("*")
        prefix = len(text) < len(run.lstrip("*"))
        if not text:
            return
        if len(text) > MAX_WORD_CHARS:
            self._word_too_long()
            return
        if prefix and sum(ch.isalnum() for ch in text) < MIN_PREFIX_CHARS:
            prefix = False
            if any(ch.isalnum() for ch in text):
                self.messages.note(_msg("prefix_too_short", text=text))
        self.tokens.append(_Token("word", text, negated=negated, prefix=prefix))

    def _filter(self, name: str, alias: str, run: str, value: str, negated: bool) -> bool:
        """Record a filter; False means "not a filter after all, search the token as words"."""
        start = self.i
        if not value:
            value = self._lenient_value()
            if value and name in _DATE_FIELDS and parse_date_period(value) is None:
                self.i, value = start, ""  # «to: هەولێر»: the next word is not this filter's value
        needs_date = _fold_field_name(alias) in _DATE_ALIASES_NEEDING_A_DATE
        if needs_date and (negated or not value or parse_date_period(value) is None):
            self.i = start
            return False
        if negated:
            self.messages.error(_msg("negated_filter", alias=alias))
        elif not value:
            self.messages.error(_msg("filter_without_value", alias=alias))
        elif len(value) > MAX_FILTER_VALUE_CHARS:
            self.messages.error(_msg("filter_value_too_long", alias=alias))
        else:
            self.filters.append(_Filter(name, alias, value))
            self.tokens.append(_Token("and", "filter"))  # marks where a filter stood, for the OR check
        return True

    def _lenient_value(self) -> str:
        """The value right after ``person:``, also after a space (``person: کازمی``), quoted or not."""
        text, n = self.text, len(self.text)
        while self.i < n and text[self.i] == " ":
            self.i += 1
        if self.i >= n:
            return ""
        if text[self.i] in _QUOTE_CLOSERS:
            return " ".join(self._read_quoted())
        start = self.i
        run = self._read_run()
        if not run or run in ("OR", "AND", "NOT", "||", "&&") or ":" in run.lstrip(":"):
            self.i = start  # an operator or another filter: this filter has no value
            return ""
        return run


# ------------------------------------------------------------------------------------------ parsing


class _Parser:
    """Recursive descent over lexer tokens: sequence (implicit AND) > OR > NOT > atom."""

    def __init__(self, tokens: list[_Token], messages: _Messages) -> None:
        self.tokens = tokens
        self.pos = 0
        self.messages = messages

    def parse(self) -> list[Node]:
        return self._sequence(in_group=False)

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _dangling(self, operator: str) -> None:
        self.messages.note(_msg("dangling_operator", operator=operator))

    def _sequence(self, *, in_group: bool) -> list[Node]:
        children: list[Node] = []
        while (token := self._peek()) is not None:
            if token.kind == ")":
                self.pos += 1
                if in_group:
                    return children
                continue
            if token.kind == "and":
                self.pos += 1
                continue
            if token.kind == "or":
                # Nothing usable on the left: the start, another operator, or a filter («person:x OR y»).
                if self.pos and self.tokens[self.pos - 1].text == "filter":
                    self._filter_in_or()
                else:
                    self._dangling(token.text)
                self.pos += 1
                continue
            node = self._alternatives()
            if node is not None:
                children.append(node)
        return children

    def _alternatives(self) -> Node | None:
        options: list[Node] = []
        first = self._unary()
        if first is not None:
            options.append(first)
        while (token := self._peek()) is not None and token.kind == "or":
            operator = token.text
            self.pos += 1
            skipped_filter = False
            while (token := self._peek()) is not None and token.kind in ("or", "and"):
                skipped_filter = skipped_filter or token.text == "filter"
                self.pos += 1
            if skipped_filter:
                self._filter_in_or()
            if token is None or token.kind == ")":
                if not skipped_filter:
                    self._dangling(operator)
                break
            option = self._unary()
            if option is not None:
                options.append(option)
        return _make_or(options)

    def _filter_in_or(self) -> None:
        self.messages.note(_msg("filter_in_or"))

    def _unary(self) -> Node | None:
        negations = 0
        while (token := self._peek()) is not None and token.kind == "not":
            self.pos += 1
            negations += 1
        if token is None or token.kind in ("or", "and", ")"):
            if negations:
                self._dangling("NOT")
            return None
        self.pos += 1
        node: Node | None
        if token.kind == "word":
            node = Term(token.text, token.prefix)
        elif token.kind == "phrase":
            node = Phrase(token.words) if token.words else None
        else:  # "("
            node = _make_and(self._sequence(in_group=True))
        if node is None:
            return None
        if (negations + token.negated) % 2:
            node = Not(node)
        return node


def _make_and(children: Iterable[Node]) -> Node | None:
    flat: list[Node] = []
    for child in children:
        for part in child.children if isinstance(child, And) else (child,):
            if part not in flat:
                flat.append(part)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _make_or(children: Iterable[Node]) -> Node | None:
    flat: list[Node] = []
    for child in children:
        for part in child.children if isinstance(child, Or) else (child,):
            if part not in flat:
                flat.append(part)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


# ------------------------------------------------------------------------------- tidying the tree

type Analyzer = Callable[[str], Iterator[Token]]


class _Tidier:
    """Drops unsearchable words, caps the number of words, keeps exclusions only beside a positive part."""

    def __init__(self, analyzer: Analyzer, messages: _Messages) -> None:
        self.analyzer = analyzer
        self.messages = messages
        self.words = 0
        self.dropped_stopwords: list[str] = []
        self.dropped_exclusions = False

    def tidy(self, node: Node) -> Node | None:
        if isinstance(node, Term):
            return self._leaf(node, (node.text,))
        if isinstance(node, Phrase):
            return self._leaf(node, node.words)
        if isinstance(node, Not):
            inner = self.tidy(node.child)
            if isinstance(inner, Not):
                return inner.child  # -(-word) is word
            if inner is None or not _positive(inner):
                return None
            return Not(inner)
        if isinstance(node, And):
            kept = [child for child in map(self.tidy, node.children) if child is not None]
            result = _make_and(kept)
            if result is not None and not _positive(result):
                self.dropped_exclusions = True
                return None
            return result
        kept = []
        for child in map(self.tidy, node.children):
            if child is None:
                continue
            if not _positive(child):
                self.messages.note(_msg("exclusion_in_or"))
                continue
            kept.append(child)
        return _make_or(kept)

    def _leaf(self, node: Term | Phrase, words: tuple[str, ...]) -> Node | None:
        if self.words >= MAX_TERMS:
            self._too_many()
            return None
        searchable = [
            _has_terms(self.analyzer, word, prefix=getattr(node, "prefix", False)) for word in words
        ]
        if not any(searchable):
            self.dropped_stopwords.append(" ".join(words))
            return None
        if len(words) > MAX_TERMS - self.words:
            words = words[: MAX_TERMS - self.words]
            node = Phrase(words)
            self._too_many()
        self.words += len(words)
        return node

    def _too_many(self) -> None:
        self.messages.note(_msg("too_many_terms", limit=MAX_TERMS))


def _has_terms(analyzer: Analyzer, word: str, *, prefix: bool) -> bool:
    # A prefix is searched normalised but not stemmed, so a stopword-looking prefix (بە*) is still fine.
    return any(token.terms or (prefix and token.surface) for token in analyzer(word))


def _positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(map(_positive, node.children))
    if isinstance(node, Or):
        return all(map(_positive, node.children))
    return True


# -------------------------------------------------------------------------------------------- dates

_DIGITS = str.maketrans(
    {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
)
_DATE_SEPARATORS = str.maketrans(
    {"/": "-", ".": "-", "؍": "-", "‐": "-", "–": "-", "—": "-", "−": "-", "⁄": "-"}
)
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_MONTH_YEAR = re.compile(r"(\d{1,2})-(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)
_YEAR_RANGE = re.compile(r"(\d{4})-(\d{4})", re.ASCII)


@dataclass(frozen=True)
class DatePeriod:
    """A day, month or year as an inclusive range: ``date:2021-11`` is 2021-11-01 … 2021-11-30."""

    start: date
    end: date
    note: Message | None = None


def _month_period(year: int, month: int) -> DatePeriod | None:
    if not 1 <= month <= 12:
        return None
    return DatePeriod(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _day_period(year: int, month: int, day: int) -> DatePeriod | None:
    try:
        day_date = date(year, month, day)
    except ValueError:
        return None
    return DatePeriod(day_date, day_date)


def parse_date_period(value: str) -> DatePeriod | None:
    """Read one date value of a filter; None when it is not a date.

    ``parse_date_period("٢٠٢١-١١")`` covers November 2021; ``"7/11/2021"`` is 7 November (day first, as
    Sorani news writes dates); ``"11/25/2021"`` cannot be day first, so it is read as month/day/year
    with a note. Ranges: ``"2021-11-01..2021-11-15"``.
    """
    text = value.translate(_DIGITS).translate(_DATE_SEPARATORS).replace(" ", "")
    if ".." not in text and "--" in text:
        text = text.replace("--", "..")
    if match := _YEAR_RANGE.fullmatch(text):
        text = f"{match[1]}..{match[2]}"
    if text.count("..") == 1:
        first, last = (parse_date_period(part) for part in text.split(".."))
        if first is None or last is None:
            return None
        if first.start > last.end:
            first, last = last, first
        return DatePeriod(first.start, last.end)
    period: DatePeriod | None = None
    year: int
    if match := _YEAR.fullmatch(text):
        year = int(match[1])
        period = DatePeriod(date(max(year, 1), 1, 1), date(max(year, 1), 12, 31))
    elif match := _YEAR_MONTH.fullmatch(text):
        year = int(match[1])
        period = _month_period(max(year, 1), int(match[2]))
    elif match := _MONTH_YEAR.fullmatch(text):
        year = int(match[2])
        period = _month_period(max(year, 1), int(match[1]))
    elif match := _ISO.fullmatch(text):
        year = int(match[1])
        period = _day_period(year, int(match[2]), int(match[3]))
    elif match := _DAY_FIRST.fullmatch(text):
        year = int(match[3])
        period = _day_period(year, int(match[2]), int(match[1]))
        if period is None and (period := _day_period(year, int(match[1]), int(match[2]))) is not None:
            period = DatePeriod(
                period.start,
                period.end,
                _msg("month_first_date", value=value),
            )
    else:
        return None
    if period is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return period


def _apply_date_filters(filters: list[_Filter], messages: _Messages) -> tuple[date | None, date | None]:
    starts: list[date] = []
    ends: list[date] = []
    all_periods: list[DatePeriod] = []
    for item in filters:
        period = parse_date_period(item.value)
        if period is None:
            messages.error(_msg("bad_date", value=item.value))
            continue
        if period.note is not None:
            messages.note(period.note)
        all_periods.append(period)
        if item.name in ("from", "date"):
            starts.append(period.start)
        if item.name in ("to", "date"):
            ends.append(period.end)
    date_from = max(starts) if starts else None
    date_to = min(ends) if ends else None
    if date_from and date_to and date_from > date_to:
        # Contradicting dates (from:2021-12 to:2021-11, date:2021 date:2022): search the whole span.
        date_from = min(p.start for p in all_periods)
        date_to = max(p.end for p in all_periods)
        messages.note(_msg("dates_contradict"))
    return date_from, date_to


# ----------------------------------------------------------------------------------------------- API


def parse_query(text: str | None, *, analyzer: Analyzer = analyze) -> Query:
    """Parse what the user typed; never raises. ``analyzer`` defaults to ``archive.text.analyze``.

    >>> parse_query("کازمی -هێرش").tree
    And(children=(Term(text='کازمی', prefix=False), Not(child=Term(text='هێرش', prefix=False))))
    """
    messages = _Messages()
    raw = text if isinstance(text, str) else ""
    if len(raw) > MAX_QUERY_CHARS * 4:
        raw = raw[: MAX_QUERY_CHARS * 4]  # cleaning is linear, but no need to scan megabytes
    cleaned = clean_query_text(raw).strip()
    if len(cleaned) > MAX_QUERY_CHARS:
        cut = cleaned.rfind(" ", MAX_QUERY_CHARS // 2, MAX_QUERY_CHARS + 1)
        cleaned = cleaned[: cut if cut > 0 else MAX_QUERY_CHARS]  # never leave half a word
        messages.note(_msg("query_too_long"))
    lexer = _Lexer(cleaned, messages)
    lexer.run()
    parsed = _make_and(_Parser(lexer.tokens, messages).parse())

    tidier = _Tidier(analyzer, messages)
    tree = tidier.tidy(parsed) if parsed is not None else None
    if tree is not None and not _positive(tree):
        tidier.dropped_exclusions, tree = True, None
    if tidier.dropped_stopwords:
        shown = tidier.dropped_stopwords[:5]
        messages.note(
            _msg(
                "unsearchable_words",
                words="، ".join(f"«{word}»" for word in shown),
                words_en=", ".join(f"“{word}”" for word in shown),
            )
        )
    if tree is None and tidier.dropped_exclusions:
        messages.note(_msg("only_exclusions"))
    elif tree is None and tidier.dropped_stopwords:
        messages.note(_msg("only_stopwords"))

    by_name: dict[str, list[str]] = {"people": [], "places": [], "orgs": [], "sources": []}
    date_filters = []
    for item in lexer.filters:
        if item.name in _DATE_FIELDS:
            date_filters.append(item)
        elif item.value not in by_name[item.name]:
            by_name[item.name].append(item.value)
    date_from, date_to = _apply_date_filters(date_filters, messages)
    return Query(
        text=cleaned,
        tree=tree,
        people=tuple(by_name["people"]),
        places=tuple(by_name["places"]),
        orgs=tuple(by_name["orgs"]),
        sources=tuple(by_name["sources"]),
        date_from=date_from,
        date_to=date_to,
        errors=tuple(messages.errors),
        notes=tuple(messages.notes),
    )


def iter_leaves(node: Node | None) -> Iterator[tuple[Term | Phrase, bool]]:
    """Every Term and Phrase of a tree with whether it is positive (not under a Not)."""
    stack: list[tuple[Node, bool]] = [(node, True)] if node is not None else []
    while stack:
        current, positive = stack.pop()
        if isinstance(current, Term | Phrase):
            yield current, positive
        elif isinstance(current, Not):
            stack.append((current.child, not positive))
        else:
            stack.extend((child, positive) for child in reversed(current.children))
