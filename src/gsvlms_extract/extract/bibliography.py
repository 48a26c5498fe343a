"""First author's surname and publication year from the front matter.

Only the lines before the first section heading (or the abstract) are read: the title page,
byline and journal line. The discussion's citations never count. The year is the first
plausible year on a line that looks like a journal reference ("Journal of ... 1960, 13",
"Am J Surg 1977;134:...", "2004; 29(3): 157-161", "Vol. 52, 1965"); the author is the first
name on a byline ("Bruce D. Stringer, M.D., et al.", "T. Le Minh (1), J.-P. Durand",
"ZHANG Li, WANG Jian-guo").
"""

from __future__ import annotations

import re

from gsvlms_extract.extract.findings import Finding
from gsvlms_extract.extract.view import DocView

__all__ = ["extract_author_year", "front_matter_end"]

_YEAR = re.compile(r"(?<![\d])(1[89]\d\d|20\d\d)(?![\d])")
_JOURNAL = re.compile(
    r"\b(journal|j\.?|ann\.?|annals|arch\.?|archiv|archives|surg\.?|surgery|vol\.?|volume|"
    r"band|bd\.|pp\.?|med\.?|medicine|medicin|acta|bull\.?|proc\.?|rev\.?|lancet|angiology|"
    r"phlebology|radiology|pathology|dermatology|reports?|doi|published|received|accepted|"
    r"copyright|issue|no\.)\b|©|\d+\s*\(\d+\)\s*:|;\s*\d",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"\b(department|dept|departamento|service|hospital|university|universit\w+|institute|"
    r"instituto|clinic|clínica|centre|center|faculty|school|division|laboratory|infirmary|"
    r"from the|correspond\w*|address\w*|received|editor)",
    re.IGNORECASE,
)
_DEGREES = re.compile(
    r"(?<![A-Za-z])(?:M\.?D|Ph\.?D|F\.?R\.?C\.?S(?:\.?\s*\[?C\]?)?|M\.?S|M\.?B|Ch\.?B|B\.?S|FACS|"
    r"FACFAS|DPM|D\.?O|MBBS|MRCP|FRCP|MSc|BSc|RN|DM)(?![A-Za-z])\.?"
)
_LEAD = re.compile(r"^\s*(?:authors?\s*:|by\s+|from\s+)", re.IGNORECASE)
_TITLES = re.compile(r"\b(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+")
_MARKERS = re.compile(r"\([\d\sa-z,*†‡§]{1,12}\)|\[\s*\d+\s*\]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]")
#: words of titles and journal names, never of a list of authors
_TITLE_WORDS = frozenset(
    {
        "case",
        "cases",
        "report",
        "reports",
        "review",
        "literature",
        "series",
        "vein",
        "veins",
        "leiomyosarcoma",
        "sarcoma",
        "tumour",
        "tumor",
        "journal",
        "surgery",
        "letter",
        "editor",
        "clinical",
        "original",
        "article",
        "saphenous",
        "great",
        "greater",
        "long",
        "abstract",
        "summary",
        "introduction",
        "open",
        "access",
        "research",
        "the",
        "of",
        "in",
        "a",
        "with",
    }
)
_PARTICLES = {
    "de",
    "van",
    "von",
    "der",
    "den",
    "le",
    "la",
    "du",
    "del",
    "da",
    "di",
    "dos",
    "y",
    "ten",
    "ter",
    "el",
    "al",
    "bin",
    "ben",
}
_INITIAL = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)*")
_MAX_LINE = 300
#: a paragraph this long is body text: the front matter ends before it
_BODY_WORDS = 30
_FRONT_END_SECTIONS = frozenset(
    {
        "abstract",
        "keywords",
        "introduction",
        "discussion",
        "literature_review",
        "conclusion",
        "references",
    }
)


def front_matter_end(view: DocView) -> int:
    """Offset where the front matter ends: the abstract/keywords/introduction heading or the
    first paragraph of running text, whichever comes first."""
    text = view.document.text
    end = len(text)
    for section in getattr(view.doc._, "sections", None) or []:
        if section.category in _FRONT_END_SECTIONS:
            end = view.doc[section.title_start].idx
            break
    offset = 0
    for line in text[:end].split("\n"):
        if len(line.split()) >= _BODY_WORDS and not _JOURNAL.search(line[:80]):
            return offset
        offset += len(line) + 1
    return min(end, 3000)


def _lines(text: str, end: int):
    offset = 0
    for line in text[:end].split("\n"):
        yield offset, line
        offset += len(line) + 1


def _name_words(line: str) -> list[str]:
    cleaned = _MARKERS.sub(" ", _DEGREES.sub(" ", _TITLES.sub(" ", _LEAD.sub("", line))))
    cleaned = re.sub(r"\bet al\.?|\band\b|&|[,;:]|\d+|\.$", " ", cleaned)
    return cleaned.split()


