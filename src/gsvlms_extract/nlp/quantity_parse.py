"""Numbers as clinicians write them: words, digits or fractions ("3 1/2"), sizes in cm/mm (or
inches, as older papers give them), durations in months.

Pure functions, no spaCy: the quantity component finds spans with the regexes in
``patterns/quantities.jsonl`` and calls these to turn the matched text into values.
``{NUM}`` and ``{UNIT}`` in a rule's regex expand to the alternations defined here.
"""

from __future__ import annotations

import re

__all__ = [
    "expand_macros",
    "parse_number",
    "parse_age",
    "parse_sizes_mm",
    "parse_duration_months",
]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
_FIRST_LETTERS = "".join(sorted({word[0] for word in [*_UNITS, *_TENS, "a"]}))
#: a number word. The lookahead only lets positions whose first letter starts some number
#: word reach the alternation: case-insensitive matching tries each of the ~30 words in turn,
#: and this test makes the quantity rules ~5x faster without changing what they match.
NUMBER_WORD = (
    rf"(?=[{_FIRST_LETTERS}])"
    rf"(?:(?:{_TEN_WORDS})(?:[\s-](?:{_UNIT_WORDS}))?|{_UNIT_WORDS}|a\s+hundred)"
)
#: vulgar fractions, and a written one ("1/2") after a whole number or alone
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_SLASHED = r"[1-9]/[2-9](?!\d)"
_FRACTION_PART = rf"[{''.join(_VULGAR)}]|{_SLASHED}"
#: a number: digits (decimal point or comma), a fraction ("3 1/2", "3½", "1/4") or English
#: number words
NUM = rf"(?:(?<!\d){_SLASHED}|\d+(?:\s+{_SLASHED}|[.,]\d+|[{''.join(_VULGAR)}])?|{NUMBER_WORD})"
#: a length unit ("in." only with its full stop: "3 in. long", never the word "in")
_LENGTHS = r"mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|inch(?:es)?"
UNIT = rf"(?:{_LENGTHS}|in(?=\.))"

_MACROS = {"{NUM}": NUM, "{UNIT}": UNIT}
_NUMBER_RE = re.compile(NUM, re.IGNORECASE)
#: a matched size phrase may end on "in" (the rule matched "in." and the span stops before the
#: full stop)
_TOKEN_RE = re.compile(rf"(?P<num>{NUM})|(?P<unit>{_LENGTHS}|in(?=\.|$))", re.IGNORECASE)


_FRACTION = re.compile(rf"(\d+)?\s*({_FRACTION_PART})")


def expand_macros(regex: str) -> str:
    """Replace ``{NUM}`` and ``{UNIT}`` in a rule's regex by their alternations."""
    for name, body in _MACROS.items():
        regex = regex.replace(name, body)
    return regex


