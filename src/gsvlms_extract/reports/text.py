"""Shared helpers for the human-readable reports: value labels and evidence highlighting."""

from __future__ import annotations

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

    The span is located by its text within the sentence (first occurrence); if the sentence
    does not contain it, the whole sentence comes back as ``before`` and the span is empty.
    """
    if not evidence:
        return None
    sentence, span = evidence.get("sentence") or "", evidence.get("text") or ""
    at = sentence.find(span) if span else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], span, sentence[at + len(span) :]


def field_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-field score rows followed by the micro row."""
    return [*report["fields"], report["overall"]["micro"]]
