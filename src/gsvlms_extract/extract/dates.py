"""Follow-up from calendar dates: "operated on April 8, 2010 ... at the last follow-up on
October 12, 2011, alive" is 18 months.

Only dates that name their month in words are read (day-month-year, month-day-year or month and
year): "03/04/2010" is April in one country and March in another. The operation date is the
first date in a sentence that tells of the operation; the last contact is the latest date after
it in a sentence that tells of follow-up, a visit, the patient alive or dead. A month without
a day counts from the middle of the month, so the answer is off by at most half a month.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span

from gsvlms_extract.extract.view import Sentence

__all__ = ["find_dates", "months_between", "followup_from_dates"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_DATE_RES = (
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s*{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,\s*{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s*,?\s+{_YEAR}\b", re.IGNORECASE),
)

#: words telling that a sentence dates the operation
_OPERATION = re.compile(
    r"\b(?:operat\w*|surgery|underwent|excis\w*|resect\w*|removed|removal|extirpat\w*)\b",
    re.IGNORECASE,
)
#: words telling that a sentence dates the last contact
_CONTACT = re.compile(
    r"\b(?:follow[\s-]?up|last\s+(?:seen|visit|review|contact|examination)|seen|visit|reviewed|"
    r"alive|died|death|dead|well|free\s+of)\b",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[int, int, date, bool]]:
    """(start, end, date, has_day) for every date naming its month in words, in text order."""
    found: list[tuple[int, int, date, bool]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue  # "April 8, 2010" already read; not again as "April ... 2010"
            taken.append((match.start(), match.end()))
            day = match.groupdict().get("day")
            try:
                when = date(
                    int(match["year"]), _MONTHS[match["month"].lower()], int(day) if day else 15
                )
            except ValueError:  # "31 February 2010": not a date, and not "February 2010" either
                continue
            found.append((match.start(), match.end(), when, day is not None))
    return sorted(found)


def months_between(start: date, end: date) -> float:
    """Whole months from ``start`` to ``end`` (rounded: 8 April to 12 October is 6)."""
    return float(round((end - start).days / 30.4375))


def _dated(sentences: list[Sentence], wanted: re.Pattern) -> list[tuple[date, Sentence, Span]]:
    out = []
    for sentence in sentences:
        if not wanted.search(sentence.text):
            continue
        offset = sentence.span.start_char
        for start, end, when, _ in find_dates(sentence.text):
            span = sentence.span.doc.char_span(
                offset + start, offset + end, alignment_mode="expand"
            )
            if span is not None:
                out.append((when, sentence, span))
    return out


def followup_from_dates(sentences: list[Sentence]) -> tuple[float, Sentence, Span] | None:
    """(months, sentence, span of the last-contact date) from the operation date to the latest
    contact date after it, or None when the sentences do not date both."""
    operations = _dated(sentences, _OPERATION)
    if not operations:
        return None
    operated = operations[0][0]
    contacts = [c for c in _dated(sentences, _CONTACT) if c[0] > operated]
    if not contacts:
        return None
    last, sentence, span = max(contacts, key=lambda c: c[0])
    return months_between(operated, last), sentence, span
