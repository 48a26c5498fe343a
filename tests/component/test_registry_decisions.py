"""Curator decisions on SQLite and PostgreSQL: their effect, their record, and locking."""

from __future__ import annotations

import hashlib
import threading

import pytest
from sqlalchemy import insert, select

from gsvlms_extract.errors import RegistryError, VocabularyError
from gsvlms_extract.reconcile import link_cases
from gsvlms_extract.registry import load_cases, open_registry, record_document
from gsvlms_extract.registry.case_decisions import decide_case, decide_exclusion
from gsvlms_extract.registry.db import utcnow
from gsvlms_extract.registry.decisions import (
    AlreadyDecided,
    _insert,
    decide_value,
    decisions,
    record_correction,
    registry_corrections,
    resolve_conflict,
)
from gsvlms_extract.registry.models import Case, CaseValue, Conflict, Decision, Link
from gsvlms_extract.registry.store import DocumentResult
from gsvlms_extract.schema import Evidence, ExtractedCase


def make_case(source, patient_index=1, is_gsv_lms=True, **values) -> ExtractedCase:
    evidence = {
        name: Evidence(
            start=10 * i,
            end=10 * i + 5,
            sentence=f"sentence about {name} in {source}",
            text=name,
            rule_id=f"rule.{name}",
        )
        for i, name in enumerate(values)
    }
    return ExtractedCase(
        source=source,
        patient_index=patient_index,
        is_gsv_lms=is_gsv_lms,
        is_gsv_lms_reason="GSV leiomyosarcoma stated" if is_gsv_lms else "femoral vein tumour",
        evidence=evidence,
        **values,
    )


def write(engine, path, *cases):
    doc = DocumentResult(
        path=path,
        sha256=hashlib.sha256(path.encode()).hexdigest(),
        size_bytes=10,
        cases=list(cases),
    )
    return record_document(engine, doc, run_id=None, linker=link_cases)


SMOUT = make_case("smout1960.txt", sex="F", age_years=77, side="left", region="thigh")
NEW = make_case(
    "kowalski2025.txt", sex="M", age_years=41, side="right", region="ankle", size_mm=33.0
)


@pytest.fixture
def registry(registry_url, gold_table):
    engine = open_registry(registry_url, create=True, gold_table=gold_table)
    yield engine
    engine.dispose()


def open_conflicts(engine):
    with engine.connect() as conn:
        return conn.execute(select(Conflict).where(Conflict.status == "open")).mappings().all()


def value(engine, case_id, field):
    with engine.connect() as conn:
        return conn.execute(
            select(CaseValue.value, CaseValue.origin).where(
                CaseValue.case_id == case_id, CaseValue.field == field
            )
        ).first()


def test_accepting_a_conflict_sets_the_value_records_who_why_evidence_and_survives_reruns(
    registry,
):
    write(registry, "inbox/smout1960.txt", SMOUT)
    (conflict,) = open_conflicts(registry)
    assert (conflict["case_id"], conflict["field"]) == (4, "age_years")
    done = resolve_conflict(registry, conflict["id"], "accept", reason="text says 77", by="ana")
    assert done.value == "77" and load_cases(registry)[3].age_years == 77
    assert tuple(value(registry, 4, "age_years")) == ("77", "curator")
    (row,) = decisions(registry)
    assert (row["kind"], row["decided_by"], row["reason"]) == ("accept", "ana", "text says 77")
    assert row["previous_value"] == "76" and row["channel"] == "cli"
    assert row["evidence"] == "sentence about age_years in smout1960.txt"
    with pytest.raises(AlreadyDecided, match=r"already decided by ana at \d{4}-"):
        resolve_conflict(registry, conflict["id"], "keep", reason="no", by="ben")
    # A later run with another report saying 76 records a conflict; the decision stands.
    again = make_case("smout1960.txt", sex="F", age_years=76, side="left", region="thigh")
    assert write(registry, "inbox/again/smout1960.txt", again).linked_case_ids == [4]
    assert load_cases(registry)[3].age_years == 77
    assert [c["extracted_value"] for c in open_conflicts(registry)] == ["76"]
    assert len(decisions(registry)) == 1


def test_keep_other_value_and_not_reported(registry):
    write(registry, "inbox/smout1960.txt", SMOUT)
    (conflict,) = open_conflicts(registry)
    resolve_conflict(registry, conflict["id"], "keep", reason="Table 1 checked", by="ana")
    assert tuple(value(registry, 4, "age_years")) == ("76", "curator")
    result = decide_value(registry, 4, "metastasis", "liver;lung", reason="p. 3", by="ana")
    assert result.value == "liver;lung" and load_cases(registry)[3].metastasis == ["liver", "lung"]
    decide_value(registry, 4, "size_mm", "NA", reason="not in the text", by="ana")
    assert load_cases(registry)[3].size_mm is None
    assert tuple(value(registry, 4, "size_mm")) == ("", "curator")
    with pytest.raises(VocabularyError, match="size_mm"):
        decide_value(registry, 4, "size_mm", "big", reason="x")
    with pytest.raises(RegistryError, match="reason"):
        decide_value(registry, 4, "size_mm", "30", reason=" ")
    kinds = [d["kind"] for d in decisions(registry)]
    assert kinds == ["keep", "value", "not_reported"]
    # Stale form: the curator saw 0 decisions on size_mm, one exists now.
    with pytest.raises(AlreadyDecided, match="value:4:size_mm"):
        decide_value(registry, 4, "size_mm", "30", reason="x", by="ben", expected=0)


