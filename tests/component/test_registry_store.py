"""Writing documents into the registry, on SQLite and PostgreSQL, with the real linker.

Documents are hand-built `DocumentResult`s (the extraction stage is exercised by the batch
tests); linking is the real `reconcile.link_cases` against the registry's cases.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from gsvlms_extract.reconcile import link_cases
from gsvlms_extract.registry import load_cases, open_registry, record_document
from gsvlms_extract.registry.models import (
    Case,
    CaseValue,
    Conflict,
    Document,
    Extraction,
    Link,
    NoteNlp,
)
from gsvlms_extract.registry.queries import table_counts
from gsvlms_extract.registry.store import DocumentResult
from gsvlms_extract.schema import Evidence, ExtractedCase


def make_case(
    source: str, patient_index: int = 1, modifiers=(), cues=(), **values
) -> ExtractedCase:
    evidence = {
        name: Evidence(
            start=10 * i,
            end=10 * i + 5,
            page=None,
            sentence=f"sentence about {name}",
            text=f"{name} text",
            rule_id=f"rule.{name}",
            modifiers=tuple(modifiers),
            cues=tuple(cues),
        )
        for i, name in enumerate(values)
    }
    return ExtractedCase(
        source=source,
        patient_index=patient_index,
        is_gsv_lms=True,
        is_gsv_lms_reason="GSV leiomyosarcoma stated",
        evidence=evidence,
        **values,
    )


def result(path: str, *cases: ExtractedCase, content: str | None = None) -> DocumentResult:
    sha = hashlib.sha256((content or path).encode()).hexdigest()
    return DocumentResult(
        path=path,
        sha256=sha,
        size_bytes=100,
        media_type="text/plain",
        cases=list(cases),
        sections={"1:sex": "body"},
    )


SMOUT = make_case(
    "smout1960.txt", sex="F", age_years=77, side="left", region="thigh", outcome="dead"
)
NEW_PATIENT = make_case(
    "kowalski2025.txt",
    sex="M",
    age_years=41,
    side="right",
    region="ankle",
    size_mm=33.0,
    metastasis=["lung"],
)


@pytest.fixture
def registry(registry_url, gold_table):
    engine = open_registry(registry_url, create=True, gold_table=gold_table)
    yield engine
    engine.dispose()


def write(engine, doc: DocumentResult, run_id=None):
    return record_document(engine, doc, run_id=run_id, linker=link_cases)


def rows(engine, model, *order):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(model).order_by(*order)).mappings()]


def test_gold_seed_is_57_curated_cases_and_reopening_changes_nothing(
    registry, registry_url, gold_table
):
    counts = table_counts(registry)
    assert counts["cases"] == 57
    values = rows(registry, CaseValue, CaseValue.case_id, CaseValue.field)
    assert {v["origin"] for v in values} == {"gold"} and all(v["curated"] for v in values)
    assert load_cases(registry)[3].author == "Smout"
    again = open_registry(registry_url, create=True, gold_table=gold_table)
    assert table_counts(again) == counts
    again.dispose()


def test_curated_value_survives_a_conflicting_extraction(registry):
    outcome = write(registry, result("inbox/smout1960.txt", SMOUT))
    assert outcome.status == "new" and outcome.linked_case_ids == [4]
    assert load_cases(registry)[3].age_years == 76  # gold value kept
    conflicts = rows(registry, Conflict, Conflict.field)
    assert [
        (
            c["case_id"],
            c["field"],
            c["registry_value"],
            c["registry_origin"],
            c["extracted_value"],
            c["status"],
        )
        for c in conflicts
    ] == [(4, "age_years", "76", "gold", "77", "open")]
    [link] = rows(registry, Link)
    assert link["case_id"] == 4 and not link["created_case"] and link["confidence"] >= 0.85


def test_new_patient_becomes_a_needs_review_case_and_a_second_report_links_to_it(registry):
    first = write(registry, result("inbox/kowalski2025.txt", NEW_PATIENT))
    assert first.new_case_ids == [58]
    case = rows(registry, Case, Case.case_id)[-1]
    assert (case["case_id"], case["origin"], case["needs_review"]) == (58, "extraction", True)
    filled = {
        v["field"]: (v["value"], v["origin"], v["curated"])
        for v in rows(registry, CaseValue)
        if v["case_id"] == 58
    }
    assert filled["metastasis"] == ("lung", "extraction", False)
    assert filled["size_mm"] == ("33", "extraction", False)
    # The same patient described again (a PDF of the same report, more facts): links, fills.
    again = make_case(
        "kowalski2025_pdf.pdf",
        sex="M",
        age_years=41,
        side="right",
        region="ankle",
        size_mm=33.0,
        metastasis=["lung"],
        outcome="alive",
        followup_months=12.0,
    )
    second = write(registry, result("inbox/kowalski2025.pdf", again))
    assert (second.new_case_ids, second.linked_case_ids) == ([], [58])
    assert load_cases(registry)[-1].outcome == "alive"
    assert table_counts(registry)["cases"] == 58


def test_extraction_fills_only_empty_fields_of_a_gold_case(registry):
    deweese = make_case("deweese1958.txt", sex="M", age_years=54, side="left", outcome="alive")
    outcome = write(registry, result("inbox/deweese1958.txt", deweese))
    assert outcome.linked_case_ids == [3] and outcome.n_filled == 1
    [filled] = [v for v in rows(registry, CaseValue) if v["origin"] == "extraction"]
    assert (filled["case_id"], filled["field"], filled["value"]) == (3, "outcome", "alive")
    assert rows(registry, Conflict) == []


def test_same_document_twice_and_a_renamed_copy_add_no_rows(registry):
    write(registry, result("inbox/smout1960.txt", SMOUT, content="smout"))
    before = table_counts(registry)
    again = write(registry, result("inbox/smout1960.txt", SMOUT, content="smout"))
    copy = write(registry, result("inbox/copy of smout.txt", SMOUT, content="smout"))
    assert (again.status, copy.status) == ("skipped", "skipped")
    assert "sha256" in copy.reason
    assert table_counts(registry) == before


def test_failed_document_is_recorded_and_a_retry_updates_it_in_place(registry):
    failed = DocumentResult(
        path="inbox/broken.pdf",
        sha256="f" * 64,
        size_bytes=7,
        status="failed",
        error="inbox/broken.pdf: PDF is encrypted",
    )
    assert write(registry, failed).status == "failed"
    [doc] = rows(registry, Document)
    assert (doc["status"], doc["error"], doc["attempts"]) == (
        "failed",
        "inbox/broken.pdf: PDF is encrypted",
        1,
    )
    fixed = DocumentResult(
        path="inbox/broken.pdf", sha256="f" * 64, size_bytes=7, cases=[NEW_PATIENT]
    )
    assert write(registry, fixed).status == "new"
    [doc] = rows(registry, Document)
    assert (doc["status"], doc["error"], doc["attempts"]) == ("ok", None, 2)
    assert table_counts(registry)["extractions"] == 1


def test_evidence_rows_follow_note_nlp(registry):
    negated = make_case(
        "szasz1969.txt",
        modifiers=("negated",),
        cues=("context.negated_existence.no",),
        sex="M",
        local_recurrence=False,
    )
    write(registry, result("inbox/szasz1969.txt", negated))
    evidence = rows(registry, NoteNlp, NoteNlp.note_nlp_concept)
    [doc] = rows(registry, Document)
    [ext] = rows(registry, Extraction)
    assert [
        (
            e["note_nlp_concept"],
            e["concept_value"],
            e["term_exists"],
            e["term_modifiers"],
            e["section"],
        )
        for e in evidence
    ] == [
        ("local_recurrence", "false", "N", "negated=true, cue=context.negated_existence.no", None),
        ("sex", "M", "N", "negated=true, cue=context.negated_existence.no", "body"),
    ]
    first = evidence[0]
    assert first["note_id"] == doc["id"] and first["extraction_id"] == ext["id"]
    assert (first["snippet"], first["lexical_variant"], first["rule_id"]) == (
        "sentence about local_recurrence",
        "local_recurrence text",
        "rule.local_recurrence",
    )
    assert (
        first["nlp_system"] == "gsvlms-extract"
        and first["nlp_date"] == str(first["nlp_datetime"])[:10]
    )
    assert (ext["sex"], ext["local_recurrence"], ext["age_years"]) == ("M", "false", None)


def test_a_document_whose_linking_fails_leaves_no_rows(registry):
    before = table_counts(registry)

    def broken_linker(cases, candidates):
        raise KeyError("linker bug")

    with pytest.raises(KeyError):
        record_document(
            registry, result("inbox/smout1960.txt", SMOUT), run_id=None, linker=broken_linker
        )
    assert table_counts(registry) == before


def test_two_patients_of_one_report_are_two_extractions(registry):
    a = make_case("stringer1977.txt", 1, sex="M", age_years=45)
    b = make_case("stringer1977.txt", 2, sex="F", age_years=60)
    outcome = write(registry, result("inbox/stringer1977.txt", a, b))
    assert outcome.n_extractions == 2
    exts = rows(registry, Extraction, Extraction.patient_index)
    assert [(e["patient_index"], e["sex"], e["age_years"]) for e in exts] == [
        (1, "M", "45"),
        (2, "F", "60"),
    ]
    assert len(rows(registry, Link)) == 2


def test_author_spelling_differing_only_in_case_is_no_conflict(registry):
    deweese = make_case("deweese1958.txt", author="DeWeese", sex="M", age_years=54)
    write(registry, result("inbox/deweese1958.txt", deweese))
    assert rows(registry, Conflict) == []
    assert load_cases(registry)[2].author == "Deweese"


def test_links_made_in_a_worker_are_reused_only_for_the_same_candidates(registry):
    from gsvlms_extract.registry.store import linking_candidates

    candidates, key = linking_candidates(registry)
    assert [c.case_id for c in candidates] == list(range(1, 58))
    worker_links = link_cases([SMOUT], candidates)

    def must_not_link(cases, candidates):
        raise AssertionError("the parent linked again")

    doc = result("inbox/smout1960.txt", SMOUT)
    doc.links, doc.links_key = worker_links, key
    outcome = record_document(registry, doc, run_id=None, linker=must_not_link)
    assert (outcome.linked_case_ids, outcome.relinked) == ([4], False)

    # A new case changes the candidates: links made against the old ones are not trusted.
    write(registry, result("inbox/kowalski2025.txt", NEW_PATIENT))
    assert linking_candidates(registry)[1] != key
    stale = result("inbox/stringer1977.txt", make_case("stringer1977.txt", sex="M", age_years=39))
    stale.links, stale.links_key = worker_links, key
    outcome = write(registry, stale)
    assert outcome.relinked and outcome.linked_case_ids == [12]


def test_values_filled_by_extractions_do_not_steer_later_links(registry):
    from gsvlms_extract.registry.store import linking_candidates

    _, key = linking_candidates(registry)
    deweese = make_case("deweese1958.txt", sex="M", age_years=54, side="left", outcome="alive")
    assert write(registry, result("inbox/deweese1958.txt", deweese)).n_filled == 1
    candidates, after = linking_candidates(registry)
    assert after == key and candidates[2].outcome is None  # curated view of case 3
    assert load_cases(registry)[2].outcome == "alive"  # the registry holds the filled value
