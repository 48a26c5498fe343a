"""Checks on the printed Table 1 that flag cells a curator should look at.

An anomaly never changes a value by itself: it is reported (``gold/anomalies.csv`` and the
build output) so that a human can decide, and the decision goes to ``gold/corrections.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from gsvlms_extract.errors import VocabularyError
from gsvlms_extract.gold.normalize import (
    SEX_AGE_STRICT,
    is_not_reported,
    parse_author,
    parse_metastasis,
)
from gsvlms_extract.gold.table import CASE_MARKER, RAW_FIELDS, RawTable

ANOMALY_COLUMNS = ("case", "column", "raw", "problem")
#: Columns whose printed words start with a capital in every well-formed row.
_CAPITALIZED = ("site", "initial_symptom", "operation", "adjuvant_therapy", "metastasis", "outcome")


@dataclass(frozen=True, slots=True, order=True)
class Anomaly:
    case: int
    column: str
    raw: str
    problem: str

    def as_row(self) -> dict[str, str]:
        return {
            "case": str(self.case),
            "column": self.column,
            "raw": self.raw,
            "problem": self.problem,
        }


def _marker_spacing(table: RawTable) -> list[Anomaly]:
    spaced = Counter(" " in row.cells[0] for row in table.rows)
    usual = spaced.most_common(1)[0][0]
    example = "# 1" if usual else "#1"
    return [
        Anomaly(
            row.case,
            "case",
            row.cells[0],
            f"case marker spacing differs from the usual {example!r}",
        )
        for row in table.rows
        if (" " in row.cells[0]) != usual and CASE_MARKER.match(row.cells[0])
    ]


def _sex_age(table: RawTable) -> list[Anomaly]:
    return [
        Anomaly(
            row.case,
            "gender_age",
            cell,
            "malformed gender/age (expected the form F/65); read as sex and age",
        )
        for row in table.rows
        if not is_not_reported(cell := row.as_dict()["gender_age"])
        and not SEX_AGE_STRICT.fullmatch(cell)
    ]


def _lowercase(table: RawTable) -> list[Anomaly]:
    out = []
    for row in table.rows:
        cells = row.as_dict()
        for column in _CAPITALIZED:
            cell = cells[column]
            if cell[:1].islower():
                out.append(
                    Anomaly(
                        row.case,
                        column,
                        cell,
                        "starts lowercase where every other row is capitalized",
                    )
                )
    return out


def _metastasis_words(table: RawTable) -> list[Anomaly]:
    out = []
    for row in table.rows:
        cell = row.as_dict()["metastasis"]
        try:
            parse_metastasis(cell)
        except VocabularyError as exc:
            out.append(
                Anomaly(
                    row.case,
                    "metastasis",
                    cell,
                    f"suspicious cell: {str(exc).split(': ', 1)[1]}; needs a curator verdict",
                )
            )
    return out


def _history_symptom(table: RawTable) -> list[Anomaly]:
    return [
        Anomaly(
            row.case,
            "initial_symptom",
            cell,
            "a history, not a presenting symptom; presentation and pain left null",
        )
        for row in table.rows
        if re.match(r"history of\b", cell := row.as_dict()["initial_symptom"], re.IGNORECASE)
    ]


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("-", " ")
    )


def _authors(table: RawTable) -> list[Anomaly]:
    """Same reference cited with different author/year, or one name spelled two ways."""
    out = []
    by_ref: dict[int, set[tuple[str, str]]] = defaultdict(set)
    spellings: dict[str, set[str]] = defaultdict(set)
    for row in table.rows:
        cells = row.as_dict()
        name, ref = parse_author(cells["author"])
        if name is None:
            continue
        spellings[_fold(name)].add(name)
        if ref is not None:
            by_ref[ref].add((name, cells["year"]))
    for row in table.rows:
        cells = row.as_dict()
        name, ref = parse_author(cells["author"])
        if name is None:
            continue
        if ref is not None and len(by_ref[ref]) > 1:
            others = sorted(f"{n} {y}" for n, y in by_ref[ref])
            out.append(
                Anomaly(
                    row.case,
                    "author",
                    cells["author"],
                    f"reference ({ref}) cited as {', '.join(others)}",
                )
            )
        if len(spellings[_fold(name)]) > 1:
            out.append(
                Anomaly(
                    row.case,
                    "author",
                    cells["author"],
                    f"author spelled {' / '.join(sorted(spellings[_fold(name)]))}",
                )
            )
    return out


def _year_order(table: RawTable) -> list[Anomaly]:
    out = []
    last = 0
    for row in table.rows:
        year = row.as_dict()["year"]
        if year.isdigit():
            if int(year) < last:
                out.append(
                    Anomaly(
                        row.case, "year", year, f"out of chronological order (previous row {last})"
                    )
                )
            last = max(last, int(year))
    return out


def table_anomalies(table: RawTable) -> list[Anomaly]:
    """Every anomaly found in the printed cells, sorted by case then column order."""
    found = [
        *_marker_spacing(table),
        *_sex_age(table),
        *_lowercase(table),
        *_metastasis_words(table),
        *_history_symptom(table),
        *_authors(table),
        *_year_order(table),
    ]
    return sort_anomalies(found)


def sort_anomalies(anomalies: list[Anomaly]) -> list[Anomaly]:
    return sorted(set(anomalies), key=lambda a: (a.case, RAW_FIELDS.index(a.column), a.problem))