def test_new_case_accept_merge_reject(registry):
    outcome = write(registry, "inbox/kowalski2025.txt", NEW)
    (new_id,) = outcome.new_case_ids
    decide_case(registry, new_id, "accept", reason="real patient", by="ana")
    with registry.connect() as conn:
        review = conn.execute(select(Case.needs_review).where(Case.case_id == new_id)).scalar()
    assert review is False
    twin = make_case("nowak2025.txt", sex="M", age_years=41, side="right", size_mm=35.0)
    other = write(registry, "inbox/nowak2025.txt", twin)
    (dup_id,) = other.new_case_ids  # another author: the linker keeps them apart
    decide_case(registry, dup_id, "merge", into=new_id, reason="same patient", by="ana")
    with registry.connect() as conn:
        origin = conn.execute(select(Case.origin).where(Case.case_id == dup_id)).scalar()
        assert origin == "merged"  # kept so its number is never reused
        assert conn.execute(select(Link.case_id)).scalars().all() == [new_id, new_id]
    assert [c["extracted_value"] for c in open_conflicts(registry)] == ["35"]
    third = write(
        registry, "inbox/x.txt", make_case("x2020.txt", sex="F", age_years=9, region="knee")
    )
    (reject_id,) = third.new_case_ids
    decide_case(registry, reject_id, "reject", reason="a review, no patient", by="ana")
    assert reject_id not in {c.case_id for c in load_cases(registry)}
    assert reject_id > dup_id and new_id not in (dup_id, reject_id)
    from gsvlms_extract.registry import cases_frame

    assert {dup_id, reject_id}.isdisjoint(cases_frame(registry)["case_id"].astype(int))
    with pytest.raises(RegistryError, match="Table 1 case"):
        decide_case(registry, 4, "reject", reason="x")
    with pytest.raises(AlreadyDecided):
        decide_case(registry, reject_id, "accept", reason="x")


def test_overruling_an_exclusion_makes_a_case(registry):
    write(
        registry,
        "inbox/femoral.txt",
        make_case("femoral.txt", is_gsv_lms=False, sex="F", age_years=50, region="thigh"),
    )
    from gsvlms_extract.registry.queries import excluded

    (patient,) = excluded(registry)
    result = decide_exclusion(
        registry, patient["extraction_id"], "include", reason="GSV per figure 2", by="ana"
    )
    case = {c.case_id: c for c in load_cases(registry)}[result.case_id]
    assert (case.sex, case.age_years, case.region) == ("F", 50, "thigh")
    with pytest.raises(AlreadyDecided):
        decide_exclusion(registry, patient["extraction_id"], "exclude", reason="x")


def test_gold_corrections_are_registry_decisions(registry):
    from gsvlms_extract.gold.corrections import Correction

    verdict = Correction(case=8, field="metastasis", value=["lung"], reason="r", source="p. 2")
    assert record_correction(registry, verdict, by="ana") is True
    assert record_correction(registry, verdict, by="ana") is False  # same verdict: no new row
    assert load_cases(registry)[7].metastasis == ["lung"]
    decide_value(registry, 9, "age_years", "NA", reason="not stated", by="ben")
    assert [(c.case, c.field, c.value) for c in registry_corrections(registry)] == [
        (8, "metastasis", ["lung"]),
        (9, "age_years", None),
    ]
    (first, _) = decisions(registry)
    assert (first["channel"], first["evidence"]) == ("gold-corrections", "p. 2")


@pytest.mark.postgres
def test_two_curators_deciding_one_conflict_concurrently_on_postgresql(pg_database, gold_table):
    engine = open_registry(pg_database, create=True, gold_table=gold_table)
    try:
        write(engine, "inbox/smout1960.txt", SMOUT)
        (conflict,) = open_conflicts(engine)
        barrier, outcomes = threading.Barrier(2), {}

        def curator(name, action):
            barrier.wait()
            try:
                resolve_conflict(engine, conflict["id"], action, reason="r", by=name)
                outcomes[name] = "stored"
            except AlreadyDecided as exc:
                outcomes[name] = str(exc)

        threads = [
            threading.Thread(target=curator, args=("ana", "accept")),
            threading.Thread(target=curator, args=("ben", "keep")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winner = [n for n, o in outcomes.items() if o == "stored"]
        assert len(winner) == 1
        (loser,) = set(outcomes) - set(winner)
        assert f"already decided by {winner[0]} at" in outcomes[loser]
        assert [d["decided_by"] for d in decisions(engine)] == winner
        # Without the writers' lock, the unique (item, version) still admits one decision:
        # a transaction that inserted version 1 uncommitted blocks the second until it
        # commits, and the second is then told who won.
        item = "value:4:sex"
        row = {"kind": "value", "reason": "r", "decided_by": "carl", "channel": "cli"}
        held = engine.connect()
        tx = held.begin()
        held.execute(
            insert(Decision), [{**row, "item": item, "version": 1, "decided_at": utcnow()}]
        )
        errors = []

        def second():
            with engine.begin() as conn:
                try:
                    _insert(conn, item, 0, {**row, "decided_by": "dora"})
                except AlreadyDecided as exc:
                    errors.append(str(exc))

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting on carl's uncommitted row
        tx.commit()
        held.close()
        thread.join(10)
        assert errors and "already decided by carl" in errors[0]
        with engine.connect() as conn:
            n = conn.execute(select(Decision.decided_by).where(Decision.item == item)).all()
        assert n == [("carl",)]
    finally:
        engine.dispose()