def parse_number(text: str) -> float | None:
    """'5.9' -> 5.9, '5,9' -> 5.9, 'eighty-five' -> 85, 'six' -> 6; None if not a number."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", cleaned):
        return float(cleaned.replace(",", "."))
    fraction = _FRACTION.fullmatch(cleaned)
    if fraction:
        whole, part = fraction.groups()
        numerator, _, denominator = part.partition("/")
        share = _VULGAR[part] if part in _VULGAR else int(numerator) / int(denominator)
        return float(whole or 0) + share
    if re.fullmatch(r"a\s+hundred", cleaned):
        return 100.0
    parts = re.split(r"[\s-]+", cleaned)
    if len(parts) == 1:
        if parts[0] in _UNITS:
            return float(_UNITS[parts[0]])
        if parts[0] in _TENS:
            return float(_TENS[parts[0]])
        return None
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
        return float(_TENS[parts[0]] + _UNITS[parts[1]])
    return None


def parse_age(text: str) -> int | None:
    """The age in years in a matched age phrase ('a 76-year-old', 'aged 85', 'F/42')."""
    for match in _NUMBER_RE.finditer(text):
        value = parse_number(match.group(0))
        if value is not None and value.is_integer() and 0 <= value <= 120:
            return int(value)
    return None


def _to_mm(value: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith(("cm", "centi")):
        return round(value * 10.0, 1)
    if unit.startswith("in"):
        return round(value * 25.4, 1)
    return round(value, 1)


#: fractions older papers write in words: "half an inch", "an inch and a half", "one inch and
#: three-quarters", "two and a half inches"
_FRACTION_WORDS = r"(?:a\s+half|a\s+quarter|three[\s-]quarters?)"
_FRACTION_OF_A_UNIT = re.compile(
    rf"\b(half|a\s+quarter|three[\s-]quarters?)\s+(?:of\s+)?an?\s+(?={_LENGTHS}\b)",
    re.IGNORECASE,
)
_AND_A_FRACTION_BEFORE = re.compile(
    rf"(?P<num>{NUM}|\ban?)\s+and\s+(?P<frac>{_FRACTION_WORDS})\s+(?=(?:{_LENGTHS})\b)",
    re.IGNORECASE,
)
_AND_A_FRACTION_AFTER = re.compile(
    rf"(?P<num>{NUM}|\ban?)\s+(?P<unit>{_LENGTHS}|in\.)\s+and\s+(?P<frac>{_FRACTION_WORDS})\b",
    re.IGNORECASE,
)


def _fraction_value(words: str) -> float:
    words = words.lower()
    if "half" in words:
        return 0.5
    return 0.75 if "three" in words else 0.25


def _whole(text: str) -> float:
    return 1.0 if text.lower() in ("a", "an") else (parse_number(text) or 0.0)


def _word_fractions(text: str) -> str:
    """'an inch and a half' -> '1.5 inch', 'half an inch' -> '0.5 inch'."""
    text = _FRACTION_OF_A_UNIT.sub(lambda m: f"{_fraction_value(m.group(1)):g} ", text)
    text = _AND_A_FRACTION_BEFORE.sub(
        lambda m: f"{_whole(m['num']) + _fraction_value(m['frac']):g} ", text
    )
    return _AND_A_FRACTION_AFTER.sub(
        lambda m: f"{_whole(m['num']) + _fraction_value(m['frac']):g} {m['unit']}", text
    )


def parse_sizes_mm(text: str) -> list[float]:
    """Per-lesion largest diameters in mm in a matched size phrase.

    '6 cm × 7 cm × 5 cm' -> [70.0] (one lesion, its largest dimension); '17 and 19 mm' ->
    [17.0, 19.0] (two lesions); '6, 11 and 9 mm' -> [6.0, 11.0, 9.0]; '4-cm' -> [40.0];
    '3–5 cm' -> [50.0] (a range: its upper end).
    Numbers without a unit take the next unit written after them.
    """
    text = _word_fractions(text)
    lesions = re.split(r"\s*,\s+(?:and\s+)?|\s+and\s+", text.strip(), flags=re.IGNORECASE)
    sizes: list[float] = []
    pending: list[list[float]] = []
    for lesion in lesions:
        numbers: list[float] = []
        unit: str | None = None
        dims: list[float] = []
        for match in _TOKEN_RE.finditer(lesion):
            if match.group("num") is not None:
                value = parse_number(match.group("num"))
                if value is not None:
                    numbers.append(value)
            else:
                unit = match.group("unit")
                dims.extend(_to_mm(number, unit) for number in numbers)
                numbers = []
        if numbers:  # numbers still waiting for a unit (e.g. '17' in '17 and 19 mm')
            pending.append(numbers)
            if unit is None:
                continue
        if dims:
            for waiting in pending:
                sizes.append(max(_to_mm(n, unit or "mm") for n in waiting))
            pending = []
            sizes.append(max(dims))
    return [size for size in sizes if size > 0]


_DURATION_UNIT_MONTHS = (
    (re.compile(r"^(?:years?|yrs?)$", re.I), 12.0),
    (re.compile(r"^(?:months?|mos?)$", re.I), 1.0),
    (re.compile(r"^(?:weeks?|wks?)$", re.I), 12.0 / 52.0),
    (re.compile(r"^days?$", re.I), 12.0 / 365.0),
)


_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)$", re.IGNORECASE)
_POSTOPERATIVE = re.compile(r"^(?:post-?)?operative$|^post$", re.IGNORECASE)


def parse_duration_months(text: str) -> float | None:
    """'13 months' -> 13, 'two years' -> 24, '18 mo' -> 18, '6-month' -> 6, 'a year' -> 12,
    '15th month' -> 15, '6th postoperative month' -> 6."""
    words = [
        _ORDINAL_SUFFIX.sub("", word)
        for word in re.split(r"[\s-]+", text.strip())
        if not _POSTOPERATIVE.match(word)
    ]
    if len(words) < 2:
        return None
    unit_word = words[-1].rstrip(".")
    number_text = " ".join(words[:-1])
    if number_text.lower() in ("a", "an"):
        number: float | None = 1.0
    else:
        number = parse_number(number_text)
    if number is None:
        return None
    for pattern, factor in _DURATION_UNIT_MONTHS:
        if pattern.match(unit_word):
            return round(number * factor, 1)
    return None
