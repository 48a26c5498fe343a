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
    r"\b(journal|j\.?|ann\.?|annals|arch\.?|archives|surg\.?|surgery|vol\.?|volume|pp\.?|"
    r"med\.?|medicine|acta|bull\.?|proc\.?|rev\.?|lancet|angiology|phlebology|radiology|"
    r"pathology|doi|published|received|accepted|copyright|issue|no\.)\b|©|\d+\s*\(\d+\)\s*:|;\s*\d",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"\b(department|dept|service|hospital|university|institute|clinic|centre|center|"
    r"faculty|school|division|laboratory|infirmary|from the|correspond)",
    re.IGNORECASE,
)
_DEGREES = re.compile(
    r"\b(M\.?D|Ph\.?D|F\.?R\.?C\.?S|M\.?S|M\.?B|Ch\.?B|B\.?S|FACS|MBBS|MRCP)\b\.?"
)
_PARTICLES = {"de", "van", "von", "der", "den", "le", "la", "du", "del", "da", "di", "dos", "y"}
_NAME_WORD = re.compile(r"^(?:[A-Z][A-Za-z'’\-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*)$")
_MAX_LINE = 300


def front_matter_end(view: DocView) -> int:
    """Character offset where the front matter ends (first heading or first long paragraph)."""
    for section in getattr(view.doc._, "sections", None) or []:
        if section.category is not None:
            return view.doc[section.title_start].idx
    return min(len(view.doc.text), 1500)


def _lines(text: str, end: int):
    offset = 0
    for line in text[:end].split("\n"):
        yield offset, line
        offset += len(line) + 1


def _is_byline(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LINE or _AFFILIATION.search(stripped):
        return False
    if stripped.endswith(".") and not re.search(r"(et al\.|[A-Z]\.)$", stripped):
        return False
    cleaned = re.sub(
        r"\(\d+(?:,\s*\d+)*\)|\d|\bet al\.?|,|\band\b|\*|†", " ", _DEGREES.sub(" ", stripped)
    )
    words = cleaned.split()
    if len(words) < 2:
        return False
    names = [w for w in words if _NAME_WORD.match(w) or w.lower() in _PARTICLES]
    return len(names) == len(words) and (
        "," in stripped or "et al" in stripped or " and " in stripped
    )


_INITIAL = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)*")


def _surname(first_author: str) -> tuple[str, int, int] | None:
    """(surname, start, end) of the first author's name within ``first_author``."""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", first_author)]
    tokens = [t for t in tokens if not _DEGREES.fullmatch(t[0].rstrip(".,"))]
    if not tokens:
        return None
    words = [w for w, _, _ in tokens]
    initials = [i for i, w in enumerate(words) if _INITIAL.fullmatch(w)]
    names = [i for i, w in enumerate(words) if i not in initials]
    upper = [
        i
        for i in names
        if len(words[i]) > 1 and words[i].replace("-", "").isalpha() and words[i].isupper()
    ]
    if not names:
        return None
    if upper and len(upper) < len(names):  # "ZHANG Li", "M. S. SMOUT": capitals mark the surname
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
            first = re.split(r",|\(|\bet al\b|\band\b|\*|\d", line, maxsplit=1)[0]
            found = _surname(first)
            if found:
                surname, start, stop = found
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
