"""The evaluation in the terminal (rich): per-field scores, linking summary, disagreements."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gsvlms_extract.reports.text import field_rows, format_value, split_evidence

__all__ = ["render_terminal"]


_COUNTS = (
    ("agree", "agree"),
    ("disagree", "dis"),
    ("missed", "miss"),
    ("extra", "extra"),
    ("both_null", "null"),
)
_RATIOS = (("accuracy", "acc=R"), ("precision", "P"), ("f1", "F1"), ("coverage", "cov"))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _scores_table(report: dict[str, Any]) -> Table:
    table = Table(
        title="Per-field agreement with Table 1 (linked patients)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    table.add_column("field", no_wrap=True)
    for _, head in _COUNTS:
        table.add_column(head, justify="right", no_wrap=True)
    for _, head in _RATIOS:
        table.add_column(head, justify="right", no_wrap=True, min_width=4)
    for row in field_rows(report):
        table.add_row(
            row["field"],
            *(str(row[key]) for key, _ in _COUNTS),
            *(_pct(row[key]) for key, _ in _RATIOS),
            style="bold" if row["field"] == "micro" else None,
        )
    macro = report["overall"]["macro"]
    table.add_row(
        "macro", *([""] * len(_COUNTS)), *(_pct(macro[k]) for k, _ in _RATIOS), style="bold"
    )
    return table


def _print_links(report: dict[str, Any], console: Console) -> None:
    for link in report["links"]:
        who = f"{link['source']} patient {link['patient_index']}"
        if link["status"] == "candidate_new":
            console.print(f"[bold]{who}[/bold]: {link['reasons'][0]}", highlight=False)
            for candidate in link["candidates"]:
                console.print(
                    f"    nearest case {candidate['case_id']} (confidence "
                    f"{candidate['confidence']:.2f}): {candidate['rejected']}",
                    highlight=False,
                )
        elif link["status"] == "near_miss":
            console.print(f"{who}: {link['reasons'][0]}", highlight=False)
        elif link["method"] == "facts":
            console.print(
                f"linked by facts alone: {who} -> case {link['case_id']} "
                f"(confidence {link['confidence']:.2f})",
                highlight=False,
            )


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
    console.print("acc=R: accuracy over gold values, equal to recall; P: precision; cov: coverage")
    console.print(
        f"Linking: {summary['linked']} linked, {summary['candidate_new']} candidate new, "
        f"{summary['near_miss']} unlinked near-miss, of {summary['patients']} patients in "
        f"{summary['documents']} documents ({summary['failed_documents']} unreadable); "
        f"threshold {report['threshold']:g}"
    )
    _print_links(report, console)
    for failure in report["failures"]:
        console.print(
            f"[red]unreadable[/red] {failure['path']}: {failure['reason']}", highlight=False
        )
    disagreements = [c for c in report["comparisons"] if c["outcome"] == "disagree"]
    resolved = [c for c in report["comparisons"] if c["resolved_by_verdict"]]
    console.print(
        f"\nDisagreements: {len(disagreements)} (not necessarily extraction errors: Table 1 has "
        f"mistakes). Agreements resting on a curator verdict: {len(resolved)}."
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
