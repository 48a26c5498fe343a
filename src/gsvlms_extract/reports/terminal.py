"""The evaluation in the terminal (rich): per-field scores, linking summary, disagreements."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gsvlms_extract.reports.text import field_rows, format_ratio, format_value, split_evidence

__all__ = ["render_terminal"]


def _scores_table(report: dict[str, Any]) -> Table:
    table = Table(title="Per-field agreement with Table 1 (linked patients only)")
    for name in ("field", "agree", "disagree", "missed", "extra", "both null"):
        table.add_column(name, justify="left" if name == "field" else "right")
    for name in ("accuracy", "precision", "recall", "F1", "coverage"):
        table.add_column(name, justify="right")
    for row in field_rows(report):
        table.add_row(
            row["field"],
            *(str(row[k]) for k in ("agree", "disagree", "missed", "extra", "both_null")),
            *(format_ratio(row[k]) for k in ("accuracy", "precision", "recall", "f1", "coverage")),
            style="bold" if row["field"] == "micro" else None,
        )
    macro = report["overall"]["macro"]
    table.add_row(
        "macro",
        "",
        "",
        "",
        "",
        "",
        *(format_ratio(macro[k]) for k in ("accuracy", "precision", "recall", "f1", "coverage")),
        style="bold",
    )
    return table


def _links_table(report: dict[str, Any]) -> Table:
    table = Table(title="Linking")
    for name in ("document", "patient", "status", "case", "confidence", "method", "why"):
        table.add_column(name)
    for link in report["links"]:
        table.add_row(
            link["source"],
            str(link["patient_index"]),
            link["status"],
            "—" if link["case_id"] is None else str(link["case_id"]),
            f"{link['confidence']:.2f}",
            link["method"],
            link["reasons"][0] if link["reasons"] else "",
        )
    return table


def _evidence_text(evidence: dict[str, Any] | None) -> Text:
    parts = split_evidence(evidence)
    if parts is None:
        return Text("(no evidence)", style="dim")
    before, span, after = parts
    text = Text(before)
    text.append(span, style="bold reverse")
    text.append(after)
    return text


def render_terminal(
    report: dict[str, Any], console: Console | None = None, *, top: int = 10
) -> None:
    """Print the report: scores, linking summary, candidate new cases, top disagreements."""
    console = console or Console()
    summary = report["summary"]
    console.print(_scores_table(report))
    console.print(
        f"Linking: {summary['linked']} linked, {summary['candidate_new']} candidate new, "
        f"{summary['near_miss']} unlinked near-miss, of {summary['patients']} patients in "
        f"{summary['documents']} documents ({summary['failed_documents']} unreadable); "
        f"threshold {report['threshold']:g}"
    )
    console.print(_links_table(report))
    for link in report["links"]:
        if link["status"] != "candidate_new":
            continue
        console.print(
            f"[bold]Candidate new case[/bold]: {link['source']} patient "
            f"{link['patient_index']} — {link['reasons'][0]}",
            highlight=False,
        )
        for candidate in link["candidates"]:
            console.print(
                f"  nearest case {candidate['case_id']} "
                f"(confidence {candidate['confidence']:.2f}): {candidate['rejected']}",
                highlight=False,
            )
    for failure in report["failures"]:
        console.print(
            f"[red]unreadable[/red] {failure['path']}: {failure['reason']}", highlight=False
        )
    disagreements = [c for c in report["comparisons"] if c["outcome"] == "disagree"]
    resolved = [c for c in report["comparisons"] if c["resolved_by_verdict"]]
    console.print(
        f"\n{len(disagreements)} disagreements (not necessarily extraction errors: Table 1 has "
        f"mistakes); {len(resolved)} agreements rest on a curator verdict."
    )
    for c in disagreements[:top]:
        console.print(
            Text.assemble(
                (f"case {c['case_id']} {c['field']}: ", "bold"),
                f"extracted {format_value(c['extracted'])!s}, gold {format_value(c['gold'])}",
                f" (Table 1 printed {c['printed_cell']!r})"
                if c["printed_cell"] is not None
                else "",
                f" — {c['source']}",
            )
        )
        console.print(Text("    ").append_text(_evidence_text(c["evidence"])))
    if len(disagreements) > top:
        console.print(f"… {len(disagreements) - top} more in the JSON/HTML report.")
