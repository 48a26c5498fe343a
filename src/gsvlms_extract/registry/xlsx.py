"""Excel export for curators who live in spreadsheets: sheets ``cases``, ``evidence`` and
``decisions`` (openpyxl, the ``[review]`` extra)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.models import Document, Link, NoteNlp
from gsvlms_extract.spreadsheet import safe_frame

__all__ = ["write_xlsx"]


def _evidence(engine: Engine) -> pd.DataFrame:
    query = (
        select(
            Link.case_id,
            NoteNlp.note_nlp_concept.label("field"),
            NoteNlp.concept_value.label("value"),
            NoteNlp.lexical_variant.label("matched"),
            NoteNlp.snippet.label("sentence"),
            NoteNlp.page,
            Document.path.label("document"),
            NoteNlp.rule_id,
            NoteNlp.term_modifiers,
        )
        .join(Document, Document.id == NoteNlp.note_id)
        .outerjoin(Link, Link.extraction_id == NoteNlp.extraction_id)
        .order_by(Link.case_id, Document.path, NoteNlp.note_nlp_concept)
    )
    with engine.connect() as conn:
        return pd.DataFrame([dict(r) for r in conn.execute(query).mappings()])


def write_xlsx(engine: Engine, cases: pd.DataFrame, path: Path) -> Path:
    """Write the three sheets to ``path``; header row frozen and bold, columns filtered."""
    from gsvlms_extract.registry.decisions import decisions

    try:
        from openpyxl.styles import Font
    except ImportError:
        raise RegistryError(
            f"{path}: Excel export needs openpyxl (pip install 'gsvlms-extract[review]')"
        ) from None
    decided = pd.DataFrame(decisions(engine))
    if not decided.empty:
        decided["decided_at"] = decided["decided_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    sheets = {"cases": cases, "evidence": _evidence(engine), "decisions": decided}
    try:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in sheets.items():  # no cell may run as a formula
                safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes = "A2"
                if sheet.max_column and sheet.max_row:
                    sheet.auto_filter.ref = sheet.dimensions
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot write Excel file ({exc.strerror})") from None
    return path
