"""Registry cases as the store and the linker read them: every value, and the linker's view.

Linking: the linker sees each registry case through its *curated* values (gold or curator),
plus every value of a case created from an extraction. Values an extraction filled into a
curated case never steer later links, so links do not depend on which report of a case came
first, and workers can link against the same candidates (see `CaseCache.key`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from gsvlms_extract.registry.models import RETIRED_ORIGINS, Case, CaseValue
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_from_row

__all__ = ["CaseCache", "linking_candidates", "load_cases"]


def _case_cells(conn: Connection) -> dict[int, dict[str, tuple[str, str]]]:
    """case_id → field → (cell, origin), every registry case (cases without values included)."""
    cells: dict[int, dict[str, tuple[str, str]]] = {
        case_id: {}
        for (case_id,) in conn.execute(
            select(Case.case_id).where(Case.origin.not_in(RETIRED_ORIGINS))
        )
    }
    for case_id, name, value, origin in conn.execute(
        select(CaseValue.case_id, CaseValue.field, CaseValue.value, CaseValue.origin)
    ):
        if case_id in cells:
            cells[case_id][name] = (value, origin)
    return cells


def _as_record(case_id: int, cells: dict[str, tuple[str, str]]) -> CaseRecord:
    row = {name: "" for name in CASE_FIELDS}
    row.update({name: value for name, (value, _origin) in cells.items()})
    row["case_id"] = str(case_id)
    return record_from_row(row, where=f"registry case {case_id}")


def _as_records(cells: dict[int, dict[str, tuple[str, str]]]) -> list[CaseRecord]:
    return [_as_record(case_id, cells[case_id]) for case_id in sorted(cells)]


def _linking_cells(
    cells: dict[str, tuple[str, str]], case_origin: str
) -> dict[str, tuple[str, str]]:
    """What the linker sees of a case: curated values only, or every value of a case that was
    itself created from an extraction (it has no curated value yet)."""
    if case_origin == "extraction":
        return cells
    return {name: cell for name, cell in cells.items() if cell[1] != "extraction"}


def _revision(conn: Connection) -> tuple[Any, ...]:
    """Changes whenever any writer adds a case or adds/updates a case value."""
    values = conn.execute(select(func.count(), func.max(CaseValue.updated_at))).one()
    n_cases = conn.execute(select(func.count()).select_from(Case)).scalar_one()
    return (n_cases, *values)


class CaseCache:
    """The registry's cases between documents of one run: every value (for merging) and the
    linker's view of each case (`candidates`, see `_linking_cells`).

    Reloaded only when the registry's revision (case count, value count, latest value
    update) differs from the one this process left, i.e. when another writer changed cases;
    cases this process touches are rebuilt individually. ``key`` fingerprints the candidates:
    links computed in a worker against candidates with the same key are the links the parent
    would compute, so the parent reuses them instead of linking again.
    """

    def __init__(self) -> None:
        self.revision: tuple[Any, ...] | None = None
        self.cells: dict[int, dict[str, tuple[str, str]]] = {}
        self.origins: dict[int, str] = {}
        self.records: dict[int, CaseRecord] = {}
        self.prints: dict[int, str] = {}
        self.key = ""

    def _rebuild(self, case_id: int) -> None:
        view = _linking_cells(self.cells[case_id], self.origins[case_id])
        self.records[case_id] = _as_record(case_id, view)
        self.prints[case_id] = repr(sorted((k, v[0]) for k, v in view.items()))

    def _rekey(self) -> None:
        text = "\n".join(f"{cid}:{self.prints[cid]}" for cid in sorted(self.prints))
        self.key = hashlib.sha256(text.encode()).hexdigest()

    def load(self, conn: Connection) -> dict[int, dict[str, tuple[str, str]]]:
        revision = _revision(conn)
        if revision != self.revision:
            self.cells = _case_cells(conn)
            self.origins = dict(
                conn.execute(
                    select(Case.case_id, Case.origin).where(Case.origin.not_in(RETIRED_ORIGINS))
                ).all()
            )
            self.records, self.prints = {}, {}
            for case_id in self.cells:
                self._rebuild(case_id)
            self._rekey()
            self.revision = revision
        return self.cells

    def candidates(self) -> list[CaseRecord]:
        return [self.records[case_id] for case_id in sorted(self.records)]

    def created(self, case_id: int) -> None:
        self.cells[case_id], self.origins[case_id] = {}, "extraction"

    def touched(self, conn: Connection, case_ids: Sequence[int]) -> None:
        for case_id in set(case_ids):
            self._rebuild(case_id)
        self._rekey()
        self.revision = _revision(conn)

    def invalidate(self) -> None:
        self.revision = None


def linking_candidates(engine: Engine) -> tuple[list[CaseRecord], str]:
    """The linker's candidate cases and their fingerprint key, as `record_document` sees them."""
    cache = CaseCache()
    with engine.connect() as conn:
        cache.load(conn)
    return cache.candidates(), cache.key


def load_cases(engine_or_conn: Engine | Connection) -> list[CaseRecord]:
    """Every registry case with all its values as a `CaseRecord`, sorted by case id."""
    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.connect() as conn:
            return _as_records(_case_cells(conn))
    return _as_records(_case_cells(engine_or_conn))
