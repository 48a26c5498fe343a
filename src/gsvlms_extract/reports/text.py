"""Shared helpers for the human-readable reports: value labels and evidence highlighting."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["format_value", "format_ratio", "split_evidence", "field_rows"]


def format_value(value: Any) -> str:
    """A JSON field value for people: null -> '—', [] -> 'none', lists joined by ', '."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) if value else "none"
    return str(value)


def format_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def split_evidence(evidence: dict[str, Any] | None) -> tuple[str, str, str] | None:
    """(before, span, after) of the evidence sentence, the matched span in the middle.

    The span is located by its text within the sentence: the first whole-word occurrence, else
    the first occurrence (evidence carries document offsets, not sentence offsets, so a word
    repeated in the sentence may be highlighted at its first place). If the sentence does not
    contain it, the whole sentence comes back as ``before`` and the span is empty.
    """
    if not evidence:
        return None
    sentence, span = evidence.get("sentence") or "", evidence.get("text") or ""
    if not span:
        return sentence, "", ""
    word = re.search(rf"(?<!\w){re.escape(span)}(?!\w)", sentence)  # 'he', not the 'he' of 'The'
    at = word.start() if word else sentence.find(span)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], span, sentence[at + len(span) :]


def field_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-field score rows followed by the micro row."""
    return [*report["fields"], report["overall"]["micro"]]
