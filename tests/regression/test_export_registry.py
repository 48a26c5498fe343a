"""Registry exports pinned whole: CSV rows, Parquet schema and rows, REDCap dictionary + import.

The registry is the 57 gold cases plus three hand-built documents written through the real
store and linker: a report of a known case with a conflicting age, a report filling an empty
gold field, and a new patient (case 58, needs review).
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd
import pytest

from gsvlms_extract.reconcile import link_cases
from gsvlms_extract.registry import export_registry, open_registry, record_document
from gsvlms_extract.registry.store import DocumentResult
from gsvlms_extract.schema import Evidence, ExtractedCase

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def original_datadir() -> Path:
    return REPO / "tests" / "data" / "registry" / "export_snapshots"


def _case(source: str, **values) -> ExtractedCase:
    evidence = {
        name: Evidence(start=i, end=i + 1, sentence="s", text="t", rule_id=f"r.{name}")
        for i, name in enumerate(values)
    }
    return ExtractedCase(
        source=source,
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="stated",
        evidence=evidence,
        **values,
    )


DOCUMENTS = [
    _case("smout1960.txt", sex="F", age_years=77, side="left", region="thigh", outcome="dead"),
    _case("deweese1958.txt", sex="M", age_years=54, side="left", outcome="alive"),
    _case(
        "kowalski2025.txt",
        sex="M",
        age_years=41,
        side="right",
        region="ankle",
        size_mm=33.0,
        sizes_mm=[33.0, 12.0],
        presentation=["mass", "phlebitis"],
        metastasis=["lung"],
        vein_reconstruction=True,
        followup_months=7.5,
    ),
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "registry.db"
    engine = open_registry(path, create=True, gold_table=REPO / "gold" / "table1.csv")
    for case in DOCUMENTS:
        sha = hashlib.sha256(case.source.encode()).hexdigest()
        record_document(
            engine,
            DocumentResult(path=f"inbox/{case.source}", sha256=sha, size_bytes=1, cases=[case]),
            run_id=None,
            linker=link_cases,
        )
    yield engine
    engine.dispose()


def _records(frame: pd.DataFrame) -> list[dict]:
    def clean(value):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return None
        if isinstance(value, float):
            return round(value, 3)
        return value.item() if hasattr(value, "item") else value

    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def test_csv_export(registry, tmp_path, data_regression):
    [path] = export_registry(registry, "csv", tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).sort_values(
        "case_id", key=lambda s: s.astype(int)
    )
    assert len(frame) == 58
    data_regression.check({"columns": list(frame.columns), "rows": _records(frame)})


def test_parquet_export(registry, tmp_path, data_regression):
    [path] = export_registry(registry, "parquet", tmp_path)
    frame = pd.read_parquet(path).sort_values("case_id")
    data_regression.check(
        {"dtypes": {k: str(v) for k, v in frame.dtypes.items()}, "rows": _records(frame)}
    )


def test_redcap_export(registry, tmp_path, data_regression):
    dictionary_path, import_path = export_registry(registry, "redcap", tmp_path)
    dictionary = pd.read_csv(dictionary_path, dtype=str, keep_default_na=False)
    data = pd.read_csv(import_path, dtype=str, keep_default_na=False)
    assert list(data["record_id"]) == [str(i) for i in range(1, 59)]
    data_regression.check({"dictionary": _records(dictionary), "import": _records(data)})