def _is_name_word(word: str) -> bool:
    if word.lower() in _PARTICLES:
        return True
    letters = word.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
    if _INITIAL.fullmatch(word):
        return True
    return word[0].isupper() and letters.isalpha() and word.lower().strip(".") not in _TITLE_WORDS


def _byline_part(line: str) -> str:
    """The part of a line naming authors: up to "et al.", after "By" if there is one."""
    by = re.search(r"\b[Bb]y\s+", line)
    rest = line if by is None else line[by.start() :]
    etal = re.search(r"\bet al\b\.?", rest)
    if etal:
        return rest[: etal.end()]
    if by is None:
        return line
    stop = re.search(r"(?<=[a-z]{3})\.(?:\s|$)", rest)
    return rest[: stop.start()] if stop else rest


def _is_byline(line: str) -> bool:
    stripped = _byline_part(line).strip()
    if not stripped or len(stripped) > _MAX_LINE or _AFFILIATION.search(stripped):
        return False
    if _YEAR.search(stripped):
        return False
    if not re.search(r",|;|\bet al\b|\band\b|^\s*by\s|^\s*authors?\s*:", stripped, re.I):
        return False
    words = _name_words(stripped)
    if len(words) < 2:
        return False
    lowercase_words = [w for w in words if not _is_name_word(w)]
    return not lowercase_words


def _surname(first_author: str) -> tuple[str, int, int] | None:
    """(surname, start, end) of the first author's name within ``first_author``."""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", first_author)]
    tokens = [
        t
        for t in tokens
        if not _DEGREES.fullmatch(t[0].rstrip(".,")) and not _TITLES.fullmatch(t[0] + " ")
    ]
    tokens = [
        (
            w.rstrip(".,;:") if not _INITIAL.fullmatch(w) else w,
            a,
            a + len(w.rstrip(".,;:")) if not _INITIAL.fullmatch(w) else b,
        )
        for w, a, b in tokens
    ]
    tokens = [t for t in tokens if t[0]]
    if not tokens:
        return None
    words = [w for w, _, _ in tokens]
    initials = [i for i, w in enumerate(words) if _INITIAL.fullmatch(w)]
    names = [i for i, w in enumerate(words) if i not in initials]
    if not names:
        return None
    upper = [
        i
        for i in names
        if len(words[i]) > 1 and words[i].replace("-", "").isalpha() and words[i].isupper()
    ]
    if len(names) >= 2 and upper == [names[-1]] and len(words[names[-1]]) <= 4 and not initials:
        group = names[:-1]  # PubMed style "Amato ACM": initials after the surname
    elif upper and len(upper) < len(names):  # "ZHANG Li", "M. S. SMOUT": capitals mark the surname
        group = [upper[0]]
        while group[-1] + 1 in upper:
            group.append(group[-1] + 1)
    elif initials and initials[-1] < len(words) - 1:  # "T. Le Minh", "Bruce D. Stringer"
        group = list(range(initials[-1] + 1, len(words)))
    else:
        group = [names[-1]]
        while group[0] - 1 in names and words[group[0] - 1].lower() in _PARTICLES:
            group.insert(0, group[0] - 1)
    surname = " ".join(
        words[i].capitalize() if words[i].isupper() and len(words[i]) > 1 else words[i]
        for i in group
    )
    return surname, tokens[group[0]][1], tokens[group[-1]][2]


def extract_author_year(view: DocView) -> tuple[Finding | None, Finding | None]:
    """(author, year) findings from the document's front matter, or None each."""
    text = view.document.text
    end = front_matter_end(view)
    author: Finding | None = None
    year: Finding | None = None
    for offset, line in _lines(text, end):
        if year is None and _JOURNAL.search(line) and len(line) <= _MAX_LINE:
            match = _YEAR.search(line)
            if match:
                year = Finding(
                    int(match.group(1)),
                    offset + match.start(1),
                    offset + match.end(1),
                    match.group(1),
                    line.strip(),
                    offset,
                    "bibliography.journal_line",
                )
        if author is None and _is_byline(line):
            part = _byline_part(line)
            lead = _LEAD.match(part)
            body_start = line.index(part) + (lead.end() if lead else 0)
            body = line[body_start:]
            first = re.split(r",|;|\(|\bet al\b|\band\b|\*|\d", body, maxsplit=1)[0]
            found = _surname(first)
            if found:
                surname, start, stop = found
                start, stop = start + body_start, stop + body_start
                author = Finding(
                    surname,
                    offset + start,
                    offset + stop,
                    line[start:stop],
                    line.strip(),
                    offset,
                    "bibliography.byline",
                )
    return author, year
