"""Evaluate extracted patients against the gold standard: link, compare, score.

`evaluate_cases` is pure (records in, `Evaluation` out); `reconcile.run.evaluate_paths` adds
reading the corpus and the gold files. Only linked patients are scored; candidate new cases and
near-miss documents are reported, not scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gsvlms_extract.reconcile.compare import (
    CATEGORICAL_FIELDS,
    FIELD_RULES,
    Outcome,
    compare_values,
)
from gsvlms_extract.reconcile.link import DEFAULT_THRESHOLD, Link, link_cases
from gsvlms_extract.reconcile.metrics import (
    FieldScore,
    macro_average,
    micro_average,
    score_outcomes,
)
from gsvlms_extract.reconcile.printed import PRINTED_COLUMN
from gsvlms_extract.schema import CLINICAL_FIELDS, CaseRecord, Evidence, ExtractedCase

__all__ = ["Verdict", "FieldComparison", "Evaluation", "evaluate_cases", "json_value", "NULL_LABEL"]

#: How a null is labelled in confusion tables.
NULL_LABEL = "(null)"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A curator verdict on one gold cell (from ``gold/corrections.yaml``)."""

    case_id: int
    field: str
    value: Any
    reason: str
    source: str


def json_value(value: Any) -> Any:
    """A field value in plain JSON form: enums as strings, lists as lists, None stays None."""
    if value is None or isinstance(value, bool | int | str):
        return value.value if hasattr(value, "value") else value
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 3)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return getattr(value, "value", value)


def _label(value: Any) -> str:
    value = json_value(value)
    if value is None:
        return NULL_LABEL
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One field of one linked patient: both values, the outcome and what a curator needs."""

    source: str
    patient_index: int
    case_id: int
    field: str
    outcome: Outcome
    extracted: Any
    gold: Any
    evidence: Evidence | None
    printed: str | None
    printed_column: str | None
    verdict: Verdict | None = None

    @property
    def resolved_by_verdict(self) -> bool:
        """The values agree because a curator corrected the printed gold cell."""
        return self.verdict is not None and self.outcome is Outcome.agree

    def as_dict(self) -> dict[str, Any]:
        evidence = None
        if self.evidence is not None:
            e = self.evidence
            evidence = {
                "sentence": e.sentence,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "page": e.page,
                "rule_id": e.rule_id,
                "modifiers": list(e.modifiers),
            }
        verdict = None
        if self.verdict is not None:
            verdict = {
                "value": self.verdict.value,
                "reason": self.verdict.reason,
                "source": self.verdict.source,
            }
        return {
            "source": self.source,
            "patient_index": self.patient_index,
            "case_id": self.case_id,
            "field": self.field,
            "outcome": self.outcome.value,
            "extracted": json_value(self.extracted),
            "gold": json_value(self.gold),
            "evidence": evidence,
            "printed_cell": self.printed,
            "printed_column": self.printed_column,
            "verdict": verdict,
            "resolved_by_verdict": self.resolved_by_verdict,
        }


@dataclass(frozen=True)
class Evaluation:
    """Everything `gsvlms evaluate` reports."""

    links: list[Link]
    comparisons: list[FieldComparison]
    scores: list[FieldScore]
    micro: FieldScore
    macro: dict[str, float | None]
    confusion: dict[str, dict[str, dict[str, int]]]
    threshold: float
    n_documents: int
    failures: list[tuple[str, str]] = field(default_factory=list)

    def links_by_status(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {"linked": [], "candidate_new": [], "near_miss": []}
        for link in self.links:
            out[link.status].append(link)
        return out

    @property
    def disagreements(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.outcome is Outcome.disagree]

    @property
    def resolved(self) -> list[FieldComparison]:
        return [c for c in self.comparisons if c.resolved_by_verdict]


def _confusion(comparisons: Iterable[FieldComparison]) -> dict[str, dict[str, dict[str, int]]]:
    table: dict[str, dict[str, dict[str, int]]] = {
        name: defaultdict(lambda: defaultdict(int)) for name in CATEGORICAL_FIELDS
    }
    for c in comparisons:
        if c.field in table:
            table[c.field][_label(c.gold)][_label(c.extracted)] += 1
    return {
        name: {g: dict(sorted(row.items())) for g, row in sorted(rows.items())}
        for name, rows in table.items()
    }


def evaluate_cases(
    cases: Sequence[ExtractedCase],
    gold: Sequence[CaseRecord],
    *,
    printed: Mapping[int, Mapping[str, str]] | None = None,
    verdicts: Iterable[Verdict] = (),
    threshold: float = DEFAULT_THRESHOLD,
    failures: Sequence[tuple[str, str]] = (),
    fields: Sequence[str] = CLINICAL_FIELDS,
) -> Evaluation:
    """Link ``cases`` to ``gold`` and score every field of every linked patient.

    Args:
        cases: extracted patients (near-miss documents included; they are not linked).
        gold: gold rows, curator verdicts already applied (as `gold.load_gold` returns them).
        printed: case id -> Table 1 cells as printed (`load_printed_cells`), shown with each
            comparison; ``None`` leaves the printed cells out.
        verdicts: curator verdicts, to show which agreements rest on a correction.
        threshold: link confidence threshold (see `link_cases`).
        failures: (path, reason) of documents that could not be read, passed through.
        fields: fields to score (default every clinical field).
    """
    links = link_cases(cases, gold, threshold=threshold)
    by_id = {row.case_id: row for row in gold}
    by_cell = {(v.case_id, v.field): v for v in verdicts}
    printed = printed or {}
    comparisons: list[FieldComparison] = []
    for case, link in zip(cases, links, strict=True):
        if link.case_id is None:
            continue
        row = by_id[link.case_id]
        for name in fields:
            mine, theirs = getattr(case, name), getattr(row, name)
            column = PRINTED_COLUMN.get(name)
            comparisons.append(
                FieldComparison(
                    source=case.source,
                    patient_index=case.patient_index,
                    case_id=link.case_id,
                    field=name,
                    outcome=compare_values(name, mine, theirs),
                    extracted=mine,
                    gold=theirs,
                    evidence=case.evidence.get(name),
                    printed=printed.get(link.case_id, {}).get(column) if column else None,
                    printed_column=column,
                    verdict=by_cell.get((link.case_id, name)),
                )
            )
    outcomes: dict[str, list[Outcome]] = {name: [] for name in fields if name in FIELD_RULES}
    for c in comparisons:
        outcomes[c.field].append(c.outcome)
    scores = score_outcomes(outcomes)
    return Evaluation(
        links=list(links),
        comparisons=comparisons,
        scores=scores,
        micro=micro_average(scores),
        macro=macro_average(scores),
        confusion=_confusion(comparisons),
        threshold=threshold,
        n_documents=len({case.source for case in cases}) + len(failures),
        failures=list(failures),
    )
