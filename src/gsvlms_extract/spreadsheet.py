"""Cells that are safe to open in a spreadsheet: CSV/formula injection neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a
formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``=cmd|...``). Every
CSV the package writes for people (``extract --format csv``, the registry CSV, the REDCap
import file) passes its text cells through `neutralize`, which prefixes such a cell with a
single quote, as OWASP recommends; the quote shows, the formula does not run. Numbers are
written by the package itself and never start with these characters (they are not negative).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMULA_PREFIXES", "neutralize", "safe_frame"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: Any) -> Any:
    """``'=1+1`` for ``=1+1``; any other value unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) == "string":
            out[column] = out[column].map(neutralize)
    return out
