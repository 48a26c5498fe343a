"""The article's own patient: compare its Table 1 row with the article's case description.

Table 1's last row is the article's own case ("This case"). The article also describes that
patient in prose; where the two disagree the builder reports it and changes nothing: a curator
decides. The check is deliberately small: find the case-description section by its heading,
collect the leg sites it names with the same region rules as Table 1, and compare regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gsvlms_extract.gold.normalize import REGION_WORDS
from gsvlms_extract.ingest.document import BlockKind, Document
from gsvlms_extract.schema import Region

CASE_SECTION_HEADINGS = ("case presentation", "case description", "case report")
_SITE_MENTION = re.compile(
    r"\b(?:(?:left|right)\s+)?(?:(?:lower|upper|distal|proximal)\s+)?(?:(?:left|right)\s+)?"
    r"(?P<region>" + "|".join(sorted(REGION_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SiteMention:
    region: Region
    text: str
    start: int


def _headings(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, text) of every heading: heading blocks if ingest classified them, else
    short standalone lines without final punctuation (how the text export prints headings)."""
    blocks = [b for b in doc.blocks if b.kind == BlockKind.heading]
    if blocks:
        return [(b.start, b.end, doc.text[b.start : b.end].strip()) for b in blocks]
    found = []
    for match in re.finditer(r"^[^\S\n]*(\S[^\n]{0,60}?)[^\S\n]*$", doc.text, re.MULTILINE):
        line = match.group(1)
        if line.startswith("\t") or line[-1] in ".:;,)]" or len(line.split()) > 6:
            continue
        before = doc.text[max(0, match.start() - 2) : match.start()]
        after = doc.text[match.end() : match.end() + 2]
        if (match.start() == 0 or before.endswith("\n\n")) and (
            after.startswith("\n\n") or not after
        ):
            found.append((match.start(), match.end(), line))
    return found


def case_description(doc: Document) -> tuple[int, int] | None:
    """Character range of the article's case description (from its heading to the next heading
    that is not itself a case-description heading), or None if the article has none."""
    heads = _headings(doc)
    for index, (_start, end, text) in enumerate(heads):
        if text.lower() in CASE_SECTION_HEADINGS:
            stop = len(doc.text)
            for nxt_start, _, nxt_text in heads[index + 1 :]:
                if nxt_text.lower() not in CASE_SECTION_HEADINGS:
                    stop = nxt_start
                    break
            return end, stop
    return None


def site_mentions(doc: Document, span: tuple[int, int]) -> list[SiteMention]:
    """Leg sites named in ``doc.text[span]``, mapped with Table 1's region rules."""
    start, end = span
    return [
        SiteMention(
            REGION_WORDS[m.group("region").lower()], " ".join(m.group(0).split()), start + m.start()
        )
        for m in _SITE_MENTION.finditer(doc.text, start, end)
    ]


def own_case_site_conflict(doc: Document, table_region: Region | None) -> str | None:
    """A one-line description of the disagreement between Table 1's region for the article's own
    case and the regions its case description names, or None when they agree (or either is
    silent)."""
    span = case_description(doc)
    if span is None or table_region is None:
        return None
    mentions = site_mentions(doc, span)
    if not mentions:
        return None
    regions = sorted({m.region for m in mentions}, key=lambda r: r.value)
    if table_region in regions:
        return None
    examples = "; ".join(dict.fromkeys(f"'{m.text}'" for m in mentions[:3]))
    return (
        f"Table 1 region {table_region.value} contradicts the case description, which places the "
        f"tumour in the {'/'.join(r.value for r in regions)} ({examples}); not corrected: for a "
        f"curator to decide"
    )
