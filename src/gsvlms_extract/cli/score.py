"""`gsvlms score-corpus`: the extractor against labelled corpus parts, side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.corpus_parts import BLIND_PARTS, TEST_PART
from gsvlms_extract.schema import CLINICAL_FIELDS

__all__ = ["score_corpus_command", "DEFAULT_PARTS"]

#: development corpus (written by the team, rules tuned on it) and frozen test (written blind)
DEFAULT_PARTS = ("corpus", *(f"corpus/{part}" for part in BLIND_PARTS), f"corpus/{TEST_PART}")


def _pct(right: int, total: int) -> str:
    return f"{right / total:.1%}" if total else "-"


def score_corpus_command(
    parts: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Corpus parts, each a folder with manifest/*.yaml "
            "(default: corpus = development written by the team, the corpus/dev_real* "
            "parts = development written blind, corpus/test = frozen test).",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the scores as JSON to this file.")
    ] = None,
) -> None:
    """Stated facts right, values for unstated facts and GSV-LMS recognition per corpus part.

    Each part's manifest lists exactly the facts its texts state. The development part is the
    text the rules were written on; the frozen test part was written blind and is never used to
    tune rules: its figure is the honest one.
    """
    from gsvlms_extract.corpus_score import score_corpus
    from gsvlms_extract.errors import GsvlmsError
    from gsvlms_extract.nlp import build_pipeline

    folders = [Path(p) for p in (parts or DEFAULT_PARTS)]
    err = Console(stderr=True)
    for folder in folders:
        if not (folder / "manifest").is_dir():
            err.print(f"error: {folder}: no manifest/ folder (not a labelled corpus part)")
            raise typer.Exit(1)
    nlp = build_pipeline()
    scores = []
    for folder in folders:
        try:
            scores.append(score_corpus(folder, nlp))
        except GsvlmsError as exc:
            err.print(f"error: {exc}")
            raise typer.Exit(1) from None
    out = Console()
    summary = Table(title="Extractor on labelled corpus parts")
    summary.add_column("measure")
    for score in scores:
        summary.add_column(score.name, justify="right")
    totals = [s.total() for s in scores]
    rows = [
        ("documents", [str(s.documents) for s in scores]),
        ("patients", [str(s.patients) for s in scores]),
        (
            "stated facts right",
            [f"{t.right}/{t.stated} ({_pct(t.right, t.stated)})" for t in totals],
        ),
        ("  wrong", [str(t.wrong) for t in totals]),
        ("  missed", [str(t.missed) for t in totals]),
        ("values for unstated facts", [str(t.unstated_emitted) for t in totals]),
        (
            "GSV-LMS patients recognised",
            [f"{s.gsv_recognised}/{s.gsv_patients}" for s in scores],
        ),
        (
            "look-alike patients flagged GSV-LMS",
            [f"{s.lookalike_flagged}/{s.lookalike_patients}" for s in scores],
        ),
        ("unreadable documents", [str(len(s.unreadable)) for s in scores]),
    ]
    for label, cells in rows:
        summary.add_row(label, *cells)
    out.print(summary)
    per_field = Table(title="Stated facts right per field (right/stated, unstated emitted)")
    per_field.add_column("field")
    for score in scores:
        per_field.add_column(score.name, justify="right")
    for name in CLINICAL_FIELDS:
        per_field.add_row(
            name,
            *(
                f"{c.right}/{c.stated} +{c.unstated_emitted}"
                for c in (s.fields[name] for s in scores)
            ),
        )
    out.print(per_field)
    for score in scores:
        for line in score.unreadable:
            err.print(f"unreadable: {line}")
    if json_out is not None:
        json_out.write_text(
            json.dumps([s.to_dict() for s in scores], indent=2) + "\n", encoding="utf-8"
        )
