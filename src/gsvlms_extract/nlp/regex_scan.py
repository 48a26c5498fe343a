"""`WordStartRegex`: a rule regex tried only where a match can start, with ``finditer``'s result.

Python's ``re`` tries a pattern at every character unless the pattern begins with a literal
or a character set; quantity rules begin with ``\\b`` or lookbehinds, so each rule costs a
pass over every character of the document (~1 ms per rule on the seed article, half of whose
narrative is blanked tables), and each new rule adds another pass.

A rule that starts (after zero-width lookbehinds) with ``\\b`` and then a word character can
only match at the start of a word whose first character it accepts. `first_char_class` reads
that first-character set from the parsed pattern; per document, the word starts are listed
once (``\\b\\w``, one pass for all rules) and grouped by character, the characters of the
document the set accepts are found by the rule's own engine (so case-insensitive matching is
``re``'s, not a copy), and the rule is tried with ``match`` at those positions only.
``finditer`` semantics are kept: leftmost match, the next search from the end of the last.

Anything the analysis does not understand (a rule not starting with ``\\b``, a first item
that may be empty or any character, inline flag groups, an empty match) runs the plain
``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["WordStartRegex", "WordStarts", "first_char_class"]

try:  # the parser is internal to ``re``; without it every rule runs plain ``finditer``
    from re import _compiler as _k
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other Python implementations
    _p = _c = _k = None

_WORD_START = re.compile(r"\b\w")


def _class_pieces(items) -> list[str] | None:
    categories = {
        _c.CATEGORY_DIGIT: r"\d",
        _c.CATEGORY_NOT_DIGIT: r"\D",
        _c.CATEGORY_SPACE: r"\s",
        _c.CATEGORY_NOT_SPACE: r"\S",
        _c.CATEGORY_WORD: r"\w",
        _c.CATEGORY_NOT_WORD: r"\W",
    }
    pieces = []
    for op, av in items:
        if op is _c.LITERAL:
            pieces.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            pieces.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in categories:
            pieces.append(categories[av])
        else:  # NEGATE, other categories
            return None
    return pieces


def _first(data) -> tuple[list[str] | None, bool]:
    """(class pieces of the first consumed character or None for unknown, may be empty)."""
    pieces: list[str] = []
    for op, av in data:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL:
            item, empty = [re.escape(chr(av))], False
        elif op is _c.IN:
            item, empty = _class_pieces(av), False
        elif op is _c.BRANCH:
            item, empty = [], False
            for alternative in av[1]:
                sub, sub_empty = _first(alternative.data)
                if sub is None:
                    return None, False
                item += sub
                empty = empty or sub_empty
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:  # (?i:...) and the like: flags change inside
                return None, False
            item, empty = _first(av[3].data)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            item, empty = _first(av[2].data)
            empty = empty or av[0] == 0
        elif op is _c.ATOMIC_GROUP:
            item, empty = _first(av.data)
        else:  # ANY, NOT_LITERAL, group references...
            return None, False
        if item is None:
            return None, False
        pieces += item
        if not empty:
            return pieces, False
    return pieces, True


def _parse(pattern: str, flags: int):
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & ~(re.IGNORECASE | re.UNICODE):
        return None  # inline global flags (?x), (?s)...: leave it to finditer
    boundary = False
    for op, av in parsed.data:
        if op is _c.AT and av is _c.AT_BOUNDARY:
            boundary = True
        elif op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            break
    return parsed if boundary else None


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every first character of a match of ``pattern``, when the
    pattern starts with ``\\b`` (before anything that consumes); else None."""
    parsed = _parse(pattern, flags)
    if parsed is None:
        return None
    pieces, empty = _first(parsed.data)
    if pieces is None or empty or not pieces:
        return None
    return "[" + "".join(pieces) + "]"


def _head(pattern: str, flags: int) -> tuple[str, re.Pattern] | None:
    """The pattern's leading assertions and first item, compiled (a match of the pattern at
    a position needs one of these there), with a key shared by patterns with the same head;
    None when the first item may be empty."""
    parsed = _parse(pattern, flags)
    if parsed is None or _k is None:
        return None
    items = []
    for op, av in parsed.data:
        items.append((op, av))
        if op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            break
    if _first(items)[1]:
        return None
    head = _p.SubPattern(parsed.state, items)
    try:
        return f"{flags}:{head.data!r}", _k.compile(head, flags)
    except (re.error, TypeError, ValueError):  # pragma: no cover - internal API changed
        return None


class WordStarts:
    """A document's word starts (``\\b\\w``) grouped by first character, and the characters
    of the document that are not word characters."""

    def __init__(self, text: str):
        self.text = text
        self.by_char: dict[str, list[int]] = {}
        for match in _WORD_START.finditer(text):
            self.by_char.setdefault(text[match.start()], []).append(match.start())
        self.non_word = [c for c in set(text) if not _WORD_START.match(c)]
        self.candidates: dict[str, list[int]] = {}  # head or class -> positions, shared


class WordStartRegex:
    """A compiled rule regex whose ``finditer`` tries only word starts it can match at."""

    def __init__(self, pattern: str, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        first = first_char_class(pattern, flags)
        self.first = re.compile(first, flags) if first else None
        self.head = _head(pattern, flags) if first else None
        self.key = self.head[0] if self.head else f"{flags}:{first}"

    def finditer(self, text: str, starts: WordStarts | None = None) -> Iterator[re.Match]:
        """The matches ``self.regex.finditer(text)`` yields (``starts`` from `WordStarts`)."""
        if self.first is None:
            return self.regex.finditer(text)
        starts = starts if starts is not None and starts.text is text else WordStarts(text)
        if any(self.first.fullmatch(c) for c in starts.non_word):
            # a match could start with a non-word character, after a word: not a word start
            return self.regex.finditer(text)
        positions = starts.candidates.get(self.key)
        if positions is None:
            chars = [c for c in starts.by_char if self.first.fullmatch(c)]
            positions = sorted(p for c in chars for p in starts.by_char[c])
            if self.head is not None:  # rules with the same head share this filtering
                head = self.head[1].match
                positions = [p for p in positions if head(text, p)]
            starts.candidates[self.key] = positions
        found: list[re.Match] = []
        end = 0
        match = self.regex.match
        for position in positions:
            if position < end:
                continue
            hit = match(text, position)
            if hit is None:
                continue
            if hit.end() == hit.start():  # finditer's rules for empty matches: use it
                return self.regex.finditer(text)
            found.append(hit)
            end = hit.end()
        return iter(found)
