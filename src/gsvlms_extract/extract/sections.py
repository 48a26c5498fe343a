"""Which sections speak about the report's own patient(s).

The index patient's facts come from the title/abstract (``summary`` zone: used only when the
case text is silent) and the case description (``case`` zone: presentation, imaging,
treatment, pathology, follow-up). Introduction, discussion, literature review, conclusion,
references and back matter talk about other patients or about nothing: ``excluded``.
A document without any section heading is read as case text throughout.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Zone", "CASE_SECTIONS", "SUMMARY_SECTIONS", "zone_of"]

Zone = Literal["case", "summary", "excluded"]

CASE_SECTIONS = frozenset({"case", "imaging", "treatment", "pathology", "follow_up"})
#: ``None`` is the text before the first heading: title, byline, unheaded abstract
SUMMARY_SECTIONS = frozenset({None, "abstract"})


def zone_of(category: str | None, has_headings: bool) -> Zone:
    """The zone of a sentence in a section of ``category``."""
    if not has_headings:
        return "case"
    if category in CASE_SECTIONS:
        return "case"
    if category in SUMMARY_SECTIONS:
        return "summary"
    return "excluded"
