"""Is the document a review with no patient of its own?

A review of the literature describes other authors' patients: a 3-year-old girl's groin
tumour, a man of 60 who died with lung metastases. Read as a case report, it would yield a
patient assembled from everybody's facts. A document is taken for such a review only when it
says so plainly (a "Review article" label line, "this review", "no new patient/case"; or a
"Letter to the editor" / "Dear Editor" / "Sir," letter, or one that "read with interest" a
report, commenting on others' reports) and nowhere reports a patient of its own ("we
report/present/describe", "our patient", "the patient", a "Case report" heading or "this case
report" (not "the recent case report" of a letter), "Case 1", "a 54-year-old woman was
admitted/referred...").
"""

from __future__ import annotations

import re

__all__ = ["review_without_own_patient"]

_SAYS_REVIEW = re.compile(
    r"^\s*(?:narrative |systematic )?review(?: article)?\s*$|\bthis review\b"
    r"|\bno new (?:patient|case)s?\b",
    re.IGNORECASE | re.MULTILINE,
)
#: a letter to the editor or a commentary on somebody else's report
_SAYS_LETTER = re.compile(
    r"^\s*(?:letters? to the editor|correspondence|commentary|editorial|invited comment)\s*$"
    r"|^\s*(?:dear (?:editor|sir|sirs)|to the editor)\b|^\s*sirs?,\s*$"
    r"|\b(?:we|i) (?:have )?read with (?:great |much )?interest\b",
    re.IGNORECASE | re.MULTILINE,
)
_OWN_PATIENT = re.compile(
    r"\b(?:we|i)\s+(?:here\s+|herein\s+|hereby\s+|would\s+like\s+to\s+|wish\s+to\s+)?"
    r"(?:report|present|describe|treated|saw|encountered|managed|operated)\b"
    r"|\bour (?:patient|case)\b|\bthe patient\b|\b(?:this|the present) (?:patient|case)\b"
    r"|(?:^[ \t]*|\b(?:this|our|the present)\s+)case (?:report|presentation|description|history)\b"
    r"|\bcase\s+(?:1|i|one)\b"
    r"|\b(?:referred|admitted|seen|presented) to our\b"
    r"|\b(?:a|an) (?:\d+|[a-z]+-)[- ]?(?:year|month)[- ]old "
    r"(?:(?!who\b|whose\b|which\b)[\w,'-]+ ){1,8}"
    r"(?:was (?:admitted|referred|seen|hospitali[sz]ed)|presented|attended|came to|consulted|"
    r"complained|noticed)",
    re.IGNORECASE | re.MULTILINE,
)


def review_without_own_patient(text: str) -> str | None:
    """The reason when ``text`` (the narrative, boilerplate blanked) is a review with no
    patient of its own, else None."""
    if _OWN_PATIENT.search(text):
        return None
    if _SAYS_REVIEW.search(text):
        return "a review of the literature with no patient of its own"
    if _SAYS_LETTER.search(text):
        return "a letter or commentary with no patient of its own"
    return None
